using Npgsql;

namespace ConsultationPlatform.Bench.Setup;

/// <summary>Cumulative work of the application's database, as PostgreSQL counts it.</summary>
public sealed record DatabaseWork(long Commits, long RowsRead, long RowsWritten, long Blocks)
{
    public static DatabaseWork operator -(DatabaseWork b, DatabaseWork a) =>
        new(b.Commits - a.Commits, b.RowsRead - a.RowsRead, b.RowsWritten - a.RowsWritten, b.Blocks - a.Blocks);
}

/// <summary>Reads of one table, cumulative (pg_stat_user_tables).</summary>
public sealed record TableReads(string Table, long SeqScans, long SeqRows, long IndexScans, long IndexRows)
{
    public long Rows => SeqRows + IndexRows;

    public static IReadOnlyList<TableReads> Top(Dictionary<string, TableReads> before, Dictionary<string, TableReads> after, int count) =>
        after.Values
            .Select(a => before.TryGetValue(a.Table, out var b)
                ? a with { SeqScans = a.SeqScans - b.SeqScans, SeqRows = a.SeqRows - b.SeqRows, IndexScans = a.IndexScans - b.IndexScans, IndexRows = a.IndexRows - b.IndexRows }
                : a)
            .Where(t => t.Rows > 0 || t.SeqScans > 0)
            .OrderByDescending(t => t.Rows)
            .Take(count)
            .ToList();
}

/// <summary>
/// Reads the store's own record, the ground truth the clients are compared with: the last event's position, how
/// far the live-push subscription has got, and the consultations' public history (ConsultationChange documents).
/// </summary>
public sealed class StoreProbe(string connectionString, string schema) : IAsyncDisposable
{
    private readonly NpgsqlDataSource _data = NpgsqlDataSource.Create(connectionString);

    public async Task<long> LastEvent(CancellationToken ct) =>
        await Scalar<long>($"select coalesce(max(seq_id), 0) from {schema}.mt_events", ct);

    public async Task<long> EventCount(CancellationToken ct) =>
        await Scalar<long>($"select count(*) from {schema}.mt_events", ct);

    /// <summary>The position the live-push subscription (LiveViews) has processed and committed.</summary>
    public async Task<long> LiveViewsProgress(CancellationToken ct) =>
        await Scalar<long>($"select coalesce(max(last_seq_id), 0) from {schema}.mt_event_progression where name like 'LiveViews%'", ct);

    /// <summary>Waits until the subscription has processed every event up to <paramref name="position"/>.</summary>
    public async Task<bool> WaitForLiveViews(long position, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await LiveViewsProgress(ct) >= position) return true;
            await Task.Delay(100, ct);
        }

        return false;
    }

    /// <summary>The positions of the consultation's public changes after <paramref name="after"/>, in order.</summary>
    public async Task<long[]> PublicPositions(Guid consultationId, long after, CancellationToken ct)
    {
        await using var command = _data.CreateCommand(
            $"select id from {schema}.mt_doc_consultationchange " +
            "where data ->> 'consultationId' = $1 and lower(data ->> 'audience') = 'public' and id > $2 order by id");
        command.Parameters.AddWithValue(consultationId.ToString());
        command.Parameters.AddWithValue(after);
        var positions = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) positions.Add(reader.GetInt64(0));
        return positions.ToArray();
    }

    /// <summary>How many changes of an action point the history holds after <paramref name="after"/>.</summary>
    public async Task<long> ChangesOfPoint(Guid actionPointId, long after, CancellationToken ct)
    {
        await using var command = _data.CreateCommand(
            $"select count(*) from {schema}.mt_doc_consultationchange where data ->> 'actionPointId' = $1 and id > $2");
        command.Parameters.AddWithValue(actionPointId.ToString());
        command.Parameters.AddWithValue(after);
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// How long after each event's timestamp the live-push subscription wrote it to the history (the document's
    /// mt_last_modified is the subscription's transaction time): the part of the push latency spent before the push.
    /// p50, p99 and max in milliseconds, over the public changes of the consultations from <paramref name="fromUtc"/>
    /// to <paramref name="toUtc"/>.
    /// </summary>
    public async Task<(double P50, double P99, double Max, long Count)> HistoryLag(IReadOnlyList<Guid> consultations, DateTimeOffset fromUtc,
        DateTimeOffset toUtc, CancellationToken ct)
    {
        await using var command = _data.CreateCommand(
            "select percentile_cont(0.5) within group (order by lag), percentile_cont(0.99) within group (order by lag), max(lag), count(*) " +
            "from (select extract(epoch from (mt_last_modified - (data ->> 'at')::timestamptz)) * 1000 as lag " +
            $"      from {schema}.mt_doc_consultationchange " +
            "      where data ->> 'consultationId' = any($1) and (data ->> 'at')::timestamptz >= $2 and (data ->> 'at')::timestamptz < $3) lags");
        command.Parameters.AddWithValue(consultations.Select(c => c.ToString()).ToArray());
        command.Parameters.AddWithValue(fromUtc.UtcDateTime);
        command.Parameters.AddWithValue(toUtc.UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        double Read(int i) => reader.IsDBNull(i) ? double.NaN : Convert.ToDouble(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
        return (Read(0), Read(1), Read(2), reader.GetInt64(3));
    }

    /// <summary>The database's own counters (pg_stat_database): commits, rows read, rows written. Flushed by the backends about once a second.</summary>
    public async Task<DatabaseWork> Work(CancellationToken ct)
    {
        await using var command = _data.CreateCommand(
            "select xact_commit, tup_returned + tup_fetched, tup_inserted + tup_updated + tup_deleted, blks_hit + blks_read " +
            "from pg_stat_database where datname = current_database()");
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new DatabaseWork(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    /// <summary>
    /// Rows read per table by sequential scans (pg_stat_user_tables) and index entries read per index
    /// (pg_stat_user_indexes), to say which table or index reads the rows that pg_stat_database counts. Flushed by the backends about once a second.
    /// </summary>
    public async Task<Dictionary<string, TableReads>> TableReads(CancellationToken ct)
    {
        await using var command = _data.CreateCommand(
            "select relname, coalesce(seq_scan, 0), coalesce(seq_tup_read, 0), 0::bigint, 0::bigint from pg_stat_user_tables " +
            "union all select relname || ' ' || indexrelname, 0::bigint, 0::bigint, coalesce(idx_scan, 0), coalesce(idx_tup_read, 0) " +
            "from pg_stat_user_indexes");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var tables = new Dictionary<string, TableReads>();
        while (await reader.ReadAsync(ct))
            tables[reader.GetString(0)] = new TableReads(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        return tables;
    }

    /// <summary>pg_stat_statements of the store's database now, or null when the server does not load it.</summary>
    public Task<StatementCounters?> Statements(CancellationToken ct) => StatementCounters.Read(_data, ct);

    private async Task<T> Scalar<T>(string sql, CancellationToken ct)
    {
        await using var command = _data.CreateCommand(sql);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync(ct))!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync() => await _data.DisposeAsync();
}
