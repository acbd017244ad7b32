namespace ConsultationPlatform.Bench;

/// <summary>What one run does; every figure has a default that matches issue 5.</summary>
public sealed record BenchOptions
{
    public const string Command = "dotnet run -c Release --project bench/Consultation.Bench --";

    /// <summary>SignalR connections held (joined to both benchmark consultations) while the writes run.</summary>
    public int Connections { get; init; } = 1000;

    /// <summary>How long each write phase runs (16 points; one point).</summary>
    public int Seconds { get; init; } = 20;

    /// <summary>Concurrent HTTP writers in each write phase.</summary>
    public int Writers { get; init; } = 16;

    /// <summary>Stakeholders taking turns on the one point of the second write phase.</summary>
    public int HotStakeholders { get; init; } = 200;

    /// <summary>
    /// Stakeholders accredited to each of the two consultations for the first phase, where each request is a new
    /// endorsement (a stakeholder endorses each point once). Default: 200 per second of the phase.
    /// </summary>
    public int? Pool { get; init; }

    public int PoolSize => Pool ?? Math.Max(500, 200 * Seconds);

    /// <summary>
    /// How long the server is warmed up before anything is measured (writes with pushes on a consultation of its own):
    /// long enough for tiered compilation to settle the hot paths, as in a server that has been up for a while.
    /// </summary>
    public int WarmupSeconds { get; init; } = 15;

    /// <summary>
    /// The third phase: endorsements at this steady rate in all (per second), on the second consultation's points, for
    /// --seconds: the push latency of a dialogue under a load the machine carries, beside the saturating phases'. 0: no
    /// such phase.
    /// </summary>
    public int PacedRate { get; init; } = 25;

    /// <summary>After the paced phase, the fan-out against plain WebSockets (<c>--no-baseline</c>: skipped).</summary>
    public bool Baseline { get; init; } = true;

    /// <summary>Random disconnects forced while the writes run, spread over both phases.</summary>
    public int Disconnects { get; init; } = 100;

    /// <summary>
    /// Before the warm-up, grow the store to about this many events (issue 14: the work per endorsement must stay flat
    /// from 10^4 to 10^6 events). 0: the store holds only what the run writes.
    /// </summary>
    public int Grow { get; init; }

    public int PgbenchScale { get; init; } = 10;
    public int PgbenchClients { get; init; } = 16;
    public int PgbenchSeconds { get; init; } = 20;

    /// <summary>Where the report goes (a section is appended per run); null: docs/benchmarks.md of the repository.</summary>
    public string? ReportPath { get; init; }

    public bool WriteReport { get; init; } = true;

    /// <summary>The server to start; null: src/Consultation/bin/&lt;configuration&gt;/net10.0/Consultation.dll.</summary>
    public string? ServerDll { get; init; }

    /// <summary>Extra settings for the server (Key=Value, passed as environment variables), e.g. to try a tuning.</summary>
    public IReadOnlyDictionary<string, string> ServerSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>A note kept with the run in the report (what was tried).</summary>
    public string? Note { get; init; }

    /// <summary>Record the server's counters with dotnet-counters (when installed) into the run's folder.</summary>
    public bool Counters { get; init; }

    /// <summary>Keep the run's folder (server log, counters) instead of deleting it.</summary>
    public bool Keep { get; init; }

    /// <summary>Run the server without its rate limits (<c>--no-rate-limits</c>); the report says so.</summary>
    public bool RateLimitsOff { get; init; }

    /// <summary>The arguments as given, for the report.</summary>
    public string Arguments { get; init; } = "";

