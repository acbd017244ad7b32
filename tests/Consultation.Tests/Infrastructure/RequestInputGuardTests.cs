using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Infrastructure.Input;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.Infrastructure;

[Collection(PlatformCollection.Name)]
public class RequestInputGuardTests(AppFixture app)
{
    private async Task<(HttpClient Client, ConsultationBoard Board)> Delegate()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        return (app.ClientFor(Delegates.CivilSociety()), board);
    }

    [Fact]
    public async Task text_reaches_the_store_in_normal_form_c()
    {
        var (client, board) = await Delegate();
        var response = await client.PostAsJsonAsync($"/api/consultations/{board.Id}/submissions",
            new { body = "Cafe\u0301 cre\u0300me", title = "E\u0301cole", language = "fr" }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<SubmissionCreated>(AppFixture.Json))!.Id;

        var view = await client.GetFromJsonAsync<SubmissionView>($"/api/submissions/{id}", AppFixture.Json);
        Assert.Equal("Café crème", view!.BodyMarkdown);
        Assert.Equal("École", view.Title);
    }

    [Fact]
    public async Task a_title_or_body_of_zero_width_characters_is_refused_as_blank()
    {
        var (client, board) = await Delegate();
        var response = await client.PostAsJsonAsync($"/api/consultations/{board.Id}/submissions",
            new { body = "\u200B\u200B\uFEFF", language = "en" }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["body"]);
    }

    [Fact]
    public async Task a_body_over_the_route_limit_is_a_413_problem()
    {
        var (client, board) = await Delegate();
        // Endorsing takes a small body: the default limit.
        var endorse = new StringContent("{\"version\":1,\"reservation\":\"" + new string('x', RequestInputGuard.DefaultBodyLimit) + "\"}",
            Encoding.UTF8, "application/json");
        var response = await client.PostAsync($"/api/action-points/{board.ActionPoints[0].Id}/endorsements", endorse);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        // An input may be longer (its route declares a larger limit), up to its own.
        var input = new StringContent("{\"language\":\"en\",\"body\":\"" + new string('x', RequestInputGuard.LongTextBodyLimit) + "\"}",
            Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge,
            (await client.PostAsync($"/api/consultations/{board.Id}/submissions", input)).StatusCode);
        var longButFine = new StringContent("{\"language\":\"en\",\"body\":\"" + new string('x', 9_000) + " " + new string('y', 900) + "\"}",
            Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/api/consultations/{board.Id}/submissions", longButFine)).StatusCode);
    }

    [Fact]
    public async Task a_very_long_consultation_kind_is_refused()
    {
        var admin = app.ClientFor(Delegates.Of("Admin", ConsultationPlatform.Stakeholders.StakeholderGroup.MemberState,
            ConsultationPlatform.Stakeholders.PlatformRole.Admin) with { OrganisationId = Guid.Empty });
        var response = await admin.PostAsJsonAsync("/api/consultations", new
        {
            slug = "long-kind-" + Guid.NewGuid().ToString("N")[..8], title = "A round table", kind = new string('k', 10_000),
            dialogue = new { name = "A dialogue", place = "Geneva", startDate = "2026-01-01", endDate = "2026-01-02" },
        }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["kind"]);
    }
}
