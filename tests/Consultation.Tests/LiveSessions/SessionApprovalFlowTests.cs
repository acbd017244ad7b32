using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.LiveSessions;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using ConsultationPlatform.Tests.Web;
using Marten;
using Microsoft.AspNetCore.SignalR.Client;
using Recorder = ConsultationPlatform.Tests.LiveSessions.SessionFlowTests.Recorder;

namespace ConsultationPlatform.Tests.LiveSessions;

/// <summary>
/// Statements that need the chair's approval, a hidden statement's text out of the public history, the summary's
/// draft and editions, and the schedule form: over HTTP and SignalR.
/// </summary>
public sealed class SessionApprovalFlowTests(SessionWorld world) : IClassFixture<SessionWorld>
{
    private static CancellationToken Ct => SessionWorld.Ct;

    /// <summary>An open session (statements needing approval or not), its first item taken up with its list open, Ghana inscribed on it.</summary>
    private async Task<(Guid Consultation, SessionRoom Room, HttpClient Chair, HttpClient Ghana)> Running(bool needApproval)
    {
        var consultation = await world.NewConsultation(ConsultationPlatform.Consultations.ConsultationPhase.Inputs);
        var chair = world.ClientFor(Delegates.Moderator());
        var scheduled = await chair.PostAsJsonAsync($"/api/consultations/{consultation.Id}/sessions", new
        {
            title = "Approval session", starts = world.Clock.GetUtcNow(), ends = world.Clock.GetUtcNow().AddHours(2), timeZone = "Europe/Zurich",
            agenda = new object[] { new { kind = "challenge", number = 1 } }, statementsNeedApproval = needApproval,
        }, SessionWorld.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        var id = (await scheduled.Content.ReadFromJsonAsync<SessionCreated>(SessionWorld.Json, Ct))!.Id;
        var room = await world.Room(id);
        var item = room.Agenda[0].Id;
        Assert.Equal(HttpStatusCode.NoContent, (await chair.PostAsync($"/api/sessions/{id}/open", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await chair.PostAsync($"/api/sessions/{id}/items/{item}/take-up", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await chair.PostAsJsonAsync($"/api/sessions/{id}/items/{item}/speakers-list", new { open = true }, Ct)).StatusCode);
        var (_, ghana) = await world.Delegate(consultation.Id, "Ghana", StakeholderGroup.MemberState);
        Assert.Equal(HttpStatusCode.Created, (await ghana.PostAsJsonAsync($"/api/sessions/{id}/items/{item}/inscriptions", new { }, Ct)).StatusCode);
        return (consultation.Id, await world.Room(id), chair, ghana);
    }

    private static async Task<Guid> Deliver(HttpClient client, SessionRoom room, string text, string? link = null)
    {
        var delivered = await client.PostAsJsonAsync($"/api/sessions/{room.Id}/statements", new { itemId = room.Agenda[0].Id, text, language = "en", link }, Ct);
        Assert.Equal(HttpStatusCode.Created, delivered.StatusCode);
        return (await delivered.Content.ReadFromJsonAsync<StatementReceipt>(SessionWorld.Json, Ct))!.StatementId;
    }

    private static async Task<SessionRoom> RoomAs(HttpClient client, Guid sessionId) =>
        (await client.GetFromJsonAsync<SessionRoom>($"/api/sessions/{sessionId}", SessionWorld.Json, Ct))!;

    private async Task<Recorder> Visitor(Guid sessionId)
    {
        var visitor = new Recorder(world.HubClient());
        await visitor.Connection.StartAsync(Ct);
        await visitor.Connection.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinSession), sessionId, null, Ct);
        return visitor;
    }

    [Fact]
    public async Task a_statement_that_needs_approval_is_the_chairs_and_its_authors_until_approved_then_everyones()
    {
        var (consultationId, room, chair, ghana) = await Running(needApproval: true);
        await using var visitor = await Visitor(room.Id);
        var (_, kenya) = await world.Delegate(consultationId, "Kenya", StakeholderGroup.MemberState);
        var statementId = await Deliver(ghana, room, "Ghana stresses the protection of migrant workers.");

        // Pending: the chair and the author see it; the public (the room, its page, another delegate) does not.
        Assert.True((await RoomAs(chair, room.Id)).Statements.Single(s => s.Id == statementId).AwaitsApproval);
        Assert.True((await RoomAs(ghana, room.Id)).Statements.Single(s => s.Id == statementId).AwaitsApproval);
        Assert.Empty((await world.Room(room.Id)).Statements);
        Assert.Empty((await RoomAs(kenya, room.Id)).Statements);
        Assert.DoesNotContain("protection of migrant workers", await world.Http.GetStringAsync($"/sessions/{room.Id}", Ct));
        Assert.Contains("protection of migrant workers", await ghana.GetStringAsync($"/sessions/{room.Id}", Ct));
        Assert.Contains("handler=approve", await chair.GetStringAsync($"/sessions/{room.Id}", Ct));

        // Refusals change nothing: a delegate, the anonymous, an unknown statement.
        Assert.Equal(HttpStatusCode.Forbidden, (await kenya.PostAsync($"/api/statements/{statementId}/approve", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ghana.PostAsync($"/api/statements/{statementId}/approve", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.Http.PostAsync($"/api/statements/{statementId}/approve", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await chair.PostAsync($"/api/statements/{Guid.NewGuid()}/approve", null, Ct)).StatusCode);
        // A pending statement is not cited.
        var cite = await chair.PutAsJsonAsync($"/api/sessions/{room.Id}/summary/draft", new { text = "Draft.", cites = new[] { statementId } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, cite.StatusCode);
        Assert.Contains(statementId.ToString(), await cite.Content.ReadAsStringAsync(Ct));
        Assert.Empty((await world.Room(room.Id)).Statements);

        // Approved: everyone sees it; approving again is idempotent (204, nothing appended).
        Assert.Equal(HttpStatusCode.NoContent, (await chair.PostAsync($"/api/statements/{statementId}/approve", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await chair.PostAsync($"/api/statements/{statementId}/approve", null, Ct)).StatusCode);
        await using (var query = world.Store.QuerySession())
            Assert.Equal(["statement_delivered", "statement_approved"], (await query.Events.FetchStreamAsync(statementId, token: Ct)).Select(e => e.EventTypeName));
        var seen = (await world.Room(room.Id)).Statements.Single();
        Assert.Equal(("Ghana stresses the protection of migrant workers.", false), (seen.Text, seen.AwaitsApproval));

        // The visitor's live stream never carried the pending delivery; it carried the approval, with the text.
        await visitor.WaitFor(c => c.Any(x => x.Type == "statement_approved"));
        Assert.DoesNotContain(visitor.Changes, c => c.Type == "statement_delivered");
        Assert.Contains("protection of migrant workers", visitor.Changes.Single(c => c.Type == "statement_approved").Data!.Value.GetRawText());

        // A statement the chair records for the speaker needs no approval.
        var recorded = await chair.PostAsJsonAsync($"/api/sessions/{room.Id}/statements",
            new { itemId = room.Agenda[0].Id, text = "Spoken words.", language = "en", inscriptionId = room.Agenda[0].Speakers[0].InscriptionId }, Ct);
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        Assert.Contains((await world.Room(room.Id)).Statements, s => s.Text == "Spoken words.");
    }

    [Fact]
    public async Task a_hidden_statements_text_leaves_the_public_history_a_screen_joining_from_zero_gets_the_fact_and_the_reason()
    {
        var (_, room, chair, ghana) = await Running(needApproval: false);
        await using var visitor = await Visitor(room.Id);
        const string secret = "Words-that-will-be-hidden-7f3a";
        var statementId = await Deliver(ghana, room, secret, "https://example.org/hidden-link-7f3a");
        await visitor.WaitFor(c => c.Any(x => x.Type == "statement_delivered"));
        Assert.Equal(HttpStatusCode.NoContent, (await chair.PostAsJsonAsync($"/api/statements/{statementId}/hide", new { reason = "Abusive language." }, Ct)).StatusCode);
        await visitor.WaitFor(c => c.Any(x => x.Type == "statement_hidden"));

        await using var late = new Recorder(world.HubClient());
        await late.Connection.StartAsync(Ct);
        var joined = await late.Connection.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinSession), room.Id, 0L, Ct);
        var all = JsonSerializer.Serialize(joined, SessionWorld.Json);
        Assert.DoesNotContain(secret, all);
        Assert.DoesNotContain("hidden-link-7f3a", all);
        var delivered = joined.Missed.Single(c => c.Type == "statement_delivered").Data!.Value;
        Assert.Equal(statementId, delivered.GetProperty("statementId").GetGuid());
        Assert.True(delivered.GetProperty("hidden").GetBoolean());
        Assert.Equal("Abusive language.", delivered.GetProperty("hiddenReason").GetString());
        Assert.Equal("Abusive language.", joined.Missed.Single(c => c.Type == "statement_hidden").Data!.Value.GetProperty("reason").GetString());

        // The history as stored (what the audit and the open data read) holds the text nowhere either; the room shows the fact and the reason.
        await using var query = world.Store.QuerySession();
        var stored = await query.Query<ConsultationChange>().Where(c => c.StreamId == statementId).ToListAsync(Ct);
        Assert.All(stored, c => Assert.DoesNotContain(secret, c.Data.GetRawText()));
        var shown = (await world.Room(room.Id)).Statements.Single();
        Assert.Equal((true, "Abusive language.", (string?)null), (shown.Hidden, shown.HiddenReason, shown.Text));
        Assert.DoesNotContain(secret, await world.Http.GetStringAsync($"/sessions/{room.Id}", Ct));
    }

    [Fact]
    public async Task the_summary_is_drafted_for_the_chairs_again_and_again_then_published_as_numbered_editions()
    {
        var (_, room, chair, ghana) = await Running(needApproval: false);
        await using var visitor = await Visitor(room.Id);
        var cited = await Deliver(ghana, room, "A statement to cite.");
        var hidden = await Deliver(ghana, room, "A statement to hide.");
        Assert.Equal(HttpStatusCode.NoContent, (await chair.PostAsJsonAsync($"/api/statements/{hidden}/hide", new { reason = "Off topic." }, Ct)).StatusCode);
        var draftPath = $"/api/sessions/{room.Id}/summary/draft";

        // Refusals: not the chair; an unknown or hidden statement cited (400 naming it); nothing to publish yet.
        Assert.Equal(HttpStatusCode.Forbidden, (await ghana.PutAsJsonAsync(draftPath, new { text = "Mine." }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.Http.PutAsJsonAsync(draftPath, new { text = "Mine." }, Ct)).StatusCode);
        foreach (var bad in new[] { Guid.NewGuid(), hidden })
        {
            var refused = await chair.PutAsJsonAsync(draftPath, new { text = "Draft.", cites = new[] { bad } }, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(bad.ToString(), await refused.Content.ReadAsStringAsync(Ct));
        }

        Assert.Equal(HttpStatusCode.NoContent, (await chair.PutAsJsonAsync(draftPath, new { text = "First draft." }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await chair.PutAsJsonAsync(draftPath, new { text = "Second draft.", cites = new[] { cited } }, Ct)).StatusCode);
        var draft = (await chair.GetFromJsonAsync<SummaryDraftView>(draftPath, SessionWorld.Json, Ct))!;
        Assert.Equal(("Second draft.", 0), (draft.Text, draft.PublishedEdition));
        Assert.Equal([cited], draft.Cites);
        Assert.Equal(HttpStatusCode.Forbidden, (await ghana.GetAsync(draftPath, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.Http.GetAsync(draftPath, Ct)).StatusCode);
        Assert.Equal((null, null, null), ((await world.Room(room.Id)).Summary, (await world.Room(room.Id)).SummaryDraft, (await RoomAs(ghana, room.Id)).SummaryDraft));
        Assert.Equal("Second draft.", (await RoomAs(chair, room.Id)).SummaryDraft);
        Assert.DoesNotContain("Second draft.", await world.Http.GetStringAsync($"/sessions/{room.Id}", Ct));

        // Published after the close: the draft as it stands (no text given), edition 1; a correction is edition 2.
        Assert.Equal(HttpStatusCode.Conflict, (await chair.PostAsJsonAsync($"/api/sessions/{room.Id}/summary", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await chair.PostAsync($"/api/sessions/{room.Id}/close", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await chair.PostAsJsonAsync($"/api/sessions/{room.Id}/summary", new { }, Ct)).StatusCode);
        var published = await world.Room(room.Id);
        Assert.Equal(("Second draft.", 1), (published.Summary, published.SummaryEdition));
        Assert.Equal([cited], published.SummaryCites);
        Assert.Null((await RoomAs(chair, room.Id)).SummaryDraft);
        Assert.Equal(HttpStatusCode.NoContent, (await chair.PostAsJsonAsync($"/api/sessions/{room.Id}/summary", new { text = "Corrected.", cites = new[] { cited } }, Ct)).StatusCode);
        Assert.Equal(("Corrected.", 2), ((await world.Room(room.Id)).Summary, (await world.Room(room.Id)).SummaryEdition));
        await using (var query = world.Store.QuerySession())
        {
            var editions = (await query.Events.FetchStreamAsync(room.Id, token: Ct)).Select(e => e.Data).OfType<SessionSummaryPublished>().ToList();
            Assert.Equal([(1, "Second draft."), (2, "Corrected.")], editions.Select(e => (e.Edition, e.Text)));
        }

        // The public stream had the editions, never the drafts.
        await visitor.WaitFor(c => c.Count(x => x.Type == "session_summary_published") == 2);
        Assert.DoesNotContain(visitor.Changes, c => c.Type == "session_summary_drafted");
    }

    [Fact]
    public async Task the_schedule_form_reads_the_times_in_the_zone_and_answers_with_the_decisions_errors()
    {
        var consultation = await world.NewConsultation(ConsultationPlatform.Consultations.ConsultationPhase.Inputs);
        var form = $"/consultations/{consultation.Id}/sessions/new";
        var moderator = new Visitor(world);
        await moderator.SignIn((await world.NewModerator()).Email);

        var (status, page) = await moderator.Page(form);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(ScheduleModelRows, page.QuerySelectorAll("select[name=kind]").Length);
        Assert.Equal("challenge:1", page.QuerySelector("#kind-1 option[selected]")?.GetAttribute("value"));
        Assert.Contains(form, (await moderator.Page($"/consultations/{consultation.Id}")).Page.QuerySelector("#sessions")!.InnerHtml);
        Assert.DoesNotContain(form, await world.Http.GetStringAsync($"/consultations/{consultation.Id}", Ct));

        // Wrong in several ways: every fault named, in the form, and nothing scheduled.
        var (refused, errors, _) = await moderator.Submit(form, new()
        {
            ["title"] = "", ["starts"] = "2026-10-04T10:00", ["ends"] = "2026-10-04T09:00", ["timeZone"] = "Mars/Olympus",
            ["kind"] = "challenge:9", ["defaultSeconds"] = "5", ["groupSeconds"] = "300",
        }, form);
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        var summary = errors.QuerySelector("#problem")!.TextContent;
        foreach (var words in new[] { "needs a title", "ends after it starts", "'Mars/Olympus' is not a known time zone", "has no challenge 9", "speaking time is 10 to 3600" })
            Assert.Contains(words, summary);
        Assert.Equal("true", errors.QuerySelector("#title")!.GetAttribute("aria-invalid"));
        Assert.Empty((await world.Http.GetFromJsonAsync<List<SessionListEntry>>($"/api/consultations/{consultation.Id}/sessions", SessionWorld.Json, Ct))!);

        // A local time that does not exist in the zone (the clocks go forward) is named too.
        var (gap, gapPage, _) = await moderator.Submit(form, new()
        {
            ["title"] = "Gap", ["starts"] = "2026-03-29T02:30", ["ends"] = "2026-03-29T05:00", ["timeZone"] = "Europe/Zurich", ["kind"] = "challenge:1",
            ["defaultSeconds"] = "180", ["groupSeconds"] = "300",
        }, form);
        Assert.Equal(HttpStatusCode.BadRequest, gap);
        Assert.Contains("does not exist in Europe/Zurich", gapPage.QuerySelector("#problem")!.TextContent);

        // Right: stored in UTC with the zone, the agenda in the rows' order (empty rows left out), the rules as ticked.
        var scheduled = await moderator.Post(form, new()
        {
            ["title"] = "Online round table", ["starts"] = "2026-10-04T10:00", ["ends"] = "2026-10-04T13:00", ["timeZone"] = "Europe/Zurich",
            ["kind"] = "free", ["itemTitle"] = "Opening", ["defaultSeconds"] = "120", ["groupSeconds"] = "240", ["needApproval"] = "true",
            ["bySelection"] = "true", ["slots"] = "2",
        }, form);
        Assert.Equal(HttpStatusCode.Redirect, scheduled.StatusCode);
        var sessionId = Guid.Parse(scheduled.Headers.Location!.ToString().Split('/')[^1].Split('?')[0]);
        var room = await world.Room(sessionId);
        Assert.Equal((new DateTimeOffset(2026, 10, 4, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 4, 11, 0, 0, TimeSpan.Zero), "Europe/Zurich"),
            (room.Starts.ToUniversalTime(), room.Ends.ToUniversalTime(), room.TimeZone));
        Assert.Equal([(AgendaItemKind.Free, "Opening")], room.Agenda.Select(i => (i.Kind, i.Title)));
        Assert.Equal((false, 120, 240, true, 2), (room.Rules.ByPrecedence, room.Rules.DefaultSpeakingSeconds, room.Rules.SpeakingTimeFor(SpeakerClass.Group),
            room.Rules.StakeholdersBySelection, room.Rules.StakeholderSlots));
        Assert.True(room.StatementsNeedApproval);

        // Several rows, in order.
        var ordered = new FormUrlEncodedContent([
            new("__RequestVerificationToken", await moderator.Token(form)), new("title", "Three items"), new("starts", "2026-10-05T09:00"), new("ends", "2026-10-05T12:00"),
            new("timeZone", "America/New_York"), new("kind", "challenge:2"), new("itemTitle", ""), new("kind", ""), new("itemTitle", ""),
            new("kind", "free"), new("itemTitle", "Any other business"), new("kind", "challenge:1"), new("itemTitle", ""),
            new("defaultSeconds", "180"), new("groupSeconds", "300"), new("byPrecedence", "true"),
        ]);
        var second = await moderator.PostContent(form, ordered);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var three = await world.Room(Guid.Parse(second.Headers.Location!.ToString().Split('/')[^1].Split('?')[0]));
        string Challenge(int n) => consultation.Challenges.Single(c => c.Number == n).Text;
        Assert.Equal([(AgendaItemKind.Challenge, Challenge(2)), (AgendaItemKind.Free, "Any other business"), (AgendaItemKind.Challenge, Challenge(1))],
            three.Agenda.Select(i => (i.Kind, i.Title)));
        Assert.Equal(new DateTimeOffset(2026, 10, 5, 13, 0, 0, TimeSpan.Zero), three.Starts.ToUniversalTime());

        // A delegate is refused the form; the demo session is refused outside Development.
        var (delegateAccount, _) = await world.NewDelegate("Peru", StakeholderGroup.MemberState, consultation.Id);
        var peru = new Visitor(world);
        await peru.SignIn(delegateAccount.Email);
        Assert.Equal(HttpStatusCode.Forbidden, (await peru.Page(form)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await moderator.Post(form + "?handler=demo", new(), form)).StatusCode);
    }

    private const int ScheduleModelRows = ConsultationPlatform.Web.Pages.Sessions.ScheduleModel.AgendaRows;
}
