using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Endorsements;

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

    /// <summary>
    /// The board entries of some points. The endorsements are counted by PostgreSQL (grouped by stakeholder group
    /// and version), so the cost does not grow with the number of endorsements brought back to the server.
    /// </summary>
    public static async Task<IReadOnlyList<BoardActionPoint>> LoadEntries(IQuerySession session, IReadOnlyCollection<Guid> actionPointIds, CancellationToken ct)
    {
        var points = await session.LoadManyAsync<ActionPoint>(ct, actionPointIds);
        var rows = await Tallies(session, actionPointIds.ToArray(), ct);
        return points.Select(p => Board.Entry(p, rows)).ToList();
    }

    public static async Task<IReadOnlyList<TallyRow>> Tallies(IQuerySession session, Guid[] actionPointIds, CancellationToken ct)
    {
        var table = $"{session.DocumentStore.Options.DatabaseSchemaName}.mt_doc_endorsement";
        return await session.QueryAsync<TallyRow>(EndorsementCounting.RowsSql(table), ct, actionPointIds);
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
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static async Task<IResult> GetBoard(Guid id, long? position, DateTimeOffset? at, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        // As it stood at a position or a moment (time travel): Outcome/TimeTravel.
        if (position is not null || at is not null) return await Outcome.TimeTravel.PastEndpoints.Board(id, new(position, at), session, http, ct);
        var board = await BoardReads.LoadBoard(session, id, ct);
        return board is null
            ? Results.Problem(Problems.NotFound("consultation", id))
            : Results.Ok(board);
    }
}
