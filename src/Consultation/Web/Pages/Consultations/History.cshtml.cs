using System.Globalization;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.LivePush;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using ConsultationPlatform.Web.Resources;

namespace ConsultationPlatform.Web.Pages.Consultations;

/// <summary>The public history (audit log) of a consultation, newest first, a page at a time; private items never appear.</summary>
public sealed class HistoryModel(IQuerySession session, IStringLocalizer<SharedResource> t) : PageModel
{
    public const int PageSize = 50;

    public Consultation? Consultation { get; private set; }
    public IReadOnlyList<ConsultationChange> Changes { get; private set; } = [];
    public long? Older { get; private set; }

    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Consultation = await session.LoadAsync<Consultation>(id, ct);
        if (Consultation is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        var page = await ConsultationHistoryReads.PublicPage(session, id, Before, PageSize + 1, ct);
        Changes = page.Take(PageSize).ToList();
        Older = page.Count > PageSize ? Changes[^1].Id : null;
        return Page();
    }

    /// <summary>What happened, in the reader's language: a label by event type, or the type's own words.</summary>
    public string Describe(ConsultationChange change) => PageLinks.Change(t, change.Type);

    public static string Time(ConsultationChange change) =>
        $"{change.At.UtcDateTime.ToString("D", CultureInfo.CurrentCulture)}, {change.At.UtcDateTime.ToString("HH:mm:ss", CultureInfo.CurrentCulture)} UTC";
}
