using ConsultationPlatform.Consultations;
using ConsultationPlatform.Submissions;

namespace ConsultationPlatform.LiveSessions;

// ---- Commands (the bodies of the requests) ----

/// <summary>An agenda item to schedule: a challenge or an action point of the consultation (by number), or a free item with a title.</summary>
public sealed record AgendaItemInput(AgendaItemKind Kind, int? Number = null, string? Title = null);

public sealed record ScheduleSession(
    string? Title,
    DateTimeOffset Starts,
    DateTimeOffset Ends,
    string? TimeZone,
    List<AgendaItemInput>? Agenda,
    PrecedenceRules? Rules = null,
    string[]? CoChairs = null,
    bool StatementsNeedApproval = false);

public sealed record SetInscriptions(bool Open);

public sealed record ReorderSpeakers(Guid[]? Order, string? Reason);

public sealed record SelectSpeaker(Guid InscriptionId);

/// <summary>Give the floor to the next speaker of the list, or to the inscription named; optionally for another speaking time.</summary>
public sealed record GiveFloor(Guid? InscriptionId = null, int? SpeakingSeconds = null);

public sealed record SuspendSession(string? Reason = null);

public sealed record PinStatement(Guid StatementId);

/// <summary>Publish the summary: this text and these citations, or (no text) the saved draft as it stands.</summary>
public sealed record PublishSummary(string? Text, Guid[]? Cites = null);

/// <summary>Save a draft of the summary (the secretariat sees it; saved again as often as needed, until published).</summary>
public sealed record DraftSummary(string? Text, Guid[]? Cites = null);

/// <summary>A saved draft of a session's summary, as the chair reads it back.</summary>
public sealed record SummaryDraftView(Guid SessionId, string? Text, Guid[] Cites, int PublishedEdition);

public sealed record Inscribe(RepresentationLevel? Level = null, string? OnBehalfOf = null);

/// <summary>A statement as text. <see cref="InscriptionId"/>: the chair records it for that speaker.</summary>
public sealed record DeliverStatement(Guid ItemId, string? Text, string? Language, string? Link = null, Guid? InscriptionId = null);

public sealed record HideStatement(string? Reason);

/// <summary>The decisions about a live session, as pure functions: the problem, or the events.</summary>
public static class SessionDecisions
{
    public const int MaxTitleLength = 200;
    public const int MaxReasonLength = 2000;
    public const int MaxStatementLength = 20000;
    public const int MaxSummaryLength = 50000;
    public const int MinSpeakingSeconds = 10;
    public const int MaxSpeakingSeconds = 3600;

    /// <summary>Whether the actor chairs sessions anywhere: the first check, before anything about the session is read.</summary>
    public static Refused? Chair(Actor? actor) => AccessRules.Check(actor?.InAnyConsultation(), AccessAct.RunSession);

    /// <summary>Whether the actor chairs the sessions of this consultation (moderator or co-chair of it).</summary>
    public static Refused? Chair(Actor? actor, Guid consultationId) => AccessRules.Check(actor?.In(consultationId), AccessAct.RunSession);

