namespace ConsultationPlatform.Bench.Infrastructure;

/// <summary>Cumulative CPU time (clock ticks) of the parties of the benchmark at one moment.</summary>
public sealed record CpuSnapshot(DateTime At, long Server, long? Postgres, long Bench, long MachineBusy, long MachineTotal);

/// <summary>Average cores each party used between two snapshots; "other" is the rest of the machine (other users).</summary>
public sealed record CpuUse(string Phase, double Seconds, double Server, double? Postgres, double Bench, double Machine, double Cores)
{
    public double? Other => Postgres is { } pg ? Math.Max(0, Machine - Server - pg - Bench) : null;

    public static CpuUse Between(string phase, CpuSnapshot a, CpuSnapshot b)
    {
        var seconds = (b.At - a.At).TotalSeconds;
        double Cores(long ticks) => seconds <= 0 ? 0 : ticks / (double)Linux.ClockTicksPerSecond / seconds;
        var machineTicks = b.MachineTotal - a.MachineTotal;
        var machine = machineTicks <= 0 ? 0 : Environment.ProcessorCount * (b.MachineBusy - a.MachineBusy) / (double)machineTicks;
        return new CpuUse(phase, seconds, Cores(b.Server - a.Server),
            a.Postgres is { } p0 && b.Postgres is { } p1 ? Cores(p1 - p0) : null,
            Cores(b.Bench - a.Bench), machine, Environment.ProcessorCount);
    }
}

/// <summary>
/// Watches the server process (resident memory, its peak, its established connections) and the CPU time of the
/// server, the PostgreSQL cluster (postmaster and its backends, reaped ones included) and the benchmark itself.
/// </summary>
public sealed class ResourceMonitor : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly int? _postmasterPid;
    private Task? _loop;
    private int _serverPid;
    private int _serverPort;
    private Func<int> _clientConnections = () => 0;

    public ResourceMonitor(int? postmasterPid) => _postmasterPid = postmasterPid;

    public long ServerPeakRssKb { get; private set; }
    public long ServerHwmKb { get; private set; }
    public int MaxServerConnections { get; private set; }
    public int MaxClientConnections { get; private set; }

    public void WatchServer(int pid, int port, Func<int> clientConnections)
    {
        _serverPid = pid;
        _serverPort = port;
        _clientConnections = clientConnections;
        _loop ??= Task.Run(() => Loop(_stop.Token));
    }

    private async Task Loop(CancellationToken ct)
    {
        var tick = 0;
        while (!ct.IsCancellationRequested)
        {
            Sample(countSockets: tick++ % 4 == 0);
            try
            {
                await Task.Delay(250, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Reads the server's memory now (also called at the end, so the last peak is not missed).</summary>
    public void Sample(bool countSockets = true)
    {
        if (_serverPid == 0) return;
        if (Linux.StatusKb(_serverPid, "VmRSS") is { } rss) ServerPeakRssKb = Math.Max(ServerPeakRssKb, rss);
        if (Linux.StatusKb(_serverPid, "VmHWM") is { } hwm) ServerHwmKb = Math.Max(ServerHwmKb, hwm);
        MaxClientConnections = Math.Max(MaxClientConnections, _clientConnections());
        if (countSockets) MaxServerConnections = Math.Max(MaxServerConnections, Linux.EstablishedConnections(_serverPort));
    }

    public CpuSnapshot Snapshot()
    {
        var server = _serverPid == 0 ? 0 : Linux.CpuTicks(_serverPid)?.Own ?? 0;
        var self = Linux.CpuTicks(Environment.ProcessId);
        var (busy, total) = Linux.MachineTicks();
        return new CpuSnapshot(DateTime.UtcNow, server, PostgresTicks(), (self?.Own ?? 0) + (self?.Children ?? 0), busy, total);
    }

    /// <summary>The postmaster and its backends; those that ended are in the postmaster's reaped-children time.</summary>
    private long? PostgresTicks()
    {
        if (_postmasterPid is not { } pid || Linux.CpuTicks(pid) is not { } postmaster) return null;
        var sum = postmaster.Own + postmaster.Children;
        foreach (var child in Linux.ChildrenOf(pid))
        {
            if (Linux.CpuTicks(child) is { } c) sum += c.Own + c.Children;
        }

        return sum;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null) await _loop;
        _stop.Dispose();
    }
}