    public const string Usage = """
        Consultation live-push benchmark (issue 5). One run: pgbench ceiling, endorsements over HTTP on 16 points and on
        one point, N SignalR connections with push latency, forced disconnects with catch-up, server memory.

        dotnet run -c Release --project bench/Consultation.Bench -- [options]

          --connections N        SignalR connections held during the writes (default 1000, at most 10000)
          --seconds S            duration of each write phase (default 20)
          --writers N            concurrent HTTP writers (default 16)
          --hot-stakeholders N   stakeholders on the single point (default 200)
          --pool N               stakeholders accredited per consultation for the 16-point phase (default 200 x seconds)
          --paced-rate R         a third phase at R endorsements/s in all, for the latency under a steady load (default 25; 0: none)
          --disconnects N        forced random disconnects during the writes (default 100)
          --warmup S             seconds of writes with pushes on a consultation of its own before measuring (default 15)
          --grow N               grow the store to about N events before the warm-up (by SQL: copies of other
                                 consultations' endorsement streams, the daemon's marks moved past them)
          --pgbench-seconds S    pgbench duration (default 20); --pgbench-clients N (16); --pgbench-scale N (10)
          --server-setting K=V   a setting for the server (repeatable), e.g. Logging:LogLevel:Default=Warning
          --no-rate-limits       run the server with its rate limits off (default: on, production budgets; reported)
          --server-dll PATH      the server to start (default: src/Consultation/bin/<configuration>/net10.0/Consultation.dll)
          --report PATH          where to append the run (default docs/benchmarks.md); --no-report to only print
          --note TEXT            a note kept with the run
          --counters             record dotnet-counters of the server (needs: dotnet tool install -g dotnet-counters)
          --keep                 keep the run's folder (server log, counters)
          --no-baseline          skip the fan-out baseline (a real pushed batch broadcast at the paced rate through
                                 SignalR, then to as many plain WebSockets: the server's CPU per delivered message)

        Uses ConnectionStrings__Consultation when set (it needs the right to create databases); otherwise starts a
        private PostgreSQL cluster in a temporary folder.
        """;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions { Arguments = string.Join(' ', args.Select(Quote)) };
        var settings = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            int Number(int min, int max)
            {
                var text = Value();
                if (!int.TryParse(text, out var n) || n < min || n > max)
                    throw new ArgumentException($"{name} is a whole number from {min} to {max}, not '{text}'.");
                return n;
            }

            options = name switch
            {
                "--connections" => options with { Connections = Number(0, 10_000) },
                "--seconds" => options with { Seconds = Number(1, 600) },
                "--writers" => options with { Writers = Number(1, 256) },
                "--hot-stakeholders" => options with { HotStakeholders = Number(1, 10_000) },
                "--pool" => options with { Pool = Number(10, 200_000) },
                "--disconnects" => options with { Disconnects = Number(0, 10_000) },
                "--paced-rate" => options with { PacedRate = Number(0, 100_000) },
                "--warmup" => options with { WarmupSeconds = Number(1, 600) },
                "--grow" => options with { Grow = Number(0, 10_000_000) },
                "--pgbench-seconds" => options with { PgbenchSeconds = Number(1, 600) },
                "--pgbench-clients" => options with { PgbenchClients = Number(1, 256) },
                "--pgbench-scale" => options with { PgbenchScale = Number(1, 1000) },
                "--report" => options with { ReportPath = Value() },
                "--no-report" => options with { WriteReport = false },
                "--server-dll" => options with { ServerDll = Value() },
                "--note" => options with { Note = Value() },
                "--counters" => options with { Counters = true },
                "--keep" => options with { Keep = true },
                "--no-baseline" => options with { Baseline = false },
                "--no-rate-limits" => options with { RateLimitsOff = true },
                "--server-setting" => AddSetting(options, settings, Value()),
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }

        if (options.HotStakeholders < options.Writers)
            throw new ArgumentException("--hot-stakeholders must be at least --writers (each writer takes its own stakeholders).");
        if (options.Disconnects > 0 && options.Connections == 0)
            throw new ArgumentException("--disconnects needs connections.");
        return options;
    }

    private static BenchOptions AddSetting(BenchOptions options, Dictionary<string, string> settings, string pair)
    {
        var at = pair.IndexOf('=');
        if (at <= 0) throw new ArgumentException($"--server-setting takes Key=Value, not '{pair}'.");
        settings[pair[..at].Trim()] = pair[(at + 1)..];
        return options with { ServerSettings = new Dictionary<string, string>(settings) };
    }

    private static string Quote(string arg) => arg.Any(char.IsWhiteSpace) ? $"\"{arg}\"" : arg;
}
