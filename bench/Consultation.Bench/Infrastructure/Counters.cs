using System.Diagnostics;
using System.Globalization;

namespace ConsultationPlatform.Bench.Infrastructure;

/// <summary>
/// dotnet-counters recording the server while the writes run (optional: <c>dotnet tool install -g dotnet-counters</c>),
/// summarised per counter (mean and maximum).
/// </summary>
public sealed class Counters
{
    private static readonly string[] Providers =
        ["System.Runtime", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http.Connections", "Npgsql"];

    private readonly Process _process;

    private Counters(Process process, string path)
    {
        _process = process;
        Path = path;
    }

    public string Path { get; }

    public static string? Tool()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var candidates = new[] { System.IO.Path.Combine(home, ".dotnet", "tools", "dotnet-counters") }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => System.IO.Path.Combine(d, "dotnet-counters")));
        return candidates.FirstOrDefault(File.Exists);
    }

    public static Counters? Start(int pid, TimeSpan duration, string path)
    {
        if (Tool() is not { } tool) return null;
        var start = new ProcessStartInfo(tool)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        var d = duration;
        foreach (var a in new[]
                 {
                     "collect", "--process-id", pid.ToString(CultureInfo.InvariantCulture), "--refresh-interval", "1", "--format", "csv",
                     "-o", path, "--counters", string.Join(',', Providers),
                     "--duration", $"{d.Days:00}:{d.Hours:00}:{d.Minutes:00}:{d.Seconds:00}",
                 })
            start.ArgumentList.Add(a);
        var process = Process.Start(start);
        if (process is null) return null;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return new Counters(process, path);
    }

    /// <summary>Waits for the recording to end (it stops by itself after its duration) and summarises it.</summary>
    public async Task<IReadOnlyList<(string Name, double Mean, double Max, string Unit)>> Finish()
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }

        if (!File.Exists(Path)) return [];
        var values = new Dictionary<string, List<double>>();
        foreach (var line in File.ReadLines(Path).Skip(1))
        {
            // Timestamp,Provider,Counter Name,Counter Type,Mean/Increment (names may carry tags in brackets, with commas)
            var last = line.LastIndexOf(',');
            if (last < 0 || !double.TryParse(line[(last + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) continue;
            var rest = line[..last];
            var typeAt = rest.LastIndexOf(',');
            var first = rest.IndexOf(',');
            var second = first < 0 ? -1 : rest.IndexOf(',', first + 1);
            if (second < 0 || typeAt <= second) continue;
            var name = rest[(second + 1)..typeAt]; // without the timestamp and the provider
            if (!values.TryGetValue(name, out var list)) values[name] = list = [];
            list.Add(value);
        }

        File.WriteAllLines(Path + ".summary.txt",
            values.OrderBy(v => v.Key).Select(v => $"{v.Key}: mean {v.Value.Average():N2}, max {v.Value.Max():N2}"));
        return values.Where(v => Interesting(v.Key)).OrderBy(v => v.Key)
            .Select(v => (Shorten(v.Key), v.Value.Average(), v.Value.Max(), ""))
            .ToList();
    }

    /// <summary>Drops the tags that repeat on every line (pool name with the connection string, address, scheme).</summary>
    private static string Shorten(string name)
    {
        var open = name.IndexOf('[');
        if (open < 0) return name;
        var tags = name[(open + 1)..].TrimEnd(']').Split(';')
            .Where(t => !t.StartsWith("db.client.connection.pool.name=", StringComparison.Ordinal) && !t.StartsWith("Host=", StringComparison.Ordinal)
                        && !t.StartsWith("Port=", StringComparison.Ordinal) && !t.StartsWith("Username=", StringComparison.Ordinal)
                        && !t.StartsWith("Database=", StringComparison.Ordinal) && !t.StartsWith("Maximum Pool Size=", StringComparison.Ordinal)
                        && !t.StartsWith("server.", StringComparison.Ordinal) && !t.StartsWith("url.scheme=", StringComparison.Ordinal)
                        && !t.StartsWith("network.protocol.version=", StringComparison.Ordinal) && !t.StartsWith("db.system.name=", StringComparison.Ordinal))
            .ToList();
        return tags.Count == 0 ? name[..open] : $"{name[..open]} [{string.Join("; ", tags)}]";
    }

    private static bool Interesting(string name)
    {
        // Up-down counters (active connections, active requests) only show changes since the recording began: left out.
        string[] wanted =
        [
            "dotnet.process.cpu.time", "dotnet.process.memory.working_set", "dotnet.gc.pause.time", "dotnet.gc.heap.total_allocated",
            "dotnet.monitor.lock_contentions", "dotnet.thread_pool.queue.length", "dotnet.thread_pool.work_item.count",
            "dotnet.jit.compilation.time", "db.client.operation.duration", "db.client.connection.count",
            "db.client.operation.npgsql.bytes_read", "db.client.operation.npgsql.bytes_written",
        ];
        return wanted.Any(name.StartsWith)
               || (name.StartsWith("http.server.request.duration", StringComparison.Ordinal) && name.Contains("endorsements", StringComparison.Ordinal));
    }
}
