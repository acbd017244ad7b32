using System.Text.Json.Serialization;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Positions;

/// <summary>
/// State (or change) the position of the organisation the signed-in person acts for on an action point, for the version
/// of its text they read: <c>support</c>, <c>supportWithReservation</c> (saying what the reservation is) or
/// <c>cannotSupport</c> (saying why).
/// </summary>
public sealed record StatePosition(
    [property: JsonPropertyName("version")] int TextVersion,
    Stance? Stance,
    string? Reason = null);

public sealed record PositionReceipt(Guid PositionId, Guid ActionPointId, Guid StakeholderId, int ForVersion, Stance Stance, string? Reason, bool Changed);

/// <summary>
/// The rules of positions, as pure functions.
/// <list type="bullet">
/// <item>Who: a delegate of an ACCREDITED organisation of a group that does not endorse (<see cref="StakeholderGroups.MayStatePosition"/>):
///   governments and IGOs endorse instead (<c>AccessRules</c>, act <c>StatePosition</c>).</item>
/// <item>When: when endorsing is open (<c>PhaseRules</c>: the endorsement phase, and drafting if early endorsement is allowed).</item>
/// <item>What: a point still in the text, for its current version (an older version: 409 <c>stale-version</c>, with the current text).</item>
/// <item>A reason is required for "cannot support" and for "support with reservation" (the reservation itself), and refused
///   with a plain "support"; at most <see cref="MaxReasonLength"/> characters, by the rules of <see cref="FreeText"/>.</item>
/// <item>Stating the same position again changes nothing; a different stance, reason or version is a new <see cref="PositionStated"/>.</item>
/// <item>Withdrawing: only the organisation's own, active position, in the same phases.</item>
/// </list>
/// </summary>
public static class PositionDecisions
{
    public const int MaxReasonLength = 2000;

    public static Refused? Check(Actor actor, StatePosition command, ActionPoint point, Consultation consultation, bool accredited)
    {
        var access = AccessRules.Check(actor, AccessAct.StatePosition, accredited);
        if (access is not null) return access;
        var phase = PhaseRules.Check(consultation, ConsultationAct.StatePosition);
        if (phase is not null) return phase;
        var inText = Amendments.StructuralDecisions.CheckInText(point);
        if (inText is not null) return inText;

        var errors = new List<(string, string)>();
        switch (command.Stance)
        {
            case null:
                errors.Add(("stance", "Say where your organisation stands: support, supportWithReservation or cannotSupport."));
                break;
            case Stance.CannotSupport:
                FreeText.Check(errors, "reason", command.Reason, MaxReasonLength, required: true,
                    "Say why your organisation cannot support this action point.");
                break;
            case Stance.SupportWithReservation:
                FreeText.Check(errors, "reason", command.Reason, MaxReasonLength, required: true,
                    "Say what your organisation's reservation is.");
                break;
            case Stance.Support:
                if (!FreeText.IsBlank(command.Reason))
                    errors.Add(("reason", "A plain support carries no reason; to add one, choose supportWithReservation."));
                break;
        }

        TextVersionBinding.CheckExists(errors, point, command.TextVersion);
        if (errors.Count > 0) return new Refused.Invalid(errors.ToArray());
        return TextVersionBinding.CheckCurrent(point, command.TextVersion, "stated a position on", "state your position on that version");
    }

    /// <summary>What stating means given the organisation's position so far: nothing new when it is unchanged.</summary>
    public static IReadOnlyList<object> State(Actor actor, StatePosition command, ActionPoint point, Position? existing)
    {
        var stance = command.Stance!.Value;
        var reason = stance == Stance.Support ? null : FreeText.Clean(command.Reason);
        if (existing is { Active: true } && existing.ForVersion == command.TextVersion && existing.Stance == stance && existing.Reason == reason)
            return [];

        return
        [
            new PositionStated(Position.IdFor(point.Id, actor.OrganisationId), point.Id, point.ConsultationId,
                actor.OrganisationId, actor.OrganisationName, actor.OrganisationGroup, command.TextVersion, stance, reason,
                actor.PersonId),
        ];
    }

    public static Refused? CheckWithdrawal(Actor actor, Guid stakeholderId, Position? position, Consultation consultation)
    {
        if (actor.OrganisationId != stakeholderId)
            return new Refused.NotAllowed("Only the stakeholder who stated a position withdraws it.");
        if (position is not { Active: true })
            return new Refused.NotFound("position", stakeholderId);
        return PhaseRules.Check(consultation, ConsultationAct.WithdrawPosition);
    }

    public static PositionWithdrawn Withdraw(Actor actor, Position position) =>
        new(position.Id, position.ActionPointId, position.ConsultationId, position.StakeholderId, actor.PersonId);
}
