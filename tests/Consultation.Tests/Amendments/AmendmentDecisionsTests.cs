using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.Amendments;

public class AmendmentDecisionsTests
{
    private const string V1 = "Promote coherence at all levels of government.";
    private const string V2 = "Promote policy coherence at all levels of government.";

    private static readonly Actor Proposer = Delegates.CivilSociety("Migrant Forum in Asia");
    private static readonly Actor Colleague = Proposer with { PersonId = Guid.NewGuid(), PersonName = "A colleague" };
    private static readonly Actor Ghana = Delegates.State("Ghana");
    private static readonly Actor Moderator = Delegates.Moderator();
    private static readonly Actor CoChair = Delegates.Of("Switzerland", StakeholderGroup.MemberState, PlatformRole.CoChair);

    private static readonly Consultation Drafting = new() { Id = Guid.NewGuid(), Phase = ConsultationPhase.Drafting };

    private static Consultation In(ConsultationPhase phase) => new() { Id = Drafting.Id, Phase = phase };

    private static ActionPoint Point(params string[] texts)
    {
        var point = new ActionPoint { Id = Guid.NewGuid(), ConsultationId = Drafting.Id, Number = 4 };
        if (texts.Length == 0) texts = [V1];
        for (var v = 1; v <= texts.Length; v++) point.Versions.Add(new ActionPointVersion(v, texts[v - 1], null));
        point.Version = texts.Length;
        return point;
    }

    private static Amendment Amendment(ActionPoint point, int baseVersion = 1, string text = "Promote coherence at every level of government.",
        AmendmentStatus status = AmendmentStatus.Open, params Actor[] coSponsors) => new()
    {
        Id = Guid.NewGuid(),
        ActionPointId = point.Id,
        ConsultationId = point.ConsultationId,
        ActionPointNumber = point.Number,
        BaseVersion = baseVersion,
        Text = text,
        Rationale = "Clearer.",
        ProposedBy = Sponsor.From(Proposer),
        CoSponsors = coSponsors.Select(Sponsor.From).ToList(),
        Status = status,
    };

    private static ProposeAmendment Proposal(int baseVersion = 1, string? text = "Promote coherence at every level.", string? rationale = "Clearer.") =>
        new(baseVersion, text, rationale);

    private static ValidationProblemDetails Invalid(Refused? refused)
    {
        var problem = refused.AsProblem();
        Assert.Equal(400, problem.Status);
        return Assert.IsType<ValidationProblemDetails>(problem);
    }

    // ---- Proposing ----

    [Theory]
    [InlineData(StakeholderGroup.CivilSociety)]
    [InlineData(StakeholderGroup.MemberState)]
    [InlineData(StakeholderGroup.PrivateSector)]
    [InlineData(StakeholderGroup.IntergovernmentalOrganisation)]
    public void any_stakeholder_group_proposes_amendments_while_drafting(StakeholderGroup group)
    {
        Assert.True(AmendmentDecisions.CheckProposal(Proposer with { OrganisationGroup = group }, Proposal(), Point(), Drafting, accredited: true).IsNone());
    }

    [Fact]
    public void proposing_needs_an_organisation()
    {
        Assert.Equal(403, AmendmentDecisions.CheckProposal(Moderator, Proposal(), Point(), Drafting, accredited: true).Status);
    }

    [Theory]
    [InlineData(ConsultationPhase.Preparation)]
    [InlineData(ConsultationPhase.Inputs)]
    [InlineData(ConsultationPhase.Endorsement)]
    [InlineData(ConsultationPhase.Concluded)]
    public void proposing_outside_drafting_is_a_wrong_phase_conflict(ConsultationPhase phase)
    {
        var problem = AmendmentDecisions.CheckProposal(Proposer, Proposal(), Point(), In(phase), accredited: true);
        Assert.Equal(409, problem.Status);
        Assert.Equal("https://consultation.dev/problems/wrong-phase", problem.Type);
    }

