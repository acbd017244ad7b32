using ConsultationPlatform.LivePush;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsultationPlatform.Tests.LivePush;

public class LiveViewsSubscriptionTests
{
    [Fact]
    public void takes_one_page_at_a_time_so_that_the_next_page_holds_everything_committed_meanwhile()
    {
        // Marten's default loads a page on every move of the high-water mark and queues them: under a steady stream of
        // writes the pages stay tiny and the queue, the push latency, grows (docs/benchmarks.md).
        var subscription = new LiveViewsSubscription(new LiveDispatcher(null!, new ServiceCollection().BuildServiceProvider(), NullLogger<LiveDispatcher>.Instance,
            new ConfigurationBuilder().Build(), Microsoft.Extensions.Options.Options.Create(new LivePushOptions())));

        Assert.Equal(1, subscription.Options.MaximumHopperSize);
        Assert.True(subscription.Options.BatchSize >= 500);
    }
}
