using ConsultationPlatform.Consultations.History;
using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.Replies;
using ConsultationPlatform.Search;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Tests.Amendments;
using ConsultationPlatform.Tests.Support;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace ConsultationPlatform.Tests.Replies;

[Collection(PlatformCollection.Name)]
public sealed class ReplyEndpointTests(AppFixture app)
{
    private static readonly Actor Moderator = Delegates.Moderator();

    private static string Token() => "tok" + Guid.NewGuid().ToString("N")[..12];

    private async Task<ConsultationBoard> Consultation(ConsultationPhase phase = ConsultationPhase.Inputs, bool preModerated = true)
    {
        var board = await app.NewConsultation(phase);
        if (!preModerated)
            (await app.ClientFor(Moderator).PutAsJsonAsync($"/api/consultations/{board.Id}/rules",
                new { inputsPreModerated = false, allowsEarlyEndorsement = false }, AppFixture.Json)).EnsureSuccessStatusCode();
        return board;
    }

    private async Task<Guid> PublishedInput(Guid consultationId, Guid? pointId = null)
    {
        var response = await app.ClientFor(Delegates.CivilSociety("Input author")).PostAsJsonAsync($"/api/consultations/{consultationId}/submissions",
            new SubmitInput("An input on remittances.", "en", null, pointId), AppFixture.Json);
        var id = (await response.Content.ReadFromJsonAsync<SubmissionCreated>(AppFixture.Json))!.Id;
        (await app.ClientFor(Moderator).PostAsync($"/api/submissions/{id}/publish", null)).EnsureSuccessStatusCode();
        return id;
    }

    private Task<HttpResponseMessage> Reply(Actor actor, string parent, object body, bool accredit = true) =>
        app.ClientFor(actor, accredit).PostAsJsonAsync($"/api/{parent}/replies", body, AppFixture.Json);

