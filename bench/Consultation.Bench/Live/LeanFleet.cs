using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using ConsultationPlatform.LivePush;

namespace ConsultationPlatform.Bench.Live;

/// <summary>
/// N clients that speak the SignalR JSON protocol minimally over a bare <see cref="ClientWebSocket"/>: the handshake,
/// one <c>JoinConsultation</c> per stream, a ping now and then (the server closes a connection it has not heard from in
/// 30 s), and, of each pushed message, only the stream, and per change its position and <c>at</c>, read with a
/// <see cref="Utf8JsonReader"/> that skips everything else (no objects built). Its CPU per message is a small
/// fraction of the official client's, so the fan-out phases measure the server rather than the clients sharing its
/// two cores. It records positions like the official client (missed and duplicated are counted) but does not
/// reconnect: the forced disconnects and catch-up are the official client's phases.
/// </summary>
public sealed class LeanFleet(Uri baseAddress, IReadOnlyList<Guid> consultations, long @base, LatencyBook latency) : IAsyncDisposable
{
    private readonly List<LeanClient> _clients = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _pings;
    private long _baseline;
    private int _errors;
    private byte[]? _sample;

    public LatencyBook Latency { get; } = latency;
    public PushTraffic Traffic { get; } = new();
    public IReadOnlyList<LeanClient> Clients => _clients;
    public int Connected => _clients.Count(c => c.Socket.State == WebSocketState.Open);
    public int ConnectFailures { get; private set; }
    public TimeSpan ConnectTime { get; private set; }
    public long Base { get; } = @base;

    /// <summary>The benchmark's baseline broadcasts received (<see cref="FanOutBaseline.Target"/>), all clients together.</summary>
    public long BaselineReceived => Interlocked.Read(ref _baseline);

    /// <summary>The first one-change "changes" payload (the batch, as JSON) client 0 received: a typical pushed message, for the baseline.</summary>
    public byte[]? SamplePayload => Volatile.Read(ref _sample);

    public int Errors => Volatile.Read(ref _errors);

    internal Uri HubUri { get; } = new UriBuilder(new Uri(baseAddress, ConsultationHub.Path)) { Scheme = baseAddress.Scheme == "https" ? "wss" : "ws" }.Uri;
    internal IReadOnlyList<Guid> Consultations => consultations;
    internal void BaselineMessage() => Interlocked.Increment(ref _baseline);
    internal void Error() => Interlocked.Increment(ref _errors);
    /// <summary>The first batch of one change (the paced phase's typical message) is kept; the later ones are not, so that runs compare.</summary>
    internal void Sample(ReadOnlySpan<byte> payload)
    {
        if (Volatile.Read(ref _sample) is null) Volatile.Write(ref _sample, payload.ToArray());
    }

    public async Task ConnectAll(int count, int parallel, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) _clients.Add(new LeanClient(this, i, consultations, Base));
        var done = 0;
        await Parallel.ForEachAsync(_clients, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (client, ct) =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await client.Connect(ct);
                    break;
                }
                catch (Exception) when (attempt < 5 && !ct.IsCancellationRequested)
                {
                    client.Reset();
                    await Task.Delay(200 * attempt, ct);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    lock (_clients) ConnectFailures++;
                    Console.Error.WriteLine($"  lean client {client.Index}: {ex.GetType().Name} {ex.Message}");
                    break;
                }
            }

            var n = Interlocked.Increment(ref done);
            if (n % 1000 == 0 || n == count) Console.WriteLine($"  {n:N0}/{count:N0} lean clients connected and joined ({clock.Elapsed.TotalSeconds:F1} s)");
        });
        ConnectTime = clock.Elapsed;
        _pings = Task.Run(() => Pings(_stop.Token));
    }

    private async Task Pings(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), ct);
                foreach (var client in _clients) await client.Ping(ct);
            }
        }
        catch (OperationCanceledException)
        {
            // Closing.
        }
    }

    /// <summary>Whether every client holds every expected position of every stream.</summary>
    public bool AllCaughtUp(IReadOnlyDictionary<Guid, long[]> expected) => _clients.All(c => c.Read(x => x.Tracks.All(t =>
        t.JoinedAt >= 0 && t.Seen.CountAbove(t.JoinedAt) >= expected[t.ConsultationId].Count(p => p > t.JoinedAt))));

    /// <summary>Expected, received (distinct), missed and duplicated positions over all clients and streams.</summary>
    public (long Expected, long Distinct, long Missing, long Duplicates) Compare(IReadOnlyDictionary<Guid, long[]> expected)
    {
        long wanted = 0, distinct = 0, missing = 0, duplicates = 0;
        foreach (var client in _clients)
            client.Read(c =>
            {
                foreach (var t in c.Tracks)
                {
                    var positions = expected[t.ConsultationId].Where(p => p > t.JoinedAt).ToList();
                    wanted += positions.Count;
                    distinct += t.Seen.Count;
                    missing += positions.Count(p => !t.Seen.Contains(p));
                    duplicates += t.Duplicates;
                }

                return 0;
            });
        return (wanted, distinct, missing, duplicates);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_pings is not null) await _pings;
        await Parallel.ForEachAsync(_clients, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (c, _) => await c.Close());
        _stop.Dispose();
    }
}

