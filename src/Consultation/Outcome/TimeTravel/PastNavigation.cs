using ConsultationPlatform.Consultations.History;

namespace ConsultationPlatform.Outcome.TimeTravel;

/// <summary>
/// Where a past page stands in the consultation's public history: the position shown, the time of the last public
/// change at or before it, and the public changes just before and after it (to step through the history).
/// </summary>
public sealed record PastView(long Position, DateTimeOffset? At, long? Earlier, long? Later, string NowHref, bool IsPoint)
{
    public string Href(long position) => $"{NowHref}?position={position}";
}

public static class PastNavigation
{
    public static async Task<PastView> Load(IQuerySession session, Guid consultationId, long position, string nowHref, bool isPoint, CancellationToken ct)
    {
        var changes = session.Query<ConsultationChange>()
            .Where(c => c.ConsultationId == consultationId && c.Audience == ChangeAudience.Public);
        var atOrBefore = await changes.Where(c => c.Id <= position).OrderByDescending(c => c.Id).Take(2).ToListAsync(ct);
        var after = await changes.Where(c => c.Id > position).OrderBy(c => c.Id).Take(1).ToListAsync(ct);
        // The change shown is the last one at or before the position; the one before it is the earlier step.
        var shown = atOrBefore.FirstOrDefault();
        var earlier = shown is null ? null : atOrBefore.Skip(1).FirstOrDefault()?.Id;
        return new PastView(position, shown?.At, earlier, after.FirstOrDefault()?.Id, nowHref, isPoint);
    }
}
