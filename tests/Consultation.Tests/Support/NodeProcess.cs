using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace ConsultationPlatform.Tests.Support;

/// <summary>
/// A server node in a process of its own (<c>dotnet Consultation.dll --urls http://127.0.0.1:PORT</c>, the build of
/// src/Consultation beside this test build), so that it can be killed like a machine that fails.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private NodeProcess(Process process, string name, Uri baseAddress)
    {
        _process = process;
        Name = name;
        BaseAddress = baseAddress;
    }

    public string Name { get; }
    public Uri BaseAddress { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>The server's build: src/Consultation/bin/{configuration}/net10.0/Consultation.dll of this repository.</summary>
    public static string ServerDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory); // tests/Consultation.Tests/bin/{configuration}/net10.0/
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        var root = here.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "src", "Consultation", "bin", configuration, framework, "Consultation.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"The server is not built at {dll}.");
    }

    public static async Task<NodeProcess> Start(string name, IReadOnlyDictionary<string, string> settings)
    {
        var dll = ServerDll();
        var url = $"http://127.0.0.1:{FreeLoopbackPort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "--urls", url }) start.ArgumentList.Add(a);
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "DOTNET_URLS", "ConnectionStrings__Consultation", "ConnectionStrings__Redis" })
            start.Environment.Remove(inherited);
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the server.");
        var node = new NodeProcess(process, name, new Uri(url));
        process.OutputDataReceived += (_, e) => node.Log(e.Data);
        process.ErrorDataReceived += (_, e) => node.Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await node.WaitUntilReady(TimeSpan.FromMinutes(4));
        return node;
    }

    private void Log(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
    }

    public string Output()
    {
        lock (_log) return _log.ToString();
    }

    private async Task WaitUntilReady(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Node {Name} exited with code {_process.ExitCode} while starting:\n{Output()}");
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode) return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet, or slow to answer while starting
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Node {Name} did not become ready within {timeout} (last answer: {last}):\n{Output()}");
    }

    /// <summary>SIGKILL: the process ends at once, with no chance to release anything (as when a machine fails).</summary>
    public async Task Kill()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            kill(_process.Id, 15); // SIGTERM, as a service manager stops it
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
