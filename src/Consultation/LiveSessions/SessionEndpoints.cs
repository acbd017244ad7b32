namespace ConsultationPlatform.LiveSessions;

public sealed record SessionCreated(Guid Id);

public sealed record InscriptionReceipt(Guid InscriptionId);

public sealed record StatementReceipt(Guid StatementId);

/// <summary>
/// The live sessions' reads over HTTP. Every act has its own file, named as the act (<see cref="Schedule"/>,
/// <see cref="OpenSession"/>, <see cref="InscribeToSpeak"/>, ...): the command, its one handler and its endpoint.
/// </summary>
public static class SessionEndpoints
{
    public const string Tag = "Live sessions";

    [WolverineGet("/api/consultations/{consultationId}/sessions", OperationId = "ListSessions")]
    [Tags(Tag)]
    [ProducesResponseType<IReadOnlyList<SessionListEntry>>(StatusCodes.Status200OK)]
    public static Task<IReadOnlyList<SessionListEntry>> List(Guid consultationId, IQuerySession session, CancellationToken ct) =>
        SessionReads.OfConsultation(session, consultationId, ct);

    [WolverineGet("/api/sessions/{sessionId}", OperationId = "GetSession")]
    [Tags(Tag)]
    [ProducesResponseType<SessionRoom>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid sessionId, IQuerySession session, ClaimsPrincipal user, TimeProvider time, CancellationToken ct) =>
        await SessionReads.Room(session, sessionId, time.GetUtcNow(), ct, viewer: Stakeholders.Actor.From(user)) is { } room
            ? Results.Ok(room)
            : Results.Problem(Problems.NotFound("session", sessionId));

    [WolverineGet("/api/sessions/{sessionId}/summary/draft", OperationId = "GetSessionSummaryDraft")]
    [Authorize]
    [Tags(Tag)]
    [ProducesResponseType<SummaryDraftView>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)]
    public static async Task<IResult> GetDraft(Guid sessionId, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var chair = SessionDecisions.Chair(Stakeholders.Actor.From(user));
        if (chair is not null) return Results.Problem(chair.ToProblem());
        if (await session.LoadAsync<Session>(sessionId, ct) is not { } s) return Results.Problem(Problems.NotFound("session", sessionId));
        var ofConsultation = SessionDecisions.Chair(Stakeholders.Actor.From(user), s.ConsultationId);
        return ofConsultation is null
            ? Results.Ok(new SummaryDraftView(s.Id, s.SummaryDraft, s.SummaryDraftCites, s.SummaryEdition))
            : Results.Problem(ofConsultation.ToProblem());
    }
}
