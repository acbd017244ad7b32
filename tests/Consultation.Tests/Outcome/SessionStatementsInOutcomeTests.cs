using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.LiveSessions;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.Outcome;

/// <summary>The live sessions' public statements in the co-chairs' summary and in the open data; hidden ones in neither.</summary>
[Collection(PlatformCollection.Name)]
public class SessionStatementsInOutcomeTests(AppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(ConsultationBoard Board, Guid Public, Guid Hidden)> SessionWithStatements(bool statementsNeedApproval = false)
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var chair = app.ClientFor(Delegates.Moderator());
        var scheduled = await chair.PostAsJsonAsync($"/api/consultations/{board.Id}/sessions", new
        {
            title = "Afternoon session", starts = "2013-10-04T15:00:00Z", ends = "2013-10-04T18:00:00Z", timeZone = "America/New_York",
            agenda = new[] { new { kind = "challenge", number = 1 } },
            statementsNeedApproval,
        }, AppFixture.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        var sessionId = Guid.Parse(scheduled.Headers.Location!.ToString().Split('/')[^1]);
        var room = await app.Http.GetFromJsonAsync<SessionRoom>($"/api/sessions/{sessionId}", AppFixture.Json, Ct);
        var item = room!.Agenda[0].Id;
        (await chair.PostAsync($"/api/sessions/{sessionId}/open", null, Ct)).EnsureSuccessStatusCode();
        (await chair.PostAsync($"/api/sessions/{sessionId}/items/{item}/take-up", null, Ct)).EnsureSuccessStatusCode();
        (await chair.PostAsJsonAsync($"/api/sessions/{sessionId}/items/{item}/speakers-list", new { open = true }, AppFixture.Json, Ct)).EnsureSuccessStatusCode();

        async Task<Guid> Deliver(Actor state, string text)
        {
            await AccreditingHandler.Accredit(app, board.Id, state, Ct);
            (await app.ClientFor(state).PostAsJsonAsync($"/api/sessions/{sessionId}/items/{item}/inscriptions", new { }, AppFixture.Json, Ct))
                .EnsureSuccessStatusCode();
            var delivered = await app.ClientFor(state).PostAsJsonAsync($"/api/sessions/{sessionId}/statements",
                new { itemId = item, text, language = "en" }, AppFixture.Json, Ct);
            Assert.True(delivered.IsSuccessStatusCode, await delivered.Content.ReadAsStringAsync(Ct));
            return (await delivered.Content.ReadFromJsonAsync<StatementReceipt>(AppFixture.Json, Ct))!.StatementId;
        }

        var kept = await Deliver(Delegates.State("Mexico"), "Mexico supports a whole-of-government approach.");
        var hidden = await Deliver(Delegates.State("Ghana"), "An offensive remark.");
        (await chair.PostAsJsonAsync($"/api/statements/{hidden}/hide", new { reason = "Abusive." }, AppFixture.Json, Ct)).EnsureSuccessStatusCode();
        return (board, kept, hidden);
    }

    [Fact]
    public async Task the_summary_and_the_statements_dataset_hold_the_public_statements_and_not_the_hidden_ones()
    {
        var (board, kept, hidden) = await SessionWithStatements();

        var markdown = await app.Http.GetStringAsync($"/api/consultations/{board.Id}/summary/markdown", Ct);
        Assert.Contains("## Statements in the live sessions", markdown);
        Assert.Contains("Mexico, Afternoon session: Mexico supports a whole-of-government approach.", markdown);
        Assert.DoesNotContain("offensive", markdown);
        var french = await app.Http.GetStringAsync($"/api/consultations/{board.Id}/summary/markdown?lang=fr", Ct);
        Assert.Contains("## Déclarations faites lors des séances en direct", french);

        var json = await app.Http.GetFromJsonAsync<JsonArray>($"/api/consultations/{board.Id}/open-data/statements", AppFixture.Json, Ct);
        var row = Assert.Single(json!);
        Assert.Equal((kept.ToString(), "Mexico", "Afternoon session"),
            (row!["statementId"]!.GetValue<string>(), row["organisationName"]!.GetValue<string>(), row["sessionTitle"]!.GetValue<string>()));
        var csv = await app.Http.GetStringAsync($"/api/consultations/{board.Id}/open-data/statements?format=csv", Ct);
        Assert.Contains(kept.ToString(), csv);
        Assert.DoesNotContain(hidden.ToString(), csv);
        Assert.DoesNotContain("offensive", csv);
    }

    [Fact]
    public async Task a_statement_awaiting_the_chairs_approval_is_in_neither_until_approved()
    {
        var (board, pending, _) = await SessionWithStatements(statementsNeedApproval: true);
        var chair = app.ClientFor(Delegates.Moderator());

        var before = await app.Http.GetFromJsonAsync<JsonArray>($"/api/consultations/{board.Id}/open-data/statements", AppFixture.Json, Ct);
        Assert.Empty(before!);
        Assert.DoesNotContain("Mexico supports a whole-of-government", await app.Http.GetStringAsync($"/api/consultations/{board.Id}/summary/markdown", Ct));

        (await chair.PostAsync($"/api/statements/{pending}/approve", null, Ct)).EnsureSuccessStatusCode();
        var after = await app.Http.GetFromJsonAsync<JsonArray>($"/api/consultations/{board.Id}/open-data/statements", AppFixture.Json, Ct);
        Assert.Equal(pending.ToString(), Assert.Single(after!)!["statementId"]!.GetValue<string>());
        Assert.Contains("Mexico supports a whole-of-government", await app.Http.GetStringAsync($"/api/consultations/{board.Id}/summary/markdown", Ct));
    }

    [Fact]
    public async Task round_table_3s_seeded_session_whose_summary_is_the_document_itself_adds_nothing_to_the_summary()
    {
        var rt3 = await app.RoundTable3();
        var markdown = await app.Http.GetStringAsync($"/api/consultations/{rt3.Id}/summary/markdown", Ct);
        Assert.DoesNotContain("## Live sessions", markdown);
        Assert.DoesNotContain("## Statements in the live sessions", markdown);
    }
}
