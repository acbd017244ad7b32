using System.Globalization;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Positions;
using JasperFx.Events;
using Marten.Linq.MatchesSql;

namespace ConsultationPlatform.Outcome.TimeTravel;

/// <summary>
/// The documents of one consultation as they stood at a position of the event store: the consultation, its action
/// points, their endorsements, the other stakeholders' positions and the amendments, each rebuilt from its own events up to that position by the same
/// aggregates (their Create/Apply methods) that build the live documents. The views are then built from them by the
/// same code as the live views (<see cref="Board.Build"/>, <see cref="ActionPointViews.Details"/>).
/// </summary>
public sealed record PastState(
    long Position,
    Consultation Consultation,
    IReadOnlyList<ActionPoint> Points,
    IReadOnlyList<Endorsement> Endorsements,
    IReadOnlyList<Amendment> Amendments,
    IReadOnlyList<Position> Positions)
{
    /// <summary>Per stream, the position of its first event (the documents are listed in that order, as a replay lists them).</summary>
    public IReadOnlyDictionary<Guid, long> FirstSeen { get; init; } = new Dictionary<Guid, long>();

    public ConsultationBoard Board() => Consultations.Board.Build(Consultation, Points, Endorsements);

    /// <summary>The consensus then: the endorsements of the board, and the positions on each point's text of that moment.</summary>
    public Consensus Consensus()
    {
        var board = Board();
        return ConsensusAndAudit.ConsensusOf(board, board.ActionPoints.ToDictionary(p => p.Id,
            p => PositionReads.Tally(p.Version, Positions.Where(x => x.ActionPointId == p.Id))));
    }

    public ActionPointDetails? Point(Guid actionPointId) =>
        Points.FirstOrDefault(p => p.Id == actionPointId) is { } point
            ? ActionPointViews.Details(point, Amendments.Where(a => a.ActionPointId == actionPointId), Endorsements)
            : null;
}

/// <summary>The moment a past view is asked for: a position of the event store, or a time (the last position at or before it).</summary>
public sealed record Moment(long? Position, DateTimeOffset? At)
{
    public bool IsNow => Position is null && At is null;

    /// <summary>Both at once is ambiguous; a position below 1 names nothing.</summary>
    public ProblemDetails Check()
    {
        if (Position is not null && At is not null)
            return Problems.Invalid(("position", "Give either a position or a time (at), not both."));
        if (Position is < 1)
            return Problems.Invalid(("position", "A position is a positive number (the events are numbered from 1)."));
        return Problems.None;
    }
}

/// <summary>The streams of a consultation's documents, by kind (its own stream aside).</summary>
public sealed record StreamsOfConsultation(
    IReadOnlySet<Guid> Points, IReadOnlySet<Guid> Endorsements, IReadOnlySet<Guid> Amendments, IReadOnlySet<Guid> Positions);

/// <summary>Reads of the past.</summary>
public static class PastReads
{
    /// <summary>The last position of the event store at or before <paramref name="at"/> (0 when nothing happened yet).</summary>
    public static async Task<long> PositionAt(IQuerySession session, DateTimeOffset at, CancellationToken ct)
    {
        var table = $"{session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events";
        var found = await session.QueryAsync<long>($"select coalesce(max(seq_id), 0) from {table} where timestamp <= ?", ct, at.ToUniversalTime());
        return found.Count == 0 ? 0 : found[0];
    }

    /// <summary>The position a moment stands for.</summary>
    public static async Task<long> Resolve(IQuerySession session, Moment moment, CancellationToken ct) =>
        moment.Position ?? await PositionAt(session, moment.At!.Value, ct);

    /// <summary>
    /// The consultation as it stood at <paramref name="position"/>, or null when it did not exist then (or never did).
    /// One batch finds the streams (the live documents name them: a stream is never removed) and the nearest
    /// <see cref="PastCheckpoint"/> at or before the position; one query reads the events after that checkpoint up to the
    /// position; each stream is then folded on from its checkpointed state by Marten's own aggregator for its type.
    /// </summary>
    public static Task<PastState?> Load(IQuerySession session, Guid consultationId, long position, CancellationToken ct) =>
        Load(session, consultationId, position, useCheckpoints: true, ct);

    /// <summary>The same from every event since the beginning, no checkpoint used: a replay.</summary>
    public static Task<PastState?> Replay(IQuerySession session, Guid consultationId, long position, CancellationToken ct) =>
        Load(session, consultationId, position, useCheckpoints: false, ct);

