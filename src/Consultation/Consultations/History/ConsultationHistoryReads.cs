namespace ConsultationPlatform.Consultations.History;

/// <summary>Reads of the consultations' history (the audit log, and where a page's live updates start from).</summary>
public static class ConsultationHistoryReads
{
    /// <summary>
    /// The position of the latest public change of the consultation (0 when none): a page rendered after reading it
    /// joins the live stream from there, so that nothing committed after it is missed (changes replayed twice are harmless).
    /// </summary>
    public static Task<long> LatestPublicPosition(IQuerySession session, Guid consultationId, CancellationToken ct) =>
        Latest(session.Query<ConsultationChange>().Where(c => c.ConsultationId == consultationId && c.Audience == ChangeAudience.Public), ct);

    /// <summary>As <see cref="LatestPublicPosition"/>, for a person's own-items stream (0 when none).</summary>
    public static Task<long> LatestOwnPosition(IQuerySession session, Guid personId, CancellationToken ct) =>
        Latest(session.Query<ConsultationChange>().Where(c => c.AudiencePersonId == personId || c.ConcernsPersonId == personId), ct);

    private static async Task<long> Latest(IQueryable<ConsultationChange> changes, CancellationToken ct)
    {
        var latest = await changes.OrderByDescending(c => c.Id).Select(c => c.Id).Take(1).ToListAsync(ct);
        return latest.Count == 0 ? 0 : latest[0];
    }

    /// <summary>A page of the public history, newest first: the changes before <paramref name="before"/> (all, when null).</summary>
    public static async Task<IReadOnlyList<ConsultationChange>> PublicPage(IQuerySession session, Guid consultationId, long? before, int take, CancellationToken ct)
    {
        var query = session.Query<ConsultationChange>()
            .Where(c => c.ConsultationId == consultationId && c.Audience == ChangeAudience.Public);
        if (before is { } b) query = query.Where(c => c.Id < b);
        return await query.OrderByDescending(c => c.Id).Take(take).ToListAsync(ct);
    }
}
