using ConsultationPlatform.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsultationPlatform.Web.Pages.Account;

/// <summary>
/// The second step of a sign-in with two-factor sign-in on: the code of the authenticator app, or a recovery code
/// (each good once). Identity's sign-in manager keeps who passed the first step in its two-factor cookie; failed codes
/// count towards the lockout like failed passwords.
/// </summary>
public sealed class TwoFactorSignInModel(SignInManager<ConsultationPlatform.Accounts.Account> signInManager) : PageModel
{
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? RecoveryCode { get; set; }
    [BindProperty(SupportsGet = true)] public bool Remember { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    /// <summary>The key of the message to show, or null.</summary>
    public string? Error { get; private set; }

    /// <summary>Nobody gave a password first (or that was too long ago): the page says to sign in, with no form.</summary>
    public bool NoFirstStep { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        NoFirstStep = await signInManager.GetTwoFactorAuthenticationUserAsync() is null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await signInManager.GetTwoFactorAuthenticationUserAsync() is null)
            return RedirectToPage("/Account/SignIn", new { returnUrl = ReturnUrl });
        var code = TwoFactor.Clean(Code);
        var recovery = TwoFactor.Clean(RecoveryCode);
        if (code.Length == 0 && recovery.Length == 0) return Refused(StatusCodes.Status400BadRequest, "TwoFactorCodeMissing");

        var result = code.Length > 0
            ? await signInManager.TwoFactorAuthenticatorSignInAsync(code, Remember, rememberClient: false)
            : await signInManager.TwoFactorRecoveryCodeSignInAsync(recovery);
        if (result.IsLockedOut) return Refused(StatusCodes.Status401Unauthorized, "SignInLockedOut");
        if (!result.Succeeded) return Refused(StatusCodes.Status401Unauthorized, code.Length > 0 ? "TwoFactorCodeWrong" : "RecoveryCodeWrong");
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/account");
    }

    private PageResult Refused(int status, string error)
    {
        Error = error;
        Code = RecoveryCode = null;
        Response.StatusCode = status;
        return Page();
    }
}
