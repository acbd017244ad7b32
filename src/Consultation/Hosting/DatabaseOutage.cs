using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ConsultationPlatform.Hosting;

/// <summary>
/// A database that does not answer within the bounded waits of <see cref="DatabaseSettings.Tuned"/> (connection,
/// pool and command timeouts), refuses connections, or is shutting down, is an outage: every request that meets it
/// gets <c>503 Service Unavailable</c>, a problem with <c>Retry-After</c>, instead of hanging or a 500. Nothing was
/// changed (a write that met it rolled back). The platform recovers by itself once the database answers again.
/// </summary>
public sealed class DatabaseOutageHandler(IProblemDetailsService problems, ILogger<DatabaseOutageHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (!IsOutage(exception) || context.Response.HasStarted) return false;
        logger.LogWarning("The database did not answer: {Message}", exception.GetBaseException().Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is not answering",
                Detail = "Nothing was changed. Try again in a few seconds.",
                Type = "https://consultation.dev/problems/unavailable",
            },
        });
    }

    /// <summary>Whether the exception (or one it wraps) says the database is out of reach, rather than that the request is wrong.</summary>
    public static bool IsOutage(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case TimeoutException or SocketException:
                    return true;
                case PostgresException pg:
                    // query_canceled (statement timeout), admin/crash shutdown, cannot connect now, too many connections.
                    return pg.SqlState is "57014" or "57P01" or "57P02" or "57P03" or "53300" || pg.SqlState.StartsWith("08", StringComparison.Ordinal);
                case NpgsqlException { IsTransient: true }:
                    return true;
            }

            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsOutage)) return true;
        }

        return false;
    }
}

/// <summary>
/// Two writes that start the same stream at once (two people acting for one organisation endorsing the same point
/// for the first time): the second is refused by the store's unique stream id. Like any concurrency failure this is
/// a 409 problem to retry (the first write won), never a 500. Wolverine maps <c>ConcurrencyException</c> itself.
/// </summary>
public sealed class StreamCollisionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (exception is not Marten.Exceptions.ExistingStreamIdCollisionException && !ActionPoints.PointNumbering.IsCollision(exception) || context.Response.HasStarted) return false;
        context.Response.StatusCode = StatusCodes.Status409Conflict;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = Common.Problems.Conflict("Changed at the same moment",
                "Someone else changed this at the same moment, and their change was saved first. Reload and try again.", "concurrency"),
        });
    }
}

/// <summary>
/// Readiness: the database answers <c>select 1</c> within <see cref="Budget"/>. A database that hangs gives an
/// unhealthy answer (503) after that long, never a request left waiting.
/// </summary>
public sealed class DatabaseHealthCheck(IDocumentStore store) : IHealthCheck
{
    public static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(800);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        BoundedRead.Within(Budget, async read =>
        {
            try
            {
                await Probe(read);
                return HealthCheckResult.Healthy("The database answers.");
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy("The database does not answer.", ex);
            }
        }, $"The database did not answer within {Budget.TotalMilliseconds} ms.", ct);

    private async Task Probe(CancellationToken ct)
    {
        await using var session = store.QuerySession();
        await session.QueryAsync<int>("select 1", ct);
    }
}
