using System.Collections.Concurrent;
using System.Diagnostics;
using ConsultationPlatform.Hosting;
using ConsultationPlatform.LivePush;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;

namespace ConsultationPlatform.Bench.Live;

/// <summary>
/// Push latency, by write phase: from the event's timestamp (taken by the server as it appends the event, just
/// before the commit) to receipt.
/// </summary>
public sealed class LatencyBook
{
    private volatile Phase[] _phases = [];

    /// <param name="Saturating">A phase whose writers go as fast as the server answers; the headline latency is theirs.</param>
    public sealed record Phase(string Name, long StartTicks, LatencyHistogram Latency, bool Saturating = true);

    public IReadOnlyList<Phase> Phases => _phases;

    /// <summary>Changes whose timestamp is at or after <paramref name="startUtc"/> count for this phase (until the next one starts).</summary>
    public void StartPhase(string name, DateTimeOffset startUtc, bool saturating = true) =>
        _phases = [.. _phases, new Phase(name, startUtc.UtcTicks, new LatencyHistogram(), saturating)];

    public void Record(DateTimeOffset at, DateTimeOffset now)
    {
        var phases = _phases;
        for (var i = phases.Length - 1; i >= 0; i--)
        {
            if (at.UtcTicks < phases[i].StartTicks) continue;
            phases[i].Latency.Record(now - at);
            return;
        }
        // Before the measured phases (the fleet joined before the writes began): not counted.
    }

    /// <summary>The saturating phases' latencies together: the headline figure.</summary>
    public LatencyHistogram Saturating()
    {
        var all = new LatencyHistogram();
        foreach (var p in Phases.Where(p => p.Saturating)) all.Add(p.Latency);
        return all;
    }
}

public sealed record FleetDelivery(
    int Clients,
    int Streams,
    long Expected,
    long Delivered,
    long Distinct,
    long Missing,
    long Duplicates,
    long Unexpected,
    long FromCatchUp,
    long OutOfOrder,
    int ClientsMissing,
    int ClientsWithDuplicates,
    int ReconnectedClients,
    long MissingOnReconnected,
    long DuplicatesOnReconnected,
    int Reconnects,
    int Reloads,
    int Drops,
    IReadOnlyList<string> Examples);

public sealed record ChaosResult(int Planned, int Done, int Failed, double MeanPauseMs, IReadOnlyList<string> Errors);

/// <summary>N logical clients following the same consultations over SignalR (WebSockets, no negotiation), on loopback.</summary>
public sealed class LiveFleet(Uri hubUrl, IReadOnlyList<Guid> consultations, long @base) : IAsyncDisposable
{
    private readonly List<LiveClient> _clients = [];
    private readonly ConcurrentBag<Task> _background = [];
    private readonly ConcurrentQueue<string> _errors = new();
    private int _connected;
    private int _foreign;
    private int _dropped;

    public LatencyBook Latency { get; } = new();
    public IReadOnlyList<LiveClient> Clients => _clients;
    public int Connected => Volatile.Read(ref _connected);
    public int MaxConnected { get; private set; }
    public long Base { get; } = @base;
    public int ForeignBatches => Volatile.Read(ref _foreign);
    public int ConnectFailures { get; private set; }
    public TimeSpan ConnectTime { get; private set; }

    /// <summary>Stops reconnecting dropped clients (at the end of the run).</summary>
    public bool Closing { get; set; }

    /// <summary>What the clients parsed of the pushed messages (count and bytes).</summary>
    public PushTraffic Traffic { get; } = new();

    private IHubProtocol? _protocol;

    /// <summary>One protocol for all the fleet's connections: the JSON protocol with the API's settings, counting bytes.</summary>
    private IHubProtocol Protocol => LazyInitializer.EnsureInitialized(ref _protocol, () =>
    {
        var options = new JsonHubProtocolOptions();
        ConsultationApp.ConfigureJson(options.PayloadSerializerOptions);
        return new CountingProtocol(new JsonHubProtocol(Options.Create(options)), Traffic, LiveMessages.Changes);
    });