    private async Task<Guid> Replied(Actor actor, string parent, string body, Guid? inReplyTo = null)
    {
        var response = await Reply(actor, parent, new { body, language = "en", inReplyTo });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ReplyCreated>(AppFixture.Json))!.Id;
    }

    private async Task<IReadOnlyList<ReplyView>> Thread(string parent, Actor? reader = null) =>
        (await (reader is null ? app.Http : app.ClientFor(reader)).GetFromJsonAsync<List<ReplyView>>($"/api/{parent}/replies", AppFixture.Json))!;

    private async Task<int> Stored(Guid parentId)
    {
        await using var session = app.Store.QuerySession();
        return await session.Query<Reply>().CountAsync(r => r.ParentId == parentId);
    }

    private async Task Moderate(Guid replyId, string act, string? reason = null) =>
        Assert.Equal(HttpStatusCode.NoContent,
            (await app.ClientFor(Moderator).PostAsJsonAsync($"/api/replies/{replyId}/{act}", new { reason }, AppFixture.Json)).StatusCode);

    private static async Task<ProblemDetails> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ProblemDetails>(AppFixture.Json))!;
    }

    [Fact]
    public async Task a_thread_under_an_input_is_moderated_like_inputs_and_seen_as_inputs_are()
    {
        var board = await Consultation();
        var input = await PublishedInput(board.Id);
        var author = Delegates.Of("Replying union " + Guid.NewGuid().ToString("N")[..6], StakeholderGroup.TradeUnion);
        var other = Delegates.State("Other reader " + Guid.NewGuid().ToString("N")[..6]);

        var first = await Replied(author, $"submissions/{input}", "We agree, and add the cost of transfers.");
        // Pending: its author and the moderators see it; nobody else.
        Assert.Single(await Thread($"submissions/{input}", author));
        Assert.Single(await Thread($"submissions/{input}", Moderator));
        Assert.Empty(await Thread($"submissions/{input}", other));
        Assert.Empty(await Thread($"submissions/{input}"));
        await Problem(await app.ClientFor(other).GetAsync($"/api/replies/{first}"), HttpStatusCode.NotFound);

        await Moderate(first, "publish");
        var seen = Assert.Single(await Thread($"submissions/{input}"));
        Assert.Equal((ReplyStatus.Published, author.OrganisationName, null), (seen.Status, seen.OrganisationName, seen.PersonName));

        // A reply to the reply, in the thread; then hidden with a reason its author sees.
        var second = await Replied(other, $"submissions/{input}", "Which costs?", first);
        await Moderate(second, "publish");
        Assert.Equal(first, (await Thread($"submissions/{input}")).Single(r => r.Id == second).InReplyTo);
        await Moderate(second, "hide", "Off topic.");
        Assert.DoesNotContain(await Thread($"submissions/{input}"), r => r.Id == second);
        Assert.Equal("Off topic.", (await Thread($"submissions/{input}", other)).Single(r => r.Id == second).HiddenReason);

        // In the audit: public for the publication and the hiding, private (moderators) for the posting.
        await app.App.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var open = (await app.Http.GetFromJsonAsync<AuditLog>($"/api/consultations/{board.Id}/audit?limit=500", AppFixture.Json))!;
        Assert.Contains(open.Entries, e => e.Type == "reply_published");
        Assert.Contains(open.Entries, e => e.Type == "reply_hidden");
        Assert.DoesNotContain(open.Entries, e => e.Type == "reply_posted");
        var full = (await app.ClientFor(Moderator).GetFromJsonAsync<AuditLog>($"/api/consultations/{board.Id}/audit?limit=500", AppFixture.Json))!;
        Assert.Equal(2, full.Entries.Count(e => e.Type == "reply_posted"));
    }

    [Fact]
    public async Task post_moderated_a_reply_under_an_amendment_is_public_at_once()
    {
        var api = new AmendmentApi(app);
        var board = await Consultation(ConsultationPhase.Drafting, preModerated: false);
        var point = board.ActionPoints[0];
        var amendment = await api.Proposed(Delegates.State("Amending " + Guid.NewGuid().ToString("N")[..6]), point.Id, 1, point.Text + " Amended.");
        var reply = await Replied(Delegates.Of("Academia " + Guid.NewGuid().ToString("N")[..6], StakeholderGroup.Academia), $"amendments/{amendment}", "The evidence supports it.");
        var thread = await Thread($"amendments/{amendment}");
        Assert.Equal((reply, ReplyParent.Amendment, point.Id), (thread.Single().Id, thread.Single().ParentKind, thread.Single().ActionPointId!.Value));
    }

    [Fact]
    public async Task every_refusal_is_a_problem_and_records_nothing()
    {
        var board = await Consultation();
        var input = await PublishedInput(board.Id);
        var parent = $"submissions/{input}";
        var union = Delegates.Of("Refused union " + Guid.NewGuid().ToString("N")[..6], StakeholderGroup.TradeUnion);

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Http.PostAsJsonAsync($"/api/{parent}/replies", new { body = "x", language = "en" }, AppFixture.Json)).StatusCode);
        Assert.Contains("not accredited",
            (await Problem(await Reply(union, parent, new { body = "x", language = "en" }, accredit: false), HttpStatusCode.Forbidden)).Detail);
        await Problem(await Reply(Moderator, parent, new { body = "x", language = "en" }), HttpStatusCode.Forbidden);
        var invalid = await Reply(union, parent, new { body = "", language = "" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<ValidationProblemDetails>(AppFixture.Json))!.Errors.Keys;
        Assert.Contains("body", errors);
        Assert.Contains("language", errors);
        Assert.Contains("inReplyTo", (await (await Reply(union, parent, new { body = "x", language = "en", inReplyTo = Guid.NewGuid() }))
            .Content.ReadFromJsonAsync<ValidationProblemDetails>(AppFixture.Json))!.Errors.Keys);
        await Problem(await Reply(union, $"submissions/{Guid.NewGuid()}", new { body = "x", language = "en" }), HttpStatusCode.NotFound);
        await Problem(await Reply(union, $"amendments/{Guid.NewGuid()}", new { body = "x", language = "en" }), HttpStatusCode.NotFound);
        await Problem(await app.Http.GetAsync($"/api/submissions/{Guid.NewGuid()}/replies"), HttpStatusCode.NotFound);
        await Problem(await app.Http.GetAsync($"/api/replies/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await Problem(await app.ClientFor(Moderator).PostAsync($"/api/replies/{Guid.NewGuid()}/publish", null), HttpStatusCode.NotFound);

        // A pending input (not visible to the replier): 404; its own author: 409, it is not published.
        var author = Delegates.CivilSociety("Pending author " + Guid.NewGuid().ToString("N")[..6]);
        var pending = (await (await app.ClientFor(author).PostAsJsonAsync($"/api/consultations/{board.Id}/submissions",
            new SubmitInput("Pending.", "en"), AppFixture.Json)).Content.ReadFromJsonAsync<SubmissionCreated>(AppFixture.Json))!.Id;
        await Problem(await Reply(union, $"submissions/{pending}", new { body = "x", language = "en" }), HttpStatusCode.NotFound);
        Assert.Equal("https://consultation.dev/problems/submission-status",
            (await Problem(await Reply(author, $"submissions/{pending}", new { body = "x", language = "en" }), HttpStatusCode.Conflict)).Type);

        // Wrong phase.
        var concluded = await Consultation(ConsultationPhase.Concluded);
        await using (var session = app.Store.LightweightSession())
        {
            // An input published before the consultation concluded.
            var old = Guid.NewGuid();
            session.Events.StartStream<Submission>(old,
                new SubmissionReceived(old, concluded.Id, null, null, null, "Old.", "<p>Old.</p>", "en", author.PersonId, author.PersonName,
                    author.OrganisationId, author.OrganisationName, author.OrganisationGroup),
                new SubmissionPublished(old, concluded.Id, Guid.Empty, true));
            await session.SaveChangesAsync();
            Assert.Equal("https://consultation.dev/problems/wrong-phase",
                (await Problem(await Reply(union, $"submissions/{old}", new { body = "x", language = "en" }), HttpStatusCode.Conflict)).Type);
            Assert.Equal(0, await Stored(old));
        }

        // A delegate does not moderate; a moderator gives a reason to reject.
        var reply = await Replied(union, parent, "A reply to moderate.");
        await Problem(await app.ClientFor(union).PostAsync($"/api/replies/{reply}/publish", null), HttpStatusCode.Forbidden);
        Assert.Contains("reason", (await (await app.ClientFor(Moderator).PostAsJsonAsync($"/api/replies/{reply}/reject", new { reason = " " }, AppFixture.Json))
            .Content.ReadFromJsonAsync<ValidationProblemDetails>(AppFixture.Json))!.Errors.Keys);
        await Problem(await app.ClientFor(Moderator).PostAsJsonAsync($"/api/replies/{reply}/hide", new { reason = "Abusive." }, AppFixture.Json), HttpStatusCode.Conflict);
        Assert.Equal(ReplyStatus.Received, Assert.Single(await Thread(parent, Moderator)).Status);
        Assert.Equal(1, await Stored(input));
    }

    [Fact]
    public async Task search_finds_a_reply_only_for_those_who_may_see_it()
    {
        var board = await Consultation();
        var input = await PublishedInput(board.Id);
        var author = Delegates.Of("Search union " + Guid.NewGuid().ToString("N")[..6], StakeholderGroup.TradeUnion);
        var other = Delegates.CivilSociety("Search other " + Guid.NewGuid().ToString("N")[..6]);
        var (pendingWord, rejectedWord, hiddenWord, publishedWord) = (Token(), Token(), Token(), Token());
        await Replied(author, $"submissions/{input}", $"Pending reply {pendingWord}.");
        var rejected = await Replied(author, $"submissions/{input}", $"Rejected reply {rejectedWord}.");
        await Moderate(rejected, "reject", "Off topic.");
        var hidden = await Replied(author, $"submissions/{input}", $"Hidden reply {hiddenWord}.");
        await Moderate(hidden, "publish");
        await Moderate(hidden, "hide", "Abusive.");
        var published = await Replied(author, $"submissions/{input}", $"Published reply {publishedWord}.");
        await Moderate(published, "publish");

        await app.App.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        async Task<SearchResults> Search(Actor? reader, string word)
        {
            var response = await (reader is null ? app.Http : app.ClientFor(reader)).GetAsync($"/api/search?q={word}&consultation={board.Id}&kind=reply");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<SearchResults>(AppFixture.Json))!;
        }

        foreach (var reader in new[] { null, other, Delegates.State("Search state " + Guid.NewGuid().ToString("N")[..6]) })
        {
            Assert.Empty((await Search(reader, pendingWord)).Hits);
            Assert.Empty((await Search(reader, rejectedWord)).Hits);
            Assert.Empty((await Search(reader, hiddenWord)).Hits);
            var hit = Assert.Single((await Search(reader, publishedWord)).Hits);
            Assert.Equal((published, SearchKind.Reply), (hit.Id, hit.Kind));
        }

        foreach (var reader in new[] { author, Moderator })
            foreach (var word in new[] { pendingWord, rejectedWord, hiddenWord, publishedWord })
                Assert.Single((await Search(reader, word)).Hits);
    }

    [Fact]
    public async Task a_pending_reply_goes_live_to_the_moderators_and_its_author_and_its_publication_to_everyone()
    {
        var board = await Consultation();
        var input = await PublishedInput(board.Id);
        var author = Delegates.Of("Live union " + Guid.NewGuid().ToString("N")[..6], StakeholderGroup.TradeUnion);
        var reply = await Replied(author, $"submissions/{input}", "Live reply.");
        await Moderate(reply, "publish");
        await app.App.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        await using var session = app.Store.QuerySession();
        var changes = await session.Query<ConsultationChange>().Where(c => c.ConsultationId == board.Id && c.Type.StartsWith("reply_")).OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(["reply_posted", "reply_published"], changes.Select(c => c.Type));
        Assert.Equal((ChangeAudience.Moderators, author.PersonId), (changes[0].Audience, changes[0].AudiencePersonId!.Value));
        Assert.Equal(ChangeAudience.Public, changes[1].Audience);
    }
}
