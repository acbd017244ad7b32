using ConsultationPlatform.Outcome.Summary;
using JasperFx.Events.Projections;
using ConsultationPlatform.Outcome.TimeTravel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConsultationPlatform.Outcome;

/// <summary>The outcome capability's wiring: one line each in Hosting/ConsultationApp.cs.</summary>
public static class OutcomeWiring
{
    public static void ConfigureOutcome(this StoreOptions opts, IConfiguration? configuration = null)
    {
        opts.Projections.Snapshot<OutcomeSummary>(SnapshotLifecycle.Inline);
        // Time travel: the folded state of each consultation every N of its events (Outcome/TimeTravel/PastCheckpoints.cs).
        opts.ConfigurePastCheckpoints(configuration?.GetValue("Outcome:CheckpointEvery", TimeTravel.PastCheckpointProjection.DefaultEvery)
            ?? TimeTravel.PastCheckpointProjection.DefaultEvery);
    }

    public static IServiceCollection AddOutcome(this IServiceCollection services) =>
        services.AddSingleton<SummaryContributors>()
            .AddSingleton<ISummarySections, Sessions.SessionSummarySections>();
}
