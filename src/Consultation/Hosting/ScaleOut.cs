using JasperFx;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace ConsultationPlatform.Hosting;

/// <summary>
/// Running as N identical nodes on one PostgreSQL database behind a load balancer, on existing machinery only:
/// <list type="bullet">
/// <item>SignalR scale-out through Redis (<c>Microsoft.AspNetCore.SignalR.StackExchangeRedis</c>), when
/// <c>ConnectionStrings:Redis</c> is set. Without it a node runs alone, exactly as before.</item>
/// <item>Projections and the live-push subscription: Marten's async daemon in HotCold mode (already the default in
/// <see cref="ConsultationApp"/>): one node holds a PostgreSQL advisory lock per projection and runs it, the others
/// poll for the lock every <c>Database:LeadershipPollingMs</c> (1,000 ms with several nodes) and take over when the
/// holder dies (PostgreSQL drops its session, and so its lock). Progress is in <c>mt_event_progression</c>, committed
/// with the history rows the subscription writes, so the survivor starts exactly where the dead node committed.</item>
/// <item>Wake-up across nodes: with several nodes <c>Database:Wakeup</c> defaults to <c>notify</c> (PostgreSQL
/// LISTEN/NOTIFY), since the in-process wake-up only sees the commits of its own node.</item>
/// <item>Wolverine's durable inbox/outbox (the mail queue): <c>Wolverine:DurabilityMode</c> defaults to
/// <c>Balanced</c> with several nodes, so that a node recovers only the messages of a node that is gone, not those
/// another live node is processing.</item>
/// </list>
/// What a node keeps in memory, and why it may (see also docs/scale-out.md):
/// <list type="bullet">
/// <item>Data-protection keys (cookies, antiforgery, the bearer tokens): in PostgreSQL on every node
/// (<see cref="PostgresKeyRing"/>).</item>
/// <item>Idempotency records: already documents in PostgreSQL (<c>IdempotentRequest</c>), claimed with an insert
/// that a second node's claim of the same key fails.</item>
/// <item><c>LiveTallies</c> (endorsement counts held by the subscription): owned by the one node that runs the
/// subscription; dropped whenever a page does not follow the last one this node processed (a failover), and read
/// again from the store. Not shared, by design.</item>
/// <item><c>LiveDispatcher</c> streams (the per-stream gate, position and joined connections): the single-node
/// contract. With several nodes the dispatcher joins without them (membership first, then the history; the client
/// drops changes it already holds by position), and the gate only orders this node's own sends.</item>
/// <item>SignalR connections and groups: in the node that holds the connection; groups span nodes through Redis.</item>
/// <item>Rate limits (another branch adds them): per node unless moved to Redis; a per-node limit multiplies by N.</item>
/// <item>The in-process commit wake-up (<c>CommitWakeup</c>): a hint only; polling and NOTIFY cover the other nodes.</item>
/// </list>
/// </summary>
public static class ScaleOut
{
    /// <summary>Whether this node is one of several (a Redis backplane is configured).</summary>
    public static bool AcrossNodes(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis"));

    public static WebApplicationBuilder AddScaleOut(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var services = builder.Services;
        if (AcrossNodes(config))
        {
            // Defaults for several nodes, each only where nothing else set it.
            var defaults = new Dictionary<string, string?>();
            if (config["Database:Wakeup"] is null) defaults["Database:Wakeup"] = "notify";
            if (config["Wolverine:DurabilityMode"] is null) defaults["Wolverine:DurabilityMode"] = "Balanced";
            if (defaults.Count > 0) config.AddInMemoryCollection(defaults);

            var redis = config.GetConnectionString("Redis")!;
            services.AddSignalR().AddStackExchangeRedis(redis, o =>
            {
                o.Configuration.ChannelPrefix = RedisChannel.Literal(config["Redis:ChannelPrefix"] ?? "consultation");
                // Keep trying while Redis restarts rather than fail the node's start.
                o.Configuration.AbortOnConnectFail = false;
            });
            services.ConfigureMarten(opts =>
                opts.Projections.LeadershipPollingTime = config.GetValue("Database:LeadershipPollingMs", 1000));
        }

        services.AddSignalR(o => o.AddFilter<PlatformMetrics.ConnectionCounter>());
        // Wolverine's handler code is generated ahead of time (`codegen write`, committed in Internal/Generated and
        // compiled into the app; GeneratedCodeTests fails when it no longer matches the handlers) and loaded from the
        // assembly outside Development: no compiler at start nor on a first request (issue 14, goal 3: docs/benchmarks.md).
        // Auto: a chain without a pre-generated type (a handler added since) is still compiled at run time, and its code
        // is never written to disk. Development compiles every chain at run time, so that a handler being edited is never
        // answered by stale generated code. Wolverine:TypeLoadMode overrides both (the container image: Static).
        var configured = config["Wolverine:TypeLoadMode"] is { Length: > 0 } typeLoadMode
            ? Enum.Parse<JasperFx.CodeGeneration.TypeLoadMode>(typeLoadMode, ignoreCase: true)
            : (JasperFx.CodeGeneration.TypeLoadMode?)null;
        services.CritterStackDefaults(x =>
        {
            x.Production.GeneratedCodeMode = configured ?? JasperFx.CodeGeneration.TypeLoadMode.Auto;
            x.Production.SourceCodeWritingEnabled = false;
            x.Development.GeneratedCodeMode = configured ?? JasperFx.CodeGeneration.TypeLoadMode.Dynamic;
        });

        builder.AddOperations(); // OpenTelemetry when an exporter is configured (Hosting/Operations.cs)
        services.AddPostgresKeyRing();
        services.AddHealthChecks().AddCheck<LiveViewsLagCheck>("live-views-lag", tags: ["ready"]);
        // Readiness answers within this time even when the database is slow: a check that has not answered counts as unhealthy.
        var timeout = config.GetValue("Health:Timeout", DatabaseHealthCheck.Budget);
        services.Configure<HealthCheckServiceOptions>(o =>
        {
            foreach (var registration in o.Registrations) registration.Timeout = timeout;
        });
        return builder;
    }
}
