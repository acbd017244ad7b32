using System.Collections.Concurrent;
using System.Reflection;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using JasperFx.Events;
using Marten.Events.Projections;

namespace ConsultationPlatform.Outcome.TimeTravel;

/// <summary>
/// The documents of one consultation folded from its events up to <see cref="Position"/> (a <see cref="PastState"/>,
/// stored): a past view at a position P starts from the nearest checkpoint at or before P and folds only the events
/// after it, instead of every event since the consultation began. <see cref="FirstSeen"/> keeps, per stream, the
/// position of its first event, so that the documents come out in the order a full replay gives them.
/// </summary>
public sealed class PastCheckpoint
{
    /// <summary>The consultation and the position: <c>{consultationId:N}:{position:D19}</c>.</summary>
    public string Id { get; set; } = "";

    /// <summary>Format 2 holds the positions too; a checkpoint of format 1 (before them) is never read.</summary>
    public const int CurrentFormat = 2;

    public int Format { get; set; } = 1;
    public Guid ConsultationId { get; set; }
    public long Position { get; set; }
    public Consultation Consultation { get; set; } = null!;
    public List<ActionPoint> Points { get; set; } = [];
    public List<Endorsement> Endorsements { get; set; } = [];
    public List<Amendment> Amendments { get; set; } = [];
    public List<Positions.Position> Positions { get; set; } = [];
    public Dictionary<Guid, long> FirstSeen { get; set; } = [];

    public static string IdFor(Guid consultationId, long position) => $"{consultationId:N}:{position:D19}";

    public static PastCheckpoint Of(PastState state) => new()
    {
        Id = IdFor(state.Consultation.Id, state.Position),
        Format = CurrentFormat,
        ConsultationId = state.Consultation.Id,
        Position = state.Position,
        Consultation = state.Consultation,
        Points = state.Points.ToList(),
        Endorsements = state.Endorsements.ToList(),
        Amendments = state.Amendments.ToList(),
        Positions = state.Positions.ToList(),
        FirstSeen = new Dictionary<Guid, long>(state.FirstSeen),
    };
}

/// <summary>How many of a consultation's events the checkpoints projection has seen since its last checkpoint.</summary>
public sealed class PastCheckpointTally
{
    /// <summary>The consultation.</summary>
    public Guid Id { get; set; }

    public long LastCheckpoint { get; set; }
    public int EventsSince { get; set; }
}

/// <summary>
/// Writes a <see cref="PastCheckpoint"/> of a consultation at every <see cref="Every"/>-th of its events. Registered async: the daemon hands it events only up to the high
/// water mark, so every event at or before a checkpoint's position is committed and the checkpoint never changes.
/// A checkpoint is folded by <see cref="PastReads.Load"/> itself (the previous checkpoint and the events since), so
/// it is exactly what a replay up to its position gives.
/// </summary>
public sealed class PastCheckpointProjection(int every) : IProjection
{
    public const string ProjectionName = "PastCheckpoints";
    public const int DefaultEvery = 200;

    public int Every { get; } = Math.Max(1, every);

    private static readonly ConcurrentDictionary<Type, PropertyInfo?> ConsultationIds = new();

    /// <summary>The consultation an event belongs to (the events of the consultation's own, point, endorsement, position and amendment streams all name it).</summary>
    public static Guid? ConsultationOf(object data)
    {
        var property = ConsultationIds.GetOrAdd(data.GetType(), type =>
            type.GetProperty("ConsultationId", BindingFlags.Public | BindingFlags.Instance) is { } p && p.PropertyType == typeof(Guid) ? p : null);
        return property?.GetValue(data) is Guid id && id != Guid.Empty ? id : null;
    }

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var touched = new Dictionary<Guid, List<long>>();
        foreach (var e in events)
        {
            if (ConsultationOf(e.Data) is not { } id) continue;
            if (!touched.TryGetValue(id, out var positions)) touched[id] = positions = [];
            positions.Add(e.Sequence);
        }

        foreach (var (consultationId, positions) in touched)
        {
            var tally = await operations.LoadAsync<PastCheckpointTally>(consultationId, cancellation) ?? new PastCheckpointTally { Id = consultationId };
            foreach (var position in positions.Order())
            {
                if (position <= tally.LastCheckpoint) continue; // seen already (a batch handed over again)
                if (++tally.EventsSince < Every) continue;
                // Folded from the last checkpoint stored before this batch and the events after it (a checkpoint stored
                // in this batch is not in the store yet): each one a replay's state at its position.
                if (await PastReads.Load(operations, consultationId, position, cancellation) is not { } state) continue;
                operations.Store(PastCheckpoint.Of(state));
                tally.LastCheckpoint = position;
                tally.EventsSince = 0;
            }

            operations.Store(tally);
        }
    }
}

/// <summary>The checkpoints' wiring (from <see cref="OutcomeWiring"/>).</summary>
public static class PastCheckpointsWiring
{
    public static void ConfigurePastCheckpoints(this StoreOptions opts, int every)
    {
        // The position and the consultation as columns: finding the nearest checkpoint never reads a checkpoint's body.
        opts.Schema.For<PastCheckpoint>().Duplicate(x => x.ConsultationId).Duplicate(x => x.Position);
        opts.Schema.For<PastCheckpointTally>();
        opts.Projections.Add(new PastCheckpointProjection(every), JasperFx.Events.Projections.ProjectionLifecycle.Async,
            PastCheckpointProjection.ProjectionName,
            o =>
            {
                o.DeleteViewTypeOnTeardown<PastCheckpoint>();
                o.DeleteViewTypeOnTeardown<PastCheckpointTally>();
            });
    }
}
