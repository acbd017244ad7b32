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

    /// <summary>A 409 problem for an act the phase does not allow, or none.</summary>
    public static Microsoft.AspNetCore.Mvc.ProblemDetails Check(Consultation consultation, ConsultationAct act) =>
        Check(consultation, act, DateTimeOffset.UtcNow);

    /// <summary>The same at <paramref name="now"/>: past the phase's scheduled end, before the move lands, an act the next
    /// phase does not allow is refused (409 <c>phase-ended</c>).</summary>
    public static Microsoft.AspNetCore.Mvc.ProblemDetails Check(Consultation consultation, ConsultationAct act, DateTimeOffset now)
    {
        if (consultation.Allows(act) && consultation.HasEnded(now) && PhaseMoves.Next(consultation.Phase) is { } next
            && !Allows(next, act, consultation.AllowsEarlyEndorsement))
            return Common.Problems.Conflict(
                "The phase has ended",
                $"The {consultation.Phase.ToString().ToLowerInvariant()} phase ended at {consultation.PhaseEnd!.EndsAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC; " +
                $"the consultation is moving on to its {next.ToString().ToLowerInvariant()} phase, where this is not done.",
                "phase-ended",
                new Dictionary<string, object?>
                {
                    ["phase"] = consultation.Phase.ToString().ToLowerInvariant(),
                    ["endedAt"] = consultation.PhaseEnd.EndsAt,
                });
        if (consultation.Allows(act)) return Common.Problems.None;
        var phases = PhasesFor(act, consultation.AllowsEarlyEndorsement);
        return Common.Problems.Conflict(
            "Not in this phase",
            $"The consultation is in its {consultation.Phase.ToString().ToLowerInvariant()} phase; " +
            $"this is done in the {string.Join(" or ", phases.Select(p => p.ToString().ToLowerInvariant()))} phase.",
            "wrong-phase",
            new Dictionary<string, object?> { ["phase"] = consultation.Phase.ToString().ToLowerInvariant() });
    }
}
