using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.LivePush;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using ConsultationPlatform.Web.Resources;

namespace ConsultationPlatform.Web.Pages.Consultations;

/// <summary>
/// A consultation's board: its challenges and action points with their current text and version, and the consensus on
/// each by stakeholder group. Complete without script; board.js keeps it live.
/// </summary>
public sealed class BoardModel(IQuerySession session, IMessageBus bus, IStringLocalizer<SharedResource> t) : PageModel
{
    public Actor? Actor { get; private set; }
    public ProblemDetails? Problem { get; private set; }

    /// <summary>The Markdown of the input, rendered as it would be published (the preview button; no script needed).</summary>
    public string? PreviewHtml { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }
    [BindProperty] public string? InputTitle { get; set; }
    [BindProperty] public string? InputBody { get; set; }
    [BindProperty] public string? InputLanguage { get; set; }
    [BindProperty] public Guid? InputPoint { get; set; }

    public async Task<IActionResult> OnPostSubmitAsync(string id, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var consultationId)) return NotFound();
        var command = new SubmitInput(InputBody, InputLanguage, string.IsNullOrWhiteSpace(InputTitle) ? null : InputTitle, InputPoint);
        var problem = await bus.TryAsync(User, actor => new Submit(consultationId, command, actor), ct);
        if (problem.IsNone()) return Redirect($"{PageLinks.Board(consultationId)}?done=submitted#submit");
        if (problem.Status == StatusCodes.Status401Unauthorized)
            return RedirectToPage("/Account/SignIn", new { returnUrl = PageLinks.Board(consultationId) + "#submit" });
        Problem = problem;
        var page = await OnGetAsync(id, ct);
        Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return page;
    }

    public async Task<IActionResult> OnPostPreviewAsync(string id, CancellationToken ct)
    {
        PreviewHtml = string.IsNullOrWhiteSpace(InputBody) ? "" : MarkdownRendering.ToHtml(InputBody);
        return await OnGetAsync(id, ct);
    }

    public ConsultationBoard? Board { get; private set; }

    /// <summary>The consultation as it stands now (not in a past view): its phase's scheduled end.</summary>
    public Consultation? Current { get; private set; }

    /// <summary>The consultation's live sessions (upcoming, live now, held).</summary>
    public IReadOnlyList<LiveSessions.SessionListEntry> Sessions { get; private set; } = [];

    /// <summary>The language the consultation's texts are written in (they keep it whatever the interface language).</summary>
    public string ContentLanguage { get; private set; } = "en";

    /// <summary>Where the page's live updates start: the latest public change read before the board.</summary>
    public long Position { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var consultation = Guid.TryParse(id, out var guid)
            ? await session.LoadAsync<Consultation>(guid, ct)
            : await session.Query<Consultation>().FirstOrDefaultAsync(c => c.Slug == id, ct);
        if (consultation is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        if (AtPosition is not null || At is not null)
            return await PastAsync(consultation, ct);
        Current = consultation; // its phase's scheduled end (Shared/_PhaseEnd.cshtml)
        Position = await ConsultationHistoryReads.LatestPublicPosition(session, consultation.Id, ct);
        Board = await BoardReads.LoadBoard(session, consultation.Id, ct);
        if (Board is not null) // the other stakeholders' positions, shown apart from the endorsements
            PositionTallies = await Positions.PositionReads.Tallies(session, consultation.Id, Board.ActionPoints.ToDictionary(p => p.Id, p => p.Version), ct);
        Sessions = await LiveSessions.SessionReads.OfConsultation(session, consultation.Id, ct);
        ContentLanguage = consultation.Languages.FirstOrDefault() ?? "en";
        Actor = Stakeholders.Actor.From(User);
        InputLanguage ??= System.Globalization.CultureInfo.CurrentUICulture.Name;
        return Page();
    }

    /// <summary>The other stakeholders' positions on each point (none in the past views).</summary>
    public IReadOnlyDictionary<Guid, Positions.PositionTally> PositionTallies { get; private set; } = new Dictionary<Guid, Positions.PositionTally>();

    // ---- Time travel (Outcome/TimeTravel): the board as it stood at ?position=N or ?at=TIME, without forms or live updates. ----
    [BindProperty(SupportsGet = true, Name = "position")] public long? AtPosition { get; set; }
    [BindProperty(SupportsGet = true, Name = "at")] public DateTimeOffset? At { get; set; }
    public ConsultationPlatform.Outcome.TimeTravel.PastView? Past { get; private set; }

    private async Task<IActionResult> PastAsync(Consultation consultation, CancellationToken ct)
    {
        var moment = new ConsultationPlatform.Outcome.TimeTravel.Moment(AtPosition, At);
        ContentLanguage = consultation.Languages.FirstOrDefault() ?? "en";
        if (!moment.Check().IsNone())
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var position = await ConsultationPlatform.Outcome.TimeTravel.PastReads.Resolve(session, moment, ct);
        Past = await ConsultationPlatform.Outcome.TimeTravel.PastNavigation.Load(session, consultation.Id, position, PageLinks.Board(consultation.Id), false, ct);
        Board = (await ConsultationPlatform.Outcome.TimeTravel.PastReads.Load(session, consultation.Id, position, ct))?.Board();
        if (Board is null) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    /// <summary>The words board.js needs to redraw an entry in the reader's language.</summary>
    public string LiveLabels() => JsonSerializer.Serialize<Dictionary<string, object>>(new()
    {
        ["groups"] = Enum.GetValues<StakeholderGroup>().ToDictionary(g => JsonNamingPolicy.CamelCase.ConvertName(g.ToString()), g => PageLinks.Group(t, g)),
        ["phases"] = Enum.GetValues<ConsultationPhase>().ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.ToString()), p => PageLinks.Phase(t, p)),
        ["version"] = t["VersionN"].Value,
        ["colon"] = t["Colon"].Value,
        ["noEndorsements"] = t["NoEndorsementsYet"].Value,
        ["announceEntry"] = t["LiveAnnounceEntry"].Value,
        ["announcePhase"] = t["LiveAnnouncePhase"].Value,
        ["disconnected"] = t["LiveDisconnected"].Value,
        ["reconnected"] = t["LiveReconnected"].Value,
        ["reload"] = t["LiveReload"].Value,
    }, LabelsJson);

    private static readonly JsonSerializerOptions LabelsJson = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
}
