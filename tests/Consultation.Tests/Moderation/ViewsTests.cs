using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.Moderation;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Tests.Support;
using Marten;
using Microsoft.AspNetCore.SignalR.Client;

namespace ConsultationPlatform.Tests.Moderation;

/// <summary>The moderation queue, a participant's own items, consensus by group and the audit log: by HTTP and by push.</summary>
[Collection(PlatformCollection.Name)]
public class ViewsTests(AppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<Guid> Submit(Actor author, Guid consultationId, string body)
    {
        var response = await app.ClientFor(author).PostAsJsonAsync($"/api/consultations/{consultationId}/submissions",
            new { body, language = "en", title = "An input" }, AppFixture.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SubmissionCreated>(AppFixture.Json, Ct))!.Id;
    }

    private async Task WaitForHistory(Guid consultationId, Func<ConsultationChange, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            await using var session = app.Store.QuerySession();
            var changes = await session.Query<ConsultationChange>().Where(c => c.ConsultationId == consultationId).ToListAsync(Ct);
            if (changes.Any(condition)) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The change never reached the history.");
            await Task.Delay(20, Ct);
        }
    }

    [Fact]
    public async Task the_moderation_queue_shows_pending_inputs_to_moderators_only()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var author = Delegates.CivilSociety("Migrant Forum in Asia");
        var pending = await Submit(author, board.Id, "Please add diaspora bonds.");

        var queue = await app.ClientFor(Delegates.Moderator()).GetFromJsonAsync<ModerationQueue>(
            $"/api/consultations/{board.Id}/moderation-queue", AppFixture.Json, Ct);
        var queued = Assert.Single(queue!.PendingInputs);
        Assert.Equal(pending, queued.Id);
        Assert.Equal("Migrant Forum in Asia", queued.Organisation);

        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(author).GetAsync($"/api/consultations/{board.Id}/moderation-queue", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Http.GetAsync($"/api/consultations/{board.Id}/moderation-queue", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await app.ClientFor(Delegates.Moderator()).GetAsync($"/api/consultations/{Guid.NewGuid()}/moderation-queue", Ct)).StatusCode);
    }

    [Fact]
    public async Task the_pushed_moderation_queue_and_the_http_queue_agree()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var moderator = Delegates.Moderator();
        await using var client = app.HubClient(moderator);
        var batches = new List<ChangeBatch>();
        client.On<ChangeBatch>(LiveMessages.Changes, b => { lock (batches) batches.Add(b); });
        await client.StartAsync(Ct);
        var joined = await client.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinModeration), board.Id, null, Ct);
        Assert.NotNull(joined.ModerationQueue);
        Assert.Empty(joined.ModerationQueue!.PendingInputs);

        var first = await Submit(Delegates.CivilSociety("Org A"), board.Id, "First.");
        var second = await Submit(Delegates.CivilSociety("Org B"), board.Id, "Second.");
        await Eventually(() => LastQueue(batches)?.PendingInputs.Count == 2);

        var pushed = LastQueue(batches)!;
        var fetched = (await app.ClientFor(moderator).GetFromJsonAsync<ModerationQueue>($"/api/consultations/{board.Id}/moderation-queue", AppFixture.Json, Ct))!;
        Assert.Equal(fetched.PendingInputs.Select(i => i.Id), pushed.PendingInputs.Select(i => i.Id));
        Assert.Equal([first, second], fetched.PendingInputs.Select(i => i.Id));
    }

    private static ModerationQueue? LastQueue(List<ChangeBatch> batches)
    {
        lock (batches) return batches.LastOrDefault(b => b.ModerationQueue is not null)?.ModerationQueue;
    }

    [Fact]
    public async Task a_participant_sees_their_own_items_with_their_status_and_nobody_elses()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var author = Delegates.CivilSociety("Global Coalition on Migration");
        var mine = await Submit(author, board.Id, "An input of mine.");
        await Submit(Delegates.CivilSociety("Someone else"), board.Id, "Not mine.");

        var items = await app.ClientFor(author).GetFromJsonAsync<OwnItems>("/api/me/items", AppFixture.Json, Ct);
        var input = Assert.Single(items!.Inputs);
        Assert.Equal(mine, input.Id);
        Assert.Equal(SubmissionStatus.Received, input.Status);
        Assert.Contains(items.Accreditations, a => a.ConsultationId == board.Id && a.Status == AccreditationStatus.Granted);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Http.GetAsync("/api/me/items", Ct)).StatusCode);
    }

    [Fact]
    public async Task consensus_counts_the_current_text_by_group_and_reservations_apart()
    {
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = board.ActionPoints[0];
        (await app.ClientFor(Delegates.State("Ghana")).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = 1 }, Ct)).EnsureSuccessStatusCode();
        (await app.ClientFor(Delegates.Of("IOM", StakeholderGroup.IntergovernmentalOrganisation))
            .PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = 1, reservation = "Within its mandate" }, Ct)).EnsureSuccessStatusCode();

        var consensus = await app.Http.GetFromJsonAsync<Consensus>($"/api/consultations/{board.Id}/consensus", AppFixture.Json, Ct);
        var first = consensus!.ActionPoints.Single(p => p.ActionPointId == point.Id);
        Assert.Equal(1, first.EndorsingCurrentText[StakeholderGroup.MemberState]);
        Assert.Equal(1, first.EndorsingCurrentText[StakeholderGroup.IntergovernmentalOrganisation]);
        Assert.Equal(1, first.WithReservation);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync($"/api/consultations/{Guid.NewGuid()}/consensus", Ct)).StatusCode);
    }

    [Fact]
    public async Task the_public_audit_log_names_organisations_and_leaves_out_private_acts_which_moderators_see_with_the_person()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var author = Delegates.CivilSociety("Women in Migration Network");
        await Submit(author, board.Id, "Pending, so private.");
        await WaitForHistory(board.Id, c => c.Type == "submission_received");

        var publicLog = await app.Http.GetFromJsonAsync<AuditLog>($"/api/consultations/{board.Id}/audit?limit=500", AppFixture.Json, Ct);
        Assert.False(publicLog!.IncludesPrivate);
        Assert.Contains(publicLog.Entries, e => e.Type == "consultation_created");
        Assert.DoesNotContain(publicLog.Entries, e => e.Type == "submission_received");
        Assert.All(publicLog.Entries, e => Assert.Null(e.Person));

        var moderatorLog = await app.ClientFor(Delegates.Moderator()).GetFromJsonAsync<AuditLog>(
            $"/api/consultations/{board.Id}/audit?limit=500", AppFixture.Json, Ct);
        var received = Assert.Single(moderatorLog!.Entries, e => e.Type == "submission_received");
        Assert.Equal("Women in Migration Network", received.Organisation);
        Assert.Equal(author.PersonName, received.Person);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Http.GetAsync($"/api/consultations/{board.Id}/audit?limit=0", Ct)).StatusCode);
        var unparseable = await app.Http.GetAsync($"/api/consultations/{board.Id}/audit?after=yesterday", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unparseable.StatusCode);
        Assert.Equal("application/problem+json", unparseable.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task a_public_client_never_receives_a_private_change_while_moderators_and_the_author_do()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        await WaitForHistory(board.Id, c => c.Type == "action_point_tabled" && c.ActionPointId == board.ActionPoints[^1].Id);
        var author = Delegates.CivilSociety("Diaspora Network");

        var publicBatches = new List<ChangeBatch>();
        var moderatorBatches = new List<ChangeBatch>();
        var authorBatches = new List<ChangeBatch>();
        await using var publicClient = app.HubClient();
        await using var moderatorClient = app.HubClient(Delegates.Moderator());
        await using var authorClient = app.HubClient(author);
        publicClient.On<ChangeBatch>(LiveMessages.Changes, b => { lock (publicBatches) publicBatches.Add(b); });
        moderatorClient.On<ChangeBatch>(LiveMessages.Changes, b => { lock (moderatorBatches) moderatorBatches.Add(b); });
        authorClient.On<ChangeBatch>(LiveMessages.Changes, b => { lock (authorBatches) authorBatches.Add(b); });
        foreach (var c in new[] { publicClient, moderatorClient, authorClient }) await c.StartAsync(Ct);
        await publicClient.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinConsultation), board.Id, null, Ct);
        await moderatorClient.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinModeration), board.Id, null, Ct);
        await authorClient.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinOwnItems), null, Ct);
        await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() =>
            authorClient.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinModeration), board.Id, null, Ct));

        var pending = await Submit(author, board.Id, "A private, pending input.");
        // A public act after it: once the public client has it, the private one (earlier) would have arrived too.
        (await app.ClientFor(Delegates.Moderator()).PostAsJsonAsync($"/api/consultations/{board.Id}/phase",
            new { phase = "drafting" }, AppFixture.Json, Ct)).EnsureSuccessStatusCode();

        await Eventually(() => Changes(publicBatches).Any(c => c.Type == "consultation_phase_changed"));
        await Eventually(() => Changes(moderatorBatches).Any(c => c.Type == "submission_received"));
        await Eventually(() => Changes(authorBatches).Any(c => c.Type == "submission_received"));
        Assert.DoesNotContain(Changes(publicBatches), c => c.Type.StartsWith("submission_"));
        // A private act for the author after the phase change: once the author has it, the phase change (earlier)
        // would have reached the author's stream too, had it been sent there.
        (await app.ClientFor(Delegates.Moderator()).PostAsJsonAsync($"/api/submissions/{pending}/reject",
            new { reason = "Off topic." }, AppFixture.Json, Ct)).EnsureSuccessStatusCode();
        await Eventually(() => Changes(authorBatches).Any(c => c.Type == "submission_rejected"));
        Assert.DoesNotContain(Changes(authorBatches), c => c.Type == "consultation_phase_changed");
        Assert.Contains(pending.ToString(), Changes(moderatorBatches).Single(c => c.Type == "submission_received").Data!.Value.GetRawText());
    }

    [Fact]
    public async Task the_decisions_on_ones_own_items_reach_ones_own_stream_live_and_after_reconnecting()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var point = board.ActionPoints.Single(p => p.Number == 4);
        var author = Delegates.CivilSociety("Migrant Forum in Asia");
        var proposer = Delegates.State("Philippines");
        var moderator = app.ClientFor(Delegates.Moderator());

        var authorBatches = new List<ChangeBatch>();
        var proposerBatches = new List<ChangeBatch>();
        await using var authorClient = app.HubClient(author);
        await using var proposerClient = app.HubClient(proposer);
        authorClient.On<ChangeBatch>(LiveMessages.Changes, b => { lock (authorBatches) authorBatches.Add(b); });
        proposerClient.On<ChangeBatch>(LiveMessages.Changes, b => { lock (proposerBatches) proposerBatches.Add(b); });
        foreach (var c in new[] { authorClient, proposerClient }) await c.StartAsync(Ct);
        var authorJoined = await authorClient.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinOwnItems), null, Ct);
        await proposerClient.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinOwnItems), null, Ct);

        var input = await Submit(author, board.Id, "Portable social security for migrant workers.");
        await Eventually(() => Changes(authorBatches).Any(c => c.Type == "submission_received"));
        Assert.Equal(HttpStatusCode.NoContent, (await moderator.PostAsync($"/api/submissions/{input}/publish", null, Ct)).StatusCode);
        var proposed = await app.ClientFor(proposer).PostAsJsonAsync($"/api/action-points/{point.Id}/amendments",
            new { baseVersion = 1, text = point.Text + " With the participation of migrants' associations.", rationale = "Inclusion." }, AppFixture.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var amendment = (await proposed.Content.ReadFromJsonAsync<AmendmentProposal>(AppFixture.Json, Ct))!.AmendmentId;
        Assert.Equal(HttpStatusCode.OK, (await moderator.PostAsync($"/api/amendments/{amendment}/accept", null, Ct)).StatusCode);

        // Live: each person hears of the decision on their own item, and only of their own.
        await Eventually(() => Changes(authorBatches).Any(c => c.Type == "submission_published"));
        await Eventually(() => Changes(proposerBatches).Any(c => c.Type == "amendment_accepted"));
        // The proposer's stream had the acceptance, the last act: a decision on an input (earlier) would be in it by now.
        Assert.DoesNotContain(Changes(proposerBatches), c => c.Type.StartsWith("submission_"));

        // After an absence: the author catches up with the received and published input, in order, from the history.
        await using var back = app.HubClient(author);
        await back.StartAsync(Ct);
        var caughtUp = await back.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinOwnItems), authorJoined.Position, Ct);
        Assert.Equal(["submission_received", "submission_published"], caughtUp.Missed.Where(c => c.Type.StartsWith("submission_")).Select(c => c.Type));
        Assert.Equal(Changes(authorBatches).Select(c => c.Position), caughtUp.Missed.Select(c => c.Position));

        // A decision on the author's input after the acceptance: once the author has it, the acceptance (earlier)
        // would have reached the author's stream too, had it been sent there.
        Assert.Equal(HttpStatusCode.NoContent, (await moderator.PostAsJsonAsync($"/api/submissions/{input}/hide",
            new { reason = "Duplicate." }, AppFixture.Json, Ct)).StatusCode);
        await Eventually(() => Changes(authorBatches).Any(c => c.Type == "submission_hidden"));
        Assert.DoesNotContain(Changes(authorBatches), c => c.Type.StartsWith("amendment_"));
    }

    private static List<ChangeMessage> Changes(List<ChangeBatch> batches)
    {
        lock (batches) return batches.SelectMany(b => b.Changes).ToList();
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException();
            await Task.Delay(20, Ct);
        }
    }
}
