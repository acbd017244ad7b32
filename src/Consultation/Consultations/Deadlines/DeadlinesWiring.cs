using Microsoft.Extensions.DependencyInjection;

namespace ConsultationPlatform.Consultations;

public static class DeadlinesWiring
{
    /// <summary>
    /// The message that ends a phase waits in a durable local queue: Wolverine keeps it in PostgreSQL (its inbox, as
    /// "scheduled") from the transaction that scheduled it until its time, across restarts, and one node runs it.
    /// <c>Wolverine:ScheduledJobPollingTime</c> (default 5 s) is how often the nodes look for scheduled messages due.
    /// </summary>
    public static IServiceCollection AddDeadlines(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration config)
    {
        services.ConfigureWolverine(opts =>
        {
            opts.LocalQueueFor<EndScheduledPhase>().UseDurableInbox();
            if (config.GetValue<TimeSpan?>("Wolverine:ScheduledJobPollingTime") is { } polling)
                opts.Durability.ScheduledJobPollingTime = polling;
        });
        return services;
    }
}
