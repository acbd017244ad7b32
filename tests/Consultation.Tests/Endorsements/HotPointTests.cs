using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Tests.Support;
using Marten;

namespace ConsultationPlatform.Tests.Endorsements;

/// <summary>Dozens of delegations endorse the same point within seconds: every endorsement is recorded, none is lost.</summary>
[Collection(PlatformCollection.Name)]
public class HotPointTests(AppFixture app, ITestOutputHelper output)
{
    [Fact]
    public async Task two_hundred_concurrent_endorsements_of_one_point_are_all_recorded()
    {
        const int stakeholders = 200;
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = board.ActionPoints[0];
        var delegates = Enumerable.Range(1, stakeholders).Select(i => Delegates.State($"State {i}")).ToList();
        var clients = delegates.Select(d => app.ClientFor(d, accredit: false)).ToList();
        foreach (var d in delegates) await AccreditingHandler.Accredit(app, board.Id, d);

        var clock = Stopwatch.StartNew();
        using var start = new SemaphoreSlim(0);
        var requests = clients.Select(async client =>
        {
            await start.WaitAsync();
            return await client.PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = 1 });
        }).ToList();
        start.Release(stakeholders);
        var responses = await Task.WhenAll(requests);
        clock.Stop();

        var statuses = responses.GroupBy(r => r.StatusCode).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{stakeholders} concurrent endorsements in {clock.ElapsedMilliseconds} ms: " +
                         string.Join(", ", statuses.Select(s => $"{(int)s.Key} x{s.Value}")));
        Assert.Equal(stakeholders, statuses.GetValueOrDefault(HttpStatusCode.OK));

        var entry = (await app.Board(board.Id)).ActionPoints.Single(p => p.Id == point.Id);
        Assert.Equal(stakeholders, entry.EndorsementCount);

        await using var session = app.Store.QuerySession();
        var given = await session.Events.QueryRawEventDataOnly<EndorsementGiven>()
            .Where(e => e.ActionPointId == point.Id).CountAsync();
        Assert.Equal(stakeholders, given);
        foreach (var d in delegates)
        {
            var stored = await session.LoadAsync<Endorsement>(Endorsement.IdFor(point.Id, d.OrganisationId));
            Assert.NotNull(stored);
            // The stream's version, which the live push's counts rely on to skip events a stored endorsement holds.
            Assert.Equal(1, stored.Version);
        }
    }
}
