namespace ConsultationPlatform.Bench.Live;

/// <summary>
/// Latencies recorded from many threads without locks: 10 µs buckets up to 100 ms, 1 ms buckets up to 2 minutes
/// (beyond that, the last bucket), the exact maximum and the sum.
/// </summary>
public sealed class LatencyHistogram
{
    private const long FineLimitUs = 100_000;
    private const long FineStepUs = 10;
    private const long CoarseStepUs = 1_000;
    private const long LimitUs = 120_000_000;
    private static readonly int FineBuckets = (int)(FineLimitUs / FineStepUs);
    private static readonly int Buckets = FineBuckets + (int)((LimitUs - FineLimitUs) / CoarseStepUs) + 1;

    private readonly long[] _counts = new long[Buckets];
    private long _count;
    private long _sumUs;
    private long _maxUs;

    public long Count => Interlocked.Read(ref _count);

    public void Record(TimeSpan latency) => RecordMicroseconds(latency.Ticks / 10);

    public void RecordMicroseconds(long us)
    {
        if (us < 0) us = 0;
        Interlocked.Increment(ref _counts[Bucket(us)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sumUs, us);
        var max = Interlocked.Read(ref _maxUs);
        while (us > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxUs, us, max);
            if (seen == max) break;
            max = seen;
        }
    }

    private static int Bucket(long us) =>
        us < FineLimitUs ? (int)(us / FineStepUs) : Math.Min(Buckets - 1, FineBuckets + (int)((us - FineLimitUs) / CoarseStepUs));

    private static double UpperMs(int bucket) =>
        bucket < FineBuckets ? (bucket + 1) * FineStepUs / 1000.0 : (FineLimitUs + (bucket - FineBuckets + 1) * CoarseStepUs) / 1000.0;

    /// <summary>The latency (ms) under which <paramref name="quantile"/> of the samples fall (the bucket's upper edge).</summary>
    public double PercentileMs(double quantile)
    {
        var total = Count;
        if (total == 0) return double.NaN;
        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank) return Math.Min(UpperMs(i), MaxMs);
        }

        return MaxMs;
    }

    public double MaxMs => Interlocked.Read(ref _maxUs) / 1000.0;
    public double MeanMs => Count == 0 ? double.NaN : Interlocked.Read(ref _sumUs) / 1000.0 / Count;

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++) _counts[i] += other._counts[i];
        _count += other._count;
        _sumUs += other._sumUs;
        _maxUs = Math.Max(_maxUs, other._maxUs);
    }

    public string Summary() => Count == 0
        ? "no samples"
        : $"p50 {PercentileMs(0.50):F1} ms, p99 {PercentileMs(0.99):F1} ms, max {MaxMs:F1} ms ({Count:N0} samples)";
}
