using JasperFx.Events;

namespace ConsultationPlatform.Amendments;

/// <summary>A person and the organisation they act for, as recorded on an amendment (its proposer, its co-sponsors).</summary>
public sealed record Sponsor(
    Guid PersonId,
    string PersonName,
    Guid OrganisationId,
    string OrganisationName,
    StakeholderGroup OrganisationGroup)
{
    public static Sponsor From(Actor actor) =>
        new(actor.PersonId, actor.PersonName, actor.OrganisationId, actor.OrganisationName, actor.OrganisationGroup);
}

// ---- Events of an amendment stream: one stream per amendment. ----

/// <summary>What an amendment does to the text.</summary>
public enum AmendmentKind
{
    /// <summary>A full new text for one point, against a named version of it.</summary>
    Replace,

    /// <summary>A new point, numbered after the last one when accepted (<c>ActionPointId</c> is the id it will have).</summary>
    AddPoint,

    /// <summary>Take one point out of the text, as it stands at a named version.</summary>
    DeletePoint,

    /// <summary>
    /// Merge two points into one new text: the point (at its base version) takes the new text as its next version,
    /// the other point (<c>MergeWith</c>, at its own base version) is marked merged into it.
    /// </summary>
    MergePoints,
}

/// <summary>
/// A stakeholder proposed an amendment: by default (<see cref="AmendmentKind.Replace"/>) a full new text for an action
/// point, against a named version of it; or a point to add, a point to delete, or two points to merge
/// (<see cref="Kind"/>; a merge names the other point and the version of it read).
/// </summary>
public sealed record AmendmentProposed(
    Guid AmendmentId,
    Guid ActionPointId,
    Guid ConsultationId,
    int ActionPointNumber,
    int BaseVersion,
    string Text,
    string Rationale,
    Sponsor ProposedBy,
    Guid[]? CitesInputs = null,
    AmendmentKind Kind = AmendmentKind.Replace,
    Guid? MergeWith = null,
    int? MergeWithNumber = null,
    int? MergeWithBaseVersion = null) : IActionPointEvent;

/// <summary>Another organisation put its name to the amendment (one co-sponsorship per organisation).</summary>
public sealed record AmendmentCoSponsored(Guid AmendmentId, Guid ActionPointId, Guid ConsultationId, Sponsor CoSponsor) : IActionPointEvent;

/// <summary>The proposer took the amendment back.</summary>
public sealed record AmendmentWithdrawn(Guid AmendmentId, Guid ActionPointId, Guid ConsultationId, Guid WithdrawnBy, Guid OrganisationId) : IActionPointEvent;

/// <summary>
/// A moderator or co-chair accepted the amendment: the action point's text became <see cref="ResultingVersion"/>.
/// <see cref="Merged"/> tells whether the amendment was merged into a text that had moved on since its base version.
/// For an added point, <see cref="ActionPointNumber"/> is the number it got (its version is 1); for a deleted point the
/// resulting version is the one it was withdrawn at.
/// </summary>
public sealed record AmendmentAccepted(
    Guid AmendmentId,
    Guid ActionPointId,
    Guid ConsultationId,
    int BaseVersion,
    int AppliedToVersion,
    int ResultingVersion,
    bool Merged,
    Guid DecidedBy,
    string DecidedByName,
    int? ActionPointNumber = null) : IActionPointEvent;

/// <summary>A moderator or co-chair rejected the amendment, with a reason everybody sees.</summary>
public sealed record AmendmentRejected(Guid AmendmentId, Guid ActionPointId, Guid ConsultationId, string Reason, Guid DecidedBy, string DecidedByName) : IActionPointEvent;

/// <summary>
/// Accepting was refused: since the amendment's base version the point changed some of the same words.
/// The amendment needs its proposer to rebase it onto <see cref="CurrentVersion"/>.
/// </summary>
public sealed record AmendmentFoundInConflict(
    Guid AmendmentId,
    Guid ActionPointId,
    Guid ConsultationId,
    int BaseVersion,
    int CurrentVersion,
    ConflictRegion[] Conflicts,
    Guid FoundBy) : IActionPointEvent;

/// <summary>The proposer restated the amendment against a newer version of the point; it is open again.</summary>
public sealed record AmendmentRebased(Guid AmendmentId, Guid ActionPointId, Guid ConsultationId, int FromBaseVersion, int BaseVersion, string Text, Guid RebasedBy) : IActionPointEvent;

public enum AmendmentStatus
{
    Open,
    NeedsRebase,
    Withdrawn,
    Accepted,
    Rejected,
}

/// <summary>An amendment to an action point, rebuilt from its stream (an inline snapshot, indexed by action point).</summary>
public sealed class Amendment
{
    public Guid Id { get; set; }

    /// <summary>The stream version.</summary>
    public int Version { get; set; }

    public Guid ActionPointId { get; set; }
    public Guid ConsultationId { get; set; }
    public int ActionPointNumber { get; set; }
    public AmendmentKind Kind { get; set; }

