using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace ConsultationPlatform.Tests.Consultations.Deadlines;

/// <summary>
/// A phase's scheduled end through the API and the durable message: the move happens once, a reschedule, a
/// cancellation or a move by hand leaves the older message nothing to do, a late act is refused, bad input changes nothing.
/// </summary>
[Collection(PlatformCollection.Name)]
public class PhaseEndEndpointTests(AppFixture app)
{
    private static readonly Actor Moderator = Delegates.Moderator();

    private Task<HttpResponseMessage> Schedule(Guid consultationId, object body, Actor? actor = null) =>
        app.ClientFor(actor ?? Moderator).PutAsJsonAsync($"/api/consultations/{consultationId}/phase-end", body, AppFixture.Json);

    private async Task<PhaseEndStatus> Status(Guid consultationId) =>
        (await app.Http.GetFromJsonAsync<PhaseEndStatus>($"/api/consultations/{consultationId}/phase-end", AppFixture.Json))!;

    private async Task<PhaseHistory> History(Guid consultationId) =>
        (await app.Http.GetFromJsonAsync<PhaseHistory>($"/api/consultations/{consultationId}/phases", AppFixture.Json))!;

    private async Task<int> Reached(Guid consultationId)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(consultationId)).Count(e => e.Data is PhaseEndReached);
    }

    /// <summary>Delivers a schedule's message as Wolverine does when its time comes (the handler runs to its end).</summary>
    private async Task Deliver(Guid consultationId, Guid scheduleId)
    {
        using var scope = app.App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IMessageBus>().InvokeAsync(new EndScheduledPhase(consultationId, scheduleId));
    }

    /// <summary>The real signal: the consultation's phase as the API answers it, until it is <paramref name="phase"/>.</summary>
    private async Task<PhaseEndStatus> UntilPhase(Guid consultationId, ConsultationPhase phase, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var status = await Status(consultationId);
            if (status.Phase == phase) return status;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The consultation is still in its {status.Phase} phase.");
            await Task.Delay(100);
        }
    }

    private static async Task<ProblemDetails> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ProblemDetails>(AppFixture.Json))!;
    }

    [Fact]
    public async Task at_the_scheduled_end_the_phase_moves_on_by_itself_once()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var before = await History(board.Id);
        var endsAt = DateTimeOffset.UtcNow.AddSeconds(2);

        var response = await Schedule(board.Id, new { endsAt, phase = "inputs", version = before.Version });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var scheduled = (await response.Content.ReadFromJsonAsync<PhaseEndStatus>(AppFixture.Json))!;
        Assert.Equal(ConsultationPhase.Inputs, scheduled.Phase);
        Assert.Equal(ConsultationPhase.Drafting, scheduled.NextPhase);
        Assert.Equal(endsAt.ToUnixTimeMilliseconds(), scheduled.EndsAt!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(before.Version + 1, scheduled.Version);
        Assert.Equal(scheduled.ScheduleId, (await Status(board.Id)).ScheduleId);

        // The durable message, from Wolverine's inbox in PostgreSQL, moves the consultation at its time.
        var after = await UntilPhase(board.Id, ConsultationPhase.Drafting, TimeSpan.FromSeconds(60));
        Assert.Null(after.EndsAt);
        Assert.Equal(ConsultationPhase.Endorsement, after.NextPhase);
        Assert.True(DateTimeOffset.UtcNow >= endsAt);

        // The same message delivered again (a second node, a retry) finds its schedule gone.
        await Task.WhenAll(Deliver(board.Id, scheduled.ScheduleId!.Value), Deliver(board.Id, scheduled.ScheduleId!.Value));
        var history = await History(board.Id);
        var change = Assert.Single(history.Changes, c => c.From == ConsultationPhase.Inputs);
        Assert.Equal(ConsultationPhase.Drafting, change.To);
        Assert.Equal(Moderator.PersonId, change.ChangedBy);
        Assert.Equal(ConsultationPhase.Drafting, history.Phase);
        Assert.Equal(1, await Reached(board.Id));
    }

    [Fact]
    public async Task two_handlers_of_the_due_schedule_at_once_move_the_phase_once()
    {
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        // The schedule's time has come and its message has not run yet (the fact, straight in the store).
        var scheduleId = Guid.NewGuid();
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.Append(board.Id, new PhaseEndScheduled(board.Id, scheduleId, ConsultationPhase.Endorsement, DateTimeOffset.UtcNow.AddSeconds(-1), Moderator.PersonId));
            await session.SaveChangesAsync();
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Deliver(board.Id, scheduleId)));

        var history = await History(board.Id);
        Assert.Equal(ConsultationPhase.Concluded, history.Phase);
        Assert.Single(history.Changes, c => c.From == ConsultationPhase.Endorsement);
        Assert.Equal(1, await Reached(board.Id));
    }

    [Fact]
    public async Task a_rescheduled_end_moves_at_the_new_time_and_the_first_message_does_nothing()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var first = (await (await Schedule(board.Id, new { endsAt = DateTimeOffset.UtcNow.AddHours(1) })).Content.ReadFromJsonAsync<PhaseEndStatus>(AppFixture.Json))!;

        // The first schedule's message, delivered early (a node's clock ahead), waits again: nothing moves.
        await Deliver(board.Id, first.ScheduleId!.Value);
        Assert.Equal(ConsultationPhase.Drafting, (await Status(board.Id)).Phase);

        var response = await Schedule(board.Id, new { endsAt = DateTimeOffset.UtcNow.AddSeconds(2) });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var second = (await response.Content.ReadFromJsonAsync<PhaseEndStatus>(AppFixture.Json))!;
        Assert.NotEqual(first.ScheduleId, second.ScheduleId);
        Assert.Equal(second.ScheduleId, (await Status(board.Id)).ScheduleId);

        await UntilPhase(board.Id, ConsultationPhase.Endorsement, TimeSpan.FromSeconds(60));

        // The first schedule's message, due or not, finds another schedule (and then none): nothing moves.
        await Deliver(board.Id, first.ScheduleId!.Value);
        var history = await History(board.Id);
        Assert.Equal(ConsultationPhase.Endorsement, history.Phase);
        Assert.Single(history.Changes, c => c.From == ConsultationPhase.Drafting);
        Assert.Equal(1, await Reached(board.Id));
    }

    [Fact]
    public async Task a_cancelled_end_leaves_the_phase_as_it_is()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var scheduled = (await (await Schedule(board.Id, new { endsAt = DateTimeOffset.UtcNow.AddHours(1) })).Content.ReadFromJsonAsync<PhaseEndStatus>(AppFixture.Json))!;

        var cancelled = await app.ClientFor(Moderator).DeleteAsync($"/api/consultations/{board.Id}/phase-end");
        Assert.Equal(HttpStatusCode.NoContent, cancelled.StatusCode);
        var status = await Status(board.Id);
        Assert.Null(status.EndsAt);
        Assert.Null(status.ScheduleId);

        // Its message, when it comes, finds nothing scheduled.
        await Deliver(board.Id, scheduled.ScheduleId!.Value);

        Assert.Equal(ConsultationPhase.Inputs, (await History(board.Id)).Phase);
        Assert.Equal(0, await Reached(board.Id));

        var again = await app.ClientFor(Moderator).DeleteAsync($"/api/consultations/{board.Id}/phase-end");
        Assert.EndsWith("no-phase-end", (await Problem(again, HttpStatusCode.Conflict)).Type);
    }

    [Fact]
    public async Task a_phase_moved_by_hand_ends_its_schedule()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var scheduleId = Guid.NewGuid();
        await using (var session = app.Store.LightweightSession())
        {
            session.Events.Append(board.Id, new PhaseEndScheduled(board.Id, scheduleId, ConsultationPhase.Inputs, DateTimeOffset.UtcNow.AddMinutes(-1), Moderator.PersonId));
            await session.SaveChangesAsync();
        }

        var moved = await app.ClientFor(Moderator).PostAsJsonAsync($"/api/consultations/{board.Id}/phase", new { phase = "drafting" }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Null((await Status(board.Id)).EndsAt);

        await Deliver(board.Id, scheduleId);
        var history = await History(board.Id);
        Assert.Equal(ConsultationPhase.Drafting, history.Phase); // not moved on again to endorsement
        Assert.Equal(0, await Reached(board.Id));
    }

    [Fact]
    public async Task a_late_act_after_the_end_and_before_the_move_is_refused_with_a_clear_problem()
    {
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = board.ActionPoints[0];
        var endedAt = DateTimeOffset.UtcNow.AddSeconds(-5);
        await using (var session = app.Store.LightweightSession())
        {
            // The end has passed; its message has not landed yet.
            session.Events.Append(board.Id, new PhaseEndScheduled(board.Id, Guid.NewGuid(), ConsultationPhase.Endorsement, endedAt, Moderator.PersonId));
            await session.SaveChangesAsync();
        }

        var state = Delegates.State();
        var response = await app.ClientFor(state).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = point.Version }, AppFixture.Json);
        var problem = await Problem(response, HttpStatusCode.Conflict);
        Assert.Equal("https://consultation.dev/problems/phase-ended", problem.Type);
        Assert.Contains("ended", problem.Detail);
        Assert.Equal(0, (await app.Board(board.Id)).ActionPoints[0].EndorsementCount);
    }

    [Fact]
    public async Task bad_input_and_refusals_change_nothing()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var before = await History(board.Id);
        var soon = DateTimeOffset.UtcNow.AddHours(1);

        Assert.Contains("endsAt", ((await Problem(await Schedule(board.Id, new { }), HttpStatusCode.BadRequest)).Extensions["errors"]!.ToString()));
        await Problem(await Schedule(board.Id, new { endsAt = DateTimeOffset.UtcNow.AddMinutes(-1) }), HttpStatusCode.BadRequest);
        await Problem(await Schedule(board.Id, new { endsAt = "tomorrow" }), HttpStatusCode.BadRequest);
        Assert.EndsWith("stale-consultation", (await Problem(await Schedule(board.Id, new { endsAt = soon, version = before.Version - 1 }), HttpStatusCode.Conflict)).Type);
        Assert.EndsWith("stale-consultation", (await Problem(await Schedule(board.Id, new { endsAt = soon, phase = "drafting" }), HttpStatusCode.Conflict)).Type);
        await Problem(await Schedule(board.Id, new { endsAt = soon }, Delegates.State()), HttpStatusCode.Forbidden);
        await Problem(await app.ClientFor(Delegates.State()).DeleteAsync($"/api/consultations/{board.Id}/phase-end"), HttpStatusCode.Forbidden);
        await Problem(await app.Http.PutAsJsonAsync($"/api/consultations/{board.Id}/phase-end", new { endsAt = soon }, AppFixture.Json), HttpStatusCode.Unauthorized);
        await Problem(await Schedule(Guid.NewGuid(), new { endsAt = soon }), HttpStatusCode.NotFound);
        await Problem(await app.Http.GetAsync($"/api/consultations/{Guid.NewGuid()}/phase-end"), HttpStatusCode.NotFound);

        var after = await History(board.Id);
        Assert.Equal(before.Version, after.Version);
        Assert.Null((await Status(board.Id)).EndsAt);

        var concluded = await app.NewConsultation(ConsultationPhase.Concluded);
        Assert.EndsWith("no-next-phase", (await Problem(await Schedule(concluded.Id, new { endsAt = soon }), HttpStatusCode.Conflict)).Type);
    }
}
