using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Accounts;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.LiveSessions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Hosting;

namespace ConsultationPlatform.Web.Pages.Sessions;

/// <summary>
/// Scheduling a session from the browser (moderators and co-chairs): title, start and end in a time zone (stored in
/// UTC with the zone), the agenda in order (challenges, action points, free items), speaking times, precedence,
/// the stakeholders' selection and slots, and whether statements need the chair's approval. The form runs the API's
/// act (<see cref="LiveSessions.Schedule"/> through the bus, so <see cref="SessionDecisions.Schedule"/>): the same rules, the same errors.
/// In Development, it also starts a demo session on Round table 3 (<see cref="DemoSession"/>).
/// </summary>
public sealed class ScheduleModel(IQuerySession session, IMessageBus bus, TimeProvider time, IWebHostEnvironment environment) : PageModel
{
    public const int AgendaRows = 8;

    public Consultation? Consultation { get; private set; }
    public bool Forbidden { get; private set; }
    public IReadOnlyList<(int Number, string Text)> ActionPoints { get; private set; } = [];
    public ProblemDetails? Problem { get; private set; }

    /// <summary>The demo session is offered (Development, Round table 3).</summary>
    public bool OffersDemo => environment.IsDevelopment() && Consultation?.Id == DemoAccounts.RoundTable3;

    public static IReadOnlyList<string> TimeZones { get; } =
        TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/') || id == "UTC").Order(StringComparer.Ordinal).ToList();

    [BindProperty] public string? Title { get; set; }
    [BindProperty] public DateTime? Starts { get; set; }
    [BindProperty] public DateTime? Ends { get; set; }
    [BindProperty] public string? TimeZone { get; set; }

    /// <summary>Per agenda row, in order: "challenge:N", "actionPoint:N", "free", or empty (no item).</summary>
    [BindProperty] public List<string?> Kind { get; set; } = [];

