using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using JasperFx.Events;

namespace ConsultationPlatform.LivePush;

/// <summary>
/// The endorsements of the action points the live push has touched, kept by the live-views subscription as it follows
/// the events in order, so that each page's board entries are counted in memory from the page's own events instead of
/// from every endorsement of the touched points in the database (a cost that grew with the store, page after page).
/// A point is read from the store once, when a page first touches it; after that its endorsement events are applied
/// here. An event at or below the version already held is skipped, so state read from the store that is ahead of the
/// page (the inline snapshots hold every committed event) is never counted twice.
/// Not thread-safe: the subscription processes one page at a time.
/// </summary>
public sealed class LiveTallies
{
    private readonly Dictionary<Guid, Dictionary<Guid, Endorsement>> _byPoint = new();
    private long _lastCeiling = -1;

    /// <summary>Points touched by no page so far (their endorsements must be read from the store first).</summary>
    public IReadOnlyList<Guid> Unknown(IEnumerable<Guid> actionPointIds) =>
        actionPointIds.Where(id => !_byPoint.ContainsKey(id)).Distinct().ToList();

    /// <summary>
    /// Call with each page's bounds before anything else: a page that does not follow the last one (a restart, a
    /// rewind, another node having processed pages meanwhile) drops what is held, to be read again.
    /// </summary>
    public void StartPage(long floor, long ceiling)
    {
        if (floor != _lastCeiling) _byPoint.Clear();
        _lastCeiling = ceiling;
    }

    /// <summary>Holds the endorsements (active or not) of points read from the store.</summary>
    public void Load(IEnumerable<Guid> actionPointIds, IEnumerable<Endorsement> endorsements)
    {
        foreach (var id in actionPointIds) _byPoint.TryAdd(id, new Dictionary<Guid, Endorsement>());
        foreach (var endorsement in endorsements)
        {
            if (_byPoint.TryGetValue(endorsement.ActionPointId, out var held)) held[endorsement.Id] = endorsement;
        }
    }

    /// <summary>Applies an endorsement event of a held point, the way the endorsement's own snapshot does.</summary>
    public void Apply(IEvent e)
    {
        switch (e.Data)
        {
            case EndorsementGiven given when _byPoint.TryGetValue(given.ActionPointId, out var held):
                if (held.TryGetValue(given.EndorsementId, out var existing))
                {
                    if (e.Version <= existing.Version) return;
                    existing.Apply(given);
                    existing.Version = (int)e.Version;
                }
                else
                {
                    var created = Endorsement.Create(given);
                    created.Version = (int)e.Version;
                    held[given.EndorsementId] = created;
                }

                break;
            case EndorsementWithdrawn withdrawn when _byPoint.TryGetValue(withdrawn.ActionPointId, out var held):
                if (held.TryGetValue(withdrawn.EndorsementId, out var endorsement) && e.Version > endorsement.Version)
                {
                    endorsement.Apply(withdrawn);
                    endorsement.Version = (int)e.Version;
                }

                break;
        }
    }

    /// <summary>The active endorsements of the held points, grouped as the board counts them.</summary>
    public IReadOnlyList<TallyRow> Rows(IEnumerable<Guid> actionPointIds) =>
        EndorsementCounting.Rows(actionPointIds.Distinct().Where(_byPoint.ContainsKey).SelectMany(id => _byPoint[id].Values));
}
