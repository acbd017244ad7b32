using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace ConsultationPlatform.LivePush;

/// <summary>
/// The benchmark's yardstick for the live push (issue 14, goal 4): plain WebSocket connections in the same server,
/// and a paced broadcast of one payload either through SignalR (to a stream's group, as the live push sends) or to
/// the plain sockets, as the bytes SignalR itself would write for it (the JSON hub protocol's frame, record separator
/// included). The benchmark compares the server's CPU per delivered message of the two.
/// <para>Mapped only when <see cref="Setting"/> is true and the environment is not Production: nothing here is
/// reachable in a normal run of the platform.</para>
/// <para>Why a broadcast of its own rather than a copy of each live push to the plain sockets: the CPU of one
/// process cannot be split between two fan-outs running at once, and the live push's own work (the subscription,
/// the history, the writes that cause it) would be counted against SignalR alone. A broadcast of the same payload at
/// the same rate, once through each path, puts nothing but the fan-out under the measurement. The payload is a real
/// pushed batch that the benchmark captured, sent as is.</para>
/// </summary>
public static class FanOutBaseline
{
    public const string Setting = "Benchmark:RawWebSocketBaseline";
    public const string RawPath = "/bench/fanout/raw";
    public const string BroadcastPath = "/bench/fanout/broadcast";

    /// <summary>The hub method name the broadcast uses, so that clients tell it from the live push's "changes".</summary>
    public const string Target = "fanout-baseline";

    public static bool Enabled(IConfiguration configuration, IHostEnvironment environment) =>
        configuration.GetValue<bool>(Setting) && !environment.IsProduction();

    /// <summary>Maps the plain-socket endpoint and the broadcast trigger when the setting enables them.</summary>
    public static void MapFanOutBaseline(this WebApplication app)
    {
        if (!Enabled(app.Configuration, app.Environment)) return;
        var sockets = new RawSockets();
        // SignalR runs its WebSockets in a pipeline of its own (UseWebSockets inside its endpoint); so does this.
        var pipeline = ((IEndpointRouteBuilder)app).CreateApplicationBuilder().UseWebSockets();
        pipeline.Run(sockets.Accept);
        app.Map(RawPath, pipeline.Build());
        app.MapPost(BroadcastPath, async (HttpContext context, string via, string group, int count, double rate,
            [FromServices] IHubContext<ConsultationHub> hub, [FromServices] IEnumerable<IHubProtocol> protocols) =>
        {
            var payload = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var argument = payload.RootElement.Clone();
            var json = protocols.First(p => p.Name == "json");
            var bytes = json.GetMessageBytes(new InvocationMessage(Target, [argument]));
            var clock = Stopwatch.StartNew();
            var recipients = via == "raw" ? sockets.Count : -1;
            for (var i = 0; i < count; i++)
            {
                var due = TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
                if (due > TimeSpan.Zero) await Task.Delay(due, context.RequestAborted);
                if (via == "raw") await sockets.Broadcast(bytes);
                else await hub.Clients.Group(group).SendAsync(Target, argument, context.RequestAborted);
            }

            return Results.Ok(new { sent = count, bytes = bytes.Length, recipients, seconds = clock.Elapsed.TotalSeconds });
        });
    }

    /// <summary>The open plain sockets, and a bare loop of <see cref="WebSocket.SendAsync(ReadOnlyMemory{byte}, WebSocketMessageType, bool, CancellationToken)"/> over them.</summary>
    private sealed class RawSockets
    {
        private readonly ConcurrentDictionary<WebSocket, byte> _open = new();

        public int Count => _open.Count;

        public async Task Accept(HttpContext context)
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            _open[socket] = 0;
            try
            {
                // Nothing is expected from the client but its close.
                var buffer = new byte[256];
                while (socket.State == WebSocketState.Open)
                {
                    var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                    if (received.MessageType == WebSocketMessageType.Close) break;
                }

                if (socket.State == WebSocketState.CloseReceived)
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The client went away.
            }
            finally
            {
                _open.TryRemove(socket, out _);
            }
        }

        /// <summary>The same bytes to every socket: the sends that do not complete at once are awaited together.</summary>
        public async Task Broadcast(ReadOnlyMemory<byte> bytes)
        {
            List<Task>? pending = null;
            foreach (var socket in _open.Keys)
            {
                try
                {
                    var send = socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                    if (!send.IsCompletedSuccessfully) (pending ??= []).Add(send.AsTask());
                }
                catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
                {
                    // Closing meanwhile.
                }
            }

            if (pending is not null)
            {
                try
                {
                    await Task.WhenAll(pending);
                }
                catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
                {
                    // A socket closed meanwhile.
                }
            }
        }
    }
}
