using ConsultationPlatform.LiveSessions;

namespace ConsultationPlatform.Outcome.Sessions;

/// <summary>
/// The statements of a consultation's live sessions that the public may read: the ONE place the outcome (the
/// co-chairs' summary, the open-data exports) asks which statements are public: delivered, approved by the chair when
/// the session asks for approval, and not hidden.
/// </summary>
public static class PublicStatements
{
    /// <summary>Whether a statement is public.</summary>
    public static bool IsPublic(Statement statement) => statement.IsPublic;

    /// <summary>The public statements of a consultation, in the order they were delivered.</summary>
    public static async Task<IReadOnlyList<Statement>> Of(IQuerySession session, Guid consultationId, CancellationToken ct)
    {
        var statements = await session.Query<Statement>()
            .Where(s => s.ConsultationId == consultationId && s.HiddenReason == null && !s.AwaitsApproval)
            .ToListAsync(ct);
        return statements.Where(IsPublic).OrderBy(s => s.DeliveredAt).ThenBy(s => s.Id).ToList();
    }
}
