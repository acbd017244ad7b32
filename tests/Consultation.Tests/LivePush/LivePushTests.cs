using System.Collections.Concurrent;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Marten;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;

namespace ConsultationPlatform.Tests.LivePush;

/// <summary>Real SignalR clients over loopback WebSockets.</summary>
[Collection(PlatformCollection.Name)]
public class LivePushTests(AppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task Endorse(Guid pointId, string state) => Endorse(pointId, Delegates.State(state));

    private Task Endorse(Guid pointId, Actor state) =>
        app.ClientFor(state).PostAsJsonAsync($"/api/action-points/{pointId}/endorsements", new { version = 1 }, Ct)
            .ContinueWith(t => t.Result.EnsureSuccessStatusCode(), Ct);

    /// <summary>A client that records every change it receives, in order.</summary>
    private sealed class Recorder : IAsyncDisposable
    {
        public readonly HubConnection Connection;
        public readonly ConcurrentQueue<ChangeBatch> Batches = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public Recorder(HubConnection connection)
        {
            Connection = connection;
            Connection.On<ChangeBatch>(LiveMessages.Changes, b => { Batches.Enqueue(b); _arrived.Release(); });
        }

        public IReadOnlyList<ChangeMessage> Changes => Batches.SelectMany(b => b.Changes).ToList();

        public async Task WaitFor(Func<IReadOnlyList<ChangeMessage>, bool> condition)
        {
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (!condition(Changes))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) throw new TimeoutException($"Got {Changes.Count} changes: {string.Join(", ", Changes.Select(c => c.Type))}");
                await _arrived.WaitAsync(left, Ct);
            }
        }

        public ValueTask DisposeAsync() => Connection.DisposeAsync();
    }

    [Fact]
    public async Task a_change_reaches_a_joined_client_with_its_position_and_the_board_entry_it_changed()
    {
        var consultation = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = consultation.ActionPoints.Single(p => p.Number == 4);

        await using var client = new Recorder(app.HubClient());
        await client.Connection.StartAsync(Ct);
        var joined = await client.Connection.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinConsultation), consultation.Id, null, Ct);
        Assert.False(joined.Reload);
        Assert.Empty(joined.Missed);

        await Endorse(point.Id, "Mexico");

        await client.WaitFor(c => c.Any(x => x.Type == "endorsement_given"));
        var change = client.Changes.Single(x => x.Type == "endorsement_given");
        Assert.Equal(consultation.Id, change.ConsultationId);
        Assert.Equal(point.Id, change.ActionPointId);
        Assert.True(change.Position > joined.Position);
        Assert.Equal("Mexico", change.ActorOrganisation);
        var entry = client.Batches.SelectMany(b => b.BoardEntries).Last(e => e.Id == point.Id);
        Assert.Equal(1, entry.EndorsementCount);
        Assert.Null(entry.Text); // the text did not change, so it does not travel
    }

    [Fact]
    public async Task every_batch_names_the_streams_change_before_it_even_from_a_node_that_never_pushed_on_it()
    {
        var consultation = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = consultation.ActionPoints.Single(p => p.Number == 2);
        await using var client = new Recorder(app.HubClient());
        await client.Connection.StartAsync(Ct);
        await client.Connection.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinConsultation), consultation.Id, null, Ct);

        await Endorse(point.Id, "Ecuador");
        await client.WaitFor(c => c.Any(x => x.Type == "endorsement_given"));
        var given = client.Batches.Single(b => b.Changes.Any(x => x.Type == "endorsement_given"));
        await using (var query = app.Store.QuerySession())
        {
            var before = await query.Query<ConsultationChange>()
                .Where(c => c.ConsultationId == consultation.Id && c.Audience == ChangeAudience.Public && c.Id < given.Changes[0].Position)
                .OrderByDescending(c => c.Id).Select(c => c.Id).FirstAsync(Ct);
            Assert.Equal(before, given.Previous);
        }

        // A node that takes the subscription over knows nothing of the stream: it reads the change before from the
        // history (here, the endorsement), then goes on from what it pushed.
        var survivor = new LiveDispatcher(app.App.Services.GetRequiredService<IHubContext<ConsultationHub>>(), app.App.Services,
            NullLogger<LiveDispatcher>.Instance, app.App.Configuration, app.App.Services.GetRequiredService<IOptions<LivePushOptions>>());
        var at = given.Changes[^1].Position;
        ConsultationChange Later(long position) => new()
        {
            Id = position, ConsultationId = consultation.Id, ActionPointId = point.Id, Type = "endorsement_given",
            Audience = ChangeAudience.Public, At = DateTimeOffset.UtcNow,
        };
        var none = new LiveViews(new Dictionary<Guid, LiveBoardEntry>(), new Dictionary<Guid, ConsultationPlatform.Moderation.ModerationQueue>());
        await survivor.PublishAsync([Later(at + 1_000_000)], none, Ct);
        await client.WaitFor(c => c.Any(x => x.Position == at + 1_000_000));
        await survivor.PublishAsync([Later(at + 1_000_001)], none, Ct);
        await client.WaitFor(c => c.Any(x => x.Position == at + 1_000_001));
        var pushed = client.Batches.Where(b => b.Changes.Any(x => x.Position > at)).ToList();
        Assert.Equal([at, at + 1_000_000], pushed.Select(b => b.Previous!.Value));
    }

    [Fact]
    public async Task a_client_that_reconnects_gets_exactly_the_three_changes_it_missed_in_order_then_live_ones()
    {
        var consultation = await app.NewConsultation(ConsultationPhase.Endorsement);
        var points = consultation.ActionPoints;
        // Accredited beforehand: a granted accreditation is itself a public change of the consultation.
        var states = new[] { "Peru", "Chile", "Bolivia", "Uruguay", "Paraguay" }.Select(n => Delegates.State(n)).ToArray();
        foreach (var state in states) await AccreditingHandler.Accredit(app, consultation.Id, state, Ct);
        await WaitUntilInHistory(consultation.Id, expectedAfter: 0, count: 13 + states.Length);

        long lastSeen;
        await using (var first = new Recorder(app.HubClient()))
        {
            await first.Connection.StartAsync(Ct);
            await first.Connection.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinConsultation), consultation.Id, null, Ct);
            await Endorse(points[0].Id, states[0]);
            await first.WaitFor(c => c.Any(x => x.Type == "endorsement_given"));
            lastSeen = first.Changes.Max(c => c.Position);
        }

        // Away: three changes happen.
        await Endorse(points[1].Id, states[1]);
        await Endorse(points[2].Id, states[2]);
        await Endorse(points[3].Id, states[3]);
        await WaitUntilInHistory(consultation.Id, expectedAfter: lastSeen, count: 3);

        await using var back = new Recorder(app.HubClient());
        await back.Connection.StartAsync(Ct);
        var joined = await back.Connection.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinConsultation), consultation.Id, lastSeen, Ct);
        Assert.False(joined.Reload);
        Assert.Equal(3, joined.Missed.Count);
        Assert.Equal([points[1].Id, points[2].Id, points[3].Id], joined.Missed.Select(c => c.ActionPointId!.Value));
        Assert.Equal(joined.Missed.Select(c => c.Position).Order(), joined.Missed.Select(c => c.Position));
        Assert.All(joined.Missed, c => Assert.True(c.Position > lastSeen));
        Assert.Equal(joined.Missed[^1].Position, joined.Position);

        await Endorse(points[4].Id, states[4]);
        await back.WaitFor(c => c.Any(x => x.Type == "endorsement_given"));
        var live = Assert.Single(back.Changes);
        Assert.Equal(points[4].Id, live.ActionPointId);
        Assert.True(live.Position > joined.Position);
    }

    [Fact]
    public async Task a_client_that_comes_back_from_the_start_replays_the_consultations_history()
    {
        var consultation = await app.NewConsultation(ConsultationPhase.Endorsement);
        // creation, 3 challenges, the data-quality note and 8 action points
        await WaitUntilInHistory(consultation.Id, expectedAfter: 0, count: 13);
        await using var client = new Recorder(app.HubClient());
        await client.Connection.StartAsync(Ct);
        var joined = await client.Connection.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinConsultation), consultation.Id, 0L, Ct);
        // The seeded consultation's own history (creation, challenges, points) is well under the limit: catch-up, no reload.
        Assert.False(joined.Reload);
        Assert.Contains(joined.Missed, c => c.Type == "consultation_created");
        Assert.True(joined.Missed.Count < LiveDispatcher.MaxCatchUp);
    }

    [Fact]
    public async Task a_client_of_another_consultation_or_of_none_receives_nothing()
    {
        var consultation = await app.NewConsultation(ConsultationPhase.Endorsement);
        var other = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = consultation.ActionPoints.Single(p => p.Number == 6);
        await WaitUntilInHistory(consultation.Id, expectedAfter: 0, count: 13);
        await WaitUntilInHistory(other.Id, expectedAfter: 0, count: 13);

        await using var joined = new Recorder(app.HubClient());
        await using var elsewhere = new Recorder(app.HubClient());
        await using var bystander = new Recorder(app.HubClient());
        foreach (var c in new[] { joined, elsewhere, bystander }) await c.Connection.StartAsync(Ct);
        await joined.Connection.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinConsultation), consultation.Id, null, Ct);
        await elsewhere.Connection.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinConsultation), other.Id, null, Ct);

        await Endorse(point.Id, "Chile");
        await joined.WaitFor(c => c.Count >= 1);
        // A change of the other consultation after it: once the client there has it, the first (pushed earlier)
        // would have reached it too, had it been sent there; and the bystander, in no group, has had every chance.
        await Endorse(other.ActionPoints.Single(p => p.Number == 6).Id, "Chile");
        await elsewhere.WaitFor(c => c.Count >= 1);
        Assert.All(elsewhere.Changes, c => Assert.Equal(other.Id, c.ConsultationId));
        Assert.Empty(bystander.Changes);
    }

    [Fact]
    public async Task after_a_burst_of_writes_the_pushed_board_and_the_http_board_agree()
    {
        var consultation = await app.NewConsultation(ConsultationPhase.Endorsement);
        var states = Enumerable.Range(1, 40).Select(i => Delegates.State($"State {i}")).ToList();
        foreach (var state in states) await AccreditingHandler.Accredit(app, consultation.Id, state, Ct);
        await WaitUntilInHistory(consultation.Id, expectedAfter: 0, count: 13 + states.Count);

        await using var client = new Recorder(app.HubClient());
        await client.Connection.StartAsync(Ct);
        await client.Connection.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinConsultation), consultation.Id, null, Ct);

        // 40 states, each endorsing 1 to 3 of the 8 points, all at once.
        var writes = states.SelectMany((state, i) => consultation.ActionPoints.Where((_, p) => (i + p) % 3 == 0 || p == i % 8)
            .Select(point => Endorse(point.Id, state))).ToList();
        await Task.WhenAll(writes);
        await client.WaitFor(c => c.Count(x => x.Type == "endorsement_given") == writes.Count);

        var pushed = client.Batches.SelectMany(b => b.BoardEntries).GroupBy(e => e.Id).ToDictionary(g => g.Key, g => g.Last());
        var board = await app.Board(consultation.Id);
        foreach (var point in board.ActionPoints)
        {
            Assert.Equal(point.EndorsementCount, pushed[point.Id].EndorsementCount);
            Assert.Equal(point.Endorsements.CurrentByGroup, pushed[point.Id].Endorsements.CurrentByGroup);
        }

        Assert.Equal(writes.Count, board.ActionPoints.Sum(p => p.EndorsementCount));
        var positions = client.Changes.Select(c => c.Position).ToList();
        Assert.Equal(positions.Distinct().Count(), positions.Count);
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public async Task the_moderation_stream_is_refused_to_the_public_and_to_participants()
    {
        var consultation = await app.NewConsultation(ConsultationPhase.Endorsement);
        await using var anonymous = app.HubClient();
        await anonymous.StartAsync(Ct);
        await Assert.ThrowsAsync<HubException>(() =>
            anonymous.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinModeration), consultation.Id, null, Ct));
    }

    private async Task WaitUntilInHistory(Guid consultationId, long expectedAfter, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            await using var session = app.Store.QuerySession();
            var n = await session.Query<ConsultationChange>().Where(c => c.ConsultationId == consultationId && c.Id > expectedAfter).CountAsync(Ct);
            if (n >= count) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{n} of {count} changes in the history");
            await Task.Delay(20, Ct);
        }
    }
}
