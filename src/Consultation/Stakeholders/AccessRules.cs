namespace ConsultationPlatform.Stakeholders;

/// <summary>What a person may do on the platform, whatever the phase (the phase is <c>PhaseRules</c>' business).</summary>
public enum AccessAct
{
    // Acts of a delegate, for the organisation they act for, in a consultation it is accredited to.
    Endorse,
    SubmitInput,
    ProposeAmendment,
    CoSponsorAmendment,
    FlagInput,

    // Acts of a delegate for their organisation, accredited or not.
    RequestAccreditation,

    // Acts of the secretariat (moderators and co-chairs).
    ModerateInputs,
    DecideAmendment,
    ChangePhase,
    DecideAccreditation,
    RegisterOrganisation,
    InvitePeople,
    SeePrivateItems,
    TableDocumentText,
    WriteSummary,
    AddTranslation,

    // Acts of the platform's administrators.
    CreateConsultation,
    AppointModerators,

    // Live sessions: the secretariat runs the room; delegates of accredited organisations take the floor.
    RunSession,
    SpeakInSession,

    // Privacy: erasing a person's personal data on request (GDPR art. 17), an audited act of an administrator.
    ErasePeople,

    // A voice for every stakeholder group (Positions/, Replies/): a position on an action point for the groups that do
    // not endorse; replies under inputs and amendments for every accredited organisation.
    StatePosition,
    Reply,
}

/// <summary>
/// Who may do what: THE access table of the platform. Endpoints ask <see cref="Check"/> (a 401/403 problem or
/// <see cref="Problems.None"/>) after loading whether the actor's organisation is accredited to the consultation
/// (<see cref="Accreditations"/>); the authorization matrix test reads <see cref="Allows(AccessAct, IReadOnlySet{PlatformRole}, StakeholderGroup?, bool)"/>.
/// <code>
/// act                    who may
/// Endorse                delegate of an ACCREDITED member state, observer state or intergovernmental organisation
/// SubmitInput            delegate of any ACCREDITED organisation
/// ProposeAmendment       delegate of any ACCREDITED organisation
/// CoSponsorAmendment     delegate of any ACCREDITED organisation
/// FlagInput              delegate of any ACCREDITED organisation
/// RequestAccreditation   delegate of any organisation (for the organisation they act for)
/// ModerateInputs         moderator, co-chair
/// DecideAmendment        moderator, co-chair
/// ChangePhase            moderator, co-chair
/// DecideAccreditation    moderator, co-chair
/// RegisterOrganisation   moderator, co-chair
/// InvitePeople           moderator, co-chair
/// SeePrivateItems        moderator, co-chair   (pending/rejected inputs, pending accreditations, flags and flaggers, emails)
/// TableDocumentText      moderator, co-chair   (the preamble and framing text, challenges, action points, while preparing)
/// WriteSummary           moderator, co-chair   (edit, discard and publish the co-chairs' summary)
/// AddTranslation         moderator, co-chair   (parallel texts of an action point: official or unofficial translations)
/// CreateConsultation     admin
/// AppointModerators      admin
/// RunSession             moderator, co-chair   (schedule, open, agenda, lists, floor, statements, suspend, close, summary)
/// SpeakInSession         delegate of any ACCREDITED organisation (inscribe, withdraw, right of reply, deliver a statement)
/// ErasePeople            admin                 (erasure of a person's personal data on request: Privacy/Erasure.cs)
/// StatePosition          delegate of an ACCREDITED organisation of any OTHER group (civil society, private sector, academia,
///                        trade union, local authority, migrant or diaspora organisation): support, with a reservation, cannot support
/// Reply                  delegate of any ACCREDITED organisation (a reply under an input or an amendment)
/// </code>
/// The secretariat's rows hold for the consultation the act concerns: moderators and co-chairs are appointed per
/// consultation (Accounts/ConsultationRoles.cs), and callers ask about <c>actor.In(consultationId)</c>;
/// RegisterOrganisation and InvitePeople, which concern no consultation, about <c>actor.InAnyConsultation()</c>.
/// A role never stands in for an organisation: a co-chair endorses only as a delegate of an accredited state, and an
/// admin runs no dialogue unless also appointed moderator or co-chair.
/// </summary>
public static class AccessRules
{
    private static readonly StakeholderGroup[] AllGroups = Enum.GetValues<StakeholderGroup>();

    private static readonly StakeholderGroup[] EndorsingGroups =
        AllGroups.Where(g => g.MayEndorse()).ToArray();

    private static readonly StakeholderGroup[] PositionGroups =
        AllGroups.Where(g => g.MayStatePosition()).ToArray();

    private static readonly PlatformRole[] Secretariat = [PlatformRole.Moderator, PlatformRole.CoChair];

    private sealed record Rule(PlatformRole[] Roles, StakeholderGroup[] Groups, bool NeedsAccreditation, string Refusal);

    private static Rule Delegates(StakeholderGroup[] groups, string refusal) => new([], groups, true, refusal);

    private static Rule Roles(PlatformRole[] roles, string refusal) => new(roles, [], false, refusal);

