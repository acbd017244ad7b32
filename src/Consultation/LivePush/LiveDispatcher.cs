using System.Collections.Concurrent;
using System.Threading.Channels;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.Moderation;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsultationPlatform.LivePush;

/// <summary>
/// A board entry as pushed: as on the board, but without the text unless the text changed (a client has it from
/// the page it loaded, and it is most of the entry's weight).
/// </summary>
public sealed record LiveBoardEntry(Guid Id, int Number, int Version, string? Text, int EndorsementCount, EndorsementTally Endorsements,
    Positions.PositionTally? Positions = null)
{
    public static LiveBoardEntry From(BoardActionPoint entry, bool withText) =>
        new(entry.Id, entry.Number, entry.Version, withText ? entry.Text : null, entry.EndorsementCount, entry.Endorsements);
}

/// <summary>The views a page of changes touched, as they stand after it.</summary>
public sealed record LiveViews(IReadOnlyDictionary<Guid, LiveBoardEntry> BoardEntries, IReadOnlyDictionary<Guid, ModerationQueue> Queues);

/// <summary>
/// A batch of changes to one live stream, in order, with the views they touched as they now stand: the board entries
/// (public streams), and the moderation queue (moderation streams, when the changes touched it).
/// <para><see cref="Previous"/>: the position of the stream's last change before this batch (0: none). Positions are
/// the store's sequence, not contiguous per stream, so a client cannot see a hole by itself; a client whose last
/// position is older than this missed something (a page committed by a node that died before pushing it, a message
/// lost on the way) and joins again from its last position to catch up (live.js does).</para>
/// </summary>
public sealed record ChangeBatch(string Stream, IReadOnlyList<ChangeMessage> Changes, IReadOnlyList<LiveBoardEntry> BoardEntries,
    ModerationQueue? ModerationQueue = null, long? Previous = null);

/// <summary>What a client gets when it joins a stream: what it missed (in order), or an instruction to reload the view.</summary>
public sealed record JoinResult(string Stream, long Position, bool Reload, IReadOnlyList<ChangeMessage> Missed, IReadOnlyList<LiveBoardEntry> BoardEntries,
    ModerationQueue? ModerationQueue = null);

