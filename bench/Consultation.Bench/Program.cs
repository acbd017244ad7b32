using System.Diagnostics;
using ConsultationPlatform.Bench;
using ConsultationPlatform.Bench.Infrastructure;
using ConsultationPlatform.Bench.Live;
using ConsultationPlatform.Bench.Load;
using ConsultationPlatform.Bench.Setup;
using ConsultationPlatform.Hosting;
using ConsultationPlatform.LivePush;
using Npgsql;

if (args.Contains("--sessions"))
{
    // The rush on a speakers' list (issue 12): its own short run, Sessions/SessionsBench.cs.
    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
    return await ConsultationPlatform.Bench.Sessions.SessionsBench.Run(args, stop.Token);
}

if (args.Contains("--as-of"))
{
    // Time travel: an as-of board of a consultation with 10,000 events against a raw read of them (docs/benchmarks.md).
    using var asOfCancel = new CancellationTokenSource();
    return await ConsultationPlatform.Bench.AsOf.AsOfBench.Run(args, asOfCancel.Token);
}
if (args.Contains("--nodes")) return await ConsultationPlatform.Bench.Nodes.NodesBench.Run(args, CancellationToken.None); // issue 15: Nodes/NodesBench.cs
// The search benchmark (issue 17): its own mode, its own database; see Search/SearchBench.cs.
if (args.Contains("--search"))
    return await ConsultationPlatform.Bench.Search.SearchBench.Run(args, CancellationToken.None);

