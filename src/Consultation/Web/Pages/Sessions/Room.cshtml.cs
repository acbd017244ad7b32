using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using ConsultationPlatform.LiveSessions;
using ConsultationPlatform.Web.Resources;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ConsultationPlatform.Web.Pages.Sessions;

/// <summary>
/// The room of a live session: the item under discussion, who has the floor until when, the list of speakers of each
/// item, the statements and the summary, for everyone. Delegates of accredited organisations get "request the floor",
/// their place and their statement; moderators and co-chairs the chair's controls. Every form sends the API's act
/// through the bus to its one handler (<see cref="PageActs"/>). Complete without script (refresh); session.js keeps it live and counts down locally.
/// </summary>
public sealed class RoomModel(IQuerySession session, IMessageBus bus, TimeProvider time, IStringLocalizer<SharedResource> t) : PageModel
{
    public SessionRoom? Room { get; private set; }
    public Actor? Actor { get; private set; }
    public bool IsChair => Actor is { } actor && Room is { } room && actor.RunsTheDialogueOf(room.ConsultationId);

    /// <summary>The reader acts for an organisation accredited to the consultation (may take the floor).</summary>
    public bool MaySpeak { get; private set; }

    public long Position { get; private set; }
    public ProblemDetails? Problem { get; private set; }

    [BindProperty(SupportsGet = true)] public string? Done { get; set; }
    [BindProperty] public Guid Item { get; set; }
    [BindProperty] public Guid Target { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public RepresentationLevel? Level { get; set; }
    [BindProperty] public string? OnBehalfOf { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Language { get; set; }
    [BindProperty] public string? Link { get; set; }
    [BindProperty] public int? Seconds { get; set; }
    [BindProperty] public List<Guid> Cites { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid sessionId, CancellationToken ct)
    {
        Position = await SessionReads.LatestPosition(session, sessionId, ct);
        Actor = Stakeholders.Actor.From(User);
        Room = await SessionReads.Room(session, sessionId, time.GetUtcNow(), ct, viewer: Actor);
        if (Room is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        MaySpeak = Actor is not null && Actor.OrganisationId != Guid.Empty
                   && Actor.Allows(AccessAct.SpeakInSession, await Accreditations.IsAccredited(session, Room.ConsultationId, Actor.OrganisationId, ct));
        Language ??= CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
        return Page();
    }

    // ---- The chair ----
    public Task<IActionResult> OnPostOpenAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "opened", ct, a => new OpenSession(sessionId, a));

    public Task<IActionResult> OnPostTakeUpAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "takenUp", ct, a => new TakeUpItem(sessionId, Item, a));

    public Task<IActionResult> OnPostOpenListAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "listOpened", ct, a => new OpenOrCloseList(sessionId, Item, new SetInscriptions(true), a));

