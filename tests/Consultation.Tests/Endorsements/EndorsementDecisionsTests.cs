using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Common;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Stakeholders;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.Endorsements;

public class EndorsementDecisionsTests
{
    private static readonly Guid Nigeria = Guid.NewGuid();

    private static ActionPoint Point(int versions = 1)
    {
        var point = new ActionPoint { Id = Guid.NewGuid(), ConsultationId = Guid.NewGuid(), Number = 3 };
        for (var v = 1; v <= versions; v++) point.Versions.Add(new ActionPointVersion(v, $"text {v}", null));
        return point;
    }

    private static EndorseActionPoint Endorse(int version = 1, string? reservation = null,
        StakeholderGroup group = StakeholderGroup.MemberState, string name = "Nigeria") =>
        new(Nigeria, name, group, version, reservation);

    [Fact]
    public void endorsing_the_current_version_is_allowed()
    {
        Assert.True(EndorsementDecisions.Check(Endorse(2), Point(versions: 2)).IsNone());
    }

    [Fact]
    public void endorsing_an_earlier_version_is_a_conflict_that_names_the_current_text()
    {
        var problem = EndorsementDecisions.Check(Endorse(1), Point(versions: 2));
        Assert.Equal(409, problem.Status);
        Assert.Equal(2, problem.Extensions["currentVersion"]);
        Assert.Equal("text 2", problem.Extensions["currentText"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(-1)]
    public void a_version_that_does_not_exist_is_invalid(int version)
    {
        var problem = Assert.IsType<ValidationProblemDetails>(EndorsementDecisions.Check(Endorse(version), Point(versions: 2)));
        Assert.Equal(400, problem.Status);
        Assert.Contains("version", problem.Errors.Keys);
    }

    [Theory]
    [InlineData(StakeholderGroup.CivilSociety)]
    [InlineData(StakeholderGroup.PrivateSector)]
    [InlineData(StakeholderGroup.TradeUnion)]
    public void only_states_and_intergovernmental_organisations_endorse(StakeholderGroup group)
    {
        var problem = Assert.IsType<ValidationProblemDetails>(EndorsementDecisions.Check(Endorse(group: group), Point()));
        Assert.Contains("stakeholderGroup", problem.Errors.Keys);
    }

    [Theory]
    [InlineData(StakeholderGroup.MemberState)]
    [InlineData(StakeholderGroup.ObserverState)]
    [InlineData(StakeholderGroup.IntergovernmentalOrganisation)]
    public void states_and_intergovernmental_organisations_may_endorse(StakeholderGroup group)
    {
        Assert.True(EndorsementDecisions.Check(Endorse(group: group), Point()).IsNone());
    }

    [Fact]
    public void an_overlong_reservation_and_an_empty_name_are_both_reported()
    {
        var problem = Assert.IsType<ValidationProblemDetails>(
            EndorsementDecisions.Check(Endorse(reservation: new string('x', EndorsementDecisions.MaxReservationLength + 1), name: " "), Point()));
        Assert.Contains("reservation", problem.Errors.Keys);
        Assert.Contains("stakeholderName", problem.Errors.Keys);
    }

    [Fact]
    public void a_first_endorsement_is_given_for_the_version_named()
    {
        var point = Point();
        var given = Assert.IsType<EndorsementGiven>(Assert.Single(EndorsementDecisions.Endorse(Endorse(1, "  with care "), point, null)));
        Assert.Equal(Endorsement.IdFor(point.Id, Nigeria), given.EndorsementId);
        Assert.Equal(1, given.ForVersion);
        Assert.Equal("with care", given.Reservation);
        Assert.Equal(point.ConsultationId, given.ConsultationId);
    }

    [Fact]
    public void endorsing_again_unchanged_records_nothing()
    {
        var point = Point();
        var existing = Endorsement.Create((EndorsementGiven)EndorsementDecisions.Endorse(Endorse(1), point, null)[0]);
        Assert.Empty(EndorsementDecisions.Endorse(Endorse(1), point, existing));
    }

    [Fact]
    public void endorsing_again_with_a_reservation_updates_the_same_endorsement()
    {
        var point = Point();
        var existing = Endorsement.Create((EndorsementGiven)EndorsementDecisions.Endorse(Endorse(1), point, null)[0]);
        var updated = Assert.IsType<EndorsementGiven>(Assert.Single(EndorsementDecisions.Endorse(Endorse(1, "a reservation"), point, existing)));
        Assert.Equal(existing.Id, updated.EndorsementId);
    }

    [Fact]
    public void the_endorsement_id_is_one_per_stakeholder_and_point()
    {
        var point = Guid.NewGuid();
        Assert.Equal(Endorsement.IdFor(point, Nigeria), Endorsement.IdFor(point, Nigeria));
        Assert.NotEqual(Endorsement.IdFor(point, Nigeria), Endorsement.IdFor(point, Guid.NewGuid()));
        Assert.NotEqual(Endorsement.IdFor(point, Nigeria), Endorsement.IdFor(Guid.NewGuid(), Nigeria));
    }
}