BenchOptions options;
try
{
    if (args.Contains("--help") || args.Contains("-h"))
    {
        Console.WriteLine(BenchOptions.Usage);
        return 0;
    }

    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (!OperatingSystem.IsLinux())
{
    Console.Error.WriteLine("The benchmark reads /proc for CPU, memory and sockets: it runs on Linux.");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    Console.Error.WriteLine("Stopping…");
    cancel.Cancel();
};

var run = new BenchRun { Options = options };
var code = await new Runner(options, run).Run(cancel.Token);
return code;

namespace ConsultationPlatform.Bench
{
    /// <summary>One benchmark run, step by step (each step prints what it does).</summary>
    internal sealed class Runner(BenchOptions options, BenchRun run)
    {
        private const string Schema = "consultation";
        private static readonly string[] Slugs = ["bench-warmup", "bench-a", "bench-b"];

        private static void Step(string text) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");

        public async Task<int> Run(CancellationToken ct)
        {
            var repository = DatabaseSettings.RepositoryRoot()
                             ?? throw new InvalidOperationException("Run the benchmark from the repository (the folder with Consultation.sln).");
            var serverDll = options.ServerDll ?? Path.Combine(repository, "src", "Consultation", "bin", BuildConfiguration, "net10.0", "Consultation.dll");
            var reportPath = options.ReportPath ?? Path.Combine(repository, "docs", "benchmarks.md");
#if DEBUG
            run.Notes.Add("The benchmark itself was built in Debug; run it with -c Release.");
#endif
            run.OpenFiles = Linux.RaiseOpenFilesLimit();
            var runFolder = Directory.CreateTempSubdirectory("consultation-bench-").FullName;
            Step($"Run folder {runFolder}; open-files limit {run.OpenFiles.Soft}");

            BenchDatabase? database = null;
            ServerProcess? server = null;
            ResourceMonitor? monitor = null;
            LiveFleet? fleet = null;
            LeanFleet? lean = null;
            RawFleet? raw = null;
            var exit = 0;
            try
            {
                database = BenchDatabase.Start(runFolder);
                database.KeepDatabases = options.Keep;
                Step($"PostgreSQL: {database.Describe}");
                run.Machine = MachineInfo.Read(database);
                monitor = new ResourceMonitor(database.PostmasterPid);

                await PgBenchCeiling(database, monitor, ct);

                var appConnection = database.CreateDatabase("bench_consultation");
                var serverDirectory = Path.GetDirectoryName(serverDll)!;
                var seeds = BenchSetup.WriteSeeds(serverDirectory, Path.Combine(runFolder, "seeds"), Slugs);
                var settings = new Dictionary<string, string>
                {
                    ["ConnectionStrings:Consultation"] = appConnection,
                    ["Authentication:AllowActingHeaders"] = "true",
                    ["Seeds:Directory"] = seeds,
                    ["Logging:Console:FormatterName"] = "simple",
                    // The plain-WebSocket yardstick of the fan-out (LivePush/FanOutBaseline.cs): off unless set.
                    [FanOutBaseline.Setting] = "true",
                };
                foreach (var (key, value) in options.ServerSettings) settings[key] = value;
                run.ServerSettings = string.Join(", ", options.ServerSettings.Select(s => $"{s.Key}={s.Value}"));
                run.RateLimits = BenchRateLimits.Apply(options.RateLimitsOff, settings);
                Step($"Rate limits: {run.RateLimits}");

                Step($"Starting the server: dotnet {serverDll}");
                server = await ServerProcess.Start(serverDll, settings, Path.Combine(runFolder, "server.log"), ct);
                Step($"Server ready at {server.BaseAddress} (pid {server.Pid})");
                if (options.Grow > 0)
                {
                    // The seeds loaded, the server stopped, the store grown by SQL, the server started again.
                    using (var seeded = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(5) })
                        await BenchSetup.Consultations(seeded, Slugs, ct);
                    await server.DisposeAsync();
                    server = null;
                    Step($"Growing the store to about {options.Grow:N0} events (copies of its streams, by SQL; server stopped)");
                    var growth = Stopwatch.StartNew();
                    var grown = await StoreGrowth.Grow(appConnection, Schema, options.Grow, ct);
                    Step($"  {grown:N0} events after {growth.Elapsed.TotalSeconds:F1} s; starting the server again");
                    server = await ServerProcess.Start(serverDll, settings, Path.Combine(runFolder, "server-grown.log"), ct);
                    Step($"Server ready at {server.BaseAddress} (pid {server.Pid})");
                }

                var hubUrl = new Uri(server.BaseAddress, ConsultationHub.Path);

                // The fleet is created after the warm-up; until then the monitor counts no client connections.
                Func<int> connectedClients = () => 0;
                monitor.WatchServer(server.Pid, server.Port, () => connectedClients());

                await using var probe = new StoreProbe(appConnection, Schema);
                var load = new EndorsementLoad(server.BaseAddress);
                // A fresh server compiles each handler on its first request (Wolverine's runtime code generation): on
                // a loaded machine the first read alone passed the writers' 30 s. Nothing is measured yet: wait longer.
                using var setupHttp = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
                var consultations = await BenchSetup.Consultations(setupHttp, Slugs, ct);
                var (warm, a, b) = (consultations[0], consultations[1], consultations[2]);

                // Stakeholders: a pool accredited to both consultations (each request of the 16-point phase is a new
                // endorsement), the single point's stakeholders, and the warm-up's.
                var pool = BenchSetup.Stakeholders("Bench state", options.PoolSize);
                var hot = BenchSetup.Stakeholders("Bench hot state", options.HotStakeholders);
                var warmPool = BenchSetup.Stakeholders("Bench warm-up state", 64);
                Step($"Accrediting {pool.Count:N0} stakeholders to two consultations, {hot.Count} to the single point's, {warmPool.Count} for the warm-up");
                var clock = Stopwatch.StartNew();
                await BenchSetup.Accredit(appConnection, [(a.Id, pool), (b.Id, pool), (a.Id, hot), (warm.Id, warmPool)], ct);
                Step($"  done in {clock.Elapsed.TotalSeconds:F1} s");

                await WarmUp(hubUrl, load, probe, warm, warmPool, TimeSpan.FromSeconds(options.WarmupSeconds), ct);
                run.StoreEvents = await probe.EventCount(ct);
                Step($"Events in the store before the measured phases: {run.StoreEvents:N0}");

                // The fleet: N clients joined to both consultations before the writes begin.
                var @base = await probe.LastEvent(ct);
                fleet = new LiveFleet(hubUrl, [a.Id, b.Id], @base);
                connectedClients = () => fleet.Connected;
                run.ConnectionsAsked = options.Connections;
                Step($"Opening {options.Connections:N0} SignalR connections (WebSockets, no negotiation), each joined to both consultations");
                await fleet.ConnectAll(options.Connections, 32, ct);
                run.ConnectTime = fleet.ConnectTime;
                run.ConnectFailures = fleet.ConnectFailures;
                var latency = fleet.Latency;
                run.Latency = latency;

                var phase = TimeSpan.FromSeconds(options.Seconds);
                var counters = options.Counters
                    ? Counters.Start(server.Pid, 2 * phase + TimeSpan.FromSeconds(5), Path.Combine(runFolder, "counters.csv"))
                    : null;
                if (options.Counters && counters is null) run.Notes.Add("dotnet-counters is not installed (dotnet tool install -g dotnet-counters); no counters recorded.");

                var chaos = fleet.Disrupt(options.Disconnects, 2 * phase, seed: 5, ct);

                // Each write phase: its latency counted apart, the CPU of each party, the pushed traffic and the
                // database's work measured around it.
                async Task<WritePhaseResult> Measured(string label, string latencyPhase, bool saturating, PushTraffic traffic, Func<Task<WritePhaseResult>> write)
                {
                    latency.StartPhase(latencyPhase, DateTimeOffset.UtcNow, saturating);
                    var cpuBefore = monitor.Snapshot();
                    var trafficBefore = (traffic.Messages, traffic.Bytes);
                    var workBefore = await probe.Work(ct);
                    var statementsBefore = await probe.Statements(ct);
                    var tablesBefore = await probe.TableReads(ct);
                    var result = await write();
                    var cpuAfter = monitor.Snapshot();
                    run.Cpu.Add(CpuUse.Between(label, cpuBefore, cpuAfter));
                    run.Traffic.Add((label, traffic.Messages - trafficBefore.Messages, traffic.Bytes - trafficBefore.Bytes,
                        (cpuAfter.At - cpuBefore.At).TotalSeconds));
                    await Task.Delay(1100, ct); // the backends flush their statistics about once a second
                    var workAfter = await probe.Work(ct);
                    run.Database.Add((label, workAfter - workBefore, result.Succeeded));
                    run.Tables.Add((label, TableReads.Top(tablesBefore, await probe.TableReads(ct), 8), result.Succeeded));
                    if (statementsBefore is not null && await probe.Statements(ct) is { } statementsAfter)
                    {
                        run.Statements.Add((label, StatementCounters.Top(statementsBefore, statementsAfter, 8), result.Succeeded));
                        // Every statement of the phase, per endorsement, in the run's folder (--keep to keep it).
                        var n = Math.Max(1, result.Succeeded);
                        await File.WriteAllLinesAsync(Path.Combine(runFolder, $"statements-{label.Replace(' ', '-')}.tsv"),
                            StatementCounters.All(statementsBefore, statementsAfter).OrderByDescending(w => w.Calls)
                                .Select(w => $"{w.Calls / (double)n:F3}\t{w.Rows / (double)n:F2}\t{w.Blocks / (double)n:F1}\t{w.Query}"), ct);
                    }
                    Step($"  {result.PerSecond:N0} endorsements/s ({result.Succeeded:N0} of {result.Requests:N0} requests succeeded)");
                    return result;
                }

                // Phase 1: 16 points, every request a new endorsement.
                var spreadPoints = a.Points.Concat(b.Points).ToList();
                Step($"Writing: {options.Writers} writers on {spreadPoints.Count} points for {options.Seconds} s, with {options.Disconnects} forced disconnects over both write phases");
                run.Spread = await Measured("16-point writes", "the 16-point writes", saturating: true, fleet.Traffic,
                    () => load.Run("16 points", EndorsementLoad.Spread(spreadPoints, pool, options.Writers), phase, null, ct));

                // Phase 2: one point, its stakeholders taking turns, each request a new reservation.
                var hotPoint = a.Points[0];
                var before = (await BenchSetup.Board(load.Http, a.Id, ct)).ActionPoints.Single(p => p.Id == hotPoint.Id);
                var hotFrom = await probe.LastEvent(ct);
                Step($"Writing: {options.Writers} writers on ONE point with {hot.Count} stakeholders for {options.Seconds} s");
                run.OnePoint = await Measured("one-point writes", "the one-point writes", saturating: true, fleet.Traffic,
                    () => load.Run("one point", EndorsementLoad.OnePoint(hotPoint, hot, options.Writers), phase, null, ct));

                Step("Waiting for the forced disconnects to finish");
                run.Chaos = await chaos;

                // Catch-up: the store's history is the truth; every client must hold every public change after it joined.
                var last = await probe.LastEvent(ct);
                Step($"Waiting for the live views to reach position {last:N0} and every client to hold every change");
                clock.Restart();
                if (!await probe.WaitForLiveViews(last, TimeSpan.FromSeconds(60), ct))
                    run.Notes.Add($"The live-views subscription had not reached position {last} after 60 s.");
                var expected = new Dictionary<Guid, long[]>
                {
                    [a.Id] = await probe.PublicPositions(a.Id, @base, ct),
                    [b.Id] = await probe.PublicPositions(b.Id, @base, ct),
                };
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (!fleet.AllCaughtUp(expected) && DateTime.UtcNow < deadline) await Task.Delay(200, ct);
                run.CaughtUp = fleet.AllCaughtUp(expected);
                run.CatchUpWait = clock.Elapsed;
                run.Delivery = fleet.Compare(expected);
                run.ForeignBatches = fleet.ForeignBatches;
                var maxOfficial = fleet.MaxConnected;
                var officialErrors = fleet.Errors;
                if (run.ForeignBatches > 0) run.Notes.Add($"{run.ForeignBatches} batches arrived for streams the clients had not joined.");

                // The official clients' check done, they leave: the paced phase and the fan-out baseline are measured
                // with lean clients (Live/LeanFleet.cs), whose CPU per message is a small fraction of the server's.
                Step("Closing the official clients");
                await fleet.DisposeAsync();
                fleet = null;
                connectedClients = () => lean?.Connected ?? 0;

                // Phase 3: a steady rate on B's points (the single point's check above stays A's), each request a new
                // reservation so that each is a change: the latency of a dialogue the machine carries.
                if (options.PacedRate > 0)
                {
                    var leanBase = await probe.LastEvent(ct);
                    lean = new LeanFleet(server.BaseAddress, [a.Id, b.Id], leanBase, latency);
                    Step($"Opening {options.Connections:N0} lean SignalR clients (a bare WebSocket, the JSON protocol read by a Utf8JsonReader), each joined to both consultations");
                    await lean.ConnectAll(options.Connections, 32, ct);
                    run.LeanConnectTime = lean.ConnectTime;
                    run.LeanConnectFailures = lean.ConnectFailures;
                    Step($"Writing: {options.Writers} writers on {b.Points.Count} points at {options.PacedRate:N0} endorsements/s in all for {options.Seconds} s");
                    var pacedPlans = EndorsementLoad.Spread(b.Points, pool, options.Writers).Select(p => p with { Reservations = true }).ToList();
                    run.Paced = await Measured("paced writes", $"the paced writes ({options.PacedRate:N0}/s)", saturating: false, lean.Traffic,
                        () => load.Run("paced", pacedPlans, phase, null, ct, options.PacedRate));
                    var pacedLast = await probe.LastEvent(ct);
                    await probe.WaitForLiveViews(pacedLast, TimeSpan.FromSeconds(60), ct);
                    var leanExpected = new Dictionary<Guid, long[]>
                    {
                        [a.Id] = await probe.PublicPositions(a.Id, leanBase, ct),
                        [b.Id] = await probe.PublicPositions(b.Id, leanBase, ct),
                    };
                    var leanDeadline = DateTime.UtcNow.AddSeconds(60);
                    while (!lean.AllCaughtUp(leanExpected) && DateTime.UtcNow < leanDeadline) await Task.Delay(200, ct);
                    run.LeanDelivery = lean.Compare(leanExpected);
                    if (lean.Errors > 0) run.Notes.Add($"Lean clients: {lean.Errors} errors (closed by the server, unknown streams, failed pings).");

                    if (options.Baseline && lean.SamplePayload is { } payload)
                        run.Baseline = await FanOutBaselinePhases(setupHttp, server.BaseAddress, lean, monitor, payload,
                            LiveStream.Public(a.Id).ToString(), phase, f => raw = f, ct);
                }

                var phases = latency.Phases;
                for (var i = 0; i < phases.Count; i++)
                {
                    var from = new DateTimeOffset(phases[i].StartTicks, TimeSpan.Zero);
                    var to = i + 1 < phases.Count ? new DateTimeOffset(phases[i + 1].StartTicks, TimeSpan.Zero) : DateTimeOffset.UtcNow;
                    var (p50, p99, max, count) = await probe.HistoryLag([a.Id, b.Id], from, to, ct);
                    run.HistoryLag.Add((phases[i].Name, p50, p99, max, count));
                }

                var after = (await BenchSetup.Board(load.Http, a.Id, ct)).ActionPoints.Single(p => p.Id == hotPoint.Id);
                run.HotPoint = new HotPointCheck(
                    before.Endorsements.OfCurrentVersion, after.Endorsements.OfCurrentVersion,
                    run.OnePoint.SucceededByStakeholder.Count,
                    before.Endorsements.WithReservation, after.Endorsements.WithReservation,
                    await probe.ChangesOfPoint(hotPoint.Id, hotFrom, ct), run.OnePoint.Changed);

                if (counters is not null) run.Counters.AddRange(await counters.Finish());
                monitor.Sample();
                run.ServerHwmKb = monitor.ServerHwmKb;
                run.ServerPeakRssKb = monitor.ServerPeakRssKb;
                run.MaxClientConnections = Math.Max(monitor.MaxClientConnections, maxOfficial);
                run.MaxServerConnections = monitor.MaxServerConnections;
                foreach (var error in officialErrors.Take(5)) run.Notes.Add($"Client: {error}");
                run.ServerLogProblems = server.Problems();
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                run.Failure = "cancelled";
                exit = 130;
            }
            catch (Exception ex)
            {
                run.Failure = $"{ex.GetType().Name}: {ex.Message}";
                Console.Error.WriteLine(ex);
                if (server is not null) Console.Error.WriteLine($"Server log ({server.LogPath}):\n{server.Tail(30)}");
                exit = 1;
            }
            finally
            {
                Step("Stopping the clients, the server and PostgreSQL");
                if (fleet is not null) await fleet.DisposeAsync();
                if (lean is not null) await lean.DisposeAsync();
                if (raw is not null) await raw.DisposeAsync();
                if (server is not null) await server.DisposeAsync();
                if (monitor is not null) await monitor.DisposeAsync();
                database?.Dispose();
            }

            Console.WriteLine();
            Console.WriteLine(run.Console());
            if (options.WriteReport && run.Failure is null)
            {
                AppendReport(reportPath, run.Markdown());
                Step($"Appended the run to {reportPath}");
            }

            if (options.Keep || exit != 0) Step($"Kept the run's folder: {runFolder}");
            else TryDelete(runFolder);
            return exit;
        }

        /// <summary>
        /// The fan-out against its yardstick (issue 14, goal 4): the server idle for a few seconds (its own background
        /// work), then the same payload (a real pushed batch) broadcast at the paced rate for a phase's length, first
        /// through SignalR to the lean clients' group, then to as many plain WebSockets; the server's CPU per delivered
        /// message of each, and the clients'.
        /// </summary>
        private async Task<BaselineResult> FanOutBaselinePhases(HttpClient http, Uri server, LeanFleet lean, ResourceMonitor monitor,
            byte[] payload, string group, TimeSpan phase, Action<RawFleet> keep, CancellationToken ct)
        {
            var rate = Math.Max(1, options.PacedRate);
            // Two rounds, SignalR then raw then SignalR then raw, each half a phase: a machine whose other load drifts
            // weighs on both alike. Both kinds of connection are open throughout.
            var count = (int)Math.Ceiling(rate * phase.TotalSeconds / 2);
            var raw = new RawFleet(server);
            keep(raw);
            Step($"Opening {lean.Clients.Count:N0} plain WebSockets on {FanOutBaseline.RawPath}");
            await raw.ConnectAll(lean.Clients.Count, 32, ct);
            Step($"Fan-out baseline: a {payload.Length:N0}-byte batch {count:N0} times at {rate:N0}/s through SignalR, then to the plain WebSockets, twice; the server idle 5 s before and after");

            async Task<CpuUse> Idle()
            {
                var before = monitor.Snapshot();
                await Task.Delay(TimeSpan.FromSeconds(5), ct);
                return CpuUse.Between("idle", before, monitor.Snapshot());
            }

            async Task<BaselineLeg> Leg(string via, int recipients, Func<long> received)
            {
                var receivedBefore = received();
                var before = monitor.Snapshot();
                using var body = new ByteArrayContent(payload);
                body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                var response = await http.PostAsync(
                    $"{FanOutBaseline.BroadcastPath}?via={via}&group={Uri.EscapeDataString(group)}&count={count}&rate={rate}", body, ct);
                response.EnsureSuccessStatusCode();
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (received() - receivedBefore < (long)count * recipients && DateTime.UtcNow < deadline) await Task.Delay(50, ct);
                var cpu = CpuUse.Between($"fan-out baseline, {via}", before, monitor.Snapshot());
                var delivered = received() - receivedBefore;
                Step($"  {via}: {delivered:N0} of {(long)count * recipients:N0} messages delivered in {cpu.Seconds:F1} s; server {cpu.Server:F2} cores, bench {cpu.Bench:F2}");
                return new BaselineLeg(via, recipients, count, delivered, cpu);
            }

            static BaselineLeg Sum(BaselineLeg x, BaselineLeg y)
            {
                var seconds = x.Cpu.Seconds + y.Cpu.Seconds;
                double Mean(double a, double b) => (a * x.Cpu.Seconds + b * y.Cpu.Seconds) / seconds;
                var cpu = new CpuUse(x.Cpu.Phase, seconds, Mean(x.Cpu.Server, y.Cpu.Server),
                    x.Cpu.Postgres is { } p && y.Cpu.Postgres is { } q ? Mean(p, q) : null, Mean(x.Cpu.Bench, y.Cpu.Bench),
                    Mean(x.Cpu.Machine, y.Cpu.Machine), x.Cpu.Cores);
                return new BaselineLeg(x.Via, x.Recipients, x.Broadcasts + y.Broadcasts, x.Delivered + y.Delivered, cpu);
            }

            var idleBefore = await Idle();
            var signalR1 = await Leg("signalr", lean.Clients.Count, () => lean.BaselineReceived);
            var raw1 = await Leg("raw", raw.Count, () => raw.Messages);
            var signalR2 = await Leg("signalr", lean.Clients.Count, () => lean.BaselineReceived);
            var raw2 = await Leg("raw", raw.Count, () => raw.Messages);
            var idleAfter = await Idle();
            var (signalR, plain) = (Sum(signalR1, signalR2), Sum(raw1, raw2));
            run.Cpu.Add(signalR.Cpu);
            run.Cpu.Add(plain.Cpu);
            var idle = new CpuUse("idle", idleBefore.Seconds + idleAfter.Seconds, (idleBefore.Server + idleAfter.Server) / 2,
                null, (idleBefore.Bench + idleAfter.Bench) / 2, (idleBefore.Machine + idleAfter.Machine) / 2, idleBefore.Cores);
            return new BaselineResult(payload.Length, rate, idle, signalR, plain);
        }

        private async Task PgBenchCeiling(BenchDatabase database, ResourceMonitor monitor, CancellationToken ct)
        {
            var pgDatabase = new NpgsqlConnectionStringBuilder(database.CreateDatabase("bench_pgbench"));
            Step($"pgbench: initialising scale {options.PgbenchScale}");
            await PgBench.Initialise(database.BinDirectory, pgDatabase, options.PgbenchScale, ct);
            database.Checkpoint();
            Step($"pgbench: TPC-B, {options.PgbenchClients} clients, {options.PgbenchSeconds} s");
            var before = monitor.Snapshot();
            run.PgBench = await PgBench.Measure(database.BinDirectory, pgDatabase, options.PgbenchScale, options.PgbenchClients, options.PgbenchSeconds, ct);
            run.Cpu.Add(CpuUse.Between("pgbench", before, monitor.Snapshot()));
            Step($"  {run.PgBench.Tps:N0} tps");
            database.Checkpoint();
        }

        /// <summary>
        /// Warms the server up (JIT, pools, the daemon's first pages) on a consultation of its own, and makes sure the
        /// live push works end to end before anything is measured.
        /// </summary>
        private static async Task WarmUp(Uri hubUrl, EndorsementLoad load, StoreProbe probe, BenchConsultation warm,
            IReadOnlyList<Stakeholder> stakeholders, TimeSpan duration, CancellationToken ct)
        {
            Step($"Warming up for {duration.TotalSeconds:F0} s: 16 writers and 20 clients on a consultation of its own");
            var from = await probe.LastEvent(ct);
            await using var watchers = new LiveFleet(hubUrl, [warm.Id], from);
            await watchers.ConnectAll(20, 20, ct);
            // New endorsements first, then (the pool used up) endorsements again with a reservation: both write paths.
            var result = await load.Run("warm-up", EndorsementLoad.Spread(warm.Points, stakeholders, 16), duration, null, ct);
            if (result.Succeeded == 0)
                throw new InvalidOperationException($"No endorsement succeeded while warming up: {string.Join(" | ", result.FailureExamples)}");
            var last = await probe.LastEvent(ct);
            if (!await probe.WaitForLiveViews(last, TimeSpan.FromMinutes(2), ct))
                throw new TimeoutException("The live-views subscription did not catch up while warming up (is the async daemon running?).");
            var expected = new Dictionary<Guid, long[]> { [warm.Id] = await probe.PublicPositions(warm.Id, from, ct) };
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!watchers.AllCaughtUp(expected) && DateTime.UtcNow < deadline) await Task.Delay(100, ct);
            if (!watchers.AllCaughtUp(expected))
                throw new TimeoutException($"The warm-up's clients did not receive the warm-up's {expected[warm.Id].Length} changes.");
            Step($"  {result.Succeeded:N0} endorsements ({result.PerSecond:N0}/s), every change pushed to every client");
        }

        private static string BuildConfiguration
        {
            get
            {
#if DEBUG
                return "Debug";
#else
                return "Release";
#endif
            }
        }

        private static void AppendReport(string path, string section)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (!File.Exists(path))
                File.WriteAllText(path, "# Benchmarks\n\nRuns of `bench/Consultation.Bench` (issue 5), oldest first.\n\n## Runs\n\n");
            File.AppendAllText(path, section);
        }

        private static void TryDelete(string folder)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException ex)
            {
                Console.Error.WriteLine($"Could not delete {folder}: {ex.Message}");
            }
            catch (UnauthorizedAccessException ex)
            {
                Console.Error.WriteLine($"Could not delete {folder}: {ex.Message}");
            }
        }
    }
}
