using ConsultationPlatform.Consultations;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsultationPlatform.Web.Pages.Consultations;

/// <summary>
/// A delegate's accreditation to a consultation, for the organisation they act for: where it stands (requested,
/// granted, refused with the reason, withdrawn), a form to ask for it with a statement (<see cref="AskForAccreditation"/>)
/// when there is none open, and one to withdraw an open one (<see cref="Withdraw"/>). Both go through the message bus.
/// </summary>
public sealed class AccreditationModel(IQuerySession session, IMessageBus bus) : PageModel
{
    public Consultation? Consultation { get; private set; }
    public Actor? Actor { get; private set; }
    public Accreditation? Accreditation { get; private set; }
    public ProblemDetails? Problem { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }
    [BindProperty] public string? Statement { get; set; }

    public string ContentLanguage => Consultation?.Languages.FirstOrDefault() ?? "en";

    public bool ActsForOrganisation => Actor is { OrganisationId: var id } && id != Guid.Empty;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await Load(id, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var problem = await bus.TryAsync(User, actor => new AskForAccreditation(id, new RequestAccreditation(Statement), actor), ct);
        return await After(id, problem, "requested", ct);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken ct)
    {
        var organisationId = Actor.From(User)?.OrganisationId ?? Guid.Empty;
        var problem = await bus.TryAsync(User, actor => new Withdraw(id, organisationId, new WithdrawAccreditation(), actor), ct);
        return await After(id, problem, "withdrawn", ct);
    }

    public bool Invalid(string field) => Problem is ValidationProblemDetails v && v.Errors.ContainsKey(field);

    private async Task<IActionResult> After(Guid id, ProblemDetails problem, string done, CancellationToken ct)
    {
        if (problem.IsNone()) return Redirect($"{PageLinks.Accreditation(id)}?done={done}#done");
        if (problem.Status == StatusCodes.Status401Unauthorized) return SignIn(id);
        if (await Load(id, ct) is { } other) return other;
        Problem = problem;
        Done = null;
        Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Sign-in for the anonymous, a 404 page for no such consultation; null to show the page.</summary>
    private async Task<IActionResult?> Load(Guid id, CancellationToken ct)
    {
        Actor = Actor.From(User);
        if (Actor is null) return SignIn(id);
        Consultation = await session.LoadAsync<Consultation>(id, ct);
        if (Consultation is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        Accreditation = await Accreditations.ForActor(session, id, Actor, ct);
        return null;
    }

    private RedirectToPageResult SignIn(Guid id) => RedirectToPage("/Account/SignIn", new { returnUrl = PageLinks.Accreditation(id) });
}
