using ConsultationPlatform.Consultations.History;
using JasperFx.Events.Projections;
using Microsoft.Extensions.DependencyInjection;

namespace ConsultationPlatform.LiveSessions;

/// <summary>Live sessions' share of the store (inline snapshots, indexes) one line in ConsultationApp.</summary>
public static class LiveSessionsWiring
{
    public static IServiceCollection AddLiveSessions(this IServiceCollection services)
    {
        services.ConfigureMarten(opts =>
        {
            opts.Projections.Snapshot<Session>(SnapshotLifecycle.Inline);
            opts.Projections.Snapshot<Inscription>(SnapshotLifecycle.Inline);
            opts.Projections.Snapshot<Statement>(SnapshotLifecycle.Inline);
            opts.Schema.For<Session>().Index(x => x.ConsultationId);
            opts.Schema.For<Inscription>().Index(x => x.SessionId);
            opts.Schema.For<Statement>().Index(x => x.SessionId);
            opts.Schema.For<ConsultationChange>().Index(x => x.SessionId);
            opts.Schema.For<ConsultationChange>().Index(x => x.StreamId); // a statement hidden: its entries in the history (HiddenStatements)
        });
        return services;
    }
}
