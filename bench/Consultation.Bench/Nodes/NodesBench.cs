using System.Diagnostics;
using System.Globalization;
using System.Text;
using ConsultationPlatform.Bench.Infrastructure;
using ConsultationPlatform.Bench.Live;
using ConsultationPlatform.Bench.Load;
using ConsultationPlatform.Bench.Setup;
using ConsultationPlatform.Hosting;
using ConsultationPlatform.LivePush;
using Npgsql;

namespace ConsultationPlatform.Bench.Nodes;

/// <summary>
/// Several nodes (issue 15), <c>-- --nodes</c>: in one run, on one private PostgreSQL, pgbench's TPC-B baseline, then
/// three configurations with the same SignalR connections, the same writers and the same seconds: one node without
/// Redis, one node with Redis (the several-nodes defaults of Hosting/ScaleOut.cs apply: the Redis backplane and
/// <c>Database:Wakeup=notify</c>), two nodes with Redis (connections half and half, writers spread over both). Each
/// configuration has a fresh database and freshly started server processes. Measured per configuration: an idle spell
/// with the connections held, a saturating phase (16 points, every request a new endorsement) and a paced phase;
/// endorsements/s and their ratio to pgbench's tps, push latency, the CPU of the nodes (summed), of PostgreSQL and of
/// Redis (its pid), and whether every client holds every change once (the fleet's Compare against the store).
/// </summary>
public static class NodesBench
{
    private const string Schema = "consultation";
    private static readonly string[] Slugs = ["nodes-warmup", "nodes-a", "nodes-b"];

    private sealed record Configuration(string Key, string Label, int Nodes, bool Redis);

    private static readonly Configuration[] Configurations =
    [
        new("1", "1 node, no Redis", 1, false),
        new("1r", "1 node + Redis", 1, true),
        new("2r", "2 nodes + Redis", 2, true),
    ];

    public const string Usage = """
        Several nodes (issue 15): one node without Redis, one node with Redis, two nodes with Redis, in one run.

        dotnet run -c Release --project bench/Consultation.Bench -- --nodes [options]

          --connections N      SignalR connections in each configuration, split over the nodes (default 200)
          --writers N          concurrent HTTP writers, spread over the nodes (default 16)
          --seconds S          each write phase (saturating, paced) (default 10)
          --paced-rate R       endorsements/s in all in the paced phase (default 25; 0: no paced phase)
          --idle-seconds S     CPU measured with the connections held and no writes (default 5)
          --warmup S           writes through every node before measuring (default 10)
          --pgbench-seconds S  pgbench TPC-B duration (default 10); --pgbench-clients N (16); --pgbench-scale N (10)
          --only K[,K]         only these configurations (1, 1r, 2r)
          --no-rate-limits     the server's rate limits off (default: on, production budgets)
          --report PATH        where to add the run (default docs/benchmarks.md, in its "Several nodes" section); --no-report
          --note TEXT          a note kept with the run
          --keep               keep the run's folder (server logs)
        """;

    private sealed record Options(int Connections, int Writers, int Seconds, int PacedRate, int IdleSeconds, int WarmupSeconds,
        int PgbenchSeconds, int PgbenchClients, int PgbenchScale, string[] Only, bool RateLimitsOff, string? Report, bool WriteReport,
        string? Note, bool Keep, string Arguments)
    {
        public int Pool => Math.Max(500, 200 * Seconds);
    }

    private static void Step(string text) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");

