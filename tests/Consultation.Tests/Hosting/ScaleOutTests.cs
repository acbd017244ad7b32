using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Infrastructure.Idempotency;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.Tests.Support;
using Marten;

namespace ConsultationPlatform.Tests.Hosting;

/// <summary>Two nodes in processes of their own, one PostgreSQL database, one Redis (Hosting/ScaleOut.cs).</summary>
public class ScaleOutTests(TwoNodesFixture nodes) : IClassFixture<TwoNodesFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> Endorse(HttpClient client, Guid pointId, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/action-points/{pointId}/endorsements")
        {
            Content = JsonContent.Create(new { version = 1 }),
        };
        if (idempotencyKey is not null) request.Headers.Add(IdempotencyMiddleware.Header, idempotencyKey);
        return await client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task an_endorsement_made_through_one_node_reaches_the_clients_of_both()
    {
        var consultation = await nodes.NewConsultation(ConsultationPhase.Endorsement);
        var point = consultation.ActionPoints.Single(p => p.Number == 2);
        await using var onFirst = new LiveFollower(consultation.Id);
        await using var onSecond = new LiveFollower(consultation.Id);
        await onFirst.Connect(nodes.First.BaseAddress);
        await onSecond.Connect(nodes.Second.BaseAddress);

        // Through the node that does not run the subscription: the push is made on the other and crosses Redis.
        (await Endorse(nodes.ClientOf(nodes.Second, Delegates.State("Ghana")), point.Id)).EnsureSuccessStatusCode();
        var acknowledged = Stopwatch.StartNew();
        await onSecond.WaitFor(c => c.Any(x => x.Type == "endorsement_given"));
        var latency = acknowledged.Elapsed;
        await onFirst.WaitFor(c => c.Any(x => x.Type == "endorsement_given"));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"from the acknowledgement of an endorsement made through B to a client on B (pushed by A through Redis): {latency.TotalMilliseconds:0} ms");

        (await Endorse(nodes.ClientOf(nodes.First, Delegates.State("Chile")), point.Id)).EnsureSuccessStatusCode();
        await onSecond.WaitFor(c => c.Count(x => x.Type == "endorsement_given") == 2);
        await onFirst.WaitFor(c => c.Count(x => x.Type == "endorsement_given") == 2);

        var board = (await nodes.Board(consultation.Id)).ActionPoints.Single(p => p.Id == point.Id);
        Assert.Equal(2, board.EndorsementCount);
        Assert.Equal(onFirst.Applied.Select(c => c.Position), onSecond.Applied.Select(c => c.Position));
    }

    [Fact]
    public async Task a_cookie_issued_by_one_node_is_accepted_by_the_other()
    {
        var account = await nodes.NewAccount();
        var cookies = new CookieContainer();
        using var first = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = nodes.First.BaseAddress };
        using var second = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = nodes.Second.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/account/me", Ct)).StatusCode);

        var signIn = await first.PostAsJsonAsync("/api/account/login?useCookies=true", new { email = account.Email, password = TestAccounts.Password }, Ct);
        Assert.True(signIn.IsSuccessStatusCode, $"{signIn.StatusCode}");

        var me = await second.GetAsync("/api/account/me", Ct);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains(account.Email, await me.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task the_same_idempotency_key_sent_to_one_node_then_the_other_is_executed_once()
    {
        var consultation = await nodes.NewConsultation(ConsultationPhase.Endorsement);
        var point = consultation.ActionPoints.Single(p => p.Number == 3);
        var state = Delegates.State("Senegal");
        var key = Guid.NewGuid().ToString();
        await using (var query = nodes.Store.QuerySession())
        {
            var before = await query.Query<IdempotentRequest>().CountAsync(Ct);
            var toFirst = await Endorse(nodes.ClientOf(nodes.First, state), point.Id, key);
            var toSecond = await Endorse(nodes.ClientOf(nodes.Second, state), point.Id, key);

            Assert.True(toFirst.IsSuccessStatusCode, $"{toFirst.StatusCode}");
            Assert.Equal(toFirst.StatusCode, toSecond.StatusCode);
            Assert.True(toSecond.Headers.Contains(IdempotencyMiddleware.ReplayedHeader));
            Assert.Equal(await toFirst.Content.ReadAsStringAsync(Ct), await toSecond.Content.ReadAsStringAsync(Ct));
            Assert.Equal(before + 1, await query.Query<IdempotentRequest>().CountAsync(Ct));
            Assert.Equal(1, await query.Events.QueryRawEventDataOnly<EndorsementGiven>().CountAsync(e => e.ActionPointId == point.Id, Ct));
        }
    }

    /// <summary>Deadlines (Consultations/Deadlines/): two moderators schedule the end of a phase at once, through
    /// either node; every node may run the durable messages; the consultation moves on once, and every message of
    /// those schedules has been handled (Wolverine's inbox holds none left to run).</summary>
    [Fact]
    public async Task a_phase_scheduled_to_end_through_both_nodes_at_once_moves_on_once()
    {
        var consultation = await nodes.NewConsultation(ConsultationPhase.Inputs);
        // A node's first request compiles its handlers (seconds on a loaded machine): a refused one first, on each.
        foreach (var node in new[] { nodes.First, nodes.Second })
            Assert.Equal(HttpStatusCode.BadRequest, (await nodes.ClientOf(node, Delegates.Moderator()).PutAsJsonAsync($"/api/consultations/{consultation.Id}/phase-end", new { }, Ct)).StatusCode);
        var endsAt = DateTimeOffset.UtcNow.AddSeconds(5);
        var through = await Task.WhenAll(
            nodes.ClientOf(nodes.First, Delegates.Moderator()).PutAsJsonAsync($"/api/consultations/{consultation.Id}/phase-end", new { endsAt }, Ct),
            nodes.ClientOf(nodes.Second, Delegates.Moderator()).PutAsJsonAsync($"/api/consultations/{consultation.Id}/phase-end", new { endsAt }, Ct));
        Assert.True(through.Any(r => r.StatusCode == HttpStatusCode.OK), string.Join(" | ", await Task.WhenAll(through.Select(async r => $"{r.StatusCode} {await r.Content.ReadAsStringAsync(Ct)}"))));
        Assert.All(through, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{r.StatusCode}"));

        // The real signal: the phase the nodes answer, then an inbox with no message of a schedule left to run.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await nodes.ClientOf(nodes.Second, Delegates.Moderator()).GetFromJsonAsync<PhaseEndStatus>(
                   $"/api/consultations/{consultation.Id}/phase-end", AppFixture.Json, Ct))!.Phase != ConsultationPhase.Drafting)
        {
            Assert.True(DateTime.UtcNow < deadline, "The consultation did not move on at its scheduled end.");
            await Task.Delay(100, Ct);
        }

        await using (var connection = nodes.Store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync(Ct);
            while (true)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "select count(*) from consultation.wolverine_incoming_envelopes where message_type ilike '%EndScheduledPhase%' and status <> 'Handled'";
                if ((long)(await command.ExecuteScalarAsync(Ct))! == 0) break;
                Assert.True(DateTime.UtcNow < deadline, "A message of the schedules was never handled.");
                await Task.Delay(100, Ct);
            }
        }

        await using var session = nodes.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(consultation.Id, token: Ct);
        Assert.Single(events, e => e.Data is ConsultationPhaseChanged { From: ConsultationPhase.Inputs });
        Assert.Single(events, e => e.Data is PhaseEndReached);
        Assert.Equal(ConsultationPhase.Drafting, events.Select(e => e.Data).OfType<ConsultationPhaseChanged>().Last().To);
    }
}

