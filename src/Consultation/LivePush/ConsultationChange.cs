using System.Text.Json;
using ConsultationPlatform.Common;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using JasperFx.Events;

namespace ConsultationPlatform.LivePush;

/// <summary>Who may see a change: everyone, the consultation's moderators, or one person (their own items).</summary>
public enum ChangeAudience
{
    Public,
    Moderators,
    Person,
}

/// <summary>
/// One entry of a consultation's ordered history: an event, where it stands in the store's global order
/// (<see cref="Position"/>), who caused it, and who may see it. Written by <see cref="LiveViewsSubscription"/> in the
/// same transaction as the daemon's progress, so the history has exactly the events that were pushed.
/// It is what a reconnecting client catches up from, and what the audit view reads.
/// </summary>
public sealed class ConsultationChange
{
    /// <summary>The event's global sequence number: the position of the change.</summary>
    public long Id { get; set; }

    public Guid ConsultationId { get; set; }
    public Guid? ActionPointId { get; set; }

    /// <summary>For an event of a live session: the session (its live stream, <c>JoinSession</c>).</summary>
    public Guid? SessionId { get; set; }

    public Guid StreamId { get; set; }
    public string Type { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public ChangeAudience Audience { get; set; }

    /// <summary>For <see cref="ChangeAudience.Person"/>: whose item changed.</summary>
    public Guid? AudiencePersonId { get; set; }

    /// <summary>
    /// For a public change that decides on a person's own item (their input published or hidden, their amendment
    /// accepted, rejected or found in conflict): that person, whose own-items stream carries the change too.
    /// </summary>
    public Guid? ConcernsPersonId { get; set; }

    public Guid? ActorPersonId { get; set; }
    public string? ActorPersonName { get; set; }
    public Guid? ActorOrganisationId { get; set; }
    public string? ActorOrganisationName { get; set; }

    /// <summary>The event itself, as JSON.</summary>
    public JsonElement Data { get; set; }

    public long Position => Id;
}

/// <summary>
/// What a client receives: a change, without the bookkeeping of the history. <see cref="Data"/> (the event) is left
/// out of the public stream for the changes whose effect travels in the same batch as an updated view (endorsements
/// and texts: the board entries); every other change carries it.
/// </summary>
public sealed record ChangeMessage(
    long Position,
    Guid ConsultationId,
    Guid? ActionPointId,
    string Type,
    DateTimeOffset At,
    string? ActorOrganisation,
    JsonElement? Data)
{
    private static readonly HashSet<string> ShownByTheBoard =
        ["endorsement_given", "endorsement_withdrawn", "action_point_tabled", "action_point_revised"];

    public static ChangeMessage From(ConsultationChange c) =>
        new(c.Id, c.ConsultationId, c.ActionPointId, c.Type, c.At, c.ActorOrganisationName, c.Data);

    /// <summary>For a public stream: without the event where the board entries say it all.</summary>
    public static ChangeMessage ForPublic(ConsultationChange c) =>
        ShownByTheBoard.Contains(c.Type) ? From(c) with { Data = null } : From(c);
}

/// <summary>Sorts events into a consultation's history (a pure function of the event).</summary>
public static class ChangeClassifier
{
    public const string PersonIdHeader = "person_id";
    public const string PersonNameHeader = "person_name";
    public const string OrganisationIdHeader = "org_id";
    public const string OrganisationNameHeader = "org_name";

    private sealed record Rule(ChangeAudience Audience, Func<object, Guid?> Concerns, Func<object, object>? PublicData);

