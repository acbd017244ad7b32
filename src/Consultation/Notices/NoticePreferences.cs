using System.Security.Claims;
using ConsultationPlatform.Common;
using ConsultationPlatform.Stakeholders;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ConsultationPlatform.Notices;

/// <summary>What a person can hear about.</summary>
public enum NoticeKind
{
    /// <summary>A decision on one's input or amendment (published, rejected, hidden; accepted, rejected, in conflict).</summary>
    Decision,

    /// <summary>A new version of a point one's organisation endorsed: confirm for version N.</summary>
    NewVersion,

    /// <summary>A consultation one's organisation is accredited to moved to another phase.</summary>
    PhaseChange,

    /// <summary>The end of a phase is near.</summary>
    Deadline,

    /// <summary>A reply under one's input or amendment, or to one's reply.</summary>
    Reply,
}

/// <summary>How notices come by email: not at all, each at once, or gathered in one mail a day.</summary>
public enum NoticeEmail
{
    Off,
    Immediate,
    Digest,
}

// ---- Events of a person's notice-preferences stream ----

/// <summary>The person chose what they hear about (<see cref="Kinds"/>), and how: in the app, by email.</summary>
public sealed record NoticePreferencesSet(Guid PersonId, NoticeKind[] Kinds, bool InApp, NoticeEmail Email);

/// <summary>The person stopped the notice mails with the one-click link of a mail (RFC 8058), without signing in.</summary>
public sealed record NoticeEmailsUnsubscribed(Guid PersonId);

/// <summary>One person's choices. Until they choose: every kind, in the app, no mail.</summary>
public sealed class NoticePreferences
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid PersonId { get; set; }
    public List<NoticeKind> Kinds { get; set; } = [.. Enum.GetValues<NoticeKind>()];
    public bool InApp { get; set; } = true;
    public NoticeEmail Email { get; set; } = NoticeEmail.Off;

    /// <summary>The stream of a person's preferences (one per person, found by the person's id).</summary>
    public static Guid IdFor(Guid personId) => DeterministicGuid.Create(Namespace, "notice-preferences", personId);

    private static readonly Guid Namespace = Guid.Parse("4c0b6f0e-8f7c-4b53-9a43-5a2f0b3e1d17");

    public static NoticePreferences Default(Guid personId) => new() { Id = IdFor(personId), PersonId = personId };

    public static NoticePreferences Create(NoticePreferencesSet e) => new()
    {
        Id = IdFor(e.PersonId), PersonId = e.PersonId, Kinds = [.. e.Kinds], InApp = e.InApp, Email = e.Email,
    };

    public static NoticePreferences Create(NoticeEmailsUnsubscribed e) => new() { Id = IdFor(e.PersonId), PersonId = e.PersonId, Email = NoticeEmail.Off };

    public void Apply(NoticePreferencesSet e)
    {
        Kinds = [.. e.Kinds];
        InApp = e.InApp;
        Email = e.Email;
    }

    public void Apply(NoticeEmailsUnsubscribed _) => Email = NoticeEmail.Off;

    public NoticePreferencesView View() => new(Kinds.Select(Names.Of).ToArray(), InApp, Names.Of(Email));
}

/// <summary>
/// One's notice preferences, as the API reads and writes them: <c>kinds</c> among <c>decision</c>, <c>newVersion</c>,
/// <c>phaseChange</c>, <c>deadline</c>, <c>reply</c>; <c>inApp</c>; <c>email</c>: <c>off</c>, <c>immediate</c> or <c>digest</c>.
/// </summary>
public sealed record NoticePreferencesView(string[] Kinds, bool InApp, string Email);

/// <summary>The body of <c>PUT /api/account/notices</c>: every field is required.</summary>
public sealed record SetNoticePreferencesForm(string[]? Kinds, bool? InApp, string? Email);

