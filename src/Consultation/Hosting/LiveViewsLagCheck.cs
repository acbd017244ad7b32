using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace ConsultationPlatform.Hosting;

/// <summary>How far the live views (the <c>LiveViews</c> subscription: history and live push) are behind the event store.</summary>
public sealed record LiveViewsLag(long Events, double Seconds)
{
    /// <summary>
    /// Reads the lag in one round trip: the events committed after the subscription's progress, and the age of the
    /// oldest of them (0 when it is up to date).
    /// </summary>
    public static async Task<LiveViewsLag> Read(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        var sql = $"""
            with progress as (
              select coalesce((select max(last_seq_id) from {schema}.mt_event_progression where name like 'LiveViews%'), 0) as seq)
            select coalesce((select max(seq_id) from {schema}.mt_events), 0) - progress.seq,
                   coalesce(extract(epoch from now() - (select timestamp from {schema}.mt_events e where e.seq_id > progress.seq order by e.seq_id limit 1)), 0)
            from progress
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new LiveViewsLag(Math.Max(0, reader.GetInt64(0)), Math.Max(0, Convert.ToDouble(reader.GetValue(1))));
    }
}

/// <summary>
/// Part of <c>/health/ready</c>: unhealthy when the oldest event the live views have not processed is older than
/// <c>Health:MaxLiveViewsLagSeconds</c> (30 s by default: a failover takes a few seconds and must not take every node
/// out of the load balancer; a lag of half a minute means no node is running the subscription, or it cannot keep up).
/// The whole check is bounded by <c>Health:Timeout</c> (0.8 s, as the database check), so readiness answers quickly when the database is slow.
/// </summary>
public sealed class LiveViewsLagCheck(IDocumentStore store, DatabaseSettings database, IConfiguration configuration) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var budget = configuration.GetValue("Health:Timeout", DatabaseHealthCheck.Budget);
        return BoundedRead.Within(budget, Check, $"The live views' lag could not be read within {budget.TotalMilliseconds} ms.", ct);
    }

    private async Task<HealthCheckResult> Check(CancellationToken ct)
    {
        var limit = configuration.GetValue("Health:MaxLiveViewsLagSeconds", 30.0);
        try
        {
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync(ct);
            var lag = await LiveViewsLag.Read(connection, store.Options.Events.DatabaseSchemaName, ct);
            PlatformMetrics.RecordLiveViewsLag(lag);
            var data = new Dictionary<string, object> { ["events"] = lag.Events, ["seconds"] = Math.Round(lag.Seconds, 1), ["limitSeconds"] = limit };
            return lag.Seconds <= limit
                ? HealthCheckResult.Healthy($"The live views are {lag.Events} events ({lag.Seconds:0.0} s) behind.", data)
                : HealthCheckResult.Unhealthy($"The live views are {lag.Events} events ({lag.Seconds:0.0} s) behind, more than {limit} s.", data: data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The live views' lag could not be read.", ex);
        }
    }
}
