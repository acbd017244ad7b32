using System.Collections.Concurrent;
using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.ActionPoints;

/// <summary>
/// The consultation each action point belongs to, remembered in memory: a point never changes consultation, so an act
/// on a point (endorse, state a position) can read the point, its consultation and the actor's accreditation in ONE
/// round trip instead of two (the point first, to learn its consultation). Issue 14: one transaction fewer per
/// endorsement.
/// <para>
/// A remembered consultation is only a guess: the batch reads the point too, and when the point read says otherwise
/// (another database behind the same process, in tests) or is missing, the reads are made again the long way. So a
/// wrong or stale entry costs a round trip, never a wrong answer.
/// </para>
/// </summary>
public static class PointHomes
{
    private const int MaxRemembered = 100_000; // points across every consultation: a few MB at most

    private static readonly ConcurrentDictionary<Guid, Guid> Homes = new();

    /// <summary>The point, its consultation and, when <paramref name="organisation"/> is given, that organisation's
    /// accreditation to the consultation.</summary>
    public static async Task<(ActionPoint?, Consultation?, Stakeholders.Accreditation?)> LoadWithConsultation(
        IQuerySession session, Guid pointId, Guid organisation, CancellationToken ct)
    {
        if (Homes.TryGetValue(pointId, out var home))
        {
            var guessed = session.CreateBatchQuery();
            var point = guessed.Load<ActionPoint>(pointId);
            var consultation = guessed.Load<Consultation>(home);
            var accreditation = organisation == Guid.Empty ? null : guessed.Load<Stakeholders.Accreditation>(Stakeholders.Accreditations.IdFor(home, organisation));
            await guessed.Execute(ct);
            if (await point is { } found && found.ConsultationId == home)
                return (found, await consultation, accreditation is null ? null : await accreditation);
            Homes.TryRemove(pointId, out _);
        }

        var loaded = await session.LoadAsync<ActionPoint>(pointId, ct);
        if (loaded is null) return (null, null, null);
        Remember(loaded);
        var batch = session.CreateBatchQuery();
        var theConsultation = batch.Load<Consultation>(loaded.ConsultationId);
        var theAccreditation = organisation == Guid.Empty ? null : batch.Load<Stakeholders.Accreditation>(Stakeholders.Accreditations.IdFor(loaded.ConsultationId, organisation));
        await batch.Execute(ct);
        return (loaded, await theConsultation, theAccreditation is null ? null : await theAccreditation);
    }

    private static void Remember(ActionPoint point) => Remember(point.Id, point.ConsultationId);

    /// <summary>Remembers a point's consultation (internal: the tests plant a wrong one, which must cost a round trip only).</summary>
    internal static void Remember(Guid pointId, Guid consultationId)
    {
        if (Homes.Count >= MaxRemembered) Homes.Clear();
        Homes[pointId] = consultationId;
    }
}