    [Fact]
    public void a_proposal_against_an_earlier_version_is_allowed()
    {
        Assert.True(AmendmentDecisions.CheckProposal(Proposer, Proposal(baseVersion: 1), Point(V1, V2), Drafting, accredited: true).IsNone());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(-2)]
    public void a_base_version_that_does_not_exist_is_invalid(int baseVersion)
    {
        var problem = Invalid(AmendmentDecisions.CheckProposal(Proposer, Proposal(baseVersion), Point(V1, V2), Drafting, accredited: true));
        Assert.Equal(["baseVersion"], problem.Errors.Keys);
    }

    [Theory]
    [InlineData(null, "text")]
    [InlineData("", "text")]
    [InlineData("   \n ", "text")]
    public void an_empty_text_is_invalid(string? text, string field)
    {
        Assert.Contains(field, Invalid(AmendmentDecisions.CheckProposal(Proposer, Proposal(text: text), Point(), Drafting, accredited: true)).Errors.Keys);
    }

    [Fact]
    public void texts_and_rationales_have_limits_and_every_invalid_field_is_named()
    {
        var tooLong = new string('a', AmendmentDecisions.MaxTextLength + 1);
        var problem = Invalid(AmendmentDecisions.CheckProposal(Proposer, Proposal(7, tooLong, ""), Point(), Drafting, accredited: true));
        Assert.Equal(["baseVersion", "rationale", "text"], problem.Errors.Keys.Order());
    }

    [Fact]
    public void a_text_at_the_limit_is_allowed()
    {
        var atLimit = new string('a', AmendmentDecisions.MaxTextLength);
        Assert.True(AmendmentDecisions.CheckProposal(Proposer, Proposal(text: atLimit, rationale: atLimit), Point(), Drafting, accredited: true).IsNone());
    }

    [Fact]
    public void a_text_identical_to_the_base_version_is_invalid_even_with_other_surrounding_whitespace()
    {
        var problem = Invalid(AmendmentDecisions.CheckProposal(Proposer, Proposal(text: "  " + V1 + "\r\n"), Point(), Drafting, accredited: true));
        Assert.Equal(["text"], problem.Errors.Keys);
    }

    [Fact]
    public void the_proposal_records_the_base_version_the_trimmed_texts_and_the_proposer_with_their_organisation()
    {
        var point = Point(V1, V2);
        var id = Guid.NewGuid();
        var proposed = AmendmentDecisions.Propose(id, Proposer, Proposal(1, "  New text.\r\nSecond line. ", " Because. "), point);
        Assert.Equal(new AmendmentProposed(id, point.Id, point.ConsultationId, 4, 1, "New text.\nSecond line.", "Because.",
            new Sponsor(Proposer.PersonId, Proposer.PersonName, Proposer.OrganisationId, Proposer.OrganisationName, StakeholderGroup.CivilSociety)),
            proposed);
    }

    // ---- Co-sponsoring ----

    [Fact]
    public void another_organisation_co_sponsors_once()
    {
        var amendment = Amendment(Point());
        Assert.True(AmendmentDecisions.CheckCoSponsorship(Ghana, amendment, Drafting, accredited: true).IsNone());
        var cosponsored = Assert.IsType<AmendmentCoSponsored>(Assert.Single(AmendmentDecisions.CoSponsor(Ghana, amendment)));
        Assert.Equal(Ghana.OrganisationId, cosponsored.CoSponsor.OrganisationId);
        Assert.Equal(Ghana.PersonId, cosponsored.CoSponsor.PersonId);

        var again = Amendment(Point(), coSponsors: Ghana with { PersonId = Guid.NewGuid() });
        Assert.Empty(AmendmentDecisions.CoSponsor(Ghana, again));
    }

    [Fact]
    public void the_proposers_organisation_does_not_co_sponsor_its_own_amendment()
    {
        Assert.Equal(403, AmendmentDecisions.CheckCoSponsorship(Colleague, Amendment(Point()), Drafting, accredited: true).Status);
    }

