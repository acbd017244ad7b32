using ConsultationPlatform.ActionPoints;

namespace ConsultationPlatform.Positions;

/// <summary>One organisation's position as the public reads it.</summary>
public sealed record PositionView(
    Guid StakeholderId,
    string StakeholderName,
    StakeholderGroup StakeholderGroup,
    int ForVersion,
    bool ForCurrentVersion,
    Stance Stance,
    string? Reason);

/// <summary>
/// The other stakeholders' positions on the current text of a point, counted apart from governments' endorsements:
/// by stance, by group, and how many were stated on an earlier version.
/// </summary>
public sealed record PositionTally(
    int Support,
    int SupportWithReservation,
    int CannotSupport,
    int ForEarlierVersions,
    IReadOnlyDictionary<StakeholderGroup, int> CurrentByGroup)
{
    public static readonly PositionTally None = new(0, 0, 0, 0, new Dictionary<StakeholderGroup, int>());
    public int OfCurrentVersion => Support + SupportWithReservation + CannotSupport;
}

public sealed record PointPositions(Guid ActionPointId, int Version, PositionTally Tally, IReadOnlyList<PositionView> Positions);

public static class PositionReads
{
    /// <summary>The tally of a point's active positions (a pure function).</summary>
    public static PositionTally Tally(int currentVersion, IEnumerable<Position> positions)
    {
        var active = positions.Where(p => p.Active).ToList();
        var current = active.Where(p => p.ForVersion == currentVersion).ToList();
        return new PositionTally(
            current.Count(p => p.Stance == Stance.Support),
            current.Count(p => p.Stance == Stance.SupportWithReservation),
            current.Count(p => p.Stance == Stance.CannotSupport),
            active.Count - current.Count,
            current.GroupBy(p => p.StakeholderGroup).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()));
    }

    public static PointPositions Of(ActionPoint point, IEnumerable<Position> positions)
    {
        var active = positions.Where(p => p.Active && p.ActionPointId == point.Id).ToList();
        return new PointPositions(point.Id, point.Current.Number, Tally(point.Current.Number, active),
            active.OrderBy(p => p.Stance).ThenBy(p => p.StakeholderName, StringComparer.Ordinal)
                .Select(p => new PositionView(p.StakeholderId, p.StakeholderName, p.StakeholderGroup, p.ForVersion,
                    p.ForVersion == point.Current.Number, p.Stance, p.Reason))
                .ToList());
    }

    public static async Task<PointPositions> ForPoint(IQuerySession session, ActionPoint point, CancellationToken ct) =>
        Of(point, await session.Query<Position>().Where(p => p.ActionPointId == point.Id && p.Active).ToListAsync(ct));

    /// <summary>The tallies of every point of a consultation, by point.</summary>
    public static async Task<IReadOnlyDictionary<Guid, PositionTally>> Tallies(IQuerySession session, Guid consultationId,
        IReadOnlyDictionary<Guid, int> currentVersions, CancellationToken ct)
    {
        var positions = await session.Query<Position>().Where(p => p.ConsultationId == consultationId && p.Active).ToListAsync(ct);
        return currentVersions.ToDictionary(v => v.Key, v => Tally(v.Value, positions.Where(p => p.ActionPointId == v.Key)));
    }
}
