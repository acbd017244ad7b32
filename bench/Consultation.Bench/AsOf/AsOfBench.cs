using System.Diagnostics;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Bench.Infrastructure;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Hosting;
using ConsultationPlatform.Outcome.TimeTravel;
using ConsultationPlatform.Stakeholders;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ConsultationPlatform.Bench.AsOf;

/// <summary>
/// <c>-- --as-of</c>: the board of a consultation with 10,000 events as it stood at its last position, rebuilt from the
/// events (Outcome/TimeTravel), against the raw read of the same events' data by one SQL query, measured in the same
/// run on the same private PostgreSQL. Prints p50/p95 of each and their ratio (docs/benchmarks.md).
/// </summary>
public static class AsOfBench
{
    private static void Step(string text) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");

    public static async Task<int> Run(string[] args, CancellationToken ct)
    {
        var target = Value(args, "--events", 10_000);
        var rounds = Value(args, "--rounds", 40);
        var runFolder = Directory.CreateTempSubdirectory("consultation-asof-").FullName;
        using var database = BenchDatabase.Start(runFolder);
        Step($"PostgreSQL: {database.Describe}");
        var connection = database.CreateDatabase("bench_asof");
        var repository = DatabaseSettings.RepositoryRoot() ?? throw new InvalidOperationException("Run from the repository.");
        var app = ConsultationApp.Build(["--urls", "http://127.0.0.1:0", "--environment", "Production"], b => b.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:Consultation"] = connection,
                ["Seeds:Directory"] = Path.Combine(repository, "seeds"),
                // The daemon runs (it writes the time-travel checkpoints while the events are appended); it has caught up,
                // and nothing is appended, before anything is measured.
                ["Database:DaemonMode"] = "Solo",
                ["Logging:LogLevel:Default"] = "Warning",
            }));
        await app.StartAsync(ct);
        try
        {
            var store = app.Services.GetRequiredService<IDocumentStore>();
            var (consultationId, points) = await RoundTable3(store, ct);
            Step($"Round table 3 loaded: {points.Count} action points; appending endorsements until it has {target:N0} events");
            var events = await Fill(store, consultationId, points, target, ct);
            await Marten.Events.TestingExtensions.WaitForNonStaleProjectionDataAsync(store, TimeSpan.FromMinutes(5));
            await using var session = store.QuerySession();
            var position = (await store.Advanced.FetchEventStoreStatistics(token: ct)).EventSequenceNumber;
            Step($"The consultation has {events:N0} events; the store is at position {position:N0}");
            var checkpoints = await session.Query<PastCheckpoint>().Where(c => c.ConsultationId == consultationId)
                .OrderBy(c => c.Position).Select(c => c.Position).ToListAsync(ct);
            if (checkpoints.Count < 2) throw new InvalidOperationException($"Only {checkpoints.Count} checkpoints were written.");
            // The worst position for a checkpointed read: just before a checkpoint, the most events after the one before.
            var worst = checkpoints[^1] - 1;
            var tailAtLast = await TailLength(session, consultationId, checkpoints[^1], position, ct);
            var tailAtWorst = await TailLength(session, consultationId, checkpoints[^2], worst, ct);
            Step($"{checkpoints.Count} checkpoints (every {PastCheckpointProjection.DefaultEvery} events of the consultation), the last at position {checkpoints[^1]:N0}: " +
                 $"{tailAtLast} events to fold after it at the last position, {tailAtWorst} at position {worst:N0}");

            // The same events, read raw: the floor any rebuild from events stands on.
            var streams = new List<Guid> { consultationId };
            streams.AddRange(await session.Query<ActionPoint>().Where(p => p.ConsultationId == consultationId).Select(p => p.Id).ToListAsync(ct));
            streams.AddRange(await session.Query<Endorsement>().Where(e => e.ConsultationId == consultationId).Select(e => e.Id).ToListAsync(ct));
            await using var raw = NpgsqlDataSource.Create(connection);
            async Task<int> Raw()
            {
                await using var command = raw.CreateCommand("select data from consultation.mt_events where stream_id = any($1) and seq_id <= $2 order by seq_id");
                command.Parameters.Add(new NpgsqlParameter { Value = streams.ToArray() });
                command.Parameters.Add(new NpgsqlParameter { Value = position });
                await using var reader = await command.ExecuteReaderAsync(ct);
                var rows = 0;
                while (await reader.ReadAsync(ct)) { reader.GetString(0); rows++; }
                return rows;
            }

            async Task<int> AsOf()
            {
                await using var s = store.QuerySession();
                var board = (await PastReads.Load(s, consultationId, position, ct))!.Board();
                return board.ActionPoints.Sum(p => p.Endorsements.Total);
            }

            async Task<int> AsOfWorst()
            {
                await using var s = store.QuerySession();
                var board = (await PastReads.Load(s, consultationId, worst, ct))!.Board();
                return board.ActionPoints.Sum(p => p.Endorsements.Total);
            }

            // What the as-of board was before the checkpoints: every event folded from the beginning.
            async Task<int> Replay()
            {
                await using var s = store.QuerySession();
                var board = (await PastReads.Replay(s, consultationId, position, ct))!.Board();
                return board.ActionPoints.Sum(p => p.Endorsements.Total);
            }

            // The same events read by Marten, deserialized to their types (the first half of the as-of board).
            async Task<int> Typed()
            {
                await using var s = store.QuerySession();
                var ids = streams.ToArray();
                var read = await s.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(ids) && e.Sequence <= position).ToListAsync(ct);
                return read.Count;
            }

            async Task<int> Live()
            {
                await using var s = store.QuerySession();
                var board = (await BoardReads.LoadBoard(s, consultationId, ct))!;
                return board.ActionPoints.Sum(p => p.Endorsements.Total);
            }

            var rawRows = await Raw();
            var asOf = await AsOf();
            var live = await Live();
            if (rawRows != events) throw new InvalidOperationException($"The raw read returned {rawRows} rows, not {events}.");
            if (asOf != live) throw new InvalidOperationException($"The as-of board counts {asOf} endorsements, the live one {live}.");
            await using (var check = store.QuerySession())
            {
                var json = System.Text.Json.JsonSerializer.Serialize((await PastReads.Load(check, consultationId, position, ct))!.Board());
                if (json != System.Text.Json.JsonSerializer.Serialize((await PastReads.Replay(check, consultationId, position, ct))!.Board()))
                    throw new InvalidOperationException("The checkpointed as-of board differs from the replay at the last position.");
                json = System.Text.Json.JsonSerializer.Serialize((await PastReads.Load(check, consultationId, worst, ct))!.Board());
                if (json != System.Text.Json.JsonSerializer.Serialize((await PastReads.Replay(check, consultationId, worst, ct))!.Board()))
                    throw new InvalidOperationException($"The checkpointed as-of board differs from the replay at position {worst}.");
            }

            Step($"Check: the as-of board at the last position equals the live board ({live:N0} active endorsements), and both as-of boards equal replays");

            var rawTimes = new List<double>();
            var asOfTimes = new List<double>();
            var liveTimes = new List<double>();
            var typedTimes = new List<double>();
            var worstTimes = new List<double>();
            var replayTimes = new List<double>();
            for (var i = 0; i < 3; i++) { await Raw(); await AsOf(); await AsOfWorst(); await Replay(); await Live(); await Typed(); }
            // Interleaved, so that a burst of load from elsewhere on the machine hits all three alike.
            for (var i = 0; i < rounds; i++)
            {
                rawTimes.Add(await Time(Raw));
                asOfTimes.Add(await Time(AsOf));
                worstTimes.Add(await Time(AsOfWorst));
                replayTimes.Add(await Time(Replay));
                liveTimes.Add(await Time(Live));
                typedTimes.Add(await Time(Typed));
            }

            Console.WriteLine();
            Console.WriteLine($"| read ({events:N0} events, {rounds} rounds) | p50 ms | p95 ms | p50 / raw p50 |");
            Console.WriteLine("|---|---|---|---|");
            Row("raw SELECT of the events' data (baseline)", rawTimes, rawTimes);
            Row($"as-of board at the last position (checkpoint + {tailAtLast} events)", asOfTimes, rawTimes);
            Row($"as-of board at the worst position, {worst:N0} (checkpoint + {tailAtWorst} events)", worstTimes, rawTimes);
            Row("as-of board replayed from every event (no checkpoint: the method before)", replayTimes, rawTimes);
            Row("the same events read by Marten, typed (part of the as-of board)", typedTimes, rawTimes);
            Row("live board (from the projected documents)", liveTimes, rawTimes);
            Console.WriteLine();
            return Percentile(worstTimes, 0.95) <= 100 ? 0 : 1;
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
            try { Directory.Delete(runFolder, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<int> TailLength(IQuerySession session, Guid consultationId, long from, long to, CancellationToken ct)
    {
        var state = await PastReads.Replay(session, consultationId, to, ct);
        var before = await PastReads.Replay(session, consultationId, from, ct);
        int Count(PastState s) => s.Consultation.Version + s.Points.Sum(p => p.Version) + s.Endorsements.Sum(e => e.Version) + s.Amendments.Sum(a => a.Version);
        return Count(state!) - Count(before!);
    }

    private static void Row(string name, List<double> times, List<double> baseline) =>
        Console.WriteLine($"| {name} | {Percentile(times, 0.5):F1} | {Percentile(times, 0.95):F1} | {Percentile(times, 0.5) / Percentile(baseline, 0.5):F2} |");

    private static async Task<double> Time(Func<Task<int>> read)
    {
        var clock = Stopwatch.StartNew();
        await read();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static int Value(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
    }

    private static async Task<(Guid, IReadOnlyList<ActionPoint>)> RoundTable3(IDocumentStore store, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            await using var session = store.QuerySession();
            var consultation = await session.Query<Consultation>().FirstOrDefaultAsync(c => c.Slug == "hld-2013-round-table-3", ct);
            if (consultation is not null)
            {
                var points = await session.Query<ActionPoint>().Where(p => p.ConsultationId == consultation.Id).ToListAsync(ct);
                if (points.Count > 0) return (consultation.Id, points);
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException("Round table 3 was never seeded.");
            await Task.Delay(100, ct);
        }
    }

    /// <summary>Endorsements given and withdrawn by many states on every point until the consultation has <paramref name="target"/> events.</summary>
    private static async Task<int> Fill(IDocumentStore store, Guid consultationId, IReadOnlyList<ActionPoint> points, int target, CancellationToken ct)
    {
        await using var count = store.QuerySession();
        var own = await count.Events.FetchStreamStateAsync(consultationId, ct);
        var existing = (int)own!.Version + points.Sum(p => p.Version);
        // Few enough states that each endorses each point more than once: given, updated and withdrawn.
        var states = Enumerable.Range(0, 400).Select(i => (Id: Guid.NewGuid(), Name: $"Bench state {i:D4}")).ToList();
        var given = new HashSet<Guid>();
        var events = existing;
        var i = 0;
        while (events < target)
        {
            await using var session = store.LightweightSession();
            for (var batch = 0; batch < 500 && events < target; batch++, i++, events++)
            {
                var point = points[i % points.Count];
                var (stateId, name) = states[i / points.Count % states.Count];
                var id = Endorsement.IdFor(point.Id, stateId);
                object e = given.Contains(id) && i % 3 == 0
                    ? new EndorsementWithdrawn(id, point.Id, consultationId, stateId, Guid.Empty)
                    : new EndorsementGiven(id, point.Id, consultationId, stateId, name, StakeholderGroup.MemberState, 1,
                        i % 7 == 0 ? "With a reservation." : null, Guid.Empty);
                if (e is EndorsementGiven) given.Add(id);
                else given.Remove(id);
                session.Events.Append(id, e);
            }

            await session.SaveChangesAsync(ct);
        }

        return events;
    }
}
