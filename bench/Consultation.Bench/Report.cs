using System.Globalization;
using System.Text;
using ConsultationPlatform.Bench.Infrastructure;
using ConsultationPlatform.Bench.Live;
using ConsultationPlatform.Bench.Load;
using ConsultationPlatform.Bench.Setup;

namespace ConsultationPlatform.Bench;

/// <summary>The single point's writes checked against the board and the history.</summary>
public sealed record HotPointCheck(
    int StakeholdersBefore,
    int StakeholdersAfter,
    int StakeholdersWritten,
    int WithReservationBefore,
    int WithReservationAfter,
    long ChangesInHistory,
    long ChangedResponses)
{
    public bool Recorded => StakeholdersAfter == StakeholdersBefore + StakeholdersWritten
                            && WithReservationAfter == WithReservationBefore + StakeholdersWritten
                            && ChangesInHistory == ChangedResponses;
}

public sealed record MachineInfo(int Cores, string Memory, string Cpu, string Os, string Runtime, string Postgres, string PostgresSettings, string Database,
    string LoadAverage)
{
    public static MachineInfo Read(BenchDatabase database) => new(
        Environment.ProcessorCount,
        Linux.IsLinux ? Linux.MemoryTotal() : "?",
        Linux.IsLinux ? Linux.CpuModel() : "?",
        System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        database.Version(),
        database.Settings(),
        database.Describe,
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?");
}

/// <summary>One leg of the fan-out baseline: a payload broadcast <see cref="Broadcasts"/> times to <see cref="Recipients"/> connections.</summary>
public sealed record BaselineLeg(string Via, int Recipients, int Broadcasts, long Delivered, CpuUse Cpu)
{
    /// <summary>Server CPU per delivered message (µs): the whole process over the leg (its background work is not subtracted: it is not steady).</summary>
    public double ServerUs => Delivered == 0 ? double.NaN : Cpu.Server * Cpu.Seconds / Delivered * 1e6;
    public double ClientUs => Delivered == 0 ? double.NaN : Cpu.Bench * Cpu.Seconds / Delivered * 1e6;
}

/// <summary>The fan-out against its yardstick: the same payload, rate and number of connections, SignalR then plain WebSockets.</summary>
public sealed record BaselineResult(int PayloadBytes, int Rate, CpuUse Idle, BaselineLeg SignalR, BaselineLeg Raw);

/// <summary>Everything one run measured.</summary>
public sealed class BenchRun
{
    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;
    public required BenchOptions Options { get; init; }
    public MachineInfo? Machine { get; set; }
    public (ulong Soft, ulong Hard) OpenFiles { get; set; }
    public PgBenchResult? PgBench { get; set; }
    public List<CpuUse> Cpu { get; } = [];
    public WritePhaseResult? Spread { get; set; }
    public WritePhaseResult? OnePoint { get; set; }
    public WritePhaseResult? Paced { get; set; }
    public HotPointCheck? HotPoint { get; set; }
    public LatencyBook? Latency { get; set; }
    public FleetDelivery? Delivery { get; set; }
    public (long Expected, long Distinct, long Missing, long Duplicates)? LeanDelivery { get; set; }
    public TimeSpan LeanConnectTime { get; set; }
    public int LeanConnectFailures { get; set; }
    public BaselineResult? Baseline { get; set; }
    public ChaosResult? Chaos { get; set; }
    public TimeSpan? CatchUpWait { get; set; }
    public bool CaughtUp { get; set; }
    public int ConnectionsAsked { get; set; }
    public int ConnectFailures { get; set; }
    public TimeSpan ConnectTime { get; set; }
    public int MaxClientConnections { get; set; }
    public int MaxServerConnections { get; set; }
    public int ForeignBatches { get; set; }
    public long ServerHwmKb { get; set; }
    public long ServerPeakRssKb { get; set; }
    public (int Count, IReadOnlyList<string> First) ServerLogProblems { get; set; } = (0, []);
    public string? ServerSettings { get; set; }
    /// <summary>The server's rate limits in the run (on with the budgets, or off): Infrastructure/BenchRateLimits.cs.</summary>
    public string? RateLimits { get; set; }
    public List<string> Notes { get; } = [];
    public List<(string Name, double Mean, double Max, string Unit)> Counters { get; } = [];

    /// <summary>What the application's database did during each write phase.</summary>
    public List<(string Phase, DatabaseWork Work, long Writes)> Database { get; } = [];

    /// <summary>The statements that did the most work in each write phase (pg_stat_statements, when the server loads it).</summary>
    public List<(string Phase, IReadOnlyList<StatementWork> Top, long Writes)> Statements { get; } = [];

    /// <summary>The tables that read the most rows in each write phase (pg_stat_user_tables).</summary>
    public List<(string Phase, IReadOnlyList<TableReads> Top, long Writes)> Tables { get; } = [];

    /// <summary>Events in the store before the measured phases (after --grow and the warm-up).</summary>
    public long StoreEvents { get; set; }

    /// <summary>Pushed "changes" messages the clients parsed during a write phase, and their bytes.</summary>
    public List<(string Phase, long Messages, long Bytes, double Seconds)> Traffic { get; } = [];

    /// <summary>Event timestamp → written to the history by the live-push subscription, per write phase (p50, p99, max ms).</summary>
    public List<(string Phase, double P50, double P99, double Max, long Count)> HistoryLag { get; } = [];
    public string? Failure { get; set; }

    public double? Ratio(WritePhaseResult? phase) => phase is null || PgBench is null || PgBench.Tps <= 0 ? null : phase.PerSecond / PgBench.Tps;

    private static string N(double value, string format = "N0") => double.IsNaN(value) ? "–" : value.ToString(format, CultureInfo.InvariantCulture);

    private static string Short(string query) => query.Length <= 140 ? query : query[..140];

    private static string Mb(long kb) => $"{kb / 1024.0:N0} MiB";

    /// <summary>
    /// Issue 14, goal 1: the CPU each party spends per endorsement of a write phase beside PostgreSQL's and pgbench's per
    /// TPC-B transaction, and the two ratios those costs allow on a machine whose cores are all busy: the whole write
    /// (server, PostgreSQL and load client against PostgreSQL and pgbench), and PostgreSQL's part alone (the ratio even
    /// if the server and the client cost nothing).
    /// </summary>
    public string? CpuPerUnit(string phase, WritePhaseResult result)
    {
        var write = Cpu.FirstOrDefault(c => c.Phase == phase);
        var tpcb = Cpu.FirstOrDefault(c => c.Phase == "pgbench");
        if (write is not { Postgres: { } pgWrite } || tpcb is not { Postgres: { } pgTpcb } || PgBench is not { Tps: > 0 } pg || result.Succeeded <= 0)
            return null;
        double PerWrite(double cores) => cores * write.Seconds / result.Succeeded * 1e3;
        double PerTransaction(double cores) => cores / pg.Tps * 1e3;
        var (server, postgres, client) = (PerWrite(write.Server), PerWrite(pgWrite), PerWrite(write.Bench));
        var (tpcbPostgres, tpcbClient) = (PerTransaction(pgTpcb), PerTransaction(tpcb.Bench));
        return $"{N(server, "F2")} / {N(postgres, "F2")} / {N(client, "F2")}; {N(tpcbPostgres, "F2")} / {N(tpcbClient, "F2")} — " +
            $"ratio these costs allow {N((tpcbPostgres + tpcbClient) / (server + postgres + client), "F2")}, " +
            $"PostgreSQL's part alone {N(tpcbPostgres / postgres, "F2")}";
    }

    public IReadOnlyList<(string Figure, string Value, string Goal)> Rows()
    {
        var rows = new List<(string, string, string)>();
        if (PgBench is { } pg)
            rows.Add(($"pgbench TPC-B ceiling (scale {pg.Scale}, {pg.Clients} clients, {pg.Threads} threads, {pg.Seconds} s)",
                $"{N(pg.Tps)} tps (latency {N(pg.LatencyMs, "F1")} ms)", "the ceiling"));
        if (Spread is { } s)
        {
            rows.Add(($"Endorsements/s, {s.Writers} writers on 16 points (new stakeholder each)", $"{N(s.PerSecond)} /s ({s.Succeeded:N0} in {s.Elapsed.TotalSeconds:F1} s)", ""));
            rows.Add(("Ratio to pgbench tps", Ratio(s) is { } r ? N(r, "F2") : "–", "≥ 1.0"));
            if (CpuPerUnit("16-point writes", s) is { } cost)
                rows.Add(("  CPU per endorsement (ms): server / PostgreSQL / load client; per TPC-B transaction: PostgreSQL / pgbench", cost, ""));
            rows.Add(("HTTP request latency, 16 points", s.RequestLatency.Summary(), ""));
            rows.Add(("Responses, 16 points", Statuses(s), "all 200, no 5xx"));
        }

        if (OnePoint is { } o)
        {
            rows.Add(($"Endorsements/s, {o.Writers} writers on ONE point, {Options.HotStakeholders} stakeholders", $"{N(o.PerSecond)} /s ({o.Succeeded:N0} in {o.Elapsed.TotalSeconds:F1} s)", ""));
            rows.Add(("Ratio to pgbench tps (one point)", Ratio(o) is { } r ? N(r, "F2") : "–", ""));
            if (CpuPerUnit("one-point writes", o) is { } cost)
                rows.Add(("  CPU per endorsement (ms), one point: server / PostgreSQL / load client; per TPC-B transaction: PostgreSQL / pgbench", cost, ""));
            rows.Add(("HTTP request latency, one point", o.RequestLatency.Summary(), ""));
            rows.Add(("Responses, one point", Statuses(o), "all 200, no 5xx"));
        }

        if (Paced is { } pc)
        {
            rows.Add(($"Endorsements/s, paced at {Options.PacedRate:N0}/s ({pc.Writers} writers on 8 points, new reservation each)", $"{N(pc.PerSecond)} /s ({pc.Succeeded:N0} in {pc.Elapsed.TotalSeconds:F1} s)", ""));
            rows.Add(("HTTP request latency, paced", pc.RequestLatency.Summary(), ""));
            rows.Add(("Responses, paced", Statuses(pc), "all 200, no 5xx"));
        }

        if (HotPoint is { } h)
            rows.Add(("One point: every write recorded",
                $"{(h.Recorded ? "yes" : "NO")}: board {h.StakeholdersBefore}→{h.StakeholdersAfter} endorsing stakeholders ({h.StakeholdersWritten} written), " +
                $"{h.WithReservationBefore}→{h.WithReservationAfter} with reservation; {h.ChangesInHistory:N0} changes in the history for {h.ChangedResponses:N0} changed responses",
                "yes"));

        if (Latency is { } l)
        {
            rows.Add(($"Push latency, event timestamp → receipt ({ConnectionsAsked:N0} connections), saturating writes", l.Saturating().Summary(), "p99 ≤ 25 ms"));
            foreach (var phase in l.Phases)
                rows.Add(($"  … during {phase.Name}", phase.Latency.Summary(), ""));
            foreach (var (phase, p50, p99, max, count) in HistoryLag)
                rows.Add(($"  of which event timestamp → in the history (subscription), {phase}",
                    $"p50 {N(p50, "F1")} ms, p99 {N(p99, "F1")} ms, max {N(max, "F1")} ms ({count:N0} changes)", ""));
        }

        if (StoreEvents > 0)
            rows.Add(("Events in the store before the measured phases", $"{StoreEvents:N0}{(Options.Grow > 0 ? $" (grown with --grow {Options.Grow:N0})" : "")}", "flat from 10⁴ to 10⁶"));
        foreach (var (phase, work, writes) in Database)
            if (writes > 0)
                rows.Add(($"Database work per endorsement, {phase} (pg_stat_database)",
                    $"{N(work.Commits / (double)writes, "F1")} transactions (a statement on its own counts as one), {N(work.RowsRead / (double)writes)} rows read, " +
                    $"{N(work.RowsWritten / (double)writes, "F1")} rows written, {N(work.Blocks / (double)writes)} buffer accesses", ""));
        foreach (var (phase, top, writes) in Statements)
            if (writes > 0)
                foreach (var statement in top)
                    rows.Add(($"  statement, {phase} (pg_stat_statements): calls / rows returned / buffer accesses per endorsement",
                        $"{N(statement.Calls / (double)writes, "F2")} / {N(statement.Rows / (double)writes, "F1")} / {N(statement.Blocks / (double)writes, "F1")}: `{Short(statement.Query).Replace("|", "\\|").Replace("`", "'")}`", ""));
        foreach (var (phase, tables, writes) in Tables)
            if (writes > 0)
                foreach (var table in tables)
                    rows.Add(($"  rows read, {phase}: per endorsement, by table (sequential scans) or index (index entries read)",
                        table.SeqScans > 0 || table.SeqRows > 0
                            ? $"{N(table.Rows / (double)writes)}: table {table.Table} ({N(table.SeqScans / (double)writes, "F2")} sequential scans)"
                            : $"{N(table.Rows / (double)writes)}: index {table.Table} ({N(table.IndexScans / (double)writes, "F2")} scans)", ""));
        foreach (var (phase, messages, bytes, seconds) in Traffic)
        {
            rows.Add(($"Pushed to the clients, {phase}",
                $"{N(messages / seconds)} messages/s, {N(bytes / 1048576.0 / seconds, "F1")} MiB/s, {N(messages == 0 ? 0 : bytes / (double)messages)} bytes a message", ""));
            // What a pushed message costs: the server's CPU (its writes included, so an upper bound) and the clients'
            // (the benchmark process, nearly all of it the clients during the writes), per message delivered.
            if (messages > 0 && Cpu.FirstOrDefault(c => c.Phase == phase) is { } cpu)
                rows.Add(($"  CPU per pushed message, {phase}",
                    $"server ≤ {N(cpu.Server * seconds / messages * 1e6)} µs, clients {N(cpu.Bench * seconds / messages * 1e6)} µs", ""));
        }
        if (Delivery is { } d)
        {
            var live = d.Delivered - d.FromCatchUp;
            var messages = Traffic.Sum(t => t.Messages);
            if (messages > 0) rows.Add(("Changes per pushed message (all phases)", N(live / (double)messages, "F1"), ""));
            rows.Add(("Messages delivered vs expected (changes × clients)",
                $"{d.Distinct:N0} distinct of {d.Expected:N0} expected ({d.Delivered:N0} received, {d.FromCatchUp:N0} of them by catch-up); " +
                $"caught up: {(CaughtUp ? "yes" : "NO")} after {CatchUpWait?.TotalSeconds:F1} s", "equal"));
            rows.Add(("Missed / duplicated, all clients", $"{d.Missing:N0} / {d.Duplicates:N0} ({d.ClientsMissing} / {d.ClientsWithDuplicates} clients; {d.Unexpected} unexpected, {d.OutOfOrder} out of order)", "0 / 0"));
            rows.Add(("Missed / duplicated after catch-up, reconnected clients",
                $"{d.MissingOnReconnected:N0} / {d.DuplicatesOnReconnected:N0} ({d.ReconnectedClients} clients, {d.Reconnects} reconnects, {d.Reloads} told to reload, {d.Drops} unforced drops)", "0 / 0"));
        }

        if (LeanDelivery is { } ld)
            rows.Add(("Paced phase, lean clients: distinct of expected; missed / duplicated",
                $"{ld.Distinct:N0} of {ld.Expected:N0}; {ld.Missing:N0} / {ld.Duplicates:N0} ({ConnectionsAsked:N0} lean clients opened in {LeanConnectTime.TotalSeconds:F1} s, {LeanConnectFailures} failed)", "0 / 0"));
        if (Baseline is { } bl)
        {
            var (sr, rw) = (bl.SignalR, bl.Raw);
            rows.Add(("Fan-out baseline: a real pushed batch broadcast at the paced rate, SignalR then plain WebSockets",
                $"{bl.PayloadBytes:N0} bytes, {sr.Broadcasts:N0} broadcasts at {bl.Rate:N0}/s; delivered {sr.Delivered:N0} of {(long)sr.Broadcasts * sr.Recipients:N0} (SignalR, {sr.Recipients:N0} lean clients), " +
                $"{rw.Delivered:N0} of {(long)rw.Broadcasts * rw.Recipients:N0} (raw, {rw.Recipients:N0} sockets); the idle server (5 s before, 5 s after) {N(bl.Idle.Server, "F3")} cores, the benchmark {N(bl.Idle.Bench, "F3")}", ""));
            rows.Add(("  server CPU per delivered message, SignalR / raw WebSocket",
                $"{N(sr.ServerUs, "F1")} / {N(rw.ServerUs, "F1")} µs (the whole server's CPU over the leg, its background work included)", ""));
            rows.Add(("  ratio SignalR ÷ raw (server CPU per delivered message)",
                $"{N(sr.ServerUs / rw.ServerUs, "F2")}×", "≤ 1.5×"));
            rows.Add(("  client CPU per delivered message, lean SignalR client / raw socket",
                $"{N(sr.ClientUs, "F1")} / {N(rw.ClientUs, "F1")} µs", "a small fraction of the server's"));
        }

        if (Chaos is { } c)
            rows.Add(("Forced disconnects during the writes", $"{c.Done} of {c.Planned} reconnected and caught up ({c.Failed} failed), pause {N(c.MeanPauseMs)} ms on average", "all reconnect (100 by default)"));
        rows.Add(("Connections held (SignalR clients / server's TCP connections incl. HTTP)",
            $"{MaxClientConnections:N0} / {MaxServerConnections:N0} of {ConnectionsAsked:N0} asked ({ConnectFailures} failed; opened in {ConnectTime.TotalSeconds:F1} s)", ""));
        rows.Add(("Server peak memory (VmHWM)", $"{Mb(ServerHwmKb)} (peak RSS seen {Mb(ServerPeakRssKb)})", ""));
        foreach (var cpu in Cpu)
            rows.Add(($"CPU cores used, {cpu.Phase} ({cpu.Seconds:F0} s)",
                $"server {N(cpu.Server, "F2")}, postgres {(cpu.Postgres is { } p ? N(p, "F2") : "?")}, bench {N(cpu.Bench, "F2")}, " +
                $"other {(cpu.Other is { } x ? N(x, "F2") : "?")} — machine {N(cpu.Machine, "F2")} of {cpu.Cores:F0}", ""));
        if (ServerLogProblems.Count > 0)
            rows.Add(("Server log errors", $"{ServerLogProblems.Count} (first: {ServerLogProblems.First.FirstOrDefault()})", "0"));
        return rows;
    }

    private static string Statuses(WritePhaseResult r)
    {
        var parts = r.StatusCounts.OrderBy(s => s.Key).Select(s => $"{s.Value:N0}×{s.Key}").ToList();
        if (r.Failures > 0) parts.Add($"{r.Failures} transport failures");
        if (r.Repeats > 0) parts.Add($"{r.Repeats:N0} were re-endorsements (pool used up)");
        return string.Join(", ", parts) + (r.ServerErrors > 0 ? $" — {r.ServerErrors} 5xx" : "");
    }

    public string Console()
    {
        var rows = Rows();
        var width = Math.Min(70, rows.Max(r => r.Figure.Length));
        var text = new StringBuilder();
        if (Machine is { } m)
            text.AppendLine($"{m.Cores} cores, {m.Memory}, PostgreSQL {m.Postgres}, load average at the start {m.LoadAverage}");
        foreach (var (figure, value, goal) in rows)
            text.AppendLine($"{figure.PadRight(width)}  {value}{(goal.Length > 0 ? $"   [goal: {goal}]" : "")}");
        return text.ToString();
    }

    public string Markdown()
    {
        var m = Machine;
        var text = new StringBuilder();
        text.AppendLine($"### Run of {Started:yyyy-MM-dd HH:mm} UTC{(Options.Note is { } note ? $" — {note}" : "")}");
        text.AppendLine();
        text.AppendLine($"- Command: `{BenchOptions.Command} {Options.Arguments}`".Replace(" -- `", " --`"));
        if (m is not null)
        {
            text.AppendLine($"- Machine: {m.Cores} cores ({m.Cpu}), {m.Memory} memory, {m.Os}, {m.Runtime}; load average at the start {m.LoadAverage} (the machine is shared: see \"other\" in the CPU rows)");
            text.AppendLine($"- PostgreSQL {m.Postgres} ({m.Database}; {m.PostgresSettings})");
        }

        text.AppendLine($"- Server: Release build, separate process, environment {ServerProcess.EnvironmentName}{(ServerSettings is { Length: > 0 } s ? $", settings {s}" : "")}");
        if (RateLimits is not null) text.AppendLine($"- Rate limits: {RateLimits}");
        text.AppendLine($"- Open-files limit: {OpenFiles.Soft} (hard {OpenFiles.Hard})");
        if (Failure is not null) text.AppendLine($"- **The run failed:** {Failure}");
        text.AppendLine();
        text.AppendLine("| figure | value | goal |");
        text.AppendLine("|---|---|---|");
        foreach (var (figure, value, goal) in Rows())
            text.AppendLine($"| {Escape(figure)} | {Escape(value)} | {Escape(goal)} |");
        if (Counters.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Server counters during the writes (dotnet-counters, mean / max):");
            text.AppendLine();
            foreach (var (name, mean, max, _) in Counters)
                text.AppendLine($"- {name}: {Counter(name, mean)} / {Counter(name, max)}");
        }

        if (Notes.Count > 0)
        {
            text.AppendLine();
            foreach (var n in Notes) text.AppendLine($"- {n}");
        }

        text.AppendLine();
        return text.ToString();
    }

    /// <summary>Durations in seconds shown in ms; other figures with the digits that matter.</summary>
    private static string Counter(string name, double value) =>
        name.Contains("(s)", StringComparison.Ordinal) ? $"{N(value * 1000, "F1")} ms"
        : Math.Abs(value) >= 1000 ? N(value)
        : N(value, "0.###");

    private static string Escape(string text) => text.Replace("|", "\\|");
}
