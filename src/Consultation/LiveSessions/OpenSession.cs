namespace ConsultationPlatform.LiveSessions;

/// <summary>The act: the chair opens the session. Sent by the API endpoint below and by the room's form
/// (<c>Web/Pages/Sessions/Room.cshtml.cs</c>): one way in.</summary>
public sealed record OpenSession(Guid SessionId, Actor Actor) : IAct<Recorded>;

/// <summary>The one handler of <see cref="OpenSession"/>: the chair's act on the session stream (<see cref="ChairActs"/>).</summary>
public static class OpenSessionHandler
{
    public static (Outcome<Recorded>, Events) Handle(OpenSession act, [WriteAggregate(Required = false)] Session? session, TimeProvider time) =>
        ChairActs.Decide(act, act.SessionId, session, s => SessionDecisions.Open(act.Actor, s, time.GetUtcNow()));
}

/// <summary>The HTTP way in to <see cref="OpenSession"/>.</summary>
public static class OpenSessionEndpoint
{
    [WolverinePost("/api/sessions/{sessionId}/open", OperationId = "OpenSession")]
    [Authorize]
    [Tags(SessionEndpoints.Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(Guid sessionId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new OpenSession(sessionId, Actor.Require(user)), ct)).ToHttp();
}
