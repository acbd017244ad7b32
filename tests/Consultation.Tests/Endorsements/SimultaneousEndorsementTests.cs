using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Tests.Support;
using Marten;

namespace ConsultationPlatform.Tests.Endorsements;

[Collection(PlatformCollection.Name)]
public class SimultaneousEndorsementTests(AppFixture app)
{
    [Fact]
    public async Task colleagues_endorsing_the_same_point_at_the_same_moment_get_200_or_409_never_500()
    {
        var ct = TestContext.Current.CancellationToken;
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = board.ActionPoints[2];
        var chile = Delegates.State("Simultaneous Chile");
        await app.ClientFor(chile).GetAsync($"/api/action-points/{point.Id}", ct); // accredited once, before the race
        var colleagues = Enumerable.Range(0, 8).Select(_ => app.ClientFor(chile with { PersonId = Guid.NewGuid() })).ToList();

        var answers = await Task.WhenAll(colleagues.Select((c, i) =>
            c.PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = 1, reservation = $"colleague {i}" }, ct)));

        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        foreach (var refused in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict))
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        await using var session = app.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(Endorsement.IdFor(point.Id, chile.OrganisationId), token: ct);
        Assert.Equal(answers.Count(a => a.StatusCode == HttpStatusCode.OK), events.Count);
    }
}
