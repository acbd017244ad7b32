using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Submissions;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsultationPlatform.Web.Pages.ActionPoints;

/// <summary>
/// An action point: its current text, every version with a word-level diff between any two (chosen with a GET form),
/// the amendments and their fate, the endorsements (with reservations, and "for version N"), and the published inputs on it.
/// </summary>
public sealed class PointModel(IQuerySession session) : PageModel
{
    public ActionPointDetails? Details { get; private set; }
    public Consultation? Consultation { get; private set; }
    public IReadOnlyList<AmendmentView> Amendments { get; private set; } = [];
    public IReadOnlyList<SubmissionView> Inputs { get; private set; } = [];
    public ActionPointDiff? Diff { get; private set; }
    public IDictionary<string, string[]> DiffErrors { get; private set; } = new Dictionary<string, string[]>();

    [BindProperty(SupportsGet = true)] public int? From { get; set; }
    [BindProperty(SupportsGet = true)] public int? To { get; set; }

    public string ContentLanguage => Consultation?.Languages.FirstOrDefault() ?? "en";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await ActionPointReads.LoadDetails(session, id, ct) is not { } read)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        var (point, details) = read;
        Details = details;
        Consultation = await session.LoadAsync<Consultation>(point.ConsultationId, ct);
        Amendments = await AmendmentReads.ForActionPoint(session, point, ct);
        Inputs = await SubmissionReads.Published(session, point.ConsultationId, point.Id, ct) ?? [];

        // By default the last change (the previous version against the current one), when there is one.
        if (From is null && To is null && point.Current.Number > 1)
            (From, To) = (point.Current.Number - 1, point.Current.Number);
        if (From is not null || To is not null)
        {
            var (diff, problem) = ActionPointViews.Diff(point, From, To);
            Diff = diff;
            if (problem is ValidationProblemDetails invalid) DiffErrors = invalid.Errors;
        }

        return Page();
    }
}
