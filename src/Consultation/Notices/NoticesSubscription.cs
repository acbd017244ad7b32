using ConsultationPlatform.Accounts;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Infrastructure.Email;
using ConsultationPlatform.Replies;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Web;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Services;
using Marten.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace ConsultationPlatform.Notices;

/// <summary>
/// Writes notices: for each, the <see cref="Notice"/> document (the inbox, the digest), the <see cref="NoticeRaised"/>
/// event for those who hear in the app (the own-items stream pushes it), and the immediate mails, returned for the
/// caller to send once its transaction has committed.
/// </summary>
public static class NoticeWriter
{
    public static async Task<List<EmailMessage>> Raise(IDocumentOperations operations, NoticeMails mails,
        IReadOnlyList<(object Source, NoticeDraft Draft, IReadOnlyList<Guid> People)> notices, DateTimeOffset at, CancellationToken ct)
    {
        var people = notices.SelectMany(n => n.People).Distinct().ToArray();
        if (people.Length == 0) return [];
        var preferences = (await operations.LoadManyAsync<NoticePreferences>(ct, people.Select(NoticePreferences.IdFor).ToArray()))
            .ToDictionary(p => p.PersonId);
        NoticePreferences PreferencesOf(Guid person) => preferences.GetValueOrDefault(person) ?? NoticePreferences.Default(person);

        var byMail = new List<(Guid Person, Notice Notice)>();
        foreach (var (source, draft, recipients) in notices)
        foreach (var delivery in NoticeRules.Deliveries(draft.Kind, recipients, PreferencesOf))
        {
            var notice = new Notice
            {
                Id = Notice.IdFor(source, delivery.PersonId, draft.Kind),
                PersonId = delivery.PersonId,
                ConsultationId = draft.ConsultationId,
                Kind = draft.Kind,
                Text = draft.Text,
                Link = draft.Link,
                At = at,
                InApp = delivery.InApp,
                DigestPending = delivery.Email == NoticeEmail.Digest,
            };
            if (delivery.Email == NoticeEmail.Immediate)
            {
                notice.EmailedAt = at;
                byMail.Add((delivery.PersonId, notice));
            }

            operations.Store(notice);
            if (delivery.InApp)
                operations.Events.Append(Notice.StreamFor(delivery.PersonId),
                    new NoticeRaised(notice.Id, notice.PersonId, notice.ConsultationId, notice.Kind, notice.Text, notice.Link));
        }

        if (byMail.Count == 0) return [];
        var accounts = (await operations.LoadManyAsync<Account>(ct, byMail.Select(m => m.Person).Distinct().ToArray())).ToDictionary(a => a.Id);
        return byMail.Where(m => accounts.TryGetValue(m.Person, out var a) && !string.IsNullOrWhiteSpace(a.Email))
            .Select(m => mails.Immediate(accounts[m.Person], m.Notice)).ToList();
    }

    /// <summary>The members of organisations, by organisation.</summary>
    public static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<Guid>>> Members(IQuerySession session, IEnumerable<Guid> organisations, CancellationToken ct)
    {
        var ids = organisations.Distinct().ToArray();
        if (ids.Length == 0) return new Dictionary<Guid, IReadOnlyList<Guid>>();
        return (await session.LoadManyAsync<Organisation>(ct, ids)).ToDictionary(o => o.Id, o => (IReadOnlyList<Guid>)o.MemberIds.ToList());
    }

    /// <summary>The organisations accredited to a consultation.</summary>
    public static async Task<IReadOnlyList<Guid>> Accredited(IQuerySession session, Guid consultationId, CancellationToken ct) =>
        (await session.Query<Accreditation>().Where(a => a.ConsultationId == consultationId && a.Status == AccreditationStatus.Granted)
            .Select(a => a.OrganisationId).ToListAsync(ct)).ToList();
}

/// <summary>
/// Turns the events that matter into notices for the people they concern (<see cref="NoticeRules"/>), following the
/// event store in order through Marten's async daemon, as the live views do. The notices are written in the same
/// transaction as the subscription's progress; the immediate mails go to the durable mail queue once it has committed.
/// </summary>
public sealed class NoticesSubscription : SubscriptionBase
{
    private readonly IServiceProvider _services;

    public NoticesSubscription(IServiceProvider services)
    {
        _services = services;
        Name = "Notices";
        Options.BatchSize = 500;
        IncludeType<SubmissionPublished>();
        IncludeType<SubmissionRejected>();
        IncludeType<SubmissionHidden>();
        IncludeType<AmendmentAccepted>();
        IncludeType<AmendmentRejected>();
        IncludeType<AmendmentFoundInConflict>();
        IncludeType<ActionPointRevised>();
        IncludeType<ConsultationPhaseChanged>();
        IncludeType<ReplyPublished>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken ct)
    {
        var notices = new List<(object, NoticeDraft, IReadOnlyList<Guid>)>();
        foreach (var e in page.Events)
            if (await Notices(e, operations, ct) is { } notice)
                notices.Add((notice.Item1, notice.Item2, notice.Item3));
        if (notices.Count == 0) return NullChangeListener.Instance;

        var mails = await NoticeWriter.Raise(operations, _services.GetRequiredService<NoticeMails>(), notices,
            page.Events[^1].Timestamp, ct);
        return mails.Count == 0 ? NullChangeListener.Instance : new MailAfterCommit(_services, mails);
    }

