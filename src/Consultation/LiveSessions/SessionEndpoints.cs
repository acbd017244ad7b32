using System.Security.Claims;
using ConsultationPlatform.Common;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ConsultationPlatform.LiveSessions;

public sealed record SessionCreated(Guid Id);

public sealed record InscriptionReceipt(Guid InscriptionId);

public sealed record StatementReceipt(Guid StatementId);

/// <summary>
/// The live sessions' HTTP endpoints: each runs the act of <see cref="SessionActs"/> (the pages' forms run the same),
/// and answers 204 (or 201 with the new resource), or the RFC 9457 problem.
/// </summary>
public static class SessionEndpoints
{
    private const string Tag = "Live sessions";

    private static IResult Answer(ProblemDetails problem) => problem.IsNone() ? Results.NoContent() : Results.Problem(problem);

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

    [WolverinePost("/api/consultations/{consultationId}/sessions", OperationId = "ScheduleSession")]
    [Authorize]
    [Tags(Tag)]
    [ProducesResponseType<SessionCreated>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)]
    public static async Task<IResult> Schedule(Guid consultationId, ScheduleSession command, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var (problem, id) = await SessionActs.Schedule(session, user, consultationId, command, ct);
        return problem.IsNone() ? Results.Created($"/api/sessions/{id}", new SessionCreated(id!.Value)) : Results.Problem(problem);
    }

    [WolverinePost("/api/sessions/{sessionId}/open", OperationId = "OpenSession")]
    [Authorize]
    [Tags(Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Open(Guid sessionId, IDocumentSession session, ClaimsPrincipal user, TimeProvider time, CancellationToken ct) =>
        Answer(await SessionActs.Open(session, user, sessionId, time.GetUtcNow(), ct));

    [WolverinePost("/api/sessions/{sessionId}/items/{itemId}/take-up", OperationId = "TakeUpAgendaItem")]
    [Authorize]
    [Tags(Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> TakeUp(Guid sessionId, Guid itemId, IDocumentSession session, ClaimsPrincipal user, TimeProvider time, CancellationToken ct) =>
        Answer(await SessionActs.TakeUp(session, user, sessionId, itemId, time.GetUtcNow(), ct));

    [WolverinePost("/api/sessions/{sessionId}/items/{itemId}/speakers-list", OperationId = "OpenOrCloseSpeakersList")]
    [Authorize]
    [Tags(Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> SetInscriptions(Guid sessionId, Guid itemId, SetInscriptions command, IDocumentSession session, ClaimsPrincipal user,
        CancellationToken ct) =>
        Answer(await SessionActs.SetInscriptions(session, user, sessionId, itemId, command, ct));

    [WolverinePost("/api/sessions/{sessionId}/items/{itemId}/order", OperationId = "ReorderSpeakers")]
    [Authorize]
    [Tags(Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Reorder(Guid sessionId, Guid itemId, ReorderSpeakers command, IDocumentSession session, ClaimsPrincipal user,
        CancellationToken ct) =>
        Answer(await SessionActs.Reorder(session, user, sessionId, itemId, command, ct));

    [WolverinePost("/api/sessions/{sessionId}/selections", OperationId = "SelectSpeaker")]
    [Authorize]
    [Tags(Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Select(Guid sessionId, SelectSpeaker command, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct) =>
        Answer(await SessionActs.Select(session, user, sessionId, command, ct));

    [WolverinePost("/api/sessions/{sessionId}/floor", OperationId = "GiveFloor")]
    [Authorize]
    [Tags(Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> GiveFloor(Guid sessionId, GiveFloor command, IDocumentSession session, ClaimsPrincipal user, TimeProvider time,
        CancellationToken ct) =>
        Answer(await SessionActs.GiveFloor(session, user, sessionId, command, time.GetUtcNow(), ct));

    [WolverinePost("/api/sessions/{sessionId}/suspend", OperationId = "SuspendSession")]
    [Authorize]
    [Tags(Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Suspend(Guid sessionId, SuspendSession command, IDocumentSession session, ClaimsPrincipal user, TimeProvider time,
        CancellationToken ct) =>
        Answer(await SessionActs.Suspend(session, user, sessionId, command, time.GetUtcNow(), ct));

    [WolverinePost("/api/sessions/{sessionId}/resume", OperationId = "ResumeSession")]
    [Authorize]
    [Tags(Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Resume(Guid sessionId, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct) =>
        Answer(await SessionActs.Resume(session, user, sessionId, ct));

    [WolverinePost("/api/sessions/{sessionId}/close", OperationId = "CloseSession")]
    [Authorize]
    [Tags(Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Close(Guid sessionId, IDocumentSession session, ClaimsPrincipal user, TimeProvider time, CancellationToken ct) =>
        Answer(await SessionActs.Close(session, user, sessionId, time.GetUtcNow(), ct));

    [WolverinePost("/api/sessions/{sessionId}/pin", OperationId = "PinStatement")]
    [Authorize]
    [Tags(Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Pin(Guid sessionId, PinStatement command, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct) =>
        Answer(await SessionActs.Pin(session, user, sessionId, command, ct));

    [WolverinePost("/api/sessions/{sessionId}/summary", OperationId = "PublishSessionSummary")]
    [Authorize]
    [Tags(Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> PublishSummary(Guid sessionId, PublishSummary command, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct) =>
        Answer(await SessionActs.PublishSummary(session, user, sessionId, command, ct));

    [WolverinePost("/api/sessions/{sessionId}/items/{itemId}/inscriptions", OperationId = "InscribeToSpeak")]
    [Authorize]
    [Tags(Tag)]
    [ProducesResponseType<InscriptionReceipt>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Inscribe(Guid sessionId, Guid itemId, Inscribe command, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var (problem, id) = await SessionActs.Inscribe(session, user, sessionId, itemId, command, rightOfReply: false, ct);
        return problem.IsNone() ? Results.Created($"/api/sessions/{sessionId}", new InscriptionReceipt(id!.Value)) : Results.Problem(problem);
    }

    [WolverinePost("/api/sessions/{sessionId}/items/{itemId}/replies", OperationId = "AskRightOfReply")]
    [Authorize]
    [Tags(Tag)]
    [ProducesResponseType<InscriptionReceipt>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> AskReply(Guid sessionId, Guid itemId, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var (problem, id) = await SessionActs.Inscribe(session, user, sessionId, itemId, new Inscribe(), rightOfReply: true, ct);
        return problem.IsNone() ? Results.Created($"/api/sessions/{sessionId}", new InscriptionReceipt(id!.Value)) : Results.Problem(problem);
    }

    [WolverinePost("/api/inscriptions/{inscriptionId}/withdraw", OperationId = "WithdrawInscription")]
    [Authorize]
    [Tags(Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Withdraw(Guid inscriptionId, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct) =>
        Answer(await SessionActs.Withdraw(session, user, inscriptionId, ct));

    [WolverinePost("/api/sessions/{sessionId}/statements", OperationId = "DeliverStatement")]
    [Authorize]
    [Tags(Tag)]
    [ProducesResponseType<StatementReceipt>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Deliver(Guid sessionId, DeliverStatement command, IDocumentSession session, ClaimsPrincipal user, TimeProvider time,
        CancellationToken ct)
    {
        var (problem, id) = await SessionActs.Deliver(session, user, sessionId, command, time.GetUtcNow(), ct);
        return problem.IsNone() ? Results.Created($"/api/sessions/{sessionId}#statement-{id}", new StatementReceipt(id!.Value)) : Results.Problem(problem);
    }

    [WolverinePost("/api/statements/{statementId}/hide", OperationId = "HideStatement")]
    [Authorize]
    [Tags(Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)]
    public static async Task<IResult> Hide(Guid statementId, HideStatement command, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct) =>
        Answer(await SessionActs.Hide(session, user, statementId, command, ct));

    [WolverinePost("/api/statements/{statementId}/approve", OperationId = "ApproveStatement")]
    [Authorize]
    [Tags(Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Approve(Guid statementId, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct) =>
        Answer(await SessionActs.Approve(session, user, statementId, ct));

    [WolverinePut("/api/sessions/{sessionId}/summary/draft", OperationId = "DraftSessionSummary")]
    [Authorize]
    [Tags(Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> DraftSummary(Guid sessionId, DraftSummary command, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct) =>
        Answer(await SessionActs.DraftSummary(session, user, sessionId, command, ct));

    [WolverineGet("/api/sessions/{sessionId}/summary/draft", OperationId = "GetSessionSummaryDraft")]
    [Authorize]
    [Tags(Tag)]
    [ProducesResponseType<SummaryDraftView>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)]
    public static async Task<IResult> GetDraft(Guid sessionId, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var chair = SessionDecisions.Chair(Stakeholders.Actor.From(user));
        if (!chair.IsNone()) return Results.Problem(chair);
        if (await session.LoadAsync<Session>(sessionId, ct) is not { } s) return Results.Problem(Problems.NotFound("session", sessionId));
        var ofConsultation = SessionDecisions.Chair(Stakeholders.Actor.From(user), s.ConsultationId);
        return ofConsultation.IsNone()
            ? Results.Ok(new SummaryDraftView(s.Id, s.SummaryDraft, s.SummaryDraftCites, s.SummaryEdition))
            : Results.Problem(ofConsultation);
    }
}
