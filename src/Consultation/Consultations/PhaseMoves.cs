using System.Text.Json.Serialization;

namespace ConsultationPlatform.Consultations;

/// <summary>
/// Move the consultation to another phase. <c>version</c> is optional: the consultation's version the moderator saw
/// (from <c>GET /api/consultations/{id}/phases</c>); when given and the consultation has changed since, the move is a 409.
/// </summary>
public sealed record ChangePhase(
    ConsultationPhase? Phase,
    string? Reason = null,
    [property: JsonPropertyName("version")] int? ExpectedVersion = null);

/// <summary>Set how the consultation is run (a full replacement: both rules are required).</summary>
public sealed record SetConsultationRules(
    bool? InputsPreModerated,
    bool? AllowsEarlyEndorsement,
    [property: JsonPropertyName("version")] int? ExpectedVersion = null);

/// <summary>How a phase change relates to the order of the phases.</summary>
public enum PhaseMoveKind
{
    /// <summary>To the next phase.</summary>
    Forward,

    /// <summary>To any earlier phase, with a reason.</summary>
    Back,

    /// <summary>Back from the concluded phase, with a reason.</summary>
    Reopen,
}

public sealed record PhaseChangeReceipt(
    Guid ConsultationId,
    ConsultationPhase From,
    ConsultationPhase To,
    PhaseMoveKind Kind,
    string? Reason,
    int Version);

public sealed record ConsultationRules(Guid ConsultationId, bool InputsPreModerated, bool AllowsEarlyEndorsement, int Version, bool Changed);

/// <summary>
/// The decisions about phases and rules, as pure functions.
/// <list type="bullet">
/// <item>Only moderators, co-chairs and admins move phases or set rules (403 otherwise).</item>
/// <item>Forward goes to the <b>next</b> phase only; skipping ahead (e.g. inputs → endorsement) is a 409
///   <c>phase-skip</c>: every phase a consultation passes through is then on record, and a moderator who wants to
///   skip one moves twice, which costs one request. A reason is optional forward.</item>
/// <item>Back goes to <b>any</b> earlier phase, and reopening a concluded consultation likewise; both need a reason
///   (400 on <c>reason</c> without one), because going back undoes what participants were told.</item>
/// <item>Moving to the phase it is already in is a 409 <c>same-phase</c>, not a 400: the request is well formed,
///   it only contradicts the consultation's current state (typically a moderator acting on a stale screen).</item>
/// <item>A reason is at most <see cref="FreeText.MaxReasonLength"/> characters.</item>
/// <item>A stated <c>version</c> that is not the consultation's current version is a 409 <c>stale-consultation</c>.</item>
/// </list>
/// </summary>
public static class PhaseMoves
{
    public static ConsultationPhase? Next(ConsultationPhase phase) =>
        phase == ConsultationPhase.Concluded ? null : phase + 1;

    public static PhaseMoveKind KindOf(ConsultationPhase from, ConsultationPhase to) =>
        to > from ? PhaseMoveKind.Forward
        : from == ConsultationPhase.Concluded ? PhaseMoveKind.Reopen
        : PhaseMoveKind.Back;

    public static Refused? CheckModerator(Actor actor, Guid consultationId) =>
        actor.RunsTheDialogueOf(consultationId)
            ? null
            : new Refused.NotAllowed("Only moderators and co-chairs run the dialogue: its phases and its rules.");

    public static Refused? CheckVersion(int? expectedVersion, Consultation consultation) =>
        expectedVersion is { } expected && expected != consultation.Version
            ? new Refused.Conflict(
                "The consultation has changed",
                $"You saw version {expected} of the consultation; it is now at version {consultation.Version}. Reload it and decide again.",
                "stale-consultation",
                new Dictionary<string, object?>
                {
                    ["currentVersion"] = consultation.Version,
                    ["phase"] = Name(consultation.Phase),
                })
            : null;

    public static Refused? Check(Actor actor, ChangePhase command, Consultation consultation)
    {
        var moderator = CheckModerator(actor, consultation.Id);
        if (moderator is not null) return moderator;

        var errors = new List<(string, string)>();
        if (command.Phase is null)
            errors.Add(("phase", "Name the phase to move to: preparation, inputs, drafting, endorsement or concluded."));
        FreeText.Check(errors, "reason", command.Reason, FreeText.MaxReasonLength, required: false);
        if (errors.Count > 0) return new Refused.Invalid(errors.ToArray());

        var stale = CheckVersion(command.ExpectedVersion, consultation);
        if (stale is not null) return stale;

        var from = consultation.Phase;
        var to = command.Phase!.Value;
        if (to == from)
            return new Refused.Conflict("Already in that phase", $"The consultation is already in its {Name(from)} phase.", "same-phase",
                new Dictionary<string, object?> { ["phase"] = Name(from) });

        if (to > from && to != Next(from))
            return new Refused.Conflict(
                "Phases are not skipped",
                $"From the {Name(from)} phase the consultation moves forward to the {Name(Next(from)!.Value)} phase only; " +
                $"move through each phase up to {Name(to)}.",
                "phase-skip",
                new Dictionary<string, object?> { ["phase"] = Name(from), ["next"] = Name(Next(from)!.Value) });

        if (to < from && FreeText.Clean(command.Reason) is null)
            return new Refused.Invalid(("reason",
                KindOf(from, to) == PhaseMoveKind.Reopen
                    ? "Reopening a concluded consultation needs a reason; everyone will see it."
                    : $"Moving back from {Name(from)} to {Name(to)} needs a reason; everyone will see it."));

        return null;
    }

    public static ConsultationPhaseChanged Move(Actor actor, ChangePhase command, Consultation consultation) =>
        new(consultation.Id, consultation.Phase, command.Phase!.Value, FreeText.Clean(command.Reason), actor.PersonId);

    public static Refused? CheckRules(Actor actor, SetConsultationRules command, Consultation consultation)
    {
        var moderator = CheckModerator(actor, consultation.Id);
        if (moderator is not null) return moderator;

        var errors = new List<(string, string)>();
        if (command.InputsPreModerated is null)
            errors.Add(("inputsPreModerated", "Say whether inputs wait for a moderator (true) or are published at once (false)."));
        if (command.AllowsEarlyEndorsement is null)
            errors.Add(("allowsEarlyEndorsement", "Say whether states may endorse while the text is still being drafted."));
        if (errors.Count > 0) return new Refused.Invalid(errors.ToArray());

        return CheckVersion(command.ExpectedVersion, consultation);
    }

    /// <summary>The rules as set, or nothing when they are already so (setting them again is idempotent).</summary>
    public static IReadOnlyList<object> SetRules(Actor actor, SetConsultationRules command, Consultation consultation) =>
        consultation.InputsPreModerated == command.InputsPreModerated && consultation.AllowsEarlyEndorsement == command.AllowsEarlyEndorsement
            ? []
            : [new ConsultationRulesSet(consultation.Id, command.InputsPreModerated!.Value, command.AllowsEarlyEndorsement!.Value, actor.PersonId)];

    public static string Name(ConsultationPhase phase) => phase.ToString().ToLowerInvariant();
}
