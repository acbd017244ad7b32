namespace ConsultationPlatform.Consultations;

public enum ConsultationPhase
{
    Preparation,
    Inputs,
    Drafting,
    Endorsement,
    Concluded,
}

/// <summary>The dialogue a consultation belongs to (e.g. the 2013 High-level Dialogue).</summary>
public sealed record DialogueDetails(string Name, string? Theme, string Place, DateOnly StartDate, DateOnly EndDate);

/// <summary>
/// The slot the source document gives, in the local time of the place; <see cref="Label"/> is the slot in the source's
/// own words (Round table 3's "Friday, 4 October 2013, 17.30 – 18.00" heads the co-chair's summary; the source does
/// not say more about it).
/// </summary>
public sealed record SessionTime(DateOnly Date, TimeOnly? StartTime, TimeOnly? EndTime, string? TimeZone, string? Label = null);

/// <summary>Who presented the co-chairs' summary, and in which role (e.g. "Co-Chair").</summary>
public sealed record SummaryPresenter(string Name, string? Office, string? OnBehalfOf, string? Role = null);

// ---- Events of a consultation stream (facts, in the past tense) ----

public sealed record ConsultationCreated(
    Guid ConsultationId,
    string Slug,
    string Title,
    string Kind,
    int? Number,
    DialogueDetails Dialogue,
    SessionTime? HeldOn,
    string[] CoChairs,
    SummaryPresenter? SummaryPresentedBy,
    string[] Languages,
    ConsultationPhase Phase,
    string? Preamble,
    string? Closing,
    string? SourceDocument,
    Guid? CreatedBy = null) : IConsultationEvent;

/// <summary>A moderator moved the consultation to another phase; moving back (or reopening) always carries a reason.</summary>
public sealed record ConsultationPhaseChanged(Guid ConsultationId, ConsultationPhase From, ConsultationPhase To, string? Reason, Guid ChangedBy)
    : IConsultationEvent;

/// <summary>How the consultation is run: whether inputs wait for a moderator, whether states may endorse while drafting.</summary>
public sealed record ConsultationRulesSet(Guid ConsultationId, bool InputsPreModerated, bool AllowsEarlyEndorsement, Guid SetBy)
    : IConsultationEvent;

public sealed record ChallengeTabled(Guid ConsultationId, int Number, string Text) : IConsultationEvent;

/// <summary>An importer or a moderator noticed something off in the source material and kept it in the open.</summary>
public sealed record DataQualityNoteRecorded(Guid ConsultationId, string Code, string Message) : IConsultationEvent;

public sealed record Challenge(int Number, string Text);

public sealed record DataQualityNote(string Code, string Message);

/// <summary>A consultation (a dialogue or a round table of one), rebuilt from its events.</summary>
public sealed class Consultation
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public string Kind { get; set; } = "";
    public int? Number { get; set; }
    public DialogueDetails? Dialogue { get; set; }
    public SessionTime? HeldOn { get; set; }
    public string[] CoChairs { get; set; } = [];
    public SummaryPresenter? SummaryPresentedBy { get; set; }
    public string[] Languages { get; set; } = [];
    public ConsultationPhase Phase { get; set; }
    public string? Preamble { get; set; }
    public string? Closing { get; set; }
    public string? Salutation { get; set; }
    public string? ChallengesIntroduction { get; set; }
    public string? Transition { get; set; }
    public string? ActionPointsIntroduction { get; set; }
    public string? ClosingSalutation { get; set; }
    public string? ClosingThanks { get; set; }
    public string? SourceDocument { get; set; }
    public bool InputsPreModerated { get; set; } = true;
    public bool AllowsEarlyEndorsement { get; set; }
    public List<Challenge> Challenges { get; set; } = [];
    public List<DataQualityNote> DataQualityNotes { get; set; } = [];

    /// <summary>When the current phase ends by itself (Deadlines/PhaseEnds.cs); null: it goes on until moved.</summary>
    public ScheduledPhaseEnd? PhaseEnd { get; set; }

    public static Consultation Create(ConsultationCreated e) => new()
    {
        Id = e.ConsultationId,
        Slug = e.Slug,
        Title = e.Title,
        Kind = e.Kind,
        Number = e.Number,
        Dialogue = e.Dialogue,
        HeldOn = e.HeldOn,
        CoChairs = e.CoChairs,
        SummaryPresentedBy = e.SummaryPresentedBy,
        Languages = e.Languages,
        Phase = e.Phase,
        Preamble = e.Preamble,
        Closing = e.Closing,
        SourceDocument = e.SourceDocument,
    };

    public void Apply(ConsultationPhaseChanged e)
    {
        Phase = e.To;
        PhaseEnd = null; // a phase change, by hand or by its schedule, ends the schedule of the phase left
    }

    public void Apply(PhaseEndScheduled e) => PhaseEnd = new ScheduledPhaseEnd(e.ScheduleId, e.Phase, e.EndsAt, e.ScheduledBy);

    public void Apply(PhaseEndCancelled e)
    {
        if (PhaseEnd?.ScheduleId == e.ScheduleId) PhaseEnd = null;
    }

    public void Apply(PhaseEndReached e) { }

    public void Apply(ConsultationRulesSet e)
    {
        InputsPreModerated = e.InputsPreModerated;
        AllowsEarlyEndorsement = e.AllowsEarlyEndorsement;
    }

    public void Apply(ChallengeTabled e) => Challenges.Add(new Challenge(e.Number, e.Text));

    public void Apply(DocumentTextTabled e) => this.Set(e.Part, e.Text);

    public void Apply(SourceDetailsRestored e)
    {
        HeldOn = e.HeldOn ?? HeldOn;
        SummaryPresentedBy = e.SummaryPresentedBy ?? SummaryPresentedBy;
    }

    public void Apply(DataQualityNoteRecorded e) => DataQualityNotes.Add(new DataQualityNote(e.Code, e.Message));
}
