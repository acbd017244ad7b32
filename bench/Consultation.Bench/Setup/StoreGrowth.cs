using Npgsql;

namespace ConsultationPlatform.Bench.Setup;

/// <summary>
/// Grows the event store to about N events before a run (issue 14: the work per endorsement must stay flat from 10^4
/// to 10^6 events), by SQL, with the server stopped: the streams already in the store (the seeds' consultations,
/// points, accreditations) are copied, each copy with new stream ids and event ids, new positions from the store's
/// own sequence, and its own <c>mt_streams</c> row, until the table holds N events. Then the async daemon's marks
/// (every projection's and subscription's progression, and the high-water mark) are moved past them, as if the daemon
/// had processed them, and the tables are vacuumed and analysed, as autovacuum would have done in a store grown over months.
/// What is not grown: the documents (the copies have no snapshots, history rows or search entries). The copies
/// are never read by the app (no document points to them), so what they measure is the cost of the event table's
/// size itself: the high-water and gap detection, the daemon's page reads, the appends' index maintenance.
/// </summary>
public static class StoreGrowth
{
    public static async Task<long> Grow(string connectionString, string schema, long target, CancellationToken ct)
    {
        await using var data = NpgsqlDataSource.Create(connectionString);
        await using var connection = await data.OpenConnectionAsync(ct);

        async Task<long> Scalar(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }

        async Task Execute(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync(ct);
        }

        async Task<string[]> Columns(string table, params string[] except)
        {
            await using var command = new NpgsqlCommand(
                "select column_name from information_schema.columns where table_schema = $1 and table_name = $2 " +
                "and is_generated = 'NEVER' order by ordinal_position", connection);
            command.Parameters.AddWithValue(schema);
            command.Parameters.AddWithValue(table);
            var names = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) names.Add(reader.GetString(0));
            return names.Where(n => !except.Contains(n)).ToArray();
        }

        var source = await Scalar($"select count(*) from {schema}.mt_events");
        var sourceLast = await Scalar($"select coalesce(max(seq_id), 0) from {schema}.mt_events");
        if (source == 0) throw new InvalidOperationException("The store holds no events to copy.");
        var rounds = (target - source + source - 1) / source;
        if (rounds <= 0) return source;

        var eventColumns = await Columns("mt_events", "seq_id", "id", "stream_id");
        var streamColumns = await Columns("mt_streams", "id");
        string List(IEnumerable<string> names, string prefix = "") => string.Join(", ", names.Select(n => prefix + "\"" + n + "\""));

        // Rounds in batches of about 100,000 events, each its own transaction.
        var perBatch = Math.Max(1, 100_000 / source);
        for (long from = 1; from <= rounds; from += perBatch)
        {
            var to = Math.Min(rounds, from + perBatch - 1);
            await Execute($"""
                begin;
                create temporary table grow_events on commit drop as
                  select e.*, k from {schema}.mt_events e cross join generate_series({from}, {to}) k
                  where e.seq_id <= {sourceLast} and e.stream_id in (select id from {schema}.mt_streams);
                insert into {schema}.mt_streams (id, {List(streamColumns)})
                  select md5(s.id::text || ':' || g.k)::uuid, {List(streamColumns, "s.")}
                  from {schema}.mt_streams s join (select distinct stream_id, k from grow_events) g on g.stream_id = s.id;
                insert into {schema}.mt_events (seq_id, id, stream_id, {List(eventColumns)})
                  select nextval('{schema}.mt_events_sequence'), gen_random_uuid(), md5(stream_id::text || ':' || k)::uuid, {List(eventColumns)}
                  from grow_events order by k, seq_id;
                commit;
                """);
            var now = await Scalar($"select count(*) from {schema}.mt_events");
            Console.WriteLine($"    {now:N0} events");
            if (now >= target) break;
        }

        // The daemon's marks past the copies, as if it had processed them (the server is stopped).
        await Execute($"""
            update {schema}.mt_event_progression set last_seq_id = (select max(seq_id) from {schema}.mt_events), last_updated = now();
            insert into {schema}.mt_event_progression (name, last_seq_id, last_updated)
              select 'HighWaterMark', (select max(seq_id) from {schema}.mt_events), now()
              where not exists (select 1 from {schema}.mt_event_progression where name = 'HighWaterMark');
            """);
        // Vacuumed and analysed, as autovacuum would have left a store grown over months (VACUUM cannot run in a
        // transaction block: one command each).
        await Execute($"vacuum (analyze) {schema}.mt_events");
        await Execute($"vacuum (analyze) {schema}.mt_streams");
        return await Scalar($"select count(*) from {schema}.mt_events");
    }
}