    [BindProperty] public List<string?> ItemTitle { get; set; } = [];
    [BindProperty] public int DefaultSeconds { get; set; } = PrecedenceRules.Default.DefaultSpeakingSeconds;
    [BindProperty] public int GroupSeconds { get; set; } = PrecedenceRules.Default.SpeakingTimeFor(SpeakerClass.Group);
    /// <summary>Ticked on the empty form (OnGet); a box left unticked is not posted, so it binds false.</summary>
    [BindProperty] public bool ByPrecedence { get; set; }
    [BindProperty] public bool BySelection { get; set; }
    [BindProperty] public int? Slots { get; set; }
    [BindProperty] public bool NeedApproval { get; set; }
    [BindProperty] public string? CoChairs { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid consultationId, CancellationToken ct)
    {
        if (await Admit(consultationId, ct) is { } refused) return refused;
        var today = TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZoneInfo.Utc).Date.AddDays(1);
        Starts ??= today.AddHours(10);
        Ends ??= today.AddHours(13);
        TimeZone ??= "UTC";
        ByPrecedence = true;
        if (Kind.Count == 0) Kind = Consultation!.Challenges.OrderBy(c => c.Number).Select(c => (string?)$"challenge:{c.Number}").ToList();
        Pad();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid consultationId, CancellationToken ct)
    {
        if (await Admit(consultationId, ct) is { } refused) return refused;
        var zoneId = string.IsNullOrWhiteSpace(TimeZone) ? "UTC" : TimeZone.Trim();
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var z) ? z : TimeZoneInfo.Utc;
        // What only a form has: local times to read in the zone. Everything else is the decision's.
        var formErrors = new List<(string, string)>();
        var starts = InZone(Starts, zone, "starts", "start", formErrors);
        var ends = InZone(Ends, zone, "ends", "end", formErrors);
        var command = new ScheduleSession(Title, starts, ends, zoneId, Agenda(),
            new PrecedenceRules(ByPrecedence, DefaultSeconds, new() { [SpeakerClass.Group] = GroupSeconds }, BySelection, BySelection ? Slots : null),
            string.IsNullOrWhiteSpace(CoChairs) ? null : CoChairs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            NeedApproval);

        ProblemDetails problem;
        Guid? id = null;
        if (formErrors.Count > 0)
        {
            // Not saved; the decision still names everything else that is wrong, in one answer.
            var points = await session.Query<ActionPoint>().Where(p => p.ConsultationId == consultationId).ToListAsync(ct);
            var (decided, _) = SessionDecisions.Schedule(Actor.From(User), command, Guid.NewGuid(), Consultation!, points.Select(p => p.Number).ToList(),
                points.GroupBy(p => p.Number).ToDictionary(g => g.Key, g => g.First().Id));
            // (Its "ends after it starts" is moot while a time is missing or does not exist.)
            var decidedErrors = decided is Refused.Invalid v ? v.Errors.Where(e => e.Field != "ends") : [];
            problem = Problems.Invalid(formErrors.Concat(decidedErrors).ToArray());
        }
        else
        {
            SessionCreated? created;
            (created, problem) = await bus.DoAsync(User, a => new LiveSessions.Schedule(consultationId, command, a), ct);
            id = created?.Id;
        }

        if (problem.IsNone()) return Redirect($"{PageLinks.Session(id!.Value)}?done=scheduled");
        Problem = problem;
        Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        Pad();
        return Page();
    }

    /// <summary>Development only: a fresh demo session on Round table 3 (README). Refused (404) in any other environment.</summary>
    public async Task<IActionResult> OnPostDemoAsync(Guid consultationId, CancellationToken ct)
    {
        if (!environment.IsDevelopment()) return NotFound();
        if (await Admit(consultationId, ct) is { } refused) return refused;
        if (!OffersDemo) return NotFound();
        var (refusal, id) = await DemoSession.Start(bus, session, Actor.Require(User), time.GetUtcNow(), ct);
        if (refusal is null) return Redirect($"{PageLinks.Session(id!.Value)}?done=demo");
        var problem = refusal.ToProblem();
        Problem = problem;
        Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        Pad();
        return Page();
    }

    /// <summary>The field named in the problem, if any: the input is marked invalid and described by the problem.</summary>
    public bool Invalid(string field) => Problem is ValidationProblemDetails v && v.Errors.ContainsKey(field);

    public string? InvalidAttr(string field) => Invalid(field) ? "true" : null;

    private List<AgendaItemInput> Agenda()
    {
        var items = new List<AgendaItemInput>();
        for (var i = 0; i < Kind.Count; i++)
        {
            var kind = Kind[i]?.Trim() ?? "";
            var title = i < ItemTitle.Count ? ItemTitle[i] : null;
            var parts = kind.Split(':');
            if (kind.Length == 0) continue;
            if (parts[0] == "free") items.Add(new AgendaItemInput(AgendaItemKind.Free, Title: title));
            else if (parts.Length == 2 && int.TryParse(parts[1], out var number))
                items.Add(new AgendaItemInput(parts[0] == "actionPoint" ? AgendaItemKind.ActionPoint : AgendaItemKind.Challenge, number, title));
        }

        return items;
    }

    private static DateTimeOffset InZone(DateTime? local, TimeZoneInfo zone, string field, string what, List<(string, string)> errors)
    {
        if (local is not { } value)
        {
            errors.Add((field, $"Give the session's {what} (date and time)."));
            return default;
        }

        var unspecified = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            errors.Add((field, $"{value:yyyy-MM-dd HH:mm} does not exist in {zone.Id} (the clocks change then)."));
            return default;
        }

        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified)).ToUniversalTime();
    }

    private void Pad()
    {
        while (Kind.Count < AgendaRows) Kind.Add(null);
        while (ItemTitle.Count < Kind.Count) ItemTitle.Add(null);
    }

    private async Task<IActionResult?> Admit(Guid consultationId, CancellationToken ct)
    {
        var actor = Actor.From(User);
        if (actor is null) return RedirectToPage("/Account/SignIn", new { returnUrl = PageLinks.ScheduleSession(consultationId) });
        if (!actor.In(consultationId).Allows(AccessAct.RunSession))
        {
            Forbidden = true;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }

        Consultation = await session.LoadAsync<Consultation>(consultationId, ct);
        if (Consultation is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        var points = await session.Query<ActionPoint>().Where(p => p.ConsultationId == consultationId).ToListAsync(ct);
        ActionPoints = points.OrderBy(p => p.Number).Select(p => (p.Number, p.Current.Text)).ToList();
        return null;
    }
}
