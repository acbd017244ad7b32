namespace ConsultationPlatform.LiveSessions;

/// <summary>An event of a live session: it belongs to the consultation's history and to the session's live stream.</summary>
public interface ISessionEvent : IConsultationEvent
{
    Guid SessionId { get; }
}

public enum AgendaItemKind
{
    Challenge,
    ActionPoint,
    Free,
}

/// <summary>An item of a session's agenda: one of the consultation's challenges or action points, or a free item.</summary>
public sealed record AgendaItem(Guid Id, int Number, AgendaItemKind Kind, string Title, int? ChallengeNumber = null, Guid? ActionPointId = null);

/// <summary>The level at which a member state is represented on the floor (UN practice orders speakers by it).</summary>
public enum RepresentationLevel
{
    HeadOfStateOrGovernment,
    Minister,
    Other,
}

/// <summary>The precedence classes of a speakers' list, first to last (e-deleGATE eSpeakers practice).</summary>
public enum SpeakerClass
{
    Group,
    HeadOfStateOrGovernment,
    Minister,
    MemberState,
    ObserverState,
    IntergovernmentalOrganisation,
    Stakeholder,
}

/// <summary>
/// How a session's list of speakers is ordered. <see cref="ByPrecedence"/> off: plain first come, first served.
/// Speaking time per class in seconds (a class not listed gets <see cref="DefaultSpeakingSeconds"/>).
/// <see cref="StakeholdersBySelection"/>: civil society and other stakeholders speak once the chair selects them,
/// at most <see cref="StakeholderSlots"/> per item when set.
/// </summary>
public sealed record PrecedenceRules(
    bool ByPrecedence = true,
    int DefaultSpeakingSeconds = 180,
    Dictionary<SpeakerClass, int>? SpeakingSeconds = null,
    bool StakeholdersBySelection = false,
    int? StakeholderSlots = null)
{
    public static PrecedenceRules Default => new(SpeakingSeconds: new() { [SpeakerClass.Group] = 300 });

    public int SpeakingTimeFor(SpeakerClass speakerClass) =>
        SpeakingSeconds is not null && SpeakingSeconds.TryGetValue(speakerClass, out var seconds) ? seconds : DefaultSpeakingSeconds;
}

// ---- Events of a session stream (the chair's acts: few, one at a time) ----

public sealed record SessionScheduled(
    Guid SessionId,
    Guid ConsultationId,
    string Title,
    DateTimeOffset Starts,
    DateTimeOffset Ends,
    string TimeZone,
    AgendaItem[] Agenda,
    PrecedenceRules Rules,
    string[] CoChairs,
    Guid ScheduledBy,
    bool StatementsNeedApproval = false) : ISessionEvent;

public sealed record SessionOpened(Guid SessionId, Guid ConsultationId, DateTimeOffset At, Guid OpenedBy) : ISessionEvent;

public sealed record AgendaItemTakenUp(Guid SessionId, Guid ConsultationId, Guid ItemId, Guid TakenUpBy) : ISessionEvent;

public sealed record InscriptionsOpened(Guid SessionId, Guid ConsultationId, Guid ItemId, Guid OpenedBy) : ISessionEvent;

public sealed record InscriptionsClosed(Guid SessionId, Guid ConsultationId, Guid ItemId, Guid ClosedBy) : ISessionEvent;

/// <summary>The chair put these speakers first, in this order, for a recorded reason; later inscriptions follow by the rules.</summary>
public sealed record SpeakersListReordered(Guid SessionId, Guid ConsultationId, Guid ItemId, Guid[] Order, string Reason, Guid ReorderedBy) : ISessionEvent;

/// <summary>The chair selected a stakeholder's inscription (when stakeholders speak by selection).</summary>
public sealed record SpeakerSelected(Guid SessionId, Guid ConsultationId, Guid ItemId, Guid InscriptionId, int Round, Guid SelectedBy) : ISessionEvent;

