using ConsultationPlatform.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ConsultationPlatform.Web.Pages.Account;

/// <summary>
/// Asking for a password reset link, as <c>POST /api/account/forgot-password</c> does: the same answer for every
/// well-formed address, whether or not it has an account (the mail goes only to an account's own address).
/// </summary>
public sealed class ForgotPasswordModel(UserManager<ConsultationPlatform.Accounts.Account> users, IMessageBus bus,
    IOptions<AccountSettings> settings, TimeProvider time) : PageModel
{
    [BindProperty] public string? Email { get; set; }

    public bool Sent { get; private set; }
    public ProblemDetails? Problem { get; private set; }

    public void OnGet(bool sent) => Sent = sent;

    public async Task<IActionResult> OnPostAsync()
    {
        var problem = await PasswordResets.Request(new ForgotPassword(Email), users, bus, settings.Value, time);
        if (problem.IsNone()) return LocalRedirect("/account/forgot-password?sent=true");
        Problem = problem;
        Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return Page();
    }
}