/// <summary>The names of kinds and email modes on the wire (camel case).</summary>
public static class Names
{
    public static string Of(NoticeKind kind) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());
    public static string Of(NoticeEmail email) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(email.ToString());

    public static NoticeKind? Kind(string? name) =>
        Enum.GetValues<NoticeKind>().Cast<NoticeKind?>().FirstOrDefault(k => string.Equals(Of(k!.Value), name, StringComparison.OrdinalIgnoreCase));

    public static NoticeEmail? Email(string? name) =>
        Enum.GetValues<NoticeEmail>().Cast<NoticeEmail?>().FirstOrDefault(m => string.Equals(Of(m!.Value), name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>The decision on a change of preferences, a pure function.</summary>
public static class NoticePreferenceDecisions
{
    public const int MaxKinds = 16;

    /// <summary>The event of the change, or what is wrong with the form (400, on the fields at fault).</summary>
    public static (NoticePreferencesSet? Set, Refused? Refusal) Decide(Actor actor, SetNoticePreferencesForm? form)
    {
        var errors = new List<(string, string)>();
        var kinds = new List<NoticeKind>();
        if (form?.Kinds is null) errors.Add(("kinds", "Give the kinds of notice you want, as a list (it may be empty): decision, newVersion, phaseChange, deadline, reply."));
        else if (form.Kinds.Length > MaxKinds) errors.Add(("kinds", $"Give at most {MaxKinds} kinds."));
        else
            foreach (var name in form.Kinds)
            {
                if (Names.Kind(name) is { } kind) { if (!kinds.Contains(kind)) kinds.Add(kind); }
                else { errors.Add(("kinds", $"'{Truncate(name)}' is no kind of notice: decision, newVersion, phaseChange, deadline or reply.")); break; }
            }

        if (form?.InApp is null) errors.Add(("inApp", "Say whether you want notices in the app (true or false)."));
        var email = Names.Email(form?.Email);
        if (email is null) errors.Add(("email", "Say how notices come by email: off, immediate or digest (one mail a day)."));
        if (errors.Count > 0) return (null, new Refused.Invalid(errors.ToArray()));
        return (new NoticePreferencesSet(actor.PersonId, kinds.Order().ToArray(), form!.InApp!.Value, email!.Value), null);
    }

    private static string Truncate(string? s) => s is null ? "" : s.Length > 40 ? s[..40] + "…" : s;
}

/// <summary>The act: set one's notice preferences (API and the page <c>/account/notices</c>).</summary>
public sealed record SetNoticePreferences(SetNoticePreferencesForm Form, Actor Actor) : IAct<NoticePreferencesView>
{
    public Guid NoticePreferencesId => NoticePreferences.IdFor(Actor.PersonId);
}

public static class SetNoticePreferencesHandler
{
    public static (Outcome<NoticePreferencesView>, Events) Handle(SetNoticePreferences act,
        [WriteAggregate(Required = false)] NoticePreferences? preferences)
    {
        var (set, refusal) = NoticePreferenceDecisions.Decide(act.Actor, act.Form);
        if (refusal is not null) return (refusal, []);
        var after = preferences ?? NoticePreferences.Default(act.Actor.PersonId);
        after.Apply(set!);
        return (after.View(), new Events([set!]));
    }
}

/// <summary>Stops the notice mails of a person: the one-click unsubscribe of a mail (no session: the link is signed).</summary>
public sealed record UnsubscribeFromNoticeEmails(Guid PersonId)
{
    public Guid NoticePreferencesId => NoticePreferences.IdFor(PersonId);
}

public static class UnsubscribeFromNoticeEmailsHandler
{
    public static Events Handle(UnsubscribeFromNoticeEmails command, [WriteAggregate(Required = false)] NoticePreferences? preferences) =>
        preferences is { Email: NoticeEmail.Off } ? new Events() : new Events([new NoticeEmailsUnsubscribed(command.PersonId)]);
}

public static class NoticePreferencesReads
{
    public static async Task<NoticePreferences> For(IQuerySession session, Guid personId, CancellationToken ct) =>
        await session.LoadAsync<NoticePreferences>(NoticePreferences.IdFor(personId), ct) ?? NoticePreferences.Default(personId);
}

public static class NoticePreferencesEndpoints
{
    /// <summary>One's notice preferences: what one hears about, in the app and by email.</summary>
    [WolverineGet("/api/account/notices", OperationId = "GetNoticePreferences")]
    [Authorize]
    [Tags("Notices")]
    [ProducesResponseType<NoticePreferencesView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Results.Ok((await NoticePreferencesReads.For(session, Actor.Require(user).PersonId, ct)).View());

    /// <summary>Sets one's notice preferences (all fields; 400 names the fields at fault and changes nothing).</summary>
    [WolverinePut("/api/account/notices", OperationId = "SetNoticePreferences")]
    [Authorize]
    [Tags("Notices")]
    [ProducesResponseType<NoticePreferencesView>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Put(SetNoticePreferencesForm command, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new SetNoticePreferences(command, Actor.Require(user)), ct)).ToHttp();
}

/// <summary>One notice in one's inbox.</summary>
public sealed record NoticeView(Guid Id, Guid ConsultationId, string Kind, string Text, string? Link, DateTimeOffset At, bool Read);

/// <summary>One's latest notices (newest first, at most <see cref="NoticeInbox.Size"/>) and how many are unread.</summary>
public sealed record NoticeInboxView(int Unread, IReadOnlyList<NoticeView> Notices);

public static class NoticeInbox
{
    public const int Size = 100;

    public static async Task<NoticeInboxView> For(IQuerySession session, Guid personId, CancellationToken ct)
    {
        var notices = await session.Query<Notice>().Where(n => n.PersonId == personId && n.InApp).OrderByDescending(n => n.At).Take(Size).ToListAsync(ct);
        var unread = await session.Query<Notice>().CountAsync(n => n.PersonId == personId && n.InApp && n.ReadAt == null, ct);
        return new NoticeInboxView(unread, notices.Select(n => new NoticeView(n.Id, n.ConsultationId, Names.Of(n.Kind), n.Text, n.Link, n.At, n.ReadAt is not null)).ToList());
    }
}

/// <summary>The act: mark all one's notices read.</summary>
public sealed record MarkNoticesRead(Actor Actor) : IAct<Recorded>;

public static class MarkNoticesReadHandler
{
    public static async Task<Outcome<Recorded>> Handle(MarkNoticesRead act, IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var unread = await session.Query<Notice>().Where(n => n.PersonId == act.Actor.PersonId && n.ReadAt == null).ToListAsync(ct);
        foreach (var notice in unread)
        {
            notice.ReadAt = now;
            session.Store(notice);
        }

        return Recorded.Act;
    }
}

public static class NoticeInboxEndpoints
{
    /// <summary>One's latest notices in the app, newest first, with the number unread.</summary>
    [WolverineGet("/api/account/notices/inbox", OperationId = "GetNoticeInbox")]
    [Authorize]
    [Tags("Notices")]
    [ProducesResponseType<NoticeInboxView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        Results.Ok(await NoticeInbox.For(session, Actor.Require(user).PersonId, ct));

    /// <summary>Marks all one's notices read.</summary>
    [WolverinePost("/api/account/notices/read", OperationId = "MarkNoticesRead")]
    [Authorize]
    [Tags("Notices")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public static async Task<IResult> Post(ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new MarkNoticesRead(Actor.Require(user)), ct)).ToHttp();
}
