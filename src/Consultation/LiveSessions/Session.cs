// How a session stands the rush of inscriptions (hundreds of delegates in the first seconds after the list opens):
//
// The session stream holds only the chair's acts (schedule, open, take up, open/close the list, reorder, select,
// give the floor, pin, suspend, resume, close, summary): a handful a minute, by one or two people, so an expected
// version there is harmless and catches a stale screen. Inscriptions are NOT on it. Each organisation's inscription
// on an item is a stream of its own (its id follows from session, item, organisation and kind, like an endorsement),
// so 500 delegates inscribing at once append to 500 different streams: no shared version, no 409 storm, nobody lost.
// The only conflict left is one organisation inscribing twice at the same instant, on its own stream.
//
// The ORDER of the list is not stored anywhere: it is computed by the pure rules (SpeakingOrder) from the
// inscriptions, each with its arrival = the global sequence number the store gave its InscribedToSpeak event (one
// total order, the commit order, for every node), plus the chair's acts on the session stream (who had the floor in
// which round, reorders, selections). Wolverine's sequential processing per session was the other option; it would
// have queued every inscription behind one another (and behind the chair) and made the delegate wait for the queue.
namespace ConsultationPlatform.LiveSessions;

public enum SessionStatus
{
    Scheduled,
    Open,
    Suspended,
    Closed,
}

/// <summary>Who has the floor, since when, and until when.</summary>
public sealed record Floor(
    Guid ItemId,
    Guid InscriptionId,
    int Round,
    Guid OrganisationId,
    string OrganisationName,
    string? OnBehalfOf,
    bool RightOfReply,
    DateTimeOffset At,
    int SpeakingSeconds,
    DateTimeOffset EndsAt);

/// <summary>A live session (a meeting of a consultation), rebuilt from the chair's acts on its stream.</summary>
public sealed class Session
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid ConsultationId { get; set; }
    public string Title { get; set; } = "";
    public DateTimeOffset Starts { get; set; }
    public DateTimeOffset Ends { get; set; }
    public string TimeZone { get; set; } = "UTC";
    public List<AgendaItem> Agenda { get; set; } = [];
    public PrecedenceRules Rules { get; set; } = PrecedenceRules.Default;
    public string[] CoChairs { get; set; } = [];
    public SessionStatus Status { get; set; }
    public DateTimeOffset? OpenedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public Guid? CurrentItemId { get; set; }
    public List<Guid> ItemsTakenUp { get; set; } = [];
    public List<Guid> ItemsOpenForInscription { get; set; } = [];
    public Floor? Floor { get; set; }

    /// <summary>Per inscription, the last round in which it had the floor.</summary>
    public Dictionary<Guid, int> SpokenRounds { get; set; } = new();

    /// <summary>Per stakeholder inscription, the round for which the chair selected it.</summary>
    public Dictionary<Guid, int> SelectedRounds { get; set; } = new();

    /// <summary>Per item, the chair's order (those first, in this order).</summary>
    public Dictionary<Guid, Guid[]> Orders { get; set; } = new();

    public List<ListReorder> Reorders { get; set; } = [];
    public List<SpeakingTimeExceeded> TimeExceeded { get; set; } = [];
    public Guid? PinnedStatementId { get; set; }
    public string? Summary { get; set; }
    public Guid[] SummaryCites { get; set; } = [];

    /// <summary>The published summary's edition (0: none published).</summary>
    public int SummaryEdition { get; set; }

    /// <summary>The chair's saved draft of the summary (for the secretariat only), until it is published.</summary>
    public string? SummaryDraft { get; set; }

    public Guid[] SummaryDraftCites { get; set; } = [];

    /// <summary>A delegate's statement waits for the chair's approval before it is public.</summary>
    public bool StatementsNeedApproval { get; set; }

    public bool IsOpenForInscription(Guid itemId) => ItemsOpenForInscription.Contains(itemId);

    public AgendaItem? Item(Guid itemId) => Agenda.FirstOrDefault(i => i.Id == itemId);

    public static Session Create(SessionScheduled e) => new()
    {
        Id = e.SessionId, ConsultationId = e.ConsultationId, Title = e.Title, Starts = e.Starts, Ends = e.Ends, TimeZone = e.TimeZone,
        Agenda = [.. e.Agenda], Rules = e.Rules, CoChairs = e.CoChairs, Status = SessionStatus.Scheduled,
        StatementsNeedApproval = e.StatementsNeedApproval,
    };

    public void Apply(SessionOpened e)
    {
        Status = SessionStatus.Open;
        OpenedAt = e.At;
    }

    public void Apply(AgendaItemTakenUp e)
    {
        CurrentItemId = e.ItemId;
        Floor = null;
        if (!ItemsTakenUp.Contains(e.ItemId)) ItemsTakenUp.Add(e.ItemId);
    }

    public void Apply(InscriptionsOpened e)
    {
        if (!ItemsOpenForInscription.Contains(e.ItemId)) ItemsOpenForInscription.Add(e.ItemId);
    }

    public void Apply(InscriptionsClosed e) => ItemsOpenForInscription.Remove(e.ItemId);

    public void Apply(SpeakersListReordered e)
    {
        Orders[e.ItemId] = e.Order;
        Reorders.Add(new ListReorder(e.ItemId, e.Order, e.Reason));
    }

    public void Apply(SpeakerSelected e) => SelectedRounds[e.InscriptionId] = e.Round;

    public void Apply(FloorGiven e)
    {
        Floor = new Floor(e.ItemId, e.InscriptionId, e.Round, e.OrganisationId, e.OrganisationName, e.OnBehalfOf, e.RightOfReply, e.At,
            e.SpeakingSeconds, e.EndsAt);
        SpokenRounds[e.InscriptionId] = e.Round;
    }

    public void Apply(SpeakingTimeExceeded e) => TimeExceeded.Add(e);

    public void Apply(StatementPinned e) => PinnedStatementId = e.StatementId;

    public void Apply(SessionSuspended _)
    {
        Status = SessionStatus.Suspended;
        Floor = null;
    }

    public void Apply(SessionResumed _) => Status = SessionStatus.Open;

    public void Apply(SessionClosed e)
    {
        Status = SessionStatus.Closed;
        ClosedAt = e.At;
        Floor = null;
        ItemsOpenForInscription.Clear();
    }

    public void Apply(SessionSummaryPublished e)
    {
        Summary = e.Text;
        SummaryCites = e.Cites;
        SummaryEdition = e.Edition;
        SummaryDraft = null;
        SummaryDraftCites = [];
    }

    public void Apply(SessionSummaryDrafted e)
    {
        SummaryDraft = e.Text;
        SummaryDraftCites = e.Cites;
    }
}

