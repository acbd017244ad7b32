using System.Text.Json.Serialization;

namespace ConsultationPlatform.Consultations;

// ---- Events of the consultation stream: a deadline for the phase it is in ----

/// <summary>A moderator or co-chair scheduled the end of the phase the consultation is in: at <see cref="EndsAt"/> it
/// moves on to the next phase by itself. A later schedule replaces this one (its <see cref="ScheduleId"/> is new).</summary>
public sealed record PhaseEndScheduled(Guid ConsultationId, Guid ScheduleId, ConsultationPhase Phase, DateTimeOffset EndsAt, Guid ScheduledBy)
    : IConsultationEvent;

/// <summary>The scheduled end was called off: the phase goes on until someone moves it.</summary>
public sealed record PhaseEndCancelled(Guid ConsultationId, Guid ScheduleId, Guid CancelledBy) : IConsultationEvent;

/// <summary>The scheduled end came: the consultation moved on by itself (the <see cref="ConsultationPhaseChanged"/> follows it).</summary>
public sealed record PhaseEndReached(Guid ConsultationId, Guid ScheduleId, ConsultationPhase Phase, DateTimeOffset EndsAt) : IConsultationEvent;

/// <summary>The end of the phase as scheduled: on the consultation until it is reached, cancelled or the phase changes.</summary>
public sealed record ScheduledPhaseEnd(Guid ScheduleId, ConsultationPhase Phase, DateTimeOffset EndsAt, Guid ScheduledBy);

/// <summary>The message that ends the phase at its time: durable (Wolverine's inbox in PostgreSQL), delivered once,
/// and a no-op unless <see cref="ScheduleId"/> is still the consultation's current schedule.</summary>
public sealed record EndScheduledPhase(Guid ConsultationId, Guid ScheduleId);

/// <summary>
/// Schedule the end of the consultation's current phase. <c>endsAt</c> is an instant (ISO 8601 with its offset, e.g.
/// <c>2026-12-03T17:00:00Z</c>), in the future. <c>phase</c> and <c>version</c> are optional: the phase and the
/// consultation's version the moderator saw; when given and no longer so, a 409. Scheduling again replaces the schedule.
/// </summary>
public sealed record SchedulePhaseEndForm(
    DateTimeOffset? EndsAt,
    ConsultationPhase? Phase = null,
    [property: JsonPropertyName("version")] int? ExpectedVersion = null);

/// <summary>The consultation's phase and when it ends (null: no end is scheduled), with the phase it then moves to.</summary>
public sealed record PhaseEndStatus(
    Guid ConsultationId,
    ConsultationPhase Phase,
    ConsultationPhase? NextPhase,
    DateTimeOffset? EndsAt,
    Guid? ScheduleId,
    int Version);

/// <summary>
/// The decisions about a phase's deadline, as pure functions (the time is given).
/// <list type="bullet">
/// <item>Only those who move phases schedule their end (<see cref="AccessAct.ChangePhase"/>).</item>
/// <item>The end is an instant in the future, at most <see cref="Horizon"/> ahead (400 on <c>endsAt</c>).</item>
/// <item>A concluded consultation has no next phase: nothing to schedule (409 <c>no-next-phase</c>).</item>
/// <item>A stated phase or version that is no longer the consultation's is a 409 (<c>stale-consultation</c>).</item>
/// <item>When the end comes, the message moves the consultation on only if its schedule is still the current one: a
///   reschedule, a cancellation or a phase change by hand leaves an older message nothing to do. Early (a node's clock
///   behind), it waits again until the time.</item>
/// <item>Past the end and before the move lands, an act the next phase does not allow is refused (409 <c>phase-ended</c>:
///   <see cref="PhaseRules.Check(Consultation, ConsultationAct, DateTimeOffset)"/>).</item>
/// </list>
/// </summary>
public static class PhaseEnds
{
    public static readonly TimeSpan Horizon = TimeSpan.FromDays(3 * 366);

