using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.Endorsements;

[Collection(PlatformCollection.Name)]
public class EndorsementEndpointTests(AppFixture app)
{
    /// <summary>A point of a consultation of the test's own, in its endorsement phase.</summary>
    private async Task<(Guid ConsultationId, BoardActionPoint Point)> Point(int number)
    {
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        return (board.Id, board.ActionPoints.Single(p => p.Number == number));
    }

    private async Task<BoardActionPoint> Entry(Guid consultationId, Guid pointId) =>
        (await app.Board(consultationId)).ActionPoints.Single(p => p.Id == pointId);

    private Task<HttpResponseMessage> Endorse(Actor actor, Guid pointId, int version = 1, string? reservation = null) =>
        app.ClientFor(actor).PostAsJsonAsync($"/api/action-points/{pointId}/endorsements", new { version, reservation }, AppFixture.Json);

    [Fact]
    public async Task an_endorsement_changes_the_board_and_endorsing_again_does_not_count_twice()
    {
        var (consultationId, point) = await Point(5);
        var ghana = Delegates.State("Ghana");

        var first = await Endorse(ghana, point.Id);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var receipt = (await first.Content.ReadFromJsonAsync<EndorsementReceipt>(AppFixture.Json))!;
        Assert.True(receipt.Changed);
        Assert.Equal(1, receipt.ForVersion);
        Assert.Equal(ghana.OrganisationId, receipt.StakeholderId);

        var after = await Entry(consultationId, point.Id);
        Assert.Equal(point.EndorsementCount + 1, after.EndorsementCount);
        Assert.True(after.Endorsements.CurrentByGroup[StakeholderGroup.MemberState] >= 1);

        var again = (await (await Endorse(ghana, point.Id)).Content.ReadFromJsonAsync<EndorsementReceipt>(AppFixture.Json))!;
        Assert.False(again.Changed);
        Assert.Equal(HttpStatusCode.OK, (await Endorse(ghana, point.Id, reservation: "Subject to national legislation")).StatusCode);

        var final = await Entry(consultationId, point.Id);
        Assert.Equal(point.EndorsementCount + 1, final.EndorsementCount);
        Assert.Equal(point.Endorsements.WithReservation + 1, final.Endorsements.WithReservation);
    }

    [Fact]
    public async Task a_withdrawn_endorsement_no_longer_counts_and_cannot_be_withdrawn_twice()
    {
        var (consultationId, point) = await Point(3);
        var iom = Delegates.Of("International Organization for Migration", StakeholderGroup.IntergovernmentalOrganisation);
        (await Endorse(iom, point.Id)).EnsureSuccessStatusCode();
        Assert.Equal(point.EndorsementCount + 1, (await Entry(consultationId, point.Id)).EndorsementCount);

        var client = app.ClientFor(iom);
        var withdrawn = await client.DeleteAsync($"/api/action-points/{point.Id}/endorsements/{iom.OrganisationId}");
        Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);
        Assert.Equal(point.EndorsementCount, (await Entry(consultationId, point.Id)).EndorsementCount);

        var twice = await client.DeleteAsync($"/api/action-points/{point.Id}/endorsements/{iom.OrganisationId}");
        Assert.Equal(HttpStatusCode.NotFound, twice.StatusCode);
        Assert.Equal("application/problem+json", twice.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task nobody_withdraws_another_stakeholders_endorsement()
    {
        var (consultationId, point) = await Point(3);
        var peru = Delegates.State("Peru");
        (await Endorse(peru, point.Id)).EnsureSuccessStatusCode();
        var before = await Entry(consultationId, point.Id);

        var response = await app.ClientFor(Delegates.State("Ecuador"))
            .DeleteAsync($"/api/action-points/{point.Id}/endorsements/{peru.OrganisationId}");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before.EndorsementCount, (await Entry(consultationId, point.Id)).EndorsementCount);
    }

    [Fact]
    public async Task the_seeded_round_table_is_collecting_inputs_so_endorsing_it_is_a_409_wrong_phase()
    {
        var board = await app.Board((await app.RoundTable3()).Id);
        var response = await Endorse(Delegates.State(), board.ActionPoints[0].Id);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
        Assert.Equal("https://consultation.dev/problems/wrong-phase", problem.Type);
    }

    [Fact]
    public async Task a_civil_society_delegate_cannot_endorse_and_nothing_is_recorded()
    {
        var (consultationId, point) = await Point(2);
        var response = await Endorse(Delegates.CivilSociety(), point.Id);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(point.Endorsements.Total, (await Entry(consultationId, point.Id)).Endorsements.Total);
    }

    [Fact]
    public async Task a_state_that_is_not_accredited_cannot_endorse_and_nothing_is_recorded()
    {
        var (consultationId, point) = await Point(2);
        var response = await app.ClientFor(Delegates.State("Atlantis"), accredit: false)
            .PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = 1 }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
        Assert.Contains("not accredited", problem.Detail);
        Assert.Equal(point.Endorsements.Total, (await Entry(consultationId, point.Id)).Endorsements.Total);
    }

    [Fact]
    public async Task an_anonymous_request_is_a_401_problem()
    {
        var (_, point) = await Point(2);
        var response = await app.Http.PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = 1 });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task an_unknown_action_point_is_a_404_problem()
    {
        var response = await Endorse(Delegates.State(), Guid.NewGuid());
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task a_malformed_body_is_a_400_problem()
    {
        var (_, point) = await Point(1);
        var response = await app.ClientFor(Delegates.State()).PostAsync($"/api/action-points/{point.Id}/endorsements",
            new StringContent("{\"version\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task invalid_fields_are_a_400_problem_naming_each_field_and_change_nothing()
    {
        var (consultationId, point) = await Point(2);
        var response = await Endorse(Delegates.State(), point.Id, version: 7, reservation: new string('r', 2001));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
        Assert.Contains("version", problem.Errors.Keys);
        Assert.Contains("reservation", problem.Errors.Keys);
        Assert.Equal(point.Endorsements.Total, (await Entry(consultationId, point.Id)).Endorsements.Total);
    }
}

[Collection(PlatformCollection.Name)]
public class StaleVersionEndorsementTests(AppFixture app)
{
    [Fact]
    public async Task endorsing_a_text_that_has_since_changed_is_a_409_problem_with_the_current_text()
    {
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        var consultationId = board.Id;
        var point = board.ActionPoints.Single(p => p.Number == 8);
        var revisedTo = point.Version + 1;
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.Append(point.Id, new ActionPointRevised(point.Id, consultationId, revisedTo, point.Text + " (revised)", null, null, []));
            await session.SaveChangesAsync();
        }

        var client = app.ClientFor(Delegates.State());
        var response = await client.PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = point.Version });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
        Assert.Equal(revisedTo, ((System.Text.Json.JsonElement)problem.Extensions["currentVersion"]!).GetInt32());

        var current = await client.PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = revisedTo });
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }
}