    public static async Task<int> Run(string[] args, CancellationToken outer)
    {
        if (args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(Usage);
            return 0;
        }

        Options options;
        try
        {
            options = Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        if (!OperatingSystem.IsLinux() || BenchRedis.Program() is null)
        {
            Console.Error.WriteLine("The several-nodes benchmark reads /proc and starts /usr/bin/redis-server (apt-get install redis-server): Linux with Redis installed.");
            return 2;
        }

        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(outer);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var ct = cancel.Token;
        // Configuration 1 must not inherit a backplane from the environment.
        Environment.SetEnvironmentVariable("ConnectionStrings__Redis", null);

        var repository = DatabaseSettings.RepositoryRoot() ?? throw new InvalidOperationException("Run from the repository.");
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var serverDll = Path.Combine(repository, "src", "Consultation", "bin", configuration, "net10.0", "Consultation.dll");
        var reportPath = options.Report ?? Path.Combine(repository, "docs", "benchmarks.md");
        Linux.RaiseOpenFilesLimit();
        var runFolder = Directory.CreateTempSubdirectory("consultation-nodes-bench-").FullName;
        Step($"Run folder {runFolder}");
        var started = DateTimeOffset.UtcNow;
        var loads = new List<string> { LoadAverage() };
        var results = new List<ConfigurationResult>();
        var exit = 0;
        PgBenchResult? pgbench = null;
        MachineInfo? machine = null;
        string? failure = null;
        try
        {
            using var database = BenchDatabase.Start(runFolder);
            Step($"PostgreSQL: {database.Describe}");
            machine = MachineInfo.Read(database);
            await using var monitor = new ResourceMonitor(database.PostmasterPid);

            var pgDatabase = new NpgsqlConnectionStringBuilder(database.CreateDatabase("bench_nodes_pgbench"));
            Step($"pgbench: initialising scale {options.PgbenchScale}");
            await PgBench.Initialise(database.BinDirectory, pgDatabase, options.PgbenchScale, ct);
            database.Checkpoint();
            Step($"pgbench: TPC-B, {options.PgbenchClients} clients, {options.PgbenchSeconds} s");
            pgbench = await PgBench.Measure(database.BinDirectory, pgDatabase, options.PgbenchScale, options.PgbenchClients, options.PgbenchSeconds, ct);
            Step($"  {pgbench.Tps:N0} tps");
            database.Checkpoint();

            var seeds = BenchSetup.WriteSeeds(Path.GetDirectoryName(serverDll)!, Path.Combine(runFolder, "seeds"), Slugs);
            foreach (var config in Configurations.Where(c => options.Only.Length == 0 || options.Only.Contains(c.Key)))
            {
                Step($"== {config.Label} ==");
                results.Add(await RunConfiguration(config, options, database, monitor, serverDll, seeds, runFolder, ct));
                loads.Add(LoadAverage());
                database.Checkpoint();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            failure = "cancelled";
            exit = 130;
        }
        catch (Exception ex)
        {
            failure = $"{ex.GetType().Name}: {ex.Message}";
            Console.Error.WriteLine(ex);
            exit = 1;
        }

        var report = new NodesReport(options, started, machine, pgbench, results, loads, failure);
        Console.WriteLine();
        Console.WriteLine(report.Console());
        if (results.Any(r => !r.Complete)) exit = exit == 0 ? 1 : exit;
        if (options.WriteReport && failure is null && results.Count > 0)
        {
            Insert(reportPath, report.Markdown());
            Step($"Added the run to {reportPath}");
        }

        if (options.Keep || exit != 0) Step($"Kept the run's folder: {runFolder}");
        else
        {
            try
            {
                Directory.Delete(runFolder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"Could not delete {runFolder}: {ex.Message}");
            }
        }

        return exit;
    }

    /// <summary>One configuration: its database, its Redis (if any), its nodes, the warm-up, the idle spell, two write phases, the check.</summary>
    private static async Task<ConfigurationResult> RunConfiguration(Configuration config, Options options, BenchDatabase database,
        ResourceMonitor monitor, string serverDll, string seeds, string runFolder, CancellationToken ct)
    {
        var result = new ConfigurationResult(config.Label, config.Nodes, config.Redis);
        var appConnection = database.CreateDatabase($"bench_nodes_{config.Key}");
        BenchRedis? redis = null;
        var nodes = new List<ServerProcess>();
        var fleets = new List<LiveFleet>();
        try
        {
            if (config.Redis)
            {
                redis = await BenchRedis.Start(Path.Combine(runFolder, $"redis-{config.Key}"), ct);
                Step($"Redis at {redis.ConnectionString} (pid {redis.Pid})");
            }

            Dictionary<string, string> Settings(string name, bool importSeeds)
            {
                var settings = new Dictionary<string, string>
                {
                    ["ConnectionStrings:Consultation"] = new NpgsqlConnectionStringBuilder(appConnection) { ApplicationName = $"consultation-{name}" }.ConnectionString,
                    ["Authentication:AllowActingHeaders"] = "true",
                    ["Seeds:Directory"] = seeds,
                    ["Seeds:ImportOnStart"] = importSeeds ? "true" : "false",
                    ["Logging:Console:FormatterName"] = "simple",
                };
                if (redis is not null)
                {
                    settings["ConnectionStrings:Redis"] = redis.ConnectionString;
                    settings["Redis:ChannelPrefix"] = $"bench-{config.Key}";
                }

                result.RateLimits = BenchRateLimits.Apply(options.RateLimitsOff, settings);
                return settings;
            }

            // The first node imports the seeds and takes the daemon's HotCold locks (projections, live-push subscription)
            // before any other node exists; the others wait for them, as in TwoNodes.cs of the tests.
            Step($"Starting node A: dotnet {serverDll}");
            nodes.Add(await ServerProcess.Start(serverDll, Settings("A", importSeeds: true), Path.Combine(runFolder, $"server-{config.Key}-A.log"), ct));
            Step($"  node A ready at {nodes[0].BaseAddress} (pid {nodes[0].Pid})");
            await using var probe = new StoreProbe(appConnection, Schema);
            var loads = new List<EndorsementLoad> { new(nodes[0].BaseAddress) };
            // A node's first requests compile their handlers: on a loaded machine that outlasts the writers' 30-second timeout.
            using var setupHttp = new HttpClient { BaseAddress = nodes[0].BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
            var consultations = await BenchSetup.Consultations(setupHttp, Slugs, ct);
            var (warm, a, b) = (consultations[0], consultations[1], consultations[2]);
            if (!await probe.WaitForLiveViews(await probe.LastEvent(ct), TimeSpan.FromMinutes(2), ct))
                throw new TimeoutException("Node A's live-views subscription did not process the seeds.");
            for (var n = 1; n < config.Nodes; n++)
            {
                var name = ((char)('A' + n)).ToString();
                Step($"Starting node {name}");
                nodes.Add(await ServerProcess.Start(serverDll, Settings(name, importSeeds: false), Path.Combine(runFolder, $"server-{config.Key}-{name}.log"), ct));
                Step($"  node {name} ready at {nodes[n].BaseAddress} (pid {nodes[n].Pid})");
                loads.Add(new EndorsementLoad(nodes[n].BaseAddress));
            }

            result.Wakeup = config.Redis ? "notify (ScaleOut default)" : "in-process (default)";
            var pool = BenchSetup.Stakeholders("Bench state", options.Pool);
            var warmPool = BenchSetup.Stakeholders("Bench warm-up state", 64 * config.Nodes);
            Step($"Accrediting {pool.Count:N0} stakeholders to two consultations, {warmPool.Count} for the warm-up");
            await BenchSetup.Accredit(appConnection, [(a.Id, pool), (b.Id, pool), (warm.Id, warmPool)], ct);

            var hubs = nodes.Select(n => new Uri(n.BaseAddress, ConsultationHub.Path)).ToList();
            await WarmUp(hubs, loads, probe, warm, warmPool, options, ct);

            // The fleets: the connections split over the nodes, each client joined to A and B before the writes.
            var @base = await probe.LastEvent(ct);
            var share = Split(options.Connections, config.Nodes);
            Step($"Opening {options.Connections:N0} SignalR connections ({string.Join(" + ", share)}), each joined to both consultations");
            for (var n = 0; n < config.Nodes; n++)
            {
                var fleet = new LiveFleet(hubs[n], [a.Id, b.Id], @base);
                fleets.Add(fleet);
                await fleet.ConnectAll(share[n], 32, ct);
                result.ConnectFailures += fleet.ConnectFailures;
            }

            var pids = nodes.Select(n => n.Pid).ToList();
            Snapshot Take() => Snapshot.Take(monitor, pids, redis?.Pid);

            // Idle: the connections held, nothing written (timers, the daemon's polling, Redis's keep-alives).
            if (options.IdleSeconds > 0)
            {
                Step($"Idle for {options.IdleSeconds} s with the connections held");
                var before = Take();
                await Task.Delay(TimeSpan.FromSeconds(options.IdleSeconds), ct);
                result.Idle = Use.Between(before, Take());
            }

            async Task<PhaseResult> Measured(string label, bool saturating, Func<EndorsementLoad, int, Task<WritePhaseResult>> write)
            {
                var at = DateTimeOffset.UtcNow;
                foreach (var fleet in fleets) fleet.Latency.StartPhase(label, at, saturating);
                var messages = fleets.Sum(f => f.Traffic.Messages);
                var publish = redis is null ? null : await redis.CommandStats();
                var before = Take();
                var writes = await Task.WhenAll(loads.Select((load, n) => write(load, n)));
                var after = Take();
                var published = redis is null ? null : await redis.CommandStats();
                var phase = new PhaseResult(label, Combine(label, writes), Use.Between(before, after), fleets.Sum(f => f.Traffic.Messages) - messages,
                    published is null ? null : Delta(publish!, published, "publish"));
                Step($"  {phase.Writes.PerSecond:N0} endorsements/s ({phase.Writes.Succeeded:N0} of {phase.Writes.Requests:N0} requests succeeded), " +
                     $"{phase.Messages:N0} messages delivered");
                return phase;
            }

            // Saturating: 16 points, each request a new endorsement; writer i through node i mod N.
            var spreadPoints = a.Points.Concat(b.Points).ToList();
            var spreadPlans = EndorsementLoad.Spread(spreadPoints, pool, options.Writers);
            var phaseTime = TimeSpan.FromSeconds(options.Seconds);
            Step($"Writing: {options.Writers} writers on {spreadPoints.Count} points for {options.Seconds} s, through {config.Nodes} node(s)");
            result.Saturating = await Measured("saturating (16 points)", true,
                (load, n) => load.Run($"16 points via {n}", Part(spreadPlans, n, config.Nodes), phaseTime, null, ct));

            if (options.PacedRate > 0)
            {
                var pacedPlans = EndorsementLoad.Spread(b.Points, pool, options.Writers).Select(p => p with { Reservations = true }).ToList();
                Step($"Writing: {options.Writers} writers at {options.PacedRate} endorsements/s in all for {options.Seconds} s");
                result.Paced = await Measured($"paced ({options.PacedRate}/s)", false,
                    (load, n) => load.Run($"paced via {n}", Part(pacedPlans, n, config.Nodes), phaseTime, null, ct,
                        (double)options.PacedRate * Part(pacedPlans, n, config.Nodes).Count / pacedPlans.Count));
            }

            // Every client must hold every public change after it joined, once: the store's history is the truth.
            var last = await probe.LastEvent(ct);
            Step($"Waiting for the live views to reach {last:N0} and every client to hold every change");
            if (!await probe.WaitForLiveViews(last, TimeSpan.FromSeconds(90), ct)) result.Notes.Add($"The live views had not reached {last} after 90 s.");
            var expected = new Dictionary<Guid, long[]>
            {
                [a.Id] = await probe.PublicPositions(a.Id, @base, ct),
                [b.Id] = await probe.PublicPositions(b.Id, @base, ct),
            };
            var clock = Stopwatch.StartNew();
            while (!fleets.All(f => f.AllCaughtUp(expected)) && clock.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(200, ct);
            result.CatchUpWait = clock.Elapsed;
            result.Deliveries.AddRange(fleets.Select(f => f.Compare(expected)));
            foreach (var fleet in fleets)
            {
                result.ForeignBatches += fleet.ForeignBatches;
                foreach (var error in fleet.Errors.Take(3)) result.Notes.Add($"Client: {error}");
            }

            for (var i = 0; i < fleets[0].Latency.Phases.Count; i++)
            {
                var merged = new LatencyHistogram();
                foreach (var fleet in fleets) merged.Add(fleet.Latency.Phases[i].Latency);
                result.Latency.Add(merged);
            }

            foreach (var (node, i) in nodes.Select((n, i) => (n, i)))
            {
                var (count, first) = node.Problems();
                result.LogProblems += count;
                foreach (var line in first.Take(2)) result.Notes.Add($"Node {(char)('A' + i)} log: {line}");
            }
        }
        finally
        {
            foreach (var fleet in fleets) await fleet.DisposeAsync();
            foreach (var node in Enumerable.Reverse(nodes)) await node.DisposeAsync();
            if (redis is not null) await redis.DisposeAsync();
        }

        return result;
    }

    /// <summary>Writes through every node, with watchers on every node, until the hot paths are compiled; every change must reach every watcher.</summary>
    private static async Task WarmUp(IReadOnlyList<Uri> hubs, IReadOnlyList<EndorsementLoad> loads, StoreProbe probe, BenchConsultation warm,
        IReadOnlyList<Stakeholder> stakeholders, Options options, CancellationToken ct)
    {
        Step($"Warming up for {options.WarmupSeconds} s: 16 writers and 10 watchers per node on a consultation of its own");
        var from = await probe.LastEvent(ct);
        var watchers = new List<LiveFleet>();
        try
        {
            foreach (var hub in hubs)
            {
                var fleet = new LiveFleet(hub, [warm.Id], from);
                watchers.Add(fleet);
                await fleet.ConnectAll(10, 10, ct);
            }

            var plans = EndorsementLoad.Spread(warm.Points, stakeholders, 16);
            var duration = TimeSpan.FromSeconds(options.WarmupSeconds);
            // Again while a node has not answered one endorsement yet (its first requests compile the handlers).
            var succeeded = new long[loads.Count];
            for (var round = 1; succeeded.Any(n => n == 0); round++)
            {
                var results = await Task.WhenAll(loads.Select((load, n) => load.Run($"warm-up via {n}", Part(plans, n, loads.Count), duration, null, ct)));
                for (var n = 0; n < loads.Count; n++) succeeded[n] += results[n].Succeeded;
                if (succeeded.Any(n => n == 0) && round == 5)
                    throw new InvalidOperationException($"No endorsement succeeded through a node while warming up: {string.Join(" | ", results.SelectMany(r => r.FailureExamples))}");
            }

            var last = await probe.LastEvent(ct);
            if (!await probe.WaitForLiveViews(last, TimeSpan.FromMinutes(2), ct))
                throw new TimeoutException("The live-views subscription did not catch up while warming up.");
            var expected = new Dictionary<Guid, long[]> { [warm.Id] = await probe.PublicPositions(warm.Id, from, ct) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!watchers.All(w => w.AllCaughtUp(expected)) && DateTime.UtcNow < deadline) await Task.Delay(100, ct);
            if (!watchers.All(w => w.AllCaughtUp(expected)))
                throw new TimeoutException($"The warm-up's watchers did not receive the warm-up's {expected[warm.Id].Length} changes on every node.");
            Step($"  {succeeded.Sum():N0} endorsements, every change pushed to every watcher on every node");
        }
        finally
        {
            foreach (var fleet in watchers) await fleet.DisposeAsync();
        }
    }

    private static int[] Split(int total, int parts) => Enumerable.Range(0, parts).Select(i => total / parts + (i < total % parts ? 1 : 0)).ToArray();

    /// <summary>The plans of writer i where i mod <paramref name="parts"/> = <paramref name="part"/>.</summary>
    private static IReadOnlyList<WriterPlan> Part(IReadOnlyList<WriterPlan> plans, int part, int parts) => plans.Where((_, i) => i % parts == part).ToList();

    private static WritePhaseResult Combine(string name, IReadOnlyList<WritePhaseResult> parts)
    {
        if (parts.Count == 1) return parts[0];
        var latency = new LatencyHistogram();
        foreach (var p in parts) latency.Add(p.RequestLatency);
        var statuses = parts.SelectMany(p => p.StatusCounts).GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
        var byStakeholder = parts.SelectMany(p => p.SucceededByStakeholder).GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
        return new WritePhaseResult(name, parts.Sum(p => p.Writers), parts.Max(p => p.Elapsed), parts.Sum(p => p.Requests), parts.Sum(p => p.Succeeded),
            parts.Sum(p => p.Changed), parts.Sum(p => p.Repeats), statuses, parts.Sum(p => p.Failures), parts.SelectMany(p => p.FailureExamples).Take(5).ToList(),
            latency, byStakeholder);
    }

    private static (long Calls, long Usec) Delta(IReadOnlyDictionary<string, (long Calls, long Usec)> before, IReadOnlyDictionary<string, (long Calls, long Usec)> after,
        string command)
    {
        var a = before.GetValueOrDefault(command);
        var b = after.GetValueOrDefault(command);
        return (b.Calls - a.Calls, b.Usec - a.Usec);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>Puts the run at the end of the "Several nodes" section of the report (or at the end of the file).</summary>
    private static void Insert(string path, string section)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\n";
        var start = text.IndexOf("\n## Several nodes (issue 15)", StringComparison.Ordinal);
        var next = start < 0 ? -1 : text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var updated = next < 0
            ? text.TrimEnd('\n') + "\n\n" + section
            : text[..next].TrimEnd('\n') + "\n\n" + section.TrimEnd('\n') + "\n" + text[next..];
        File.WriteAllText(path, updated);
    }

    private static Options Parse(string[] args)
    {
        var o = new Options(200, 16, 10, 25, 5, 10, 10, 16, 10, [], false, null, true, null, false,
            string.Join(' ', args.Where(a => a != "--nodes").Select(a => a.Any(char.IsWhiteSpace) ? $"\"{a}\"" : a)));
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int Number(int min, int max)
            {
                var text = Value();
                return int.TryParse(text, out var n) && n >= min && n <= max ? n : throw new ArgumentException($"{name} is a whole number from {min} to {max}, not '{text}'.");
            }

            o = name switch
            {
                "--nodes" => o,
                "--connections" => o with { Connections = Number(1, 10_000) },
                "--writers" => o with { Writers = Number(2, 256) },
                "--seconds" => o with { Seconds = Number(1, 600) },
                "--paced-rate" => o with { PacedRate = Number(0, 10_000) },
                "--idle-seconds" => o with { IdleSeconds = Number(0, 600) },
                "--warmup" => o with { WarmupSeconds = Number(1, 600) },
                "--pgbench-seconds" => o with { PgbenchSeconds = Number(1, 600) },
                "--pgbench-clients" => o with { PgbenchClients = Number(1, 256) },
                "--pgbench-scale" => o with { PgbenchScale = Number(1, 1000) },
                "--only" => o with { Only = Value().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) },
                BenchRateLimits.OffFlag => o with { RateLimitsOff = true },
                "--report" => o with { Report = Value() },
                "--no-report" => o with { WriteReport = false },
                "--note" => o with { Note = Value() },
                "--keep" => o with { Keep = true },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }

        if (o.Only.Any(k => Configurations.All(c => c.Key != k)))
            throw new ArgumentException($"--only takes {string.Join(", ", Configurations.Select(c => c.Key))}.");
        return o;
    }

    /// <summary>Cumulative CPU ticks of the parties at one moment: the nodes (summed), Redis, PostgreSQL, the benchmark, the machine.</summary>
    internal sealed record Snapshot(DateTime At, long Nodes, long Redis, long? Postgres, long Bench, long MachineBusy, long MachineTotal)
    {
        public static Snapshot Take(ResourceMonitor monitor, IReadOnlyList<int> nodePids, int? redisPid)
        {
            var others = monitor.Snapshot();
            var nodes = nodePids.Sum(pid => Linux.CpuTicks(pid)?.Own ?? 0);
            var redis = redisPid is { } r ? Linux.CpuTicks(r)?.Own ?? 0 : 0;
            return new Snapshot(others.At, nodes, redis, others.Postgres, others.Bench, others.MachineBusy, others.MachineTotal);
        }
    }

    /// <summary>CPU seconds each party used between two snapshots, and the machine's busy cores.</summary>
    internal sealed record Use(double Seconds, double Nodes, double Redis, double? Postgres, double Bench, double MachineCores)
    {
        public static Use Between(Snapshot a, Snapshot b)
        {
            double Cpu(long ticks) => ticks / (double)Linux.ClockTicksPerSecond;
            var total = b.MachineTotal - a.MachineTotal;
            var machine = total <= 0 ? 0 : Environment.ProcessorCount * (b.MachineBusy - a.MachineBusy) / (double)total;
            return new Use((b.At - a.At).TotalSeconds, Cpu(b.Nodes - a.Nodes), Cpu(b.Redis - a.Redis),
                a.Postgres is { } p0 && b.Postgres is { } p1 ? Cpu(p1 - p0) : null, Cpu(b.Bench - a.Bench), machine);
        }

        public double Cores(double cpuSeconds) => Seconds <= 0 ? 0 : cpuSeconds / Seconds;
    }

    internal sealed record PhaseResult(string Name, WritePhaseResult Writes, Use Cpu, long Messages, (long Calls, long Usec)? Publish);

    internal sealed class ConfigurationResult(string label, int nodes, bool redis)
    {
        public string Label { get; } = label;
        public int Nodes { get; } = nodes;
        public bool Redis { get; } = redis;
        public string Wakeup { get; set; } = "";
        public string RateLimits { get; set; } = "";
        public int ConnectFailures { get; set; }
        public Use? Idle { get; set; }
        public PhaseResult? Saturating { get; set; }
        public PhaseResult? Paced { get; set; }
        public List<LatencyHistogram> Latency { get; } = [];
        public List<FleetDelivery> Deliveries { get; } = [];
        public TimeSpan CatchUpWait { get; set; }
        public int ForeignBatches { get; set; }
        public int LogProblems { get; set; }
        public List<string> Notes { get; } = [];

        public long Expected => Deliveries.Sum(d => d.Expected);
        public long Missing => Deliveries.Sum(d => d.Missing);
        public long Duplicates => Deliveries.Sum(d => d.Duplicates);
        public long Unexpected => Deliveries.Sum(d => d.Unexpected);
        public bool Complete => Deliveries.Count > 0 && Missing == 0 && Duplicates == 0 && Unexpected == 0 && ConnectFailures == 0;

        /// <summary>
        /// Per endorsement and per delivered message, the nodes' CPU apart from what they burn idle: solved from the two
        /// phases (cpu = a × endorsements + b × messages), whose messages per endorsement differ (pages merge under
        /// saturation). Null when the phases cannot separate them (or give a negative cost: noise).
        /// </summary>
        public (double PerWriteMs, double PerMessageUs)? Separated()
        {
            if (Saturating is not { } s || Paced is not { } p || Idle is not { } idle) return null;
            var idleCores = idle.Cores(idle.Nodes);
            double Work(PhaseResult r) => r.Cpu.Nodes - idleCores * r.Cpu.Seconds;
            double w1 = s.Writes.Succeeded, m1 = s.Messages, w2 = p.Writes.Succeeded, m2 = p.Messages;
            var det = w1 * m2 - w2 * m1;
            if (Math.Abs(det) < 1e-9 * Math.Max(1, w1 * m2)) return null;
            var a = (Work(s) * m2 - Work(p) * m1) / det;
            var b = (w1 * Work(p) - w2 * Work(s)) / det;
            return a > 0 && b > 0 ? (a * 1e3, b * 1e6) : null;
        }
    }

    /// <summary>The run's table, for the console and for docs/benchmarks.md.</summary>
    private sealed class NodesReport(Options options, DateTimeOffset started, MachineInfo? machine, PgBenchResult? pgbench,
        IReadOnlyList<ConfigurationResult> results, IReadOnlyList<string> loads, string? failure)
    {
        private static string N(double value, string format = "N0") =>
            double.IsNaN(value) || double.IsInfinity(value) ? "–" : value.ToString(format, CultureInfo.InvariantCulture);

        private static string Latency(LatencyHistogram? h) => h is null || h.Count == 0
            ? "–"
            : $"{N(h.PercentileMs(0.5), "F1")} / {N(h.PercentileMs(0.99), "F1")} / {N(h.MaxMs, "F1")}";

        private List<(string Row, string[] Values)> Rows()
        {
            var rows = new List<(string, string[])>();
            void Row(string name, Func<ConfigurationResult, string> value) => rows.Add((name, results.Select(value).ToArray()));
            var tps = pgbench?.Tps ?? double.NaN;

            Row("nodes (SignalR connections each)", r => $"{r.Nodes} ({string.Join(" + ", Split(options.Connections, r.Nodes))})");
            Row("wake-up across commits", r => r.Wakeup);
            foreach (var (phase, pick, latencyIndex) in new (string, Func<ConfigurationResult, PhaseResult?>, int)[]
                     {
                         ("saturating", r => r.Saturating, 0),
                         ($"paced ({options.PacedRate}/s asked)", r => r.Paced, 1),
                     })
            {
                if (results.All(r => pick(r) is null)) continue;
                Row($"**{phase}**: endorsements/s", r => pick(r) is { } p ? N(p.Writes.PerSecond, "N1") : "–");
                if (phase == "saturating") Row("  ÷ pgbench TPC-B tps", r => pick(r) is { } p ? N(p.Writes.PerSecond / tps, "F3") : "–");
                Row("  push latency p50 / p99 / max (ms)", r => Latency(r.Latency.ElementAtOrDefault(latencyIndex)));
                Row("  messages delivered (per endorsement)", r => pick(r) is { } p ? $"{N(p.Messages)} ({N(p.Messages / (double)Math.Max(1, p.Writes.Succeeded), "F0")})" : "–");
                Row("  nodes' CPU, cores (sum of the processes)", r => pick(r) is { } p ? N(p.Cpu.Cores(p.Cpu.Nodes), "F2") : "–");
                Row("  nodes' CPU per delivered message (µs, ≤: writes included)", r => pick(r) is { } p ? N(p.Cpu.Nodes / Math.Max(1, p.Messages) * 1e6, "F1") : "–");
                Row("  nodes' CPU per endorsement (ms, pushes included)", r => pick(r) is { } p ? N(p.Cpu.Nodes / Math.Max(1, p.Writes.Succeeded) * 1e3, "F2") : "–");
                Row("  PostgreSQL CPU per endorsement (ms)", r => pick(r) is { Cpu.Postgres: { } pg } p ? N(pg / Math.Max(1, p.Writes.Succeeded) * 1e3, "F2") : "–");
                Row("  Redis CPU, cores (µs per endorsement)", r => pick(r) is { } p && r.Redis
                    ? $"{N(p.Cpu.Cores(p.Cpu.Redis), "F3")} ({N(p.Cpu.Redis / Math.Max(1, p.Writes.Succeeded) * 1e6, "F0")})"
                    : "–");
                Row("  Redis PUBLISH calls (its own µs per call)", r => pick(r) is { Publish: { } pub } ? $"{N(pub.Calls)} ({N(pub.Usec / (double)Math.Max(1, pub.Calls), "F1")})" : "–");
                Row("  benchmark's CPU (clients, writers), cores; machine busy, cores", r => pick(r) is { } p
                    ? $"{N(p.Cpu.Cores(p.Cpu.Bench), "F2")}; {N(p.Cpu.MachineCores, "F2")}"
                    : "–");
                Row("  requests not 2xx (5xx)", r => pick(r) is { } p ? $"{N(p.Writes.Other)} ({N(p.Writes.ServerErrors)})" : "–");
            }

            Row($"idle, connections held: nodes' CPU, cores (Redis)", r => r.Idle is { } i ? $"{N(i.Cores(i.Nodes), "F3")} ({(r.Redis ? N(i.Cores(i.Redis), "F3") : "–")})" : "–");
            Row("nodes' CPU separated: per endorsement (ms) / per delivered message (µs)", r => r.Separated() is { } s ? $"{N(s.PerWriteMs, "F2")} / {N(s.PerMessageUs, "F1")}" : "not separable");
            Row("delivery: changes × clients expected / missing / duplicated / unexpected", r => $"{N(r.Expected)} / {N(r.Missing)} / {N(r.Duplicates)} / {N(r.Unexpected)}");
            Row("every change to every client, once", r => r.Complete ? "yes" : "**NO**");
            Row("waited for the last changes after the writes (s)", r => N(r.CatchUpWait.TotalSeconds, "F1"));
            Row("errors in the nodes' logs", r => N(r.LogProblems));
            return rows;
        }

        private string Header() =>
            $"pgbench TPC-B (scale {pgbench?.Scale}, {pgbench?.Clients} clients, {pgbench?.Seconds} s): {N(pgbench?.Tps ?? double.NaN, "N0")} tps; " +
            $"{options.Connections} connections, {options.Writers} writers, {options.Seconds} s per phase, {options.WarmupSeconds} s warm-up, " +
            $"{options.IdleSeconds} s idle; rate limits {results.FirstOrDefault()?.RateLimits}; load average (1/5/15 min) before and after each configuration: {string.Join(" → ", loads)}";

        public string Console()
        {
            var sb = new StringBuilder();
            sb.AppendLine($"Several nodes: {started:yyyy-MM-dd HH:mm} UTC, {machine?.Cores} cores ({machine?.Cpu}), PostgreSQL {machine?.Postgres}");
            sb.AppendLine(Header());
            if (failure is not null) sb.AppendLine($"FAILED: {failure}");
            var rows = Rows();
            var width = rows.Max(r => r.Row.Length) + 2;
            var column = Math.Max(30, rows.SelectMany(r => r.Values).Max(v => v.Length) + 2);
            sb.AppendLine("".PadRight(width) + string.Join("", results.Select(r => r.Label.PadRight(column))));
            foreach (var (row, values) in rows) sb.AppendLine(row.Replace("**", "").PadRight(width) + string.Join("", values.Select(v => v.Replace("**", "").PadRight(column))));
            foreach (var r in results)
            foreach (var note in r.Notes.Distinct().Take(8))
                sb.AppendLine($"  [{r.Label}] {note}");
            return sb.ToString();
        }

        public string Markdown()
        {
            var sb = new StringBuilder();
            sb.AppendLine($"### Run of {started:yyyy-MM-dd HH:mm} UTC — several nodes (`--nodes`)");
            sb.AppendLine();
            sb.AppendLine($"`{(NodesCommand + " " + options.Arguments).Trim()}`");
            sb.AppendLine();
            sb.AppendLine($"Machine: {machine?.Cores} cores ({machine?.Cpu}), {machine?.Memory}; PostgreSQL {machine?.Postgres} ({machine?.PostgresSettings}). " + Header() + ".");
            if (options.Note is not null) sb.AppendLine().AppendLine($"Note: {options.Note}");
            sb.AppendLine();
            sb.AppendLine("| | " + string.Join(" | ", results.Select(r => r.Label)) + " |");
            sb.AppendLine("|---|" + string.Concat(results.Select(_ => "---|")));
            foreach (var (row, values) in Rows()) sb.AppendLine($"| {row.Trim()} | {string.Join(" | ", values)} |");
            var notes = results.SelectMany(r => r.Notes.Distinct().Take(5).Select(n => $"- [{r.Label}] {n}")).ToList();
            if (notes.Count > 0)
            {
                sb.AppendLine();
                foreach (var n in notes) sb.AppendLine(n);
            }

            sb.AppendLine();
            return sb.ToString();
        }

        private const string NodesCommand = "dotnet run -c Release --project bench/Consultation.Bench -- --nodes";
    }
}