/// <summary>One lean client: a WebSocket, its receive loop, and what it received per stream.</summary>
public sealed class LeanClient
{
    private const byte RecordSeparator = 0x1e;
    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    private static readonly byte[] PingMessage = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    private readonly LeanFleet _fleet;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly byte[][] _streamNames;
    private readonly List<(long Position, DateTimeOffset At)> _changes = [];
    private TaskCompletionSource? _handshake;
    private TaskCompletionSource<long>? _join;
    private Task? _loop;

    public LeanClient(LeanFleet fleet, int index, IReadOnlyList<Guid> consultations, long @base)
    {
        _fleet = fleet;
        Index = index;
        Tracks = consultations.Select(c => new StreamTrack(c, @base)).ToArray();
        _streamNames = Tracks.Select(t => Encoding.UTF8.GetBytes(t.Name)).ToArray();
    }

    public int Index { get; }
    public StreamTrack[] Tracks { get; }
    public ClientWebSocket Socket { get; private set; } = new();

    /// <summary>A fresh socket after a failed attempt.</summary>
    public void Reset()
    {
        Socket.Dispose();
        Socket = new ClientWebSocket();
    }

    public async Task Connect(CancellationToken ct)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        await Socket.ConnectAsync(_fleet.HubUri, limit.Token);
        _handshake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop = Task.Run(Receive, CancellationToken.None);
        await SendAsync(Handshake, limit.Token);
        await _handshake.Task.WaitAsync(limit.Token);
        for (var i = 0; i < Tracks.Length; i++)
        {
            _join = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var invoke = $"{{\"type\":1,\"invocationId\":\"{i}\",\"target\":\"{nameof(ConsultationHub.JoinConsultation)}\",\"arguments\":[\"{Tracks[i].ConsultationId}\",null]}}\u001e";
            await SendAsync(Encoding.UTF8.GetBytes(invoke), limit.Token);
            var position = await _join.Task.WaitAsync(limit.Token);
            lock (_gate) Tracks[i].JoinedAt = position;
        }
    }

    public async Task Ping(CancellationToken ct)
    {
        if (Socket.State != WebSocketState.Open) return;
        try
        {
            await SendAsync(PingMessage, ct);
        }
        catch (WebSocketException)
        {
            _fleet.Error();
        }
    }

    private async Task SendAsync(byte[] bytes, CancellationToken ct)
    {
        await _send.WaitAsync(ct);
        try
        {
            await Socket.SendAsync(bytes, WebSocketMessageType.Text, true, ct);
        }
        finally
        {
            _send.Release();
        }
    }

    public async Task Close()
    {
        try
        {
            if (Socket.State == WebSocketState.Open)
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, limit.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Gone already.
        }

        Socket.Abort();
        if (_loop is not null) await _loop;
        Socket.Dispose();
    }

    private async Task Receive()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var received = await Socket.ReceiveAsync(buffer.AsMemory(filled), CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close) break;
                filled += received.Count;
                // Every complete message (up to a record separator) is handled; a partial one waits for the rest.
                var start = 0;
                while (Array.IndexOf(buffer, RecordSeparator, start, filled - start) is var end and >= 0)
                {
                    Handle(buffer.AsSpan(start, end - start));
                    start = end + 1;
                }

                if (start > 0)
                {
                    buffer.AsSpan(start, filled - start).CopyTo(buffer);
                    filled -= start;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _handshake?.TrySetException(new WebSocketException("closed before the handshake"));
            _join?.TrySetException(new WebSocketException("closed before the join completed"));
        }
    }

    private void Handle(ReadOnlySpan<byte> message)
    {
        if (_handshake is { Task.IsCompleted: false } handshake)
        {
            // The handshake's answer: {} or {"error":"…"}.
            if (message.IndexOf("\"error\""u8) >= 0) handshake.TrySetException(new InvalidOperationException(Encoding.UTF8.GetString(message)));
            else handshake.TrySetResult();
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var reader = new Utf8JsonReader(message);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return;
        var type = 0;
        var target = Target.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetInt32();
            }
            else if (reader.ValueTextEquals("target"u8))
            {
                reader.Read();
                target = reader.ValueTextEquals("changes"u8) ? Target.Changes
                    : reader.ValueTextEquals(FanOutBaseline.Target) ? Target.Baseline : Target.Other;
            }
            else if (reader.ValueTextEquals("arguments"u8) && type == 1 && target == Target.Changes)
            {
                reader.Read(); // [
                reader.Read(); // {
                var from = (int)reader.TokenStartIndex;
                // Client 0 reads the whole batch, to keep a copy of it (the baseline's payload); the others stop after
                // the changes (the board entries, most of the bytes, follow them).
                Batch(ref reader, now, whole: Index == 0);
                if (Index == 0 && _changes.Count == 1) _fleet.Sample(message[from..(int)reader.BytesConsumed]);
                _fleet.Traffic.Add(message.Length + 1);
                return;
            }
            else if (reader.ValueTextEquals("result"u8) && type == 3)
            {
                reader.Read();
                _join?.TrySetResult(JoinPosition(ref reader));
                return;
            }
            else if (reader.ValueTextEquals("error"u8) && type == 3)
            {
                reader.Read();
                _join?.TrySetException(new InvalidOperationException(reader.GetString()));
                return;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (type == 1 && target == Target.Baseline) _fleet.BaselineMessage();
        else if (type == 7) _fleet.Error(); // the server closes the connection
    }

    private enum Target
    {
        None,
        Changes,
        Baseline,
        Other,
    }

    /// <summary>The position of a join's result: <c>{"stream":…,"position":N,…}</c>.</summary>
    private static long JoinPosition(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isPosition = reader.ValueTextEquals("position"u8);
            reader.Read();
            if (isPosition) return reader.GetInt64();
            reader.Skip();
        }

        throw new InvalidOperationException("A join's result without a position.");
    }

    /// <summary>A <see cref="ChangeBatch"/>: its stream and each change's position and time, the rest skipped.</summary>
    private void Batch(ref Utf8JsonReader reader, DateTimeOffset now, bool whole)
    {
        var track = -1;
        _changes.Clear();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("stream"u8))
            {
                reader.Read();
                for (var i = 0; i < _streamNames.Length; i++)
                    if (reader.ValueTextEquals(_streamNames[i])) track = i;
            }
            else if (reader.ValueTextEquals("changes"u8))
            {
                reader.Read(); // [
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    long position = 0;
                    var at = default(DateTimeOffset);
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("position"u8))
                        {
                            reader.Read();
                            position = reader.GetInt64();
                        }
                        else if (reader.ValueTextEquals("at"u8))
                        {
                            reader.Read();
                            at = reader.GetDateTimeOffset();
                        }
                        else
                        {
                            reader.Read();
                            reader.Skip();
                        }
                    }

                    _changes.Add((position, at));
                }

                if (!whole && track >= 0) break;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (track < 0)
        {
            _fleet.Error();
            return;
        }

        var t = Tracks[track];
        foreach (var (position, at) in _changes)
        {
            bool first;
            lock (_gate)
            {
                t.Delivered++;
                first = position > t.Seen.Base && t.Seen.Add(position);
                if (!first && position > t.Seen.Base) t.Duplicates++;
            }

            if (first) _fleet.Latency.Record(at, now);
        }
    }

    public T Read<T>(Func<LeanClient, T> read)
    {
        lock (_gate) return read(this);
    }
}

