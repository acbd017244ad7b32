using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.Submissions;

/// <summary>Helpers shared by the submission tests: each test runs on a consultation of its own.</summary>
public abstract class SubmissionTestsBase(AppFixture app)
{
    protected readonly AppFixture App = app;
    protected static readonly Actor Moderator = Delegates.Moderator();

    protected async Task<ConsultationBoard> Consultation(ConsultationPhase phase = ConsultationPhase.Inputs, bool preModerated = true)
    {
        var board = await App.NewConsultation(phase);
        if (!preModerated)
        {
            var set = await App.ClientFor(Moderator).PutAsJsonAsync($"/api/consultations/{board.Id}/rules",
                new { inputsPreModerated = false, allowsEarlyEndorsement = false }, AppFixture.Json);
            set.EnsureSuccessStatusCode();
        }

        return board;
    }

    protected Task<HttpResponseMessage> Submit(Actor actor, Guid consultationId, object body) =>
        App.ClientFor(actor).PostAsJsonAsync($"/api/consultations/{consultationId}/submissions", body, AppFixture.Json);

    protected static object Input(string body = "Lower the cost of remittances to under 3 per cent.", string language = "en",
        string? title = null, Guid? actionPointId = null) => new { body, language, title, actionPointId };

    /// <summary>Submits an input that must be accepted, and returns its id.</summary>
    protected async Task<Guid> Submitted(Actor actor, Guid consultationId, object? body = null)
    {
        var response = await Submit(actor, consultationId, body ?? Input());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SubmissionCreated>(AppFixture.Json))!.Id;
    }

    protected async Task<Guid> Published(Actor author, Guid consultationId)
    {
        var id = await Submitted(author, consultationId);
        Assert.Equal(HttpStatusCode.NoContent, (await Act(Moderator, id, "publish")).StatusCode);
        return id;
    }

    protected Task<HttpResponseMessage> Act(Actor actor, Guid submissionId, string act, string? reason = null) =>
        App.ClientFor(actor).PostAsJsonAsync($"/api/submissions/{submissionId}/{act}", new { reason }, AppFixture.Json);

    protected Task<HttpResponseMessage> Get(Actor? viewer, Guid submissionId) =>
        (viewer is null ? App.Http : App.ClientFor(viewer)).GetAsync($"/api/submissions/{submissionId}");

    protected async Task<SubmissionView> View(Actor? viewer, Guid submissionId)
    {
        var response = await Get(viewer, submissionId);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SubmissionView>(AppFixture.Json))!;
    }

    protected async Task<List<SubmissionView>> PublicList(Guid consultationId, Guid? actionPointId = null) =>
        (await App.Http.GetFromJsonAsync<List<SubmissionView>>(
            $"/api/consultations/{consultationId}/submissions" + (actionPointId is { } p ? $"?actionPointId={p}" : ""), AppFixture.Json))!;

    /// <summary>Every submission of the consultation in the store, whatever its status, and every event on them.</summary>
    protected async Task<(int Submissions, long Events)> Stored(Guid consultationId)
    {
        await using var session = App.Store.QuerySession();
        var submissions = await session.Query<Submission>().Where(s => s.ConsultationId == consultationId).ToListAsync();
        return (submissions.Count, submissions.Sum(s => (long)s.Version));
    }

    protected static async Task<T> Problem<T>(HttpResponseMessage response, HttpStatusCode status) where T : ProblemDetails
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<T>(AppFixture.Json))!;
    }
}

