using ConsultationPlatform.Consultations;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsultationPlatform.Web.Pages.Moderation;

/// <summary>
/// What the secretariat's pages of a consultation share (the console, organisations, accreditations, rules, the phase
/// end): who is let in (sign-in
/// for the anonymous, a 403 page for those who are not moderators or co-chairs, a 404 page for no such consultation,
/// with the access checks of <see cref="AccessRules"/> as they are), and a refused act shown as the problem above the
/// forms, with the status of the act's problem. The acts themselves go through the message bus (<see cref="PageActs"/>).
/// </summary>
public abstract class SecretariatPage(IQuerySession session) : PageModel
{
    public Consultation? Consultation { get; private set; }
    public bool Forbidden { get; private set; }
    public ProblemDetails? Problem { get; protected set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    public string ContentLanguage => Consultation?.Languages.FirstOrDefault() ?? "en";

    protected abstract string PathOf(Guid consultationId);

    /// <summary>The act of the secretariat that opens the page.</summary>
    protected virtual AccessAct Act => AccessAct.SeePrivateItems;

    public bool Invalid(string field) => Problem is ValidationProblemDetails v && v.Errors.ContainsKey(field);

    public string? InvalidAttr(string field) => Invalid(field) ? "true" : null;

    /// <summary>Done: back to the page saying what was done (post, redirect, get); refused: the page again with the problem.</summary>
    protected async Task<IActionResult> After(Guid consultationId, ProblemDetails problem, string done, CancellationToken ct, string? query = null)
    {
        if (problem.IsNone()) return Redirect($"{PathOf(consultationId)}?done={done}{query}#done");
        if (problem.Status == StatusCodes.Status401Unauthorized) return SignIn(consultationId);
        if (await Admit(consultationId, ct) is { } refused) return refused;
        Problem = problem;
        Done = null;
        Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        await LoadAsync(consultationId, ct);
        return Page();
    }

    /// <summary>What the page shows besides the consultation.</summary>
    protected virtual Task LoadAsync(Guid consultationId, CancellationToken ct) => Task.CompletedTask;

    protected async Task<IActionResult> Show(Guid consultationId, CancellationToken ct)
    {
        if (await Admit(consultationId, ct) is { } refused) return refused;
        await LoadAsync(consultationId, ct);
        return Page();
    }

    /// <summary>Sign-in for the anonymous, a 403 page for those who do not run the dialogue, a 404 page for no such consultation; null to go on.</summary>
    protected async Task<IActionResult?> Admit(Guid consultationId, CancellationToken ct)
    {
        var actor = Actor.From(User);
        if (actor is null) return SignIn(consultationId);
        if (!actor.In(consultationId).Allows(Act))
        {
            Forbidden = true;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }

        if (await Find(consultationId, ct) is not null) return null;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    /// <summary>Reads the consultation the page is of (null: there is none).</summary>
    protected async Task<Consultation?> Find(Guid consultationId, CancellationToken ct) =>
        Consultation = await session.LoadAsync<Consultation>(consultationId, ct);

    protected RedirectToPageResult SignIn(Guid consultationId) =>
        RedirectToPage("/Account/SignIn", new { returnUrl = PathOf(consultationId) });
}
