using ConsultationPlatform.Tests.Support;
using Marten;

namespace ConsultationPlatform.Tests.Outcome;

/// <summary>Waits for the consultations' history (written by the LiveViews subscription) to hold every committed event.</summary>
public static class HistoryWaits
{
    public static async Task HistoryCaughtUp(this AppFixture app, CancellationToken ct = default)
    {
        var statistics = await app.Store.Advanced.FetchEventStoreStatistics(token: ct);
        var target = statistics.EventSequenceNumber;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var progress = await app.Store.Advanced.AllProjectionProgress(token: ct);
            if (progress.Any(p => p.ShardName.StartsWith("LiveViews", StringComparison.Ordinal) && p.Sequence >= target)) return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The history never reached position {target}: " + string.Join(", ", progress.Select(p => $"{p.ShardName}={p.Sequence}")));
            await Task.Delay(20, ct);
        }
    }

    /// <summary>The store's latest position (the global sequence of its last event).</summary>
    public static async Task<long> LatestPosition(this AppFixture app, CancellationToken ct = default) =>
        (await app.Store.Advanced.FetchEventStoreStatistics(token: ct)).EventSequenceNumber;
}
