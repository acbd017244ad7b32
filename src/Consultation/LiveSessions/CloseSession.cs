namespace ConsultationPlatform.LiveSessions;

/// <summary>The act: the chair closes the session. Sent by the API endpoint below and by the room's form
/// (<c>Web/Pages/Sessions/Room.cshtml.cs</c>): one way in.</summary>
public sealed record CloseSession(Guid SessionId, Actor Actor) : IAct<Recorded>;

/// <summary>The one handler of <see cref="CloseSession"/>: the chair's act on the session stream (<see cref="ChairActs"/>).</summary>
public static class CloseSessionHandler
{
    public static (Outcome<Recorded>, Events) Handle(CloseSession act, [WriteAggregate(Required = false)] Session? session, TimeProvider time) =>
        ChairActs.Decide(act, act.SessionId, session, s => SessionDecisions.Close(act.Actor, s, time.GetUtcNow()));
}

/// <summary>The HTTP way in to <see cref="CloseSession"/>.</summary>
public static class CloseSessionEndpoint
{
    [WolverinePost("/api/sessions/{sessionId}/close", OperationId = "CloseSession")]
    [Authorize]
    [Tags(SessionEndpoints.Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(Guid sessionId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new CloseSession(sessionId, Actor.Require(user)), ct)).ToHttp();
}
