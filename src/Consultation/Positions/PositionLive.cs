using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.LivePush;
using JasperFx.Events;

namespace ConsultationPlatform.Positions;

/// <summary>
/// The live push of positions to the boards: a page of events that states or withdraws positions sends, with the board
/// entries it touched, the other stakeholders' tally of those points (read once per page from the inline snapshots,
/// which hold every committed event). Entries of pages without position events carry none (the board keeps what it shows).
/// </summary>
public static class PositionLive
{
    public static async Task AddTallies(Dictionary<Guid, LiveBoardEntry> entries, IReadOnlyList<IEvent> events, IDocumentOperations operations, CancellationToken ct)
    {
        var points = events.Select(e => e.Data switch
        {
            PositionStated s => s.ActionPointId,
            PositionWithdrawn w => w.ActionPointId,
            _ => Guid.Empty,
        }).Where(id => id != Guid.Empty && entries.ContainsKey(id)).Distinct().ToArray();
        if (points.Length == 0) return;

        var positions = await operations.Query<Position>().Where(p => p.ActionPointId.IsOneOf(points) && p.Active).ToListAsync(ct);
        foreach (var id in points)
            entries[id] = entries[id] with { Positions = PositionReads.Tally(entries[id].Version, positions.Where(p => p.ActionPointId == id)) };
    }
}
