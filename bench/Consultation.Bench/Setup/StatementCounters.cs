using Npgsql;

namespace ConsultationPlatform.Bench.Setup;

/// <summary>One statement's work during a phase, from pg_stat_statements (issue 14: measure which statements read the rows).</summary>
public sealed record StatementWork(string Query, long Calls, long Rows, long Blocks, double Milliseconds);

/// <summary>
/// pg_stat_statements of the store's database, cumulative: per statement, calls, rows returned, buffer accesses and
/// execution time. Read before and after a phase; the difference says which statements did the work. Available when
/// the server loads the extension (<c>shared_preload_libraries = 'pg_stat_statements'</c>: the benchmark's private
/// cluster does; a configured server may not, and then nothing is reported).
/// </summary>
public sealed class StatementCounters
{
    private readonly Dictionary<(long QueryId, bool TopLevel), StatementWork> _byStatement;

    private StatementCounters(Dictionary<(long, bool), StatementWork> byStatement) => _byStatement = byStatement;

    private static bool? _available;

    /// <summary>The counters now, or null when pg_stat_statements is not loaded by the server.</summary>
    public static async Task<StatementCounters?> Read(NpgsqlDataSource data, CancellationToken ct)
    {
        if (_available is false) return null;
        try
        {
            if (_available is null)
            {
                await using var create = data.CreateCommand("create extension if not exists pg_stat_statements");
                await create.ExecuteNonQueryAsync(ct);
                _available = true;
            }

            await using var command = data.CreateCommand(
                "select queryid, toplevel, calls, rows, shared_blks_hit + shared_blks_read, total_exec_time, " +
                "left(regexp_replace(query, '\\s+', ' ', 'g'), 600) from pg_stat_statements " +
                "where dbid = (select oid from pg_database where datname = current_database()) and queryid is not null");
            await using var reader = await command.ExecuteReaderAsync(ct);
            var byStatement = new Dictionary<(long, bool), StatementWork>();
            while (await reader.ReadAsync(ct))
                byStatement[(reader.GetInt64(0), reader.GetBoolean(1))] = new StatementWork(reader.GetString(6), reader.GetInt64(2),
                    reader.GetInt64(3), reader.GetInt64(4), reader.GetDouble(5));
            return new StatementCounters(byStatement);
        }
        catch (PostgresException)
        {
            _available = false; // not loaded (0A000, 55000) or not allowed: the run goes on without it
            return null;
        }
    }

    /// <summary>The statements that did the most work between <paramref name="before"/> and <paramref name="after"/>,
    /// by buffer accesses.</summary>
    public static IReadOnlyList<StatementWork> Top(StatementCounters before, StatementCounters after, int count) =>
        All(before, after).Take(count).ToList();

    /// <summary>Every statement that ran between the two readings, by buffer accesses.</summary>
    public static IEnumerable<StatementWork> All(StatementCounters before, StatementCounters after) =>
        after._byStatement
            .Select(s => before._byStatement.TryGetValue(s.Key, out var b)
                ? s.Value with { Calls = s.Value.Calls - b.Calls, Rows = s.Value.Rows - b.Rows, Blocks = s.Value.Blocks - b.Blocks, Milliseconds = s.Value.Milliseconds - b.Milliseconds }
                : s.Value)
            .Where(s => s.Calls > 0 && !s.Query.Contains("pg_stat_statements", StringComparison.Ordinal))
            .OrderByDescending(s => s.Blocks).ThenByDescending(s => s.Calls);
}