/// <summary>The floor, given at <see cref="At"/> for <see cref="SpeakingSeconds"/>: it ends at <see cref="EndsAt"/> (clients count down to it).</summary>
public sealed record FloorGiven(
    Guid SessionId,
    Guid ConsultationId,
    Guid ItemId,
    Guid InscriptionId,
    int Round,
    Guid OrganisationId,
    string OrganisationName,
    string? OnBehalfOf,
    bool RightOfReply,
    DateTimeOffset At,
    int SpeakingSeconds,
    DateTimeOffset EndsAt,
    Guid GivenBy) : ISessionEvent;

/// <summary>
/// A speaker went past their time: recorded when the floor passes on (to the next speaker, another item, a
/// suspension or the close), never a cut-off.
/// </summary>
public sealed record SpeakingTimeExceeded(
    Guid SessionId,
    Guid ConsultationId,
    Guid ItemId,
    Guid InscriptionId,
    string OrganisationName,
    int SpeakingSeconds,
    int SpokeSeconds) : ISessionEvent;

public sealed record StatementPinned(Guid SessionId, Guid ConsultationId, Guid StatementId, Guid PinnedBy) : ISessionEvent;

public sealed record SessionSuspended(Guid SessionId, Guid ConsultationId, string? Reason, Guid SuspendedBy) : ISessionEvent;

public sealed record SessionResumed(Guid SessionId, Guid ConsultationId, Guid ResumedBy) : ISessionEvent;

public sealed record SessionClosed(Guid SessionId, Guid ConsultationId, DateTimeOffset At, Guid ClosedBy) : ISessionEvent;

/// <summary>
/// The session's summary (Markdown), citing statements by id; part of the consultation's outcome. Published, an
/// edition never changes: publishing again makes the next <see cref="Edition"/> (1, 2, …).
/// </summary>
public sealed record SessionSummaryPublished(Guid SessionId, Guid ConsultationId, string Text, Guid[] Cites, Guid PublishedBy, int Edition = 1) : ISessionEvent;

/// <summary>The chair saved a draft of the session's summary (seen by the secretariat only; saved again as often as needed).</summary>
public sealed record SessionSummaryDrafted(Guid SessionId, Guid ConsultationId, string Text, Guid[] Cites, Guid DraftedBy) : ISessionEvent;

// ---- Events of an inscription stream (one per organisation, item and kind: delegates never contend) ----

public sealed record InscribedToSpeak(
    Guid InscriptionId,
    Guid SessionId,
    Guid ConsultationId,
    Guid ItemId,
    Guid OrganisationId,
    string OrganisationName,
    StakeholderGroup OrganisationGroup,
    RepresentationLevel Level,
    string? OnBehalfOf,
    bool RightOfReply,
    int Round,
    Guid InscribedBy) : ISessionEvent;

public sealed record InscriptionWithdrawn(Guid InscriptionId, Guid SessionId, Guid ConsultationId, Guid ItemId, Guid WithdrawnBy) : ISessionEvent;

// ---- Events of a statement stream ----

public sealed record StatementDelivered(
    Guid StatementId,
    Guid SessionId,
    Guid ConsultationId,
    Guid ItemId,
    Guid? InscriptionId,
    Guid OrganisationId,
    string OrganisationName,
    string? OnBehalfOf,
    string Language,
    string Text,
    string? Link,
    Guid DeliveredBy,
    bool RecordedByChair,
    DateTimeOffset At,
    bool AwaitsApproval = false) : ISessionEvent;

/// <summary>
/// The chair approved a delegate's statement that awaited approval (a session whose statements need it): from now on
/// it is public. The event carries what the public then sees, since the delivery itself was not public.
/// </summary>
public sealed record StatementApproved(
    Guid StatementId,
    Guid SessionId,
    Guid ConsultationId,
    Guid ItemId,
    Guid OrganisationId,
    string OrganisationName,
    string? OnBehalfOf,
    string Language,
    string Text,
    string? Link,
    DateTimeOffset DeliveredAt,
    Guid ApprovedBy) : ISessionEvent;

public sealed record StatementHidden(Guid StatementId, Guid SessionId, Guid ConsultationId, string Reason, Guid HiddenBy) : ISessionEvent;
