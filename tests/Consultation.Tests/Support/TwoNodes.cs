using System.Collections.Concurrent;
using System.Net.Http.Json;
using ConsultationPlatform.Hosting;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.Stakeholders;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ConsultationPlatform.Tests.Support;

/// <summary>
/// Two server nodes in processes of their own on loopback ports, sharing one PostgreSQL database and one Redis
/// (started here), as behind a load balancer. <see cref="First"/> is started first and runs the projections and the
/// live-push subscription (it takes Marten's HotCold locks before the second exists); <see cref="Second"/> waits for
/// them. The in-process app of the base fixture shares the database and Redis with its daemon disabled: the tests use
/// it to set data up in the store, as other tests do.
/// </summary>
public class TwoNodesFixture : AppFixture
{
    private string _database = "";

    public RedisServer Redis { get; private set; } = null!;
    public NodeProcess First { get; private set; } = null!;
    public NodeProcess Second { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings(TestDatabase database) => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Consultation"] = _database,
        ["ConnectionStrings:Redis"] = Redis.ConnectionString,
        ["Database:DaemonMode"] = "Disabled",
    };

    public override async ValueTask InitializeAsync()
    {
        Redis = await RedisServer.Start();
        _database = TestDatabase.Current.CreateDatabase(GetType().Name);
        await base.InitializeAsync(); // the schema, and Round table 3
        First = await NodeProcess.Start("A", NodeSettings("A"));
        // Something for the first node's subscription to process (straight in the store: no request to compile on a
        // loaded machine), so that it holds the subscription before the second starts.
        await this.NewOrganisation("Warm-up", StakeholderGroup.CivilSociety);
        await LiveViewsCaughtUp();
        Second = await NodeProcess.Start("B", NodeSettings("B"));
    }

    private Dictionary<string, string> NodeSettings(string name) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        ["ConnectionStrings:Consultation"] = new NpgsqlConnectionStringBuilder(_database) { ApplicationName = $"consultation-{name}" }.ConnectionString,
        ["ConnectionStrings:Redis"] = Redis.ConnectionString,
        ["Seeds:ImportOnStart"] = "false",
        ["Authentication:AllowActingHeaders"] = "true",
        ["Authentication:CookieSecurePolicy"] = "SameAsRequest",
        ["Logging:Console:FormatterName"] = "simple",
        ["Logging:LogLevel:Default"] = "Warning",
    };

    /// <summary>How far the live views are behind the store.</summary>
    public async Task<LiveViewsLag> Lag()
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        return await LiveViewsLag.Read(connection, "consultation", CancellationToken.None);
    }

    /// <summary>Waits until the live-views subscription (on whichever node runs it) has processed every committed event.</summary>
    public async Task LiveViewsCaughtUp(TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        while ((await Lag()).Events > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The live views are still {(await Lag()).Events} events behind.");
            await Task.Delay(50);
        }
    }

    /// <summary>A client of <paramref name="node"/> signed in as <paramref name="actor"/>, its organisation accredited where the request goes.</summary>
    public HttpClient ClientOf(NodeProcess node, Actor actor)
    {
        // A node's first request compiles its handler code (no pre-generated code in tests): on a starved machine that
        // has taken more than HttpClient's default 100 s.
        var client = new HttpClient(new AccreditingHandler(this, actor) { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = node.BaseAddress,
            Timeout = TimeSpan.FromMinutes(5),
        };
        foreach (var (name, value) in Delegates.HeadersFor(actor)) client.DefaultRequestHeaders.Add(name, value);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        if (Second is not null) await Second.DisposeAsync();
        if (First is not null) await First.DisposeAsync();
        await base.DisposeAsync();
        if (Redis is not null) await Redis.DisposeAsync();
    }
}

/// <summary>
/// A live client that follows a consultation's public stream the way wwwroot/js/live.js does: it joins from the last
/// position it holds, holds live changes back while a join is under way, applies only changes after its position, and
/// joins again when a batch says the stream's change before it is one it never received.
/// It records what it applied (in order), every live batch it received, and how many times it caught up that way.
/// </summary>
public sealed class LiveFollower : IAsyncDisposable
{
    private readonly Guid _consultationId;
    private readonly object _gate = new();
    private readonly List<ChangeMessage> _applied = [];
    private readonly List<long> _livePositions = [];
    private List<ChangeBatch>? _held;
    private readonly SemaphoreSlim _arrived = new(0);
    private HubConnection? _connection;

    public LiveFollower(Guid consultationId) => _consultationId = consultationId;

    public long Position { get; private set; } = -1;
    public Uri? Node { get; private set; }

    public IReadOnlyList<ChangeMessage> Applied
    {
        get { lock (_gate) return _applied.ToList(); }
    }

    /// <summary>Positions of the live pushes received, in order of arrival (join results excluded).</summary>
    public IReadOnlyList<long> LivePositions
    {
        get { lock (_gate) return _livePositions.ToList(); }
    }

    /// <summary>Connects to <paramref name="node"/> (dropping any earlier connection) and joins from the position held.</summary>
    public async Task Connect(Uri node)
    {
        if (_connection is not null) await _connection.DisposeAsync();
        Node = node;
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(node, ConsultationHub.Path), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .AddJsonProtocol(o => ConsultationApp.ConfigureJson(o.PayloadSerializerOptions))
            .Build();
        _connection.On<ChangeBatch>(LiveMessages.Changes, batch =>
        {
            lock (_gate)
            {
                _livePositions.AddRange(batch.Changes.Select(c => c.Position));
                if (_held is not null) _held.Add(batch);
                else if (batch.Previous is { } previous && previous > Position)
                {
                    _held = [batch];
                    GapsCaughtUp++;
                    _ = Task.Run(() => Join(_connection!, holding: false));
                }
                else Deliver(batch.Changes, null);
            }

            _arrived.Release();
        });
        await _connection.StartAsync();
        await Join(_connection, holding: true);
    }

    /// <summary>Times a batch's <see cref="ChangeBatch.Previous"/> showed a change never received, and the follower joined again.</summary>
    public int GapsCaughtUp { get; private set; }

    private async Task Join(HubConnection connection, bool holding)
    {
        long? since;
        lock (_gate)
        {
            if (holding) _held = [];
            since = Position < 0 ? null : Position;
        }

        var result = await connection.InvokeAsync<JoinResult>("JoinConsultation", _consultationId, since);
        Assert.False(result.Reload);
        lock (_gate)
        {
            Deliver(result.Missed, result.Position);
            foreach (var batch in _held!) Deliver(batch.Changes, null);
            _held = null;
        }

        _arrived.Release();
    }

    private void Deliver(IEnumerable<ChangeMessage> changes, long? upTo)
    {
        var fresh = changes.Where(c => c.Position > Position).ToList();
        _applied.AddRange(fresh);
        Position = Math.Max(Position, Math.Max(upTo ?? -1, fresh.Count == 0 ? -1 : fresh.Max(c => c.Position)));
    }

    public async Task WaitFor(Func<IReadOnlyList<ChangeMessage>, bool> condition, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (!condition(Applied))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"{Node}: applied {Applied.Count} changes up to {Position}: {string.Join(", ", Applied.Select(c => c.Type))}");
            await _arrived.WaitAsync(left);
        }
    }

    public Task WaitForPosition(long position, TimeSpan? within = null) => WaitFor(_ => Position >= position, within);

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
    }
}
