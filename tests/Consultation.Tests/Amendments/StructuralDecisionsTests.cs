using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Common;
using ConsultationPlatform.Outcome.Provenance;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using JasperFx.Events;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.Amendments;

/// <summary>The conflict rules of amendments that add, delete or merge points, and provenance through a merger (pure functions).</summary>
public class StructuralDecisionsTests
{
    private static readonly Guid Consultation = Guid.NewGuid();
    private static readonly Actor Mfa = Delegates.CivilSociety("Migrant Forum in Asia");
    private static readonly Actor Mexico = Delegates.State("Mexico");
    private static readonly Actor CoChair = Delegates.Of("Switzerland", StakeholderGroup.MemberState, PlatformRole.CoChair);

    private static readonly ConsultationPlatform.Consultations.Consultation Drafting =
        new() { Id = Consultation, Phase = ConsultationPlatform.Consultations.ConsultationPhase.Drafting };

    private static ActionPoint Point(int number, string text) =>
        ActionPoint.Create(new Event<ActionPointTabled>(new ActionPointTabled(Guid.NewGuid(), Consultation, number, text)));

    private static Amendment Open(AmendmentProposed proposed) => Amendment.Create(new Event<AmendmentProposed>(proposed));

    private static Amendment Replace(ActionPoint point, string text) =>
        Open(AmendmentDecisions.Propose(Guid.NewGuid(), Mexico, new ProposeAmendment(point.Current.Number, text, "Why."), point));

    private static Amendment Delete(ActionPoint point) =>
        Open(StructuralDecisions.ProposeDeletion(Guid.NewGuid(), Mfa, new ProposePointDeletion(point.Current.Number, "Redundant."), point));

    private static Amendment Merge(ActionPoint point, ActionPoint other, string text) =>
        Open(StructuralDecisions.ProposeMerger(Guid.NewGuid(), Mfa,
            new ProposePointMerger(point.Current.Number, other.Id, other.Current.Number, text, "One point."), point, other));

    private static void Revise(ActionPoint point, string text) =>
        point.Apply(new Event<ActionPointRevised>(new ActionPointRevised(point.Id, Consultation, point.Current.Number + 1, text, null, null, null)));

    private static string TypeOf(Refused? refused) => refused.Type!.Split('/')[^1];

    [Fact]
    public void a_deletion_waits_for_every_other_pending_amendment_of_its_point_and_a_merger_for_those_of_either_point()
    {
        var a = Point(1, "First point.");
        var b = Point(2, "Second point.");
        var c = Point(3, "Third point.");
        var replaceA = Replace(a, "First point, amended.");
        var deleteA = Delete(a);
        var mergeBc = Merge(b, c, "Second and third.");
        var deleteC = Delete(c);
        var all = new[] { replaceA, deleteA, mergeBc, deleteC };

        Assert.Equal("pending-amendments", TypeOf(StructuralDecisions.CheckAcceptance(deleteA, a, null, all)));
        Assert.Equal("pending-amendments", TypeOf(StructuralDecisions.CheckAcceptance(mergeBc, b, c, all))); // deleteC touches c
        Assert.Equal("pending-amendments", TypeOf(StructuralDecisions.CheckAcceptance(deleteC, c, null, all))); // mergeBc touches c
        // A text amendment is not held up by a pending deletion: the deletion goes stale instead.
        Assert.True(StructuralDecisions.CheckAcceptance(replaceA, a, null, all).IsNone());

        replaceA.Apply(new Event<AmendmentRejected>(new AmendmentRejected(replaceA.Id, a.Id, Consultation, "No.", CoChair.PersonId, "Co-chair")));
        Assert.True(StructuralDecisions.CheckAcceptance(deleteA, a, null, all).IsNone());
    }

