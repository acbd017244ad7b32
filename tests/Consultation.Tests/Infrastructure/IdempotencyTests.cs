using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Infrastructure.Idempotency;
using ConsultationPlatform.Tests.Support;
using Marten;

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
}
