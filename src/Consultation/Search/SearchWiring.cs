using JasperFx.Events.Projections;

namespace ConsultationPlatform.Search;

public static class SearchWiring
{
    /// <summary>
    /// The search index (<see cref="SearchIndexProjection"/>), async: writes do not wait for it, and on a database that
    /// already holds events the daemon indexes them from the start.
    /// </summary>
    public static StoreOptions ConfigureSearch(this StoreOptions opts, string schema)
    {
        opts.Projections.Add(new SearchIndexProjection(schema), ProjectionLifecycle.Async);
        // The parallel texts of action points (a stream per point, apart from the negotiated text's): ActionPoints/Translations.cs.
        opts.Projections.Snapshot<ActionPoints.ActionPointTranslations>(SnapshotLifecycle.Inline);
        return opts;
    }
}
