using ConsultationPlatform.Consultations;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsultationPlatform.Web.Pages.Admin;

/// <summary>
/// The administrators' list of consultations, each with the way to its moderators and co-chairs, and the form that
/// opens a new one: it sends <see cref="OpenConsultation"/>, the act POST /api/consultations sends.
/// </summary>
public sealed class ConsultationsModel(IQuerySession session, IMessageBus bus) : PageModel
{
    public const string Path = "/admin/consultations";

    public bool Forbidden { get; private set; }
    public IReadOnlyList<ConsultationSummary> Consultations { get; private set; } = [];
    public ProblemDetails? Problem { get; private set; }

    [BindProperty(SupportsGet = true)] public Guid? Created { get; set; }
    [BindProperty] public string? Slug { get; set; }
    [BindProperty] public string? ConsultationTitle { get; set; }
    [BindProperty] public string? DialogueName { get; set; }
    [BindProperty] public string? Place { get; set; }
    [BindProperty] public DateOnly? StartDate { get; set; }
    [BindProperty] public DateOnly? EndDate { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await Admit(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Actor.From(User) is null) return SignIn();
        // Without both dates there is no dialogue to give: the act says what is missing.
        var dialogue = StartDate is { } starts && EndDate is { } ends ? new DialogueDetails(DialogueName ?? "", null, Place ?? "", starts, ends) : null;
        var form = new CreateConsultation(Slug?.Trim(), ConsultationTitle, dialogue);
        var (created, problem) = await bus.DoAsync(User, actor => new OpenConsultation(form, actor), ct);
        if (problem.IsNone()) return Redirect($"{Path}?created={created!.Value}#created");
        if (await Admit(ct) is { } refused) return refused;
        Problem = problem;
        Created = null;
        Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return Page();
    }

    public bool Invalid(string field) => Problem is ValidationProblemDetails v && v.Errors.ContainsKey(field);

    public string? InvalidAttr(string field) => Invalid(field) ? "true" : null;

    /// <summary>Sign-in for the anonymous, a 403 page for anyone but an administrator; null to go on (the list read).</summary>
    private async Task<IActionResult?> Admit(CancellationToken ct)
    {
        if (Actor.From(User) is not { } actor) return SignIn();
        if (!actor.Allows(AccessAct.CreateConsultation))
        {
            Forbidden = true;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }

        Consultations = await ConsultationEndpoints.List(session, ct);
        return null;
    }

    private RedirectToPageResult SignIn() => RedirectToPage("/Account/SignIn", new { returnUrl = Path });
}
