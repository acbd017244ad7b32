using System.Net.Http.Json;
using System.Text.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Hosting;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.Seeding;
using ConsultationPlatform.Stakeholders;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConsultationPlatform.Tests.Support;

/// <summary>
/// The whole platform on a loopback Kestrel port, on a database of its own, seeded with Round table 3.
/// </summary>
public class AppFixture : IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    private WebApplication? _app;

    public WebApplication App => _app ?? throw new InvalidOperationException("The app has not started.");
    public Uri BaseAddress { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public IDocumentStore Store => App.Services.GetRequiredService<IDocumentStore>();

    /// <summary>Extra settings for a fixture (e.g. no connection string, to exercise the private cluster).</summary>
    protected virtual IDictionary<string, string?> Settings(TestDatabase database) => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Consultation"] = database.CreateDatabase(GetType().Name),
    };

    /// <summary>The hosting environment the app runs in (Development seeds demo accounts; Production refuses acting headers).</summary>
    protected virtual string EnvironmentName => "Testing";

    /// <summary>Services a fixture puts in before the app's own (e.g. a clock it moves itself).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    private string? _connectionString;

    public virtual async ValueTask InitializeAsync()
    {
        var settings = Settings(TestDatabase.Current);
        _connectionString = settings.TryGetValue("ConnectionStrings:Consultation", out var connectionString) ? connectionString : null;
        settings.TryAdd("Database:DaemonMode", "Solo");
        // Wolverine compiles each chain at run time here, as in Development: a fixture may replace services that the
        // generated code would otherwise have built in (GeneratedCodeTests keeps the pre-generated code current).
        settings.TryAdd("Wolverine:TypeLoadMode", "Dynamic");
        settings.TryAdd("Logging:LogLevel:Default", "Warning");
        // The notices' clock (deadline warnings, daily digests) is off: the tests of Notices/ send its messages themselves.
        settings.TryAdd("Notices:WatchEvery", "0");
        settings.TryAdd("Logging:Console:FormatterName", "simple");
        // Tests sign in with the X-Acting-* headers (Delegates.ClientFor) as well as with real accounts over plain HTTP.
        settings.TryAdd("Authentication:AllowActingHeaders", "true");
        settings.TryAdd("Authentication:CookieSecurePolicy", "SameAsRequest");
        // The rate limiter stays on, with the production partitions (Infrastructure/RateLimiting), but the suite sends
        // everything from 127.0.0.1 and drives a few personas as fast as the machine goes (HostileInputTests: over a
        // thousand writes by one account; sign-ins of the same demo accounts by many browser tests): its budgets are
        // raised here, explicitly. RateLimitTests run the production-sized logic with small budgets of their own.
        foreach (var budget in new[] { "Writes", "SignIn", "SignInPerAddress", "Invitations", "AnonymousReads" })
        {
            settings.TryAdd($"RateLimits:{budget}:Burst", "1000000");
            settings.TryAdd($"RateLimits:{budget}:Refill", "1000000");
            settings.TryAdd($"RateLimits:{budget}:PeriodSeconds", "1");
        }
        _app = ConsultationApp.Build(["--urls", "http://127.0.0.1:0", "--environment", EnvironmentName],
            b =>
            {
                b.Configuration.AddInMemoryCollection(settings);
                ConfigureServices(b.Services);
            });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        // The shared anonymous client keeps no cookies: a test that reads a page with ?lang=fr (the language cookie) or
        // signs in must not change what the next test of the collection is answered.
        Http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = BaseAddress };
    }

    public virtual async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        TestDatabase.Current.Release(_connectionString);
    }

    public async Task<ConsultationSummary> RoundTable3()
    {
        var list = await Http.GetFromJsonAsync<List<ConsultationSummary>>("/api/consultations", Json);
        return list!.Single(c => c.Slug == "hld-2013-round-table-3");
    }

    /// <summary>
    /// A consultation of its own for a test: Round table 3's text under a new slug, in the phase the test needs.
    /// </summary>
    public async Task<ConsultationBoard> NewConsultation(ConsultationPhase phase, bool allowsEarlyEndorsement = false)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "seeds", "hld-2013-round-table-3.json");
        var seed = System.Text.Json.JsonSerializer.Deserialize<SeedDocument>(await File.ReadAllTextAsync(path), SeedImporter.Json)!;
        seed = seed with { Slug = "test-" + Guid.NewGuid().ToString("N"), InitialPhase = phase };
        var importer = new SeedImporter(Store, Microsoft.Extensions.Options.Options.Create(new SeedOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SeedImporter>.Instance);
        await importer.Import(seed, "test", CancellationToken.None);
        var id = SeedPlanner.ConsultationIdFor(seed.Slug);
        if (allowsEarlyEndorsement)
        {
            await using var session = Store.LightweightSession();
            session.Events.Append(id, new ConsultationRulesSet(id, InputsPreModerated: true, AllowsEarlyEndorsement: true, Guid.Empty));
            await session.SaveChangesAsync();
        }

        return await Board(id);
    }

    public async Task<ConsultationBoard> Board(Guid consultationId) =>
        (await Http.GetFromJsonAsync<ConsultationBoard>($"/api/consultations/{consultationId}", Json))!;

    /// <summary>A SignalR client over a real WebSocket on the loopback port, anonymous or signed in as <paramref name="actor"/>.</summary>
    public HubConnection HubClient(Actor? actor = null) => new HubConnectionBuilder()
        .WithUrl(new Uri(BaseAddress, ConsultationHub.Path), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
            if (actor is not null)
                foreach (var (name, value) in Delegates.HeadersFor(actor)) o.Headers[name] = value;
        })
        .AddJsonProtocol(o => ConsultationApp.ConfigureJson(o.PayloadSerializerOptions))
        .Build();

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ConsultationApp.ConfigureJson(json);
        return json;
    }
}

/// <summary>The fixture most integration tests share; tests use their own stakeholders so they do not interfere.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "platform";
}
