using ConsultationPlatform.LivePush;
using Microsoft.AspNetCore.SignalR.Client;

namespace ConsultationPlatform.Bench.Live;

/// <summary>
/// What the benchmark reads of a pushed <see cref="ChangeBatch"/>: the stream, and per change its position and its
/// timestamp. The server sends the whole batch (views included); reading only these fields keeps the clients' share
/// of the machine's two cores small.
/// </summary>
public sealed record LiveBatch(string Stream, IReadOnlyList<LiveChange> Changes);

public sealed record LiveChange(long Position, DateTimeOffset At);

/// <summary>One stream a client follows (a consultation's public changes) and what it received on it.</summary>
public sealed class StreamTrack(Guid consultationId, long @base)
{
    public Guid ConsultationId { get; } = consultationId;
    public string Name { get; } = LiveStream.Public(consultationId).ToString();

    /// <summary>The stream's position when the client first joined: it expects every public change after it.</summary>
    public long JoinedAt { get; set; } = -1;

    public PositionSet Seen { get; } = new(@base);
    public long Delivered { get; set; }
    public long Duplicates { get; set; }
    public long FromCatchUp { get; set; }
    public long AtOrBelowBase { get; set; }
    public long OutOfOrder { get; set; }
    public long LastLive { get; set; }

    /// <summary>What the client sends when it comes back: the last position it saw.</summary>
    public long LastSeen => Math.Max(JoinedAt, Seen.Max);
}

/// <summary>
/// One logical client: a SignalR connection (replaced when it is disconnected) joined to the benchmark's
/// consultations, and everything it received across its connections.
/// </summary>
public sealed class LiveClient
{
    private readonly LiveFleet _fleet;
    private readonly object _gate = new();
    private HubConnection? _connection;
    private bool _closing;

    public LiveClient(LiveFleet fleet, int index, IReadOnlyList<Guid> consultations, long @base)
    {
        _fleet = fleet;
        Index = index;
        Tracks = consultations.Select(c => new StreamTrack(c, @base)).ToArray();
    }

    public int Index { get; }
    public StreamTrack[] Tracks { get; }

    /// <summary>Serialises connects and disconnects of this client.</summary>
    public SemaphoreSlim Turn { get; } = new(1, 1);

    public bool IsConnected => Volatile.Read(ref _connection) is not null;
    public int Reconnects { get; private set; }
    public int Reloads { get; private set; }
    public int Drops { get; private set; }

    /// <summary>Connects and joins every stream; when <paramref name="resume"/>, from the last position seen on each.</summary>
    public async Task Connect(bool resume, CancellationToken ct)
    {
        var connection = _fleet.NewConnection();
        connection.On<LiveBatch>(LiveMessages.Changes, OnBatch);
        connection.Closed += error => OnClosed(connection, error);
        try
        {
            await connection.StartAsync(ct);
            foreach (var track in Tracks)
            {
                long? since;
                lock (_gate) since = resume ? track.LastSeen : null;
                var joined = await connection.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinConsultation), track.ConsultationId, since, ct);
                lock (_gate)
                {
                    if (track.JoinedAt < 0) track.JoinedAt = joined.Position;
                    if (joined.Reload) Reloads++;
                    foreach (var missed in joined.Missed)
                    {
                        track.FromCatchUp++;
                        Receive(track, missed.Position);
                    }
                }
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        lock (_gate)
        {
            _closing = false;
            _connection = connection;
            if (resume) Reconnects++;
        }

        _fleet.ConnectionOpened();
    }

    /// <summary>Drops the connection the way a closed laptop or a lost network does from the server's point of view.</summary>
    public async Task Disconnect()
    {
        HubConnection? connection;
        lock (_gate)
        {
            connection = _connection;
            _connection = null;
            _closing = true;
        }

        if (connection is null) return;
        _fleet.ConnectionClosed();
        await connection.DisposeAsync();
    }

    private Task OnClosed(HubConnection connection, Exception? error)
    {
        bool unexpected;
        lock (_gate)
        {
            unexpected = !_closing && ReferenceEquals(_connection, connection);
            if (unexpected)
            {
                _connection = null;
                Drops++;
            }
        }

        if (unexpected) _fleet.Dropped(this, error);
        return Task.CompletedTask;
    }

    private void OnBatch(LiveBatch batch)
    {
        var now = DateTimeOffset.UtcNow;
        var track = Array.Find(Tracks, t => string.Equals(t.Name, batch.Stream, StringComparison.Ordinal));
        if (track is null)
        {
            _fleet.ForeignBatch();
            return;
        }

        foreach (var change in batch.Changes)
        {
            bool first;
            lock (_gate)
            {
                if (change.Position < track.LastLive) track.OutOfOrder++;
                track.LastLive = Math.Max(track.LastLive, change.Position);
                first = Receive(track, change.Position);
            }

            if (first) _fleet.Latency.Record(change.At, now);
        }
    }

    /// <summary>Records a position (under the gate); false when it is a duplicate or not a position this client can expect.</summary>
    private static bool Receive(StreamTrack track, long position)
    {
        track.Delivered++;
        if (position <= track.Seen.Base)
        {
            track.AtOrBelowBase++;
            return false;
        }

        if (track.Seen.Add(position)) return true;
        track.Duplicates++;
        return false;
    }

    /// <summary>Reads the client's state under its gate.</summary>
    public T Read<T>(Func<LiveClient, T> read)
    {
        lock (_gate) return read(this);
    }
}
