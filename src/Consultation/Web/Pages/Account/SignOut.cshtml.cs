using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsultationPlatform.Web.Pages.Account;

/// <summary>Signing out is a form post (so no link can sign anyone out); the page itself only offers the button.</summary>
public sealed class SignOutModel(SignInManager<ConsultationPlatform.Accounts.Account> signInManager) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signInManager.SignOutAsync();
        return LocalRedirect("/");
    }
}
