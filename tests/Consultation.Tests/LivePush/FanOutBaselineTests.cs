using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace ConsultationPlatform.Tests.LivePush;

/// <summary>The platform with the benchmark's plain-WebSocket yardstick on (LivePush/FanOutBaseline.cs).</summary>
public sealed class BaselineApp : AppFixture
{
    protected override IDictionary<string, string?> Settings(TestDatabase database)
    {
        var settings = base.Settings(database);
        settings[FanOutBaseline.Setting] = "true";
        return settings;
    }
}

/// <summary>Without the setting (every normal run), the yardstick's endpoints do not exist.</summary>
public class FanOutBaselineOffTests(AppFixture app) : IClassFixture<AppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task without_the_setting_the_baseline_endpoints_are_not_mapped_and_answer_404()
    {
        var routes = app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/')).ToList();
        Assert.DoesNotContain(FanOutBaseline.RawPath, routes);
        Assert.DoesNotContain(FanOutBaseline.BroadcastPath, routes);

        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync(FanOutBaseline.RawPath, Ct)).StatusCode);
        var broadcast = await app.Http.PostAsync($"{FanOutBaseline.BroadcastPath}?via=raw&group=x&count=1&rate=1",
            new StringContent("{}", Encoding.UTF8, "application/json"), Ct);
        // No such endpoint: 404, or 405 where a page's catch-all GET route matches the path.
        Assert.Contains(broadcast.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });

        using var socket = new ClientWebSocket();
        var uri = new UriBuilder(new Uri(app.BaseAddress, FanOutBaseline.RawPath)) { Scheme = "ws" }.Uri;
        await Assert.ThrowsAnyAsync<WebSocketException>(() => socket.ConnectAsync(uri, Ct));
    }

    [Fact]
    public void the_setting_is_ignored_in_production()
    {
        var on = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [FanOutBaseline.Setting] = "true" }).Build();
        var off = new ConfigurationBuilder().Build();
        Assert.False(FanOutBaseline.Enabled(on, new HostingEnvironment { EnvironmentName = Environments.Production }));
        Assert.True(FanOutBaseline.Enabled(on, new HostingEnvironment { EnvironmentName = "Benchmark" }));
        Assert.False(FanOutBaseline.Enabled(off, new HostingEnvironment { EnvironmentName = "Benchmark" }));
    }
}

/// <summary>With the setting: the same payload through SignalR to a stream's group, and as SignalR's own bytes to plain sockets.</summary>
public class FanOutBaselineTests(BaselineApp app) : IClassFixture<BaselineApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task the_plain_sockets_receive_the_bytes_signalr_sends_to_the_group()
    {
        var consultation = await app.RoundTable3();
        const string payload = """{"stream":"s","changes":[{"position":7,"type":"endorsement_given"}],"boardEntries":[]}""";

        var viaHub = new List<JsonElement>();
        await using var client = app.HubClient();
        client.On<JsonElement>(FanOutBaseline.Target, p => { lock (viaHub) viaHub.Add(p); });
        await client.StartAsync(Ct);
        await client.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinConsultation), consultation.Id, null, Ct);

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(new Uri(app.BaseAddress, FanOutBaseline.RawPath)) { Scheme = "ws" }.Uri, Ct);
        // The socket counts as a recipient once the server has accepted it.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await Broadcast("raw", 0)).GetProperty("recipients").GetInt32() < 1 && DateTime.UtcNow < deadline) await Task.Delay(50, Ct);

        await Broadcast("signalr", 2);
        await Broadcast("raw", 2);

        var buffer = new byte[4096];
        for (var i = 0; i < 2; i++)
        {
            var received = await socket.ReceiveAsync(buffer, Ct);
            Assert.True(received.EndOfMessage);
            var text = Encoding.UTF8.GetString(buffer, 0, received.Count);
            Assert.Equal($$"""{"type":1,"target":"{{FanOutBaseline.Target}}","arguments":[{{payload}}]}""" + "\u001e", text);
        }

        deadline = DateTime.UtcNow.AddSeconds(10);
        while (viaHub.Count < 2 && DateTime.UtcNow < deadline) await Task.Delay(20, Ct);
        lock (viaHub)
        {
            Assert.Equal(2, viaHub.Count);
            Assert.All(viaHub, p => Assert.Equal(payload, p.GetRawText()));
        }

        async Task<JsonElement> Broadcast(string via, int count)
        {
            var response = await app.Http.PostAsync(
                $"{FanOutBaseline.BroadcastPath}?via={via}&group={Uri.EscapeDataString(LiveStream.Public(consultation.Id).ToString())}&count={count}&rate=100",
                new StringContent(payload, Encoding.UTF8, "application/json"), Ct);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        }
    }
}
