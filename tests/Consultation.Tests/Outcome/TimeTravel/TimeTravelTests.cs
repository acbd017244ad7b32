using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Outcome.TimeTravel;
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

        Task<HttpResponseMessage> State(Actor stakeholder, int version, string stance, string? reason = null) =>
            app.ClientFor(stakeholder).PostAsJsonAsync($"/api/action-points/{point.Id}/positions", new { version, stance, reason }, AppFixture.Json, Ct);
        var union = Delegates.Of("Migrant Workers' Union", StakeholderGroup.TradeUnion);

        await Act(() => Endorse(ghana, 1));
        await Act(() => Endorse(mexico, 1, "Subject to national legislation"));
        await Act(() => State(proposer, 1, "support"));
        await Act(() => State(union, 1, "cannotSupport", "It leaves out the right to organise."));
        var amendment = await api.Proposed(proposer, point.Id, 1, point.Text + " With the participation of migrants themselves.");
        captures.Add(await CaptureNow(board.Id, point.Id));
        await Act(() => api.Act(Delegates.CivilSociety("Diaspora Network"), amendment, "cosponsors"));
        await Act(() => api.Accept(moderator, amendment));
        await Act(() => Endorse(ghana, 2));
        await Act(() => State(union, 2, "supportWithReservation", "The right to organise should be named."));
        await Act(() => app.ClientFor(proposer).DeleteAsync($"/api/action-points/{point.Id}/positions/{proposer.OrganisationId}", Ct));
        await Act(() => app.ClientFor(mexico).DeleteAsync($"/api/action-points/{point.Id}/endorsements/{mexico.OrganisationId}", Ct));
        await Act(() => app.ClientFor(moderator).PostAsJsonAsync($"/api/consultations/{board.Id}/phase", new { phase = "endorsement" }, AppFixture.Json, Ct));

        Assert.Equal(captures.Count, captures.Select(c => c.Position).Distinct().Count()); // each act moved the store on
        Assert.Equal(captures.Count, captures.Select(c => c.Board + c.Consensus + c.Point).Distinct().Count()); // and changed a view
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

    [Fact]
    public async Task a_view_at_a_position_between_two_checkpoints_equals_a_replay_and_the_live_view_of_that_moment()
    {
        var start = await app.LatestPosition(Ct);
        var board = await app.NewConsultation(ConsultationPhase.Drafting, allowsEarlyEndorsement: true);
        var point = board.ActionPoints.Single(p => p.Number == 3);
        var captures = new List<Capture> { await CaptureNow(board.Id, point.Id) };
        async Task Act(Func<Task<HttpResponseMessage>> act)
        {
            var response = await act();
            Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
            captures.Add(await CaptureNow(board.Id, point.Id));
        }

        var states = new[] { "Peru", "Kenya", "Nepal", "Senegal", "Jordan", "Morocco", "Fiji" }.ToDictionary(n => n, n => Delegates.State(n));
        foreach (var (name, state) in states)
            await Act(() => app.ClientFor(state).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements",
                new { version = 1, reservation = name == "Nepal" ? "Subject to review." : null }, AppFixture.Json, Ct));
        var api = new AmendmentApi(app);
        var amendment = await api.Proposed(Delegates.CivilSociety("Checkpoint NGO"), point.Id, 1, point.Text + " In cooperation with local authorities.");
        captures.Add(await CaptureNow(board.Id, point.Id));
        await Act(() => app.ClientFor(Delegates.CivilSociety("Checkpoint NGO")).PostAsJsonAsync($"/api/action-points/{point.Id}/positions",
            new { version = 1, stance = "support" }, AppFixture.Json, Ct));
        await Act(() => api.Accept(Delegates.Moderator(), amendment));
        await Act(() => app.ClientFor(states["Peru"]).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = 2 }, AppFixture.Json, Ct));
        await Act(() => app.ClientFor(states["Kenya"]).DeleteAsync($"/api/action-points/{point.Id}/endorsements/{states["Kenya"].OrganisationId}", Ct));

        // The checkpoints projection, every 3 of the consultation's events, handed its events 2 at a time (as the
        // daemon hands over batches): the checkpoints fall between the captures, not on all of them.
        var projection = new PastCheckpointProjection(3);
        IReadOnlyList<JasperFx.Events.IEvent> events;
        await using (var read = app.Store.QuerySession())
            events = (await read.Events.QueryAllRawEvents().Where(e => e.Sequence > start).OrderBy(e => e.Sequence).ToListAsync(Ct))
                .Where(e => PastCheckpointProjection.ConsultationOf(e.Data) == board.Id).ToList();
        foreach (var chunk in events.Chunk(2))
        {
            await using var write = app.Store.LightweightSession();
            await projection.ApplyAsync(write, chunk, Ct);
            await write.SaveChangesAsync(Ct);
        }

        await using var session = app.Store.QuerySession();
        var checkpoints = await session.Query<PastCheckpoint>().Where(c => c.ConsultationId == board.Id)
            .OrderBy(c => c.Position).Select(c => c.Position).ToListAsync(Ct);
        Assert.True(checkpoints.Count >= 3, $"{checkpoints.Count} checkpoints");
        // Some captures fall strictly between two checkpoints (so their views fold events after a checkpoint).
        Assert.Contains(captures, c => checkpoints.Zip(checkpoints.Skip(1)).Any(pair => c.Position > pair.First && c.Position < pair.Second));

        static string All(PastState? s) => JsonSerializer.Serialize(new { s!.Position, s.Consultation, s.Points, s.Endorsements, s.Amendments }, AppFixture.Json);
        foreach (var capture in captures)
        {
            // Every document, from the nearest checkpoint and the events after it, equals the one replayed from every event.
            Assert.Equal(All(await PastReads.Replay(session, board.Id, capture.Position, Ct)), All(await PastReads.Load(session, board.Id, capture.Position, Ct)));
            // And the views equal what was live then.
            Assert.Equal(capture.Board, await Get($"/api/consultations/{board.Id}?position={capture.Position}"));
            Assert.Equal(capture.Consensus, await Get($"/api/consultations/{board.Id}/consensus?position={capture.Position}"));
            Assert.Equal(capture.Point, await Get($"/api/action-points/{point.Id}?position={capture.Position}"));
        }

        foreach (var position in checkpoints) // on a checkpoint itself, nothing left to fold
            Assert.Equal(All(await PastReads.Replay(session, board.Id, position, Ct)), All(await PastReads.Load(session, board.Id, position, Ct)));
    }
}
