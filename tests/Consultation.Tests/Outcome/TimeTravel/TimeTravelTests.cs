using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Amendments;
using ConsultationPlatform.Tests.Support;
using Marten;

namespace ConsultationPlatform.Tests.Outcome.TimeTravel;

/// <summary>
/// Time travel against a replay: while a negotiation goes on, the live board, consensus and point are captured after
/// every act, with the store's position then; afterwards every past view asked for at that position (or at that act's
/// time) must equal the capture, byte for byte.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TimeTravelTests(AppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Capture(long Position, DateTimeOffset At, string Board, string Consensus, string Point);

    private async Task<string> Get(string path)
    {
        var response = await app.Http.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    private async Task<DateTimeOffset> TimeOf(long position)
    {
        await using var session = app.Store.QuerySession();
        var e = await session.Events.QueryAllRawEvents().Where(x => x.Sequence == position).SingleAsync(Ct);
        return e.Timestamp;
    }

    private async Task<Capture> CaptureNow(Guid consultationId, Guid pointId)
    {
        var position = await app.LatestPosition(Ct);
        return new Capture(position, await TimeOf(position),
            await Get($"/api/consultations/{consultationId}"),
            await Get($"/api/consultations/{consultationId}/consensus"),
            await Get($"/api/action-points/{pointId}"));
    }

    [Fact]
    public async Task every_view_at_a_past_position_equals_the_live_view_captured_when_the_store_was_there()
    {
        var api = new AmendmentApi(app);
        var board = await app.NewConsultation(ConsultationPhase.Drafting, allowsEarlyEndorsement: true);
        var point = board.ActionPoints.Single(p => p.Number == 2);
        var moderator = Delegates.Moderator();
        var ghana = Delegates.State("Ghana");
        var mexico = Delegates.State("Mexico");
        var proposer = Delegates.CivilSociety("Migrant Forum in Asia");
        var captures = new List<Capture> { await CaptureNow(board.Id, point.Id) };

        async Task Act(Func<Task<HttpResponseMessage>> act)
        {
            var response = await act();
            Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
            captures.Add(await CaptureNow(board.Id, point.Id));
        }

        Task<HttpResponseMessage> Endorse(Actor state, int version, string? reservation = null) =>
            app.ClientFor(state).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version, reservation }, AppFixture.Json, Ct);

        await Act(() => Endorse(ghana, 1));
        await Act(() => Endorse(mexico, 1, "Subject to national legislation"));
        var amendment = await api.Proposed(proposer, point.Id, 1, point.Text + " With the participation of migrants themselves.");
        captures.Add(await CaptureNow(board.Id, point.Id));
        await Act(() => api.Act(Delegates.CivilSociety("Diaspora Network"), amendment, "cosponsors"));
        await Act(() => api.Accept(moderator, amendment));
        await Act(() => Endorse(ghana, 2));
        await Act(() => app.ClientFor(mexico).DeleteAsync($"/api/action-points/{point.Id}/endorsements/{mexico.OrganisationId}", Ct));
        await Act(() => app.ClientFor(moderator).PostAsJsonAsync($"/api/consultations/{board.Id}/phase", new { phase = "endorsement" }, AppFixture.Json, Ct));

        Assert.Equal(captures.Count, captures.Select(c => c.Position).Distinct().Count()); // each act moved the store on
        Assert.Equal(captures.Count, captures.Select(c => c.Board + c.Point).Distinct().Count()); // and changed a view
        foreach (var capture in captures)
        {
            Assert.Equal(capture.Board, await Get($"/api/consultations/{board.Id}?position={capture.Position}"));
            Assert.Equal(capture.Consensus, await Get($"/api/consultations/{board.Id}/consensus?position={capture.Position}"));
            Assert.Equal(capture.Point, await Get($"/api/action-points/{point.Id}?position={capture.Position}"));
            // By time: the last position at or before the act's time is the act's own or a later one of another consultation.
            var at = Uri.EscapeDataString(capture.At.UtcDateTime.ToString("O"));
            var byTime = await app.Http.GetAsync($"/api/consultations/{board.Id}?at={at}", Ct);
            Assert.Equal(capture.Board, await byTime.Content.ReadAsStringAsync(Ct));
            Assert.True(long.Parse(byTime.Headers.GetValues("As-Of-Position").Single()) >= capture.Position);
        }

        // The earliest capture knows nothing of what came after it.
        var first = JsonSerializer.Deserialize<ConsultationBoard>(captures[0].Board, AppFixture.Json)!;
        Assert.Equal(ConsultationPhase.Drafting, first.Phase);
        Assert.Equal(0, first.ActionPoints.Single(p => p.Id == point.Id).Endorsements.Total);
    }

    [Fact]
    public async Task a_moment_before_the_consultation_or_an_ambiguous_one_is_refused()
    {
        var before = await app.LatestPosition(Ct);
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var point = board.ActionPoints[0];

        var notYet = await app.Http.GetAsync($"/api/consultations/{board.Id}?position={before}", Ct);
        Assert.Equal(HttpStatusCode.NotFound, notYet.StatusCode);
        Assert.Contains("did not exist yet", await notYet.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync($"/api/action-points/{point.Id}?position={before}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync($"/api/consultations/{board.Id}?at=2013-10-04T17:45:00Z", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Http.GetAsync($"/api/consultations/{board.Id}?position=3&at=2013-10-04T17:45:00Z", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Http.GetAsync($"/api/consultations/{board.Id}/consensus?position=0", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Http.GetAsync($"/api/consultations/{board.Id}?at=yesterday", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync($"/api/consultations/{Guid.NewGuid()}?position=5", Ct)).StatusCode);
    }

    [Fact]
    public async Task the_pages_say_a_past_state_is_shown_step_through_the_history_and_lead_back_to_now()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting, allowsEarlyEndorsement: true);
        var point = board.ActionPoints[0];
        var response = await app.ClientFor(Delegates.State("Chile")).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = 1 }, AppFixture.Json, Ct);
        Assert.True(response.IsSuccessStatusCode);
        await app.HistoryCaughtUp(Ct);

        var history = await app.Http.GetStringAsync($"/consultations/{board.Id}/history", Ct);
        Assert.Contains($"/consultations/{board.Id}?position=", history);

        await using var session = app.Store.QuerySession();
        var changes = await session.Query<ConsultationChange>()
            .Where(c => c.ConsultationId == board.Id && c.Audience == ChangeAudience.Public)
            .OrderBy(c => c.Id).ToListAsync(Ct);
        var tabled = changes.Last(c => c.Type == "action_point_tabled").Id;
        var page = await app.Http.GetStringAsync($"/consultations/{board.Id}?position={tabled}", Ct);
        Assert.Contains("past-notice", page);
        Assert.Contains($"position {tabled}", page);
        Assert.Contains($"href=\"/consultations/{board.Id}\"", page); // back to now
        Assert.Contains("rel=\"prev\"", page);
        Assert.Contains("rel=\"next\"", page);
        Assert.DoesNotContain("data-hub", page); // no live updates on a past state
        Assert.DoesNotContain("name=\"inputBody\"", page); // and no forms

        var pastPoint = await app.Http.GetStringAsync($"/action-points/{point.Id}?position={tabled}", Ct);
        Assert.Contains("past-notice", pastPoint);
        Assert.Contains($"href=\"/action-points/{point.Id}\"", pastPoint);
        Assert.DoesNotContain("asp-page-handler", pastPoint);
        Assert.DoesNotContain("<form method=\"post\"", pastPoint);
        var now = await app.Http.GetStringAsync($"/action-points/{point.Id}", Ct);
        Assert.DoesNotContain("past-notice", now);
    }
}
