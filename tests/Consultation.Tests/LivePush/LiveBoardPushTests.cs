using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.Tests.Support;
using Microsoft.AspNetCore.SignalR.Client;

namespace ConsultationPlatform.Tests.LivePush;

[Collection(PlatformCollection.Name)]
public class LiveBoardPushTests(AppFixture app)
{
    [Fact]
    public async Task a_client_that_joined_the_consultation_receives_the_changed_board_entry()
    {
        var consultation = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = consultation.ActionPoints.Single(p => p.Number == 4);

        await using var client = app.HubClient();
        var received = new TaskCompletionSource<BoardEntryChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.On<BoardEntryChanged>(LiveMessages.BoardEntryChanged, change =>
        {
            if (change.Entry.Id == point.Id && change.Entry.EndorsementCount > point.EndorsementCount) received.TrySetResult(change);
        });
        await client.StartAsync(TestContext.Current.CancellationToken);
        await client.InvokeAsync(nameof(ConsultationHub.JoinConsultation), consultation.Id, TestContext.Current.CancellationToken);

        var response = await app.ClientFor(Delegates.State("Mexico")).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements",
            new { version = 1 },
            AppFixture.Json, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();

        var change = await received.Task.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        Assert.Equal(consultation.Id, change.ConsultationId);
        Assert.True(change.Position > 0);
        Assert.Equal(point.Text, change.Entry.Text);
    }

    [Fact]
    public async Task a_client_that_did_not_join_receives_nothing()
    {
        var consultation = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = consultation.ActionPoints.Single(p => p.Number == 6);

        await using var joined = app.HubClient();
        await using var bystander = app.HubClient();
        var joinedGotIt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bystanderMessages = 0;
        joined.On<BoardEntryChanged>(LiveMessages.BoardEntryChanged, c => { if (c.Entry.Id == point.Id) joinedGotIt.TrySetResult(); });
        bystander.On<BoardEntryChanged>(LiveMessages.BoardEntryChanged, _ => Interlocked.Increment(ref bystanderMessages));
        await joined.StartAsync(TestContext.Current.CancellationToken);
        await bystander.StartAsync(TestContext.Current.CancellationToken);
        await joined.InvokeAsync(nameof(ConsultationHub.JoinConsultation), consultation.Id, TestContext.Current.CancellationToken);

        (await app.ClientFor(Delegates.State("Chile")).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements",
            new { version = 1 },
            AppFixture.Json, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();

        await joinedGotIt.Task.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        Assert.Equal(0, bystanderMessages);
    }
}
