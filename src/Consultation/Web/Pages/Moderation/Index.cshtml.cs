using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Moderation;
using ConsultationPlatform.Submissions;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsultationPlatform.Web.Pages.Moderation;

/// <summary>The consultations a moderator runs, with what waits in each one's moderation queue. Moderators and co-chairs only.</summary>
public sealed class IndexModel(IQuerySession session) : PageModel
{
    public bool Forbidden { get; private set; }
    public IReadOnlyList<(ConsultationSummary Consultation, ModerationQueue Queue)> Consultations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var actor = Actor.From(User);
        if (actor is null) return RedirectToPage("/Account/SignIn", new { returnUrl = PageLinks.Moderation });
        if (!actor.InAnyConsultation().Allows(AccessAct.SeePrivateItems))
        {
            Forbidden = true;
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return Page();
        }

        // What waits, across consultations, in one round trip; each queue built by the moderation queue's own function.
        var summaries = await ConsultationEndpoints.List(session, ct);
        var batch = session.CreateBatchQuery();
        var submissions = batch.Query<Submission>()
            .Where(s => s.Status == SubmissionStatus.Received || (s.Status == SubmissionStatus.Published && s.Flags.Any())).ToList();
        var amendments = batch.Query<Amendment>().Where(a => a.Status == AmendmentStatus.Open).ToList();
        var accreditations = batch.Query<Accreditation>().Where(a => a.Status == AccreditationStatus.Requested).ToList();
        await batch.Execute(ct);
        var (inputs, open, requests) = (await submissions, await amendments, await accreditations);
        // Only the consultations the reader moderates or co-chairs (roles per consultation: Accounts/ConsultationRoles.cs).
        Consultations = summaries
            .Where(c => actor.In(c.Id).Allows(AccessAct.SeePrivateItems))
            .Select(c => (c, ModerationQueues.Build(c.Id,
                inputs.Where(s => s.ConsultationId == c.Id), open.Where(a => a.ConsultationId == c.Id),
                requests.Where(a => a.ConsultationId == c.Id))))
            .ToList();
        return Page();
    }

    public static int Waiting(ModerationQueue queue) =>
        queue.PendingInputs.Count + queue.FlaggedInputs.Count + queue.AmendmentsAwaitingDecision.Count + queue.AccreditationRequests.Count;
}