    private static async Task<(long, NoticeDraft, IReadOnlyList<Guid>)?> Notices(IEvent e, IDocumentOperations session, CancellationToken ct)
    {
        switch (e.Data)
        {
            case SubmissionPublished { OnReceipt: false } p:
                return await OnInput(e, session, p.SubmissionId, p.PublishedBy, "was published", ct);
            case SubmissionRejected r:
                return await OnInput(e, session, r.SubmissionId, r.RejectedBy, $"was not published: {r.Reason}", ct);
            case SubmissionHidden h:
                return await OnInput(e, session, h.SubmissionId, h.HiddenBy, $"was hidden: {h.Reason}", ct);
            case AmendmentAccepted a:
                return await OnAmendment(e, session, a.AmendmentId, a.DecidedBy, $"was accepted: the point's text is now version {a.ResultingVersion}", ct);
            case AmendmentRejected r:
                return await OnAmendment(e, session, r.AmendmentId, r.DecidedBy, $"was rejected: {r.Reason}", ct);
            case AmendmentFoundInConflict c:
                return await OnAmendment(e, session, c.AmendmentId, c.FoundBy,
                    $"conflicts with version {c.CurrentVersion} of the point: rebase it to have it accepted", ct);
            case ActionPointRevised revised:
            {
                var endorsements = await session.Query<Endorsement>().Where(x => x.ActionPointId == revised.ActionPointId && x.Active).ToListAsync(ct);
                if (endorsements.Count == 0) return null;
                var members = await NoticeWriter.Members(session, endorsements.Select(x => x.StakeholderId), ct);
                var people = NoticeRules.ForNewVersion(revised.Version, endorsements.Select(x => (x.StakeholderId, x.ForVersion, x.Active)), members);
                var point = await session.LoadAsync<ActionPoint>(revised.ActionPointId, ct);
                return (e.Sequence, new NoticeDraft(NoticeKind.NewVersion, revised.ConsultationId,
                    NoticeRules.NewVersion(point?.Number ?? 0, revised.Version), PageLinks.ActionPoint(revised.ActionPointId)), people);
            }
            case ConsultationPhaseChanged changed:
            {
                var organisations = await NoticeWriter.Accredited(session, changed.ConsultationId, ct);
                var people = NoticeRules.ForConsultation(organisations, await NoticeWriter.Members(session, organisations, ct), changed.ChangedBy);
                var consultation = await session.LoadAsync<Consultation>(changed.ConsultationId, ct);
                return (e.Sequence, new NoticeDraft(NoticeKind.PhaseChange, changed.ConsultationId,
                    NoticeRules.PhaseChanged(consultation?.Title ?? "A consultation", changed.To), PageLinks.Board(changed.ConsultationId)), people);
            }
            case ReplyPublished published:
            {
                if (await session.LoadAsync<Reply>(published.ReplyId, ct) is not { } reply) return null;
                Guid? parentOwner = reply.ParentKind == ReplyParent.Input
                    ? (await session.LoadAsync<Submission>(reply.ParentId, ct))?.Author.PersonId
                    : (await session.LoadAsync<Amendment>(reply.ParentId, ct))?.ProposedBy.PersonId;
                Guid? answeredOwner = reply.InReplyTo is { } answered ? (await session.LoadAsync<Reply>(answered, ct))?.Author.PersonId : null;
                var people = NoticeRules.ForReply(reply.Author.PersonId, parentOwner, answeredOwner);
                var under = reply.ParentKind == ReplyParent.Input ? "your input" : "your amendment";
                return (e.Sequence, new NoticeDraft(NoticeKind.Reply, reply.ConsultationId,
                    $"A delegate of {reply.Author.OrganisationName} replied in a thread you took part in, under {(parentOwner is not null ? under : "a contribution")}.",
                    reply.ActionPointId is { } pointId ? PageLinks.ActionPoint(pointId) : PageLinks.WholeDialogueInputs(reply.ConsultationId)), people);
            }
            default:
                return null;
        }
    }

    private static async Task<(long, NoticeDraft, IReadOnlyList<Guid>)?> OnInput(IEvent e, IQuerySession session, Guid submissionId, Guid decidedBy,
        string what, CancellationToken ct)
    {
        if (await session.LoadAsync<Submission>(submissionId, ct) is not { } input) return null;
        var title = string.IsNullOrWhiteSpace(input.Title) ? "Your input" : $"Your input \"{input.Title}\"";
        var link = input.ActionPointId is { } point ? PageLinks.ActionPoint(point) : PageLinks.MyItems;
        return (e.Sequence, new NoticeDraft(NoticeKind.Decision, input.ConsultationId, $"{title} {what}.", link),
            NoticeRules.ForDecision(input.Author.PersonId, decidedBy));
    }

    private static async Task<(long, NoticeDraft, IReadOnlyList<Guid>)?> OnAmendment(IEvent e, IQuerySession session, Guid amendmentId, Guid decidedBy,
        string what, CancellationToken ct)
    {
        if (await session.LoadAsync<Amendment>(amendmentId, ct) is not { } amendment) return null;
        return (e.Sequence, new NoticeDraft(NoticeKind.Decision, amendment.ConsultationId,
                $"Your amendment to action point {amendment.ActionPointNumber} {what}.", PageLinks.ActionPoint(amendment.ActionPointId)),
            NoticeRules.ForDecision(amendment.ProposedBy.PersonId, decidedBy));
    }

    private sealed class MailAfterCommit(IServiceProvider services, List<EmailMessage> mails) : IChangeListener
    {
        public Task BeforeCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) => Task.CompletedTask;

        public async Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            await using var scope = services.CreateAsyncScope();
            var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
            foreach (var mail in mails) await bus.PublishAsync(new SendEmail(mail));
        }
    }
}
