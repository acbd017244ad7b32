using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ConsultationPlatform.Bench.Infrastructure;

/// <summary>
/// The real server, in a process of its own (<c>dotnet Consultation.dll --urls http://127.0.0.1:PORT</c>), so that the
/// benchmark's clients and the server do not share a runtime, a thread pool or a garbage collector.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>Not Production (which refuses the acting headers), not Development (which seeds demo accounts).</summary>
    public const string EnvironmentName = "Benchmark";

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly object _logGate = new();

    private ServerProcess(Process process, StreamWriter log, Uri baseAddress, int port, string logPath)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
        Port = port;
        LogPath = logPath;
    }

    public Uri BaseAddress { get; }
    public int Port { get; }
    public int Pid => _process.Id;
    public string LogPath { get; }
    public bool HasExited => _process.HasExited;

    public static async Task<ServerProcess> Start(string dll, IReadOnlyDictionary<string, string> settings, string logPath, CancellationToken ct)
    {
        if (!File.Exists(dll))
            throw new FileNotFoundException($"The server is not built at {dll}; build it with 'dotnet build -c Release src/Consultation' or pass --server-dll.");
        var port = FreeLoopbackPort();
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "--urls", url }) start.ArgumentList.Add(a);
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "DOTNET_URLS", "ConnectionStrings__Consultation" })
            start.Environment.Remove(inherited);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = EnvironmentName;
        start.Environment["DOTNET_ENVIRONMENT"] = EnvironmentName;
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;

        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        var server = new ServerProcess(process, log, new Uri(url), port, logPath);
        process.OutputDataReceived += (_, e) => server.Log(e.Data);
        process.ErrorDataReceived += (_, e) => server.Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();

        await server.WaitUntilReady(TimeSpan.FromMinutes(3), ct);
        return server;
    }

    private void Log(string? line)
    {
        if (line is null) return;
        lock (_logGate) _log.WriteLine(line);
    }

    private async Task WaitUntilReady(TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} while starting:\n{Tail(40)}");
            try
            {
                using var response = await http.GetAsync("/health/ready", ct);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // slow to answer while starting
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"The server did not become ready within {timeout}:\n{Tail(40)}");
    }

    public string Tail(int lines)
    {
        lock (_logGate) _log.Flush();
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>Lines of the log with warnings or errors (how many, and the first few), for the report.</summary>
    public (int Count, IReadOnlyList<string> First) Problems(int keep = 5)
    {
        lock (_logGate) _log.Flush();
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var count = 0;
        var first = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (!line.Contains("fail:", StringComparison.Ordinal) && !line.Contains("crit:", StringComparison.Ordinal) &&
                !line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) && !line.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal))
                continue;
            count++;
            if (first.Count < keep) first.Add(line.Length > 300 ? line[..300] + "…" : line);
        }

        return (count, first);
    }

    /// <summary>SIGTERM, as a service manager would stop it; killed if it has not stopped within 30 seconds.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Linux.Terminate(_process.Id);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        lock (_logGate) _log.Dispose();
    }

    /// <summary>The dotnet host that runs this process's runtime (the benchmark itself runs as an apphost).</summary>
    private static string DotnetHost()
    {
        var runtime = RuntimeEnvironment.GetRuntimeDirectory(); // …/shared/Microsoft.NETCore.App/10.0.x/
        var root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