[Collection(PlatformCollection.Name)]
public class SubmittingTests(AppFixture app) : SubmissionTestsBase(app)
{
    [Fact]
    public async Task an_input_to_a_pre_moderated_consultation_is_201_with_its_location_and_private_until_published()
    {
        var board = await Consultation();
        var author = Delegates.CivilSociety("Global Coalition on Migration");
        var response = await Submit(author, board.Id, Input("A *confidential* first draft", "en", "Draft"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<SubmissionCreated>(AppFixture.Json))!;
        Assert.Equal(SubmissionStatus.Received, created.Status);
        Assert.Equal($"/api/submissions/{created.Id}", response.Headers.Location?.OriginalString);

        var own = await View(author, created.Id);
        Assert.Equal(SubmissionStatus.Received, own.Status);
        Assert.Equal("A *confidential* first draft", own.BodyMarkdown);
        Assert.Equal("<p>A <em>confidential</em> first draft</p>", own.BodyHtml);
        Assert.Equal("Draft", own.Title);
        Assert.Equal(author.PersonName, own.PersonName);
        Assert.Equal(author.OrganisationId, own.OrganisationId);
        Assert.Equal(StakeholderGroup.CivilSociety, own.OrganisationGroup);
        Assert.Equal(SubmissionStatus.Received, (await View(Moderator, created.Id)).Status);

        foreach (var stranger in new[] { null, Delegates.CivilSociety("Another NGO"), Delegates.State("Norway") })
        {
            var hidden = await Get(stranger, created.Id);
            await Problem<ProblemDetails>(hidden, HttpStatusCode.NotFound);
            Assert.DoesNotContain("confidential", await hidden.Content.ReadAsStringAsync());
        }

        Assert.Empty(await PublicList(board.Id));
    }

    [Fact]
    public async Task an_input_to_a_post_moderated_consultation_is_published_at_once()
    {
        var board = await Consultation(preModerated: false);
        var response = await Submit(Delegates.CivilSociety(), board.Id, Input("Portability of social security"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<SubmissionCreated>(AppFixture.Json))!;
        Assert.Equal(SubmissionStatus.Published, created.Status);

        var view = await View(null, created.Id);
        Assert.Equal(SubmissionStatus.Published, view.Status);
        Assert.Null(view.PersonName);
        Assert.NotNull(view.PublishedAt);
        Assert.Equal(created.Id, Assert.Single(await PublicList(board.Id)).Id);
    }

    [Fact]
    public async Task an_input_on_an_action_point_is_listed_under_that_point()
    {
        var board = await Consultation(preModerated: false);
        var point = board.ActionPoints.Single(p => p.Number == 4);
        var onPoint = await Submitted(Delegates.CivilSociety(), board.Id, Input("On point 4", actionPointId: point.Id));
        var onWhole = await Submitted(Delegates.CivilSociety(), board.Id, Input("On the whole round table"));

        var view = await View(null, onPoint);
        Assert.Equal(point.Id, view.ActionPointId);
        Assert.Equal(4, view.ActionPointNumber);

        Assert.Equal([onPoint], (await PublicList(board.Id, point.Id)).Select(s => s.Id));
        Assert.Equal([onPoint, onWhole], (await PublicList(board.Id)).Select(s => s.Id));
        Assert.Empty(await PublicList(board.Id, board.ActionPoints.Single(p => p.Number == 5).Id));
    }

    [Fact]
    public async Task hostile_markdown_is_stored_as_written_and_served_inert()
    {
        var board = await Consultation(preModerated: false);
        const string hostile = "<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n<img src=x onerror=alert(1)>";
        var id = await Submitted(Delegates.CivilSociety(), board.Id, Input(hostile));

        var view = await View(null, id);
        Assert.Equal(hostile, view.BodyMarkdown);
        Assert.DoesNotContain("<script", view.BodyHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", view.BodyHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", view.BodyHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", view.BodyHtml);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", view.BodyHtml);
    }

    [Fact]
    public async Task the_language_tag_is_stored_in_canonical_case()
    {
        var board = await Consultation();
        var author = Delegates.CivilSociety();
        var id = await Submitted(author, board.Id, Input("Les transferts de fonds", "fr-ca"));
        Assert.Equal("fr-CA", (await View(author, id)).Language);
    }

    [Theory]
    [InlineData("", "en", "body")]
    [InlineData("   ", "en", "body")]
    [InlineData("oversize", "en", "body")]
    [InlineData("fine", "english", "language")]
    [InlineData("fine", "en_US", "language")]
    [InlineData("fine", "", "language")]
    public async Task invalid_text_is_a_400_naming_the_field_and_stores_nothing(string body, string language, string field)
    {
        var board = await Consultation();
        if (body == "oversize") body = new string('a', SubmissionDecisions.MaxBodyLength + 1);
        var problem = await Problem<ValidationProblemDetails>(
            await Submit(Delegates.CivilSociety(), board.Id, Input(body, language)), HttpStatusCode.BadRequest);
        Assert.Equal([field], problem.Errors.Keys);
        Assert.Equal((0, 0), await Stored(board.Id));
    }

    [Fact]
    public async Task every_invalid_field_is_named_at_once()
    {
        var board = await Consultation();
        var other = await App.NewConsultation(ConsultationPhase.Inputs);
        var problem = await Problem<ValidationProblemDetails>(await Submit(Delegates.CivilSociety(), board.Id,
                Input("", "xx_YY", new string('t', SubmissionDecisions.MaxTitleLength + 1), other.ActionPoints[0].Id)),
            HttpStatusCode.BadRequest);
        Assert.Equal(["actionPointId", "body", "language", "title"], problem.Errors.Keys.Order());
        Assert.Equal((0, 0), await Stored(board.Id));
    }

    [Fact]
    public async Task an_unknown_action_point_is_a_400_on_its_field()
    {
        var board = await Consultation();
        var problem = await Problem<ValidationProblemDetails>(
            await Submit(Delegates.CivilSociety(), board.Id, Input(actionPointId: Guid.NewGuid())), HttpStatusCode.BadRequest);
        Assert.Equal(["actionPointId"], problem.Errors.Keys);
        Assert.Equal((0, 0), await Stored(board.Id));
    }

    [Fact]
    public async Task a_malformed_body_is_a_400()
    {
        var board = await Consultation();
        var response = await App.ClientFor(Delegates.CivilSociety()).PostAsync($"/api/consultations/{board.Id}/submissions",
            new StringContent("{\"body\": ", System.Text.Encoding.UTF8, "application/json"));
        await Problem<ProblemDetails>(response, HttpStatusCode.BadRequest);
        Assert.Equal((0, 0), await Stored(board.Id));
    }

    [Theory]
    [InlineData(ConsultationPhase.Preparation)]
    [InlineData(ConsultationPhase.Endorsement)]
    [InlineData(ConsultationPhase.Concluded)]
    public async Task submitting_outside_the_inputs_and_drafting_phases_is_a_409_and_stores_nothing(ConsultationPhase phase)
    {
        var board = await Consultation(phase);
        var problem = await Problem<ProblemDetails>(await Submit(Delegates.CivilSociety(), board.Id, Input()), HttpStatusCode.Conflict);
        Assert.Equal("https://consultation.dev/problems/wrong-phase", problem.Type);
        Assert.Equal((0, 0), await Stored(board.Id));
    }

    [Fact]
    public async Task submitting_while_drafting_is_allowed()
    {
        var board = await Consultation(ConsultationPhase.Drafting);
        await Submitted(Delegates.CivilSociety(), board.Id);
        Assert.Equal(1, (await Stored(board.Id)).Submissions);
    }

    [Fact]
    public async Task a_person_acting_for_no_organisation_is_a_403_and_stores_nothing()
    {
        var board = await Consultation();
        await Problem<ProblemDetails>(await Submit(Moderator, board.Id, Input()), HttpStatusCode.Forbidden);
        Assert.Equal((0, 0), await Stored(board.Id));
    }

    [Fact]
    public async Task an_anonymous_submission_is_a_401_and_stores_nothing()
    {
        var board = await Consultation();
        var response = await App.Http.PostAsJsonAsync($"/api/consultations/{board.Id}/submissions", Input(), AppFixture.Json);
        await Problem<ProblemDetails>(response, HttpStatusCode.Unauthorized);
        Assert.Equal((0, 0), await Stored(board.Id));
    }

    [Fact]
    public async Task an_unknown_consultation_is_a_404_for_submitting_and_listing()
    {
        await Problem<ProblemDetails>(await Submit(Delegates.CivilSociety(), Guid.NewGuid(), Input()), HttpStatusCode.NotFound);
        await Problem<ProblemDetails>(await App.Http.GetAsync($"/api/consultations/{Guid.NewGuid()}/submissions"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task the_openapi_document_lists_the_submission_and_phase_endpoints()
    {
        var openApi = await App.Http.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[]
                 {
                     "/api/consultations/{id}/submissions", "/api/submissions/{submissionId}", "/api/submissions/{submissionId}/publish",
                     "/api/submissions/{submissionId}/reject", "/api/submissions/{submissionId}/hide", "/api/submissions/{submissionId}/flags",
                     "/api/consultations/{id}/phase", "/api/consultations/{id}/phases", "/api/consultations/{id}/rules",
                 })
            Assert.Contains($"\"{path}\"", openApi);
    }
}

[Collection(PlatformCollection.Name)]
public class ModeratingTests(AppFixture app) : SubmissionTestsBase(app)
{
    [Fact]
    public async Task a_moderator_publishes_a_received_input_and_the_public_then_sees_it()
    {
        var board = await Consultation();
        var id = await Submitted(Delegates.CivilSociety(), board.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await Act(Moderator, id, "publish")).StatusCode);

        var view = await View(null, id);
        Assert.Equal(SubmissionStatus.Published, view.Status);
        Assert.Equal(id, Assert.Single(await PublicList(board.Id)).Id);

        var again = await Problem<ProblemDetails>(await Act(Moderator, id, "publish"), HttpStatusCode.Conflict);
        Assert.Equal("https://consultation.dev/problems/submission-status", again.Type);
        Assert.Equal(409, again.Status);
        Assert.Equal("published", again.Extensions["submissionStatus"]?.ToString());
        Assert.Equal(2, (await Stored(board.Id)).Events);
    }

    [Fact]
    public async Task a_rejected_input_stays_private_and_its_author_sees_the_reason()
    {
        var board = await Consultation();
        var author = Delegates.CivilSociety();
        var id = await Submitted(author, board.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await Act(Moderator, id, "reject", "Duplicates input 12")).StatusCode);

        var own = await View(author, id);
        Assert.Equal(SubmissionStatus.Rejected, own.Status);
        Assert.Equal("Duplicates input 12", own.RejectionReason);
        await Problem<ProblemDetails>(await Get(null, id), HttpStatusCode.NotFound);
        await Problem<ProblemDetails>(await Get(Delegates.State(), id), HttpStatusCode.NotFound);
        Assert.Empty(await PublicList(board.Id));

        await Problem<ProblemDetails>(await Act(Moderator, id, "publish"), HttpStatusCode.Conflict);
        await Problem<ProblemDetails>(await Act(Moderator, id, "hide", "x"), HttpStatusCode.Conflict);
        Assert.Equal(SubmissionStatus.Rejected, (await View(Moderator, id)).Status);
    }

    [Fact]
    public async Task a_hidden_input_leaves_the_public_list_and_its_author_sees_the_reason()
    {
        var board = await Consultation(preModerated: false);
        var author = Delegates.CivilSociety();
        var id = await Submitted(author, board.Id, Input("Something later found abusive"));
        Assert.Single(await PublicList(board.Id));

        Assert.Equal(HttpStatusCode.NoContent, (await Act(Moderator, id, "hide", "Personal attack on a delegate")).StatusCode);
        Assert.Empty(await PublicList(board.Id));
        var hidden = await Get(null, id);
        await Problem<ProblemDetails>(hidden, HttpStatusCode.NotFound);
        Assert.DoesNotContain("abusive", await hidden.Content.ReadAsStringAsync());
        var own = await View(author, id);
        Assert.Equal(SubmissionStatus.Hidden, own.Status);
        Assert.Equal("Personal attack on a delegate", own.HiddenReason);
    }

    [Theory]
    [InlineData("reject")]
    [InlineData("hide")]
    public async Task rejecting_or_hiding_without_a_reason_is_a_400_and_changes_nothing(string act)
    {
        var board = await Consultation();
        var id = act == "hide" ? await Published(Delegates.CivilSociety(), board.Id) : await Submitted(Delegates.CivilSociety(), board.Id);
        var before = await Stored(board.Id);
        var problem = await Problem<ValidationProblemDetails>(await Act(Moderator, id, act, "  "), HttpStatusCode.BadRequest);
        Assert.Equal(["reason"], problem.Errors.Keys);
        var oversize = await Problem<ValidationProblemDetails>(
            await Act(Moderator, id, act, new string('r', FreeText.MaxReasonLength + 1)), HttpStatusCode.BadRequest);
        Assert.Equal(["reason"], oversize.Errors.Keys);
        Assert.Equal(before, await Stored(board.Id));
    }

    [Fact]
    public async Task hiding_an_input_that_is_not_published_is_a_409()
    {
        var board = await Consultation();
        var id = await Submitted(Delegates.CivilSociety(), board.Id);
        await Problem<ProblemDetails>(await Act(Moderator, id, "hide", "x"), HttpStatusCode.Conflict);
        Assert.Equal(SubmissionStatus.Received, (await View(Moderator, id)).Status);
    }

    [Theory]
    [InlineData("publish")]
    [InlineData("reject")]
    [InlineData("hide")]
    public async Task a_participant_may_not_moderate_and_nothing_changes(string act)
    {
        var board = await Consultation();
        var author = Delegates.CivilSociety();
        var id = act == "hide" ? await Published(author, board.Id) : await Submitted(author, board.Id);
        var before = await Stored(board.Id);
        var status = (await View(Moderator, id)).Status;

        await Problem<ProblemDetails>(await Act(author, id, act, "reason"), HttpStatusCode.Forbidden);
        await Problem<ProblemDetails>(await Act(Delegates.State("Ghana"), id, act, "reason"), HttpStatusCode.Forbidden);
        Assert.Equal(before, await Stored(board.Id));
        Assert.Equal(status, (await View(Moderator, id)).Status);
    }

    [Theory]
    [InlineData("publish")]
    [InlineData("reject")]
    [InlineData("hide")]
    [InlineData("flags")]
    public async Task an_anonymous_act_on_an_input_is_a_401_and_changes_nothing(string act)
    {
        var board = await Consultation(preModerated: false);
        var id = await Submitted(Delegates.CivilSociety(), board.Id);
        var before = await Stored(board.Id);
        var response = await App.Http.PostAsJsonAsync($"/api/submissions/{id}/{act}", new { reason = "x" }, AppFixture.Json);
        await Problem<ProblemDetails>(response, HttpStatusCode.Unauthorized);
        Assert.Equal(before, await Stored(board.Id));
    }

    [Theory]
    [InlineData("publish")]
    [InlineData("reject")]
    [InlineData("hide")]
    [InlineData("flags")]
    public async Task an_unknown_input_is_a_404(string act)
    {
        await Problem<ProblemDetails>(await Act(Moderator, Guid.NewGuid(), act, "reason"), HttpStatusCode.NotFound);
        await Problem<ProblemDetails>(await Get(Moderator, Guid.NewGuid()), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task moderation_is_closed_in_preparation_with_a_409()
    {
        var board = await Consultation();
        var id = await Submitted(Delegates.CivilSociety(), board.Id);
        var moved = await App.ClientFor(Moderator).PostAsJsonAsync($"/api/consultations/{board.Id}/phase",
            new { phase = "preparation", reason = "Restart with a new concept note" }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);

        var problem = await Problem<ProblemDetails>(await Act(Moderator, id, "publish"), HttpStatusCode.Conflict);
        Assert.Equal("https://consultation.dev/problems/wrong-phase", problem.Type);
        Assert.Equal(SubmissionStatus.Received, (await View(Moderator, id)).Status);
    }

    [Fact]
    public async Task two_moderators_deciding_one_input_at_once_one_wins_and_the_other_gets_409()
    {
        var board = await Consultation();
        var id = await Submitted(Delegates.CivilSociety(), board.Id);
        var responses = await Task.WhenAll(
            Act(Delegates.Moderator(), id, "publish"),
            Act(Delegates.Moderator(), id, "reject", "Off topic"));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.NoContent);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal(2, (await Stored(board.Id)).Events);
    }
}

[Collection(PlatformCollection.Name)]
public class FlaggingTests(AppFixture app) : SubmissionTestsBase(app)
{
    [Fact]
    public async Task a_reader_flags_a_published_input_once_and_only_moderators_see_the_flag()
    {
        var board = await Consultation(preModerated: false);
        var author = Delegates.CivilSociety();
        var id = await Submitted(author, board.Id);
        var reader = Delegates.State("Peru");

        Assert.Equal(HttpStatusCode.NoContent, (await Act(reader, id, "flags", "Contains a false figure")).StatusCode);
        var twice = await Problem<ProblemDetails>(await Act(reader, id, "flags", "Still false"), HttpStatusCode.Conflict);
        Assert.Equal("https://consultation.dev/problems/already-flagged", twice.Type);

        var moderatorView = await View(Moderator, id);
        Assert.Equal(1, moderatorView.FlagCount);
        var flag = Assert.Single(moderatorView.Flags!);
        Assert.Equal(reader.PersonId, flag.PersonId);
        Assert.Equal("Contains a false figure", flag.Reason);

        foreach (var viewer in new[] { null, author, reader })
        {
            var response = await Get(viewer, id);
            var json = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("false figure", json);
            Assert.DoesNotContain(reader.PersonId.ToString(), json);
            var view = (await response.Content.ReadFromJsonAsync<SubmissionView>(AppFixture.Json))!;
            Assert.Null(view.Flags);
            Assert.Null(view.FlagCount);
        }

        Assert.DoesNotContain("false figure", await App.Http.GetStringAsync($"/api/consultations/{board.Id}/submissions"));
    }

    [Fact]
    public async Task flagging_without_a_reason_is_a_400_and_records_nothing()
    {
        var board = await Consultation(preModerated: false);
        var id = await Submitted(Delegates.CivilSociety(), board.Id);
        var before = await Stored(board.Id);
        var problem = await Problem<ValidationProblemDetails>(await Act(Delegates.State(), id, "flags", null), HttpStatusCode.BadRequest);
        Assert.Equal(["reason"], problem.Errors.Keys);
        Assert.Equal(before, await Stored(board.Id));
    }

    [Fact]
    public async Task an_input_that_is_not_published_cannot_be_flagged_by_a_reader_who_cannot_see_it()
    {
        var board = await Consultation();
        var id = await Submitted(Delegates.CivilSociety(), board.Id);
        var before = await Stored(board.Id);
        await Problem<ProblemDetails>(await Act(Delegates.State(), id, "flags", "x"), HttpStatusCode.NotFound);
        Assert.Equal(before, await Stored(board.Id));
    }

    [Fact]
    public async Task many_readers_flagging_one_input_at_once_are_all_recorded()
    {
        var board = await Consultation(preModerated: false);
        var id = await Submitted(Delegates.CivilSociety(), board.Id);
        var readers = Enumerable.Range(0, 12).Select(i => Delegates.State($"State {i}")).ToList();

        var responses = await Task.WhenAll(readers.Select(r => Act(r, id, "flags", "Misleading")));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        var view = await View(Moderator, id);
        Assert.Equal(readers.Count, view.FlagCount);
        Assert.Equal(readers.Select(r => r.PersonId).Order(), view.Flags!.Select(f => f.PersonId).Order());
    }
}
