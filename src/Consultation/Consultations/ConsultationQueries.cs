using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Common;
using ConsultationPlatform.Endorsements;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ConsultationPlatform.Consultations;

/// <summary>Reads of the board; shared by the HTTP endpoints and the live push.</summary>
public static class BoardReads
{
    public static async Task<ConsultationBoard?> LoadBoard(IQuerySession session, Guid consultationId, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var consultation = batch.Load<Consultation>(consultationId);
        var points = batch.Query<ActionPoint>().Where(p => p.ConsultationId == consultationId).ToList();
        var endorsements = batch.Query<Endorsement>().Where(e => e.ConsultationId == consultationId && e.Active).ToList();
        await batch.Execute(ct);
        var found = await consultation;
        return found is null ? null : Board.Build(found, await points, await endorsements);
    }

    public static async Task<IReadOnlyList<BoardActionPoint>> LoadEntries(IQuerySession session, IReadOnlyCollection<Guid> actionPointIds, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var points = batch.LoadMany<ActionPoint>().ById(actionPointIds.ToArray());
        var endorsements = batch.Query<Endorsement>().Where(e => actionPointIds.Contains(e.ActionPointId) && e.Active).ToList();
        await batch.Execute(ct);
        var byPoint = (await endorsements).ToLookup(e => e.ActionPointId);
        return (await points).Select(p => Board.Entry(p, byPoint[p.Id])).ToList();
    }

    public static async Task<BoardActionPoint?> LoadEntry(IQuerySession session, Guid actionPointId, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var point = batch.Load<ActionPoint>(actionPointId);
        var endorsements = batch.Query<Endorsement>().Where(e => e.ActionPointId == actionPointId && e.Active).ToList();
        await batch.Execute(ct);
        var found = await point;
        return found is null ? null : Board.Entry(found, await endorsements);
    }
}

public static class ConsultationEndpoints
{
    [WolverineGet("/api/consultations", OperationId = "ListConsultations")]
    [Tags("Consultations")]
    public static async Task<IReadOnlyList<ConsultationSummary>> List(IQuerySession session, CancellationToken ct)
    {
        var consultations = await session.Query<Consultation>().ToListAsync(ct);
        var points = await session.Query<ActionPoint>().Select(p => p.ConsultationId).ToListAsync(ct);
        var counts = points.CountBy(id => id).ToDictionary();
        return consultations
            .OrderBy(c => c.Dialogue?.StartDate).ThenBy(c => c.Number).ThenBy(c => c.Title)
            .Select(c => Board.Summarise(c, counts.GetValueOrDefault(c.Id)))
            .ToList();
    }

    [WolverineGet("/api/consultations/{id}", OperationId = "GetConsultationBoard")]
    [Tags("Consultations")]
    [ProducesResponseType<ConsultationBoard>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> GetBoard(Guid id, IQuerySession session, CancellationToken ct)
    {
        var board = await BoardReads.LoadBoard(session, id, ct);
        return board is null
            ? Results.Problem(Problems.NotFound("consultation", id))
            : Results.Ok(board);
    }
}