    public static Refused? Check(Actor actor, SchedulePhaseEndForm form, Consultation consultation, DateTimeOffset now)
    {
        var access = AccessRules.Check(actor.In(consultation.Id), AccessAct.ChangePhase);
        if (access is not null) return access;

        if (form.EndsAt is not { } endsAt)
            return new Refused.Invalid(("endsAt", "Give the moment the phase ends: a date and time with its offset, e.g. 2026-12-03T17:00:00Z."));
        if (endsAt <= now)
            return new Refused.Invalid(("endsAt", $"The end must be in the future; it is now {now.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC."));
        if (endsAt - now > Horizon)
            return new Refused.Invalid(("endsAt", $"The end must be within {Horizon.Days} days."));

        var stale = PhaseMoves.CheckVersion(form.ExpectedVersion, consultation);
        if (stale is not null) return stale;
        if (form.Phase is { } seen && seen != consultation.Phase)
            return new Refused.Conflict("The phase has changed",
                $"You saw the {PhaseMoves.Name(seen)} phase; the consultation is now in its {PhaseMoves.Name(consultation.Phase)} phase.",
                "stale-consultation", new Dictionary<string, object?> { ["phase"] = PhaseMoves.Name(consultation.Phase), ["currentVersion"] = consultation.Version });

        if (PhaseMoves.Next(consultation.Phase) is null)
            return new Refused.Conflict("No next phase", "The consultation is concluded: there is no phase to move on to.", "no-next-phase",
                new Dictionary<string, object?> { ["phase"] = PhaseMoves.Name(consultation.Phase) });

        return null;
    }

    public static PhaseEndScheduled Schedule(Actor actor, SchedulePhaseEndForm form, Consultation consultation, Guid scheduleId) =>
        new(consultation.Id, scheduleId, consultation.Phase, form.EndsAt!.Value.ToUniversalTime(), actor.PersonId);

    public static Refused? CheckCancel(Actor actor, Consultation consultation)
    {
        var access = AccessRules.Check(actor.In(consultation.Id), AccessAct.ChangePhase);
        if (access is not null) return access;
        return consultation.PhaseEnd is null
            ? new Refused.Conflict("Nothing scheduled", $"No end is scheduled for the {PhaseMoves.Name(consultation.Phase)} phase.", "no-phase-end",
                new Dictionary<string, object?> { ["phase"] = PhaseMoves.Name(consultation.Phase) })
            : null;
    }

    public static PhaseEndCancelled Cancel(Actor actor, Consultation consultation) =>
        new(consultation.Id, consultation.PhaseEnd!.ScheduleId, actor.PersonId);

    /// <summary>What the message of a schedule does when it arrives: the events of the move (none when it is not the
    /// current schedule any more), or the time to wait again until (it arrived early).</summary>
    public static (IReadOnlyList<object> Events, DateTimeOffset? WaitUntil) Reach(Consultation? consultation, Guid scheduleId, DateTimeOffset now)
    {
        if (consultation?.PhaseEnd is not { } end || end.ScheduleId != scheduleId || end.Phase != consultation.Phase)
            return ([], null);
        if (now < end.EndsAt) return ([], end.EndsAt);
        if (PhaseMoves.Next(consultation.Phase) is not { } next) return ([], null);
        return ([
            new PhaseEndReached(consultation.Id, end.ScheduleId, end.Phase, end.EndsAt),
            new ConsultationPhaseChanged(consultation.Id, consultation.Phase, next, null, end.ScheduledBy),
        ], null);
    }

    /// <summary>Whether the phase's scheduled end has passed (the move may not have landed yet).</summary>
    public static bool HasEnded(this Consultation consultation, DateTimeOffset now) =>
        consultation.PhaseEnd is { } end && end.Phase == consultation.Phase && now >= end.EndsAt;

    public static PhaseEndStatus Status(Consultation consultation) =>
        new(consultation.Id, consultation.Phase, PhaseMoves.Next(consultation.Phase),
            consultation.PhaseEnd?.EndsAt, consultation.PhaseEnd?.ScheduleId, consultation.Version);
}
