using ConsultationPlatform.Consultations;
using ConsultationPlatform.Replies;
using ConsultationPlatform.Submissions;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsultationPlatform.Web.Pages.Consultations;

/// <summary>
/// The inputs on the whole dialogue (submitted about no one action point), as published: each can be flagged and
/// answered here, as the inputs on a point are on the point's page (the same acts, the same partials).
/// </summary>
public sealed class InputsModel(IQuerySession session, IMessageBus bus) : PageModel, IDiscussionPage
{
    public Consultation? Consultation { get; private set; }
    public Actor? Actor { get; private set; }
    public IReadOnlyList<SubmissionView> Inputs { get; private set; } = [];
    public ILookup<Guid, ReplyView> Threads { get; private set; } = Array.Empty<ReplyView>().ToLookup(r => r.ParentId);
    public ProblemDetails? Problem { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Item { get; set; }

    /// <summary>The input (flag, reply) or reply (moderation) a form acts on; the thread a moderation is in.</summary>
    [BindProperty] public Guid Target { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Parent { get; set; }

    [BindProperty] public string? FlagReason { get; set; }
    [BindProperty] public string? ReplyBody { get; set; }
    [BindProperty] public string? ReplyLanguage { get; set; }
    [BindProperty] public string? Verb { get; set; }
    [BindProperty] public string? ModerationReason { get; set; }

    public string ContentLanguage => Consultation?.Languages.FirstOrDefault() ?? "en";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        Consultation = await session.LoadAsync<Consultation>(id, ct);
        if (Consultation is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        Actor = Stakeholders.Actor.From(User);
        (Inputs, FlaggedByReader) = await SubmissionReads.OnTheWholeDialogue(session, id, Actor?.PersonId, ct) ?? PublishedInputs.None;
        Threads = await ReplyReads.ForWholeDialogue(session, id, Actor, ct);
        ReplyLanguage ??= System.Globalization.CultureInfo.CurrentUICulture.Name;
        return Page();
    }

    public async Task<IActionResult> OnPostFlagAsync(Guid id, CancellationToken ct) =>
        await After(id, await bus.TryAsync(User, actor => new FlagInput(Target, FlagReason, actor), ct), "flagged", $"input-{Target}", Target, ct);

    public async Task<IActionResult> OnPostReplyAsync(Guid id, CancellationToken ct)
    {
        var problem = await bus.TryAsync(User, actor => new ReplyToInput(Target, new PostReply(ReplyBody, ReplyLanguage), actor), ct);
        Parent = Target;
        return await After(id, problem, "replied", $"replies-{Target}", Target, ct);
    }

    public async Task<IActionResult> OnPostModerateReplyAsync(Guid id, CancellationToken ct)
    {
        var act = Verb switch { "reject" => ModerationAct.Reject, "hide" => ModerationAct.Hide, _ => ModerationAct.Publish };
        var problem = await bus.TryAsync(User, actor => new ModerateReply(Target, act, ModerationReason, actor), ct);
        return await After(id, problem, "replyModerated", $"replies-{Parent}", Parent, ct);
    }

    public bool ProblemIn(string place) => Problem is not null && Request.Query["handler"].ToString().ToLowerInvariant() switch
    {
        "flag" => place == $"input-{Target}",
        "reply" => place == $"replies-{Target}",
        "moderatereply" => place == $"replies-{Parent}",
        _ => false,
    };

    public bool Allows(ConsultationAct act) => Consultation?.Allows(act) == true;

    private IReadOnlySet<Guid> FlaggedByReader { get; set; } = new HashSet<Guid>();

    public bool HasFlagged(Guid inputId) => FlaggedByReader.Contains(inputId);

    /// <summary>Done: back to the page (post, redirect, get). Refused: the page again, with the problem and what was typed.</summary>
    private async Task<IActionResult> After(Guid id, ProblemDetails problem, string done, string anchor, Guid? item, CancellationToken ct)
    {
        var here = PageLinks.WholeDialogueInputs(id);
        if (problem.IsNone()) return Redirect($"{here}?done={done}{(item is { } i ? $"&item={i}" : "")}#{anchor}");
        if (problem.Status == StatusCodes.Status401Unauthorized) return Redirect(PageLinks.SignIn(here));
        Problem = problem;
        Done = null;
        var page = await OnGetAsync(id, ct);
        Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return page;
    }
}