/// <summary>Kill -9 the node that runs the projections and the live-push subscription: the other takes over.</summary>
public class FailoverTests(FailoverTests.Fixture nodes) : IClassFixture<FailoverTests.Fixture>
{
    public sealed class Fixture : TwoNodesFixture;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task the_survivor_takes_over_and_clients_catch_up_with_no_gap_and_no_duplicate()
    {
        var consultation = await nodes.NewConsultation(ConsultationPhase.Endorsement);
        var points = consultation.ActionPoints.Select(p => p.Id).ToList();
        await using var wasOnFirst = new LiveFollower(consultation.Id);
        await using var onSecond = new LiveFollower(consultation.Id);
        await wasOnFirst.Connect(nodes.First.BaseAddress);
        await onSecond.Connect(nodes.Second.BaseAddress);
        var joinedAt = Math.Max(wasOnFirst.Position, onSecond.Position);
        Assert.Equal(wasOnFirst.Position, onSecond.Position);
        var acknowledged = new List<Guid>(); // the endorsing states, one endorsement each
        var write = 0;

        async Task<long> EndorseThroughSecond()
        {
            var state = Delegates.State($"State {write}");
            var response = await nodes.ClientOf(nodes.Second, state)
                .PostAsJsonAsync($"/api/action-points/{points[write++ % points.Count]}/endorsements", new { version = 1 }, Ct);
            response.EnsureSuccessStatusCode();
            acknowledged.Add(state.OrganisationId);
            return acknowledged.Count;
        }

