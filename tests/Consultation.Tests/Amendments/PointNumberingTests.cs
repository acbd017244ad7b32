using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Tests.Support;
using Marten;

namespace ConsultationPlatform.Tests.Amendments;

/// <summary>Two points added at the same instant never share a number (ActionPoints/PointNumbering.cs).</summary>
[Collection(PlatformCollection.Name)]
public sealed class PointNumberingTests(AppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task two_writes_that_read_the_same_last_number_cannot_both_table_a_point_with_the_next_one()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var next = board.ActionPoints.Max(p => p.Number) + 1;
        // Both decided on the same reading of the numbers (the race, made certain): each tables "its" point 9.
        await using var first = app.Store.LightweightSession();
        await using var second = app.Store.LightweightSession();
        var one = Guid.NewGuid();
        var other = Guid.NewGuid();
        first.Events.StartStream<ActionPoint>(one, new ActionPointTabled(one, board.Id, next, "The first new point."));
        second.Events.StartStream<ActionPoint>(other, new ActionPointTabled(other, board.Id, next, "The second new point."));
        await first.SaveChangesAsync(Ct);
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => second.SaveChangesAsync(Ct));
        Assert.True(PointNumbering.IsCollision(refused), refused.ToString());

        await using var query = app.Store.QuerySession();
        var numbers = await query.Query<ActionPoint>().Where(p => p.ConsultationId == board.Id).Select(p => p.Number).ToListAsync(Ct);
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.False(await query.Events.FetchStreamStateAsync(other, Ct) is not null, "The refused point's stream was not written.");
    }

    [Fact]
    public async Task additions_accepted_at_the_same_instant_end_with_distinct_numbers_a_refused_one_409_and_accepted_when_tried_again()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var moderators = new[] { app.ClientFor(Delegates.Moderator()), app.ClientFor(Delegates.Moderator()) };
        var proposer = app.ClientFor(Delegates.CivilSociety());
        var statuses = new List<HttpStatusCode>();
        var numbers = new List<int>();
        for (var pair = 0; pair < 4; pair++)
        {
            var ids = new List<Guid>();
            for (var i = 0; i < 2; i++)
            {
                var proposed = await proposer.PostAsJsonAsync($"/api/consultations/{board.Id}/amendments/add-point",
                    new { text = $"New point {pair}.{i}: data on the recruitment costs of migrant workers.", rationale = "Missing." }, AppFixture.Json, Ct);
                Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
                ids.Add((await proposed.Content.ReadFromJsonAsync<AmendmentProposal>(AppFixture.Json, Ct))!.AmendmentId);
            }

            // Both accepted at once, by two moderators.
            var answers = await Task.WhenAll(ids.Select((id, i) => moderators[i].PostAsync($"/api/amendments/{id}/accept", null, Ct)));
            for (var i = 0; i < 2; i++)
            {
                var answer = answers[i];
                statuses.Add(answer.StatusCode);
                Assert.True(answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{answer.StatusCode}: {await answer.Content.ReadAsStringAsync(Ct)}");
                if (answer.StatusCode == HttpStatusCode.Conflict)
                {
                    Assert.Contains("application/problem+json", answer.Content.Headers.ContentType?.ToString());
                    answer = await moderators[i].PostAsync($"/api/amendments/{ids[i]}/accept", null, Ct); // tried again
                    Assert.True(answer.StatusCode == HttpStatusCode.OK, await answer.Content.ReadAsStringAsync(Ct));
                }

                numbers.Add((await answer.Content.ReadFromJsonAsync<AmendmentAcceptance>(AppFixture.Json, Ct))!.ActionPointNumber!.Value);
            }
        }

        Assert.Equal(Enumerable.Range(9, 8), numbers.Order());
        var after = await app.Board(board.Id);
        Assert.Equal(Enumerable.Range(1, 16), after.ActionPoints.Select(p => p.Number).Order());
    }
}
