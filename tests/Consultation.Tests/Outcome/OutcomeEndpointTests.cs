using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Outcome.Provenance;
using ConsultationPlatform.Outcome.Summary;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Marten;

namespace ConsultationPlatform.Tests.Outcome;

[Collection(PlatformCollection.Name)]
public class OutcomeEndpointTests(AppFixture app)
{
    private static readonly Actor CoChair = Delegates.Of("Switzerland", StakeholderGroup.MemberState, PlatformRole.CoChair);

    private async Task<long> VersionOf(Guid consultationId)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(consultationId))!.Version;
    }

    private async Task<SummaryView> Summary(Guid id, string lang = "en") =>
        (await app.Http.GetFromJsonAsync<SummaryView>($"/api/consultations/{id}/summary?lang={lang}", AppFixture.Json))!;

    [Fact]
    public async Task co_chairs_table_the_text_challenges_and_points_while_preparing_and_nobody_else_or_later()
    {
        var board = await app.NewConsultation(ConsultationPhase.Preparation);
        var client = app.ClientFor(CoChair);
        var version = await VersionOf(board.Id);

        var text = await client.PostAsJsonAsync($"/api/consultations/{board.Id}/text",
            new { part = "preamble", text = "First paragraph.\n\nSecond paragraph.", version }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        var challenge = await client.PostAsJsonAsync($"/api/consultations/{board.Id}/challenges",
            new { text = "A fourth challenge.", version = version + 1 }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
        Assert.Equal(4, (await challenge.Content.ReadFromJsonAsync<TablingReceipt>(AppFixture.Json))!.Number);
        var point = await client.PostAsJsonAsync($"/api/consultations/{board.Id}/action-points",
            new { text = "A ninth point.", version = version + 2 }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.Created, point.StatusCode);

        var after = await app.Board(board.Id);
        Assert.Equal(["First paragraph.", "Second paragraph."], after.Text!.Preamble);
        Assert.Equal("A fourth challenge.", after.Challenges[^1].Text);
        Assert.Equal((9, "A ninth point."), (after.ActionPoints[^1].Number, after.ActionPoints[^1].Text));

        // A stale screen, a delegate, an empty text, no part: refused, nothing changes.
        var stale = await client.PostAsJsonAsync($"/api/consultations/{board.Id}/challenges", new { text = "Late.", version }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var delegateTry = await app.ClientFor(Delegates.State("Ghana")).PostAsJsonAsync($"/api/consultations/{board.Id}/challenges",
            new { text = "Mine.", version = version + 2 }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.Forbidden, delegateTry.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/consultations/{board.Id}/challenges",
            new { text = " ", version = version + 2 }, AppFixture.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"/api/consultations/{board.Id}/text",
            new { text = "No part.", version = version + 2 }, AppFixture.Json)).StatusCode);
        Assert.Equal(version + 2, await VersionOf(board.Id));
        Assert.Equal(4, (await app.Board(board.Id)).Challenges.Count);

        // Once past preparation, the text is the negotiation's: tabling is refused.
        var inputs = await app.NewConsultation(ConsultationPhase.Inputs);
        var late = await client.PostAsJsonAsync($"/api/consultations/{inputs.Id}/action-points",
            new { text = "Too late.", version = await VersionOf(inputs.Id) }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(8, (await app.Board(inputs.Id)).ActionPoints.Count);
    }

    [Fact]
    public async Task the_summary_is_edited_and_published_as_immutable_versions_and_stale_or_foreign_writes_are_refused()
    {
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        var client = app.ClientFor(CoChair, accredit: false);
        var generated = await Summary(board.Id);
        Assert.Equal(0, generated.Version);
        Assert.Null(generated.EditedDraft);
        Assert.Contains("Thank you.", generated.GeneratedMarkdown);
        Assert.Equal(8, generated.Generated.ActionPoints.Count);
        var french = (await Summary(board.Id, "fr")).GeneratedMarkdown;
        Assert.Contains("Thank you.", french);
        Assert.Contains("*Généré à partir du registre de la consultation*", french);

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/consultations/{board.Id}/summary/publish", new { version = 0 }, AppFixture.Json)).StatusCode);
        var first = await app.Http.GetFromJsonAsync<PublishedSummary>($"/api/consultations/{board.Id}/summary/versions/1", AppFixture.Json);
        Assert.Equal(generated.GeneratedMarkdown, first!.Markdown);
        Assert.False(first.Edited);

        var edit = await client.PutAsJsonAsync($"/api/consultations/{board.Id}/summary/draft", new { markdown = "# Edited\n\nOur words.", version = 1 }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Equal("# Edited\n\nOur words.", await app.Http.GetStringAsync($"/api/consultations/{board.Id}/summary/markdown"));
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/consultations/{board.Id}/summary/publish", new { version = 2 }, AppFixture.Json)).StatusCode);

        // Refusals: a stale version, a delegate, an empty text. Nothing moves.
        Assert.Equal(HttpStatusCode.Conflict, (await client.PutAsJsonAsync($"/api/consultations/{board.Id}/summary/draft", new { markdown = "Late.", version = 1 }, AppFixture.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(Delegates.State("Ghana")).PostAsJsonAsync($"/api/consultations/{board.Id}/summary/publish", new { version = 3 }, AppFixture.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PutAsJsonAsync($"/api/consultations/{board.Id}/summary/draft", new { markdown = "", version = 3 }, AppFixture.Json)).StatusCode);

        var after = await Summary(board.Id);
        Assert.Equal(3, after.Version);
        Assert.Equal([1, 2], after.Published.Select(p => p.Number));
        Assert.True(after.Published[1].Edited);
        // Version 1 is as it was published, whatever happened since.
        Assert.Equal(generated.GeneratedMarkdown, await app.Http.GetStringAsync($"/api/consultations/{board.Id}/summary/markdown?version=1"));
        Assert.Equal("# Edited\n\nOur words.", await app.Http.GetStringAsync($"/api/consultations/{board.Id}/summary/markdown?version=2"));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync($"/api/consultations/{board.Id}/summary/versions/3")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/consultations/{board.Id}/summary/draft/discard", new { version = 3 }, AppFixture.Json)).StatusCode);
        Assert.Null((await Summary(board.Id)).EditedDraft);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync($"/api/consultations/{Guid.NewGuid()}/summary")).StatusCode);
    }

    [Fact]
    public async Task provenance_is_served_for_a_point_and_is_a_404_for_an_unknown_one()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var point = board.ActionPoints[0];
        var provenance = await app.Http.GetFromJsonAsync<ActionPointProvenance>($"/api/action-points/{point.Id}/provenance", AppFixture.Json);
        Assert.Equal(point.Text, provenance!.Text);
        Assert.All(provenance.Sentences, s => Assert.Equal([1], s.Versions));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync($"/api/action-points/{Guid.NewGuid()}/provenance")).StatusCode);
    }

    [Fact]
    public async Task an_amendment_may_cite_published_inputs_only()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var point = board.ActionPoints[0];
        var response = await app.ClientFor(Delegates.CivilSociety("Cites Forum")).PostAsJsonAsync($"/api/action-points/{point.Id}/amendments",
            new { baseVersion = 1, text = point.Text + " Now.", rationale = "Because.", citesInputs = new[] { Guid.NewGuid() } }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("citesInputs", await response.Content.ReadAsStringAsync());
    }
}
