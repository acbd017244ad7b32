using ConsultationPlatform.Positions;
using JasperFx.Events.Projections;

namespace ConsultationPlatform.Replies;

public static class VoicesWiring
{
    /// <summary>A voice for every stakeholder group: the other groups' positions (Positions/) and replies under inputs and amendments.</summary>
    public static StoreOptions ConfigureVoices(this StoreOptions opts)
    {
        opts.ConfigurePositions();
        opts.Projections.Snapshot<Reply>(SnapshotLifecycle.Inline);
        opts.Schema.For<Reply>().Index(x => x.ParentId).Index(x => x.ActionPointId).Index(x => x.ConsultationId);
        return opts;
    }
}
