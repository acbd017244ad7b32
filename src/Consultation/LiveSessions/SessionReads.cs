using ConsultationPlatform.Consultations;
using ConsultationPlatform.Consultations.History;
using JasperFx.Events;
using Marten.Events;

namespace ConsultationPlatform.LiveSessions;

public sealed record RoomFloor(Guid ItemId, Guid InscriptionId, Guid OrganisationId, string OrganisationName, string? OnBehalfOf, bool RightOfReply,
    DateTimeOffset At, int SpeakingSeconds, DateTimeOffset EndsAt);

public sealed record RoomSpeaker(int Place, Guid InscriptionId, Guid OrganisationId, string OrganisationName, string? OnBehalfOf, SpeakerClass Class,
    bool RightOfReply, int Round, int SpeakingSeconds);

public sealed record RoomItem(Guid Id, int Number, AgendaItemKind Kind, string Title, bool Current, bool TakenUp, bool InscriptionsOpen,
    IReadOnlyList<RoomSpeaker> Speakers, IReadOnlyList<RoomSpeaker> AwaitingSelection);

/// <summary>A statement in the room. <see cref="AwaitsApproval"/>: only the chair and its author get it at all.</summary>
public sealed record RoomStatement(Guid Id, Guid ItemId, Guid OrganisationId, string OrganisationName, string? OnBehalfOf, string Language, string? Text,
    string? Link, DateTimeOffset At, bool RecordedByChair, bool Pinned, bool Hidden, string? HiddenReason, bool AwaitsApproval = false);

/// <summary>
/// The room as everyone sees it: the agenda with each item's list of speakers (in the order the rules give), who has
/// the floor until when (clients count down to <see cref="RoomFloor.EndsAt"/> themselves), the statements, the times
/// exceeded, the reorders with their reasons, and the summary. <see cref="ServerNow"/> lets a client correct its clock.
/// </summary>
public sealed record SessionRoom(
    Guid Id,
    int Version,
    Guid ConsultationId,
    string ConsultationTitle,
    string Title,
    DateTimeOffset Starts,
    DateTimeOffset Ends,
    string TimeZone,
    string[] CoChairs,
    SessionStatus Status,
    PrecedenceRules Rules,
    Guid? CurrentItemId,
    RoomFloor? Floor,
    IReadOnlyList<RoomItem> Agenda,
    IReadOnlyList<RoomStatement> Statements,
    IReadOnlyList<SpeakingTimeExceeded> TimeExceeded,
    IReadOnlyList<ListReorder> Reorders,
    string? Summary,
    Guid[] SummaryCites,
    DateTimeOffset ServerNow,
    int SummaryEdition = 0,
    bool StatementsNeedApproval = false,
    string? SummaryDraft = null,
    Guid[]? SummaryDraftCites = null)
{
    public RoomItem? CurrentItem => Agenda.FirstOrDefault(i => i.Current);
}

public sealed record SessionListEntry(Guid Id, string Title, DateTimeOffset Starts, DateTimeOffset Ends, string TimeZone, SessionStatus Status, bool HasSummary);

