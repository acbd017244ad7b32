using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Common;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.ActionPoints;

public class ActionPointViewsTests
{
    private static readonly Sponsor Proposer = Sponsor.From(Delegates.CivilSociety());
    private static readonly Sponsor Ghana = Sponsor.From(Delegates.State("Ghana"));

    private static ActionPoint Point()
    {
        var point = new ActionPoint { Id = Guid.NewGuid(), ConsultationId = Guid.NewGuid(), Number = 2 };
        point.Versions.Add(new ActionPointVersion(1, "Factor migration into policy.", null));
        point.Versions.Add(new ActionPointVersion(2, "Factor migration into all policy.", null, Guid.NewGuid(), Proposer, [Ghana]));
        point.Version = 2;
        return point;
    }

    private static Endorsement Endorsement(ActionPoint point, StakeholderGroup group, int forVersion, bool active = true) => new()
    {
        Id = Guid.NewGuid(), ActionPointId = point.Id, ConsultationId = point.ConsultationId, StakeholderId = Guid.NewGuid(),
        StakeholderName = group.ToString(), StakeholderGroup = group, ForVersion = forVersion, Active = active,
    };

    [Fact]
    public void the_details_show_each_version_with_the_amendment_that_made_it_and_endorsements_by_the_version_they_are_for()
    {
        var point = Point();
        var earlier = Endorsement(point, StakeholderGroup.MemberState, 1);
        var current = Endorsement(point, StakeholderGroup.IntergovernmentalOrganisation, 2);
        var details = ActionPointViews.Details(point, [], [earlier, current, Endorsement(point, StakeholderGroup.ObserverState, 2, active: false)]);

        Assert.Equal((2, "Factor migration into all policy."), (details.Version, details.Text));
        Assert.Equal([false, true], details.Versions.Select(v => v.IsCurrent));
        Assert.Empty(details.Versions[0].CoSponsoredBy);
        Assert.Equal((Proposer, Ghana), (details.Versions[1].ProposedBy, details.Versions[1].CoSponsoredBy.Single()));
        Assert.Equal([("current version", true), ("for version 1", false)], details.Endorsements.Select(e => (e.Standing, e.ForCurrentVersion)));
        Assert.Equal((2, 1, 1), (details.EndorsementTally.Total, details.EndorsementTally.OfCurrentVersion, details.EndorsementTally.OfEarlierVersions));
    }

    [Fact]
    public void a_diff_between_versions_that_exist_is_word_level_and_versions_that_do_not_exist_are_named()
    {
        var point = Point();
        var (diff, problem) = ActionPointViews.Diff(point, 1, 2);
        Assert.True(problem.IsNone());
        Assert.Equal([new DiffSegment(SegmentKind.Unchanged, "Factor migration into "), new DiffSegment(SegmentKind.Inserted, "all "),
            new DiffSegment(SegmentKind.Unchanged, "policy.")], diff!.Segments);

        var (none, invalid) = ActionPointViews.Diff(point, 3, -1);
        Assert.Null(none);
        Assert.Equal(["from", "to"], Assert.IsType<ValidationProblemDetails>(invalid).Errors.Keys.Order());
    }

    [Fact]
    public void without_versions_the_diff_runs_from_the_first_to_the_current_version()
    {
        var (diff, _) = ActionPointViews.Diff(Point(), null, null);
        Assert.Equal((1, 2), (diff!.From, diff.To));
    }
}