    [Fact]
    public void co_sponsoring_needs_an_organisation()
    {
        Assert.Equal(403, AmendmentDecisions.CheckCoSponsorship(Moderator, Amendment(Point()), Drafting, accredited: true).Status);
    }

    [Fact]
    public void co_sponsoring_is_done_while_drafting()
    {
        Assert.Equal(409, AmendmentDecisions.CheckCoSponsorship(Ghana, Amendment(Point()), In(ConsultationPhase.Endorsement), accredited: true).Status);
    }

    [Theory]
    [InlineData(AmendmentStatus.Withdrawn)]
    [InlineData(AmendmentStatus.Accepted)]
    [InlineData(AmendmentStatus.Rejected)]
    public void a_closed_amendment_is_not_co_sponsored(AmendmentStatus status)
    {
        var problem = AmendmentDecisions.CheckCoSponsorship(Ghana, Amendment(Point(), status: status), Drafting, accredited: true);
        Assert.Equal(409, problem.Status);
        Assert.Equal("https://consultation.dev/problems/amendment-closed", problem.Type);
    }

    [Fact]
    public void an_amendment_needing_a_rebase_can_still_be_co_sponsored()
    {
        Assert.True(AmendmentDecisions.CheckCoSponsorship(Ghana, Amendment(Point(), status: AmendmentStatus.NeedsRebase), Drafting, accredited: true).IsNone());
    }

    // ---- Withdrawing ----

    [Theory]
    [InlineData(AmendmentStatus.Open)]
    [InlineData(AmendmentStatus.NeedsRebase)]
    public void the_proposing_organisation_withdraws_a_pending_amendment(AmendmentStatus status)
    {
        var amendment = Amendment(Point(), status: status);
        Assert.True(AmendmentDecisions.CheckWithdrawal(Proposer, amendment, Drafting).IsNone());
        Assert.True(AmendmentDecisions.CheckWithdrawal(Colleague, amendment, In(ConsultationPhase.Endorsement)).IsNone());
        Assert.Equal(new AmendmentWithdrawn(amendment.Id, amendment.ActionPointId, amendment.ConsultationId, Colleague.PersonId, Proposer.OrganisationId),
            AmendmentDecisions.Withdraw(Colleague, amendment));
    }

    [Fact]
    public void nobody_else_withdraws_an_amendment_not_even_a_moderator()
    {
        var amendment = Amendment(Point());
        Assert.Equal(403, AmendmentDecisions.CheckWithdrawal(Ghana, amendment, Drafting).Status);
        Assert.Equal(403, AmendmentDecisions.CheckWithdrawal(Moderator, amendment, Drafting).Status);
    }

    [Fact]
    public void a_withdrawn_amendment_is_not_withdrawn_twice_and_a_concluded_consultation_takes_no_withdrawals()
    {
        Assert.Equal(409, AmendmentDecisions.CheckWithdrawal(Proposer, Amendment(Point(), status: AmendmentStatus.Withdrawn), Drafting).Status);
        var problem = AmendmentDecisions.CheckWithdrawal(Proposer, Amendment(Point()), In(ConsultationPhase.Concluded));
        Assert.Equal("https://consultation.dev/problems/wrong-phase", problem.Type);
    }

    // ---- Accepting ----

    [Fact]
    public void only_moderators_and_co_chairs_accept()
    {
        var amendment = Amendment(Point());
        Assert.True(AmendmentDecisions.CheckAcceptance(Moderator, amendment, Drafting).IsNone());
        Assert.True(AmendmentDecisions.CheckAcceptance(CoChair, amendment, In(ConsultationPhase.Endorsement)).IsNone());
        Assert.Equal(403, AmendmentDecisions.CheckAcceptance(Ghana, amendment, Drafting).Status);
        Assert.Equal(403, AmendmentDecisions.CheckAcceptance(Proposer, amendment, Drafting).Status);
    }

