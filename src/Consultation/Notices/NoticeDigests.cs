using ConsultationPlatform.Accounts;
using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Infrastructure.Email;
using ConsultationPlatform.Web;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wolverine;

namespace ConsultationPlatform.Notices;

/// <summary>Send the day's digests: one mail per person who asked for a digest and has notices waiting, at most one a day.</summary>
public sealed record SendNoticeDigests;

/// <summary>Warn of the phase ends that are near (once per schedule).</summary>
public sealed record WatchDeadlines;

/// <summary>A person's digest of one day went out (its id follows from the person and the day: a second one that day is refused).</summary>
public sealed class NoticeDigestSent
{
    public Guid Id { get; set; }
    public Guid PersonId { get; set; }
    public DateOnly Day { get; set; }
    public int Notices { get; set; }
    public DateTimeOffset SentAt { get; set; }

    private static readonly Guid Namespace = Guid.Parse("0f5a9e2d-6c41-4f8b-a3d7-29b8e4c1f650");

    public static Guid IdFor(Guid personId, DateOnly day) => DeterministicGuid.Create(Namespace, "digest", personId, day.ToString("yyyy-MM-dd"));
}

/// <summary>The approach of a scheduled phase end was told (its id is the schedule's: told once).</summary>
public sealed class DeadlineWarned
{
    public Guid Id { get; set; }
    public Guid ConsultationId { get; set; }
    public DateTimeOffset EndsAt { get; set; }
}

/// <summary>What a digest run does for one person, a pure function: send now, keep for later, or drop (they no longer want mail).</summary>
public enum DigestStep
{
    Send,
    Wait,
    Drop,
}

public static class NoticeDigests
{
    /// <summary>
    /// For a person with notices waiting: drop them when the person turned mail off; wait when their digest of the
    /// day went out already; otherwise send (whatever the mode now: the notices waited for a digest).
    /// </summary>
    public static DigestStep Step(NoticePreferences preferences, bool sentToday) =>
        preferences.Email == NoticeEmail.Off ? DigestStep.Drop : sentToday ? DigestStep.Wait : DigestStep.Send;

    /// <summary>Whether the day's digests are due: from the hour of the digest (UTC) on.</summary>
    public static bool Due(DateTimeOffset now, int hourUtc) => now.UtcDateTime.Hour >= hourUtc;

    public static DateOnly DayOf(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime);
}

/// <summary>
/// The digest run, durable through Wolverine's outbox: the mails leave with the transaction that marks the notices
/// sent and records the day's digest per person (a unique id per person and day: two nodes cannot both send it).
/// The time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public static class SendNoticeDigestsHandler
{
    public static async Task<OutgoingMessages> Handle(SendNoticeDigests _, IDocumentSession session, NoticeMails mails, TimeProvider time,
        CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var day = NoticeDigests.DayOf(now);
        var messages = new OutgoingMessages();
        var pending = await session.Query<Notice>().Where(n => n.DigestPending).ToListAsync(ct);
        if (pending.Count == 0) return messages;

        var people = pending.Select(n => n.PersonId).Distinct().ToArray();
        var preferences = (await session.LoadManyAsync<NoticePreferences>(ct, people.Select(NoticePreferences.IdFor).ToArray())).ToDictionary(p => p.PersonId);
        var sent = (await session.LoadManyAsync<NoticeDigestSent>(ct, people.Select(p => NoticeDigestSent.IdFor(p, day)).ToArray()))
            .Select(d => d.PersonId).ToHashSet();
        var accounts = (await session.LoadManyAsync<Account>(ct, people)).ToDictionary(a => a.Id);

        foreach (var group in pending.GroupBy(n => n.PersonId))
        {
            var person = group.Key;
            var step = NoticeDigests.Step(preferences.GetValueOrDefault(person) ?? NoticePreferences.Default(person), sent.Contains(person));
            if (step == DigestStep.Wait) continue;
            var notices = group.ToList();
            foreach (var notice in notices)
            {
                notice.DigestPending = false;
                if (step == DigestStep.Send) notice.EmailedAt = now;
                session.Store(notice);
            }

            if (step == DigestStep.Drop || !accounts.TryGetValue(person, out var account) || string.IsNullOrWhiteSpace(account.Email)) continue;
            session.Insert(new NoticeDigestSent { Id = NoticeDigestSent.IdFor(person, day), PersonId = person, Day = day, Notices = notices.Count, SentAt = now });
            messages.Add(new SendEmail(mails.Digest(account, notices, day)));
        }

        return messages;
    }
}

