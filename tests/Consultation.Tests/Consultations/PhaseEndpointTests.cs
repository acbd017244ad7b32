using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.Consultations;

[Collection(PlatformCollection.Name)]
public class PhaseEndpointTests(AppFixture app)
{
    private static readonly Actor Moderator = Delegates.Moderator();

    private Task<HttpResponseMessage> Move(Guid consultationId, object body, Actor? actor = null) =>
        app.ClientFor(actor ?? Moderator).PostAsJsonAsync($"/api/consultations/{consultationId}/phase", body, AppFixture.Json);

    private async Task<PhaseHistory> History(Guid consultationId) =>
        (await app.Http.GetFromJsonAsync<PhaseHistory>($"/api/consultations/{consultationId}/phases", AppFixture.Json))!;

    private static async Task<T> Problem<T>(HttpResponseMessage response, HttpStatusCode status) where T : ProblemDetails
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<T>(AppFixture.Json))!;
    }

    /// <summary>Asserts the request was refused with <paramref name="status"/> and the consultation's history did not move.</summary>
    private async Task<ProblemDetails> RefusedAndUnchanged(Guid consultationId, HttpResponseMessage response, HttpStatusCode status, PhaseHistory before)
    {
        var problem = await Problem<ProblemDetails>(response, status);
        var after = await History(consultationId);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Phase, after.Phase);
        Assert.Equal(before.Changes.Count, after.Changes.Count);
        return problem;
    }

    [Fact]
    public async Task a_moderator_moves_forward_and_the_public_sees_the_move_on_the_board_and_in_the_history()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var before = await History(board.Id);
        Assert.Equal(ConsultationPhase.Inputs, before.Phase);
        Assert.Equal(ConsultationPhase.Inputs, Assert.Single(before.Changes).To);

        var response = await Move(board.Id, new { phase = "drafting" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<PhaseChangeReceipt>(AppFixture.Json))!;
        Assert.Equal(ConsultationPhase.Inputs, receipt.From);
        Assert.Equal(ConsultationPhase.Drafting, receipt.To);
        Assert.Equal(PhaseMoveKind.Forward, receipt.Kind);
        Assert.Equal(before.Version + 1, receipt.Version);

        Assert.Equal(ConsultationPhase.Drafting, (await app.Board(board.Id)).Phase);
        var after = await History(board.Id);
        Assert.Equal(ConsultationPhase.Drafting, after.Phase);
        Assert.Equal(receipt.Version, after.Version);
        var change = after.Changes[^1];
        Assert.Equal(ConsultationPhase.Inputs, change.From);
        Assert.Equal(ConsultationPhase.Drafting, change.To);
        Assert.Equal(Moderator.PersonId, change.ChangedBy);
        Assert.NotNull(change.At);
    }

    [Fact]
    public async Task moving_back_needs_a_reason_and_the_reason_is_public()
    {
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        var before = await History(board.Id);

        var refused = await Move(board.Id, new { phase = "drafting" });
        var problem = await Problem<ValidationProblemDetails>(refused, HttpStatusCode.BadRequest);
        Assert.Contains("reason", problem.Errors.Keys);
        Assert.Equal(before.Version, (await History(board.Id)).Version);

        var response = await Move(board.Id, new { phase = "drafting", reason = "Point 5 needs another reading" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var change = (await History(board.Id)).Changes[^1];
        Assert.Equal(PhaseMoveKind.Back, change.Kind);
        Assert.Equal("Point 5 needs another reading", change.Reason);
    }

    [Fact]
    public async Task a_concluded_consultation_is_reopened_with_a_reason()
    {
        var board = await app.NewConsultation(ConsultationPhase.Concluded);
        var response = await Move(board.Id, new { phase = "inputs", reason = "The diaspora hearing was postponed" }, Delegates.Of("Nigeria", StakeholderGroup.MemberState, PlatformRole.CoChair));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var history = await History(board.Id);
        Assert.Equal(ConsultationPhase.Inputs, history.Phase);
        Assert.Equal(PhaseMoveKind.Reopen, history.Changes[^1].Kind);
    }

    [Fact]
    public async Task skipping_a_phase_is_a_409_and_changes_nothing()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var before = await History(board.Id);
        var problem = await RefusedAndUnchanged(board.Id, await Move(board.Id, new { phase = "endorsement" }), HttpStatusCode.Conflict, before);
        Assert.Equal("https://consultation.dev/problems/phase-skip", problem.Type);
    }

    [Fact]
    public async Task moving_to_the_current_phase_is_a_409_and_changes_nothing()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var before = await History(board.Id);
        var problem = await RefusedAndUnchanged(board.Id, await Move(board.Id, new { phase = "drafting" }), HttpStatusCode.Conflict, before);
        Assert.Equal("https://consultation.dev/problems/same-phase", problem.Type);
    }

    [Fact]
    public async Task a_participant_may_not_move_phases()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var before = await History(board.Id);
        await RefusedAndUnchanged(board.Id, await Move(board.Id, new { phase = "drafting" }, Delegates.State("Mexico")), HttpStatusCode.Forbidden, before);
        await RefusedAndUnchanged(board.Id, await Move(board.Id, new { phase = "drafting" }, Delegates.CivilSociety()), HttpStatusCode.Forbidden, before);
    }

    [Fact]
    public async Task an_anonymous_request_is_a_401_and_changes_nothing()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var before = await History(board.Id);
        var response = await app.Http.PostAsJsonAsync($"/api/consultations/{board.Id}/phase", new { phase = "drafting" });
        await RefusedAndUnchanged(board.Id, response, HttpStatusCode.Unauthorized, before);
    }

    [Fact]
    public async Task an_unknown_consultation_is_a_404_for_moving_and_for_the_history()
    {
        await Problem<ProblemDetails>(await Move(Guid.NewGuid(), new { phase = "drafting" }), HttpStatusCode.NotFound);
        await Problem<ProblemDetails>(await app.Http.GetAsync($"/api/consultations/{Guid.NewGuid()}/phases"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task an_unknown_or_missing_phase_and_an_oversize_reason_are_400_and_change_nothing()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var before = await History(board.Id);
        await RefusedAndUnchanged(board.Id, await Move(board.Id, new { phase = "closed" }), HttpStatusCode.BadRequest, before);
        var problem = await Problem<ValidationProblemDetails>(
            await Move(board.Id, new { reason = new string('r', FreeText.MaxReasonLength + 1) }), HttpStatusCode.BadRequest);
        Assert.Contains("phase", problem.Errors.Keys);
        Assert.Contains("reason", problem.Errors.Keys);
        Assert.Equal(before.Version, (await History(board.Id)).Version);
    }

    [Fact]
    public async Task a_stated_version_that_is_no_longer_current_is_a_409_and_the_current_one_succeeds()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var before = await History(board.Id);
        var problem = await RefusedAndUnchanged(board.Id,
            await Move(board.Id, new { phase = "drafting", version = before.Version - 1 }), HttpStatusCode.Conflict, before);
        Assert.Equal("https://consultation.dev/problems/stale-consultation", problem.Type);

        Assert.Equal(HttpStatusCode.OK, (await Move(board.Id, new { phase = "drafting", version = before.Version })).StatusCode);
        // The same screen, submitted again, is stale now.
        Assert.Equal(HttpStatusCode.Conflict, (await Move(board.Id, new { phase = "endorsement", version = before.Version })).StatusCode);
    }

    [Fact]
    public async Task two_moderators_moving_from_the_same_version_at_once_one_wins_and_the_other_gets_409()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var before = await History(board.Id);
        var responses = await Task.WhenAll(
            Move(board.Id, new { phase = "endorsement", version = before.Version }, Delegates.Moderator()),
            Move(board.Id, new { phase = "inputs", reason = "More inputs", version = before.Version }, Delegates.Moderator()));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal(before.Version + 1, (await History(board.Id)).Version);
    }

    [Fact]
    public async Task the_seeded_round_table_is_in_its_inputs_phase_with_one_history_entry()
    {
        var history = await History((await app.RoundTable3()).Id);
        Assert.Equal(ConsultationPhase.Inputs, history.Changes[0].To);
        Assert.Null(history.Changes[0].From);
    }
}