    private static readonly IReadOnlyDictionary<AccessAct, Rule> Table = new Dictionary<AccessAct, Rule>
    {
        [AccessAct.Endorse] = Delegates(EndorsingGroups,
            "Only delegates of member states, observer states and intergovernmental organisations endorse action points."),
        [AccessAct.SubmitInput] = Delegates(AllGroups, "Only delegates of accredited organisations submit inputs."),
        [AccessAct.ProposeAmendment] = Delegates(AllGroups, "Only delegates of accredited organisations propose amendments."),
        [AccessAct.CoSponsorAmendment] = Delegates(AllGroups, "Only delegates of accredited organisations co-sponsor amendments."),
        [AccessAct.FlagInput] = Delegates(AllGroups, "Only delegates of accredited organisations flag inputs."),
        [AccessAct.RequestAccreditation] = new([], AllGroups, false, "Only a delegate of an organisation asks for its accreditation."),
        [AccessAct.ModerateInputs] = Roles(Secretariat, "Only moderators and co-chairs moderate inputs."),
        [AccessAct.DecideAmendment] = Roles(Secretariat, "Only moderators and co-chairs decide amendments."),
        [AccessAct.ChangePhase] = Roles(Secretariat, "Only moderators and co-chairs change the phase of a consultation."),
        [AccessAct.DecideAccreditation] = Roles(Secretariat, "Only moderators and co-chairs decide accreditations."),
        [AccessAct.RegisterOrganisation] = Roles(Secretariat, "Only moderators and co-chairs register organisations."),
        [AccessAct.InvitePeople] = Roles(Secretariat, "Only moderators and co-chairs invite people."),
        [AccessAct.SeePrivateItems] = Roles(Secretariat, "Only moderators and co-chairs see private items."),
        [AccessAct.TableDocumentText] = Roles(Secretariat, "Only moderators and co-chairs table the text of a consultation."),
        [AccessAct.WriteSummary] = Roles(Secretariat, "Only moderators and co-chairs edit and publish the co-chairs' summary."),
        [AccessAct.AddTranslation] = Roles(Secretariat, "Only moderators and co-chairs add translations of an action point."),
        [AccessAct.CreateConsultation] = Roles([PlatformRole.Admin], "Only administrators create consultations."),
        [AccessAct.AppointModerators] = Roles([PlatformRole.Admin], "Only administrators appoint moderators and co-chairs."),
        [AccessAct.RunSession] = Roles(Secretariat, "Only moderators and co-chairs run a session."),
        [AccessAct.SpeakInSession] = Delegates(AllGroups, "Only delegates of accredited organisations take the floor in a session."),
        [AccessAct.ErasePeople] = Roles([PlatformRole.Admin], "Only administrators erase a person's personal data."),
        [AccessAct.StatePosition] = Delegates(PositionGroups,
            "Member states, observer states and intergovernmental organisations endorse; positions are stated by the other stakeholder groups."),
        [AccessAct.Reply] = Delegates(AllGroups, "Only delegates of accredited organisations reply."),
    };

    /// <summary>The roles that allow the act by themselves (empty for acts of delegates).</summary>
    public static IReadOnlyList<PlatformRole> RolesFor(AccessAct act) => Table[act].Roles;

    /// <summary>The organisation types whose delegates may do the act (empty for acts of the secretariat or admins).</summary>
    public static IReadOnlyList<StakeholderGroup> GroupsFor(AccessAct act) => Table[act].Groups;

    /// <summary>Whether the act needs the actor's organisation to be accredited to the consultation.</summary>
    public static bool NeedsAccreditation(AccessAct act) => Table[act].NeedsAccreditation;

    /// <summary>
    /// The table as a pure function: a person with <paramref name="roles"/>, acting for an organisation of type
    /// <paramref name="organisationGroup"/> (null: for none) that is or is not <paramref name="accredited"/> to the
    /// consultation at hand.
    /// </summary>
    public static bool Allows(AccessAct act, IReadOnlySet<PlatformRole> roles, StakeholderGroup? organisationGroup, bool accredited)
    {
        var rule = Table[act];
        if (rule.Roles.Any(roles.Contains)) return true;
        return organisationGroup is { } group
               && rule.Groups.Contains(group)
               && (accredited || !rule.NeedsAccreditation);
    }

    public static bool Allows(this Actor actor, AccessAct act, bool accredited = false) =>
        Allows(act, actor.Roles, actor.OrganisationId == Guid.Empty ? null : actor.OrganisationGroup, accredited);

    /// <summary>Why the act is refused to <paramref name="actor"/>: nobody signed in, not allowed (with the reason),
    /// not accredited; or null when it is allowed.</summary>
    public static Refused? Check(Actor? actor, AccessAct act, bool accredited = false)
    {
        if (actor is null) return Refused.NotSignedIn.Instance;
        if (actor.Allows(act, accredited)) return null;

        var rule = Table[act];
        if (rule.Groups.Length > 0 && rule.Roles.Length == 0)
        {
            if (actor.OrganisationId == Guid.Empty)
                return new Refused.NotAllowed("Choose the organisation you act for first (POST /api/account/acting-organisation).");
            if (rule.Groups.Contains(actor.OrganisationGroup) && rule.NeedsAccreditation && !accredited)
                return new Refused.NotAccredited(actor.OrganisationName);
        }

        return new Refused.NotAllowed(rule.Refusal);
    }
}