    /// <summary>
    /// What is not plainly public. Everything else in a consultation's history is public: the negotiation happens in
    /// the open. Private items reach the moderators, and the person they concern (their own items); some public
    /// events are shown without their private parts.
    /// </summary>
    private static readonly Dictionary<Type, Rule> Rules = new()
    {
        // An input waits for moderation, or was refused: its author and the moderators see it, nobody else.
        [typeof(SubmissionReceived)] = Private<SubmissionReceived>(e => e.PersonId),
        [typeof(SubmissionRejected)] = Private<SubmissionRejected>(e => e.AuthorId),
        // Flags, and who made them, are for the moderators only.
        [typeof(SubmissionFlagged)] = Private<SubmissionFlagged>(_ => null),
        // The public learns that an input was published or hidden; the content comes with the view, the reason
        // for hiding stays with the author and the moderators.
        [typeof(SubmissionPublished)] = PublicAs<SubmissionPublished>(e => new { e.SubmissionId, e.ConsultationId }),
        [typeof(SubmissionHidden)] = PublicAs<SubmissionHidden>(e => new { e.SubmissionId, e.ConsultationId }),
        // A pending or refused accreditation is the organisation's and the moderators' business; a granted one is public.
        [typeof(AccreditationRequested)] = Private<AccreditationRequested>(e => e.RequestedBy),
        [typeof(AccreditationRefused)] = Private<AccreditationRefused>(_ => null),
        [typeof(AccreditationWithdrawn)] = PublicAs<AccreditationWithdrawn>(e => new { e.AccreditationId, e.ConsultationId, e.OrganisationId }),
        // Live sessions: the chair's draft of a summary is the secretariat's until published.
        [typeof(LiveSessions.SessionSummaryDrafted)] = Private<LiveSessions.SessionSummaryDrafted>(_ => null),
        // Replies are moderated as inputs are: a reply waiting or refused is its author's and the moderators'; the public
        // learns that one was published or hidden (the reason for hiding stays private). Positions are public, as endorsements.
        [typeof(Replies.ReplyPosted)] = Private<Replies.ReplyPosted>(e => e.PersonId),
        [typeof(Replies.ReplyRejected)] = Private<Replies.ReplyRejected>(e => e.AuthorId),
        [typeof(Replies.ReplyPublished)] = PublicAs<Replies.ReplyPublished>(e => new { e.ReplyId, e.ConsultationId, e.ParentId, e.ActionPointId }),
        [typeof(Replies.ReplyHidden)] = PublicAs<Replies.ReplyHidden>(e => new { e.ReplyId, e.ConsultationId, e.ParentId, e.ActionPointId }),
    };

    // A statement that awaits the chair's approval: the chair and its author see it; the public sees it once approved (StatementApproved).
    private static readonly Rule AwaitingApproval = Private<LiveSessions.StatementDelivered>(e => e.DeliveredBy);

    private static Rule Private<T>(Func<T, Guid?> concerns) => new(ChangeAudience.Moderators, e => concerns((T)e), null);

    private static Rule PublicAs<T>(Func<T, object> data) => new(ChangeAudience.Public, _ => null, e => data((T)e));

    /// <summary>Whether events of this type ever reach the public stream.</summary>
    public static bool IsPublic(Type eventType) => !Rules.TryGetValue(eventType, out var rule) || rule.Audience == ChangeAudience.Public;

    public static ConsultationChange? Classify(IEvent e, JsonSerializerOptions json)
    {
        if (e.Data is not IConsultationEvent about) return null;
        var rule = e.Data is LiveSessions.StatementDelivered { AwaitsApproval: true } ? AwaitingApproval : Rules.GetValueOrDefault(e.EventType);
        var audience = rule?.Audience ?? ChangeAudience.Public;
        return new ConsultationChange
        {
            Id = e.Sequence,
            ConsultationId = about.ConsultationId,
            ActionPointId = (e.Data as IActionPointEvent)?.ActionPointId,
            SessionId = (e.Data as LiveSessions.ISessionEvent)?.SessionId,
            StreamId = e.StreamId,
            Type = e.EventTypeName,
            At = e.Timestamp,
            Audience = audience,
            AudiencePersonId = rule?.Concerns(e.Data),
            ActorPersonId = Header(e, PersonIdHeader) is { } p && Guid.TryParse(p, out var pid) ? pid : null,
            ActorPersonName = Header(e, PersonNameHeader),
            ActorOrganisationId = Header(e, OrganisationIdHeader) is { } o && Guid.TryParse(o, out var oid) ? oid : null,
            ActorOrganisationName = Header(e, OrganisationNameHeader),
            Data = rule?.PublicData is { } redact
                ? JsonSerializer.SerializeToElement(redact(e.Data), json)
                : JsonSerializer.SerializeToElement(e.Data, e.EventType, json),
        };
    }

    private static string? Header(IEvent e, string key) =>
        e.Headers is not null && e.Headers.TryGetValue(key, out var value) ? value?.ToString() : null;
}