[Collection(PlatformCollection.Name)]
public class RulesEndpointTests(AppFixture app)
{
    private Task<HttpResponseMessage> Put(Guid consultationId, object body, Actor? actor = null) =>
        app.ClientFor(actor ?? Delegates.Moderator()).PutAsJsonAsync($"/api/consultations/{consultationId}/rules", body, AppFixture.Json);

    private async Task<ConsultationRules> Rules(Guid consultationId) =>
        (await app.Http.GetFromJsonAsync<ConsultationRules>($"/api/consultations/{consultationId}/rules", AppFixture.Json))!;

    [Fact]
    public async Task a_consultation_is_pre_moderated_without_early_endorsement_until_a_moderator_says_otherwise()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var before = await Rules(board.Id);
        Assert.True(before.InputsPreModerated);
        Assert.False(before.AllowsEarlyEndorsement);

        var response = await Put(board.Id, new { inputsPreModerated = false, allowsEarlyEndorsement = true, version = before.Version });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var set = (await response.Content.ReadFromJsonAsync<ConsultationRules>(AppFixture.Json))!;
        Assert.True(set.Changed);
        Assert.Equal(before.Version + 1, set.Version);

        var after = await Rules(board.Id);
        Assert.False(after.InputsPreModerated);
        Assert.True(after.AllowsEarlyEndorsement);
        Assert.Equal(set.Version, after.Version);

        var again = (await (await Put(board.Id, new { inputsPreModerated = false, allowsEarlyEndorsement = true })).Content
            .ReadFromJsonAsync<ConsultationRules>(AppFixture.Json))!;
        Assert.False(again.Changed);
        Assert.Equal(after.Version, (await Rules(board.Id)).Version);
    }

    [Fact]
    public async Task bad_rule_requests_are_refused_and_change_nothing()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var before = await Rules(board.Id);

        Assert.Equal(HttpStatusCode.Forbidden, (await Put(board.Id, new { inputsPreModerated = false, allowsEarlyEndorsement = false }, Delegates.State())).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Put(board.Id, new { inputsPreModerated = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Put(board.Id, new { inputsPreModerated = false, allowsEarlyEndorsement = false, version = before.Version + 3 })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await app.Http.PutAsJsonAsync($"/api/consultations/{board.Id}/rules", new { inputsPreModerated = false, allowsEarlyEndorsement = false })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Put(Guid.NewGuid(), new { inputsPreModerated = false, allowsEarlyEndorsement = false })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync($"/api/consultations/{Guid.NewGuid()}/rules")).StatusCode);

        var after = await Rules(board.Id);
        Assert.Equal(before, after);
    }
}
