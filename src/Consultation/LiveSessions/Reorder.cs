namespace ConsultationPlatform.LiveSessions;

/// <summary>The act: the chair puts speakers first in an item's list, for a recorded reason. Sent by the API endpoint below and by the room's form
/// (<c>Web/Pages/Sessions/Room.cshtml.cs</c>): one way in.</summary>
public sealed record Reorder(Guid SessionId, Guid ItemId, ReorderSpeakers Form, Actor Actor) : IAct<Recorded>;

/// <summary>The one handler of <see cref="Reorder"/>: the chair's act on the session stream (<see cref="ChairActs"/>).</summary>
public static class ReorderHandler
{
    /// <summary>The lists of speakers of the session (the order the decision keeps).</summary>
    public static Task<IReadOnlyList<Inscribed>> LoadAsync(Reorder act, IQuerySession session, CancellationToken ct) =>
        SessionReads.Inscriptions(session, act.SessionId, ct);

    public static (Outcome<Recorded>, Events) Handle(Reorder act, [WriteAggregate(Required = false)] Session? session, IReadOnlyList<Inscribed> all) =>
        ChairActs.Decide(act, act.SessionId, session, s => SessionDecisions.Reorder(act.Actor, s, act.ItemId, act.Form, SpeakingOrder.For(s, act.ItemId, all)));
}

/// <summary>The HTTP way in to <see cref="Reorder"/>.</summary>
public static class ReorderEndpoint
{
    [WolverinePost("/api/sessions/{sessionId}/items/{itemId}/order", OperationId = "ReorderSpeakers")]
    [Authorize]
    [Tags(SessionEndpoints.Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(ReorderSpeakers command, Guid sessionId, Guid itemId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new Reorder(sessionId, itemId, command, Actor.Require(user)), ct)).ToHttp();
}