    public HubConnection NewConnection()
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(hubUrl, o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            });
        builder.Services.AddSingleton(Protocol);
        return builder.Build();
    }

    internal void ConnectionOpened()
    {
        var now = Interlocked.Increment(ref _connected);
        lock (_clients) MaxConnected = Math.Max(MaxConnected, now);
    }

    internal void ConnectionClosed() => Interlocked.Decrement(ref _connected);

    internal void ForeignBatch() => Interlocked.Increment(ref _foreign);

    /// <summary>A connection closed that the benchmark did not close: reconnect it (it catches up), and count it.</summary>
    internal void Dropped(LiveClient client, Exception? error)
    {
        Interlocked.Decrement(ref _connected);
        Interlocked.Increment(ref _dropped);
        Note($"client {client.Index} dropped: {error?.GetType().Name} {error?.Message}");
        if (Closing) return;
        _background.Add(Task.Run(async () =>
        {
            await client.Turn.WaitAsync();
            try
            {
                if (!client.IsConnected) await ConnectWithRetries(client, resume: true, CancellationToken.None);
            }
            finally
            {
                client.Turn.Release();
            }
        }));
    }

    private void Note(string error)
    {
        if (_errors.Count < 50) _errors.Enqueue(error);
    }

    public IReadOnlyList<string> Errors => _errors.ToList();

    /// <summary>Opens <paramref name="count"/> clients, <paramref name="parallel"/> at a time; each joins every stream.</summary>
    public async Task ConnectAll(int count, int parallel, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) _clients.Add(new LiveClient(this, i, consultations, Base));
        var progress = 0;
        await Parallel.ForEachAsync(_clients, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (client, ct) =>
        {
            if (!await ConnectWithRetries(client, resume: false, ct))
                lock (_clients) ConnectFailures++;
            var done = Interlocked.Increment(ref progress);
            if (done % 1000 == 0 || done == count) Console.WriteLine($"  {done:N0}/{count:N0} connected and joined ({clock.Elapsed.TotalSeconds:F1} s)");
        });
        ConnectTime = clock.Elapsed;
    }

    private async Task<bool> ConnectWithRetries(LiveClient client, bool resume, CancellationToken ct)
    {
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
                limit.CancelAfter(TimeSpan.FromSeconds(30));
                await client.Connect(resume, limit.Token);
                return true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Note($"client {client.Index} connect attempt {attempt}: {ex.GetType().Name} {ex.Message}");
                await Task.Delay(200 * attempt, ct);
            }
        }

        return false;
    }

    /// <summary>
    /// Forces <paramref name="count"/> disconnects at random moments spread over <paramref name="window"/>: a random
    /// client's connection is disposed, it waits a little, reconnects and joins with the last position it saw.
    /// </summary>
    public async Task<ChaosResult> Disrupt(int count, TimeSpan window, int seed, CancellationToken ct)
    {
        if (count == 0 || _clients.Count == 0) return new ChaosResult(0, 0, 0, 0, []);
        var random = new Random(seed);
        var clock = Stopwatch.StartNew();
        var tasks = new List<Task<(bool Ok, int PauseMs)>>();
        for (var i = 0; i < count; i++)
        {
            var at = window * ((i + random.NextDouble()) / count);
            var wait = at - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, ct);
            var client = _clients[random.Next(_clients.Count)];
            for (var pick = 0; pick < 20 && (client.Turn.CurrentCount == 0 || !client.IsConnected); pick++)
                client = _clients[random.Next(_clients.Count)];
            var pause = random.Next(20, 500);
            tasks.Add(Bounce(client, pause, ct));
        }

        var results = await Task.WhenAll(tasks);
        return new ChaosResult(count, results.Count(r => r.Ok), results.Count(r => !r.Ok),
            results.Average(r => r.PauseMs), Errors);
    }

    private async Task<(bool Ok, int PauseMs)> Bounce(LiveClient client, int pauseMs, CancellationToken ct)
    {
        await client.Turn.WaitAsync(ct);
        try
        {
            await client.Disconnect();
            await Task.Delay(pauseMs, ct);
            return (await ConnectWithRetries(client, resume: true, ct), pauseMs);
        }
        finally
        {
            client.Turn.Release();
        }
    }

    /// <summary>Whether every client holds every expected position of every stream (a cheap count check).</summary>
    public bool AllCaughtUp(IReadOnlyDictionary<Guid, long[]> expected) => _clients.All(c => c.Read(x => x.Tracks.All(t =>
    {
        if (t.JoinedAt < 0) return false;
        var positions = expected[t.ConsultationId];
        return t.Seen.CountAbove(t.JoinedAt) >= positions.Length - FirstAfter(positions, t.JoinedAt);
    })));

    /// <summary>Compares each client's positions with the store's public history of each stream after the client joined.</summary>
    public FleetDelivery Compare(IReadOnlyDictionary<Guid, long[]> expected)
    {
        long expectedTotal = 0, delivered = 0, distinct = 0, missing = 0, duplicates = 0, unexpected = 0, catchUp = 0, outOfOrder = 0;
        long missingReconnected = 0, duplicatesReconnected = 0;
        int clientsMissing = 0, clientsDuplicates = 0, reconnected = 0, reconnects = 0, reloads = 0, drops = 0;
        var examples = new List<string>();
        foreach (var client in _clients)
        {
            client.Read(c =>
            {
                long clientMissing = 0, clientDuplicates = 0;
                foreach (var t in c.Tracks)
                {
                    var positions = expected[t.ConsultationId];
                    var first = FirstAfter(positions, t.JoinedAt);
                    var wanted = new ArraySegment<long>(positions, first, positions.Length - first);
                    var lost = wanted.Where(p => !t.Seen.Contains(p)).ToList();
                    var extra = t.Seen.Positions().Where(p => p <= t.JoinedAt || Array.BinarySearch(positions, p) < 0).ToList();
                    expectedTotal += wanted.Count;
                    delivered += t.Delivered;
                    distinct += t.Seen.Count;
                    missing += lost.Count;
                    duplicates += t.Duplicates;
                    unexpected += extra.Count + t.AtOrBelowBase;
                    catchUp += t.FromCatchUp;
                    outOfOrder += t.OutOfOrder;
                    clientMissing += lost.Count;
                    clientDuplicates += t.Duplicates;
                    if (examples.Count < 10 && (lost.Count > 0 || extra.Count > 0))
                        examples.Add($"client {c.Index} on {t.Name}: joined at {t.JoinedAt}, missing [{string.Join(",", lost.Take(5))}], unexpected [{string.Join(",", extra.Take(5))}]");
                }

                if (clientMissing > 0) clientsMissing++;
                if (clientDuplicates > 0) clientsDuplicates++;
                if (c.Reconnects > 0)
                {
                    reconnected++;
                    missingReconnected += clientMissing;
                    duplicatesReconnected += clientDuplicates;
                }

                reconnects += c.Reconnects;
                reloads += c.Reloads;
                drops += c.Drops;
                return 0;
            });
        }

        return new FleetDelivery(_clients.Count, consultations.Count, expectedTotal, delivered, distinct, missing, duplicates, unexpected,
            catchUp, outOfOrder, clientsMissing, clientsDuplicates, reconnected, missingReconnected, duplicatesReconnected,
            reconnects, reloads, drops, examples);
    }

    /// <summary>The index of the first position above <paramref name="after"/> in a sorted array.</summary>
    private static int FirstAfter(long[] positions, long after)
    {
        var at = Array.BinarySearch(positions, after);
        return at >= 0 ? at + 1 : ~at;
    }

    public async ValueTask DisposeAsync()
    {
        Closing = true;
        await Task.WhenAll(_background.ToArray());
        await Parallel.ForEachAsync(_clients, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) => await c.Disconnect());
    }
}
