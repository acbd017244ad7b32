using ConsultationPlatform.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsultationPlatform.Web.Pages.Account;

/// <summary>
/// Accepting an invitation: the invitee chooses a password (and may correct the name), the account is created as
/// <c>POST /api/account/invitations/accept</c> creates it, and the invitee is signed in. The token comes in the
/// address (<c>?token=</c>), or from the mail's link (<c>#token=</c>, which invitation.js moves into the form), or is pasted.
/// </summary>
public sealed class InvitationModel(UserManager<Accounts.Account> users, SignInManager<Accounts.Account> signInManager,
    IDocumentSession session, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? ConfirmPassword { get; set; }

    /// <summary>The invitation the token names, when it can still be accepted.</summary>
    public Accounts.Invitation? Invitation { get; private set; }

    public ProblemDetails? Problem { get; private set; }

    /// <summary>The token came in the address: the form carries it hidden.</summary>
    public bool TokenGiven { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await Read(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(Password) && Password != ConfirmPassword)
            return await Refused(Problems.Invalid(("confirmPassword", "The two passwords differ; type the same password twice.")), ct);

        var (accepted, account, problem) = await AccountEndpoints.AcceptInvitation(new AcceptInvitation(Token, Password, Name),
            users, signInManager, session, time, ct);
        if (accepted is null || account is null) return await Refused(problem, ct);

        await signInManager.SignInAsync(account, isPersistent: false);
        return LocalRedirect("/account?welcome=true");
    }

    private async Task<IActionResult> Refused(ProblemDetails problem, CancellationToken ct)
    {
        Problem = problem;
        Password = ConfirmPassword = null;
        await Read(ct);
        Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>What the token names: the invitation, or (for a token that cannot be accepted) the problem saying why.</summary>
    private async Task Read(CancellationToken ct)
    {
        TokenGiven = !string.IsNullOrWhiteSpace(Token) && (Request.Query.ContainsKey("token") || Problem is not null);
        if (string.IsNullOrWhiteSpace(Token)) return;
        var hash = InvitationTokens.Hash(Token);
        var invitation = await session.Query<Accounts.Invitation>().FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        var unacceptable = Invitations.CheckAcceptable(invitation, time.GetUtcNow());
        if (unacceptable is null)
        {
            Invitation = invitation;
            Name ??= invitation!.Name;
        }
        else if (Problem is null || Problem.Status is StatusCodes.Status404NotFound or StatusCodes.Status410Gone)
        {
            Problem = unacceptable.ToProblem();
            TokenGiven = false;
            if (HttpMethods.IsGet(Request.Method)) Response.StatusCode = Problem.Status ?? StatusCodes.Status404NotFound;
        }
    }

    public string Role(Microsoft.Extensions.Localization.IStringLocalizer t) =>
        Invitation?.OrganisationName is { } organisation ? t["InvitedAsDelegate", organisation] : t["InvitedAs", t[$"Role_{Invitation?.Role}"]];
}
