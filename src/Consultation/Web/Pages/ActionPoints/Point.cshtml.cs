using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.Submissions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using ConsultationPlatform.Web.Resources;

namespace ConsultationPlatform.Web.Pages.ActionPoints;

/// <summary>
/// An action point: its current text, every version with a word-level diff between any two (chosen with a GET form),
/// the amendments and their fate, the endorsements (with reservations, and "for version N"), and the published inputs on it.
/// </summary>
public sealed class PointModel(IQuerySession session, IMessageBus bus, IStringLocalizer<SharedResource> t) : PageModel, IDiscussionPage
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

    /// <summary>The amendment or input a form acts on (co-sponsor, withdraw an amendment, flag an input).</summary>
    [BindProperty] public Guid Target { get; set; }
    [BindProperty] public string? FlagReason { get; set; }

    /// <summary>The amendment or input the last form acted on, whose notice says what was done.</summary>
    [BindProperty(SupportsGet = true)] public Guid? Item { get; set; }

    /// <summary>The amendment editor's changes against its base version, drawn by the server (the preview button; no script needed).</summary>
    public IReadOnlyList<DiffSegment>? AmendmentPreview { get; private set; }

    public async Task<IActionResult> OnPostEndorseAsync(Guid id, CancellationToken ct) =>
        await After(id, await bus.TryAsync(User, actor => new Endorse(id, new EndorseActionPoint(Version, Reservation), actor), ct), "endorsed", "endorse", ct);

    public async Task<IActionResult> OnPostWithdrawAsync(Guid id, CancellationToken ct) =>
        await After(id, await bus.TryAsync(User, actor => new WithdrawEndorsement(id, actor.OrganisationId, actor), ct), "withdrawn", "endorse", ct);

    public async Task<IActionResult> OnPostProposeAsync(Guid id, CancellationToken ct)
    {
        var problem = await bus.TryAsync(User, actor => new Propose(id, new ProposeAmendment(BaseVersion, AmendmentText, Rationale), actor), ct);
        return await After(id, problem, "proposed", "propose", ct);
    }

    public async Task<IActionResult> OnPostCoSponsorAsync(Guid id, CancellationToken ct) =>
        await After(id, await bus.TryAsync(User, actor => new CoSponsorAmendment(Target, actor), ct), "cosponsored", $"amendment-{Target}", ct, Target);

    public async Task<IActionResult> OnPostWithdrawAmendmentAsync(Guid id, CancellationToken ct) =>
        await After(id, await bus.TryAsync(User, actor => new WithdrawAmendment(Target, actor), ct), "amendmentWithdrawn", $"amendment-{Target}", ct, Target);

    public async Task<IActionResult> OnPostFlagAsync(Guid id, CancellationToken ct) =>
        await After(id, await bus.TryAsync(User, actor => new FlagInput(Target, FlagReason, actor), ct), "flagged", $"input-{Target}", ct, Target);

    /// <summary>The amendment being written, with its changes against the version it starts from; nothing is saved.</summary>
    public async Task<IActionResult> OnPostPreviewAmendmentAsync(Guid id, CancellationToken ct)
    {
        var page = await OnGetAsync(id, ct);
        if (Point is { } point && AmendmentDecisions.VersionOf(point, BaseVersion) is { } version)
            AmendmentPreview = WordDiff.Diff(version.Text, AmendmentDecisions.Normalise(AmendmentText));
        return page;
    }

    /// <summary>Where a refused form's problem is shown: "endorse", "propose", or the amendment or input it was about.</summary>
    public bool ProblemIn(string place)
    {
        if (Problem is null) return false;
        string handler = Request.Query["handler"].ToString().ToLowerInvariant();
        return handler switch
        {
            "propose" => place == "propose",
            "cosponsor" or "withdrawamendment" => place == $"amendment-{Target}",
            "flag" => place == $"input-{Target}",
            "translate" => place == "parallel-texts",
            "position" or "withdrawposition" => place == "position",
            "reply" => place == $"replies-{Target}",
            "moderatereply" => place == $"replies-{Parent}",
            _ => place == "endorse",
        };
    }

    /// <summary>Done: back to the page (post, redirect, get). Refused: the page again, with the problem and what was typed.</summary>
    private async Task<IActionResult> After(Guid id, ProblemDetails problem, string done, string anchor, CancellationToken ct, Guid? item = null)
    {
        if (problem.IsNone()) return Redirect($"{PageLinks.ActionPoint(id)}?done={done}{(item is { } i ? $"&item={i}" : "")}#{anchor}");
        if (problem.Status == StatusCodes.Status401Unauthorized)
            return RedirectToPage("/Account/SignIn", new { returnUrl = PageLinks.ActionPoint(id) });
        Problem = problem;
        Done = null;
        var page = await OnGetAsync(id, ct);
        Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return page;
    }

    public ActionPointDetails? Details { get; private set; }
    public ActionPoint? Point { get; private set; }

    /// <summary>Where the page's live updates start: the latest public change of the consultation read before the point.</summary>
    public long Position { get; private set; }
    public Consultation? Consultation { get; private set; }
    public IReadOnlyList<AmendmentView> Amendments { get; private set; } = [];
    public ConsultationPlatform.Outcome.Provenance.ActionPointProvenance? Provenance { get; private set; }
    public IReadOnlyList<SubmissionView> Inputs { get; private set; } = [];
    public ActionPointDiff? Diff { get; private set; }
    public IDictionary<string, string[]> DiffErrors { get; private set; } = new Dictionary<string, string[]>();

    [BindProperty(SupportsGet = true)] public int? From { get; set; }
    [BindProperty(SupportsGet = true)] public int? To { get; set; }

    public string ContentLanguage => Consultation?.Languages.FirstOrDefault() ?? "en";

    // ---- Time travel (Outcome/TimeTravel): the point as it stood at ?position=N or ?at=TIME, without forms or live updates. ----
    [BindProperty(SupportsGet = true, Name = "position")] public long? AtPosition { get; set; }
    [BindProperty(SupportsGet = true, Name = "at")] public DateTimeOffset? At { get; set; }
    public ConsultationPlatform.Outcome.TimeTravel.PastView? Past { get; private set; }

    private async Task<IActionResult> PastAsync(Guid id, CancellationToken ct)
    {
        var moment = new ConsultationPlatform.Outcome.TimeTravel.Moment(AtPosition, At);
        var point = await session.LoadAsync<ActionPoint>(id, ct);
        if (point is null || !moment.Check().IsNone())
        {
            Response.StatusCode = point is null ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
            return Page();
        }

        Consultation = await session.LoadAsync<Consultation>(point.ConsultationId, ct);
        var position = await ConsultationPlatform.Outcome.TimeTravel.PastReads.Resolve(session, moment, ct);
        Past = await ConsultationPlatform.Outcome.TimeTravel.PastNavigation.Load(session, point.ConsultationId, position, PageLinks.ActionPoint(id), true, ct);
        Details = (await ConsultationPlatform.Outcome.TimeTravel.PastReads.Load(session, point.ConsultationId, position, ct))?.Point(id);
        if (Details is null) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (HttpMethods.IsGet(Request.Method) && (AtPosition is not null || At is not null)) return await PastAsync(id, ct);
        if (await ActionPointReads.LoadDetails(session, id, ct) is not { } read)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        var (point, details) = read;
        // The position first: a change committed while the page is read is replayed to it, never missed.
        Position = await ConsultationHistoryReads.LatestPublicPosition(session, point.ConsultationId, ct);
        Point = point;
        Details = details;
        Consultation = await session.LoadAsync<Consultation>(point.ConsultationId, ct);
        Amendments = await AmendmentReads.ForActionPoint(session, point, ct);
        Provenance = await ConsultationPlatform.Outcome.Provenance.ProvenanceReads.Of(session, point,
            await session.Query<ConsultationPlatform.Amendments.Amendment>().Where(x => x.ActionPointId == point.Id).ToListAsync(ct), ct);
        Actor = Stakeholders.Actor.From(User);
        (Inputs, FlaggedByReader) = await SubmissionReads.OnPoint(session, point.ConsultationId, point.Id, Actor?.PersonId, ct) ?? PublishedInputs.None;
        Parallel = await TranslationReads.Load(session, point.Id, ct);
        await LoadVoicesAsync(point, ct); // positions and replies
        if (Actor is { OrganisationId: var organisationId } && organisationId != Guid.Empty)
        {
            OwnEndorsement = details.Endorsements.FirstOrDefault(e => e.StakeholderId == organisationId);
            if (OwnEndorsement is { ForCurrentVersion: false } earlier)
                SinceOwnEndorsement = ActionPointViews.Diff(point, earlier.ForVersion, point.Current.Number).Diff;
        }

        // Each form starts from the point as it stands, except the one just posted, which keeps what was typed.
        var posted = HttpMethods.IsPost(Request.Method) ? Request.Query["handler"].ToString().ToLowerInvariant() : "";
        if (posted is not ("endorse" or "withdraw"))
        {
            Version = point.Current.Number;
            Reservation = OwnEndorsement?.Reservation;
        }

        if (posted is not ("propose" or "previewamendment"))
        {
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

    /// <summary>Whether the consultation's phase allows the act (the phase table's answer), to offer only the forms that can succeed.</summary>
    public bool Allows(ConsultationAct act) => Consultation?.Allows(act) == true;

    private IReadOnlySet<Guid> FlaggedByReader { get; set; } = new HashSet<Guid>();

    public bool HasFlagged(Guid inputId) => FlaggedByReader.Contains(inputId);

    /// <summary>The text the amendment editor's changes are shown against: the version it starts from.</summary>
    public string BaseText => Point is { } point && AmendmentDecisions.VersionOf(point, BaseVersion) is { } version ? version.Text : "";

    // ---- Parallel texts: the reader picks the language of the text shown (?text=); the negotiated text stays the one amended and endorsed. ----

    [BindProperty(SupportsGet = true, Name = "text")] public string? TextLanguage { get; set; }
    [BindProperty] public string? TranslationLanguage { get; set; }
    [BindProperty] public string? TranslationText { get; set; }
    [BindProperty] public bool TranslationOfficial { get; set; }
    public ParallelTexts? Parallel { get; private set; }

    /// <summary>The translation the reader asked for, if the point has one in that language.</summary>
    public TranslationView? ShownTranslation => Parallel?.Translations.FirstOrDefault(t => string.Equals(t.Language, TextLanguage, StringComparison.OrdinalIgnoreCase));

    public async Task<IActionResult> OnPostTranslateAsync(Guid id, CancellationToken ct)
    {
        var version = (await session.LoadAsync<ActionPoint>(id, ct))?.Version;
        var problem = await bus.TryAsync(User, actor => new Translate(id, new AddTranslation(version, TranslationLanguage, TranslationText, TranslationOfficial), actor), ct);
        if (problem.IsNone()) return Redirect($"{PageLinks.ActionPoint(id)}?done=translationAdded&text={Uri.EscapeDataString(TranslationLanguage!.Trim())}#parallel-texts");
        return await After(id, problem, "translationAdded", "parallel-texts", ct);
    }

    // ---- A voice for every stakeholder group: the other groups' positions, and replies under inputs and amendments (acts of Positions/ and Replies/). ----

    [BindProperty] public Positions.Stance? Stance { get; set; }
    [BindProperty] public string? PositionReason { get; set; }
    [BindProperty] public string? ReplyBody { get; set; }
    [BindProperty] public string? ReplyLanguage { get; set; }
    [BindProperty] public string? ReplyParent { get; set; }

    /// <summary>The input or amendment whose thread a reply or moderation form is about (where its notice and problem are shown).</summary>
    [BindProperty(SupportsGet = true)] public Guid? Parent { get; set; }
    [BindProperty] public string? Verb { get; set; }
    [BindProperty] public string? ModerationReason { get; set; }

    public Positions.PointPositions? PointPositions { get; private set; }
    public Positions.PositionView? OwnPosition { get; private set; }
    public ILookup<Guid, Replies.ReplyView> Threads { get; private set; } = Array.Empty<Replies.ReplyView>().ToLookup(r => r.ParentId);

    public async Task<IActionResult> OnPostPositionAsync(Guid id, CancellationToken ct) =>
        await After(id, await bus.TryAsync(User, actor => new Positions.DeclarePosition(id, new Positions.StatePosition(Version, Stance, PositionReason), actor), ct),
            "positionStated", "position", ct);

    public async Task<IActionResult> OnPostWithdrawPositionAsync(Guid id, CancellationToken ct) =>
        await After(id, await bus.TryAsync(User, actor => new Positions.WithdrawPosition(id, actor.OrganisationId, actor), ct), "positionWithdrawn", "position", ct);

    public async Task<IActionResult> OnPostReplyAsync(Guid id, CancellationToken ct)
    {
        var form = new Replies.PostReply(ReplyBody, ReplyLanguage);
        var problem = ReplyParent == "amendment"
            ? await bus.TryAsync(User, actor => new Replies.ReplyToAmendment(Target, form, actor), ct)
            : await bus.TryAsync(User, actor => new Replies.ReplyToInput(Target, form, actor), ct);
        Parent = Target;
        return await After(id, problem, "replied", $"replies-{Target}", ct, Target);
    }

    public async Task<IActionResult> OnPostModerateReplyAsync(Guid id, CancellationToken ct)
    {
        var act = Verb switch { "reject" => ModerationAct.Reject, "hide" => ModerationAct.Hide, _ => ModerationAct.Publish };
        var problem = await bus.TryAsync(User, actor => new Replies.ModerateReply(Target, act, ModerationReason, actor), ct);
        return await After(id, problem, "replyModerated", $"replies-{Parent}", ct, Parent);
    }

    private async Task LoadVoicesAsync(ActionPoint point, CancellationToken ct)
    {
        PointPositions = await Positions.PositionReads.ForPoint(session, point, ct);
        if (Actor is { OrganisationId: var organisation } && organisation != Guid.Empty)
            OwnPosition = PointPositions.Positions.FirstOrDefault(p => p.StakeholderId == organisation);
        Threads = await Replies.ReplyReads.ForActionPoint(session, point.Id, Actor, ct);
        var posted = HttpMethods.IsPost(Request.Method) ? Request.Query["handler"].ToString().ToLowerInvariant() : "";
        if (posted is not ("position" or "withdrawposition"))
        {
            Stance = OwnPosition?.Stance;
            PositionReason = OwnPosition?.Reason;
        }

        ReplyLanguage ??= System.Globalization.CultureInfo.CurrentUICulture.Name;
    }

    /// <summary>The words point.js says in the reader's language.</summary>
    public string LiveLabels() => LiveText.Labels(new Dictionary<string, object>
    {
        ["announce"] = t["LiveAnnouncePoint"].Value,
        ["behind"] = t["ProposeBehind"].Value,
        ["disconnected"] = t["LiveDisconnected"].Value,
        ["reconnected"] = t["LiveReconnected"].Value,
        ["reload"] = t["LiveReload"].Value,
    });

    /// <summary>The words worddiff.js says in the reader's language.</summary>
    public string DiffLabels() => WebText.DiffLabels(t);
}
