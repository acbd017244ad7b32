using Microsoft.Extensions.Configuration;

namespace ConsultationPlatform.LivePush;

/// <summary>
/// How long a hole in the event sequence may hold back the async daemon, and so the live push of everyone (issue 10,
/// defect 2).
/// <para>
/// A write that dies after it reserved its sequence number (a crash, a commit refused by the unique stream-version
/// key when two requests raced past the version check) leaves a permanent hole. Marten's defaults wait out a 3 s
/// "stale sequence threshold", then poll at 1 s when the mark does not move: measured in
/// <c>tests/.../LivePush/SequenceGapPushTests</c>, an unrelated endorsement behind such a hole reached screens after
/// 3.5-4.1 s (50-100 ms without the hole).
/// </para>
/// <para>
/// Why a short threshold is safe: Marten 9 no longer skips a stale hole on the clock alone
/// (<c>UseTransactionEvidenceForGapSkipping</c>, on by default). Before it skips, it proves that no transaction that
/// could still fill the hole is alive (pg_locks on mt_events, open transactions from before the hole was first seen,
/// the snapshot's in-progress xids), and holds the mark while one is. So the threshold only says how soon that proof
/// is attempted; a slow append in flight is waited for, whatever the threshold. The escape hatch
/// <c>SkipStaleGapsDespiteLiveTransactionsAfter</c> (skip even then, trading a possibly lost push for progress) stays
/// off unless an operator sets it.
/// </para>
/// <para>
/// The cost: when nothing happens, the high-water agent polls every <see cref="DefaultSlowPolling"/> instead of
/// every second — one small statistics query, on the one node that runs the daemon.
/// </para>
/// Settings (<c>Database</c> section, milliseconds): <c>StaleSequenceThresholdMs</c>, <c>FastPollingMs</c>,
/// <c>SlowPollingMs</c>, <c>SkipStaleGapsDespiteLiveTransactionsAfterMs</c>.
/// </summary>
public static class SequenceGaps
{
    public static readonly TimeSpan DefaultStaleSequenceThreshold = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan DefaultFastPolling = TimeSpan.FromMilliseconds(50);
    public static readonly TimeSpan DefaultSlowPolling = TimeSpan.FromMilliseconds(100);

    public static void ConfigureSequenceGaps(this StoreOptions opts, IConfiguration configuration)
    {
        var section = configuration.GetSection("Database");
        opts.Projections.UseTransactionEvidenceForGapSkipping = true; // what makes the short threshold safe (above)
        opts.Projections.StaleSequenceThreshold = Milliseconds(section["StaleSequenceThresholdMs"]) ?? DefaultStaleSequenceThreshold;
        opts.Projections.FastPollingTime = Milliseconds(section["FastPollingMs"]) ?? DefaultFastPolling;
        opts.Projections.SlowPollingTime = Milliseconds(section["SlowPollingMs"]) ?? DefaultSlowPolling;
        if (Milliseconds(section["SkipStaleGapsDespiteLiveTransactionsAfterMs"]) is { } despite) opts.Projections.SkipStaleGapsDespiteLiveTransactionsAfter = despite;
    }

    private static TimeSpan? Milliseconds(string? value) => int.TryParse(value, out var ms) && ms > 0 ? TimeSpan.FromMilliseconds(ms) : null;
}
