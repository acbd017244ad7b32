using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Stakeholders;

namespace ConsultationPlatform.Tests.Consultations;

public class BoardTests
{
    private static readonly Guid ConsultationId = Guid.NewGuid();

    private static ActionPoint Point(int number, int versions = 1)
    {
        var point = new ActionPoint { Id = Guid.NewGuid(), ConsultationId = ConsultationId, Number = number };
        for (var v = 1; v <= versions; v++) point.Versions.Add(new ActionPointVersion(v, $"point {number} v{v}", null));
        return point;
    }

    private static Endorsement Endorsed(ActionPoint point, StakeholderGroup group, int version, bool active = true, string? reservation = null) => new()
    {
        Id = Guid.NewGuid(), ActionPointId = point.Id, ConsultationId = ConsultationId, StakeholderId = Guid.NewGuid(),
        StakeholderName = "x", StakeholderGroup = group, ForVersion = version, Active = active, Reservation = reservation,
    };

    [Fact]
    public void endorsements_of_earlier_versions_are_not_counted_as_endorsing_the_current_text()
    {
        var point = Point(1, versions: 2);
        var tally = Board.Tally(point,
        [
            Endorsed(point, StakeholderGroup.MemberState, 2),
            Endorsed(point, StakeholderGroup.MemberState, 1),
            Endorsed(point, StakeholderGroup.IntergovernmentalOrganisation, 2, reservation: "r"),
            Endorsed(point, StakeholderGroup.ObserverState, 2, active: false),
        ]);

        Assert.Equal(3, tally.Total);
        Assert.Equal(2, tally.OfCurrentVersion);
        Assert.Equal(1, tally.OfEarlierVersions);
        Assert.Equal(1, tally.CurrentByGroup[StakeholderGroup.MemberState]);
        Assert.Equal(1, tally.CurrentByGroup[StakeholderGroup.IntergovernmentalOrganisation]);
        Assert.Equal(1, tally.EarlierByGroup[StakeholderGroup.MemberState]);
        Assert.False(tally.CurrentByGroup.ContainsKey(StakeholderGroup.ObserverState));
        Assert.Equal(1, tally.WithReservation);
    }

    [Fact]
    public void the_board_lists_points_in_order_with_their_current_text_and_own_endorsements()
    {
        var consultation = new Consultation { Id = ConsultationId, Title = "t", Challenges = [new(2, "b"), new(1, "a")] };
        var second = Point(2);
        var first = Point(1, versions: 3);
        var board = Board.Build(consultation, [second, first], [Endorsed(second, StakeholderGroup.MemberState, 1)]);

        Assert.Equal([1, 2], board.ActionPoints.Select(p => p.Number));
        Assert.Equal([1, 2], board.Challenges.Select(c => c.Number));
        Assert.Equal("point 1 v3", board.ActionPoints[0].Text);
        Assert.Equal(3, board.ActionPoints[0].Version);
        Assert.Equal(0, board.ActionPoints[0].EndorsementCount);
        Assert.Equal(1, board.ActionPoints[1].EndorsementCount);
    }

    [Fact]
    public void counts_grouped_by_the_database_give_the_same_tally_as_the_endorsements()
    {
        var point = Point(1, versions: 2);
        Endorsement[] endorsements =
        [
            Endorsed(point, StakeholderGroup.MemberState, 2), Endorsed(point, StakeholderGroup.MemberState, 2, reservation: "r"),
            Endorsed(point, StakeholderGroup.MemberState, 1), Endorsed(point, StakeholderGroup.IntergovernmentalOrganisation, 2),
        ];
        var rows = endorsements.Where(e => e.Active).GroupBy(e => (e.StakeholderGroup, e.ForVersion))
            .Select(g => new TallyRow(point.Id, g.Key.StakeholderGroup, g.Key.ForVersion, g.Count(), g.Count(e => e.Reservation is not null)))
            .Append(new TallyRow(Guid.NewGuid(), StakeholderGroup.MemberState, 2, 99, 0)); // another point's

        var fromRows = Board.Tally(point, rows);
        var fromEndorsements = Board.Tally(point, endorsements);
        Assert.Equal(fromEndorsements.Total, fromRows.Total);
        Assert.Equal(fromEndorsements.OfCurrentVersion, fromRows.OfCurrentVersion);
        Assert.Equal(fromEndorsements.OfEarlierVersions, fromRows.OfEarlierVersions);
        Assert.Equal(fromEndorsements.CurrentByGroup, fromRows.CurrentByGroup);
        Assert.Equal(fromEndorsements.EarlierByGroup, fromRows.EarlierByGroup);
        Assert.Equal(fromEndorsements.WithReservation, fromRows.WithReservation);
    }
}
