using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.SignalR;

namespace ConsultationPlatform.Hosting;

/// <summary>
/// The platform's own metrics (meter <c>Consultation</c>), recorded whether or not anything exports them (a meter
/// nobody listens to costs a branch per call):
/// <list type="bullet">
/// <item><c>consultation.live.pushes</c> (counter, per stream kind): batches of changes sent to a stream's group.</item>
/// <item><c>consultation.live.push_lag</c> (histogram, ms): from the commit of a batch's newest event to its send.</item>
/// <item><c>consultation.live.connections</c> (up-down counter): live connections held by this node.</item>
/// <item><c>consultation.live_views.lag_events</c>, <c>consultation.live_views.lag_seconds</c> (gauges): how far the
/// live-views subscription is behind the store, as last read by the readiness check.</item>
/// </list>
/// </summary>
public static class PlatformMetrics
{
    public const string MeterName = "Consultation";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Pushes = Meter.CreateCounter<long>("consultation.live.pushes", "{batch}", "Batches of changes sent to a live stream");
    private static readonly Histogram<double> PushLag = Meter.CreateHistogram<double>("consultation.live.push_lag", "ms", "From the commit of a batch's newest event to its send");
    private static readonly UpDownCounter<long> Connections = Meter.CreateUpDownCounter<long>("consultation.live.connections", "{connection}", "Live connections held by this node");
    private static LiveViewsLag? _lastLag;

    static PlatformMetrics()
    {
        Meter.CreateObservableGauge("consultation.live_views.lag_events", () => _lastLag?.Events ?? 0, "{event}", "Events the live views have not processed yet");
        Meter.CreateObservableGauge("consultation.live_views.lag_seconds", () => _lastLag?.Seconds ?? 0, "s", "Age of the oldest event the live views have not processed yet");
    }

    public static void RecordLiveViewsLag(LiveViewsLag lag) => _lastLag = lag;

    public static void PushSent(LivePush.LiveStream stream, DateTimeOffset newestEventAt)
    {
        if (!Pushes.Enabled && !PushLag.Enabled) return;
        var kind = stream.KindName;
        Pushes.Add(1, new KeyValuePair<string, object?>("stream", kind));
        PushLag.Record((DateTimeOffset.UtcNow - newestEventAt).TotalMilliseconds, new KeyValuePair<string, object?>("stream", kind));
    }

    /// <summary>Counts the connections of this node (a hub filter: the hub itself is untouched).</summary>
    public sealed class ConnectionCounter : IHubFilter
    {
        public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
        {
            await next(context);
            Connections.Add(1);
        }

        public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
        {
            Connections.Add(-1);
            await next(context, exception);
        }
    }
}
