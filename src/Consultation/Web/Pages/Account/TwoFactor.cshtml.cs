using ConsultationPlatform.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsultationPlatform.Web.Pages.Account;

/// <summary>
/// One's two-factor sign-in, as the <c>/api/account/two-factor</c> endpoints do it: the shared key and its
/// <c>otpauth://</c> URI to set up an authenticator app, a code to turn it on, recovery codes shown once, and off again.
/// Each change of the setting changes the security stamp, so the page re-issues the person's own cookie.
/// </summary>
public sealed class TwoFactorModel(SignInManager<ConsultationPlatform.Accounts.Account> signInManager) : PageModel
{
    [BindProperty] public string? Code { get; set; }

    public TwoFactorView? View { get; private set; }

    /// <summary>Recovery codes just made: shown in this response only.</summary>
    public RecoveryCodes? Codes { get; private set; }

    public ProblemDetails? Problem { get; private set; }

    /// <summary>What was just done ("enabled", "disabled", "codes"), for the notice.</summary>
    public string? Done { get; private set; }

    private UserManager<ConsultationPlatform.Accounts.Account> Users => signInManager.UserManager;

    public async Task<IActionResult> OnGetAsync(string? done)
    {
        if (Actor.From(User) is null) return RedirectToPage("/Account/SignIn", new { returnUrl = "/account/two-factor" });
        Done = done is "disabled" ? done : null;
        return await Show();
    }

    public async Task<IActionResult> OnPostEnableAsync()
    {
        if (await Account() is not { } account) return Challenge();
        var (codes, problem) = await TwoFactor.Enable(Users, account, Code);
        if (codes is null) return await Refused(problem);
        await signInManager.RefreshSignInAsync(account);
        Codes = codes;
        Done = "enabled";
        return await Show();
    }

    public async Task<IActionResult> OnPostCodesAsync()
    {
        if (await Account() is not { } account) return Challenge();
        var (codes, problem) = await TwoFactor.ReplaceRecoveryCodes(Users, account);
        if (codes is null) return await Refused(problem);
        Codes = codes;
        Done = "codes";
        return await Show();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        if (await Account() is not { } account) return Challenge();
        var problem = await TwoFactor.Disable(Users, account);
        if (!problem.IsNone()) return await Refused(problem);
        await signInManager.RefreshSignInAsync(account);
        return LocalRedirect("/account/two-factor?done=disabled");
    }

    private async Task<ConsultationPlatform.Accounts.Account?> Account() =>
        Actor.From(User) is null ? null : await Users.GetUserAsync(User);

    private async Task<IActionResult> Refused(ProblemDetails problem)
    {
        Problem = problem;
        Code = null;
        Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return await Show();
    }

    private async Task<IActionResult> Show()
    {
        if (await Users.GetUserAsync(User) is { } account)
            View = await TwoFactor.View(Users, account);
        return Page();
    }
}
