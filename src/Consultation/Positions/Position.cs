namespace ConsultationPlatform.Positions;

/// <summary>
/// Where an organisation that does not endorse (civil society, the private sector, academia, trade unions, local
/// authorities, migrant and diaspora organisations) stands on an action point. Governments and IGOs endorse
/// (<c>Endorsements/</c>); the others state a position: a different act, with its own events and stream.
/// </summary>
public enum Stance
{
    Support,
    SupportWithReservation,
    CannotSupport,
}

// ---- Events of a position stream: one stream per stakeholder and action point. ----

/// <summary>A stakeholder stated its position on an action point, for the exact version of its text it read.</summary>
public sealed record PositionStated(
    Guid PositionId,
    Guid ActionPointId,
    Guid ConsultationId,
    Guid StakeholderId,
    string StakeholderName,
    StakeholderGroup StakeholderGroup,
    int ForVersion,
    Stance Stance,
    string? Reason,
    Guid StatedBy) : IActionPointEvent;

/// <summary>The stakeholder no longer states a position on the point.</summary>
public sealed record PositionWithdrawn(Guid PositionId, Guid ActionPointId, Guid ConsultationId, Guid StakeholderId, Guid WithdrawnBy)
    : IActionPointEvent;

/// <summary>
/// One stakeholder's position on one action point. Its identity follows from the pair (as an endorsement's does, in
/// another namespace), so a stakeholder has one position per point, and positions of different stakeholders never
/// contend for the same stream.
/// </summary>
public sealed class Position
{
    private static readonly Guid Namespace = new("b3a4f0d2-52c1-4e8e-9a77-0c5d2e61a9f4");

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
    public Stance Stance { get; set; }
    public string? Reason { get; set; }
    public bool Active { get; set; }

    public static Position Create(PositionStated e)
    {
        var position = new Position { Id = e.PositionId };
        position.Apply(e);
        return position;
    }

    public void Apply(PositionStated e)
    {
        ActionPointId = e.ActionPointId;
        ConsultationId = e.ConsultationId;
        StakeholderId = e.StakeholderId;
        StakeholderName = e.StakeholderName;
        StakeholderGroup = e.StakeholderGroup;
        ForVersion = e.ForVersion;
        Stance = e.Stance;
        Reason = e.Reason;
        Active = true;
    }

    public void Apply(PositionWithdrawn _) => Active = false;
}