    public static (Refused? Refusal, SessionScheduled? Scheduled) Schedule(Actor? actor, ScheduleSession command, Guid sessionId,
        Consultation consultation, IReadOnlyCollection<int> actionPointNumbers, IReadOnlyDictionary<int, Guid> actionPointIds)
    {
        var chair = Chair(actor, consultation.Id);
        if (chair is not null) return (chair, null);
        var errors = new List<(string, string)>();
        var title = command.Title?.Trim() ?? "";
        if (title.Length is 0 or > MaxTitleLength) errors.Add(("title", $"A session needs a title of 1 to {MaxTitleLength} characters."));
        if (command.Ends <= command.Starts) errors.Add(("ends", "A session ends after it starts."));
        var zone = string.IsNullOrWhiteSpace(command.TimeZone) ? "UTC" : command.TimeZone.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _)) errors.Add(("timeZone", $"'{zone}' is not a known time zone (an IANA name such as Europe/Geneva)."));
        var agenda = new List<AgendaItem>();
        var items = command.Agenda ?? [];
        if (items.Count == 0) errors.Add(("agenda", "A session has at least one agenda item."));
        foreach (var (item, n) in items.Select((item, n) => (item, n + 1)))
        {
            var id = DeterministicGuid.Create(AgendaNamespace, sessionId, n);
            switch (item.Kind)
            {
                case AgendaItemKind.Challenge when consultation.Challenges.FirstOrDefault(c => c.Number == item.Number) is { } challenge:
                    agenda.Add(new AgendaItem(id, n, item.Kind, challenge.Text, ChallengeNumber: challenge.Number));
                    break;
                case AgendaItemKind.ActionPoint when item.Number is { } number && actionPointIds.TryGetValue(number, out var pointId):
                    agenda.Add(new AgendaItem(id, n, item.Kind, string.IsNullOrWhiteSpace(item.Title) ? $"Action point {number}" : item.Title.Trim(),
                        ActionPointId: pointId));
                    break;
                case AgendaItemKind.Free when !string.IsNullOrWhiteSpace(item.Title) && item.Title.Trim().Length <= MaxTitleLength:
                    agenda.Add(new AgendaItem(id, n, item.Kind, item.Title.Trim()));
                    break;
                case AgendaItemKind.Free:
                    errors.Add(("agenda", $"Agenda item {n}: a free item needs a title of 1 to {MaxTitleLength} characters."));
                    break;
                default:
                    errors.Add(("agenda", $"Agenda item {n}: the consultation has no {item.Kind.ToString().ToLowerInvariant()} {item.Number}."));
                    break;
            }
        }

        var rules = command.Rules ?? PrecedenceRules.Default;
        var times = (rules.SpeakingSeconds?.Values ?? Enumerable.Empty<int>()).Append(rules.DefaultSpeakingSeconds);
        if (times.Any(s => s is < MinSpeakingSeconds or > MaxSpeakingSeconds))
            errors.Add(("rules", $"A speaking time is {MinSpeakingSeconds} to {MaxSpeakingSeconds} seconds."));
        if (rules.StakeholderSlots is < 0) errors.Add(("rules", "The number of stakeholder slots is not negative."));
        if (errors.Count > 0) return (new Refused.Invalid(errors.ToArray()), null);

        var coChairs = command.CoChairs is { Length: > 0 } given ? given.Select(c => c.Trim()).Where(c => c.Length > 0).ToArray() : consultation.CoChairs;
        return (null, new SessionScheduled(sessionId, consultation.Id, title, command.Starts, command.Ends, zone, agenda.ToArray(), rules,
            coChairs, actor!.PersonId, command.StatementsNeedApproval));
    }

    private static readonly Guid AgendaNamespace = new("c8e2a1d4-93b7-4f6a-a0e5-7b2d4c6f8a13");

    public static (Refused?, IReadOnlyList<object>) Open(Actor? actor, Session session, DateTimeOffset now)
    {
        var chair = Chair(actor, session.ConsultationId);
        if (chair is not null) return (chair, []);
        if (session.Status != SessionStatus.Scheduled) return (State(session, "opened"), []);
        return (null, [new SessionOpened(session.Id, session.ConsultationId, now, actor!.PersonId)]);
    }

    public static (Refused?, IReadOnlyList<object>) TakeUp(Actor? actor, Session session, Guid itemId, DateTimeOffset now)
    {
        var chair = Chair(actor, session.ConsultationId);
        if (chair is not null) return (chair, []);
        if (session.Item(itemId) is null) return (new Refused.NotFound("agenda item", itemId), []);
        if (session.Status != SessionStatus.Open) return (State(session, "take up an item in"), []);
        if (session.CurrentItemId == itemId) return (null, []);
        return (null, [.. FloorPasses(session, now), new AgendaItemTakenUp(session.Id, session.ConsultationId, itemId, actor!.PersonId)]);
    }

    public static (Refused?, IReadOnlyList<object>) SetInscriptions(Actor? actor, Session session, Guid itemId, SetInscriptions command)
    {
        var chair = Chair(actor, session.ConsultationId);
        if (chair is not null) return (chair, []);
        if (session.Item(itemId) is null) return (new Refused.NotFound("agenda item", itemId), []);
        if (session.Status == SessionStatus.Closed) return (State(session, "open or close a list of"), []);
        if (session.IsOpenForInscription(itemId) == command.Open) return (null, []);
        return (null, [command.Open
            ? new InscriptionsOpened(session.Id, session.ConsultationId, itemId, actor!.PersonId)
            : new InscriptionsClosed(session.Id, session.ConsultationId, itemId, actor!.PersonId)]);
    }

    public static (Refused?, IReadOnlyList<object>) Reorder(Actor? actor, Session session, Guid itemId, ReorderSpeakers command, SpeakersList list)
    {
        var chair = Chair(actor, session.ConsultationId);
        if (chair is not null) return (chair, []);
        if (session.Item(itemId) is null) return (new Refused.NotFound("agenda item", itemId), []);
        if (session.Status == SessionStatus.Closed) return (State(session, "reorder a list of"), []);
        var errors = new List<(string, string)>();
        var reason = command.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > MaxReasonLength) errors.Add(("reason", $"Reordering the list needs a reason of 1 to {MaxReasonLength} characters; it is recorded."));
        var order = command.Order ?? [];
        if (order.Length == 0) errors.Add(("order", "Name the speakers to put first, in order."));
        if (order.Distinct().Count() != order.Length) errors.Add(("order", "A speaker appears once in the order."));
        var waiting = list.Waiting.Select(s => s.Inscription.InscriptionId).ToHashSet();
        foreach (var unknown in order.Where(id => !waiting.Contains(id)))
            errors.Add(("order", $"{unknown} is not waiting in the list of this item."));
        if (errors.Count > 0) return (new Refused.Invalid(errors.ToArray()), []);
        return (null, [new SpeakersListReordered(session.Id, session.ConsultationId, itemId, order, reason, actor!.PersonId)]);
    }

    public static (Refused?, IReadOnlyList<object>) Select(Actor? actor, Session session, SelectSpeaker command, IReadOnlyList<SpeakersList> lists)
    {
        var chair = Chair(actor, session.ConsultationId);
        if (chair is not null) return (chair, []);
        if (!session.Rules.StakeholdersBySelection)
            return (new Refused.Conflict("No selection in this session", "This session's stakeholders speak without selection.", "no-selection"), []);
        var (list, speaker) = lists.SelectMany(l => l.AwaitingSelection.Select(s => (l, s))).FirstOrDefault(x => x.s.Inscription.InscriptionId == command.InscriptionId);
        if (speaker is null) return (new Refused.Invalid(("inscriptionId", "That inscription does not wait for selection.")), []);
        var selected = list!.Waiting.Count(s => s.Class == SpeakerClass.Stakeholder && !s.Inscription.RightOfReply);
        if (session.Rules.StakeholderSlots is { } slots && selected >= slots)
            return (new Refused.Conflict("The stakeholder slots are taken", $"This session reserves {slots} slots for stakeholders on an item; all are taken.", "slots-taken"), []);
        return (null, [new SpeakerSelected(session.Id, session.ConsultationId, speaker.Inscription.ItemId, command.InscriptionId, speaker.Inscription.Round, actor!.PersonId)]);
    }

    public static (Refused?, IReadOnlyList<object>) GiveFloor(Actor? actor, Session session, GiveFloor command, SpeakersList? list, DateTimeOffset now)
    {
        var chair = Chair(actor, session.ConsultationId);
        if (chair is not null) return (chair, []);
        if (session.Status != SessionStatus.Open) return (State(session, "give the floor in"), []);
        if (session.CurrentItemId is not { } itemId || list is null)
            return (new Refused.Conflict("No item under discussion", "Take up an agenda item first.", "no-item"), []);
        if (command.SpeakingSeconds is < MinSpeakingSeconds or > MaxSpeakingSeconds)
            return (new Refused.Invalid(("speakingSeconds", $"A speaking time is {MinSpeakingSeconds} to {MaxSpeakingSeconds} seconds.")), []);
        var speaker = command.InscriptionId is { } chosen ? list.Waiting.FirstOrDefault(s => s.Inscription.InscriptionId == chosen) : list.Next;
        if (speaker is null)
            return command.InscriptionId is null
                ? (new Refused.Conflict("Nobody is waiting", "The list of this item is empty.", "list-empty"), [])
                : (new Refused.Invalid(("inscriptionId", "That speaker is not waiting in the list of the item under discussion.")), []);
        var seconds = command.SpeakingSeconds ?? speaker.SpeakingSeconds;
        var i = speaker.Inscription;
        return (null, [.. FloorPasses(session, now), new FloorGiven(session.Id, session.ConsultationId, itemId, i.InscriptionId, i.Round,
            i.OrganisationId, i.OrganisationName, i.OnBehalfOf, i.RightOfReply, now, seconds, now.AddSeconds(seconds), actor!.PersonId)]);
    }

    public static (Refused?, IReadOnlyList<object>) Suspend(Actor? actor, Session session, SuspendSession command, DateTimeOffset now)
    {
        var chair = Chair(actor, session.ConsultationId);
        if (chair is not null) return (chair, []);
        if (session.Status != SessionStatus.Open) return (State(session, "suspend"), []);
        if (command.Reason is { Length: > MaxReasonLength }) return (new Refused.Invalid(("reason", $"A reason is at most {MaxReasonLength} characters.")), []);
        var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
        return (null, [.. FloorPasses(session, now), new SessionSuspended(session.Id, session.ConsultationId, reason, actor!.PersonId)]);
    }

    public static (Refused?, IReadOnlyList<object>) Resume(Actor? actor, Session session)
    {
        var chair = Chair(actor, session.ConsultationId);
        if (chair is not null) return (chair, []);
        if (session.Status != SessionStatus.Suspended) return (State(session, "resume"), []);
        return (null, [new SessionResumed(session.Id, session.ConsultationId, actor!.PersonId)]);
    }

    public static (Refused?, IReadOnlyList<object>) Close(Actor? actor, Session session, DateTimeOffset now)
    {
        var chair = Chair(actor, session.ConsultationId);
        if (chair is not null) return (chair, []);
        if (session.Status is not (SessionStatus.Open or SessionStatus.Suspended)) return (State(session, "close"), []);
        return (null, [.. FloorPasses(session, now), new SessionClosed(session.Id, session.ConsultationId, now, actor!.PersonId)]);
    }

    public static (Refused?, IReadOnlyList<object>) Pin(Actor? actor, Session session, PinStatement command, Statement? statement)
    {
        var chair = Chair(actor, session.ConsultationId);
        if (chair is not null) return (chair, []);
        if (statement is null || statement.SessionId != session.Id) return (new Refused.Invalid(("statementId", "There is no such statement in this session.")), []);
        if (statement.Hidden) return (new Refused.Conflict("The statement is hidden", "A hidden statement is not pinned.", "hidden"), []);
        if (session.PinnedStatementId == statement.Id) return (null, []);
        return (null, [new StatementPinned(session.Id, session.ConsultationId, statement.Id, actor!.PersonId)]);
    }

    /// <summary>
    /// The chair saves a draft of the summary: any number of times, in any state of the session; the secretariat sees
    /// it, nobody else. Its citations are checked as a publication's are.
    /// </summary>
    public static (Refused?, IReadOnlyList<object>) DraftSummary(Actor? actor, Session session, DraftSummary command,
        IReadOnlyCollection<Statement> statements)
    {
        var chair = Chair(actor, session.ConsultationId);
        if (chair is not null) return (chair, []);
        var text = command.Text?.Trim() ?? "";
        var cites = (command.Cites ?? []).Distinct().ToArray();
        var errors = SummaryErrors(text, cites, session, statements);
        if (errors.Count > 0) return (new Refused.Invalid(errors.ToArray()), []);
        if (session.SummaryDraft == text && session.SummaryDraftCites.SequenceEqual(cites)) return (null, []);
        return (null, [new SessionSummaryDrafted(session.Id, session.ConsultationId, text, cites, actor!.PersonId)]);
    }

    /// <summary>
    /// The chair publishes the summary once the session is closed: the text given, or the saved draft. A published
    /// edition never changes; publishing again (a corrected text) makes the next edition. The same text and
    /// citations as the current edition: nothing new. Citations name statements of the session that the public sees
    /// (approved, not hidden): any other id is a 400 naming it.
    /// </summary>
    public static (Refused?, IReadOnlyList<object>) PublishSummary(Actor? actor, Session session, PublishSummary command,
        IReadOnlyCollection<Statement> statements)
    {
        var chair = Chair(actor, session.ConsultationId);
        if (chair is not null) return (chair, []);
        if (session.Status != SessionStatus.Closed)
            return (new Refused.Conflict("The session is not closed", "A session's summary is published once the session is closed.", "not-closed"), []);
        var fromDraft = command.Text is null;
        if (fromDraft && session.SummaryDraft is null)
            return (new Refused.Conflict("No draft", "There is no saved draft to publish: give the text, or save a draft first.", "no-draft"), []);
        var text = (fromDraft ? session.SummaryDraft : command.Text)!.Trim();
        var cites = (command.Cites ?? (fromDraft ? session.SummaryDraftCites : [])).Distinct().ToArray();
        var errors = SummaryErrors(text, cites, session, statements);
        if (errors.Count > 0) return (new Refused.Invalid(errors.ToArray()), []);
        if (session.Summary == text && session.SummaryCites.SequenceEqual(cites)) return (null, []);
        return (null, [new SessionSummaryPublished(session.Id, session.ConsultationId, text, cites, actor!.PersonId, session.SummaryEdition + 1)]);
    }

    private static List<(string, string)> SummaryErrors(string text, Guid[] cites, Session session, IReadOnlyCollection<Statement> statements)
    {
        var errors = new List<(string, string)>();
        if (text.Length is 0 or > MaxSummaryLength) errors.Add(("text", $"A summary is 1 to {MaxSummaryLength} characters."));
        var byId = statements.Where(x => x.SessionId == session.Id).ToDictionary(x => x.Id);
        foreach (var id in cites)
        {
            if (!byId.TryGetValue(id, out var cited)) errors.Add(("cites", $"{id} is not a statement of this session."));
            else if (cited.Hidden) errors.Add(("cites", $"Statement {id} is hidden: a summary does not cite it."));
            else if (cited.AwaitsApproval) errors.Add(("cites", $"Statement {id} awaits the chair's approval: a summary cites public statements only."));
        }

        return errors;
    }

    /// <summary>
    /// The chair approves a statement that awaits approval: it becomes public. Approving one that is public already
    /// changes nothing (204, no event: idempotent, as hiding and pinning are); a hidden one is not approved (409).
    /// </summary>
    public static (Refused?, IReadOnlyList<object>) Approve(Actor? actor, Statement statement)
    {
        var chair = Chair(actor, statement.ConsultationId);
        if (chair is not null) return (chair, []);
        if (statement.Hidden) return (new Refused.Conflict("The statement is hidden", "A hidden statement is not approved.", "hidden"), []);
        if (!statement.AwaitsApproval) return (null, []);
        return (null, [new StatementApproved(statement.Id, statement.SessionId, statement.ConsultationId, statement.ItemId, statement.OrganisationId,
            statement.OrganisationName, statement.OnBehalfOf, statement.Language, statement.Text, statement.Link, statement.DeliveredAt, actor!.PersonId)]);
    }

    /// <summary>A delegate inscribes to speak (or asks for a right of reply) for the organisation they act for.</summary>
    public static (Refused?, IReadOnlyList<object>) Inscribe(Actor? actor, bool accredited, Session session, Guid itemId, Inscribe command,
        bool rightOfReply, Inscription? existing)
    {
        var speaker = AccessRules.Check(actor, AccessAct.SpeakInSession, accredited);
        if (speaker is not null) return (speaker, []);
        if (session.Item(itemId) is null) return (new Refused.NotFound("agenda item", itemId), []);
        if (session.Status is SessionStatus.Closed) return (State(session, "inscribe in"), []);
        if (command.OnBehalfOf is { Length: > MaxTitleLength }) return (new Refused.Invalid(("onBehalfOf", $"A group's name is at most {MaxTitleLength} characters.")), []);
        if (rightOfReply)
        {
            if (!session.ItemsTakenUp.Contains(itemId))
                return (new Refused.Conflict("The item has not been taken up", "A right of reply is asked once the item is under discussion.", "item-not-taken-up"), []);
        }
        else if (!session.IsOpenForInscription(itemId))
        {
            return (new Refused.Conflict("The list is closed", "The list of speakers of this item is not open for inscription.", "list-closed"), []);
        }

        if (existing is { Active: true } && (!session.SpokenRounds.TryGetValue(existing.Id, out var spoken) || spoken < existing.Round))
            return (new Refused.Conflict("Already inscribed", $"{existing.OrganisationName} is already in the list of this item.", "already-inscribed"), []);

        var a = actor!;
        var onBehalfOf = string.IsNullOrWhiteSpace(command.OnBehalfOf) ? null : command.OnBehalfOf.Trim();
        var level = a.OrganisationGroup == StakeholderGroup.MemberState ? command.Level ?? RepresentationLevel.Other : RepresentationLevel.Other;
        var id = Inscription.IdFor(session.Id, itemId, a.OrganisationId, rightOfReply);
        return (null, [new InscribedToSpeak(id, session.Id, session.ConsultationId, itemId, a.OrganisationId, a.OrganisationName, a.OrganisationGroup,
            level, onBehalfOf, rightOfReply, (existing?.Round ?? 0) + 1, a.PersonId)]);
    }

    public static (Refused?, IReadOnlyList<object>) Withdraw(Actor? actor, Inscription inscription, Session session)
    {
        if (actor is null) return (Refused.NotSignedIn.Instance, []);
        if (actor.OrganisationId != inscription.OrganisationId)
            return (new Refused.NotAllowed("Only the inscribed organisation withdraws its inscription."), []);
        if (!inscription.Active || (session.SpokenRounds.TryGetValue(inscription.Id, out var spoken) && spoken >= inscription.Round))
            return (new Refused.Conflict("Not waiting", "This inscription is not waiting in the list (withdrawn already, or heard).", "not-waiting"), []);
        return (null, [new InscriptionWithdrawn(inscription.Id, inscription.SessionId, inscription.ConsultationId, inscription.ItemId, actor.PersonId)]);
    }

    /// <summary>
    /// A delegate delivers the statement of their organisation (inscribed on the item); the chair records one for an
    /// inscribed speaker (<see cref="DeliverStatement.InscriptionId"/>). In a session whose statements need approval,
    /// a delegate's statement awaits the chair's (<see cref="Approve"/>); one the chair records is approved by that act.
    /// </summary>
    public static (Refused?, IReadOnlyList<object>) Deliver(Actor? actor, bool accredited, Session session, DeliverStatement command,
        IReadOnlyList<Inscription> inscriptionsOnItem, Guid statementId, DateTimeOffset now)
    {
        if (actor is null) return (Refused.NotSignedIn.Instance, []);
        var byChair = command.InscriptionId is not null;
        var allowed = byChair ? Chair(actor, session.ConsultationId) : AccessRules.Check(actor, AccessAct.SpeakInSession, accredited);
        if (allowed is not null) return (allowed, []);
        if (session.Item(command.ItemId) is null) return (new Refused.Invalid(("itemId", "There is no such item on this session's agenda.")), []);
        if (session.Status == SessionStatus.Scheduled) return (State(session, "deliver a statement in"), []);
        var errors = new List<(string, string)>();
        var text = command.Text?.Trim() ?? "";
        if (text.Length is 0 or > MaxStatementLength) errors.Add(("text", $"A statement is 1 to {MaxStatementLength} characters."));
        var language = LanguageTags.Normalise(command.Language?.Trim());
        if (language is null) errors.Add(("language", "Give the statement's language as a BCP 47 tag (en, fr, es, ar, zh-Hans…)."));
        var link = string.IsNullOrWhiteSpace(command.Link) ? null : command.Link.Trim();
        if (link is not null && !(Uri.TryCreate(link, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
            errors.Add(("link", "A link is an http or https address."));
        if (errors.Count > 0) return (new Refused.Invalid(errors.ToArray()), []);

        var inscription = byChair
            ? inscriptionsOnItem.FirstOrDefault(i => i.Id == command.InscriptionId)
            : inscriptionsOnItem.Where(i => i.OrganisationId == actor.OrganisationId)
                .OrderByDescending(i => session.SpokenRounds.ContainsKey(i.Id)).FirstOrDefault(i => i.Active || session.SpokenRounds.ContainsKey(i.Id));
        if (inscription is null)
            return byChair
                ? (new Refused.Invalid(("inscriptionId", "There is no such inscription on this item.")), [])
                : (new Refused.Conflict("Not inscribed", "Inscribe to speak on the item before delivering a statement on it.", "not-inscribed"), []);
        return (null, [new StatementDelivered(statementId, session.Id, session.ConsultationId, command.ItemId, inscription.Id,
            inscription.OrganisationId, inscription.OrganisationName, inscription.OnBehalfOf, language!, text, link, actor.PersonId, byChair, now,
            AwaitsApproval: session.StatementsNeedApproval && !byChair)]);
    }

    public static (Refused?, IReadOnlyList<object>) Hide(Actor? actor, Statement statement, HideStatement command)
    {
        var chair = Chair(actor, statement.ConsultationId);
        if (chair is not null) return (chair, []);
        var reason = command.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > MaxReasonLength) return (new Refused.Invalid(("reason", $"Hiding a statement needs a reason of 1 to {MaxReasonLength} characters.")), []);
        if (statement.Hidden) return (null, []);
        return (null, [new StatementHidden(statement.Id, statement.SessionId, statement.ConsultationId, reason, actor!.PersonId)]);
    }

    /// <summary>When the floor passes on: the speaker's time exceeded, recorded (a notice, not a cut-off).</summary>
    private static IEnumerable<object> FloorPasses(Session session, DateTimeOffset now) =>
        SpeakingOrder.TimeExceeded(session, now) is { } exceeded ? [exceeded] : [];

    private static Refused? State(Session session, string act) =>
        new Refused.Conflict($"The session is {session.Status.ToString().ToLowerInvariant()}",
            $"A {session.Status.ToString().ToLowerInvariant()} session cannot {act} now.", "session-state",
            new Dictionary<string, object?> { ["status"] = session.Status.ToString().ToLowerInvariant() });
}
