using System.Globalization;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Outcome.Summary;
using ConsultationPlatform.Submissions;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsultationPlatform.Web.Pages.Outcome;

/// <summary>
/// The co-chairs' summary as a document: the current draft (generated from the record, or as the co-chairs edited it)
/// or a published version (<c>?version=N</c>). Headings in the reader's language, content as written; prints clean.
/// </summary>
public sealed class SummaryModel(IQuerySession session, SummaryContributors contributors) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Version { get; set; }

    public Consultation? Consultation { get; private set; }
    public OutcomeSummary? Summary { get; private set; }
    public PublishedSummary? Published { get; private set; }
    public string Html { get; private set; } = "";
    public string ContentLanguage => Consultation?.Languages.FirstOrDefault() ?? "en";

    public string MarkdownHref => $"/api/consultations/{Consultation!.Id}/summary/markdown?lang={CultureInfo.CurrentUICulture.TwoLetterISOLanguageName}"
                                  + (Published is { } p ? $"&version={p.Number}" : "");

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await SummaryReads.Load(session, id, contributors.All, ct) is not { } read)
            return NotFoundPage();
        Consultation = read.Consultation;
        Summary = read.Summary;
        string markdown;
        if (Version is { } number)
        {
            Published = Summary?.Published.FirstOrDefault(p => p.Number == number);
            if (Published is null) return NotFoundPage();
            markdown = Published.Markdown;
        }
        else
        {
            var culture = CultureInfo.CurrentUICulture;
            markdown = Summary?.EditedDraft ?? SummaryMarkdown.Render(read.Draft, SummaryReads.Labels(culture), culture);
        }

        Html = MarkdownRendering.ToHtml(markdown);
        return Page();
    }

    private IActionResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        Consultation = null;
        return Page();
    }
}
