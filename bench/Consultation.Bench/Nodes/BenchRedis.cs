using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ConsultationPlatform.Bench.Nodes;

/// <summary>
/// A throwaway Redis for the several-nodes benchmark (Debian's <c>redis-server</c>) on a free loopback port, in a
/// folder of its own, nothing saved to disk, stopped by its process id. The same as the tests' RedisServer
/// (tests/Consultation.Tests/Support/RedisServer.cs), plus what the benchmark reads of it: its CPU (its pid in /proc)
/// and its own command counters (<c>INFO commandstats</c>).
/// </summary>
public sealed class BenchRedis : IAsyncDisposable
{
    private readonly Process _process;

    private BenchRedis(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }
    public int Pid => _process.Id;
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static string? Program() => new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);

    public static async Task<BenchRedis> Start(string folder, CancellationToken ct)
    {
        var program = Program() ?? throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server; .ci/run installs it).");
        Directory.CreateDirectory(folder);
        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        foreach (var a in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                     "--daemonize", "no", "--dir", folder })
            start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new BenchRedis(process, port);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await server.Answers())
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"redis-server did not answer on port {port}.");
            }

            await Task.Delay(50, ct);
        }

        return server;
    }

    private async Task<bool> Answers()
    {
        try
        {
            return (await Command("PING")).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Calls and microseconds Redis spent per command (<c>INFO commandstats</c>), e.g. publish.</summary>
    public async Task<IReadOnlyDictionary<string, (long Calls, long Usec)>> CommandStats()
    {
        var text = await Command("INFO commandstats");
        var stats = new Dictionary<string, (long, long)>();
        foreach (var line in text.Split('\n'))
        {
            // cmdstat_publish:calls=123,usec=456,usec_per_call=3.71,...
            if (!line.StartsWith("cmdstat_", StringComparison.Ordinal)) continue;
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var fields = line[(colon + 1)..].Trim().Split(',').Select(f => f.Split('=')).Where(f => f.Length == 2)
                .ToDictionary(f => f[0], f => f[1]);
            if (fields.TryGetValue("calls", out var calls) && fields.TryGetValue("usec", out var usec))
                stats[line["cmdstat_".Length..colon]] = (long.Parse(calls, CultureInfo.InvariantCulture), long.Parse(usec, CultureInfo.InvariantCulture));
        }

        return stats;
    }

    /// <summary>One inline command; the whole reply (a bulk string's body, or the status line).</summary>
    private async Task<string> Command(string command)
    {
        using var client = new TcpClient();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(IPAddress.Loopback, Port, limit.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), limit.Token);
        var received = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, limit.Token);
            if (read == 0) break;
            received.Write(buffer, 0, read);
            var text = Encoding.UTF8.GetString(received.ToArray());
            var firstLine = text.IndexOf("\r\n", StringComparison.Ordinal);
            if (firstLine < 0) continue;
            if (text[0] != '$') return text;
            var length = int.Parse(text[1..firstLine], CultureInfo.InvariantCulture);
            if (length < 0) return "";
            if (received.Length >= firstLine + 2 + length) return text.Substring(firstLine + 2, length);
        }

        return Encoding.UTF8.GetString(received.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