    [Fact]
    public void a_deletion_or_merger_of_a_version_that_moved_on_is_stale_and_a_point_out_of_the_text_takes_nothing_more()
    {
        var a = Point(1, "First point.");
        var b = Point(2, "Second point.");
        var deleteA = Delete(a);
        var merge = Merge(b, a, "Both.");
        Revise(a, "First point, revised.");
        Assert.Equal("stale-version", TypeOf(StructuralDecisions.CheckAcceptance(deleteA, a, null, [deleteA])));
        Assert.Equal("stale-version", TypeOf(StructuralDecisions.CheckAcceptance(merge, b, a, [merge])));

        var fresh = Delete(a);
        Assert.True(StructuralDecisions.CheckAcceptance(fresh, a, null, [fresh]).IsNone());
        var accepted = StructuralDecisions.Accept(CoChair, fresh, a, null, [1, 2]);
        a.Apply(new Event<ActionPointWithdrawn>(accepted.Withdrawal!));
        Assert.Equal(ActionPointStatus.Deleted, a.Status);
        Assert.Equal(2, accepted.Accepted!.ResultingVersion);

        Assert.Equal("point-withdrawn", TypeOf(StructuralDecisions.CheckInText(a)));
        Assert.Equal("point-withdrawn", TypeOf(StructuralDecisions.CheckAcceptance(Replace(b, "x"), a, null, [])));
        Assert.Equal("point-withdrawn", TypeOf(AmendmentDecisions.CheckProposal(Mexico, new ProposeAmendment(2, "New.", "Why."), a,
            Drafting, accredited: true)));
    }

    [Fact]
    public void an_addition_is_numbered_after_the_last_point_ever_numbered_and_credited_to_its_sponsors()
    {
        var add = Open(StructuralDecisions.ProposeAddition(Guid.NewGuid(), Guid.NewGuid(), Mfa,
            new ProposePointAddition("A new point.", "Missing."), Drafting));
        add.Apply(new AmendmentCoSponsored(add.Id, add.ActionPointId, Consultation, Sponsor.From(Mexico)));
        var accepted = StructuralDecisions.Accept(CoChair, add, null, null, [1, 2, 9]);
        Assert.Equal((10, "A new point.", add.Id), (accepted.Added!.Number, accepted.Added.Text, accepted.Added.AmendmentId));
        var point = ActionPoint.Create(new Event<ActionPointTabled>(accepted.Added));
        Assert.Equal(["Mexico"], point.Current.CoSponsoredBy!.Select(s => s.OrganisationName));
        Assert.Equal("Migrant Forum in Asia", point.Current.ProposedBy!.OrganisationName);
    }

    [Fact]
    public void provenance_follows_a_merger_each_word_to_the_point_and_version_it_came_from()
    {
        var a = Point(4, "Promote coherence at all levels.");
        var b = Point(5, "Involve civil society.");
        Revise(b, "Involve civil society and migrants.");
        var merge = Merge(a, b, "Promote coherence at all levels. Involve civil society and migrants, with local authorities.");
        var accepted = StructuralDecisions.Accept(CoChair, merge, a, b, [4, 5]);
        merge.Apply(new Event<AmendmentAccepted>(accepted.Accepted!));
        a.Apply(new Event<ActionPointRevised>(accepted.Revision!));
        b.Apply(new Event<ActionPointWithdrawn>(accepted.Withdrawal!));
        Assert.Equal((ActionPointStatus.Merged, a.Id, 4), (b.Status, b.MergedInto, b.MergedIntoNumber));

        var points = new[] { a, b }.ToDictionary(p => p.Id);
        var p = TextProvenance.Of(a, [merge], id => points.GetValueOrDefault(id));
        Assert.Equal(a.Current.Text, p.Text);
        Assert.Equal(a.Current.Text, string.Concat(p.Spans.Select(s => s.Text)));
        string Words(Guid? point, int version) => string.Concat(p.Spans.Where(s => s.ActionPointId == point && s.Version == version).Select(s => s.Text));
        Assert.Contains("Promote coherence at all levels", Words(null, 1));
        Assert.Contains("Involve civil", Words(b.Id, 1));
        Assert.Contains("migrants", Words(b.Id, 2));
        Assert.Contains("with local authorities", Words(null, 2));
        Assert.DoesNotContain("Involve", Words(null, 2));
        Assert.Equal([new OriginRef(null, 2), new OriginRef(b.Id, 1), new OriginRef(b.Id, 2)], p.Sentences[1].From!
            .OrderBy(o => o.ActionPointId is not null).ThenBy(o => o.Version).ToList());
        var origin = p.Origins.Single(o => o.ActionPointId == b.Id && o.Version == 1);
        Assert.Equal(5, origin.ActionPointNumber);
        Assert.Equal(merge.Id, p.Origins.Single(o => o.ActionPointId is null && o.Version == 2).AmendmentId);
    }
}