        for (var i = 0; i < 10; i++) await EndorseThroughSecond();
        await onSecond.WaitFor(c => c.Count(x => x.Type == "endorsement_given") == 10);

        // Writes keep coming while the node running the subscription dies.
        var writing = Task.Run(async () => { for (var i = 0; i < 10; i++) await EndorseThroughSecond(); }, Ct);
        await Task.Delay(50, Ct);
        var killedAt = Stopwatch.StartNew();
        await nodes.First.Kill();
        await writing;
        await EndorseThroughSecond();
        // The survivor's HotCold agent takes the advisory lock the dead node's session held and carries on from the
        // progress committed in the database.
        await nodes.LiveViewsCaughtUp(TimeSpan.FromSeconds(60));
        var failover = killedAt.Elapsed;
        TestContext.Current.TestOutputHelper?.WriteLine($"kill -9 of the subscription's node to every acknowledged write in the live views: {failover.TotalMilliseconds:0} ms");

        // Every acknowledged write is in the views: the history (the live views' own) and the board.
        await using var query = nodes.Store.QuerySession();
        var history = await query.Query<ConsultationChange>()
            .Where(c => c.ConsultationId == consultation.Id && c.Audience == ChangeAudience.Public)
            .OrderBy(c => c.Id).ToListAsync(Ct);
        Assert.Equal(21, acknowledged.Count);
        Assert.Equal(21, history.Count(c => c.Type == "endorsement_given"));
        Assert.Equal(21, (await nodes.Board(consultation.Id)).ActionPoints.Sum(p => p.EndorsementCount));

        // Clients reconnecting to the survivor catch up: every change, in order, once.
        await wasOnFirst.Connect(nodes.Second.BaseAddress);
        await onSecond.Connect(nodes.Second.BaseAddress);
        var expected = history.Select(c => c.Id).Where(p => p > joinedAt).ToList();
        // The client whose node died catches up on exactly what it missed: every change, in order, once.
        await wasOnFirst.WaitForPosition(history[^1].Id);
        Assert.Equal(expected, wasOnFirst.Applied.Select(c => c.Position).ToList());
        // A client of the survivor that never lost its connection gets every change, in order, once. A page the dead
        // node committed but had not pushed yet is never pushed (the survivor starts after it); the survivor's first
        // batch says which change of the stream came before it, and the client, lacking it, joins again and catches up.
        await onSecond.WaitForPosition(history[^1].Id);
        await onSecond.WaitFor(a => a.Count == expected.Count);
        var applied = onSecond.Applied.Select(c => c.Position).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"a client that stayed connected joined again {onSecond.GapsCaughtUp} time(s) for a change never pushed to it");
        Assert.Equal(expected, applied);

        // Nothing was pushed twice: the survivor started where the dead node had committed.
        var live = onSecond.LivePositions;
        Assert.Equal(live.Count, live.Distinct().Count());
    }
}
