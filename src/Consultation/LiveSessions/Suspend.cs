namespace ConsultationPlatform.LiveSessions;

/// <summary>The act: the chair suspends the session (a reason optional). Sent by the API endpoint below and by the room's form
/// (<c>Web/Pages/Sessions/Room.cshtml.cs</c>): one way in.</summary>
public sealed record Suspend(Guid SessionId, SuspendSession Form, Actor Actor) : IAct<Recorded>;

/// <summary>The one handler of <see cref="Suspend"/>: the chair's act on the session stream (<see cref="ChairActs"/>).</summary>
public static class SuspendHandler
{
    public static (Outcome<Recorded>, Events) Handle(Suspend act, [WriteAggregate(Required = false)] Session? session, TimeProvider time) =>
        ChairActs.Decide(act, act.SessionId, session, s => SessionDecisions.Suspend(act.Actor, s, act.Form, time.GetUtcNow()));
}

/// <summary>The HTTP way in to <see cref="Suspend"/>.</summary>
public static class SuspendEndpoint
{
    [WolverinePost("/api/sessions/{sessionId}/suspend", OperationId = "SuspendSession")]
    [Authorize]
    [Tags(SessionEndpoints.Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(SuspendSession command, Guid sessionId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new Suspend(sessionId, command, Actor.Require(user)), ct)).ToHttp();
}
