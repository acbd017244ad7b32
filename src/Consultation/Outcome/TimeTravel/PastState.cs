using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Outcome.TimeTravel;

/// <summary>
/// The documents of one consultation as they stood at a position of the event store: the consultation, its action
/// points, their endorsements and amendments, each rebuilt from its own events up to that position by the same
/// aggregates (their Create/Apply methods) that build the live documents. The views are then built from them by the
/// same code as the live views (<see cref="Board.Build"/>, <see cref="ActionPointViews.Details"/>).
/// </summary>
public sealed record PastState(
    long Position,
    Consultation Consultation,
    IReadOnlyList<ActionPoint> Points,
    IReadOnlyList<Endorsement> Endorsements,
    IReadOnlyList<Amendment> Amendments)
{
    public ConsultationBoard Board() => Consultations.Board.Build(Consultation, Points, Endorsements);

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
    /// One query finds the streams (the live documents name them: a stream is never removed), one reads their events up
    /// to the position; each stream is then folded by Marten's own aggregator for its document type.
    /// </summary>
    public static async Task<PastState?> Load(IQuerySession session, Guid consultationId, long position, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var pointIds = batch.Query<ActionPoint>().Where(p => p.ConsultationId == consultationId).Select(p => p.Id).ToList();
        var endorsementIds = batch.Query<Endorsement>().Where(e => e.ConsultationId == consultationId).Select(e => e.Id).ToList();
        var amendmentIds = batch.Query<Amendment>().Where(a => a.ConsultationId == consultationId).Select(a => a.Id).ToList();
        await batch.Execute(ct);
        var points = (await pointIds).ToHashSet();
        var endorsements = (await endorsementIds).ToHashSet();
        var amendments = (await amendmentIds).ToHashSet();

        var streams = new List<Guid>(points.Count + endorsements.Count + amendments.Count + 1) { consultationId };
        streams.AddRange(points);
        streams.AddRange(endorsements);
        streams.AddRange(amendments);
        var ids = streams.ToArray();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId.IsOneOf(ids) && e.Sequence <= position)
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
        return await Fold(session, consultationId, position, events, points, endorsements, amendments, ct);
    }

    /// <summary>Folds the events of the consultation's streams (in store order) into its documents, with Marten's aggregators.</summary>
    public static async Task<PastState?> Fold(IQuerySession session, Guid consultationId, long position, IReadOnlyList<IEvent> events,
        IReadOnlySet<Guid> pointIds, IReadOnlySet<Guid> endorsementIds, IReadOnlySet<Guid> amendmentIds, CancellationToken ct)
    {
        var byStream = events.GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g => (IReadOnlyList<IEvent>)g.ToList());
        if (!byStream.TryGetValue(consultationId, out var own)) return null;

        var projections = ((StoreOptions)session.DocumentStore.Options).Projections;
        var consultation = await Aggregate(projections.AggregatorFor<Consultation>(), own, session, ct);
        if (consultation is null) return null;
        consultation.Version = own.Count;

        var points = new List<ActionPoint>();
        var endorsements = new List<Endorsement>();
        var amendments = new List<Amendment>();
        var pointAggregator = projections.AggregatorFor<ActionPoint>();
        var endorsementAggregator = projections.AggregatorFor<Endorsement>();
        var amendmentAggregator = projections.AggregatorFor<Amendment>();
        foreach (var (streamId, stream) in byStream)
        {
            if (pointIds.Contains(streamId))
            {
                if (await Aggregate(pointAggregator, stream, session, ct) is { } p) { p.Version = stream.Count; points.Add(p); }
            }
            else if (endorsementIds.Contains(streamId))
            {
                if (await Aggregate(endorsementAggregator, stream, session, ct) is { } e) { e.Version = stream.Count; endorsements.Add(e); }
            }
            else if (amendmentIds.Contains(streamId))
            {
                if (await Aggregate(amendmentAggregator, stream, session, ct) is { } a) { a.Version = stream.Count; amendments.Add(a); }
            }
        }

        return new PastState(position, consultation, points, endorsements, amendments);
    }

    private static async Task<T?> Aggregate<T>(JasperFx.Events.Aggregation.IAggregator<T, IQuerySession> aggregator, IReadOnlyList<IEvent> events,
        IQuerySession session, CancellationToken ct) where T : class =>
        await aggregator.BuildAsync(events, session, null, ct);
}
