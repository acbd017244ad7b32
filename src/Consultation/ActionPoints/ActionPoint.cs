using ConsultationPlatform.Common;
using ConsultationPlatform.Amendments;

namespace ConsultationPlatform.ActionPoints;

// ---- Events of an action point stream. Only changes to the text go on it, so its stream version is its text version. ----

public sealed record ActionPointTabled(Guid ActionPointId, Guid ConsultationId, int Number, string Text) : IActionPointEvent;

/// <summary>
/// The text of an action point was replaced by a new version (by an accepted amendment, or by the secretariat).
/// For an amendment, the version records who proposed it and who co-sponsored it.
/// </summary>
public sealed record ActionPointRevised(
    Guid ActionPointId,
    Guid ConsultationId,
    int Version,
    string Text,
    Guid? AmendmentId,
    Sponsor? ProposedBy,
    Sponsor[]? CoSponsoredBy) : IActionPointEvent;

/// <summary>One version of an action point's text, with the amendment that made it (none for version 1); every version is kept.</summary>
public sealed record ActionPointVersion(
    int Number,
    string Text,
    DateTimeOffset? At,
    Guid? AmendmentId = null,
    Sponsor? ProposedBy = null,
    Sponsor[]? CoSponsoredBy = null);

/// <summary>An action point of a consultation, with every version of its text.</summary>
public sealed class ActionPoint
{
    public Guid Id { get; set; }

    /// <summary>The stream version; equals the current text version (each event on the stream is a new text).</summary>
    public int Version { get; set; }

    public Guid ConsultationId { get; set; }
    public int Number { get; set; }
    public List<ActionPointVersion> Versions { get; set; } = [];

    public ActionPointVersion Current => Versions[^1];

    public static ActionPoint Create(JasperFx.Events.IEvent<ActionPointTabled> e) => new()
    {
        Id = e.Data.ActionPointId,
        ConsultationId = e.Data.ConsultationId,
        Number = e.Data.Number,
        Versions = [new ActionPointVersion(1, e.Data.Text, Common.EventTime.Of(e))],
    };

    public void Apply(JasperFx.Events.IEvent<ActionPointRevised> e) =>
        Versions.Add(new ActionPointVersion(e.Data.Version, e.Data.Text, Common.EventTime.Of(e),
            e.Data.AmendmentId, e.Data.ProposedBy, e.Data.CoSponsoredBy ?? []));
}
