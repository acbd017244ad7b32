using ConsultationPlatform.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsultationPlatform.Web.Pages.Account;

/// <summary>Sign-in with the Identity cookie, as <c>POST /api/account/login?useCookies=true</c> does (lockout included); with two-factor sign-in on, on to the code (<see cref="TwoFactorSignInModel"/>).</summary>
public sealed class SignInModel(SignInManager<ConsultationPlatform.Accounts.Account> signInManager) : PageModel
{
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public bool Remember { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    /// <summary>The key of the message to show (wrong password, locked out…), or null.</summary>
    public string? Error { get; private set; }
    public bool EmailMissing { get; private set; }
    public bool PasswordMissing { get; private set; }

    /// <summary>The password was just reset.</summary>
    public bool Reset { get; private set; }

    public void OnGet(bool reset) => Reset = reset;

    public async Task<IActionResult> OnPostAsync()
    {
        EmailMissing = string.IsNullOrWhiteSpace(Email);
        PasswordMissing = string.IsNullOrEmpty(Password);
        if (EmailMissing || PasswordMissing)
            return Refused(StatusCodes.Status400BadRequest, "SignInMissing");

        signInManager.AuthenticationScheme = IdentityConstants.ApplicationScheme;
        var account = await signInManager.UserManager.FindByEmailAsync(Email!.Trim());
        if (account is null) return Refused(StatusCodes.Status401Unauthorized, "SignInFailed");
        var result = await signInManager.PasswordSignInAsync(account, Password!, Remember, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
            return RedirectToPage("/Account/TwoFactorSignIn", new { returnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null, remember = Remember });
        if (result.IsLockedOut) return Refused(StatusCodes.Status401Unauthorized, "SignInLockedOut");
        if (result.IsNotAllowed) return Refused(StatusCodes.Status401Unauthorized, "SignInNotAllowed");
        if (!result.Succeeded) return Refused(StatusCodes.Status401Unauthorized, "SignInFailed");

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/account");
    }

    private PageResult Refused(int status, string error)
    {
        Error = error;
        Password = null;
        Response.StatusCode = status;
        return Page();
    }
}
