using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.Moderation;
using ConsultationPlatform.Submissions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using ConsultationPlatform.Web.Resources;

namespace ConsultationPlatform.Web.Pages.Moderation;

/// <summary>
/// The moderators' console for one consultation: what waits for them (the moderation queue: inputs to publish or
/// reject, flagged inputs to hide, amendments to decide, accreditation requests), the phase, and the whole audit log,
/// private acts included. Moderators and co-chairs only. Every form sends its act to the act's one handler, as the API endpoint does (<see cref="PageActs"/>);
/// console.js keeps the queue live from the moderation stream.
/// </summary>
public sealed class ConsoleModel(IQuerySession session, IMessageBus bus, IStringLocalizer<SharedResource> t) : SecretariatPage(session)
{
    public const int AuditPageSize = 30;

    private readonly IQuerySession _session = session;

    public ModerationQueue Queue { get; private set; } = null!;

    /// <summary>The inputs of the queue (waiting, and flagged), as moderators see them.</summary>
    public IReadOnlyDictionary<Guid, SubmissionView> Inputs { get; private set; } = new Dictionary<Guid, SubmissionView>();

    /// <summary>The amendments awaiting a decision, with their diffs.</summary>
    public IReadOnlyDictionary<Guid, AmendmentView> Amendments { get; private set; } = new Dictionary<Guid, AmendmentView>();

    /// <summary>Amendments that were found in conflict and wait for their proposers to rebase them (they can still be rejected).</summary>
    public IReadOnlyList<AmendmentView> NeedingRebase { get; private set; } = [];

    public IReadOnlyList<AuditEntry> Audit { get; private set; } = [];
    public long? OlderAudit { get; private set; }

    /// <summary>Where the console's live updates start: the latest change of the consultation (private ones included) read before the page.</summary>
    public long Position { get; private set; }

