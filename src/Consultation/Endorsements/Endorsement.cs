namespace ConsultationPlatform.Endorsements;

// ---- Events of an endorsement stream: one stream per stakeholder and action point. ----

/// <summary>A stakeholder endorsed an action point for the exact version of its text they saw.</summary>
public sealed record EndorsementGiven(
    Guid EndorsementId,
    Guid ActionPointId,
    Guid ConsultationId,
    Guid StakeholderId,
    string StakeholderName,
    StakeholderGroup StakeholderGroup,
    int ForVersion,
    string? Reservation,
    Guid GivenBy) : IActionPointEvent;

/// <summary>The stakeholder no longer endorses the point (whatever version it had endorsed).</summary>
public sealed record EndorsementWithdrawn(Guid EndorsementId, Guid ActionPointId, Guid ConsultationId, Guid StakeholderId, Guid WithdrawnBy)
    : IActionPointEvent;

/// <summary>
/// One stakeholder's endorsement of one action point. Its identity follows from the pair, so a stakeholder
/// counts once per point however often they endorse, and endorsements of one point by different
/// stakeholders never contend for the same stream.
/// </summary>
public sealed class Endorsement
{
    private static readonly Guid Namespace = new("6f1c1f0e-6a57-4b52-9d2c-3f0c8b1f7a10");

    public static Guid IdFor(Guid actionPointId, Guid stakeholderId) =>
        DeterministicGuid.Create(Namespace, actionPointId, stakeholderId);

    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid ActionPointId { get; set; }
    public Guid ConsultationId { get; set; }
    public Guid StakeholderId { get; set; }
    public string StakeholderName { get; set; } = "";
    public StakeholderGroup StakeholderGroup { get; set; }
    public int ForVersion { get; set; }
    public string? Reservation { get; set; }
    public bool Active { get; set; }

    public static Endorsement Create(EndorsementGiven e)
    {
        var endorsement = new Endorsement { Id = e.EndorsementId };
        endorsement.Apply(e);
        return endorsement;
    }

    public void Apply(EndorsementGiven e)
    {
        ActionPointId = e.ActionPointId;
        ConsultationId = e.ConsultationId;
        StakeholderId = e.StakeholderId;
        StakeholderName = e.StakeholderName;
        StakeholderGroup = e.StakeholderGroup;
        ForVersion = e.ForVersion;
        Reservation = e.Reservation;
        Active = true;
    }

    public void Apply(EndorsementWithdrawn _) => Active = false;
}
