namespace ConsultationPlatform.LiveSessions;

/// <summary>The act: the chair pins a statement of the session. Sent by the API endpoint below and by the room's form
/// (<c>Web/Pages/Sessions/Room.cshtml.cs</c>): one way in.</summary>
public sealed record Pin(Guid SessionId, PinStatement Form, Actor Actor) : IAct<Recorded>;

/// <summary>The one handler of <see cref="Pin"/>: the chair's act on the session stream (<see cref="ChairActs"/>).</summary>
public static class PinHandler
{
    /// <summary>The statement pinned.</summary>
    public static Task<Statement?> LoadAsync(Pin act, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<Statement>(act.Form.StatementId, ct);

    public static (Outcome<Recorded>, Events) Handle(Pin act, [WriteAggregate(Required = false)] Session? session, Statement? statement) =>
        ChairActs.Decide(act, act.SessionId, session, s => SessionDecisions.Pin(act.Actor, s, act.Form, statement));
}

/// <summary>The HTTP way in to <see cref="Pin"/>.</summary>
public static class PinEndpoint
{
    [WolverinePost("/api/sessions/{sessionId}/pin", OperationId = "PinStatement")]
    [Authorize]
    [Tags(SessionEndpoints.Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(PinStatement command, Guid sessionId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new Pin(sessionId, command, Actor.Require(user)), ct)).ToHttp();
}
