using System.Text.Json;
using ConsultationPlatform.Common;
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
    public Guid StreamId { get; set; }
    public string Type { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public ChangeAudience Audience { get; set; }

    /// <summary>For <see cref="ChangeAudience.Person"/>: whose item changed.</summary>
    public Guid? AudiencePersonId { get; set; }

    public Guid? ActorPersonId { get; set; }
    public string? ActorPersonName { get; set; }
    public Guid? ActorOrganisationId { get; set; }
    public string? ActorOrganisationName { get; set; }

    /// <summary>The event itself, as JSON.</summary>
    public JsonElement Data { get; set; }

    public long Position => Id;
}

/// <summary>What a client receives: a change, without the bookkeeping of the history.</summary>
public sealed record ChangeMessage(
    long Position,
    Guid ConsultationId,
    Guid? ActionPointId,
    string Type,
    DateTimeOffset At,
    string? ActorOrganisation,
    JsonElement Data)
{
    public static ChangeMessage From(ConsultationChange c) =>
        new(c.Id, c.ConsultationId, c.ActionPointId, c.Type, c.At, c.ActorOrganisationName, c.Data);
}

/// <summary>Sorts events into a consultation's history (a pure function of the event).</summary>
public static class ChangeClassifier
{
    public const string PersonIdHeader = "person_id";
    public const string PersonNameHeader = "person_name";
    public const string OrganisationIdHeader = "org_id";
    public const string OrganisationNameHeader = "org_name";

    /// <summary>Event types whose content is private to the moderators (and to the person concerned, if any).</summary>
    private static readonly Dictionary<Type, Func<object, (ChangeAudience Audience, Guid? Person)>> Private = new();

    /// <summary>Marks an event type as private: seen by moderators, and by the person <paramref name="concerns"/> names.</summary>
    public static void RegisterPrivate<T>(Func<T, Guid?> concerns) =>
        Private[typeof(T)] = e => (ChangeAudience.Moderators, concerns((T)e));

    public static ConsultationChange? Classify(IEvent e, JsonSerializerOptions json)
    {
        if (e.Data is not IConsultationEvent about) return null;
        var (audience, person) = Private.TryGetValue(e.EventType, out var rule) ? rule(e.Data) : (ChangeAudience.Public, null);
        return new ConsultationChange
        {
            Id = e.Sequence,
            ConsultationId = about.ConsultationId,
            ActionPointId = (e.Data as IActionPointEvent)?.ActionPointId,
            StreamId = e.StreamId,
            Type = e.EventTypeName,
            At = e.Timestamp,
            Audience = audience,
            AudiencePersonId = person,
            ActorPersonId = Header(e, PersonIdHeader) is { } p && Guid.TryParse(p, out var pid) ? pid : null,
            ActorPersonName = Header(e, PersonNameHeader),
            ActorOrganisationId = Header(e, OrganisationIdHeader) is { } o && Guid.TryParse(o, out var oid) ? oid : null,
            ActorOrganisationName = Header(e, OrganisationNameHeader),
            Data = JsonSerializer.SerializeToElement(e.Data, e.EventType, json),
        };
    }

    private static string? Header(IEvent e, string key) =>
        e.Headers is not null && e.Headers.TryGetValue(key, out var value) ? value?.ToString() : null;
}
