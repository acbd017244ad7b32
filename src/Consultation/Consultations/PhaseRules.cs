namespace ConsultationPlatform.Consultations;

/// <summary>The acts of a consultation that depend on its phase.</summary>
public enum ConsultationAct
{
    SubmitInput,
    ModerateInput,
    FlagInput,
    ProposeAmendment,
    CoSponsorAmendment,
    WithdrawAmendment,
    RebaseAmendment,
    DecideAmendment,
    Endorse,
    WithdrawEndorsement,
    StatePosition,
    WithdrawPosition,
    Reply,
}

/// <summary>
/// Which act is allowed in which phase: the single table the whole platform consults.
/// <code>
/// act                   preparation inputs drafting endorsement concluded
/// SubmitInput                -        x       x          -          -
/// ModerateInput              -        x       x          x          x   (moderation of what was received goes on)
/// FlagInput                  -        x       x          x          x
/// ProposeAmendment           -        -       x          -          -
/// CoSponsorAmendment         -        -       x          -          -
/// WithdrawAmendment          -        -       x          x          -
/// RebaseAmendment            -        -       x          -          -
/// DecideAmendment            -        -       x          x          -   (open amendments can still be decided)
/// Endorse                    -        -      (x)         x          -   (drafting only if early endorsement is allowed)
/// WithdrawEndorsement        -        -      (x)         x          -
/// StatePosition              -        -      (x)         x          -   (as endorsing: the other groups' positions)
/// WithdrawPosition           -        -      (x)         x          -
/// Reply                      -        x       x          x          -   (a reply under an input or an amendment)
/// </code>
/// </summary>
public static class PhaseRules
{
    private static readonly IReadOnlyDictionary<ConsultationAct, ConsultationPhase[]> Table =
        new Dictionary<ConsultationAct, ConsultationPhase[]>
        {
            [ConsultationAct.SubmitInput] = [ConsultationPhase.Inputs, ConsultationPhase.Drafting],
            [ConsultationAct.ModerateInput] = [ConsultationPhase.Inputs, ConsultationPhase.Drafting, ConsultationPhase.Endorsement, ConsultationPhase.Concluded],
            [ConsultationAct.FlagInput] = [ConsultationPhase.Inputs, ConsultationPhase.Drafting, ConsultationPhase.Endorsement, ConsultationPhase.Concluded],
            [ConsultationAct.ProposeAmendment] = [ConsultationPhase.Drafting],
            [ConsultationAct.CoSponsorAmendment] = [ConsultationPhase.Drafting],
            [ConsultationAct.WithdrawAmendment] = [ConsultationPhase.Drafting, ConsultationPhase.Endorsement],
            [ConsultationAct.RebaseAmendment] = [ConsultationPhase.Drafting],
            [ConsultationAct.DecideAmendment] = [ConsultationPhase.Drafting, ConsultationPhase.Endorsement],
            [ConsultationAct.Endorse] = [ConsultationPhase.Endorsement],
            [ConsultationAct.WithdrawEndorsement] = [ConsultationPhase.Endorsement],
            [ConsultationAct.StatePosition] = [ConsultationPhase.Endorsement],
            [ConsultationAct.WithdrawPosition] = [ConsultationPhase.Endorsement],
            [ConsultationAct.Reply] = [ConsultationPhase.Inputs, ConsultationPhase.Drafting, ConsultationPhase.Endorsement],
        };

    private static readonly ConsultationAct[] EarlyEndorsementActs =
        [ConsultationAct.Endorse, ConsultationAct.WithdrawEndorsement, ConsultationAct.StatePosition, ConsultationAct.WithdrawPosition];

    public static bool Allows(ConsultationPhase phase, ConsultationAct act, bool allowsEarlyEndorsement = false) =>
        Table[act].Contains(phase)
        || (allowsEarlyEndorsement && phase == ConsultationPhase.Drafting && EarlyEndorsementActs.Contains(act));

    public static bool Allows(this Consultation consultation, ConsultationAct act) =>
        Allows(consultation.Phase, act, consultation.AllowsEarlyEndorsement);

    public static IReadOnlyList<ConsultationPhase> PhasesFor(ConsultationAct act, bool allowsEarlyEndorsement = false) =>
        Enum.GetValues<ConsultationPhase>().Where(p => Allows(p, act, allowsEarlyEndorsement)).ToList();

    /// <summary>Why the phase does not allow the act (<see cref="Refused.WrongPhase"/>), or null.</summary>
    public static Refused? Check(Consultation consultation, ConsultationAct act) =>
        Check(consultation, act, DateTimeOffset.UtcNow);

    /// <summary>The same at <paramref name="now"/>: past the phase's scheduled end, before the move lands, an act the next
    /// phase does not allow is refused (<see cref="Refused.PhaseEnded"/>).</summary>
    public static Refused? Check(Consultation consultation, ConsultationAct act, DateTimeOffset now)
    {
        if (consultation.Allows(act) && consultation.HasEnded(now) && PhaseMoves.Next(consultation.Phase) is { } next
            && !Allows(next, act, consultation.AllowsEarlyEndorsement))
            return new Refused.PhaseEnded(consultation.Phase, consultation.PhaseEnd!.EndsAt, next);
        if (consultation.Allows(act)) return null;
        return new Refused.WrongPhase(consultation.Phase, PhasesFor(act, consultation.AllowsEarlyEndorsement));
    }
}
