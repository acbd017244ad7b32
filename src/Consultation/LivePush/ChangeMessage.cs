using System.Text.Json;
using ConsultationPlatform.Consultations.History;

namespace ConsultationPlatform.LivePush;

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
    public static ChangeMessage From(ConsultationChange c) =>
        new(c.Id, c.ConsultationId, c.ActionPointId, c.Type, c.At, c.ActorOrganisationName, c.Data);

    /// <summary>For a public stream: without the event where the board entries say it all.</summary>
    public static ChangeMessage ForPublic(ConsultationChange c) =>
        EventCatalogue.Has(c.Type, EventTraits.ShownByTheBoard) ? From(c) with { Data = null } : From(c);
}
