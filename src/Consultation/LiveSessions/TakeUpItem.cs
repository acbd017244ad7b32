namespace ConsultationPlatform.LiveSessions;

/// <summary>The act: the chair takes up an item of the agenda. Sent by the API endpoint below and by the room's form
/// (<c>Web/Pages/Sessions/Room.cshtml.cs</c>): one way in.</summary>
public sealed record TakeUpItem(Guid SessionId, Guid ItemId, Actor Actor) : IAct<Recorded>;

/// <summary>The one handler of <see cref="TakeUpItem"/>: the chair's act on the session stream (<see cref="ChairActs"/>).</summary>
public static class TakeUpItemHandler
{
    public static (Outcome<Recorded>, Events) Handle(TakeUpItem act, [WriteAggregate(Required = false)] Session? session, TimeProvider time) =>
        ChairActs.Decide(act, act.SessionId, session, s => SessionDecisions.TakeUp(act.Actor, s, act.ItemId, time.GetUtcNow()));
}

/// <summary>The HTTP way in to <see cref="TakeUpItem"/>.</summary>
public static class TakeUpItemEndpoint
{
    [WolverinePost("/api/sessions/{sessionId}/items/{itemId}/take-up", OperationId = "TakeUpAgendaItem")]
    [Authorize]
    [Tags(SessionEndpoints.Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(Guid sessionId, Guid itemId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new TakeUpItem(sessionId, itemId, Actor.Require(user)), ct)).ToHttp();
}
