using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Stakeholders;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.Endorsements;

public class EndorsementDecisionsTests
{
    private static readonly Actor Nigeria = new(Guid.NewGuid(), "Delegate", Guid.NewGuid(), "Nigeria", StakeholderGroup.MemberState,
        new HashSet<PlatformRole> { PlatformRole.Participant });

    private static ActionPoint Point(int versions = 1)
    {
        var point = new ActionPoint { Id = Guid.NewGuid(), ConsultationId = Guid.NewGuid(), Number = 3 };
        for (var v = 1; v <= versions; v++) point.Versions.Add(new ActionPointVersion(v, $"text {v}", null));
        return point;
    }

    private static readonly Consultation Open = new() { Phase = ConsultationPhase.Endorsement };

    private static EndorseActionPoint Endorse(int version = 1, string? reservation = null) => new(version, reservation);

    private static Actor As(StakeholderGroup group) => Nigeria with { OrganisationGroup = group };

    [Fact]
    public void endorsing_the_current_version_is_allowed()
    {
        Assert.True(EndorsementDecisions.Check(Nigeria, Endorse(2), Point(versions: 2), Open, true).IsNone());
    }

    [Fact]
    public void endorsing_an_earlier_version_is_a_conflict_that_names_the_current_text()
    {
        var problem = EndorsementDecisions.Check(Nigeria, Endorse(1), Point(versions: 2), Open, true);
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
        var problem = Assert.IsType<ValidationProblemDetails>((EndorsementDecisions.Check(Nigeria, Endorse(version), Point(versions: 2), Open, true)).AsProblem());
        Assert.Equal(400, problem.Status);
        Assert.Contains("version", problem.Errors.Keys);
    }

    [Theory]
    [InlineData(StakeholderGroup.CivilSociety)]
    [InlineData(StakeholderGroup.PrivateSector)]
    [InlineData(StakeholderGroup.TradeUnion)]
    public void only_states_and_intergovernmental_organisations_endorse(StakeholderGroup group)
    {
        Assert.Equal(403, EndorsementDecisions.Check(As(group), Endorse(), Point(), Open, true).Status);
    }

    [Theory]
    [InlineData(ConsultationPhase.Preparation, false)]
    [InlineData(ConsultationPhase.Inputs, false)]
    [InlineData(ConsultationPhase.Drafting, false)]
    [InlineData(ConsultationPhase.Concluded, false)]
    [InlineData(ConsultationPhase.Concluded, true)]
    public void outside_its_phase_endorsing_is_a_conflict(ConsultationPhase phase, bool early)
    {
        var consultation = new Consultation { Phase = phase, AllowsEarlyEndorsement = early };
        var problem = EndorsementDecisions.Check(Nigeria, Endorse(), Point(), consultation, true);
        Assert.Equal(409, problem.Status);
        Assert.Equal("https://consultation.dev/problems/wrong-phase", problem.Type);
    }

    [Fact]
    public void while_drafting_states_endorse_only_when_the_consultation_allows_early_endorsement()
    {
        var drafting = new Consultation { Phase = ConsultationPhase.Drafting, AllowsEarlyEndorsement = true };
        Assert.True(EndorsementDecisions.Check(Nigeria, Endorse(), Point(), drafting, true).IsNone());
    }

    [Fact]
    public void a_state_whose_accreditation_was_not_granted_cannot_endorse()
    {
        var problem = EndorsementDecisions.Check(Nigeria, Endorse(), Point(), Open, accredited: false);
        Assert.Equal(403, problem.Status);
        Assert.Contains("not accredited", problem.Detail);
    }

    [Fact]
    public void a_person_acting_for_no_organisation_cannot_endorse()
    {
        Assert.Equal(403, EndorsementDecisions.Check(Nigeria with { OrganisationId = Guid.Empty }, Endorse(), Point(), Open, true).Status);
    }

    [Theory]
    [InlineData(StakeholderGroup.MemberState)]
    [InlineData(StakeholderGroup.ObserverState)]
    [InlineData(StakeholderGroup.IntergovernmentalOrganisation)]
    public void states_and_intergovernmental_organisations_may_endorse(StakeholderGroup group)
    {
        Assert.True(EndorsementDecisions.Check(As(group), Endorse(), Point(), Open, true).IsNone());
    }

