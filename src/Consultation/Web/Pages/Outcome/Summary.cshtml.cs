using System.Globalization;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Outcome.Summary;
using ConsultationPlatform.Submissions;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsultationPlatform.Web.Pages.Outcome;

/// <summary>
/// The co-chairs' summary as a document: the current draft (generated from the record, or as the co-chairs edited it)
/// or a published version (<c>?version=N</c>). Headings in the reader's language, content as written; prints clean.
/// </summary>
public sealed class SummaryModel(IQuerySession session, SummaryContributors contributors, IMessageBus bus) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Version { get; set; }

    /// <summary>What a form just did ("edited", "discarded", "published"), for the notice after the redirect.</summary>
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    /// <summary>The draft as the co-chairs' form holds it (what was typed, when a write was refused).</summary>
    [BindProperty] public string? DraftMarkdown { get; set; }

    /// <summary>The version of the summary's stream the form was read at (each write is against it).</summary>
    [BindProperty] public int DraftVersion { get; set; }

    public ProblemDetails? Problem { get; private set; }

    /// <summary>Whether the reader may edit and publish the summary (the co-chairs and moderators).</summary>
    public bool MayWrite => Consultation is { } consultation && Stakeholders.AccessRules.Check(Stakeholders.Actor.From(User)?.In(consultation.Id), Stakeholders.AccessAct.WriteSummary) is null;

    /// <summary>The draft the form starts from: as the co-chairs edited it, or as generated in the consultation's language.</summary>
    public string FormMarkdown { get; private set; } = "";

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
        if (MayWrite)
        {
            var culture = SummaryReads.Culture(ContentLanguage);
            FormMarkdown = Problem is null
                ? Summary?.EditedDraft ?? SummaryMarkdown.Render(read.Draft, SummaryReads.Labels(culture), culture)
                : DraftMarkdown ?? "";
            if (Problem is null) DraftVersion = Summary?.Version ?? 0;
        }

        return Page();
    }

    // ---- The co-chairs' forms: the same acts as the API, sent through the bus to their one handler, against the version read; post, redirect, get. ----

    public Task<IActionResult> OnPostEditAsync(Guid id, CancellationToken ct) =>
        After(id, "edited", a => new EditDraft(id, new EditSummaryDraft(DraftMarkdown, DraftVersion), a), ct);

    public Task<IActionResult> OnPostDiscardAsync(Guid id, CancellationToken ct) =>
        After(id, "discarded", a => new DiscardDraft(id, new DiscardSummaryDraft(DraftVersion), a), ct);

    public Task<IActionResult> OnPostPublishAsync(Guid id, CancellationToken ct) =>
        After(id, "published", a => new Publish(id, new PublishSummary(DraftVersion), a), ct);

    private async Task<IActionResult> After<T>(Guid id, string done, Func<Stakeholders.Actor, IAct<T>> act, CancellationToken ct)
    {
        if (Stakeholders.Actor.From(User) is null)
            return RedirectToPage("/Account/SignIn", new { returnUrl = $"/consultations/{id}/summary" });
        var problem = await bus.TryAsync(User, act, ct);
        if (problem.IsNone())
            return Redirect($"/consultations/{id}/summary?done={done}#summary-edit");
        Problem = problem;
        Version = null;
        var page = await OnGetAsync(id, ct);
        if (Consultation is not null) Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return page;
    }

    private IActionResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        Consultation = null;
        return Page();
    }
}
