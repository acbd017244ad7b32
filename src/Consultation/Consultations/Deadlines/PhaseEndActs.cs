using JasperFx;
using Microsoft.Extensions.Logging;

namespace ConsultationPlatform.Consultations;

/// <summary>The act: schedule (or reschedule) the end of the consultation's current phase. Sent by the API endpoint
/// below and by the console's deadline page: one way in (docs/architecture.md).</summary>
public sealed record SchedulePhaseEnd(Guid ConsultationId, SchedulePhaseEndForm Form, Actor Actor) : IAct<PhaseEndStatus>;

/// <summary>The act: call off the scheduled end of the current phase.</summary>
public sealed record CancelPhaseEnd(Guid ConsultationId, Actor Actor) : IAct<Recorded>;

/// <summary>The one handler of <see cref="SchedulePhaseEnd"/>: the schedule is an event of the consultation, and the
/// message that ends the phase is scheduled in the same transaction (Wolverine's outbox, durable in PostgreSQL).</summary>
public static class SchedulePhaseEndHandler
{
    public static (Outcome<PhaseEndStatus>, Events, OutgoingMessages) Handle(SchedulePhaseEnd act,
        [WriteAggregate(Required = false)] Consultation? consultation, TimeProvider time)
    {
        if (consultation is null) return (new Refused.NotFound("consultation", act.ConsultationId), [], []);
        if (PhaseEnds.Check(act.Actor, act.Form, consultation, time.GetUtcNow()) is { } refused) return (refused, [], []);

        var scheduled = PhaseEnds.Schedule(act.Actor, act.Form, consultation, Guid.NewGuid());
        var messages = new OutgoingMessages();
        messages.Schedule(new EndScheduledPhase(consultation.Id, scheduled.ScheduleId), scheduled.EndsAt);
        var status = new PhaseEndStatus(consultation.Id, consultation.Phase, PhaseMoves.Next(consultation.Phase), scheduled.EndsAt,
            scheduled.ScheduleId, consultation.Version + 1);
        return (status, new Events([scheduled]), messages);
    }
}

/// <summary>The one handler of <see cref="CancelPhaseEnd"/>: the message already scheduled stays, and finds nothing to do.</summary>
public static class CancelPhaseEndHandler
{
    public static (Outcome<Recorded>, Events) Handle(CancelPhaseEnd act, [WriteAggregate(Required = false)] Consultation? consultation)
    {
        if (consultation is null) return (new Refused.NotFound("consultation", act.ConsultationId), []);
        if (PhaseEnds.CheckCancel(act.Actor, consultation) is { } refused) return (refused, []);
        return (Recorded.Act, new Events([PhaseEnds.Cancel(act.Actor, consultation)]));
    }
}

/// <summary>
/// The scheduled end arrives: the consultation moves on, once. The consultation is loaded with an exclusive lock
/// (several nodes, or a message delivered twice, wait for each other), and the decision moves it only if this
/// message's schedule is still the current one; the move clears the schedule, so whoever comes second does nothing.
/// </summary>
public static class EndScheduledPhaseHandler
{
    public static (Events, OutgoingMessages) Handle(EndScheduledPhase message,
        [WriteAggregate(Required = false, LoadStyle = ConcurrencyStyle.Exclusive)] Consultation? consultation,
        TimeProvider time, ILogger<EndScheduledPhase> logger)
    {
        var (events, waitUntil) = PhaseEnds.Reach(consultation, message.ScheduleId, time.GetUtcNow());
        var messages = new OutgoingMessages();
        if (waitUntil is { } at) messages.Schedule(message, at);
        if (events.Count > 0)
            logger.LogInformation("Consultation {ConsultationId}: its {Phase} phase ended as scheduled", message.ConsultationId, consultation!.Phase);
        return (new Events(events), messages);
    }
}

public static class SchedulePhaseEndEndpoint
{
    /// <summary>Schedules the end of the consultation's current phase: at that moment it moves on to the next phase by
    /// itself, once. Scheduling again replaces the schedule; a phase change by hand ends it.</summary>
    [WolverinePut("/api/consultations/{id}/phase-end", OperationId = "SchedulePhaseEnd")]
    [Authorize]
    [Tags("Consultations")]
    [ProducesResponseType<PhaseEndStatus>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Put(SchedulePhaseEndForm command, Guid id, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new SchedulePhaseEnd(id, command, Actor.Require(user)), ct)).ToHttp();
}

public static class CancelPhaseEndEndpoint
{
    /// <summary>Calls off the scheduled end of the current phase (409 when none is scheduled).</summary>
    [WolverineDelete("/api/consultations/{id}/phase-end", OperationId = "CancelPhaseEnd")]
    [Authorize]
    [Tags("Consultations")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Delete(Guid id, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new CancelPhaseEnd(id, Actor.Require(user)), ct)).ToHttp();
}

public static class PhaseEndStatusEndpoint
{
    /// <summary>The consultation's phase and when it ends (public, like the phase).</summary>
    [WolverineGet("/api/consultations/{id}/phase-end", OperationId = "GetPhaseEnd")]
    [Tags("Consultations")]
    [ProducesResponseType<PhaseEndStatus>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<Consultation>(id, ct) is { } consultation
            ? Results.Ok(PhaseEnds.Status(consultation))
            : Results.Problem(Problems.NotFound("consultation", id));
}
