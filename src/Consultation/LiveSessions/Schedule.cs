using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.LiveSessions;

/// <summary>The act: the chair schedules a live session of a consultation. Sent by the API endpoint below, by the
/// schedule page (<c>Web/Pages/Sessions/Schedule.cshtml.cs</c>) and by the demo (<see cref="DemoSession"/>): one way
/// in. Answers the new session's id.</summary>
public sealed record Schedule(Guid ConsultationId, ScheduleSession Form, Actor Actor) : IAct<SessionCreated>;

/// <summary>The one handler of <see cref="Schedule"/>: the session's stream is new, started in the session (Wolverine commits it).</summary>
public static class ScheduleHandler
{
    /// <summary>The consultation and its action points (an agenda item names one by number).</summary>
    public static async Task<(Consultation?, IReadOnlyList<ActionPoint>)> LoadAsync(Schedule act, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<Consultation>(act.ConsultationId, ct) is { } consultation
            ? (consultation, await session.Query<ActionPoint>().Where(p => p.ConsultationId == act.ConsultationId).ToListAsync(ct))
            : (null, []);

    public static Outcome<SessionCreated> Handle(Schedule act, Consultation? consultation, IReadOnlyList<ActionPoint> points, IDocumentSession session)
    {
        // The role first: a refused caller learns nothing about the consultation.
        if (SessionDecisions.Chair(act.Actor) is { } notChair) return notChair;
        if (consultation is null) return new Refused.NotFound("consultation", act.ConsultationId);
        var id = Guid.NewGuid();
        var (refusal, scheduled) = SessionDecisions.Schedule(act.Actor, act.Form, id, consultation, points.Select(p => p.Number).ToList(),
            points.GroupBy(p => p.Number).ToDictionary(g => g.Key, g => g.First().Id));
        if (refusal is { } refused) return refused;
        session.Events.StartStream<Session>(id, scheduled!);
        return new SessionCreated(id);
    }
}

/// <summary>The HTTP way in to <see cref="Schedule"/>.</summary>
public static class ScheduleSessionEndpoint
{
    [WolverinePost("/api/consultations/{consultationId}/sessions", OperationId = "ScheduleSession")]
    [Authorize]
    [Tags(SessionEndpoints.Tag)]
    [ProducesResponseType<SessionCreated>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(ScheduleSession command, Guid consultationId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new Schedule(consultationId, command, Actor.Require(user)), ct))
        .ToHttp(created => Results.Created($"/api/sessions/{created.Id}", created));
}
