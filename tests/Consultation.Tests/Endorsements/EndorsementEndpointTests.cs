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
    private static object Body(Guid stakeholder, int version = 1, string group = "memberState", string? reservation = null, string name = "Ghana") =>
        new { stakeholderId = stakeholder, stakeholderName = name, stakeholderGroup = group, version, reservation };

    private async Task<(Guid ConsultationId, BoardActionPoint Point)> Point(int number)
    {
        var consultation = await app.RoundTable3();
        var board = await app.Board(consultation.Id);
        return (consultation.Id, board.ActionPoints.Single(p => p.Number == number));
    }

    private Task<HttpResponseMessage> Post(Guid pointId, object body) =>
        app.Http.PostAsJsonAsync($"/api/action-points/{pointId}/endorsements", body, AppFixture.Json);

    [Fact]
    public async Task an_endorsement_changes_the_board_and_endorsing_again_does_not_count_twice()
    {
        var (consultationId, point) = await Point(5);
        var stakeholder = Guid.NewGuid();

        var first = await Post(point.Id, Body(stakeholder));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var receipt = (await first.Content.ReadFromJsonAsync<EndorsementReceipt>(AppFixture.Json))!;
        Assert.True(receipt.Changed);
        Assert.Equal(1, receipt.ForVersion);

        var after = (await app.Board(consultationId)).ActionPoints.Single(p => p.Id == point.Id);
        Assert.Equal(point.EndorsementCount + 1, after.EndorsementCount);
        Assert.True(after.Endorsements.CurrentByGroup[StakeholderGroup.MemberState] >= 1);

        var again = (await (await Post(point.Id, Body(stakeholder))).Content.ReadFromJsonAsync<EndorsementReceipt>(AppFixture.Json))!;
        Assert.False(again.Changed);
        var withReservation = await Post(point.Id, Body(stakeholder, reservation: "Subject to national legislation"));
        Assert.Equal(HttpStatusCode.OK, withReservation.StatusCode);

        var final = (await app.Board(consultationId)).ActionPoints.Single(p => p.Id == point.Id);
        Assert.Equal(point.EndorsementCount + 1, final.EndorsementCount);
        Assert.Equal(point.Endorsements.WithReservation + 1, final.Endorsements.WithReservation);
    }

    [Fact]
    public async Task an_unknown_action_point_is_a_404_problem_and_records_nothing()
    {
        var response = await Post(Guid.NewGuid(), Body(Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task a_malformed_body_is_a_400_problem()
    {
        var (_, point) = await Point(1);
        var response = await app.Http.PostAsync($"/api/action-points/{point.Id}/endorsements",
            new StringContent("{\"stakeholderId\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task an_unknown_stakeholder_group_is_a_400_problem()
    {
        var (_, point) = await Point(1);
        var response = await Post(point.Id, Body(Guid.NewGuid(), group: "galacticEmpire"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task invalid_fields_are_a_400_problem_naming_each_field_and_change_nothing()
    {
        var (consultationId, point) = await Point(2);
        var response = await Post(point.Id, Body(Guid.NewGuid(), version: 7, group: "civilSociety", name: ""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
        Assert.Contains("version", problem.Errors.Keys);
        Assert.Contains("stakeholderGroup", problem.Errors.Keys);
        Assert.Contains("stakeholderName", problem.Errors.Keys);

        var after = (await app.Board(consultationId)).ActionPoints.Single(p => p.Id == point.Id);
        Assert.Equal(point.Endorsements.Total, after.Endorsements.Total);
    }
}

/// <summary>Revises a point's text, so it runs on a platform of its own.</summary>
public class StaleVersionEndorsementTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static object Body(Guid stakeholder, int version) =>
        new { stakeholderId = stakeholder, stakeholderName = "Ghana", stakeholderGroup = "memberState", version };

    private Task<HttpResponseMessage> Post(Guid pointId, object body) =>
        app.Http.PostAsJsonAsync($"/api/action-points/{pointId}/endorsements", body, AppFixture.Json);

    [Fact]
    public async Task endorsing_a_text_that_has_since_changed_is_a_409_problem_with_the_current_text()
    {
        var consultationId = (await app.RoundTable3()).Id;
        var point = (await app.Board(consultationId)).ActionPoints.Single(p => p.Number == 8);
        var revisedTo = point.Version + 1;
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.Append(point.Id, new ActionPointRevised(point.Id, consultationId, revisedTo, point.Text + " (revised)", null));
            await session.SaveChangesAsync();
        }

        var response = await Post(point.Id, Body(Guid.NewGuid(), version: point.Version));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
        Assert.Equal(revisedTo, ((System.Text.Json.JsonElement)problem.Extensions["currentVersion"]!).GetInt32());

        Assert.Equal(HttpStatusCode.OK, (await Post(point.Id, Body(Guid.NewGuid(), version: revisedTo))).StatusCode);
    }
}