    /// <summary>The form the problem is about: its handler and the item it acted on.</summary>
    public string? ProblemHandler { get; private set; }

    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    /// <summary>The item a form acts on: an input, an amendment, or an organisation (accreditations).</summary>
    [BindProperty] public Guid Target { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public ConsultationPhase? Phase { get; set; }
    [BindProperty] public int? Version { get; set; }

    public bool ProblemFor(string handler, Guid target) =>
        Problem is not null && string.Equals(ProblemHandler, handler, StringComparison.OrdinalIgnoreCase) && Target == target;

    /// <summary>What was typed in the reason of a refused form, to show it again in that form only.</summary>
    public string? ReasonFor(string handler, Guid target) => ProblemFor(handler, target) ? Reason : null;

    /// <summary>The refused form's reason field is marked invalid and described by the problem.</summary>
    public string? Invalid(string handler, Guid target) => ProblemFor(handler, target) ? "true" : null;

    public string? ProblemId(string handler, Guid target) => ProblemFor(handler, target) ? "problem" : null;

    public Task<IActionResult> OnPostPublishAsync(Guid consultationId, CancellationToken ct) =>
        Send(consultationId, "published", ct, () => bus.TryAsync(User, actor => new ModerateInput(Target, ModerationAct.Publish, null, actor), ct));

    public Task<IActionResult> OnPostRejectInputAsync(Guid consultationId, CancellationToken ct) =>
        Send(consultationId, "inputRejected", ct, () => bus.TryAsync(User, actor => new ModerateInput(Target, ModerationAct.Reject, Reason, actor), ct));

    public Task<IActionResult> OnPostHideAsync(Guid consultationId, CancellationToken ct) =>
        Send(consultationId, "hidden", ct, () => bus.TryAsync(User, actor => new ModerateInput(Target, ModerationAct.Hide, Reason, actor), ct));

    public Task<IActionResult> OnPostAcceptAsync(Guid consultationId, CancellationToken ct) =>
        Send(consultationId, "accepted", ct, async () =>
        {
            (var problem, Refusal) = await bus.TryWithReasonAsync(User, actor => new AcceptAmendment(Target, actor), ct);
            return problem;
        });

    /// <summary>Why the last act was refused, in the domain's terms (an acceptance refused for conflicting words carries them).</summary>
    public Refused? Refusal { get; private set; }

    public Task<IActionResult> OnPostRejectAmendmentAsync(Guid consultationId, CancellationToken ct) =>
        Send(consultationId, "amendmentRejected", ct, () => bus.TryAsync(User, actor => new Reject(Target, new RejectAmendment(Reason), actor), ct));

    public Task<IActionResult> OnPostGrantAsync(Guid consultationId, CancellationToken ct) =>
        Send(consultationId, "granted", ct, () => bus.TryAsync(User, actor => new GrantAccreditation(consultationId, Target, actor), ct));

    public Task<IActionResult> OnPostRefuseAsync(Guid consultationId, CancellationToken ct) =>
        Send(consultationId, "refused", ct, () => bus.TryAsync(User, actor => new Refuse(consultationId, Target, new RefuseAccreditation(Reason), actor), ct));

    public Task<IActionResult> OnPostPhaseAsync(Guid consultationId, CancellationToken ct) =>
        Send(consultationId, "phase", ct, () => bus.TryAsync(User, actor => new MovePhase(consultationId, new ChangePhase(Phase, Reason, Version), actor), ct));

    /// <summary>Done: back to the console, saying what was done (post, redirect, get). Refused: the console again, with the problem beside the form.</summary>
    private async Task<IActionResult> Send(Guid consultationId, string done, CancellationToken ct, Func<Task<ProblemDetails>> act)
    {
        if (Actor.From(User) is null) return SignIn(consultationId);
        var problem = await act();
        if (problem.IsNone()) return Redirect($"{PageLinks.Console(consultationId)}?done={done}#done");
        if (problem.Status == StatusCodes.Status401Unauthorized) return SignIn(consultationId);
        Problem = problem;
        ProblemHandler = Request.Query["handler"];
        Done = null;
        var page = await OnGetAsync(consultationId, ct);
        if (!Forbidden) Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return page;
    }

    public async Task<IActionResult> OnGetAsync(Guid consultationId, CancellationToken ct)
    {
        if (await Admit(consultationId, ct) is { } refused) return refused;
        await Load(consultationId, ct);
        return Page();
    }

    /// <summary>The live parts of the console (the queue, the phase, the audit log), for console.js to merge into the open page.</summary>
    public async Task<IActionResult> OnGetLiveAsync(Guid consultationId, CancellationToken ct)
    {
        var actor = Actor.From(User);
        if (actor is null) return Unauthorized();
        if (!actor.In(consultationId).Allows(Act)) return StatusCode(StatusCodes.Status403Forbidden);
        if (await Find(consultationId, ct) is null) return NotFound();
        Before = null;
        await Load(consultationId, ct);
        return Partial("_ConsoleLive", this);
    }

    protected override string PathOf(Guid consultationId) => PageLinks.Console(consultationId);

    private async Task Load(Guid consultationId, CancellationToken ct)
    {
        // The position first: a change committed while the page is read is replayed to it, never missed.
        Position = await LatestPosition(consultationId, ct);
        Queue = await ModerationQueues.Load(_session, consultationId, ct);
        var viewer = Actor.From(User);

        var inputIds = Queue.PendingInputs.Select(i => i.Id).Concat(Queue.FlaggedInputs.Select(i => i.Id)).ToList();
        var inputs = inputIds.Count == 0 ? [] : await _session.LoadManyAsync<Submission>(ct, inputIds);
        Inputs = inputs.ToDictionary(s => s.Id, s => SubmissionDecisions.View(s, viewer));

        var awaiting = Queue.AmendmentsAwaitingDecision.Select(a => a.Id).ToList();
        var amendments = await _session.Query<Amendment>()
            .Where(a => a.ConsultationId == consultationId && (a.Status == AmendmentStatus.Open || a.Status == AmendmentStatus.NeedsRebase))
            .ToListAsync(ct);
        var pointIds = amendments.SelectMany(a => a.Touches).Distinct().ToList();
        var points = pointIds.Count == 0 ? new Dictionary<Guid, ActionPoint>() : (await _session.LoadManyAsync<ActionPoint>(ct, pointIds)).ToDictionary(p => p.Id);
        // A point to add has no point yet; every other amendment shows against its point.
        var views = amendments.Where(a => points.ContainsKey(a.ActionPointId) || a.Kind == AmendmentKind.AddPoint)
            .Select(a => AmendmentViews.View(a, points.GetValueOrDefault(a.ActionPointId), a.MergeWith is { } m ? points.GetValueOrDefault(m) : null))
            .ToDictionary(a => a.Id);
        Amendments = awaiting.Where(views.ContainsKey).ToDictionary(id => id, id => views[id]);
        NeedingRebase = views.Values.Where(a => a.Status == AmendmentStatus.NeedsRebase)
            .OrderBy(a => a.ActionPointNumber).ThenBy(a => a.ProposedAt).ToList();

        (Audit, OlderAudit) = await AuditLogEndpoint.Page(_session, consultationId, moderator: true, Before, AuditPageSize, newestFirst: true, ct);
    }

    private async Task<long> LatestPosition(Guid consultationId, CancellationToken ct)
    {
        var latest = await _session.Query<ConsultationChange>()
            .Where(c => c.ConsultationId == consultationId)
            .OrderByDescending(c => c.Id)
            .Select(c => c.Id)
            .Take(1)
            .ToListAsync(ct);
        return latest.Count == 0 ? 0 : latest[0];
    }

    /// <summary>The phases a moderator may move back to, nearest first.</summary>
    public IReadOnlyList<ConsultationPhase> EarlierPhases =>
        Consultation is null ? [] : Enum.GetValues<ConsultationPhase>().Where(p => p < Consultation.Phase).Reverse().ToList();

    public ConsultationPhase? NextPhase => Consultation is null ? null : PhaseMoves.Next(Consultation.Phase);

    /// <summary>The conflicting regions a refused acceptance reported, when that is the refusal shown.</summary>
    public ConflictsView? ConflictReport(string contentLanguage) =>
        Refusal is Refused.TextConflict conflict
            ? new ConflictsView(conflict.Regions.ToList(), conflict.BaseVersion, conflict.CurrentVersion ?? 0, contentLanguage)
            : null;

    /// <summary>A stamp of what an item of the queue shows, so that console.js knows when to draw it again.</summary>
    public static string Stamp(FlaggedInput input) => input.Flags.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Stamp(AwaitingDecision amendment) => $"{amendment.BaseVersion}:{amendment.CoSponsors}";

    /// <summary>The words console.js says in the reader's language.</summary>
    public string LiveLabels() => LiveText.Labels(new Dictionary<string, object>
    {
        ["announceQueue"] = t["LiveAnnounceQueue"].Value,
        ["announceGone"] = t["LiveAnnounceGone"].Value,
        ["disconnected"] = t["LiveDisconnected"].Value,
        ["reconnected"] = t["LiveReconnected"].Value,
        ["reload"] = t["LiveReload"].Value,
    });
}
