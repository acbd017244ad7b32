using System.Text.Json;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Moderation;
using ConsultationPlatform.Submissions;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten.Services;
using Marten.Subscriptions;

namespace ConsultationPlatform.LivePush;

/// <summary>
/// Follows the event store in order through Marten's async daemon (woken on each commit: <c>Database:Wakeup</c>). For each
/// page of events it writes the consultations' history (<see cref="ConsultationChange"/>) in the same transaction
/// as the daemon's progress, then, once that has committed, pushes the changes with the views they touched.
/// A crash after the commit and before the push loses nothing: clients catch up from the history.
/// </summary>
public sealed class LiveViewsSubscription : SubscriptionBase
{
    private readonly LiveDispatcher _dispatcher;
    private readonly JsonSerializerOptions _json;
    private readonly LiveTallies _tallies = new();

    public LiveViewsSubscription(LiveDispatcher dispatcher)
    {
        _dispatcher = dispatcher;
        _json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Common.JsonConventions.Apply(_json);
        Name = "LiveViews";
        Options.BatchSize = 1000;
        // One page in flight at a time: the next page is everything committed meanwhile (up to BatchSize). Marten's
        // default loads a page on every move of the high-water mark and queues them, so under a steady stream of
        // writes the pages stay tiny, each paying the per-page work, and the queue (the lag) grows.
        Options.MaximumHopperSize = 1;
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        // The endorsement counts held for the points touched before; points new to this page are read after it.
        _tallies.StartPage(page.SequenceFloor, page.SequenceCeiling);
        foreach (var e in page.Events) _tallies.Apply(e);

        var changes = new List<ConsultationChange>();
        foreach (var e in page.Events)
        {
            if (ChangeClassifier.Classify(e, _json) is { } change) changes.Add(change);
        }

        if (changes.Count == 0) return NullChangeListener.Instance;
        await MarkWhomTheyConcern(changes, page.Events, operations, cancellationToken);
        await LiveSessions.HiddenStatements.RedactAsync(changes, page.Events, operations, cancellationToken); // a hidden statement's text leaves the history
        operations.Store(changes.ToArray());

        // The views the page touched, as they stand after it (loaded once per page, not once per event).
        var pointIds = changes.Where(c => c.Audience == ChangeAudience.Public && c.ActionPointId is not null)
            .Select(c => c.ActionPointId!.Value).Distinct().ToList();
        var rewritten = changes.Where(c => EventCatalogue.Has(c.Type, EventTraits.RewritesTheText))
            .Select(c => c.ActionPointId).ToHashSet();
        var entries = pointIds.Count == 0
            ? new Dictionary<Guid, LiveBoardEntry>()
            : (await BoardEntries(pointIds, operations, cancellationToken))
                .ToDictionary(e => e.Id, e => LiveBoardEntry.From(e, withText: rewritten.Contains(e.Id)));
        await Positions.PositionLive.AddTallies(entries, page.Events, operations, cancellationToken); // the other groups' positions, when the page changed them

        // The moderation queues the page touched, for the moderators' streams.
        var queues = new Dictionary<Guid, ModerationQueue>();
        foreach (var consultationId in changes.Where(c => EventCatalogue.Has(c.Type, EventTraits.ChangesTheQueue)).Select(c => c.ConsultationId).Distinct())
            queues[consultationId] = await ModerationQueues.Load(operations, consultationId, cancellationToken);

        return new PushAfterCommit(_dispatcher, changes, new LiveViews(entries, queues));
    }

    /// <summary>
    /// The board entries of the points a page touched: the points as stored, their endorsements counted in memory
    /// (<see cref="LiveTallies"/>). A point no page touched before is read from the store, which holds every committed
    /// event, this page's included.
    /// </summary>
    private async Task<IEnumerable<BoardActionPoint>> BoardEntries(IReadOnlyList<Guid> pointIds, IDocumentOperations operations, CancellationToken ct)
    {
        var unknown = _tallies.Unknown(pointIds);
        if (unknown.Count > 0)
            _tallies.Load(unknown, await operations.Query<Endorsement>().Where(e => e.ActionPointId.IsOneOf(unknown.ToArray())).ToListAsync(ct));

        var points = await operations.LoadManyAsync<ActionPoint>(ct, pointIds);
        var rows = _tallies.Rows(pointIds);
        return points.Select(p => Board.Entry(p, rows));
    }

    /// <summary>
    /// Public decisions on a person's own items also go to that person's own-items stream: the author of an input
    /// published or hidden, the proposer of an amendment accepted, rejected or found in conflict (read from the items'
    /// snapshots, once per page).
    /// </summary>
    private static async Task MarkWhomTheyConcern(List<ConsultationChange> changes, IReadOnlyList<IEvent> events, IDocumentOperations operations,
        CancellationToken ct)
    {
        var decided = events.Select(e => EventCatalogue.Of(e.Data)?.Decides?.Invoke(e.Data) is { } item ? new Decision(e.Sequence, item) : null)
            .OfType<Decision>().ToList();
        if (decided.Count == 0) return;

        var submissionIds = decided.Where(d => d.Item.Kind == OwnItemKind.Input).Select(d => d.Item.ItemId).Distinct().ToArray();
        var amendmentIds = decided.Where(d => d.Item.Kind == OwnItemKind.Amendment).Select(d => d.Item.ItemId).Distinct().ToArray();
        var authors = submissionIds.Length == 0 ? new Dictionary<Guid, Guid>()
            : (await operations.LoadManyAsync<Submission>(ct, submissionIds)).ToDictionary(s => s.Id, s => s.Author.PersonId);
        var proposers = amendmentIds.Length == 0 ? new Dictionary<Guid, Guid>()
            : (await operations.LoadManyAsync<Amendment>(ct, amendmentIds)).ToDictionary(a => a.Id, a => a.ProposedBy.PersonId);
        var bySequence = changes.ToDictionary(c => c.Id);
        foreach (var decision in decided)
        {
            if (!bySequence.TryGetValue(decision.Sequence, out var change) || change.Audience != ChangeAudience.Public) continue;
            var owners = decision.Item.Kind == OwnItemKind.Input ? authors : proposers;
            change.ConcernsPersonId = owners.TryGetValue(decision.Item.ItemId, out var person) && person != Guid.Empty ? person : null;
        }
    }

    private sealed record Decision(long Sequence, OwnItem Item);

    private sealed class PushAfterCommit(LiveDispatcher dispatcher, List<ConsultationChange> changes, LiveViews views) : IChangeListener
    {
        public Task BeforeCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) => Task.CompletedTask;

        public Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) =>
            dispatcher.PublishAsync(changes, views, token);
    }
}
