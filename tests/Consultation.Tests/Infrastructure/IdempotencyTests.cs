using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Infrastructure.Idempotency;
using ConsultationPlatform.Tests.Support;
using ConsultationPlatform.Submissions;
using Marten;
using Marten.Services;
using Npgsql;

namespace ConsultationPlatform.Tests.Infrastructure;

[Collection(PlatformCollection.Name)]
public class IdempotencyTests(AppFixture app)
{
    private static HttpRequestMessage Endorse(Guid pointId, string key, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/action-points/{pointId}/endorsements")
        {
            Content = JsonContent.Create(body, options: AppFixture.Json),
        };
        request.Headers.Add(IdempotencyMiddleware.Header, key);
        return request;
    }

    private async Task<int> EventsOf(Guid streamId)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(streamId)).Count;
    }

    [Fact]
    public async Task a_retry_with_the_same_key_gets_the_original_response_and_appends_nothing()
    {
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = board.ActionPoints[0];
        var ghana = Delegates.State("Ghana");
        var client = app.ClientFor(ghana);
        var key = Guid.NewGuid().ToString();

        var first = await client.SendAsync(Endorse(point.Id, key, new { version = 1, reservation = "first" }));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var firstBody = await first.Content.ReadAsStringAsync();
        var endorsementId = Endorsement.IdFor(point.Id, ghana.OrganisationId);
        Assert.Equal(1, await EventsOf(endorsementId));

        var retry = await client.SendAsync(Endorse(point.Id, key, new { version = 1, reservation = "first" }));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(firstBody, await retry.Content.ReadAsStringAsync());
        Assert.Equal("true", retry.Headers.GetValues(IdempotencyMiddleware.ReplayedHeader).Single());
        Assert.Equal(1, await EventsOf(endorsementId));

        // Without the key the same request is a new act (here: unchanged, so nothing appended either way).
        var changed = await client.SendAsync(Endorse(point.Id, Guid.NewGuid().ToString(), new { version = 1, reservation = "second" }));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(2, await EventsOf(endorsementId));
    }

    [Fact]
    public async Task the_same_key_with_a_different_body_is_refused_and_changes_nothing()
    {
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = board.ActionPoints[1];
        var chile = Delegates.State("Chile");
        var client = app.ClientFor(chile);
        var key = Guid.NewGuid().ToString();

        (await client.SendAsync(Endorse(point.Id, key, new { version = 1 }))).EnsureSuccessStatusCode();
        var reused = await client.SendAsync(Endorse(point.Id, key, new { version = 1, reservation = "something else" }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, await EventsOf(Endorsement.IdFor(point.Id, chile.OrganisationId)));
    }

    [Fact]
    public async Task keys_belong_to_the_person_who_used_them()
    {
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = board.ActionPoints[2];
        var key = Guid.NewGuid().ToString();
        var peru = Delegates.State("Peru");
        var ecuador = Delegates.State("Ecuador");

        (await app.ClientFor(peru).SendAsync(Endorse(point.Id, key, new { version = 1 }))).EnsureSuccessStatusCode();
        var other = await app.ClientFor(ecuador).SendAsync(Endorse(point.Id, key, new { version = 1 }));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.False(other.Headers.Contains(IdempotencyMiddleware.ReplayedHeader));
        Assert.Equal(1, await EventsOf(Endorsement.IdFor(point.Id, ecuador.OrganisationId)));
    }

    [Fact]
    public async Task a_refused_request_is_replayed_as_refused()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var client = app.ClientFor(Delegates.State("Kenya"));
        var key = Guid.NewGuid().ToString();
        var first = await client.SendAsync(Endorse(board.ActionPoints[0].Id, key, new { version = 1 }));
        var second = await client.SendAsync(Endorse(board.ActionPoints[0].Id, key, new { version = 1 }));
        Assert.Equal(HttpStatusCode.Conflict, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task an_overlong_key_is_a_400_problem()
    {
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        var response = await app.ClientFor(Delegates.State()).SendAsync(Endorse(board.ActionPoints[0].Id, new string('k', 201), new { version = 1 }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static HttpRequestMessage Submit(Guid consultationId, string key, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/consultations/{consultationId}/submissions")
        {
            Content = JsonContent.Create(new { body, language = "en" }, options: AppFixture.Json),
        };
        request.Headers.Add(IdempotencyMiddleware.Header, key);
        return request;
    }

    private async Task<int> SubmissionsTo(Guid consultationId)
    {
        await using var session = app.Store.QuerySession();
        return await session.Query<Submission>().CountAsync(s => s.ConsultationId == consultationId);
    }

    [Fact]
    public async Task the_same_key_sent_many_times_at_once_runs_once_and_every_copy_gets_its_response()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var client = app.ClientFor(Delegates.CivilSociety("Idempotent at once"));
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.SendAsync(Submit(board.Id, key, "Once, however often it is sent."))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Single(responses.Select(r => r.Headers.Location).Distinct());
        Assert.Equal(5, responses.Count(r => r.Headers.Contains(IdempotencyMiddleware.ReplayedHeader)));
        Assert.Equal(1, await SubmissionsTo(board.Id));
    }

    [Fact]
    public async Task a_crash_between_the_key_and_the_commit_leaves_nothing_and_the_retry_runs_once()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var author = Delegates.CivilSociety("Idempotent after a crash");
        var client = app.ClientFor(author);
        var key = Guid.NewGuid().ToString();
        var path = $"/api/consultations/{board.Id}/submissions";
        var recordId = IdempotencyMiddleware.RecordId(author.PersonId.ToString(), "POST", path, key);

        // The first delivery, as the server runs it: the key's lock taken, the request's events appended in the same
        // transaction; then the process dies before the commit (its connection closes without COMMIT).
        var crashed = app.Store.Storage.Database.CreateConnection();
        await crashed.OpenAsync(TestContext.Current.CancellationToken);
        var transaction = await crashed.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using (var command = new NpgsqlCommand("select pg_advisory_xact_lock($1)", crashed, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = IdempotencyMiddleware.LockKey(recordId) });
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var lostId = Guid.CreateVersion7();
        await using (var session = app.Store.LightweightSession(SessionOptions.ForTransaction(transaction, shouldAutoCommit: false)))
        {
            session.Events.StartStream<Submission>(lostId, new SubmissionReceived(lostId, board.Id, null, null, null,
                "Never committed.", "<p>Never committed.</p>", "en", author.PersonId, "Lost", author.OrganisationId, author.OrganisationName, author.OrganisationGroup));
            await session.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        // The retry arrives while the dying request still holds the key: it waits rather than failing or running twice.
        var retry = client.SendAsync(Submit(board.Id, key, "Committed once."), TestContext.Current.CancellationToken);
        await crashed.DisposeAsync(); // the crash: PostgreSQL rolls the transaction back and releases the key

        var response = await retry;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(response.Headers.Contains(IdempotencyMiddleware.ReplayedHeader));
        Assert.Equal(1, await SubmissionsTo(board.Id));
        await using (var query = app.Store.QuerySession())
        {
            Assert.Null(await query.Events.FetchStreamStateAsync(lostId, TestContext.Current.CancellationToken));
            Assert.True((await query.LoadAsync<IdempotentRequest>(recordId, TestContext.Current.CancellationToken))!.Completed);
        }

        // And a second retry after that gets the committed response back.
        var again = await client.SendAsync(Submit(board.Id, key, "Committed once."), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(response.Headers.Location, again.Headers.Location);
        Assert.Equal(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), await again.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, await SubmissionsTo(board.Id));
    }

    [Fact]
    public async Task a_key_left_in_progress_by_a_crash_is_not_stuck()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var author = Delegates.CivilSociety("Idempotent key left behind");
        var client = app.ClientFor(author);
        var key = Guid.NewGuid().ToString();
        var recordId = IdempotencyMiddleware.RecordId(author.PersonId.ToString(), "POST", $"/api/consultations/{board.Id}/submissions", key);
        await using (var session = app.Store.LightweightSession())
        {
            // What a crash left behind when the key was claimed in a transaction of its own before the request ran.
            session.Store(new IdempotentRequest { Id = recordId, RequestHash = "", Completed = false, ReceivedAt = DateTimeOffset.UtcNow.AddMinutes(-5) });
            await session.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var retry = await client.SendAsync(Submit(board.Id, key, "Not stuck."), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(1, await SubmissionsTo(board.Id));
    }
}
