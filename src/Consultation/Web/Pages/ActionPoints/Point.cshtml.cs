using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Stakeholders;
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
public sealed class PointModel(IQuerySession session, IDocumentSession writer) : PageModel
{
    public Actor? Actor { get; private set; }

    /// <summary>The endorsement of the organisation the reader acts for, if any; and how the text moved since its version.</summary>
    public EndorsementView? OwnEndorsement { get; private set; }
    public ActionPointDiff? SinceOwnEndorsement { get; private set; }

    public ProblemDetails? Problem { get; private set; }

    /// <summary>What the last form did (endorsed, withdrawn, proposed), said once after the redirect.</summary>
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }

    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? Reservation { get; set; }
    [BindProperty] public int BaseVersion { get; set; }
    [BindProperty] public string? AmendmentText { get; set; }
    [BindProperty] public string? Rationale { get; set; }

    public async Task<IActionResult> OnPostEndorseAsync(Guid id, CancellationToken ct) =>
        await After(id, await WebActions.Endorse(writer, User, id, new EndorseActionPoint(Version, Reservation), ct), "endorsed", "endorse", ct);

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken ct) =>
        await After(id, await WebActions.WithdrawEndorsement(writer, User, id, ct), "withdrawn", "endorse", ct);

    public async Task<IActionResult> OnPostProposeAsync(Guid id, CancellationToken ct)
    {
        var (_, problem) = await WebActions.ProposeAmendment(writer, User, id, new ProposeAmendment(BaseVersion, AmendmentText, Rationale), ct);
        return await After(id, problem, "proposed", "propose", ct);
    }

    /// <summary>Done: back to the page (post, redirect, get). Refused: the page again, with the problem and what was typed.</summary>
    private async Task<IActionResult> After(Guid id, ProblemDetails problem, string done, string anchor, CancellationToken ct)
    {
        if (problem.IsNone()) return Redirect($"{PageLinks.ActionPoint(id)}?done={done}#{anchor}");
        if (problem.Status == StatusCodes.Status401Unauthorized)
            return RedirectToPage("/Account/SignIn", new { returnUrl = PageLinks.ActionPoint(id) });
        Problem = problem;
        Done = null;
        var page = await OnGetAsync(id, ct);
        Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return page;
    }

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
        Actor = Stakeholders.Actor.From(User);
        if (Actor is { OrganisationId: var organisationId } && organisationId != Guid.Empty)
        {
            OwnEndorsement = details.Endorsements.FirstOrDefault(e => e.StakeholderId == organisationId);
            if (OwnEndorsement is { ForCurrentVersion: false } earlier)
                SinceOwnEndorsement = ActionPointViews.Diff(point, earlier.ForVersion, point.Current.Number).Diff;
        }

        if (Problem is null)
        {
            Version = point.Current.Number;
            Reservation = OwnEndorsement?.Reservation;
            BaseVersion = point.Current.Number;
            AmendmentText = point.Current.Text;
        }

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
