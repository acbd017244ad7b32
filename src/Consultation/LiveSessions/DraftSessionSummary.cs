namespace ConsultationPlatform.LiveSessions;

/// <summary>The act: the chair saves the draft of the session's summary (seen by the secretariat only). Sent by the API endpoint below and by the room's form
/// (<c>Web/Pages/Sessions/Room.cshtml.cs</c>): one way in.</summary>
public sealed record DraftSessionSummary(Guid SessionId, DraftSummary Form, Actor Actor) : IAct<Recorded>;

/// <summary>The one handler of <see cref="DraftSessionSummary"/>: the chair's act on the session stream (<see cref="ChairActs"/>).</summary>
public static class DraftSessionSummaryHandler
{
    /// <summary>The statements of the session (the summary cites them).</summary>
    public static Task<IReadOnlyList<Statement>> LoadAsync(DraftSessionSummary act, IQuerySession session, CancellationToken ct) =>
        session.Query<Statement>().Where(x => x.SessionId == act.SessionId).ToListAsync(ct);

    public static (Outcome<Recorded>, Events) Handle(DraftSessionSummary act, [WriteAggregate(Required = false)] Session? session, IReadOnlyList<Statement> statements) =>
        ChairActs.Decide(act, act.SessionId, session, s => SessionDecisions.DraftSummary(act.Actor, s, act.Form, statements));
}

/// <summary>The HTTP way in to <see cref="DraftSessionSummary"/>.</summary>
public static class DraftSessionSummaryEndpoint
{
    [WolverinePut("/api/sessions/{sessionId}/summary/draft", OperationId = "DraftSessionSummary")]
    [Authorize]
    [Tags(SessionEndpoints.Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(DraftSummary command, Guid sessionId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new DraftSessionSummary(sessionId, command, Actor.Require(user)), ct)).ToHttp();
}