    /// <summary>For a merge: the other point, its number and the version of it the proposer read.</summary>
    public Guid? MergeWith { get; set; }

    public int? MergeWithNumber { get; set; }
    public int? MergeWithBaseVersion { get; set; }

    /// <summary>Every point the amendment touches (for a merge, both).</summary>
    public Guid[] Touches => MergeWith is { } other ? [ActionPointId, other] : [ActionPointId];

    public int BaseVersion { get; set; }
    public string Text { get; set; } = "";
    public string Rationale { get; set; } = "";
    public Sponsor ProposedBy { get; set; } = null!;
    public DateTimeOffset? ProposedAt { get; set; }
    public List<Sponsor> CoSponsors { get; set; } = [];

    /// <summary>The published inputs the amendment cites (its words lead back to them).</summary>
    public Guid[] CitesInputs { get; set; } = [];

    public AmendmentStatus Status { get; set; }

    /// <summary>The conflicts found when accepting was last refused (while <see cref="AmendmentStatus.NeedsRebase"/>).</summary>
    public ConflictRegion[] Conflicts { get; set; } = [];

    /// <summary>The version of the point it rebased from, the last time it was rebased.</summary>
    public int? RebasedFrom { get; set; }

    public int? ResultingVersion { get; set; }
    public bool Merged { get; set; }
    public string? RejectionReason { get; set; }
    public Guid? DecidedBy { get; set; }
    public string? DecidedByName { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }

    public bool IsPending => Status is AmendmentStatus.Open or AmendmentStatus.NeedsRebase;

    public static Amendment Create(IEvent<AmendmentProposed> e) => new()
    {
        Id = e.Data.AmendmentId,
        ActionPointId = e.Data.ActionPointId,
        ConsultationId = e.Data.ConsultationId,
        ActionPointNumber = e.Data.ActionPointNumber,
        BaseVersion = e.Data.BaseVersion,
        Text = e.Data.Text,
        Rationale = e.Data.Rationale,
        ProposedBy = e.Data.ProposedBy,
        CitesInputs = e.Data.CitesInputs ?? [],
        Kind = e.Data.Kind,
        MergeWith = e.Data.MergeWith,
        MergeWithNumber = e.Data.MergeWithNumber,
        MergeWithBaseVersion = e.Data.MergeWithBaseVersion,
        ProposedAt = Common.EventTime.Of(e),
        Status = AmendmentStatus.Open,
    };

    public void Apply(AmendmentCoSponsored e) => CoSponsors.Add(e.CoSponsor);

    public void Apply(AmendmentWithdrawn _) => Status = AmendmentStatus.Withdrawn;

    public void Apply(IEvent<AmendmentAccepted> e)
    {
        Status = AmendmentStatus.Accepted;
        ResultingVersion = e.Data.ResultingVersion;
        Merged = e.Data.Merged;
        if (e.Data.ActionPointNumber is { } number) ActionPointNumber = number;
        DecidedBy = e.Data.DecidedBy;
        DecidedByName = e.Data.DecidedByName;
        DecidedAt = Common.EventTime.Of(e);
        Conflicts = [];
    }

    public void Apply(IEvent<AmendmentRejected> e)
    {
        Status = AmendmentStatus.Rejected;
        RejectionReason = e.Data.Reason;
        DecidedBy = e.Data.DecidedBy;
        DecidedByName = e.Data.DecidedByName;
        DecidedAt = Common.EventTime.Of(e);
    }

    public void Apply(AmendmentFoundInConflict e)
    {
        Status = AmendmentStatus.NeedsRebase;
        Conflicts = e.Conflicts;
    }

    public void Apply(AmendmentRebased e)
    {
        Status = AmendmentStatus.Open;
        RebasedFrom = e.FromBaseVersion;
        BaseVersion = e.BaseVersion;
        Text = e.Text;
        Conflicts = [];
    }

    /// <summary>
    /// The amendment as the events an act decided leave it, at <paramref name="at"/>: the answer of an act (its
    /// handler answers before the store applies the events to the stored amendment, with these same methods). This
    /// amendment is not changed.
    /// </summary>
    public Amendment After(IEnumerable<object> events, DateTimeOffset at)
    {
        var next = (Amendment)MemberwiseClone();
        next.CoSponsors = [.. CoSponsors];
        foreach (var e in events)
        {
            next.Version++;
            switch (e)
            {
                case AmendmentCoSponsored x: next.Apply(x); break;
                case AmendmentWithdrawn x: next.Apply(x); break;
                case AmendmentAccepted x: next.Apply(new Event<AmendmentAccepted>(x) { Timestamp = at }); break;
                case AmendmentRejected x: next.Apply(new Event<AmendmentRejected>(x) { Timestamp = at }); break;
                case AmendmentFoundInConflict x: next.Apply(x); break;
                case AmendmentRebased x: next.Apply(x); break;
                default: throw new InvalidOperationException($"{e.GetType().Name} does not change an amendment.");
            }
        }

        return next;
    }
}
