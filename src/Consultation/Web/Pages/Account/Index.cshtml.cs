using ConsultationPlatform.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsultationPlatform.Web.Pages.Account;

/// <summary>The signed-in person's account: who they are, and the organisation they act for, chosen among their own.</summary>
public sealed class IndexModel(SignInManager<ConsultationPlatform.Accounts.Account> signInManager, IQuerySession session) : PageModel
{
    public AccountView? Account { get; private set; }
    public ProblemDetails? Problem { get; private set; }
    public bool Chosen { get; private set; }

    /// <summary>The account was just made, from an invitation.</summary>
    public bool Welcome { get; private set; }

    [BindProperty] public Guid? OrganisationId { get; set; }

    public async Task<IActionResult> OnGetAsync(bool chosen, bool welcome, CancellationToken ct)
    {
        if (Actor.From(User) is null) return RedirectToPage("/Account/SignIn", new { returnUrl = "/account" });
        Chosen = chosen;
        Welcome = welcome;
        return await Show(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Actor.From(User) is null) return RedirectToPage("/Account/SignIn", new { returnUrl = "/account" });
        var (view, problem) = await AccountEndpoints.ChooseActingOrganisation(OrganisationId, User, refreshCookie: true, signInManager, session, ct);
        if (view is not null) return LocalRedirect("/account?chosen=true");
        Problem = problem;
        Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return await Show(ct);
    }

    private async Task<IActionResult> Show(CancellationToken ct)
    {
        if (await signInManager.UserManager.GetUserAsync(User) is { } account)
            Account = await AccountEndpoints.View(account, session, ct);
        return Page();
    }
}
