using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.Moderation;
using ConsultationPlatform.Stakeholders;

namespace ConsultationPlatform.Tests.LivePush;

/// <summary>Pages waiting to be pushed go out as one: nothing lost, nothing reordered, the views as the later page left them.</summary>
public class LiveDispatcherTests
{
    private static readonly Guid Consultation = Guid.NewGuid();
    private static readonly Guid PointA = Guid.NewGuid();
    private static readonly Guid PointB = Guid.NewGuid();

    private static ConsultationChange Change(long position, Guid point) => new()
    {
        Id = position, ConsultationId = Consultation, ActionPointId = point, Type = "endorsement_given", At = DateTimeOffset.UtcNow,
    };

    private static LiveBoardEntry Entry(Guid point, int version, string? text, int endorsements) =>
        new(point, 1, version, text, endorsements,
            new EndorsementTally(endorsements, endorsements, 0, new Dictionary<StakeholderGroup, int> { [StakeholderGroup.MemberState] = endorsements },
                new Dictionary<StakeholderGroup, int>(), 0));

    private static ModerationQueue Queue(int pending) =>
        new(Consultation, Enumerable.Range(0, pending).Select(_ => (QueuedInput)null!).ToList(), [], [], []);

    [Fact]
    public void keeps_every_change_in_order()
    {
        var merged = LiveDispatcher.Merge(
            ([Change(10, PointA), Change(12, PointB)], new LiveViews(new Dictionary<Guid, LiveBoardEntry>(), new Dictionary<Guid, ModerationQueue>())),
            ([Change(15, PointA)], new LiveViews(new Dictionary<Guid, LiveBoardEntry>(), new Dictionary<Guid, ModerationQueue>())));

        Assert.Equal([10L, 12L, 15L], merged.Changes.Select(c => c.Id));
    }

    [Fact]
    public void the_views_are_the_later_pages_and_a_new_text_is_kept()
    {
        var earlier = new LiveViews(
            new Dictionary<Guid, LiveBoardEntry> { [PointA] = Entry(PointA, 2, "Revised text", 3), [PointB] = Entry(PointB, 1, null, 7) },
            new Dictionary<Guid, ModerationQueue> { [Consultation] = Queue(1) });
        var later = new LiveViews(
            new Dictionary<Guid, LiveBoardEntry> { [PointA] = Entry(PointA, 2, null, 4) },
            new Dictionary<Guid, ModerationQueue> { [Consultation] = Queue(2) });

        var (_, views) = LiveDispatcher.Merge(([Change(1, PointA)], earlier), ([Change(2, PointA)], later));

        Assert.Equal((2, "Revised text", 4), (views.BoardEntries[PointA].Version, views.BoardEntries[PointA].Text, views.BoardEntries[PointA].EndorsementCount));
        Assert.Equal(7, views.BoardEntries[PointB].EndorsementCount);
        Assert.Equal(2, views.Queues[Consultation].PendingInputs.Count);
    }
}