    [Fact]
    public void deciding_in_the_inputs_phase_is_a_wrong_phase_conflict()
    {
        Assert.Equal(409, AmendmentDecisions.CheckAcceptance(Moderator, Amendment(Point()), In(ConsultationPhase.Inputs)).Status);
        Assert.Equal(409, AmendmentDecisions.CheckRejection(Moderator, new RejectAmendment("No."), Amendment(Point()), In(ConsultationPhase.Concluded)).Status);
    }

    [Fact]
    public void an_amendment_needing_a_rebase_is_not_accepted_until_rebased()
    {
        var problem = AmendmentDecisions.CheckAcceptance(Moderator, Amendment(Point(), status: AmendmentStatus.NeedsRebase), Drafting);
        Assert.Equal(409, problem.Status);
        Assert.Equal("https://consultation.dev/problems/needs-rebase", problem.Type);
    }

    [Theory]
    [InlineData(AmendmentStatus.Accepted)]
    [InlineData(AmendmentStatus.Rejected)]
    [InlineData(AmendmentStatus.Withdrawn)]
    public void a_closed_amendment_is_not_accepted(AmendmentStatus status)
    {
        Assert.Equal(409, AmendmentDecisions.CheckAcceptance(Moderator, Amendment(Point(), status: status), Drafting).Status);
    }

    [Fact]
    public void accepting_against_the_current_version_replaces_the_text_and_records_who_proposed_and_co_sponsored_it()
    {
        var point = Point(V1, V2);
        var amendment = Amendment(point, baseVersion: 2, text: "A new text entirely.", coSponsors: [Ghana]);
        var acceptance = AmendmentDecisions.Accept(Moderator, amendment, point);

        Assert.True(acceptance.RefusedWith.IsNone());
        Assert.Null(acceptance.Conflict);
        var revision = acceptance.Revision!;
        Assert.Equal((point.Id, 3, "A new text entirely.", (Guid?)amendment.Id), (revision.ActionPointId, revision.Version, revision.Text, revision.AmendmentId));
        Assert.Equal(amendment.ProposedBy, revision.ProposedBy);
        Assert.Equal(Ghana.OrganisationId, Assert.Single(revision.CoSponsoredBy!).OrganisationId);
        var accepted = acceptance.Accepted!;
        Assert.Equal((2, 2, 3, false, Moderator.PersonId), (accepted.BaseVersion, accepted.AppliedToVersion, accepted.ResultingVersion, accepted.Merged, accepted.DecidedBy));
    }

    [Fact]
    public void accepting_against_an_earlier_version_merges_changes_to_different_words()
    {
        var point = Point(V1, V2);
        var amendment = Amendment(point, baseVersion: 1, text: "Promote coherence at all levels of government and society.");
        var acceptance = AmendmentDecisions.Accept(Moderator, amendment, point);

        Assert.Equal("Promote policy coherence at all levels of government and society.", acceptance.Revision!.Text);
        Assert.Equal(3, acceptance.Revision.Version);
        Assert.True(acceptance.Accepted!.Merged);
        Assert.Equal((1, 2), (acceptance.Accepted.BaseVersion, acceptance.Accepted.AppliedToVersion));
    }

