using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using ConsultationPlatform.Common;
using ConsultationPlatform.LiveSessions;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Web.Resources;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ConsultationPlatform.Web.Pages.Sessions;

/// <summary>
/// The room of a live session: the item under discussion, who has the floor until when, the list of speakers of each
/// item, the statements and the summary, for everyone. Delegates of accredited organisations get "request the floor",
/// their place and their statement; moderators and co-chairs the chair's controls. Every form runs the API's act
/// (<see cref="SessionActs"/>). Complete without script (refresh); session.js keeps it live and counts down locally.
/// </summary>
public sealed class RoomModel(IQuerySession session, IDocumentSession writer, TimeProvider time, IStringLocalizer<SharedResource> t) : PageModel
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
        Act(sessionId, "opened", ct, () => SessionActs.Open(writer, User, sessionId, time.GetUtcNow(), ct));

    public Task<IActionResult> OnPostTakeUpAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "takenUp", ct, () => SessionActs.TakeUp(writer, User, sessionId, Item, time.GetUtcNow(), ct));

    public Task<IActionResult> OnPostOpenListAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "listOpened", ct, () => SessionActs.SetInscriptions(writer, User, sessionId, Item, new SetInscriptions(true), ct));

    public Task<IActionResult> OnPostCloseListAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "listClosed", ct, () => SessionActs.SetInscriptions(writer, User, sessionId, Item, new SetInscriptions(false), ct));

    public Task<IActionResult> OnPostFloorAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "floor", ct, () => SessionActs.GiveFloor(writer, User, sessionId,
            new GiveFloor(Target == Guid.Empty ? null : Target, Seconds), time.GetUtcNow(), ct));

    public Task<IActionResult> OnPostFirstAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "reordered", ct, () => SessionActs.Reorder(writer, User, sessionId, Item, new ReorderSpeakers([Target], Reason), ct));

    public Task<IActionResult> OnPostSelectAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "selected", ct, () => SessionActs.Select(writer, User, sessionId, new SelectSpeaker(Target), ct));

    public Task<IActionResult> OnPostSuspendAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "suspended", ct, () => SessionActs.Suspend(writer, User, sessionId, new SuspendSession(Reason), time.GetUtcNow(), ct));

    public Task<IActionResult> OnPostResumeAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "resumed", ct, () => SessionActs.Resume(writer, User, sessionId, ct));

    public Task<IActionResult> OnPostCloseAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "closed", ct, () => SessionActs.Close(writer, User, sessionId, time.GetUtcNow(), ct));

    public Task<IActionResult> OnPostPinAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "pinned", ct, () => SessionActs.Pin(writer, User, sessionId, new PinStatement(Target), ct));

    public Task<IActionResult> OnPostHideAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "hidden", ct, () => SessionActs.Hide(writer, User, Target, new HideStatement(Reason), ct));

    public Task<IActionResult> OnPostSummaryAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "summary", ct, () => SessionActs.PublishSummary(writer, User, sessionId, new PublishSummary(Text, [.. Cites]), ct));

    /// <summary>Saves the summary's draft (the chair's, seen by the secretariat only).</summary>
    public Task<IActionResult> OnPostDraftAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "draft", ct, () => SessionActs.DraftSummary(writer, User, sessionId, new DraftSummary(Text, [.. Cites]), ct));

    public Task<IActionResult> OnPostApproveAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "approved", ct, () => SessionActs.Approve(writer, User, Target, ct));

    // ---- Delegates ----
    public Task<IActionResult> OnPostInscribeAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "inscribed", ct, async () => (await SessionActs.Inscribe(writer, User, sessionId, Item, new Inscribe(Level, OnBehalfOf), false, ct)).Problem);

    public Task<IActionResult> OnPostReplyAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "reply", ct, async () => (await SessionActs.Inscribe(writer, User, sessionId, Item, new Inscribe(), true, ct)).Problem);

    public Task<IActionResult> OnPostWithdrawAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "withdrawn", ct, () => SessionActs.Withdraw(writer, User, Target, ct));

    /// <summary>A delegate's statement, or (with a speaker chosen) the chair's record of one.</summary>
    public Task<IActionResult> OnPostStatementAsync(Guid sessionId, CancellationToken ct) =>
        Act(sessionId, "statement", ct, async () => (await SessionActs.Deliver(writer, User, sessionId,
            new DeliverStatement(Item, Text, Language, Link, Target == Guid.Empty ? null : Target), time.GetUtcNow(), ct)).Problem);

    private async Task<IActionResult> Act(Guid sessionId, string done, CancellationToken ct, Func<Task<ProblemDetails>> act)
    {
        var problem = await act();
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
