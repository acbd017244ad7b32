using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace ConsultationPlatform.LivePush;

/// <summary>A board entry as it stands after the event at <see cref="Position"/> (the event's global sequence).</summary>
public sealed record BoardEntryChanged(Guid ConsultationId, long Position, BoardActionPoint Entry);

/// <summary>
/// Follows the event store in order (through Marten's async daemon) and pushes each changed board entry to the
/// consultation's group. The daemon keeps its progress in the database, so a restart resumes where it stopped.
/// </summary>
public sealed class LiveBoardSubscription : SubscriptionBase
{
    private readonly IHubContext<ConsultationHub> _hub;
    private readonly ILogger<LiveBoardSubscription> _logger;

    public LiveBoardSubscription(IHubContext<ConsultationHub> hub, ILogger<LiveBoardSubscription> logger)
    {
        _hub = hub;
        _logger = logger;
        Name = "LiveBoard";
        IncludeType<ActionPointTabled>();
        IncludeType<ActionPointRevised>();
        IncludeType<EndorsementGiven>();
        IncludeType<EndorsementWithdrawn>();
        Options.BatchSize = 500;
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken cancellationToken)
    {
        // The last event touching each point in this page decides what is pushed for it.
        var changed = new Dictionary<Guid, (Guid ConsultationId, long Position)>();
        foreach (var e in page.Events)
        {
            switch (e.Data)
            {
                case ActionPointTabled t: changed[t.ActionPointId] = (t.ConsultationId, e.Sequence); break;
                case ActionPointRevised r: changed[r.ActionPointId] = (r.ConsultationId, e.Sequence); break;
                case EndorsementGiven g: changed[g.ActionPointId] = (g.ConsultationId, e.Sequence); break;
                case EndorsementWithdrawn w: changed[w.ActionPointId] = (w.ConsultationId, e.Sequence); break;
            }
        }

        foreach (var (pointId, (consultationId, position)) in changed.OrderBy(c => c.Value.Position))
        {
            var entry = await BoardReads.LoadEntry(operations, pointId, cancellationToken);
            if (entry is null) continue;
            try
            {
                await _hub.Clients.Group(ConsultationHub.ConsultationGroup(consultationId))
                    .SendAsync(LiveMessages.BoardEntryChanged, new BoardEntryChanged(consultationId, position, entry), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogWarning(ex, "Could not push the change of action point {ActionPointId}", pointId);
            }
        }

        return NullChangeListener.Instance;
    }
}