/// <summary>Reads of live sessions: the inscriptions with their arrival order, the lists, the room.</summary>
public static class SessionReads
{
    /// <summary>
    /// The session's inscriptions as the ordering rules see them, each with the global sequence number of its latest
    /// <see cref="InscribedToSpeak"/> (its arrival): read from the event store itself, so it is the commit order.
    /// </summary>
    public static async Task<IReadOnlyList<Inscribed>> Inscriptions(IQuerySession session, Guid sessionId, CancellationToken ct, Guid? itemId = null)
    {
        var query = session.Query<Inscription>().Where(i => i.SessionId == sessionId);
        if (itemId is { } item) query = query.Where(i => i.ItemId == item);
        var inscriptions = await query.ToListAsync(ct);
        if (inscriptions.Count == 0) return [];
        var ids = inscriptions.Select(i => i.Id).ToArray();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamId.IsOneOf(ids) && e.EventTypesAre(typeof(InscribedToSpeak)))
            .ToListAsync(ct);
        var arrivals = events.GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g => g.Max(e => e.Sequence));
        return inscriptions.Select(i => ToInscribed(i, arrivals.GetValueOrDefault(i.Id))).ToList();
    }

    public static Inscribed ToInscribed(Inscription i, long arrival) =>
        new(i.Id, i.ItemId, i.OrganisationId, i.OrganisationName, i.OrganisationGroup, i.Level, i.OnBehalfOf, i.RightOfReply, i.Round, i.Active, arrival);

    public static async Task<IReadOnlyList<SessionListEntry>> OfConsultation(IQuerySession session, Guid consultationId, CancellationToken ct)
    {
        var sessions = await session.Query<Session>().Where(s => s.ConsultationId == consultationId).OrderBy(s => s.Starts).ToListAsync(ct);
        return sessions.Select(s => new SessionListEntry(s.Id, s.Title, s.Starts, s.Ends, s.TimeZone, s.Status, s.Summary is not null)).ToList();
    }

    /// <summary>
    /// The room as <paramref name="viewer"/> sees it: everyone the public statements (approved and not hidden; a hidden
    /// one as the fact and its reason); the chair (moderators, co-chairs) also those awaiting approval and the summary's
    /// draft; a delegate also their own statements awaiting approval.
    /// </summary>
    public static async Task<SessionRoom?> Room(IQuerySession session, Guid sessionId, DateTimeOffset now, CancellationToken ct, bool withHidden = false,
        Stakeholders.Actor? viewer = null)
    {
        var s = await session.LoadAsync<Session>(sessionId, ct);
        if (s is null) return null;
        var consultation = await session.LoadAsync<Consultation>(s.ConsultationId, ct);
        var inscriptions = await Inscriptions(session, sessionId, ct);
        var statements = await session.Query<Statement>().Where(x => x.SessionId == sessionId).OrderBy(x => x.DeliveredAt).ToListAsync(ct);

        var agenda = s.Agenda.OrderBy(i => i.Number).Select(item =>
        {
            var list = SpeakingOrder.For(s, item.Id, inscriptions);
            return new RoomItem(item.Id, item.Number, item.Kind, item.Title, s.CurrentItemId == item.Id, s.ItemsTakenUp.Contains(item.Id),
                s.IsOpenForInscription(item.Id), list.Waiting.Select(ToRoom).ToList(), list.AwaitingSelection.Select(ToRoom).ToList());
        }).ToList();
        var floor = s.Floor is { } f
            ? new RoomFloor(f.ItemId, f.InscriptionId, f.OrganisationId, f.OrganisationName, f.OnBehalfOf, f.RightOfReply, f.At, f.SpeakingSeconds, f.EndsAt)
            : null;
        var chair = viewer?.RunsTheDialogueOf(s.ConsultationId) == true;
        var roomStatements = statements.Where(x => !x.AwaitsApproval || chair || (viewer is not null && x.DeliveredBy == viewer.PersonId)).Select(x => new RoomStatement(x.Id, x.ItemId, x.OrganisationId, x.OrganisationName, x.OnBehalfOf, x.Language,
            x.Hidden && !withHidden ? null : x.Text, x.Hidden && !withHidden ? null : x.Link, x.DeliveredAt, x.RecordedByChair,
            s.PinnedStatementId == x.Id, x.Hidden, x.HiddenReason, x.AwaitsApproval)).ToList();
        return new SessionRoom(s.Id, s.Version, s.ConsultationId, consultation?.Title ?? "", s.Title, s.Starts, s.Ends, s.TimeZone, s.CoChairs, s.Status, s.Rules,
            s.CurrentItemId, floor, agenda, roomStatements, s.TimeExceeded, s.Reorders, s.Summary, s.SummaryCites, now, s.SummaryEdition,
            s.StatementsNeedApproval, chair ? s.SummaryDraft : null, chair ? s.SummaryDraftCites : null);
    }

    private static RoomSpeaker ToRoom(Speaker s) =>
        new(s.Place, s.Inscription.InscriptionId, s.Inscription.OrganisationId, s.Inscription.OrganisationName, s.Inscription.OnBehalfOf, s.Class,
            s.Inscription.RightOfReply, s.Inscription.Round, s.SpeakingSeconds);

    /// <summary>The position of the session's latest public change (0 when none): where a page rendered after it joins the live stream.</summary>
    public static async Task<long> LatestPosition(IQuerySession session, Guid sessionId, CancellationToken ct)
    {
        var latest = await session.Query<ConsultationChange>()
            .Where(c => c.SessionId == sessionId && c.Audience == ChangeAudience.Public)
            .OrderByDescending(c => c.Id).Select(c => c.Id).Take(1).ToListAsync(ct);
        return latest.Count == 0 ? 0 : latest[0];
    }
}