    [Fact]
    public void an_overlong_reservation_and_a_missing_version_are_both_reported()
    {
        var problem = Assert.IsType<ValidationProblemDetails>((
            EndorsementDecisions.Check(Nigeria, Endorse(version: 0, reservation: new string('x', EndorsementDecisions.MaxReservationLength + 1)), Point(), Open, true)).AsProblem());
        Assert.Contains("reservation", problem.Errors.Keys);
        Assert.Contains("version", problem.Errors.Keys);
    }

    [Fact]
    public void a_first_endorsement_is_given_for_the_version_named()
    {
        var point = Point();
        var given = Assert.IsType<EndorsementGiven>(Assert.Single(EndorsementDecisions.Endorse(Nigeria, Endorse(1, "  with care "), point, null)));
        Assert.Equal(Endorsement.IdFor(point.Id, Nigeria.OrganisationId), given.EndorsementId);
        Assert.Equal(1, given.ForVersion);
        Assert.Equal("with care", given.Reservation);
        Assert.Equal(point.ConsultationId, given.ConsultationId);
        Assert.Equal(Nigeria.OrganisationId, given.StakeholderId);
        Assert.Equal(Nigeria.PersonId, given.GivenBy);
    }

    [Fact]
    public void endorsing_again_unchanged_records_nothing()
    {
        var point = Point();
        var existing = Endorsement.Create((EndorsementGiven)EndorsementDecisions.Endorse(Nigeria, Endorse(1), point, null)[0]);
        Assert.Empty(EndorsementDecisions.Endorse(Nigeria, Endorse(1), point, existing));
    }

    [Fact]
    public void endorsing_again_with_a_reservation_updates_the_same_endorsement()
    {
        var point = Point();
        var existing = Endorsement.Create((EndorsementGiven)EndorsementDecisions.Endorse(Nigeria, Endorse(1), point, null)[0]);
        var updated = Assert.IsType<EndorsementGiven>(Assert.Single(EndorsementDecisions.Endorse(Nigeria, Endorse(1, "a reservation"), point, existing)));
        Assert.Equal(existing.Id, updated.EndorsementId);
    }

    [Fact]
    public void the_endorsement_id_is_one_per_stakeholder_and_point()
    {
        var point = Guid.NewGuid();
        var nigeria = Nigeria.OrganisationId;
        Assert.Equal(Endorsement.IdFor(point, nigeria), Endorsement.IdFor(point, nigeria));
        Assert.NotEqual(Endorsement.IdFor(point, nigeria), Endorsement.IdFor(point, Guid.NewGuid()));
        Assert.NotEqual(Endorsement.IdFor(point, nigeria), Endorsement.IdFor(Guid.NewGuid(), nigeria));
    }
}

public class EndorsementWithdrawalTests
{
    private static readonly Consultation Open = new() { Phase = ConsultationPhase.Endorsement };

    private static readonly Actor Chile = new(Guid.NewGuid(), "Delegate", Guid.NewGuid(), "Chile", StakeholderGroup.MemberState,
        new HashSet<PlatformRole> { PlatformRole.Participant });

    private static Endorsement Active(Guid stakeholder) => new() { Id = Guid.NewGuid(), StakeholderId = stakeholder, Active = true };

    [Fact]
    public void the_endorser_withdraws_their_own_endorsement()
    {
        var endorsement = Active(Chile.OrganisationId);
        Assert.True(EndorsementDecisions.CheckWithdrawal(Chile, Chile.OrganisationId, endorsement, Open).IsNone());
        var withdrawn = EndorsementDecisions.Withdraw(Chile, endorsement);
        Assert.Equal(endorsement.Id, withdrawn.EndorsementId);
        Assert.Equal(Chile.PersonId, withdrawn.WithdrawnBy);
    }

    [Fact]
    public void nobody_withdraws_another_stakeholders_endorsement()
    {
        var other = Guid.NewGuid();
        Assert.Equal(403, EndorsementDecisions.CheckWithdrawal(Chile, other, Active(other), Open).Status);
    }

    [Fact]
    public void withdrawing_what_was_never_given_or_already_withdrawn_is_not_found()
    {
        Assert.Equal(404, EndorsementDecisions.CheckWithdrawal(Chile, Chile.OrganisationId, null, Open).Status);
        Assert.Equal(404, EndorsementDecisions.CheckWithdrawal(Chile, Chile.OrganisationId, new Endorsement { Active = false }, Open).Status);
    }
}
