using ConsultationPlatform.Consultations.History;

namespace ConsultationPlatform.Consultations;

/// <summary>
/// Per action point: who endorses its current text (governments and IGOs), by stakeholder group, with reservations
/// counted apart; and, apart from the endorsements, the other stakeholders' positions (<see cref="OtherStakeholders"/>).
/// </summary>
public sealed record PointConsensus(
    Guid ActionPointId,
    int Number,
    int Version,
    IReadOnlyDictionary<StakeholderGroup, int> EndorsingCurrentText,
    int WithReservation,
    int ForEarlierVersions,
    Positions.PositionTally? OtherStakeholders = null);

public sealed record Consensus(Guid ConsultationId, IReadOnlyList<PointConsensus> ActionPoints);

/// <summary>One line of the audit log: who did what, for which organisation, when.</summary>
public sealed record AuditEntry(long Position, DateTimeOffset At, string Type, Guid? ActionPointId, string? Organisation, string? Person, ChangeAudience Audience);

public sealed record AuditLog(Guid ConsultationId, bool IncludesPrivate, IReadOnlyList<AuditEntry> Entries, long? Next);

public static class ConsensusAndAudit
{
    public const int MaxPage = 500;

    public static Consensus ConsensusOf(ConsultationBoard board, IReadOnlyDictionary<Guid, Positions.PositionTally>? positions = null) => new(board.Id,
        board.ActionPoints.Select(p => new PointConsensus(p.Id, p.Number, p.Version,
            p.Endorsements.CurrentByGroup, p.Endorsements.WithReservation, p.Endorsements.OfEarlierVersions,
            positions is null ? null : positions.GetValueOrDefault(p.Id) ?? Positions.PositionTally.None)).ToList());

    /// <summary>The audit line as a viewer may see it: the person behind a public act is named to moderators only.</summary>
    public static AuditEntry Entry(ConsultationChange c, bool moderator) =>
        new(c.Id, c.At, c.Type, c.ActionPointId, c.ActorOrganisationName, moderator ? c.ActorPersonName : null, c.Audience);
}

public static class ConsensusEndpoint
{
    [WolverineGet("/api/consultations/{id}/consensus", OperationId = "GetConsensus")]
    [Tags("Consultations")]
    [ProducesResponseType<Consensus>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid id, long? position, DateTimeOffset? at, IQuerySession session, HttpContext http, CancellationToken ct) =>
        position is not null || at is not null ? await Outcome.TimeTravel.PastEndpoints.Consensus(id, new(position, at), session, http, ct) :
        await BoardReads.LoadBoard(session, id, ct) is { } board
            ? Results.Ok(ConsensusAndAudit.ConsensusOf(board,
                await Positions.PositionReads.Tallies(session, id, board.ActionPoints.ToDictionary(p => p.Id, p => p.Version), ct)))
            : Results.Problem(Problems.NotFound("consultation", id));
}

public static class AuditLogEndpoint
{
    /// <summary>
    /// The consultation's history, oldest first, from position <paramref name="after"/> on: its public acts for
    /// everyone; every act, private ones included, with the person who acted, for moderators and co-chairs.
    /// </summary>
    [WolverineGet("/api/consultations/{id}/audit", OperationId = "GetAuditLog")]
    [Tags("Consultations")]
    [ProducesResponseType<AuditLog>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid id, long? after, int? limit, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<Consultation>(id, ct) is null) return Results.Problem(Problems.NotFound("consultation", id));
        if (limit is < 1 or > ConsensusAndAudit.MaxPage)
            return Results.Problem(Problems.Invalid(("limit", $"A page holds 1 to {ConsensusAndAudit.MaxPage} entries.")));

        var moderator = Actor.From(user) is { } actor && actor.In(id).Allows(AccessAct.SeePrivateItems);
        var (entries, next) = await Page(session, id, moderator, after ?? 0, limit ?? 100, newestFirst: false, ct);
        return Results.Ok(new AuditLog(id, moderator, entries, next));
    }

    /// <summary>
    /// One page of a consultation's audit log: the one query of this endpoint and of the moderators' console. Oldest
    /// first after position <paramref name="from"/>, or (<paramref name="newestFirst"/>) newest first before it; the
    /// public acts only unless the reader is a <paramref name="moderator"/>; with the position the next page starts
    /// from when there is more.
    /// </summary>
    public static async Task<(IReadOnlyList<AuditEntry> Entries, long? Next)> Page(IQuerySession session, Guid consultationId, bool moderator,
        long? from, int take, bool newestFirst, CancellationToken ct)
    {
        var query = session.Query<ConsultationChange>().Where(c => c.ConsultationId == consultationId && c.Audience != ChangeAudience.Person);
        if (from is { } position) query = newestFirst ? query.Where(c => c.Id < position) : query.Where(c => c.Id > position);
        if (!moderator) query = query.Where(c => c.Audience == ChangeAudience.Public);
        var page = await (newestFirst ? query.OrderByDescending(c => c.Id) : query.OrderBy(c => c.Id)).Take(take + 1).ToListAsync(ct);
        var entries = page.Take(take).Select(c => ConsensusAndAudit.Entry(c, moderator)).ToList();
        return (entries, page.Count > take ? entries[^1].Position : null);
    }
}
