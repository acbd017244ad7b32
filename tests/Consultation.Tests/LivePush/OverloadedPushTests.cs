using System.Collections.Concurrent;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace ConsultationPlatform.Tests.LivePush;

/// <summary>The platform as if always overloaded: every push waits for the overload window and takes the pages waiting with it.</summary>
public sealed class OverloadedApp : AppFixture
{
    protected override IDictionary<string, string?> Settings(TestDatabase database)
    {
        var settings = base.Settings(database);
        settings["LivePush:OverloadQueue"] = "-1";
        settings["LivePush:OverloadWindowMs"] = "100";
        return settings;
    }
}

public class OverloadedPushTests(OverloadedApp app) : IClassFixture<OverloadedApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task merged_pushes_still_carry_every_change_once_in_order_and_the_board_as_it_stands()
    {
        var consultation = await app.NewConsultation(ConsultationPhase.Endorsement);
        var states = Enumerable.Range(1, 30).Select(i => Delegates.State($"Overloaded state {i}")).ToList();
        foreach (var state in states) await AccreditingHandler.Accredit(app, consultation.Id, state, Ct);

        var batches = new ConcurrentQueue<ChangeBatch>();
        await using var client = app.HubClient();
        client.On<ChangeBatch>(LiveMessages.Changes, b => batches.Enqueue(b));
        await client.StartAsync(Ct);
        var joined = await client.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinConsultation), consultation.Id, null, Ct);

        // 30 states, each endorsing two of the 8 points, all at once.
        var writes = states.SelectMany((state, i) => new[] { i % 8, (i + 3) % 8 }.Select(p =>
            app.ClientFor(state).PostAsJsonAsync($"/api/action-points/{consultation.ActionPoints[p].Id}/endorsements", new { version = 1 }, Ct))).ToList();
        foreach (var response in await Task.WhenAll(writes)) response.EnsureSuccessStatusCode();

        IReadOnlyList<ChangeMessage> Received() => batches.SelectMany(b => b.Changes).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Received().Count(c => c.Type == "endorsement_given") < writes.Count && DateTime.UtcNow < deadline) await Task.Delay(50, Ct);

        var received = Received();
        Assert.Equal(writes.Count, received.Count(c => c.Type == "endorsement_given"));
        var positions = received.Select(c => c.Position).ToList();
        Assert.Equal(positions.Distinct().Count(), positions.Count);
        Assert.Equal(positions.Order(), positions);
        Assert.All(positions, p => Assert.True(p > joined.Position));
        Assert.True(batches.Count < received.Count, $"{batches.Count} pushes for {received.Count} changes: the waiting pages were not merged");

        var pushed = batches.SelectMany(b => b.BoardEntries).GroupBy(e => e.Id).ToDictionary(g => g.Key, g => g.Last());
        var board = await app.Board(consultation.Id);
        foreach (var point in board.ActionPoints)
            Assert.Equal(point.EndorsementCount, pushed[point.Id].EndorsementCount);
    }
}
