namespace ConsultationPlatform.Stakeholders;

/// <summary>The stakeholder groups of a UN multi-stakeholder dialogue, as the board breaks endorsements down.</summary>
public enum StakeholderGroup
{
    MemberState,
    ObserverState,
    IntergovernmentalOrganisation,
    CivilSociety,
    MigrantOrDiasporaOrganisation,
    PrivateSector,
    Academia,
    TradeUnion,
    LocalAuthority,
}

public static class StakeholderGroups
{
    /// <summary>Groups whose delegates endorse action points on behalf of governments and IGOs.</summary>
    public static bool MayEndorse(this StakeholderGroup group) => group is
        StakeholderGroup.MemberState or StakeholderGroup.ObserverState or StakeholderGroup.IntergovernmentalOrganisation;

    /// <summary>Groups whose delegates state a position on action points (support, with a reservation, or cannot support): every group that does not endorse.</summary>
    public static bool MayStatePosition(this StakeholderGroup group) => !group.MayEndorse();
}
