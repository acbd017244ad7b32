using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Microsoft.AspNetCore.Mvc;
using static ConsultationPlatform.Consultations.ConsultationPhase;

namespace ConsultationPlatform.Tests.Consultations;

public class PhaseMovesTests
{
    private static readonly Actor Moderator = Delegates.Moderator();

    private static Consultation In(ConsultationPhase phase, int version = 5) =>
        new() { Id = Guid.NewGuid(), Phase = phase, Version = version };

    private static Refused? Check(ConsultationPhase from, ConsultationPhase? to, string? reason = null, int? version = null, Actor? actor = null) =>
        PhaseMoves.Check(actor ?? Moderator, new ChangePhase(to, reason, version), In(from));

    [Theory]
    [InlineData(Preparation, Inputs)]
    [InlineData(Inputs, Drafting)]
    [InlineData(Drafting, Endorsement)]
    [InlineData(Endorsement, Concluded)]
    public void a_moderator_moves_forward_to_the_next_phase_without_a_reason(ConsultationPhase from, ConsultationPhase to)
    {
        Assert.True(Check(from, to).IsNone());
        var changed = PhaseMoves.Move(Moderator, new ChangePhase(to), In(from));
        Assert.Equal(from, changed.From);
        Assert.Equal(to, changed.To);
        Assert.Null(changed.Reason);
        Assert.Equal(Moderator.PersonId, changed.ChangedBy);
    }

    [Theory]
    [InlineData(Preparation, Drafting)]
    [InlineData(Preparation, Concluded)]
    [InlineData(Inputs, Endorsement)]
    [InlineData(Drafting, Concluded)]
    public void skipping_a_phase_is_a_409_naming_the_next_phase(ConsultationPhase from, ConsultationPhase to)
    {
        var problem = Check(from, to, reason: "we are in a hurry");
        Assert.Equal(409, problem.Status);
        Assert.Equal("https://consultation.dev/problems/phase-skip", problem.Type);
        Assert.Equal(PhaseMoves.Name(PhaseMoves.Next(from)!.Value), problem.Extensions["next"]);
    }

    [Theory]
    [InlineData(Inputs, Preparation)]
    [InlineData(Drafting, Inputs)]
    [InlineData(Endorsement, Inputs)]
    [InlineData(Endorsement, Preparation)]
    [InlineData(Concluded, Endorsement)]
    [InlineData(Concluded, Inputs)]
    public void moving_back_to_any_earlier_phase_needs_a_reason(ConsultationPhase from, ConsultationPhase to)
    {
        foreach (var missing in new[] { null, "", "   " })
        {
            var problem = Assert.IsType<ValidationProblemDetails>((Check(from, to, missing)).AsProblem());
            Assert.Equal(400, problem.Status);
            Assert.Contains("reason", problem.Errors.Keys);
        }

        Assert.True(Check(from, to, "Amendment 4 was accepted by mistake").IsNone());
        var changed = PhaseMoves.Move(Moderator, new ChangePhase(to, "  Amendment 4 was accepted by mistake "), In(from));
        Assert.Equal("Amendment 4 was accepted by mistake", changed.Reason);
    }

    [Fact]
    public void a_move_back_from_concluded_is_a_reopening_and_others_are_back_or_forward()
    {
        Assert.Equal(PhaseMoveKind.Reopen, PhaseMoves.KindOf(Concluded, Drafting));
        Assert.Equal(PhaseMoveKind.Back, PhaseMoves.KindOf(Endorsement, Drafting));
        Assert.Equal(PhaseMoveKind.Forward, PhaseMoves.KindOf(Inputs, Drafting));
    }

    [Fact]
    public void reopening_without_a_reason_says_so()
    {
        var problem = Assert.IsType<ValidationProblemDetails>((Check(Concluded, Endorsement)).AsProblem());
        Assert.Contains("Reopening", problem.Errors["reason"].Single());
    }

    [Theory]
    [InlineData(Preparation)]
    [InlineData(Inputs)]
    [InlineData(Concluded)]
    public void moving_to_the_current_phase_is_a_409(ConsultationPhase phase)
    {
        var problem = Check(phase, phase, "again");
        Assert.Equal(409, problem.Status);
        Assert.Equal("https://consultation.dev/problems/same-phase", problem.Type);
    }

    [Fact]
    public void there_is_no_phase_after_concluded() => Assert.Null(PhaseMoves.Next(Concluded));

    [Fact]
    public void a_participant_or_state_delegate_may_not_move_phases()
    {
        Assert.Equal(403, Check(Inputs, Drafting, actor: Delegates.State()).Status);
        Assert.Equal(403, Check(Inputs, Drafting, actor: Delegates.CivilSociety()).Status);
    }

    [Theory]
    [InlineData(PlatformRole.Moderator)]
    [InlineData(PlatformRole.CoChair)]
    public void moderators_and_co_chairs_move_phases(PlatformRole role) =>
        Assert.True(Check(Inputs, Drafting, actor: Delegates.Of("Switzerland", StakeholderGroup.MemberState, role)).IsNone());

