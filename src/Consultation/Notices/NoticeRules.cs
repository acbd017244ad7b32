using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Notices;

/// <summary>
/// Who gets which notice, as pure functions of the facts (the events and who owns what): the subscription
/// (<see cref="NoticesSubscription"/>) and the deadline watch load the facts and write what these decide.
/// Nobody is told of their own act.
/// </summary>
public static class NoticeRules
{
    /// <summary>A decision on an item: its owner hears of it, unless they made it themselves.</summary>
    public static IReadOnlyList<Guid> ForDecision(Guid? owner, Guid decidedBy) =>
        owner is { } person && person != Guid.Empty && person != decidedBy ? [person] : [];

    /// <summary>
    /// A new version of a point: the members of every organisation whose endorsement stands for an earlier version
    /// (they may confirm for the new one).
    /// </summary>
    public static IReadOnlyList<Guid> ForNewVersion(int newVersion, IEnumerable<(Guid Organisation, int ForVersion, bool Active)> endorsements,
        IReadOnlyDictionary<Guid, IReadOnlyList<Guid>> membersByOrganisation) =>
        endorsements.Where(e => e.Active && e.ForVersion < newVersion)
            .SelectMany(e => membersByOrganisation.GetValueOrDefault(e.Organisation) ?? [])
            .Distinct().ToList();

    /// <summary>A phase change or a deadline: the members of the organisations accredited to the consultation, but the one who moved it.</summary>
    public static IReadOnlyList<Guid> ForConsultation(IEnumerable<Guid> accreditedOrganisations,
        IReadOnlyDictionary<Guid, IReadOnlyList<Guid>> membersByOrganisation, Guid? except = null) =>
        accreditedOrganisations.SelectMany(o => membersByOrganisation.GetValueOrDefault(o) ?? [])
            .Where(p => p != except).Distinct().ToList();

    /// <summary>A reply published: the author of the input or amendment it is under, and of the reply it answers, but not the replier.</summary>
    public static IReadOnlyList<Guid> ForReply(Guid replier, Guid? parentOwner, Guid? answeredOwner) =>
        new[] { parentOwner, answeredOwner }.OfType<Guid>().Where(p => p != Guid.Empty && p != replier).Distinct().ToList();

    /// <summary>How each person gets a notice of this kind, by their preferences (none when they do not hear of it at all).</summary>
    public static IReadOnlyList<Delivery> Deliveries(NoticeKind kind, IEnumerable<Guid> people, Func<Guid, NoticePreferences> preferencesOf)
    {
        var deliveries = new List<Delivery>();
        foreach (var person in people.Distinct())
        {
            var preferences = preferencesOf(person);
            if (!preferences.Kinds.Contains(kind)) continue;
            if (!preferences.InApp && preferences.Email == NoticeEmail.Off) continue;
            deliveries.Add(new Delivery(person, preferences.InApp, preferences.Email));
        }

        return deliveries;
    }

    /// <summary>When the deadline watch warns of a phase's end: this long before it.</summary>
    public static readonly TimeSpan DeadlineWarning = TimeSpan.FromHours(24);

    /// <summary>Whether a scheduled end is near enough to warn of (and not past).</summary>
    public static bool DeadlineNear(ScheduledPhaseEnd? end, ConsultationPhase phase, DateTimeOffset now, TimeSpan warning) =>
        end is { } e && e.Phase == phase && e.EndsAt > now && e.EndsAt - now <= warning;

    // ---- The sentences ----

    public static string PhaseChanged(string consultation, ConsultationPhase to) =>
        $"{consultation}: the consultation moved to its {PhaseMoves.Name(to)} phase.";

    public static string DeadlineApproaching(string consultation, ConsultationPhase phase, DateTimeOffset endsAt) =>
        $"{consultation}: the {PhaseMoves.Name(phase)} phase ends at {endsAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC.";

    public static string NewVersion(int number, int version) =>
        $"Action point {number} has a new text, version {version}: your organisation endorsed an earlier version. Confirm for version {version}.";
}