    public Task<IActionResult> OnPostCloseListAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "listClosed", ct, a => new OpenOrCloseList(sessionId, Item, new SetInscriptions(false), a));

    public Task<IActionResult> OnPostFloorAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "floor", ct, a => new GiveTheFloor(sessionId,
            new GiveFloor(Target == Guid.Empty ? null : Target, Seconds), a));

    public Task<IActionResult> OnPostFirstAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "reordered", ct, a => new Reorder(sessionId, Item, new ReorderSpeakers([Target], Reason), a));

    public Task<IActionResult> OnPostSelectAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "selected", ct, a => new Select(sessionId, new SelectSpeaker(Target), a));

    public Task<IActionResult> OnPostSuspendAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "suspended", ct, a => new Suspend(sessionId, new SuspendSession(Reason), a));

    public Task<IActionResult> OnPostResumeAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "resumed", ct, a => new Resume(sessionId, a));

    public Task<IActionResult> OnPostCloseAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "closed", ct, a => new CloseSession(sessionId, a));

    public Task<IActionResult> OnPostPinAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "pinned", ct, a => new Pin(sessionId, new PinStatement(Target), a));

    public Task<IActionResult> OnPostHideAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "hidden", ct, a => new Hide(Target, new HideStatement(Reason), a));

    public Task<IActionResult> OnPostSummaryAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "summary", ct, a => new PublishSessionSummary(sessionId, new PublishSummary(Text, [.. Cites]), a));

    /// <summary>Saves the summary's draft (the chair's, seen by the secretariat only).</summary>
    public Task<IActionResult> OnPostDraftAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "draft", ct, a => new DraftSessionSummary(sessionId, new DraftSummary(Text, [.. Cites]), a));

    public Task<IActionResult> OnPostApproveAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "approved", ct, a => new ApproveStatement(Target, a));

    // ---- Delegates ----
    public Task<IActionResult> OnPostInscribeAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "inscribed", ct, a => new InscribeToSpeak(sessionId, Item, new Inscribe(Level, OnBehalfOf), false, a));

    public Task<IActionResult> OnPostReplyAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "reply", ct, a => new InscribeToSpeak(sessionId, Item, new Inscribe(), true, a));

    public Task<IActionResult> OnPostWithdrawAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "withdrawn", ct, a => new WithdrawInscription(Target, a));

    /// <summary>A delegate's statement, or (with a speaker chosen) the chair's record of one.</summary>
    public Task<IActionResult> OnPostStatementAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "statement", ct, a => new Deliver(sessionId,
            new DeliverStatement(Item, Text, Language, Link, Target == Guid.Empty ? null : Target), a));

    /// <summary>Sends the form's act to its one handler (<see cref="PageActs"/>); done, back to the room; refused, the room with the problem.</summary>
    private async Task<IActionResult> Act<T>(Guid sessionId, string done, CancellationToken ct, Func<Stakeholders.Actor, IAct<T>> act)
    {
        var problem = await bus.TryAsync(User, act, ct);
        if (problem.IsNone()) return Redirect($"{PageLinks.Session(sessionId)}?done={done}");
        if (problem.Status == StatusCodes.Status401Unauthorized) return Redirect(PageLinks.SignIn(PageLinks.Session(sessionId)));
        Problem = problem;
        var page = await OnGetAsync(sessionId, ct);
        Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return page;
    }

    // ---- Reading helpers ----

    public string Class(SpeakerClass c) => t[$"SpeakerClass_{c}"];

    public string StatusLabel(SessionStatus s) => t[$"SessionStatus_{s}"];

    /// <summary>A moment in the session's own time zone, with the zone's name.</summary>
    public string Local(DateTimeOffset at, string format = "t")
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(Room?.TimeZone ?? "UTC", out var z) ? z : TimeZoneInfo.Utc;
        return TimeZoneInfo.ConvertTime(at, zone).ToString(format, CultureInfo.CurrentCulture);
    }

    /// <summary>The reader's organisation's place in the item's list (0 when not in it).</summary>
    public RoomSpeaker? Mine(RoomItem item) =>
        Actor is { OrganisationId: var org } && org != Guid.Empty ? item.Speakers.FirstOrDefault(s => s.OrganisationId == org) : null;

    public RoomSpeaker? MineAwaiting(RoomItem item) =>
        Actor is { OrganisationId: var org } && org != Guid.Empty ? item.AwaitingSelection.FirstOrDefault(s => s.OrganisationId == org) : null;

    public string? SummaryHtml => Room?.Summary is { } summary ? Submissions.MarkdownRendering.ToHtml(summary) : null;

    public string LiveLabels() => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["disconnected"] = t["LiveDisconnected"].Value,
        ["reconnected"] = t["LiveReconnected"].Value,
        ["reload"] = t["LiveReload"].Value,
        ["updated"] = t["SessionLiveUpdated"].Value,
        ["floor"] = t["SessionLiveFloor"].Value,
        ["next"] = t["SessionYouAreNext"].Value,
        ["exceeded"] = t["SessionTimeExceededNotice"].Value,
        ["left"] = t["SessionTimeLeft"].Value,
    }, LabelsJson);

    private static readonly JsonSerializerOptions LabelsJson = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
}
