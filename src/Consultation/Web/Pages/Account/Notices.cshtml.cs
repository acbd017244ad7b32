using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.Notices;
using ConsultationPlatform.Web.Resources;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Wolverine;

namespace ConsultationPlatform.Web.Pages.Account;

/// <summary>
/// One's notices: what one hears about and how (the act <see cref="SetNoticePreferences"/>, as <c>PUT
/// /api/account/notices</c>), and the inbox, live on the own-items stream, with the unread ones marked.
/// </summary>
public sealed class NoticesModel(IQuerySession session, IMessageBus bus, IStringLocalizer<SharedResource> t) : PageModel
{
    public const string Path = "/account/notices";

    [BindProperty] public List<string> Kinds { get; set; } = [];
    [BindProperty] public bool InApp { get; set; }
    [BindProperty] public string? Email { get; set; }

    public NoticePreferencesView Preferences { get; private set; } = null!;
    public NoticeInboxView Inbox { get; private set; } = null!;
    public long Position { get; private set; }
    public ProblemDetails? Problem { get; private set; }
    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        if (Stakeholders.Actor.From(User) is null) return RedirectToPage("/Account/SignIn", new { returnUrl = Path });
        Done = done is "saved" or "read" ? done : null;
        return await Show(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var problem = await bus.TryAsync(User, actor => new SetNoticePreferences(new SetNoticePreferencesForm(Kinds.ToArray(), InApp, Email), actor), ct);
        if (problem.IsNone()) return LocalRedirect(Path + "?done=saved");
        if (problem.Status == StatusCodes.Status401Unauthorized) return RedirectToPage("/Account/SignIn", new { returnUrl = Path });
        Problem = problem;
        Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return await Show(ct);
    }

    public async Task<IActionResult> OnPostReadAsync(CancellationToken ct)
    {
        var problem = await bus.TryAsync(User, actor => new MarkNoticesRead(actor), ct);
        if (problem.IsNone()) return LocalRedirect(Path + "?done=read");
        if (problem.Status == StatusCodes.Status401Unauthorized) return RedirectToPage("/Account/SignIn", new { returnUrl = Path });
        Problem = problem;
        Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return await Show(ct);
    }

    private async Task<IActionResult> Show(CancellationToken ct)
    {
        var actor = Stakeholders.Actor.From(User)!;
        // Read before the inbox: a notice committed in between comes again live, never missed.
        Position = await ConsultationHistoryReads.LatestOwnPosition(session, actor.PersonId, ct);
        Preferences = (await NoticePreferencesReads.For(session, actor.PersonId, ct)).View();
        Inbox = await NoticeInbox.For(session, actor.PersonId, ct);
        return Page();
    }

    public bool Chosen(NoticeKind kind) => Preferences.Kinds.Contains(Names.Of(kind));

    /// <summary>The words items.js says in the reader's language.</summary>
    public string LiveLabels() => LiveText.Labels(new Dictionary<string, object>
    {
        ["announce"] = t["LiveAnnounceNotices"].Value,
        ["disconnected"] = t["LiveDisconnected"].Value,
        ["reconnected"] = t["LiveReconnected"].Value,
        ["reload"] = t["LiveReload"].Value,
    });
}
