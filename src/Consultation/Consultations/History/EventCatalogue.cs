using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.LiveSessions;
using ConsultationPlatform.Outcome.Summary;
using ConsultationPlatform.Submissions;
using JasperFx.Events;

namespace ConsultationPlatform.Consultations.History;

/// <summary>What an event does besides being a fact of the history, as far as the views that follow the history care.</summary>
[Flags]
public enum EventTraits
{
    None = 0,

    /// <summary>Touches an action point's board entry, which travels with the change and says it all: the public stream carries the change without its event.</summary>
    ShownByTheBoard = 1,

    /// <summary>Changes an action point's text: the board entry pushed with it carries the text.</summary>
    RewritesTheText = 2,

    /// <summary>Changes the moderation queue (inputs, amendments, accreditations): the moderators' stream carries the queue as it now stands.</summary>
    ChangesTheQueue = 4,
}

/// <summary>An item that belongs to one person (its author or proposer), decided on in public.</summary>
public enum OwnItemKind
{
    Input,
    Amendment,
}

/// <summary>The person's item a public decision is about: its owner's own-items stream carries the decision too.</summary>
public sealed record OwnItem(OwnItemKind Kind, Guid ItemId);

/// <summary>
/// How the history treats one type of event: its name in the store, who may see it (<see cref="Audience"/>; for a
/// private event, whom it concerns), what of it the public sees, what else it touches (<see cref="Traits"/>), and
/// whose own item it decides on.
/// </summary>
public sealed class EventKind
{
    public required Type Type { get; init; }
    public required ChangeAudience Audience { get; init; }
    public EventTraits Traits { get; init; }

    /// <summary>For a private event: the person whose own item it is (their own-items stream carries it).</summary>
    public Func<object, Guid?> PrivateTo { get; init; } = _ => null;

    /// <summary>For a public event with private parts: what the public sees of it (null: all of it).</summary>
    public Func<object, object>? PublicData { get; init; }

    /// <summary>For a public decision on a person's own item: that item.</summary>
    public Func<object, OwnItem?>? Decides { get; init; }

    /// <summary>The event's name in the store (and in the history, the live push and the open-data log).</summary>
    public string Name => EventCatalogue.NameOf(Type);

    public bool Has(EventTraits trait) => (Traits & trait) == trait;
}

/// <summary>
/// Every event of a consultation's history, by type, with how the history, the live push and the moderation queue
/// treat it: one table instead of matching event names. A test holds every <see cref="IConsultationEvent"/> type of
/// the assembly against it, so a new event cannot be forgotten. The negotiation happens in the open: most events are
/// public; private items reach the moderators and the person they concern (their own items).
/// </summary>
public static class EventCatalogue
{
    private static readonly EventKind[] Kinds =
    [
        // The consultation and its text.
        Public<ConsultationCreated>(),
        Public<ConsultationPhaseChanged>(),
        Public<ConsultationRulesSet>(),
        Public<ChallengeTabled>(),
        Public<DataQualityNoteRecorded>(),
        Public<DocumentTextTabled>(),
        Public<SourceDetailsRestored>(),
        Public<ActionPointTabled>(EventTraits.ShownByTheBoard | EventTraits.RewritesTheText),
        Public<ActionPointRevised>(EventTraits.ShownByTheBoard | EventTraits.RewritesTheText),
        Public<ActionPointWithdrawn>(),
        Public<ActionPointTranslationAdded>(),

        // Endorsements: the board entry carries the tally.
        Public<EndorsementGiven>(EventTraits.ShownByTheBoard),
        Public<EndorsementWithdrawn>(EventTraits.ShownByTheBoard),

        // Amendments: public, and in the moderation queue; a decision on one also reaches its proposer.
        Public<AmendmentProposed>(EventTraits.ChangesTheQueue),
        Public<AmendmentCoSponsored>(EventTraits.ChangesTheQueue),
        Public<AmendmentWithdrawn>(EventTraits.ChangesTheQueue),
        Public<AmendmentRebased>(EventTraits.ChangesTheQueue),
        Public<AmendmentAccepted>(EventTraits.ChangesTheQueue, e => new OwnItem(OwnItemKind.Amendment, e.AmendmentId)),
        Public<AmendmentRejected>(EventTraits.ChangesTheQueue, e => new OwnItem(OwnItemKind.Amendment, e.AmendmentId)),
        Public<AmendmentFoundInConflict>(EventTraits.ChangesTheQueue, e => new OwnItem(OwnItemKind.Amendment, e.AmendmentId)),

        // Inputs. One that waits for moderation, or was refused: its author and the moderators see it, nobody else.
        Private<SubmissionReceived>(e => e.PersonId, EventTraits.ChangesTheQueue),
        Private<SubmissionRejected>(e => e.AuthorId, EventTraits.ChangesTheQueue),
        // Flags, and who made them, are for the moderators only.
        Private<SubmissionFlagged>(_ => null, EventTraits.ChangesTheQueue),
        // The public learns that an input was published or hidden; the content comes with the view, the reason for
        // hiding stays with the author and the moderators.
        PublicAs<SubmissionPublished>(e => new { e.SubmissionId, e.ConsultationId }, EventTraits.ChangesTheQueue,
            e => new OwnItem(OwnItemKind.Input, e.SubmissionId)),
        PublicAs<SubmissionHidden>(e => new { e.SubmissionId, e.ConsultationId }, EventTraits.ChangesTheQueue,
            e => new OwnItem(OwnItemKind.Input, e.SubmissionId)),

        // Accreditations: a pending or refused one is the organisation's and the moderators' business; a granted one is public.
        Private<AccreditationRequested>(e => e.RequestedBy, EventTraits.ChangesTheQueue),
        Public<AccreditationGranted>(EventTraits.ChangesTheQueue),
        Private<AccreditationRefused>(_ => null, EventTraits.ChangesTheQueue),
        PublicAs<AccreditationWithdrawn>(e => new { e.AccreditationId, e.ConsultationId, e.OrganisationId }, EventTraits.ChangesTheQueue),

        // Live sessions. A statement that awaits the chair's approval is the chair's and its author's until approved
        // (see StatementAwaitingApproval); the chair's draft of a summary is the secretariat's until published.
        Public<SessionScheduled>(),
        Public<SessionOpened>(),
        Public<AgendaItemTakenUp>(),
        Public<InscriptionsOpened>(),
        Public<InscriptionsClosed>(),
        Public<SpeakersListReordered>(),
        Public<SpeakerSelected>(),
        Public<FloorGiven>(),
        Public<SpeakingTimeExceeded>(),
        Public<StatementPinned>(),
        Public<SessionSuspended>(),
        Public<SessionResumed>(),
        Public<SessionClosed>(),
        Public<SessionSummaryPublished>(),
        Private<SessionSummaryDrafted>(_ => null),
        Public<InscribedToSpeak>(),
        Public<InscriptionWithdrawn>(),
        Public<StatementDelivered>(),
        Public<StatementApproved>(),
        Public<StatementHidden>(),

        // The other stakeholder groups' positions on a point: public, as endorsements (the board entry carries their tally).
        Public<Positions.PositionStated>(),
        Public<Positions.PositionWithdrawn>(),

        // Replies are moderated as inputs are: one waiting or refused is its author's and the moderators'; the public
        // learns that one was published or hidden (the reason for hiding stays private).
        Private<Replies.ReplyPosted>(e => e.PersonId),
        Private<Replies.ReplyRejected>(e => e.AuthorId),
        PublicAs<Replies.ReplyPublished>(e => new { e.ReplyId, e.ConsultationId, e.ParentId, e.ActionPointId }, EventTraits.None),
        PublicAs<Replies.ReplyHidden>(e => new { e.ReplyId, e.ConsultationId, e.ParentId, e.ActionPointId }, EventTraits.None),

        // Deadlines: a phase's scheduled end, called off, reached (Consultations/Deadlines/).
        Public<PhaseEndScheduled>(),
        Public<PhaseEndCancelled>(),
        Public<PhaseEndReached>(),

        // Notices (Notices/): one person's own, pushed on their own-items stream and nowhere else.
        new EventKind { Type = typeof(Notices.NoticeRaised), Audience = ChangeAudience.Person, PrivateTo = e => ((Notices.NoticeRaised)e).PersonId },

        // The outcome's summary, as drafted and published.
        Public<SummaryDraftEdited>(),
        Public<SummaryDraftDiscarded>(),
        Public<SummaryPublished>(),
    ];

