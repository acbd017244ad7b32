using System.Net;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.Amendments;

[Collection(PlatformCollection.Name)]
public class ConflictingAcceptsTests(AppFixture app)
{
    private readonly AmendmentApi _api = new(app);

    /// <summary>
    /// Two moderators accept, at the same moment, two amendments that change the same words of the same version.
    /// Whichever commits first makes version 2; the other is refused with 409 (the point moved on under it, or its
    /// merge found the conflict), never a 5xx, and the point never gets two new versions.
    /// </summary>
    [Fact]
    public async Task two_moderators_accepting_two_conflicting_amendments_at_once_exactly_one_wins_and_the_other_gets_409()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var outcomes = new List<string>();
        foreach (var point in board.ActionPoints)
        {
            var first = await _api.Proposed(Delegates.CivilSociety(), point.Id, 1, "As amended by the first proposal: " + point.Text);
            var second = await _api.Proposed(Delegates.State("Mexico"), point.Id, 1, "As amended by the second proposal: " + point.Text);
            var moderators = new[] { app.ClientFor(Delegates.Moderator()), app.ClientFor(Delegates.Moderator()) };
            await Task.WhenAll(moderators.Select(m => m.GetAsync("/health/live"))); // both connections open before the race

            using var start = new Barrier(2);
            var responses = await Task.WhenAll(
                Task.Run(() => { start.SignalAndWait(); return moderators[0].PostAsync($"/api/amendments/{first}/accept", null); }),
                Task.Run(() => { start.SignalAndWait(); return moderators[1].PostAsync($"/api/amendments/{second}/accept", null); }));

            Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict,
                $"accepting answered {(int)r.StatusCode}: {r.Content.ReadAsStringAsync().Result}"));
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            var loser = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
            Assert.Equal("application/problem+json", loser.Content.Headers.ContentType?.MediaType);

            var winnerId = responses[0].StatusCode == HttpStatusCode.OK ? first : second;
            var loserId = winnerId == first ? second : first;
            var after = await _api.ActionPoint(point.Id);
            Assert.Equal(2, after.Version);
            Assert.Equal(2, after.Versions.Count);
            Assert.Equal(winnerId, after.Versions[1].AmendmentId);
            Assert.Equal((await _api.Amendment(winnerId)).Text, after.Text);
            Assert.Equal(AmendmentStatus.Accepted, (await _api.Amendment(winnerId)).Status);

            // The loser is untouched when the point's version check stopped it, or marked when its merge ran after the winner.
            var loserStatus = (await _api.Amendment(loserId)).Status;
            Assert.True(loserStatus is AmendmentStatus.Open or AmendmentStatus.NeedsRebase, $"the losing amendment is {loserStatus}");
            outcomes.Add(loserStatus.ToString());

            // Either way, accepting it now is refused: its change conflicts with the winner's.
            await AmendmentApi.Problem(await _api.Accept(Delegates.Moderator(), loserId), HttpStatusCode.Conflict);
            Assert.Equal(2, (await _api.ActionPoint(point.Id)).Version);
        }

        Assert.Equal(board.ActionPoints.Count, outcomes.Count);
        TestContext.Current.TestOutputHelper?.WriteLine("losing amendment after each round: " + string.Join(", ", outcomes));
    }
}
