using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Web.Resources;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ConsultationPlatform.Web.Pages.Amendments;

/// <summary>
/// The proposer restates an amendment against the point's current version: the page shows what the amendment
/// changed in its base version, where it conflicts with what changed since, and an editor that starts from the
/// current text (with the changes previewed against it). Only the proposing organisation's delegates rebase.
/// </summary>
public sealed class RebaseModel(IQuerySession session, IMessageBus bus, IStringLocalizer<SharedResource> t) : PageModel
{
    public AmendmentView? Amendment { get; private set; }
    public ActionPoint? Point { get; private set; }
    public Consultation? Consultation { get; private set; }

    /// <summary>The reader is signed in but does not act for the organisation that proposed the amendment.</summary>
    public bool Forbidden { get; private set; }

    public ProblemDetails? Problem { get; private set; }
    public IReadOnlyList<DiffSegment>? Preview { get; private set; }

    [BindProperty] public int BaseVersion { get; set; }
    [BindProperty] public string? AmendmentText { get; set; }

    public string ContentLanguage => Consultation?.Languages.FirstOrDefault() ?? "en";

    public bool Open => Amendment?.Status is AmendmentStatus.Open or AmendmentStatus.NeedsRebase;

    public async Task<IActionResult> OnGetAsync(Guid amendmentId, CancellationToken ct)
    {
        if (Stakeholders.Actor.From(User) is not { } actor) return SignIn(amendmentId);
        if (!await Load(amendmentId, ct)) return NotFoundPage();
        if (Amendment!.ProposedBy.OrganisationId != actor.OrganisationId || actor.OrganisationId == Guid.Empty)
        {
            Forbidden = true;
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }

        // The editor starts from the current text, against which the amendment is restated.
        if (!HttpMethods.IsPost(Request.Method)) AmendmentText = Point!.Current.Text;
        BaseVersion = Point!.Current.Number;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid amendmentId, CancellationToken ct)
    {
        if (Stakeholders.Actor.From(User) is null) return SignIn(amendmentId);
        var (rebased, problem) = await bus.DoAsync(User, actor => new Rebase(amendmentId, new RebaseAmendment(BaseVersion, AmendmentText), actor), ct);
        if (problem.IsNone() && rebased is not null)
            return Redirect($"{PageLinks.ActionPoint(rebased.ActionPointId)}?done=rebased&item={amendmentId}#amendment-{amendmentId}");
        if (problem.Status == StatusCodes.Status401Unauthorized) return SignIn(amendmentId);
        Problem = problem;
        var page = await OnGetAsync(amendmentId, ct);
        if (Amendment is not null) Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return page;
    }

    /// <summary>The changes typed so far against the current text; nothing is saved.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(Guid amendmentId, CancellationToken ct)
    {
        var page = await OnGetAsync(amendmentId, ct);
        if (Point is not null) Preview = WordDiff.Diff(Point.Current.Text, AmendmentDecisions.Normalise(AmendmentText));
        return page;
    }

    private async Task<bool> Load(Guid amendmentId, CancellationToken ct)
    {
        var amendment = await session.LoadAsync<Amendment>(amendmentId, ct);
        if (amendment is null) return false;
        Point = await session.LoadAsync<ActionPoint>(amendment.ActionPointId, ct);
        if (Point is null) return false;
        Consultation = await session.LoadAsync<Consultation>(amendment.ConsultationId, ct);
        Amendment = AmendmentViews.View(amendment, Point);
        return true;
    }

    private PageResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    private RedirectToPageResult SignIn(Guid amendmentId) =>
        RedirectToPage("/Account/SignIn", new { returnUrl = PageLinks.Rebase(amendmentId) });

    public string DiffLabels() => WebText.DiffLabels(t);
}