    private static async Task<PastState?> Load(IQuerySession session, Guid consultationId, long position, bool useCheckpoints, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var pointIds = batch.Query<ActionPoint>().Where(p => p.ConsultationId == consultationId).Select(p => p.Id).ToList();
        var endorsementIds = batch.Query<Endorsement>().Where(e => e.ConsultationId == consultationId).Select(e => e.Id).ToList();
        var amendmentIds = batch.Query<Amendment>().Where(a => a.ConsultationId == consultationId).Select(a => a.Id).ToList();
        var positionIds = batch.Query<Position>().Where(p => p.ConsultationId == consultationId).Select(p => p.Id).ToList();
        var nearest = useCheckpoints
            // A checkpoint of an earlier format (before positions were folded) is not used: it lacks them.
            ? batch.Query<PastCheckpoint>().Where(c => c.ConsultationId == consultationId && c.Position <= position && c.Format == PastCheckpoint.CurrentFormat)
                .OrderByDescending(c => c.Position).FirstOrDefault()
            : Task.FromResult<PastCheckpoint?>(null)!;
        await batch.Execute(ct);
        var points = (await pointIds).ToHashSet();
        var endorsements = (await endorsementIds).ToHashSet();
        var amendments = (await amendmentIds).ToHashSet();
        var positions = (await positionIds).ToHashSet();
        var checkpoint = await nearest;
        var from = checkpoint?.Position ?? 0;

        var streams = new List<Guid>(points.Count + endorsements.Count + amendments.Count + positions.Count + 1) { consultationId };
        streams.AddRange(points);
        streams.AddRange(endorsements);
        streams.AddRange(amendments);
        streams.AddRange(positions);
        var ids = streams.ToArray();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId.IsOneOf(ids))
            .Where(e => e.MatchesSql(PositionRange(from, position)))
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
        return await Fold(session, consultationId, position, events, new(points, endorsements, amendments, positions), ct, checkpoint);
    }

    /// <summary>
    /// The range of positions as SQL with the two numbers written in, not bound as parameters (issue 14, goal 2). The
    /// statement's text is then new at each call, so Npgsql never prepares it and PostgreSQL plans it for these bounds:
    /// a short range is read from the position index, a long one (the first checkpoint of a consultation in a store that
    /// already holds a million events, or a checkpoint after other consultations' busy hours) through the consultation's
    /// own streams. A prepared statement's generic plan read every position in the range whatever its length: a
    /// million index entries for a consultation's first checkpoint in a store of a million events
    /// (docs/benchmarks.md, "Issue 14 on a quiet machine", goal 2). Both are numbers: nothing from outside reaches the text.
    /// </summary>
    private static string PositionRange(long after, long upTo) =>
        string.Create(CultureInfo.InvariantCulture, $"d.seq_id > {after} and d.seq_id <= {upTo}");

    /// <summary>
    /// Folds the events of the consultation's streams (in store order) into its documents, with Marten's aggregators,
    /// on from a checkpoint's documents when one is given (the events are then those after its position).
    /// </summary>
    public static async Task<PastState?> Fold(IQuerySession session, Guid consultationId, long position, IReadOnlyList<IEvent> events,
        StreamsOfConsultation streams, CancellationToken ct,
        PastCheckpoint? checkpoint = null)
    {
        var byStream = events.GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g => (IReadOnlyList<IEvent>)g.ToList());
        var firstSeen = new Dictionary<Guid, long>(checkpoint?.FirstSeen ?? []);
        foreach (var (streamId, stream) in byStream) firstSeen.TryAdd(streamId, stream[0].Sequence);
        var own = byStream.GetValueOrDefault(consultationId) ?? [];
        if (own.Count == 0 && checkpoint is null) return null;

        var projections = ((StoreOptions)session.DocumentStore.Options).Projections;
        // The version before folding: the aggregator may set the snapshot's own version while it folds on from it.
        var consultationBefore = checkpoint?.Consultation.Version ?? 0;
        var consultation = await Aggregate(projections.AggregatorFor<Consultation>(), own, checkpoint?.Consultation, session, ct);
        if (consultation is null) return null;
        consultation.Version = consultationBefore + own.Count;

        var points = await FoldAll(projections.AggregatorFor<ActionPoint>(), streams.Points, checkpoint?.Points, p => p.Id, (p, v) => p.Version = v, p => p.Version);
        var endorsements = await FoldAll(projections.AggregatorFor<Endorsement>(), streams.Endorsements, checkpoint?.Endorsements, e => e.Id, (e, v) => e.Version = v, e => e.Version);
        var amendments = await FoldAll(projections.AggregatorFor<Amendment>(), streams.Amendments, checkpoint?.Amendments, a => a.Id, (a, v) => a.Version = v, a => a.Version);
        var positions = await FoldAll(projections.AggregatorFor<Position>(), streams.Positions, checkpoint?.Positions, p => p.Id, (p, v) => p.Version = v, p => p.Version);
        return new PastState(position, consultation, points, endorsements, amendments, positions) { FirstSeen = firstSeen };

        // Each stream of a kind: its checkpointed document (if any) folded on with its events since; listed in the
        // order of the streams' first events, as a replay of every event lists them.
        async Task<List<T>> FoldAll<T>(JasperFx.Events.Aggregation.IAggregator<T, IQuerySession> aggregator, IReadOnlySet<Guid> kind,
            IReadOnlyList<T>? seeds, Func<T, Guid> idOf, Action<T, int> setVersion, Func<T, int> versionOf) where T : class
        {
            var seeded = seeds?.ToDictionary(idOf) ?? [];
            var folded = new List<(long First, T Document)>();
            foreach (var streamId in seeded.Keys.Union(byStream.Keys.Where(kind.Contains)))
            {
                var stream = byStream.GetValueOrDefault(streamId) ?? [];
                var seed = seeded.GetValueOrDefault(streamId);
                var before = seed is null ? 0 : versionOf(seed);
                if (await Aggregate(aggregator, stream, seed, session, ct) is not { } document) continue;
                setVersion(document, before + stream.Count);
                folded.Add((firstSeen[streamId], document));
            }

            return folded.OrderBy(f => f.First).Select(f => f.Document).ToList();
        }
    }

    private static async Task<T?> Aggregate<T>(JasperFx.Events.Aggregation.IAggregator<T, IQuerySession> aggregator, IReadOnlyList<IEvent> events,
        T? snapshot, IQuerySession session, CancellationToken ct) where T : class =>
        events.Count == 0 ? snapshot : await aggregator.BuildAsync(events, session, snapshot, ct);
}