/// <summary>
/// Sends the consultations' changes to the groups allowed to see them, and lets a client join a stream without a gap
/// or a duplicate: per stream, joining (catch-up read plus group membership) and publishing take turns under one
/// lock, so a joining client receives every change up to the stream's position from the history and every later one
/// live, in order.
/// </summary>
public sealed class LiveDispatcher(IHubContext<ConsultationHub> hub, IServiceProvider services, ILogger<LiveDispatcher> logger,
    IConfiguration configuration, IOptions<LivePushOptions> options)
{
    // Overload: more than LivePush:OverloadQueue work items waiting for the thread pool; the pages then gather for
    // LivePush:OverloadWindowMs (0: never) and go out as one (LivePushOptions).
    private readonly TimeSpan _overloadWindow = TimeSpan.FromMilliseconds(options.Value.OverloadWindowMs);
    private readonly int _overloadQueue = options.Value.OverloadQueue;

    // Several nodes (a Redis backplane): the node that runs the subscription is not the node a client joins through,
    // so joins cannot take turns with publishing under this node's gate (Hosting/ScaleOut.cs, JoinAcrossNodesAsync).
    private readonly bool _acrossNodes = Hosting.ScaleOut.AcrossNodes(configuration);

    // Resolved when first needed: the store builds this dispatcher's subscription, so the store cannot be a
    // constructor dependency of it.
    private IDocumentStore Store => services.GetRequiredService<IDocumentStore>();

    /// <summary>A client that missed more than this many changes reloads the view instead of replaying them.</summary>
    public const int MaxCatchUp = 1000;

    private readonly ConcurrentDictionary<LiveStream, StreamState> _streams = new();

    private sealed class StreamState
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public long Position = -1; // -1: not read from the history yet

        /// <summary>
        /// Connections that joined since the last publish, with the position they caught up to. When the stream's
        /// position was first read from the history, it may include changes committed but not yet published:
        /// those connections must not receive them twice.
        /// </summary>
        public readonly Dictionary<string, long> JoinedAt = new();
    }

    // Pages wait here for their turn to be sent, in order, so the daemon goes on with the next page while the last
    // one fans out. Bounded: if the screens cannot keep up, the daemon slows down rather than memory growing.
    private readonly Channel<(IReadOnlyList<ConsultationChange> Changes, LiveViews Views)> _outbox =
        Channel.CreateBounded<(IReadOnlyList<ConsultationChange>, LiveViews)>(
            new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private int _sending;

    /// <summary>Queues a committed page of changes for sending (in commit order, by one sender).</summary>
    public async Task PublishAsync(IReadOnlyList<ConsultationChange> changes, LiveViews views, CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _sending, 1) == 0) _ = Task.Run(SendLoop, CancellationToken.None);
        await _outbox.Writer.WriteAsync((changes, views), ct);
    }

    private async Task SendLoop()
    {
        var reader = _outbox.Reader;
        while (await reader.WaitToReadAsync())
        {
            if (!reader.TryRead(out var page)) continue;
            // Overloaded (the thread pool has a queue of work waiting for the cores): let the next pages gather for a
            // moment and send them as one, rather than spend the cores on many small sends to every screen.
            if (_overloadWindow > TimeSpan.Zero && ThreadPool.PendingWorkItemCount > _overloadQueue) await Task.Delay(_overloadWindow);
            // Pages already waiting go out with this one, in order: one message per screen instead of one per page.
            while (reader.TryRead(out var next)) page = Merge(page, next);
            try
            {
                await SendAsync(page.Changes, page.Views, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // Screens that miss a page catch up from the history; the loop goes on.
                logger.LogError(ex, "Could not push a page of {Count} changes", page.Changes.Count);
            }
        }
    }

    /// <summary>Two consecutive pages as one: their changes in order, the views as the later page left them.</summary>
    public static (IReadOnlyList<ConsultationChange> Changes, LiveViews Views) Merge(
        (IReadOnlyList<ConsultationChange> Changes, LiveViews Views) earlier, (IReadOnlyList<ConsultationChange> Changes, LiveViews Views) later)
    {
        var entries = new Dictionary<Guid, LiveBoardEntry>(earlier.Views.BoardEntries);
        foreach (var (id, entry) in later.Views.BoardEntries)
        {
            // The later entry carries the text only if the later page changed it; otherwise the earlier one's is current.
            var earlierEntry = entries.GetValueOrDefault(id);
            entries[id] = entry.Text is null && entries.TryGetValue(id, out var before) ? entry with { Text = before.Text } : entry;
            // Likewise the other stakeholders' positions, which travel only when a page changed them.
            if (entries[id].Positions is null && earlierEntry?.Positions is { } positions) entries[id] = entries[id] with { Positions = positions };
        }

        var queues = new Dictionary<Guid, ModerationQueue>(earlier.Views.Queues);
        foreach (var (id, queue) in later.Views.Queues) queues[id] = queue;
        return ([.. earlier.Changes, .. later.Changes], new LiveViews(entries, queues));
    }

    private async Task SendAsync(IReadOnlyList<ConsultationChange> changes, LiveViews views, CancellationToken ct)
    {
        var entries = views.BoardEntries;
        var byStream = changes.SelectMany(c => LiveStream.Of(c).Select(s => (Stream: s, Change: c)))
            .GroupBy(x => x.Stream, x => x.Change);
        foreach (var group in byStream)
        {
            var state = _streams.GetOrAdd(group.Key, _ => new StreamState());
            await state.Gate.WaitAsync(ct);
            try
            {
                var ordered = group.OrderBy(c => c.Id).ToList();
                var touched = ordered.Where(c => c.ActionPointId is not null).Select(c => c.ActionPointId!.Value).Distinct()
                    .Select(id => entries.GetValueOrDefault(id)).OfType<LiveBoardEntry>().ToList();
                var stream = group.Key;
                var queue = stream.CarriesTheQueue ? views.Queues.GetValueOrDefault(ordered[0].ConsultationId) : null;
                var first = ordered[0].Id;
                var last = ordered[^1].Id;
                // What this node pushed last on the stream is the change before this batch, unless it never pushed on
                // it (it has just taken the subscription over from a node that died, perhaps before pushing its last
                // page) or a join read changes not pushed yet: then the history says.
                var previous = state.Position >= 0 && state.Position < first
                    ? state.Position
                    : await LatestBefore(stream, first, ct);
                var batch = new ChangeBatch(stream.ToString(), ordered.Select(stream.Message).ToList(), touched, queue, previous);
                state.Position = Math.Max(state.Position, last);
                try
                {
                    var caughtUp = state.JoinedAt.Where(j => j.Value >= first).ToList();
                    foreach (var (connection, position) in caughtUp.Where(j => j.Value < last))
                    {
                        var rest = batch with { Changes = batch.Changes.Where(c => c.Position > position).ToList(), Previous = position };
                        await hub.Clients.Client(connection).SendAsync(LiveMessages.Changes, rest, ct);
                    }

                    var target = caughtUp.Count == 0
                        ? hub.Clients.Group(batch.Stream)
                        : hub.Clients.GroupExcept(batch.Stream, caughtUp.Select(j => j.Key).ToList());
                    await target.SendAsync(LiveMessages.Changes, batch, ct);
                    Hosting.PlatformMetrics.PushSent(stream, ordered[^1].At);
                    foreach (var (connection, _) in state.JoinedAt.Where(j => j.Value <= last).ToList())
                        state.JoinedAt.Remove(connection);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Clients that miss a push catch up from the history when they reconnect.
                    logger.LogWarning(ex, "Could not push {Count} changes to {Stream}", ordered.Count, stream.ToString());
                }
            }
            finally
            {
                state.Gate.Release();
            }
        }
    }

    /// <summary>The position of the stream's last change before <paramref name="position"/> in the history (0: none; null: the
    /// history could not be read, and the batch goes out without it rather than not at all).</summary>
    private async Task<long?> LatestBefore(LiveStream stream, long position, CancellationToken ct)
    {
        try
        {
            await using var session = Store.QuerySession();
            var latest = await stream.Scope(session.Query<ConsultationChange>()).Where(c => c.Id < position)
                .OrderByDescending(c => c.Id).Select(c => c.Id).Take(1).ToListAsync(ct);
            return latest.Count == 0 ? 0 : latest[0];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not read the change before {Position} on {Stream}", position, stream);
            return null;
        }
    }

    /// <summary>
    /// Adds the connection to the stream's group and returns what it missed since <paramref name="since"/>
    /// (null: nothing to catch up, the client has just loaded the view).
    /// </summary>
    public async Task<JoinResult> JoinAsync(string connectionId, LiveStream stream, Func<IQueryable<ConsultationChange>, IQueryable<ConsultationChange>> scope,
        long? since, CancellationToken ct, Guid? moderationOf = null)
    {
        if (_acrossNodes) return await JoinAcrossNodesAsync(connectionId, stream, scope, since, ct, moderationOf);
        var state = _streams.GetOrAdd(stream, _ => new StreamState());
        await state.Gate.WaitAsync(ct);
        try
        {
            await using var session = Store.QuerySession();
            if (state.Position < 0)
            {
                var latest = await scope(session.Query<ConsultationChange>()).OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
                state.Position = latest?.Id ?? 0;
            }

            IReadOnlyList<ConsultationChange> missed = [];
            var reload = false;
            if (since is { } from && from < state.Position)
            {
                var upTo = state.Position;
                var page = await scope(session.Query<ConsultationChange>())
                    .Where(c => c.Id > from && c.Id <= upTo)
                    .OrderBy(c => c.Id)
                    .Take(MaxCatchUp + 1)
                    .ToListAsync(ct);
                if (page.Count > MaxCatchUp) reload = true;
                else missed = page;
            }

            var pointIds = missed.Where(c => c.ActionPointId is not null).Select(c => c.ActionPointId!.Value).Distinct().ToList();
            // After an absence the text comes too: a revision may be among what was missed.
            IReadOnlyList<LiveBoardEntry> entries = pointIds.Count == 0 ? [] :
                (await BoardReads.LoadEntries(session, pointIds, ct)).Select(e => LiveBoardEntry.From(e, withText: true)).ToList();

            var queue = moderationOf is { } consultationId ? await ModerationQueues.Load(session, consultationId, ct) : null;

            await hub.Groups.AddToGroupAsync(connectionId, stream.ToString(), ct);
            state.JoinedAt[connectionId] = state.Position;
            return new JoinResult(stream.ToString(), state.Position, reload, missed.Select(stream.Message).ToList(), entries, queue);
        }
        finally
        {
            state.Gate.Release();
        }
    }

    /// <summary>
    /// Joining when the changes are published by whichever node runs the subscription: the connection joins the
    /// group first (through the backplane), then the history is read. A change published after the membership took
    /// effect arrives live; one published before it was committed before the read (the history is written in the
    /// transaction that precedes the push), so it is in what was missed. A change can come both ways: the client keeps
    /// only changes after the last position it holds (live.js does), and holds live changes back while it joins.
    /// </summary>
    private async Task<JoinResult> JoinAcrossNodesAsync(string connectionId, LiveStream stream,
        Func<IQueryable<ConsultationChange>, IQueryable<ConsultationChange>> scope, long? since, CancellationToken ct, Guid? moderationOf)
    {
        await hub.Groups.AddToGroupAsync(connectionId, stream.ToString(), ct);
        await using var session = Store.QuerySession();
        IReadOnlyList<ConsultationChange> missed = [];
        var reload = false;
        long position;
        if (since is { } from)
        {
            var page = await scope(session.Query<ConsultationChange>())
                .Where(c => c.Id > from)
                .OrderBy(c => c.Id)
                .Take(MaxCatchUp + 1)
                .ToListAsync(ct);
            if (page.Count > MaxCatchUp)
            {
                reload = true;
                position = page[^1].Id;
            }
            else
            {
                missed = page;
                position = page.Count > 0 ? page[^1].Id : from;
            }
        }
        else
        {
            var latest = await scope(session.Query<ConsultationChange>()).OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
            position = latest?.Id ?? 0;
        }

        var pointIds = missed.Where(c => c.ActionPointId is not null).Select(c => c.ActionPointId!.Value).Distinct().ToList();
        IReadOnlyList<LiveBoardEntry> entries = pointIds.Count == 0 ? [] :
            (await BoardReads.LoadEntries(session, pointIds, ct)).Select(e => LiveBoardEntry.From(e, withText: true)).ToList();
        var queue = moderationOf is { } consultationId ? await ModerationQueues.Load(session, consultationId, ct) : null;
        return new JoinResult(stream.ToString(), position, reload, missed.Select(stream.Message).ToList(), entries, queue);
    }
}
