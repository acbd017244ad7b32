using ConsultationPlatform.Consultations;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsultationPlatform.Web.Pages.Moderation;

/// <summary>
/// The deadline of the current phase, for moderators and co-chairs: when it ends (in UTC and, with script, in the
/// reader's time zone), a form to schedule or change it (a local date and time in a time zone) and one to call it off.
/// The forms send the acts of Consultations/Deadlines through the message bus, as the API does.
/// </summary>
public sealed class PhaseEndModel(IQuerySession session, IMessageBus bus, TimeProvider time) : PageModel
{
    public Consultation? Consultation { get; private set; }
    public bool Forbidden { get; private set; }
    public ProblemDetails? Problem { get; private set; }

    public string ContentLanguage => Consultation?.Languages.FirstOrDefault() ?? "en";

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }
    [BindProperty] public DateTime? EndsAt { get; set; }
    [BindProperty] public string? TimeZone { get; set; }
    [BindProperty] public ConsultationPhase? Phase { get; set; }
    [BindProperty] public int? Version { get; set; }

    public static string Path(Guid consultationId) => $"{PageLinks.Console(consultationId)}/phase-end";

    public async Task<IActionResult> OnGetAsync(Guid consultationId, CancellationToken ct)
    {
        if (await Admit(consultationId, ct) is { } refused) return refused;
        TimeZone ??= "UTC";
        EndsAt ??= Consultation!.PhaseEnd?.EndsAt.UtcDateTime ?? time.GetUtcNow().UtcDateTime.Date.AddDays(1).AddHours(17);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid consultationId, CancellationToken ct)
    {
        if (Actor.From(User) is null) return SignIn(consultationId);
        var zoneId = string.IsNullOrWhiteSpace(TimeZone) ? "UTC" : TimeZone.Trim();
        // What only a form has: a local time to read in a zone. Everything else is the act's decision.
        DateTimeOffset? endsAt = null;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
            return await Refused(consultationId, Problems.Invalid(("timeZone", $"{zoneId} is not a time zone this server knows.")), ct);
        if (EndsAt is { } local)
        {
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            if (zone.IsInvalidTime(unspecified))
                return await Refused(consultationId, Problems.Invalid(("endsAt", $"{local:yyyy-MM-dd HH:mm} does not exist in {zone.Id} (the clocks change then).")), ct);
            endsAt = new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified)).ToUniversalTime();
        }

        var problem = await bus.TryAsync(User, actor => new SchedulePhaseEnd(consultationId, new SchedulePhaseEndForm(endsAt, Phase, Version), actor), ct);
        return problem.IsNone() ? Redirect($"{Path(consultationId)}?done=scheduled#done") : await Refused(consultationId, problem, ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid consultationId, CancellationToken ct)
    {
        if (Actor.From(User) is null) return SignIn(consultationId);
        var problem = await bus.TryAsync(User, actor => new CancelPhaseEnd(consultationId, actor), ct);
        return problem.IsNone() ? Redirect($"{Path(consultationId)}?done=cancelled#done") : await Refused(consultationId, problem, ct);
    }

    /// <summary>The page again, with the problem above the forms and what was typed kept.</summary>
    private async Task<IActionResult> Refused(Guid consultationId, ProblemDetails problem, CancellationToken ct)
    {
        if (problem.Status == StatusCodes.Status401Unauthorized) return SignIn(consultationId);
        if (await Admit(consultationId, ct) is { } refused) return refused;
        Problem = problem;
        Done = null;
        Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return Page();
    }

    public bool Invalid(string field) => Problem is ValidationProblemDetails v && v.Errors.ContainsKey(field);

    public string? InvalidAttr(string field) => Invalid(field) ? "true" : null;

    /// <summary>Sign-in for the anonymous, a 403 page for those who run no dialogue, a 404 page for no such consultation; null to go on.</summary>
    private async Task<IActionResult?> Admit(Guid consultationId, CancellationToken ct)
    {
        var actor = Actor.From(User);
        if (actor is null) return SignIn(consultationId);
        if (!actor.In(consultationId).Allows(AccessAct.ChangePhase))
        {
            Forbidden = true;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }

        Consultation = await session.LoadAsync<Consultation>(consultationId, ct);
        if (Consultation is not null) return null;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    private RedirectToPageResult SignIn(Guid consultationId) =>
        RedirectToPage("/Account/SignIn", new { returnUrl = Path(consultationId) });
}