/// <summary>N plain WebSockets on the server's baseline endpoint, counting the messages they receive.</summary>
public sealed class RawFleet(Uri baseAddress) : IAsyncDisposable
{
    private readonly List<(ClientWebSocket Socket, Task Loop)> _sockets = [];
    private long _messages;
    private long _bytes;

    public long Messages => Interlocked.Read(ref _messages);
    public long Bytes => Interlocked.Read(ref _bytes);
    public int Count => _sockets.Count;

    public async Task ConnectAll(int count, int parallel, CancellationToken ct)
    {
        var uri = new UriBuilder(new Uri(baseAddress, FanOutBaseline.RawPath)) { Scheme = baseAddress.Scheme == "https" ? "wss" : "ws" }.Uri;
        var opened = new ClientWebSocket[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (i, ct) =>
        {
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(uri, ct);
            opened[i] = socket;
        });
        foreach (var socket in opened) _sockets.Add((socket, Task.Run(() => Receive(socket), CancellationToken.None)));
    }

    private async Task Receive(ClientWebSocket socket)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close) return;
                Interlocked.Add(ref _bytes, received.Count);
                if (received.EndOfMessage) Interlocked.Increment(ref _messages);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (socket, _) in _sockets)
        {
            try
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                if (socket.State == WebSocketState.Open) await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, limit.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // Gone already.
            }

            socket.Abort();
        }

        await Task.WhenAll(_sockets.Select(s => s.Loop));
        foreach (var (socket, _) in _sockets) socket.Dispose();
    }
}