    [Fact]
    public void an_admin_who_was_not_appointed_moderator_does_not_move_phases() =>
        Assert.Equal(403, Check(Inputs, Drafting, actor: Delegates.Of("Secretariat", StakeholderGroup.IntergovernmentalOrganisation, PlatformRole.Admin)).Status);

    [Fact]
    public void a_missing_phase_and_an_oversize_reason_are_each_named()
    {
        var problem = Assert.IsType<ValidationProblemDetails>((Check(Inputs, null, new string('r', FreeText.MaxReasonLength + 1))).AsProblem());
        Assert.Contains("phase", problem.Errors.Keys);
        Assert.Contains("reason", problem.Errors.Keys);
    }

    [Fact]
    public void a_reason_of_exactly_the_limit_is_accepted() =>
        Assert.True(Check(Drafting, Inputs, new string('r', FreeText.MaxReasonLength)).IsNone());

    [Fact]
    public void a_reason_with_control_characters_is_refused()
    {
        var problem = Assert.IsType<ValidationProblemDetails>((Check(Drafting, Inputs, "bad\0reason")).AsProblem());
        Assert.Contains("reason", problem.Errors.Keys);
    }

    [Fact]
    public void a_stated_version_must_be_the_current_one()
    {
        Assert.True(Check(Inputs, Drafting, version: 5).IsNone());
        var problem = Check(Inputs, Drafting, version: 4);
        Assert.Equal(409, problem.Status);
        Assert.Equal("https://consultation.dev/problems/stale-consultation", problem.Type);
        Assert.Equal(5, problem.Extensions["currentVersion"]);
    }

    [Fact]
    public void rules_are_set_by_moderators_only_with_both_values()
    {
        var consultation = In(Inputs);
        Assert.Equal(403, PhaseMoves.CheckRules(Delegates.State(), new SetConsultationRules(false, true), consultation).Status);
        var missing = Assert.IsType<ValidationProblemDetails>((PhaseMoves.CheckRules(Moderator, new SetConsultationRules(null, null), consultation)).AsProblem());
        Assert.Equal(["allowsEarlyEndorsement", "inputsPreModerated"], missing.Errors.Keys.Order());
        Assert.Equal(409, PhaseMoves.CheckRules(Moderator, new SetConsultationRules(false, true, 3), consultation).Status);
        Assert.True(PhaseMoves.CheckRules(Moderator, new SetConsultationRules(false, true, 5), consultation).IsNone());
    }

    [Fact]
    public void setting_the_rules_records_them_and_setting_them_again_records_nothing()
    {
        var consultation = In(Inputs);
        var set = Assert.IsType<ConsultationRulesSet>(Assert.Single(PhaseMoves.SetRules(Moderator, new SetConsultationRules(false, true), consultation)));
        Assert.False(set.InputsPreModerated);
        Assert.True(set.AllowsEarlyEndorsement);
        Assert.Equal(Moderator.PersonId, set.SetBy);

        consultation.Apply(set);
        Assert.Empty(PhaseMoves.SetRules(Moderator, new SetConsultationRules(false, true), consultation));
    }

    [Fact]
    public void the_phase_history_starts_with_the_initial_phase_and_lists_every_change_with_its_reason()
    {
        var id = Guid.NewGuid();
        var by = Guid.NewGuid();
        var at = new DateTimeOffset(2013, 10, 4, 17, 30, 0, TimeSpan.Zero);
        var created = new ConsultationCreated(id, "s", "t", "round table", 3,
            new DialogueDetails("HLD", null, "New York", new DateOnly(2013, 10, 3), new DateOnly(2013, 10, 4)),
            null, [], null, ["en"], Inputs, null, null, null);
        var history = PhaseHistories.Build(id,
        [
            new RecordedEvent(created, 1, at),
            new RecordedEvent(new ChallengeTabled(id, 1, "silos"), 2, at),
            new RecordedEvent(new ConsultationPhaseChanged(id, Inputs, Drafting, null, by), 3, at.AddDays(1)),
            new RecordedEvent(new ConsultationPhaseChanged(id, Drafting, Inputs, "More inputs from diaspora groups", by), 4, at.AddDays(2)),
            new RecordedEvent(new ConsultationRulesSet(id, false, false, by), 5, at.AddDays(3)),
        ]);

        Assert.Equal(Inputs, history.Phase);
        Assert.Equal(5, history.Version);
        Assert.Equal([null, Inputs, Drafting], history.Changes.Select(c => c.From));
        Assert.Equal([Inputs, Drafting, Inputs], history.Changes.Select(c => c.To));
        Assert.Equal([null, PhaseMoveKind.Forward, PhaseMoveKind.Back], history.Changes.Select(c => c.Kind));
        Assert.Equal("More inputs from diaspora groups", history.Changes[2].Reason);
        Assert.Equal(by, history.Changes[2].ChangedBy);
        Assert.Equal(4, history.Changes[2].Version);
    }
}
