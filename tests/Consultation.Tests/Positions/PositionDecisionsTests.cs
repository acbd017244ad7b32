using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Positions;
using ConsultationPlatform.Stakeholders;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.Positions;

public class PositionDecisionsTests
{
    private static readonly Actor Forum = new(Guid.NewGuid(), "Delegate", Guid.NewGuid(), "Migrant Forum in Asia", StakeholderGroup.CivilSociety,
        new HashSet<PlatformRole> { PlatformRole.Participant });

    private static ActionPoint Point(int versions = 1)
    {
        var point = new ActionPoint { Id = Guid.NewGuid(), ConsultationId = Guid.NewGuid(), Number = 4 };
        for (var v = 1; v <= versions; v++) point.Versions.Add(new ActionPointVersion(v, $"text {v}", null));
        return point;
    }

    private static readonly Consultation Open = new() { Phase = ConsultationPhase.Endorsement };

    private static StatePosition State(Stance? stance = Stance.Support, string? reason = null, int version = 1) => new(version, stance, reason);

    private static Actor As(StakeholderGroup group) => Forum with { OrganisationGroup = group };

    [Theory]
    [InlineData(StakeholderGroup.CivilSociety)]
    [InlineData(StakeholderGroup.MigrantOrDiasporaOrganisation)]
    [InlineData(StakeholderGroup.PrivateSector)]
    [InlineData(StakeholderGroup.Academia)]
    [InlineData(StakeholderGroup.TradeUnion)]
    [InlineData(StakeholderGroup.LocalAuthority)]
    public void every_group_that_does_not_endorse_states_a_position(StakeholderGroup group)
    {
        Assert.True(PositionDecisions.Check(As(group), State(), Point(), Open, accredited: true).IsNone());
    }

    [Theory]
    [InlineData(StakeholderGroup.MemberState)]
    [InlineData(StakeholderGroup.ObserverState)]
    [InlineData(StakeholderGroup.IntergovernmentalOrganisation)]
    public void governments_and_igos_endorse_instead_of_stating_a_position(StakeholderGroup group)
    {
        var problem = PositionDecisions.Check(As(group), State(), Point(), Open, accredited: true);
        Assert.Equal(403, problem.Status);
        Assert.Contains("endorse", problem.Detail);
    }

    [Fact]
    public void an_organisation_that_is_not_accredited_is_refused()
    {
        var problem = PositionDecisions.Check(Forum, State(), Point(), Open, accredited: false);
        Assert.Equal(403, problem.Status);
        Assert.Equal("https://consultation.dev/problems/not-accredited", problem.Type);
    }

    [Fact]
    public void a_person_acting_for_no_organisation_is_refused_and_nobody_is_unauthenticated()
    {
        Assert.Equal(403, PositionDecisions.Check(Forum with { OrganisationId = Guid.Empty }, State(), Point(), Open, true).Status);
        Assert.Equal(403, PositionDecisions.Check(Forum with { Roles = new HashSet<PlatformRole> { PlatformRole.Moderator }, OrganisationId = Guid.Empty },
            State(), Point(), Open, true).Status);
    }

    [Theory]
    [InlineData(ConsultationPhase.Preparation, false)]
    [InlineData(ConsultationPhase.Inputs, false)]
    [InlineData(ConsultationPhase.Drafting, false)]
    [InlineData(ConsultationPhase.Inputs, true)]
    [InlineData(ConsultationPhase.Concluded, true)]
    public void outside_the_phases_of_endorsing_it_is_a_wrong_phase_conflict(ConsultationPhase phase, bool early)
    {
        var problem = PositionDecisions.Check(Forum, State(), Point(), new Consultation { Phase = phase, AllowsEarlyEndorsement = early }, true);
        Assert.Equal(409, problem.Status);
        Assert.Equal("https://consultation.dev/problems/wrong-phase", problem.Type);
    }

    [Fact]
    public void while_drafting_positions_follow_the_early_endorsement_rule()
    {
        Assert.True(PositionDecisions.Check(Forum, State(), Point(), new Consultation { Phase = ConsultationPhase.Drafting, AllowsEarlyEndorsement = true }, true).IsNone());
        Assert.True(PhaseRules.Allows(ConsultationPhase.Drafting, ConsultationAct.WithdrawPosition, allowsEarlyEndorsement: true));
        Assert.False(PhaseRules.Allows(ConsultationPhase.Drafting, ConsultationAct.WithdrawPosition, allowsEarlyEndorsement: false));
    }

