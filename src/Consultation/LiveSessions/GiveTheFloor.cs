namespace ConsultationPlatform.LiveSessions;

/// <summary>The act: the chair gives the floor (to the next speaker, or the one named), for a time. Sent by the API endpoint below and by the room's form
/// (<c>Web/Pages/Sessions/Room.cshtml.cs</c>): one way in.</summary>
public sealed record GiveTheFloor(Guid SessionId, GiveFloor Form, Actor Actor) : IAct<Recorded>;

/// <summary>The one handler of <see cref="GiveTheFloor"/>: the chair's act on the session stream (<see cref="ChairActs"/>).</summary>
public static class GiveTheFloorHandler
{
    /// <summary>The lists of speakers of the session (the order the decision keeps).</summary>
    public static Task<IReadOnlyList<Inscribed>> LoadAsync(GiveTheFloor act, IQuerySession session, CancellationToken ct) =>
        SessionReads.Inscriptions(session, act.SessionId, ct);

    public static (Outcome<Recorded>, Events) Handle(GiveTheFloor act, [WriteAggregate(Required = false)] Session? session, IReadOnlyList<Inscribed> all, TimeProvider time) =>
        ChairActs.Decide(act, act.SessionId, session, s => SessionDecisions.GiveFloor(act.Actor, s, act.Form, s.CurrentItemId is { } item ? SpeakingOrder.For(s, item, all) : null, time.GetUtcNow()));
}

/// <summary>The HTTP way in to <see cref="GiveTheFloor"/>.</summary>
public static class GiveTheFloorEndpoint
{
    [WolverinePost("/api/sessions/{sessionId}/floor", OperationId = "GiveFloor")]
    [Authorize]
    [Tags(SessionEndpoints.Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(GiveFloor command, Guid sessionId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new GiveTheFloor(sessionId, command, Actor.Require(user)), ct)).ToHttp();
}
