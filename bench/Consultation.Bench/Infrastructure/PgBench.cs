using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace ConsultationPlatform.Bench.Infrastructure;

public sealed record PgBenchResult(double Tps, double LatencyMs, long Transactions, int Clients, int Threads, int Scale, int Seconds, string Output);

/// <summary>pgbench's TPC-B-like run against the same PostgreSQL, in a database of its own: the ceiling to compare with.</summary>
public static partial class PgBench
{
    [GeneratedRegex(@"tps = ([\d.]+) \(without initial connection time\)")]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"latency average = ([\d.]+) ms")]
    private static partial Regex LatencyLine();

    [GeneratedRegex(@"number of transactions actually processed: (\d+)")]
    private static partial Regex TransactionsLine();

    public static async Task Initialise(string binDirectory, NpgsqlConnectionStringBuilder database, int scale, CancellationToken ct)
    {
        var (code, output) = await Run(binDirectory, database, ["-i", "-s", scale.ToString(CultureInfo.InvariantCulture), "-q"],
            TimeSpan.FromMinutes(10), ct);
        if (code != 0) throw new InvalidOperationException($"pgbench -i failed ({code}):\n{output}");
    }

    public static async Task<PgBenchResult> Measure(string binDirectory, NpgsqlConnectionStringBuilder database, int scale, int clients,
        int seconds, CancellationToken ct)
    {
        var threads = Math.Max(1, Math.Min(clients, Environment.ProcessorCount));
        var (code, output) = await Run(binDirectory, database,
            ["-c", clients.ToString(CultureInfo.InvariantCulture), "-j", threads.ToString(CultureInfo.InvariantCulture),
             "-T", seconds.ToString(CultureInfo.InvariantCulture)],
            TimeSpan.FromSeconds(seconds + 300), ct);
        if (code != 0) throw new InvalidOperationException($"pgbench failed ({code}):\n{output}");
        var tps = TpsLine().Match(output);
        if (!tps.Success) throw new InvalidOperationException($"No tps in pgbench's output:\n{output}");
        var latency = LatencyLine().Match(output);
        var transactions = TransactionsLine().Match(output);
        return new PgBenchResult(
            double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture),
            latency.Success ? double.Parse(latency.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN,
            transactions.Success ? long.Parse(transactions.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            clients, threads, scale, seconds, output);
    }

    /// <summary>
    /// pgbench beside the server's programs: in their folder, in the folder their links point to
    /// (/usr/local/bin/postgres → /usr/lib/postgresql/15/bin/postgres), or under /usr/lib/postgresql/*/bin.
    /// </summary>
    public static string Find(string binDirectory)
    {
        var candidates = new List<string> { binDirectory };
        var postgres = new FileInfo(Path.Combine(binDirectory, "postgres"));
        if (postgres.Exists && postgres.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            candidates.Add(Path.GetDirectoryName(target.FullName)!);
        if (Directory.Exists("/usr/lib/postgresql"))
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")));
        return candidates.Select(d => Path.Combine(d, "pgbench")).FirstOrDefault(File.Exists)
               ?? throw new FileNotFoundException(
                   $"pgbench was not found beside {binDirectory} nor under /usr/lib/postgresql/*/bin (Debian: it comes with postgresql-15).");
    }

    private static async Task<(int Code, string Output)> Run(string binDirectory, NpgsqlConnectionStringBuilder database, string[] arguments,
        TimeSpan timeout, CancellationToken ct)
    {
        var start = new ProcessStartInfo(Find(binDirectory))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-h", database.Host ?? "127.0.0.1", "-p", database.Port.ToString(CultureInfo.InvariantCulture), "-U", database.Username ?? "postgres" })
            start.ArgumentList.Add(a);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.ArgumentList.Add(database.Database ?? "pgbench");
        if (!string.IsNullOrEmpty(database.Password)) start.Environment["PGPASSWORD"] = database.Password;
        start.Environment["LC_ALL"] = "C";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start pgbench.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pgbench {string.Join(' ', arguments)} did not finish within {timeout}.");
        }

        return (process.ExitCode, (await stdout + await stderr).Trim());
    }
}
