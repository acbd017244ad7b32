namespace ConsultationPlatform.LiveSessions;

/// <summary>The act: the chair selects a speaker awaiting selection. Sent by the API endpoint below and by the room's form
/// (<c>Web/Pages/Sessions/Room.cshtml.cs</c>): one way in.</summary>
public sealed record Select(Guid SessionId, SelectSpeaker Form, Actor Actor) : IAct<Recorded>;

/// <summary>The one handler of <see cref="Select"/>: the chair's act on the session stream (<see cref="ChairActs"/>).</summary>
public static class SelectHandler
{
    /// <summary>The lists of speakers of the session (the order the decision keeps).</summary>
    public static Task<IReadOnlyList<Inscribed>> LoadAsync(Select act, IQuerySession session, CancellationToken ct) =>
        SessionReads.Inscriptions(session, act.SessionId, ct);

    public static (Outcome<Recorded>, Events) Handle(Select act, [WriteAggregate(Required = false)] Session? session, IReadOnlyList<Inscribed> all) =>
        ChairActs.Decide(act, act.SessionId, session, s => SessionDecisions.Select(act.Actor, s, act.Form, s.Agenda.Select(item => SpeakingOrder.For(s, item.Id, all)).ToList()));
}

/// <summary>The HTTP way in to <see cref="Select"/>.</summary>
public static class SelectEndpoint
{
    [WolverinePost("/api/sessions/{sessionId}/selections", OperationId = "SelectSpeaker")]
    [Authorize]
    [Tags(SessionEndpoints.Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(SelectSpeaker command, Guid sessionId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new Select(sessionId, command, Actor.Require(user)), ct)).ToHttp();
}
