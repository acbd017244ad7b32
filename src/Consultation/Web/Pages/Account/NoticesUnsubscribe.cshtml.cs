using ConsultationPlatform.Notices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Wolverine;

namespace ConsultationPlatform.Web.Pages.Account;

/// <summary>
/// One-click unsubscribe from notice mails (RFC 8058). The link of a mail carries a signed token that says whose mails
/// stop: no session is needed. A mail program POSTs to it (<c>List-Unsubscribe=One-Click</c>; no antiforgery token
/// can come with that, and none is needed: the token is the proof); a browser that opens it (GET) gets a page that asks
/// first, and its button POSTs the same. A token that is not ours: 400, and nothing changes.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class NoticesUnsubscribeModel(NoticeMails mails, IMessageBus bus) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }

    public bool Valid { get; private set; }
    public bool Done { get; private set; }

    public IActionResult OnGet()
    {
        Valid = mails.PersonOf(Token) is not null;
        if (!Valid) Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (mails.PersonOf(Token) is not { } person)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await bus.InvokeAsync(new UnsubscribeFromNoticeEmails(person), ct);
        Valid = Done = true;
        return Page();
    }
}
