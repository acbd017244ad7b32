using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.Consultations;

/// <summary>Endorsements are counted one way: in memory and by PostgreSQL, the same rows from the same endorsements.</summary>
[Collection(PlatformCollection.Name)]
public class EndorsementCountingTests(AppFixture app)
{
    [Fact]
    public async Task the_database_counts_the_same_rows_as_the_code_on_the_same_endorsements()
    {
        var random = new Random(11);
        var points = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToArray();
        var groups = Enum.GetValues<StakeholderGroup>();
        var endorsements = Enumerable.Range(0, 60).Select(i => new Endorsement
        {
            Id = Guid.NewGuid(),
            Version = 1,
            ActionPointId = points[i % points.Length],
            ConsultationId = Guid.NewGuid(),
            StakeholderId = Guid.NewGuid(),
            StakeholderName = $"Stakeholder {i}",
            StakeholderGroup = groups[random.Next(groups.Length)],
            ForVersion = 1 + random.Next(3),
            Reservation = random.Next(3) == 0 ? $"reservation {i}" : null,
            Active = random.Next(4) != 0,
        }).ToList();
        await using (var session = app.Store.LightweightSession())
        {
            session.Store(endorsements.ToArray());
            await session.SaveChangesAsync();
        }

        await using var query = app.Store.QuerySession();
        var counted = await BoardReads.Tallies(query, points, CancellationToken.None);

        var expected = EndorsementCounting.Rows(endorsements);
        Assert.Contains(expected, r => r.WithReservation > 0);
        Assert.True(endorsements.Count(e => !e.Active) > 0);
        Assert.Equal(Order(expected), Order(counted));
        Assert.Equal(endorsements.Count(e => e.Active), counted.Sum(r => r.Count));
    }

    private static List<TallyRow> Order(IEnumerable<TallyRow> rows) =>
        rows.OrderBy(r => r.ActionPointId).ThenBy(r => r.Group).ThenBy(r => r.ForVersion).ToList();
}