    [Fact]
    public void a_position_on_an_earlier_version_is_a_conflict_that_gives_the_current_text()
    {
        var problem = PositionDecisions.Check(Forum, State(version: 1), Point(versions: 3), Open, true);
        Assert.Equal(409, problem.Status);
        Assert.Equal("https://consultation.dev/problems/stale-version", problem.Type);
        Assert.Equal(3, problem.Extensions["currentVersion"]);
        Assert.Equal("text 3", problem.Extensions["currentText"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void a_version_that_does_not_exist_is_invalid(int version)
    {
        var problem = Assert.IsType<ValidationProblemDetails>((PositionDecisions.Check(Forum, State(version: version), Point(versions: 3), Open, true)).AsProblem());
        Assert.Contains("version", problem.Errors.Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u200B")]
    public void cannot_support_needs_a_reason(string? reason)
    {
        var problem = Assert.IsType<ValidationProblemDetails>((PositionDecisions.Check(Forum, State(Stance.CannotSupport, reason), Point(), Open, true)).AsProblem());
        Assert.Equal(["reason"], problem.Errors.Keys);
    }

    [Fact]
    public void support_with_reservation_needs_the_reservation_and_plain_support_takes_none()
    {
        Assert.Contains("reason", Assert.IsType<ValidationProblemDetails>((
            PositionDecisions.Check(Forum, State(Stance.SupportWithReservation), Point(), Open, true)).AsProblem()).Errors.Keys);
        Assert.Contains("reason", Assert.IsType<ValidationProblemDetails>((
            PositionDecisions.Check(Forum, State(Stance.Support, "but"), Point(), Open, true)).AsProblem()).Errors.Keys);
        Assert.True(PositionDecisions.Check(Forum, State(Stance.SupportWithReservation, "Only with funding."), Point(), Open, true).IsNone());
        Assert.True(PositionDecisions.Check(Forum, State(Stance.CannotSupport, "It leaves out irregular migrants."), Point(), Open, true).IsNone());
    }

    [Fact]
    public void the_stance_is_required()
    {
        var problem = Assert.IsType<ValidationProblemDetails>((PositionDecisions.Check(Forum, State(stance: null), Point(), Open, true)).AsProblem());
        Assert.Contains("stance", problem.Errors.Keys);
    }

    [Fact]
    public void reasons_follow_the_free_text_rules()
    {
        var tooLong = new string('x', PositionDecisions.MaxReasonLength + 1);
        Assert.Contains("reason", Assert.IsType<ValidationProblemDetails>((
            PositionDecisions.Check(Forum, State(Stance.CannotSupport, tooLong), Point(), Open, true)).AsProblem()).Errors.Keys);
        Assert.Contains("reason", Assert.IsType<ValidationProblemDetails>((
            PositionDecisions.Check(Forum, State(Stance.CannotSupport, "bad\u0000byte"), Point(), Open, true)).AsProblem()).Errors.Keys);
        Assert.Contains("reason", Assert.IsType<ValidationProblemDetails>((
            PositionDecisions.Check(Forum, State(Stance.CannotSupport, "unclosed \u202E override"), Point(), Open, true)).AsProblem()).Errors.Keys);
    }

    [Fact]
    public void stating_records_the_version_stance_and_trimmed_reason_and_the_same_position_again_records_nothing()
    {
        var point = Point(versions: 2);
        var stated = Assert.IsType<PositionStated>(Assert.Single(PositionDecisions.State(Forum, State(Stance.CannotSupport, "  Too vague.  ", 2), point, null)));
        Assert.Equal((2, Stance.CannotSupport, "Too vague.", StakeholderGroup.CivilSociety), (stated.ForVersion, stated.Stance, stated.Reason, stated.StakeholderGroup));
        Assert.Equal(Position.IdFor(point.Id, Forum.OrganisationId), stated.PositionId);

        var existing = Position.Create(stated);
        Assert.Empty(PositionDecisions.State(Forum, State(Stance.CannotSupport, "Too vague.", 2), point, existing));
        var changed = Assert.IsType<PositionStated>(Assert.Single(PositionDecisions.State(Forum, State(Stance.Support, null, 2), point, existing)));
        Assert.Equal(Stance.Support, changed.Stance);
        Assert.Null(changed.Reason);
    }

    [Fact]
    public void a_position_and_an_endorsement_of_one_point_by_one_organisation_are_different_streams()
    {
        var point = Guid.NewGuid();
        Assert.NotEqual(Position.IdFor(point, Forum.OrganisationId), ConsultationPlatform.Endorsements.Endorsement.IdFor(point, Forum.OrganisationId));
    }

    [Fact]
    public void only_the_stakeholder_withdraws_its_own_active_position_in_the_phase()
    {
        var point = Point();
        var position = Position.Create((PositionStated)PositionDecisions.State(Forum, State(), point, null)[0]);
        Assert.True(PositionDecisions.CheckWithdrawal(Forum, Forum.OrganisationId, position, Open).IsNone());
        Assert.Equal(403, PositionDecisions.CheckWithdrawal(Forum with { OrganisationId = Guid.NewGuid() }, Forum.OrganisationId, position, Open).Status);
        Assert.Equal(409, PositionDecisions.CheckWithdrawal(Forum, Forum.OrganisationId, position, new Consultation { Phase = ConsultationPhase.Concluded }).Status);
        position.Apply(PositionDecisions.Withdraw(Forum, position));
        Assert.Equal(404, PositionDecisions.CheckWithdrawal(Forum, Forum.OrganisationId, position, Open).Status);
    }

    [Fact]
    public void the_tally_counts_the_current_version_by_stance_and_group_and_earlier_versions_apart()
    {
        var point = Point(versions: 2);
        Position Stated(StakeholderGroup group, Stance stance, int version) => Position.Create(new PositionStated(Guid.NewGuid(), point.Id, point.ConsultationId,
            Guid.NewGuid(), "x", group, version, stance, stance == Stance.Support ? null : "r", Guid.NewGuid()));
        var withdrawn = Stated(StakeholderGroup.Academia, Stance.Support, 2);
        withdrawn.Active = false;
        var tally = PositionReads.Tally(2, [
            Stated(StakeholderGroup.CivilSociety, Stance.Support, 2), Stated(StakeholderGroup.CivilSociety, Stance.CannotSupport, 2),
            Stated(StakeholderGroup.TradeUnion, Stance.SupportWithReservation, 2), Stated(StakeholderGroup.PrivateSector, Stance.Support, 1), withdrawn,
        ]);
        Assert.Equal((1, 1, 1, 1, 3), (tally.Support, tally.SupportWithReservation, tally.CannotSupport, tally.ForEarlierVersions, tally.OfCurrentVersion));
        Assert.Equal(2, tally.CurrentByGroup[StakeholderGroup.CivilSociety]);
        Assert.False(tally.CurrentByGroup.ContainsKey(StakeholderGroup.PrivateSector));
    }
}
