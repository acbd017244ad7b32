using ConsultationPlatform.Accounts;
using ConsultationPlatform.Consultations;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsultationPlatform.Web.Pages.Admin;

/// <summary>
/// The moderators and co-chairs of one consultation, for administrators: the form to appoint one by email (an account
/// gets the role at once, anyone else an invitation) and a button to revoke each role. The forms send the acts of
/// Accounts/ConsultationRoles.cs through the message bus, as the API does.
/// </summary>
public sealed class RolesModel(IQuerySession session, IMessageBus bus) : PageModel
{
    public static string Path(Guid consultationId) => $"/admin/consultations/{consultationId}/roles";

    public bool Forbidden { get; private set; }
    public Consultation? Consultation { get; private set; }
    public IReadOnlyList<ConsultationRoleHolder> Holders { get; private set; } = [];
    public ProblemDetails? Problem { get; private set; }

    public string ContentLanguage => Consultation?.Languages.FirstOrDefault() ?? "en";

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public PlatformRole? Role { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid consultationId, CancellationToken ct) => await Admit(consultationId, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid consultationId, CancellationToken ct)
    {
        if (Actor.From(User) is null) return SignIn(consultationId);
        var (appointed, problem) = await bus.DoAsync(User, actor => new AppointToConsultation(consultationId, Email, Name, Role, actor), ct);
        return problem.IsNone()
            ? Redirect($"{Path(consultationId)}?done={(appointed!.Invited ? "invited" : "appointed")}#done")
            : await Refused(consultationId, problem, ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid consultationId, Guid personId, string? revoked, CancellationToken ct)
    {
        if (Actor.From(User) is null) return SignIn(consultationId);
        var problem = await bus.TryAsync(User, actor => new RevokeConsultationRole(consultationId, personId, revoked ?? "", actor), ct);
        return problem.IsNone() ? Redirect($"{Path(consultationId)}?done=revoked#done") : await Refused(consultationId, problem, ct);
    }

    public bool Invalid(string field) => Problem is ValidationProblemDetails v && v.Errors.ContainsKey(field);

    public string? InvalidAttr(string field) => Invalid(field) ? "true" : null;

    private async Task<IActionResult> Refused(Guid consultationId, ProblemDetails problem, CancellationToken ct)
    {
        if (await Admit(consultationId, ct) is { } refused) return refused;
        Problem = problem;
        Done = null;
        Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Sign-in for the anonymous, a 403 page for anyone but an administrator, a 404 page for no such consultation; null to go on.</summary>
    private async Task<IActionResult?> Admit(Guid consultationId, CancellationToken ct)
    {
        if (Actor.From(User) is not { } actor) return SignIn(consultationId);
        if (!actor.Allows(AccessAct.AppointModerators))
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

        Holders = await ConsultationRoleEndpoints.Holders(session, consultationId, ct);
        return null;
    }

    private RedirectToPageResult SignIn(Guid consultationId) => RedirectToPage("/Account/SignIn", new { returnUrl = Path(consultationId) });
}
