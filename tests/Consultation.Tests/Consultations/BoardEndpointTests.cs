using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.Consultations;

[Collection(PlatformCollection.Name)]
public class BoardEndpointTests(AppFixture app)
{
    [Fact]
    public async Task the_seeded_round_table_is_listed()
    {
        var summary = await app.RoundTable3();
        Assert.Equal(8, summary.ActionPointCount);
        Assert.Equal(3, summary.Number);
        Assert.Equal(ConsultationPhase.Inputs, summary.Phase);
        Assert.Equal("High-level Dialogue on International Migration and Development", summary.Dialogue);
    }

    [Fact]
    public async Task the_board_has_three_challenges_eight_points_and_the_count_mismatch_note()
    {
        var board = await app.Board((await app.RoundTable3()).Id);
        Assert.Equal([1, 2, 3], board.Challenges.Select(c => c.Number));
        Assert.Equal(Enumerable.Range(1, 8), board.ActionPoints.Select(p => p.Number));
        Assert.All(board.ActionPoints, p => Assert.Equal(1, p.Version));
        Assert.StartsWith("Pursue a whole-of-government approach", board.ActionPoints[0].Text);
        Assert.EndsWith("ILO Convention 189 on Domestic Workers.", board.ActionPoints[7].Text);
        Assert.Equal(["Nigeria", "Switzerland"], board.CoChairs);
        var note = Assert.Single(board.DataQualityNotes, n => n.Code != "typo-kept-as-written");
        Assert.Equal("action-point-count-mismatch", note.Code);
        Assert.Equal(3, board.DataQualityNotes.Count(n => n.Code == "typo-kept-as-written"));
    }

    [Fact]
    public async Task the_board_serves_the_whole_document_preamble_to_closing()
    {
        var board = await app.Board((await app.RoundTable3()).Id);
        var text = board.Text!;
        Assert.StartsWith("Mr. President,\nDeputy Secretary- General,", text.Salutation);
        Assert.Equal(2, text.Preamble.Count);
        Assert.StartsWith("I have the honor to present", text.Preamble[0]);
        Assert.StartsWith("The insightful and lively debate", text.Preamble[1]);
        Assert.Equal("The following points were identified:", text.ChallengesIntroduction);
        Assert.StartsWith("The discussions then ensued", text.Transition);
        Assert.StartsWith("Out of the rich discussion", text.ActionPointsIntroduction);
        Assert.Equal("Mr. President,", text.ClosingSalutation);
        Assert.StartsWith("Taking a step back", Assert.Single(text.Closing));
        Assert.Equal("Thank you.", text.ClosingThanks);
        Assert.Equal("Co-Chair", board.SummaryPresentedBy!.Role);
        Assert.Equal("Friday, 4 October 2013, 17.30 – 18.00", board.HeldOn!.Label);
    }

    [Fact]
    public async Task an_unknown_consultation_is_a_404_problem()
    {
        var response = await app.Http.GetAsync($"/api/consultations/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>();
        Assert.Equal(404, problem!.Status);
    }

    [Fact]
    public async Task a_malformed_id_is_not_found_rather_than_an_error()
    {
        var response = await app.Http.GetAsync("/api/consultations/not-a-guid");
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, response.StatusCode.ToString());
    }

    [Fact]
    public async Task the_openapi_document_and_health_endpoints_are_served()
    {
        var openApi = await app.Http.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/consultations/{id}", openApi);
        Assert.Contains("/api/action-points/{actionPointId}/endorsements", openApi);
        Assert.Equal(HttpStatusCode.OK, (await app.Http.GetAsync("/health/live")).StatusCode);
        Assert.Equal("Healthy", await app.Http.GetStringAsync("/health/ready"));
    }
}