public sealed record ListReorder(Guid ItemId, Guid[] Order, string Reason);

/// <summary>
/// One organisation's inscription to speak on one item (or its request for a right of reply): a stream of its own.
/// Its place in the list is not here: <see cref="SpeakingOrder"/> computes it.
/// </summary>
public sealed class Inscription
{
    private static readonly Guid Namespace = new("b3a4c2f0-1d7e-4a51-8e63-5f0a7c9d2e11");

    public static Guid IdFor(Guid sessionId, Guid itemId, Guid organisationId, bool rightOfReply) =>
        DeterministicGuid.Create(Namespace, sessionId, itemId, organisationId, rightOfReply ? "reply" : "speak");

    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid SessionId { get; set; }
    public Guid ConsultationId { get; set; }
    public Guid ItemId { get; set; }
    public Guid OrganisationId { get; set; }
    public string OrganisationName { get; set; } = "";
    public StakeholderGroup OrganisationGroup { get; set; }
    public RepresentationLevel Level { get; set; }
    public string? OnBehalfOf { get; set; }
    public bool RightOfReply { get; set; }
    public int Round { get; set; }
    public bool Active { get; set; }
    public Guid InscribedBy { get; set; }

    public static Inscription Create(InscribedToSpeak e)
    {
        var inscription = new Inscription { Id = e.InscriptionId };
        inscription.Apply(e);
        return inscription;
    }

    public void Apply(InscribedToSpeak e)
    {
        SessionId = e.SessionId;
        ConsultationId = e.ConsultationId;
        ItemId = e.ItemId;
        OrganisationId = e.OrganisationId;
        OrganisationName = e.OrganisationName;
        OrganisationGroup = e.OrganisationGroup;
        Level = e.Level;
        OnBehalfOf = e.OnBehalfOf;
        RightOfReply = e.RightOfReply;
        Round = e.Round;
        InscribedBy = e.InscribedBy;
        Active = true;
    }

    public void Apply(InscriptionWithdrawn _) => Active = false;
}

/// <summary>A statement delivered in a session (as text: written, or the text of the spoken one).</summary>
public sealed class Statement
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid SessionId { get; set; }
    public Guid ConsultationId { get; set; }
    public Guid ItemId { get; set; }
    public Guid? InscriptionId { get; set; }
    public Guid OrganisationId { get; set; }
    public string OrganisationName { get; set; } = "";
    public string? OnBehalfOf { get; set; }
    public string Language { get; set; } = "en";
    public string Text { get; set; } = "";
    public string? Link { get; set; }
    public bool RecordedByChair { get; set; }
    public DateTimeOffset DeliveredAt { get; set; }
    public string? HiddenReason { get; set; }
    public bool Hidden => HiddenReason is not null;

    /// <summary>Who delivered it (the delegate, or the chair who recorded it).</summary>
    public Guid DeliveredBy { get; set; }

    /// <summary>Delivered in a session whose statements need approval, and not approved yet: the chair and its author see it, nobody else.</summary>
    public bool AwaitsApproval { get; set; }

    /// <summary>
    /// Whether the public sees the statement (its text, in the room, the live push and anything built on them): approved
    /// (or never needing approval) and not hidden. The one test for every reader of statements.
    /// </summary>
    public bool IsPublic => !AwaitsApproval && !Hidden;

    public static Statement Create(StatementDelivered e) => new()
    {
        Id = e.StatementId, SessionId = e.SessionId, ConsultationId = e.ConsultationId, ItemId = e.ItemId,
        InscriptionId = e.InscriptionId, OrganisationId = e.OrganisationId, OrganisationName = e.OrganisationName,
        OnBehalfOf = e.OnBehalfOf, Language = e.Language, Text = e.Text, Link = e.Link,
        RecordedByChair = e.RecordedByChair, DeliveredAt = e.At, DeliveredBy = e.DeliveredBy, AwaitsApproval = e.AwaitsApproval,
    };

    public void Apply(StatementApproved _) => AwaitsApproval = false;

    public void Apply(StatementHidden e) => HiddenReason = e.Reason;
}
