using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Tests.Consultations;

public class PhaseRulesTests
{
    // The whole table, row by row: P = preparation, I = inputs, D = drafting, E = endorsement, C = concluded.
    [Theory]
    [InlineData(ConsultationAct.SubmitInput, "-ID--")]
    [InlineData(ConsultationAct.ModerateInput, "-IDEC")]
    [InlineData(ConsultationAct.FlagInput, "-IDEC")]
    [InlineData(ConsultationAct.ProposeAmendment, "--D--")]
    [InlineData(ConsultationAct.CoSponsorAmendment, "--D--")]
    [InlineData(ConsultationAct.WithdrawAmendment, "--DE-")]
    [InlineData(ConsultationAct.RebaseAmendment, "--D--")]
    [InlineData(ConsultationAct.DecideAmendment, "--DE-")]
    [InlineData(ConsultationAct.Endorse, "---E-")]
    [InlineData(ConsultationAct.WithdrawEndorsement, "---E-")]
    [InlineData(ConsultationAct.StatePosition, "---E-")]
    [InlineData(ConsultationAct.WithdrawPosition, "---E-")]
    [InlineData(ConsultationAct.Reply, "-IDE-")]
    public void each_act_is_allowed_in_its_phases_only(ConsultationAct act, string allowed)
    {
        var phases = Enum.GetValues<ConsultationPhase>();
        for (var i = 0; i < phases.Length; i++)
            Assert.True(PhaseRules.Allows(phases[i], act) == (allowed[i] != '-'), $"{act} in {phases[i]}");
    }

    [Theory]
    [InlineData(ConsultationAct.Endorse)]
    [InlineData(ConsultationAct.WithdrawEndorsement)]
    [InlineData(ConsultationAct.StatePosition)]
    [InlineData(ConsultationAct.WithdrawPosition)]
    public void early_endorsement_opens_endorsing_while_drafting_and_nowhere_else(ConsultationAct act)
    {
        Assert.True(PhaseRules.Allows(ConsultationPhase.Drafting, act, allowsEarlyEndorsement: true));
        Assert.False(PhaseRules.Allows(ConsultationPhase.Inputs, act, allowsEarlyEndorsement: true));
        Assert.False(PhaseRules.Allows(ConsultationPhase.Concluded, act, allowsEarlyEndorsement: true));
    }

    [Fact]
    public void early_endorsement_changes_nothing_else()
    {
        foreach (var act in Enum.GetValues<ConsultationAct>().Except([ConsultationAct.Endorse, ConsultationAct.WithdrawEndorsement, ConsultationAct.StatePosition, ConsultationAct.WithdrawPosition]))
        foreach (var phase in Enum.GetValues<ConsultationPhase>())
            Assert.Equal(PhaseRules.Allows(phase, act), PhaseRules.Allows(phase, act, allowsEarlyEndorsement: true));
    }

    [Fact]
    public void the_refusal_names_the_current_phase_and_where_the_act_belongs()
    {
        var problem = PhaseRules.Check(new Consultation { Phase = ConsultationPhase.Inputs }, ConsultationAct.ProposeAmendment);
        Assert.Equal(409, problem.Status);
        Assert.Contains("inputs phase", problem.Detail);
        Assert.Contains("drafting", problem.Detail);
    }
}
