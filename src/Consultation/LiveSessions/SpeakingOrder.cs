namespace ConsultationPlatform.LiveSessions;

/// <summary>
/// An inscription as the ordering rules see it: <see cref="Arrival"/> is the global sequence number of its
/// <see cref="InscribedToSpeak"/> event (the store's commit order).
/// </summary>
public sealed record Inscribed(
    Guid InscriptionId,
    Guid ItemId,
    Guid OrganisationId,
    string OrganisationName,
    StakeholderGroup Group,
    RepresentationLevel Level,
    string? OnBehalfOf,
    bool RightOfReply,
    int Round,
    bool Active,
    long Arrival);

/// <summary>A place in the list: who, in which precedence class, for how long.</summary>
public sealed record Speaker(int Place, Inscribed Inscription, SpeakerClass Class, int SpeakingSeconds);

/// <summary>The list of speakers of an item: those waiting in order, and stakeholders waiting for the chair's selection.</summary>
public sealed record SpeakersList(IReadOnlyList<Speaker> Waiting, IReadOnlyList<Speaker> AwaitingSelection)
{
    public Speaker? Next => Waiting.Count > 0 ? Waiting[0] : null;
}

/// <summary>
/// The precedence and ordering rules of a speakers' list (UN practice, as in e-deleGATE eSpeakers), as pure functions:
/// <list type="number">
/// <item>statements on behalf of a group first; then member states by level of representation (Head of State or
/// Government, minister, other), observer states, intergovernmental organisations and UN entities, and civil society
/// and other stakeholders; first come, first served within a class (arrival = the store's order of the inscriptions);</item>
/// <item>precedence off: first come, first served for everyone;</item>
/// <item>nobody speaks twice on an item before everyone inscribed has spoken once (a second inscription after
/// speaking is a later round, and every round goes after the one before);</item>
/// <item>rights of reply go at the end of the item;</item>
/// <item>stakeholders by selection: a stakeholder's inscription waits apart until the chair selects it;</item>
/// <item>the chair's reorder puts the named speakers first, in that order; the others follow by the rules.</item>
/// </list>
/// </summary>
public static class SpeakingOrder
{
    public static SpeakerClass ClassOf(StakeholderGroup group, RepresentationLevel level, string? onBehalfOf)
    {
        var speaksForStates = group is StakeholderGroup.MemberState or StakeholderGroup.ObserverState or StakeholderGroup.IntergovernmentalOrganisation;
        if (speaksForStates && !string.IsNullOrWhiteSpace(onBehalfOf)) return SpeakerClass.Group;
        return group switch
        {
            StakeholderGroup.MemberState => level switch
            {
                RepresentationLevel.HeadOfStateOrGovernment => SpeakerClass.HeadOfStateOrGovernment,
                RepresentationLevel.Minister => SpeakerClass.Minister,
                _ => SpeakerClass.MemberState,
            },
            StakeholderGroup.ObserverState => SpeakerClass.ObserverState,
            StakeholderGroup.IntergovernmentalOrganisation => SpeakerClass.IntergovernmentalOrganisation,
            _ => SpeakerClass.Stakeholder,
        };
    }

    public static SpeakerClass ClassOf(Inscribed i) => ClassOf(i.Group, i.Level, i.OnBehalfOf);

    /// <summary>Whether the inscription waits for its turn: active, and not yet heard in its round.</summary>
    public static bool IsWaiting(Inscribed i, IReadOnlyDictionary<Guid, int> spokenRounds) =>
        i.Active && (!spokenRounds.TryGetValue(i.InscriptionId, out var spoken) || spoken < i.Round);

    public static SpeakersList For(Session session, Guid itemId, IEnumerable<Inscribed> inscriptions)
    {
        var rules = session.Rules;
        var waiting = inscriptions.Where(i => i.ItemId == itemId && IsWaiting(i, session.SpokenRounds)).ToList();

        bool AwaitsSelection(Inscribed i) =>
            rules.StakeholdersBySelection && ClassOf(i) == SpeakerClass.Stakeholder && !i.RightOfReply
            && !(session.SelectedRounds.TryGetValue(i.InscriptionId, out var round) && round >= i.Round);

        var byRules = waiting.Where(i => !AwaitsSelection(i))
            .OrderBy(i => i.RightOfReply ? 1 : 0)
            .ThenBy(i => i.Round)
            .ThenBy(i => rules.ByPrecedence ? (int)ClassOf(i) : 0)
            .ThenBy(i => i.Arrival)
            .ToList();

        if (session.Orders.TryGetValue(itemId, out var chairsOrder))
        {
            var first = chairsOrder.Select(id => byRules.FirstOrDefault(i => i.InscriptionId == id)).OfType<Inscribed>().ToList();
            byRules = [.. first, .. byRules.Except(first)];
        }

        var apart = waiting.Where(AwaitsSelection).OrderBy(i => i.Round).ThenBy(i => i.Arrival).ToList();
        return new SpeakersList(Places(byRules, rules), Places(apart, rules));
    }

    private static List<Speaker> Places(IEnumerable<Inscribed> ordered, PrecedenceRules rules) =>
        ordered.Select((i, n) => new Speaker(n + 1, i, ClassOf(i), rules.SpeakingTimeFor(ClassOf(i)))).ToList();

    /// <summary>
    /// The notice recorded when the floor passes on: the speaker spoke longer than their time (null when not).
    /// Never a cut-off: the speaker finished; the record says by how much they went over.
    /// </summary>
    public static SpeakingTimeExceeded? TimeExceeded(Session session, DateTimeOffset now)
    {
        if (session.Floor is not { } floor) return null;
        var spoke = (int)Math.Floor((now - floor.At).TotalSeconds);
        return now > floor.EndsAt
            ? new SpeakingTimeExceeded(session.Id, session.ConsultationId, floor.ItemId, floor.InscriptionId, floor.OrganisationName,
                floor.SpeakingSeconds, spoke)
            : null;
    }
}