/// <summary>
/// Warns the members of the accredited organisations that a phase ends soon (<see cref="NoticeRules.DeadlineWarning"/>
/// before its scheduled end; at once when it was scheduled closer than that), once per schedule.
/// </summary>
public static class WatchDeadlinesHandler
{
    public static async Task<OutgoingMessages> Handle(WatchDeadlines _, IDocumentSession session, NoticeMails mails, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var messages = new OutgoingMessages();
        var scheduled = await session.Query<Consultation>().Where(c => c.PhaseEnd != null).ToListAsync(ct);
        foreach (var consultation in scheduled)
        {
            if (!NoticeRules.DeadlineNear(consultation.PhaseEnd, consultation.Phase, now, NoticeRules.DeadlineWarning)) continue;
            var end = consultation.PhaseEnd!;
            if (await session.LoadAsync<DeadlineWarned>(end.ScheduleId, ct) is not null) continue;
            session.Insert(new DeadlineWarned { Id = end.ScheduleId, ConsultationId = consultation.Id, EndsAt = end.EndsAt });

            var organisations = await NoticeWriter.Accredited(session, consultation.Id, ct);
            var people = NoticeRules.ForConsultation(organisations, await NoticeWriter.Members(session, organisations, ct));
            var draft = new NoticeDraft(NoticeKind.Deadline, consultation.Id, NoticeRules.DeadlineApproaching(consultation.Title, end.Phase, end.EndsAt),
                PageLinks.Board(consultation.Id));
            foreach (var mail in await NoticeWriter.Raise(session, mails, [(end.ScheduleId, draft, people)], now, ct))
                messages.Add(new SendEmail(mail));
        }

        return messages;
    }
}

/// <summary>
/// The notices' clock: every <c>Notices:WatchEvery</c> (default one minute; zero: off, as in the tests, which send the
/// messages themselves) it warns of near deadlines and, from <c>Notices:DigestHourUtc</c> (default 7) on, sends the
/// day's digests. Each node runs it; the unique ids of <see cref="NoticeDigestSent"/> and <see cref="DeadlineWarned"/>
/// keep each mail single.
/// </summary>
public sealed class NoticeClock(IServiceProvider services, IConfiguration config, TimeProvider time, ILogger<NoticeClock> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = config.GetValue("Notices:WatchEvery", TimeSpan.FromMinutes(1));
        var hour = config.GetValue("Notices:DigestHourUtc", 7);
        if (every <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(every, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
                await bus.InvokeAsync(new WatchDeadlines(), stoppingToken);
                if (NoticeDigests.Due(time.GetUtcNow(), hour)) await bus.InvokeAsync(new SendNoticeDigests(), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The notices' clock failed this time; it tries again at the next tick");
            }
        }
    }
}

public static class NoticesWiring
{
    public static StoreOptions ConfigureNotices(this StoreOptions opts)
    {
        opts.Projections.Snapshot<NoticePreferences>(JasperFx.Events.Projections.SnapshotLifecycle.Inline);
        opts.Schema.For<Notice>().Index(n => n.PersonId).Index(n => n.DigestPending);
        opts.Schema.For<NoticeDigestSent>();
        opts.Schema.For<DeadlineWarned>();
        return opts;
    }

    public static IServiceCollection AddNotices(this IServiceCollection services)
    {
        services.AddSingleton<NoticeMails>();
        services.AddHostedService<NoticeClock>();
        return services;
    }
}
