using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.Stakeholders;
using JasperFx.Events;

namespace ConsultationPlatform.Tests.LivePush;

public class LiveTalliesTests
{
    private static readonly Guid Point = Guid.NewGuid();
    private static readonly Guid Consultation = Guid.NewGuid();

    private static IEvent Given(Guid endorsementId, long version, StakeholderGroup group = StakeholderGroup.MemberState, int forVersion = 1,
        string? reservation = null, Guid? point = null) =>
        new Event<EndorsementGiven>(new EndorsementGiven(endorsementId, point ?? Point, Consultation, Guid.NewGuid(), "A state", group, forVersion,
            reservation, Guid.NewGuid())) { Version = version, StreamId = endorsementId };

    private static IEvent Withdrawn(Guid endorsementId, long version) =>
        new Event<EndorsementWithdrawn>(new EndorsementWithdrawn(endorsementId, Point, Consultation, Guid.NewGuid(), Guid.NewGuid()))
            { Version = version, StreamId = endorsementId };

    private static Endorsement Stored(Guid id, int version, bool active, StakeholderGroup group = StakeholderGroup.MemberState, int forVersion = 1,
        string? reservation = null) =>
        new()
        {
            Id = id, Version = version, ActionPointId = Point, ConsultationId = Consultation, StakeholderGroup = group, ForVersion = forVersion,
            Reservation = reservation, Active = active,
        };

    private static LiveTallies Held(params Endorsement[] stored)
    {
        var tallies = new LiveTallies();
        tallies.StartPage(0, 10);
        tallies.Load([Point], stored);
        return tallies;
    }

    [Fact]
    public void counts_the_active_endorsements_by_group_and_version_with_their_reservations()
    {
        var tallies = Held(
            Stored(Guid.NewGuid(), 1, active: true),
            Stored(Guid.NewGuid(), 1, active: true, reservation: "on paragraph 2"),
            Stored(Guid.NewGuid(), 1, active: true, StakeholderGroup.CivilSociety, forVersion: 2),
            Stored(Guid.NewGuid(), 2, active: false));

        var rows = tallies.Rows([Point]);

        Assert.Equal(2, rows.Count);
        Assert.Contains(new TallyRow(Point, StakeholderGroup.MemberState, 1, 2, 1), rows);
        Assert.Contains(new TallyRow(Point, StakeholderGroup.CivilSociety, 2, 1, 0), rows);
    }

    [Fact]
    public void follows_new_endorsements_withdrawals_and_endorsing_again_with_a_reservation()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var tallies = Held(Stored(first, 1, active: true));

        tallies.Apply(Given(second, 1));
        Assert.Equal(2, tallies.Rows([Point]).Sum(r => r.Count));

        tallies.Apply(Withdrawn(first, 2));
        Assert.Equal(1, tallies.Rows([Point]).Sum(r => r.Count));

        tallies.Apply(Given(first, 3, reservation: "subject to funding"));
        var row = Assert.Single(tallies.Rows([Point]));
        Assert.Equal((2, 1), (row.Count, row.WithReservation));
    }

    [Fact]
    public void skips_events_the_stored_endorsement_already_holds()
    {
        // Read from the store after a withdrawal that the page being processed has not reached yet.
        var id = Guid.NewGuid();
        var tallies = Held(Stored(id, 2, active: false));

        tallies.Apply(Given(id, 1));
        tallies.Apply(Given(id, 2));

        Assert.Empty(tallies.Rows([Point]));
    }

    [Fact]
    public void leaves_points_it_does_not_hold_to_be_read_from_the_store()
    {
        var tallies = Held();
        var other = Guid.NewGuid();

        tallies.Apply(Given(Guid.NewGuid(), 1, point: other));

        Assert.Equal([other], tallies.Unknown([Point, other, other]));
        Assert.Empty(tallies.Rows([other]));
    }

    [Fact]
    public void drops_what_it_holds_when_a_page_does_not_follow_the_last_one()
    {
        var tallies = Held(Stored(Guid.NewGuid(), 1, active: true));

        tallies.StartPage(10, 20);
        Assert.Empty(tallies.Unknown([Point]));

        tallies.StartPage(35, 40); // pages 20..35 were processed elsewhere, or the subscription was rewound
        Assert.Equal([Point], tallies.Unknown([Point]));
    }
}
