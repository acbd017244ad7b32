namespace ConsultationPlatform.LiveSessions;

/// <summary>The act: the chair publishes the session's summary, citing its statements. Sent by the API endpoint below and by the room's form
/// (<c>Web/Pages/Sessions/Room.cshtml.cs</c>): one way in.</summary>
public sealed record PublishSessionSummary(Guid SessionId, PublishSummary Form, Actor Actor) : IAct<Recorded>;

/// <summary>The one handler of <see cref="PublishSessionSummary"/>: the chair's act on the session stream (<see cref="ChairActs"/>).</summary>
public static class PublishSessionSummaryHandler
{
    /// <summary>The statements of the session (the summary cites them).</summary>
    public static Task<IReadOnlyList<Statement>> LoadAsync(PublishSessionSummary act, IQuerySession session, CancellationToken ct) =>
        session.Query<Statement>().Where(x => x.SessionId == act.SessionId).ToListAsync(ct);

    public static (Outcome<Recorded>, Events) Handle(PublishSessionSummary act, [WriteAggregate(Required = false)] Session? session, IReadOnlyList<Statement> statements) =>
        ChairActs.Decide(act, act.SessionId, session, s => SessionDecisions.PublishSummary(act.Actor, s, act.Form, statements));
}

/// <summary>The HTTP way in to <see cref="PublishSessionSummary"/>.</summary>
public static class PublishSessionSummaryEndpoint
{
    [WolverinePost("/api/sessions/{sessionId}/summary", OperationId = "PublishSessionSummary")]
    [Authorize]
    [Tags(SessionEndpoints.Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(PublishSummary command, Guid sessionId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new PublishSessionSummary(sessionId, command, Actor.Require(user)), ct)).ToHttp();
}
