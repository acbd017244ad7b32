namespace ConsultationPlatform.LiveSessions;

/// <summary>The act: the chair opens or closes an item's list of speakers. Sent by the API endpoint below and by the room's form
/// (<c>Web/Pages/Sessions/Room.cshtml.cs</c>): one way in.</summary>
public sealed record OpenOrCloseList(Guid SessionId, Guid ItemId, SetInscriptions Form, Actor Actor) : IAct<Recorded>;

/// <summary>The one handler of <see cref="OpenOrCloseList"/>: the chair's act on the session stream (<see cref="ChairActs"/>).</summary>
public static class OpenOrCloseListHandler
{
    public static (Outcome<Recorded>, Events) Handle(OpenOrCloseList act, [WriteAggregate(Required = false)] Session? session) =>
        ChairActs.Decide(act, act.SessionId, session, s => SessionDecisions.SetInscriptions(act.Actor, s, act.ItemId, act.Form));
}

/// <summary>The HTTP way in to <see cref="OpenOrCloseList"/>.</summary>
public static class OpenOrCloseListEndpoint
{
    [WolverinePost("/api/sessions/{sessionId}/items/{itemId}/speakers-list", OperationId = "OpenOrCloseSpeakersList")]
    [Authorize]
    [Tags(SessionEndpoints.Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(SetInscriptions command, Guid sessionId, Guid itemId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new OpenOrCloseList(sessionId, itemId, command, Actor.Require(user)), ct)).ToHttp();
}
