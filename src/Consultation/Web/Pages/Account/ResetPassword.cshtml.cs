using ConsultationPlatform.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsultationPlatform.Web.Pages.Account;

/// <summary>
/// Setting a new password with the link of the reset mail (<c>?email=…&amp;token=…</c>), as
/// <c>POST /api/account/reset-password</c> does; then on to the sign-in page. The link works once, for a limited time.
/// </summary>
public sealed class ResetPasswordModel(UserManager<ConsultationPlatform.Accounts.Account> users) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Email { get; set; }
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }

    public ProblemDetails? Problem { get; private set; }

    /// <summary>The token is what was refused: the person needs a new link.</summary>
    public bool LinkInvalid { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var problem = !string.IsNullOrEmpty(Password) && Password != ConfirmPassword
            ? Problems.Invalid(("confirmPassword", "The two passwords differ; type the same password twice."))
            : await PasswordResets.Reset(new ResetPassword(Email, Token, Password), users);
        if (problem.IsNone()) return LocalRedirect("/account/sign-in?reset=true");

        Problem = problem;
        LinkInvalid = problem is ValidationProblemDetails invalid && invalid.Errors.ContainsKey("token");
        Password = ConfirmPassword = null;
        Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return Page();
    }
}