    [Fact]
    public void accepting_against_an_earlier_version_that_changed_the_same_words_is_a_conflict_marking_the_amendment()
    {
        var point = Point(V1, V2);
        var amendment = Amendment(point, baseVersion: 1, text: "Promote development coherence at all levels of government.");
        var acceptance = AmendmentDecisions.Accept(Moderator, amendment, point);

        Assert.Null(acceptance.Accepted);
        Assert.Null(acceptance.Revision);
        Assert.Equal(409, acceptance.RefusedWith.Status);
        Assert.Equal("https://consultation.dev/problems/amendment-conflict", acceptance.RefusedWith.Type);
        var conflict = acceptance.Conflict!;
        Assert.Equal((1, 2, Moderator.PersonId), (conflict.BaseVersion, conflict.CurrentVersion, conflict.FoundBy));
        var region = Assert.Single(conflict.Conflicts);
        Assert.Equal(("", "policy ", "development "), (region.Base, region.Current, region.Amendment));
        Assert.Same(conflict.Conflicts.Single(), ((IReadOnlyList<ConflictRegion>)acceptance.RefusedWith.Extensions["conflicts"]!).Single());

        var rebased = new Amendment { Status = AmendmentStatus.Open };
        rebased.Apply(conflict);
        Assert.Equal(AmendmentStatus.NeedsRebase, rebased.Status);
    }

    [Fact]
    public void accepting_what_the_current_text_already_says_changes_nothing_and_is_a_conflict()
    {
        var point = Point(V1, V2);
        var acceptance = AmendmentDecisions.Accept(Moderator, Amendment(point, baseVersion: 1, text: V2), point);
        Assert.Null(acceptance.Accepted);
        Assert.Null(acceptance.Conflict);
        Assert.Equal("https://consultation.dev/problems/already-applied", acceptance.RefusedWith.Type);
    }

    // ---- Rejecting ----

