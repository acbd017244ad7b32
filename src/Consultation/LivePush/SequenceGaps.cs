using Marten;
using Microsoft.Extensions.Configuration;

namespace ConsultationPlatform.LivePush;

/// <summary>
/// How long a hole in the event sequence may hold back the async daemon, and so the live push of everyone.
/// <para>
/// A write that is refused at commit (a concurrency conflict, a unique key, a crash) has already reserved its
/// sequence numbers, so it leaves a permanent gap. Marten's default waits out a 3 s "stale sequence threshold"
/// before it skips such a gap: one refused write stalled every screen for about 3 s (issue 10). Marten 9 no longer
/// needs that wall-clock guess to be safe: before skipping a stale gap it proves that no transaction that could
/// still fill it is alive (pg_locks, pg_stat_activity and the snapshot's in-progress xids, fenced to when the gap
/// was first seen), and holds the mark while one is. So the threshold can be short: a gap left by a rolled-back
/// write is skipped at the next look, while a slow transaction that is still committing is still waited for.
/// </para>
/// Settings (Database section): <c>StaleSequenceThresholdMs</c> (default 100), <c>FastPollingMs</c> (default 100,
/// how soon the daemon looks again while it holds at a gap or is busy) and <c>SlowPollingMs</c> (default 1000, the
/// idle safety-net poll; commits of this process wake it at once).
/// </summary>
public static class SequenceGaps
{
    public static readonly TimeSpan DefaultStaleSequenceThreshold = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan DefaultFastPolling = TimeSpan.FromMilliseconds(100);

    public static void ConfigureSequenceGaps(this StoreOptions opts, IConfiguration configuration)
    {
        var section = configuration.GetSection("Database");
        opts.Projections.StaleSequenceThreshold = Milliseconds(section["StaleSequenceThresholdMs"]) ?? DefaultStaleSequenceThreshold;
        opts.Projections.FastPollingTime = Milliseconds(section["FastPollingMs"]) ?? DefaultFastPolling;
        if (Milliseconds(section["SlowPollingMs"]) is { } slow) opts.Projections.SlowPollingTime = slow;
        // Off unless an operator sets it: skipping a gap a live transaction may still fill can lose a push.
        if (Milliseconds(section["SkipStaleGapsDespiteLiveTransactionsAfterMs"]) is { } despite) opts.Projections.SkipStaleGapsDespiteLiveTransactionsAfter = despite;
    }

    private static TimeSpan? Milliseconds(string? value) => int.TryParse(value, out var ms) && ms > 0 ? TimeSpan.FromMilliseconds(ms) : null;
}
