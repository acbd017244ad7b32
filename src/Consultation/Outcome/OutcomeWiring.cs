using ConsultationPlatform.Outcome.Summary;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ConsultationPlatform.Outcome;

/// <summary>The outcome capability's wiring: one line each in Hosting/ConsultationApp.cs.</summary>
public static class OutcomeWiring
{
    public static void ConfigureOutcome(this StoreOptions opts)
    {
        opts.Projections.Snapshot<OutcomeSummary>(SnapshotLifecycle.Inline);
    }

    public static IServiceCollection AddOutcome(this IServiceCollection services) =>
        services.AddSingleton<SummaryContributors>()
            .AddSingleton<ISummarySections, Sessions.SessionSummarySections>();
}