    [Fact]
    public void a_moderator_rejects_with_a_reason()
    {
        var amendment = Amendment(Point(), status: AmendmentStatus.NeedsRebase);
        Assert.True(AmendmentDecisions.CheckRejection(Moderator, new RejectAmendment("Out of scope."), amendment, Drafting).IsNone());
        var rejected = AmendmentDecisions.Reject(Moderator, new RejectAmendment("  Out of scope. "), amendment);
        Assert.Equal(("Out of scope.", Moderator.PersonId, Moderator.PersonName), (rejected.Reason, rejected.DecidedBy, rejected.DecidedByName));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void a_rejection_needs_a_reason(string? reason)
    {
        var problem = Invalid(AmendmentDecisions.CheckRejection(Moderator, new RejectAmendment(reason), Amendment(Point()), Drafting));
        Assert.Equal(["reason"], problem.Errors.Keys);
    }

    [Fact]
    public void a_rejection_reason_has_a_limit_and_only_moderators_reject()
    {
        var tooLong = new RejectAmendment(new string('r', AmendmentDecisions.MaxReasonLength + 1));
        Assert.Equal(["reason"], Invalid(AmendmentDecisions.CheckRejection(Moderator, tooLong, Amendment(Point()), Drafting)).Errors.Keys);
        Assert.Equal(403, AmendmentDecisions.CheckRejection(Ghana, new RejectAmendment("No."), Amendment(Point()), Drafting).Status);
        Assert.Equal(409, AmendmentDecisions.CheckRejection(Moderator, new RejectAmendment("No."),
            Amendment(Point(), status: AmendmentStatus.Accepted), Drafting).Status);
    }

    // ---- Rebasing ----

    [Fact]
    public void the_proposer_rebases_onto_the_current_version_which_reopens_the_amendment()
    {
        var point = Point(V1, V2);
        var amendment = Amendment(point, baseVersion: 1, status: AmendmentStatus.NeedsRebase);
        var command = new RebaseAmendment(2, "Promote development and policy coherence at all levels of government.");
        Assert.True(AmendmentDecisions.CheckRebase(Colleague, command, amendment, point, Drafting).IsNone());

        var rebased = AmendmentDecisions.Rebase(Colleague, command, amendment);
        Assert.Equal((1, 2, command.Text, Colleague.PersonId), (rebased.FromBaseVersion, rebased.BaseVersion, rebased.Text, rebased.RebasedBy));
        amendment.Apply(rebased);
        Assert.Equal((AmendmentStatus.Open, 2, command.Text, (int?)1), (amendment.Status, amendment.BaseVersion, amendment.Text, amendment.RebasedFrom));
        Assert.Empty(amendment.Conflicts);
    }

    [Fact]
    public void rebasing_onto_a_version_that_is_not_the_current_one_is_a_stale_version_conflict()
    {
        var point = Point(V1, V2, "Promote coherence.");
        var problem = AmendmentDecisions.CheckRebase(Proposer, new RebaseAmendment(2, "Promote coherence everywhere."),
            Amendment(point, status: AmendmentStatus.NeedsRebase), point, Drafting);
        Assert.Equal(409, problem.Status);
        Assert.Equal("https://consultation.dev/problems/stale-version", problem.Type);
        Assert.Equal(3, problem.Extensions["currentVersion"]);
    }

    [Fact]
    public void rebasing_checks_the_fields_like_proposing()
    {
        var point = Point(V1, V2);
        var amendment = Amendment(point, status: AmendmentStatus.NeedsRebase);
        Assert.Equal(["baseVersion"], Invalid(AmendmentDecisions.CheckRebase(Proposer, new RebaseAmendment(9, "x"), amendment, point, Drafting)).Errors.Keys);
        Assert.Equal(["text"], Invalid(AmendmentDecisions.CheckRebase(Proposer, new RebaseAmendment(2, ""), amendment, point, Drafting)).Errors.Keys);
        Assert.Equal(["text"], Invalid(AmendmentDecisions.CheckRebase(Proposer, new RebaseAmendment(2, V2), amendment, point, Drafting)).Errors.Keys);
    }

    [Fact]
    public void only_the_proposer_rebases_and_only_a_pending_amendment_while_drafting()
    {
        var point = Point(V1, V2);
        var command = new RebaseAmendment(2, "Something new.");
        Assert.Equal(403, AmendmentDecisions.CheckRebase(Ghana, command, Amendment(point, status: AmendmentStatus.NeedsRebase), point, Drafting).Status);
        Assert.Equal(409, AmendmentDecisions.CheckRebase(Proposer, command, Amendment(point, status: AmendmentStatus.Rejected), point, Drafting).Status);
        Assert.Equal(409, AmendmentDecisions.CheckRebase(Proposer, command, Amendment(point, status: AmendmentStatus.NeedsRebase), point,
            In(ConsultationPhase.Endorsement)).Status);
    }

    // ---- The aggregate ----

    [Fact]
    public void the_amendment_follows_its_events_from_proposal_to_acceptance()
    {
        var point = Point();
        var amendment = Amendment(point);
        amendment.Apply(new AmendmentCoSponsored(amendment.Id, point.Id, point.ConsultationId, Sponsor.From(Ghana)));
        Assert.Equal(AmendmentStatus.Open, amendment.Status);
        Assert.Single(amendment.CoSponsors);

        amendment.Apply(new JasperFx.Events.Event<AmendmentAccepted>(
            new AmendmentAccepted(amendment.Id, point.Id, point.ConsultationId, 1, 1, 2, false, Moderator.PersonId, "Moderator")));
        Assert.Equal((AmendmentStatus.Accepted, (int?)2, "Moderator"), (amendment.Status, amendment.ResultingVersion, amendment.DecidedByName));
        Assert.False(amendment.IsPending);
    }

    [Fact]
    public void a_rejected_amendment_keeps_its_reason_and_a_withdrawn_one_is_closed()
    {
        var rejected = Amendment(Point());
        rejected.Apply(new JasperFx.Events.Event<AmendmentRejected>(
            new AmendmentRejected(rejected.Id, rejected.ActionPointId, rejected.ConsultationId, "Out of scope.", Moderator.PersonId, "Moderator")));
        Assert.Equal((AmendmentStatus.Rejected, "Out of scope."), (rejected.Status, rejected.RejectionReason));

        var withdrawn = Amendment(Point());
        withdrawn.Apply(AmendmentDecisions.Withdraw(Proposer, withdrawn));
        Assert.Equal(AmendmentStatus.Withdrawn, withdrawn.Status);
    }
}
