using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.Tests.Support;
using Marten;
using Npgsql;
using Microsoft.AspNetCore.SignalR.Client;

namespace ConsultationPlatform.Tests.LivePush;

/// <summary>An app of its own: the holes these tests make in the event sequence must not slow other tests' pushes.</summary>
public sealed class SequenceGapFixture : AppFixture;

/// <summary>
/// Issue 10, defect 2: a write that dies after reserving its sequence number leaves a hole; the next push, by anyone,
/// must not wait seconds for the daemon to give up on it (LivePush/SequenceGaps.cs).
/// </summary>
public class SequenceGapPushTests(SequenceGapFixture app) : IClassFixture<SequenceGapFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Marten's default stale threshold alone is 3 s; the measured push behind a hole with the defaults was 3.5-4.1 s.</summary>
    private static readonly TimeSpan WellUnderMartensDefault = TimeSpan.FromMilliseconds(1500);

    private sealed class Screen(HubConnection connection) : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, long> _arrivals = new();
        private readonly ConcurrentQueue<long> _positions = new();
        public HubConnection Connection { get; } = connection;

        /// <summary>Every change's position, in the order the screen received them.</summary>
        public List<long> Positions => _positions.ToList();

        public bool HasSeen(string organisation) => _arrivals.ContainsKey(organisation);

        public async Task Join(Guid consultationId)
        {
            Connection.On<ChangeBatch>(LiveMessages.Changes, batch =>
            {
                foreach (var change in batch.Changes)
                {
                    _positions.Enqueue(change.Position);
                    if (change.ActorOrganisation is { } organisation) _arrivals.TryAdd(organisation, Stopwatch.GetTimestamp());
                }
            });
            await Connection.StartAsync(Ct);
            await Connection.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinConsultation), consultationId, null, Ct);
        }

        public async Task<long> ArrivalOf(string organisation)
        {
            var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 20;
            while (!_arrivals.ContainsKey(organisation))
            {
                if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException($"No push of {organisation}'s endorsement within 20 s.");
                await Task.Delay(5, Ct);
            }
            return _arrivals[organisation];
        }

        public ValueTask DisposeAsync() => Connection.DisposeAsync();
    }

    /// <summary>From the request of an unrelated state's endorsement to its arrival on the screen.</summary>
    private async Task<TimeSpan> PushLatencyOfAnEndorsement(Screen screen, Guid pointId)
    {
        var state = Delegates.State("Unrelated " + Guid.NewGuid().ToString("N")[..8]);
        var started = Stopwatch.GetTimestamp();
        (await app.ClientFor(state).PostAsJsonAsync($"/api/action-points/{pointId}/endorsements", new { version = 1 }, Ct)).EnsureSuccessStatusCode();
        return Stopwatch.GetElapsedTime(started, await screen.ArrivalOf(state.OrganisationName));
    }

    /// <summary>Numbers handed out by the sequence and events stored: the difference is the holes so far.</summary>
    private async Task<(long Reserved, long Committed)> Sequence()
    {
        var schema = app.Store.Options.Events.DatabaseSchemaName;
        await using var session = app.Store.QuerySession();
        var reserved = await session.AdvancedSql.QueryAsync<long>($"select last_value from {schema}.mt_events_sequence", Ct);
        var committed = await session.AdvancedSql.QueryAsync<long>($"select count(*) from {schema}.mt_events", Ct);
        return (reserved[0], committed[0]);
    }

    /// <summary>A consultation in its endorsement phase, and a screen that has joined it.</summary>
    private async Task<(ConsultationBoard Consultation, Screen Screen)> WatchedConsultation()
    {
        var consultation = await app.NewConsultation(ConsultationPhase.Endorsement);
        var screen = new Screen(app.HubClient());
        await screen.Join(consultation.Id);
        return (consultation, screen);
    }

    /// <summary>
    /// Waits until the high-water agent has stamped its mark (it does at each look, whether the mark moves or not) at
    /// least <paramref name="looksAfter"/> after now, in the database's time, and fails if the mark ever reaches
    /// <paramref name="position"/> meanwhile.
    /// </summary>
    private async Task HighWaterHoldsBelow(long position, TimeSpan looksAfter)
    {
        var schema = app.Store.Options.Events.DatabaseSchemaName;
        await using var connection = app.Store.Storage.Database.CreateConnection();
        await connection.OpenAsync(Ct);
        await using var now = new NpgsqlCommand("select now()", connection);
        var until = (DateTime)(await now.ExecuteScalarAsync(Ct))! + looksAfter;
        await using var read = new NpgsqlCommand($"select last_seq_id, last_updated from {schema}.mt_event_progression where name = 'HighWaterMark'", connection);
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 20;
        while (true)
        {
            long mark;
            DateTime stamped;
            await using (var row = await read.ExecuteReaderAsync(Ct))
            {
                Assert.True(await row.ReadAsync(Ct), "The high-water agent has no mark yet.");
                (mark, stamped) = (row.GetInt64(0), row.GetDateTime(1));
            }

            Assert.True(mark < position, $"The high-water mark reached {mark}, past the open transaction's position {position}.");
            if (stamped >= until) return;
            if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException($"The high-water agent did not look again within 20 s (its mark {mark}, stamped {stamped:O}).");
            await Task.Delay(20, Ct);
        }
    }

    private static TimeSpan Median(IEnumerable<TimeSpan> values) => values.OrderBy(v => v).ElementAt(values.Count() / 2);

    [Fact]
    public async Task a_hole_left_by_a_write_that_died_after_reserving_its_number_costs_the_next_push_milliseconds_not_seconds()
    {
        var (consultation, screen) = await WatchedConsultation();
        await using var _ = screen;
        var point = consultation.ActionPoints[0];

        var normal = new List<TimeSpan>();
        for (var i = 0; i < 3; i++) normal.Add(await PushLatencyOfAnEndorsement(screen, point.Id));

        var behindAHole = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            // What a request killed between reserving its sequence number and its commit leaves behind.
            await using (var session = app.Store.LightweightSession())
                await session.AdvancedSql.QueryAsync<long>($"select nextval('{app.Store.Options.Events.DatabaseSchemaName}.mt_events_sequence')", Ct);
            var (reserved, committed) = await Sequence();
            Assert.True(reserved > committed, "The test must leave a real hole in the sequence.");

            behindAHole.Add(await PushLatencyOfAnEndorsement(screen, point.Id));
        }

        var report = $"normal push {string.Join(", ", normal.Select(t => $"{t.TotalMilliseconds:F0}"))} ms; " +
                     $"behind a hole {string.Join(", ", behindAHole.Select(t => $"{t.TotalMilliseconds:F0}"))} ms";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.True(Median(behindAHole) < WellUnderMartensDefault, report);
    }

    [Fact]
    public async Task two_delegates_of_one_state_endorsing_at_once_get_a_success_and_a_409_and_the_next_push_is_not_held()
    {
        var (consultation, screen) = await WatchedConsultation();
        await using var _ = screen;

        var statuses = new List<HttpStatusCode>();
        var behindAConflict = new List<TimeSpan>();
        var holesBefore = await Sequence();
        for (var i = 0; i < 8; i++)
        {
            var state = Delegates.State("Twin delegations " + i);
            var point = consultation.ActionPoints[i % consultation.ActionPoints.Count];
            var twins = new[] { state with { PersonId = Guid.NewGuid() }, state with { PersonId = Guid.NewGuid() } };
            var answers = await Task.WhenAll(twins.Select((t, n) =>
                app.ClientFor(t).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = 1, reservation = $"Reservation {n}" }, Ct)));
            statuses.AddRange(answers.Select(a => a.StatusCode));
            Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
            Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)a.StatusCode}"));

            behindAConflict.Add(await PushLatencyOfAnEndorsement(screen, consultation.ActionPoints[0].Id));
        }

        var holesAfter = await Sequence();
        var holes = (holesAfter.Reserved - holesAfter.Committed) - (holesBefore.Reserved - holesBefore.Committed);
        var report = $"{statuses.Count(s => s == HttpStatusCode.Conflict)} conflicts (409), {holes} holes left in the sequence; " +
                     $"push of the next, unrelated endorsement: {string.Join(", ", behindAConflict.Select(t => $"{t.TotalMilliseconds:F0}"))} ms";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.True(Median(behindAConflict) < WellUnderMartensDefault, report);
    }

    /// <summary>
    /// Issue 14 (a helper's report): with one transaction per act, the daemon was seen waiting 45 s at a sequence hole
    /// while the benchmark's set-up wrote in bulk. A transaction that has appended and not yet committed is a hole that
    /// will be filled: the push must hold behind it (skipping it would lose its events for good), and go on as soon as
    /// it commits, with every change delivered once and in order. What the wait is bounded by is that transaction's
    /// life, not a clock.
    /// </summary>
    [Fact]
    public async Task an_open_bulk_transaction_holds_the_push_behind_it_and_once_it_commits_every_change_arrives_in_order()
    {
        var (consultation, screen) = await WatchedConsultation();
        await using var _ = screen;
        var point = consultation.ActionPoints[0];

        // A bulk writer (an import, the benchmark's set-up) appends an endorsement of the point in its own transaction
        // and keeps it open: its sequence number is taken, its event not yet visible.
        await using var connection = app.Store.Storage.Database.CreateConnection();
        await connection.OpenAsync(Ct);
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        var bulkEndorsement = Guid.NewGuid();
        await using (var bulk = app.Store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction)))
        {
            bulk.Events.StartStream<ConsultationPlatform.Endorsements.Endorsement>(bulkEndorsement,
                new ConsultationPlatform.Endorsements.EndorsementGiven(bulkEndorsement, point.Id, consultation.Id, Guid.NewGuid(), "Imported delegation",
                    ConsultationPlatform.Stakeholders.StakeholderGroup.MemberState, 1, null, Guid.NewGuid()));
            await bulk.SaveChangesAsync(Ct);
        }

        // Its position, as its own transaction sees it.
        await using var own = new NpgsqlCommand($"select seq_id from {app.Store.Options.Events.DatabaseSchemaName}.mt_events where stream_id = @stream", connection, transaction);
        own.Parameters.AddWithValue("stream", bulkEndorsement);
        var bulkPosition = (long)(await own.ExecuteScalarAsync(Ct))!;

        // An act commits after it: a delegation endorses through the API (its own transaction, ActTransaction).
        var state = Delegates.State("Behind an open bulk " + Guid.NewGuid().ToString("N")[..8]);
        (await app.ClientFor(state).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = 1 }, Ct)).EnsureSuccessStatusCode();

        // While the bulk transaction is open, the high-water agent looks at the hole again and again (it stamps its
        // mark at each look) and holds below it, well past the stale threshold after which a dead hole is skipped; and
        // so the act's change has not been pushed.
        await HighWaterHoldsBelow(bulkPosition, looksAfter: SequenceGaps.DefaultStaleSequenceThreshold * 5);
        Assert.False(screen.HasSeen(state.OrganisationName),
            "The push went past a hole whose transaction is alive: the bulk's event would never reach the screens.");

        await transaction.CommitAsync(Ct);
        await screen.ArrivalOf(state.OrganisationName);

        var positions = screen.Positions;
        Assert.Contains(bulkPosition, positions);
        Assert.Equal(positions.Distinct().Count(), positions.Count);
        Assert.Equal(positions.Order().ToList(), positions);
        Assert.True(positions.IndexOf(bulkPosition) < positions.Count - 1, "The bulk's change comes before the act's, as in the store.");
    }
}
