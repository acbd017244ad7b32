using System.Text.Json;
using JasperFx.Events;

namespace ConsultationPlatform.Consultations.History;

/// <summary>Who may see a change: everyone, the consultation's moderators, or one person (their own items).</summary>
public enum ChangeAudience
{
    Public,
    Moderators,
    Person,
}

/// <summary>
/// One entry of a consultation's ordered history: an event, where it stands in the store's global order
/// (<see cref="Id"/>), who caused it, and who may see it. Written by the live push (LivePush/LiveViewsSubscription.cs) in the
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
}

/// <summary>Sorts events into a consultation's history (a pure function of the event, by the rules of <see cref="EventCatalogue"/>).</summary>
public static class ChangeClassifier
{
    public const string PersonIdHeader = "person_id";
    public const string PersonNameHeader = "person_name";
    public const string OrganisationIdHeader = "org_id";
    public const string OrganisationNameHeader = "org_name";

    public static ConsultationChange? Classify(IEvent e, JsonSerializerOptions json)
    {
        if (e.Data is not IConsultationEvent about) return null;
        var rule = EventCatalogue.Of(e.Data);
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
            AudiencePersonId = rule?.PrivateTo(e.Data),
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
