using JasperFx.Events.Projections;

namespace ConsultationPlatform.Positions;

public static class PositionsWiring
{
    /// <summary>Positions of the other stakeholder groups (a stream per organisation and point, snapshotted inline like endorsements).</summary>
    public static StoreOptions ConfigurePositions(this StoreOptions opts)
    {
        opts.Projections.Snapshot<Position>(SnapshotLifecycle.Inline);
        opts.Schema.For<Position>().Index(x => x.ActionPointId).Index(x => x.ConsultationId);
        return opts;
    }
}
