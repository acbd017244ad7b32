using ConsultationPlatform.Amendments;

namespace ConsultationPlatform.ActionPoints;

// ---- Events of an action point stream. Only changes to the text go on it, so its stream version is its text version. ----

/// <summary>
/// An action point was put in the text: tabled in preparation (or seeded), or added by an accepted amendment
/// (<see cref="AmendmentId"/>, with who proposed and co-sponsored it: its words are theirs).
/// </summary>
public sealed record ActionPointTabled(
    Guid ActionPointId,
    Guid ConsultationId,
    int Number,
    string Text,
    Guid? AmendmentId = null,
    Sponsor? ProposedBy = null,
    Sponsor[]? CoSponsoredBy = null) : IActionPointEvent;

/// <summary>
/// The text of an action point was replaced by a new version (by an accepted amendment, or by the secretariat).
/// For an amendment, the version records who proposed it and who co-sponsored it. An amendment that merged another
/// point into this one names it (<see cref="MergedFrom"/>, at <see cref="MergedFromVersion"/>): the merged text's words
/// then trace back to both points.
/// </summary>
public sealed record ActionPointRevised(
    Guid ActionPointId,
    Guid ConsultationId,
    int Version,
    string Text,
    Guid? AmendmentId,
    Sponsor? ProposedBy,
    Sponsor[]? CoSponsoredBy,
    Guid? MergedFrom = null,
    int? MergedFromNumber = null,
    int? MergedFromVersion = null) : IActionPointEvent;

/// <summary>
/// An accepted amendment took the point out of the text: deleted, or merged into another point
/// (<see cref="MergedInto"/>). Its versions and endorsements are kept as history; the endorsements no longer count
/// toward the outcome. <see cref="Version"/> is the text version it stood at. The stream then has one event more than
/// the point has text versions.
/// </summary>
public sealed record ActionPointWithdrawn(
    Guid ActionPointId,
    Guid ConsultationId,
    int Number,
    int Version,
    Guid AmendmentId,
    Guid? MergedInto = null,
    int? MergedIntoNumber = null) : IActionPointEvent;

/// <summary>Whether a point is in the text, or was taken out of it by an amendment (deleted, or merged into another).</summary>
public enum ActionPointStatus
{
    InText,
    Deleted,
    Merged,
}

/// <summary>One version of an action point's text, with the amendment that made it (none for version 1); every version is kept.</summary>
public sealed record ActionPointVersion(
    int Number,
    string Text,
    DateTimeOffset? At,
    Guid? AmendmentId = null,
    Sponsor? ProposedBy = null,
    Sponsor[]? CoSponsoredBy = null,
    Guid? MergedFrom = null,
    int? MergedFromNumber = null,
    int? MergedFromVersion = null);

/// <summary>An action point of a consultation, with every version of its text.</summary>
public sealed class ActionPoint
{
    public Guid Id { get; set; }

    /// <summary>The stream version: the current text version, plus one once the point was withdrawn (use <c>Current.Number</c> for the text).</summary>
    public int Version { get; set; }

    public Guid ConsultationId { get; set; }
    public int Number { get; set; }
    public List<ActionPointVersion> Versions { get; set; } = [];

    public ActionPointStatus Status { get; set; }

    /// <summary>The amendment that took the point out of the text (deleted or merged), if one did.</summary>
    public Guid? WithdrawnByAmendment { get; set; }

    public DateTimeOffset? WithdrawnAt { get; set; }
    public Guid? MergedInto { get; set; }
    public int? MergedIntoNumber { get; set; }

    /// <summary>In the text: its endorsements count toward the outcome.</summary>
    public bool InText => Status == ActionPointStatus.InText;

    public ActionPointVersion Current => Versions[^1];

    public static ActionPoint Create(JasperFx.Events.IEvent<ActionPointTabled> e) => new()
    {
        Id = e.Data.ActionPointId,
        ConsultationId = e.Data.ConsultationId,
        Number = e.Data.Number,
        Versions = [new ActionPointVersion(1, e.Data.Text, Common.EventTime.Of(e), e.Data.AmendmentId, e.Data.ProposedBy,
            e.Data.AmendmentId is null ? null : e.Data.CoSponsoredBy ?? [])],
    };

    public void Apply(JasperFx.Events.IEvent<ActionPointRevised> e) =>
        Versions.Add(new ActionPointVersion(e.Data.Version, e.Data.Text, Common.EventTime.Of(e),
            e.Data.AmendmentId, e.Data.ProposedBy, e.Data.CoSponsoredBy ?? [], e.Data.MergedFrom, e.Data.MergedFromNumber,
            e.Data.MergedFromVersion));

    public void Apply(JasperFx.Events.IEvent<ActionPointWithdrawn> e)
    {
        Status = e.Data.MergedInto is null ? ActionPointStatus.Deleted : ActionPointStatus.Merged;
        WithdrawnByAmendment = e.Data.AmendmentId;
        WithdrawnAt = Common.EventTime.Of(e);
        MergedInto = e.Data.MergedInto;
        MergedIntoNumber = e.Data.MergedIntoNumber;
    }
}