    private static readonly Dictionary<Type, EventKind> ByType = Kinds.ToDictionary(k => k.Type);
    private static readonly Dictionary<string, EventKind> ByName = Kinds.ToDictionary(k => k.Name);

    /// <summary>A statement delivered while the session's statements need approval: its author and the chair see it, the public once approved.</summary>
    public static readonly EventKind StatementAwaitingApproval = Private<StatementDelivered>(e => e.DeliveredBy);

    /// <summary>Every kind of event of the history.</summary>
    public static IReadOnlyCollection<EventKind> All => Kinds;

    /// <summary>The name the store gives events of this type (by its convention: snake case of the type's name), as in the history's <c>Type</c>.</summary>
    public static string NameOf(Type eventType) => eventType.GetEventTypeName();

    public static string NameOf<T>() => NameOf(typeof(T));

    /// <summary>How an event is treated: the rule for its type, or for the event itself (a statement awaiting approval).</summary>
    public static EventKind? Of(object data) =>
        data is StatementDelivered { AwaitsApproval: true } ? StatementAwaitingApproval : ByType.GetValueOrDefault(data.GetType());

    public static EventKind? Of(Type eventType) => ByType.GetValueOrDefault(eventType);

    /// <summary>The kind of a history entry's event, by the name the history holds.</summary>
    public static EventKind? Named(string eventTypeName) => ByName.GetValueOrDefault(eventTypeName);

    /// <summary>Whether a history entry's event (by name) has the trait.</summary>
    public static bool Has(string eventTypeName, EventTraits trait) => Named(eventTypeName)?.Has(trait) ?? false;

    private static EventKind Public<T>(EventTraits traits = EventTraits.None, Func<T, OwnItem>? decides = null) =>
        new() { Type = typeof(T), Audience = ChangeAudience.Public, Traits = traits, Decides = decides is null ? null : e => decides((T)e) };

    private static EventKind PublicAs<T>(Func<T, object> data, EventTraits traits, Func<T, OwnItem>? decides = null) =>
        new()
        {
            Type = typeof(T), Audience = ChangeAudience.Public, Traits = traits, PublicData = e => data((T)e),
            Decides = decides is null ? null : e => decides((T)e),
        };

    private static EventKind Private<T>(Func<T, Guid?> concerns, EventTraits traits = EventTraits.None) =>
        new() { Type = typeof(T), Audience = ChangeAudience.Moderators, Traits = traits, PrivateTo = e => concerns((T)e) };
}
