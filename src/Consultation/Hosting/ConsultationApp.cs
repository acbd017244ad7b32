using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Infrastructure.Authentication;
using ConsultationPlatform.Infrastructure.Idempotency;
using ConsultationPlatform.Infrastructure.Input;
using ConsultationPlatform.Infrastructure.RateLimiting;
using ConsultationPlatform.Accounts;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.LiveSessions;
using ConsultationPlatform.Search;
using ConsultationPlatform.Seeding;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Web;
using ConsultationPlatform.Outcome;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Weasel.Core;
using Wolverine.Http.Marten;

namespace ConsultationPlatform.Hosting;

/// <summary>Builds and runs the platform; Program and the tests both start it from here.</summary>
public static class ConsultationApp
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The JSON shape of the API and the hub: camelCase, enums as camelCase strings.</summary>
    public static void ConfigureJson(JsonSerializerOptions json) => Common.JsonConventions.Apply(json);

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        BoundedRead.KeepThreadsForBlockedCancellations(); // a frozen database must not starve the thread pool
        // The app is "Consultation" wherever it is hosted (the tests' entry assembly is another): its pages and static assets are found by that name.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(ConsultationApp).Assembly.GetName().Name });
        configure?.Invoke(builder);

        ConfigureLogging(builder);
        if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]) && string.IsNullOrWhiteSpace(builder.Configuration["http_ports"]))
            builder.WebHost.UseUrls(DefaultUrl);

        using var bootLogging = LoggerFactory.Create(l => l.AddConfiguration(builder.Configuration.GetSection("Logging")).AddSimpleConsole(o => o.SingleLine = true));
        var database = DatabaseSettings.Resolve(builder.Configuration, bootLogging.CreateLogger("ConsultationPlatform.Database"));
        builder.Services.AddSingleton(database);
        builder.AddScaleOut(); // several nodes: Redis backplane, key ring in PostgreSQL, readiness with lag (Hosting/ScaleOut.cs)

        var schema = builder.Configuration["Database:Schema"] ?? "consultation";
        builder.Services.AddMarten(opts =>
            {
                opts.Connection(database.ConnectionString);
                opts.DatabaseSchemaName = schema;
                opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
                opts.Events.StreamIdentity = StreamIdentity.AsGuid;
                // Wake the daemon (and so the live push) the moment events are committed; polling stays as the safety
                // net. In-process by default (one node); "notify" uses PostgreSQL LISTEN/NOTIFY, for several nodes.
                switch (builder.Configuration["Database:Wakeup"] ?? "in-process")
                {
                    case "notify":
                        opts.Events.UseListenNotifyForEventAppends = true;
                        break;
                    case "in-process":
                        var wakeup = new CommitWakeup();
                        opts.Listeners.Add(wakeup);
                        opts.Projections.Wakeup = wakeup;
                        break;
                }

                opts.ConfigureSequenceGaps(builder.Configuration); // a refused write's gap costs ms, not 3 s: LivePush/SequenceGaps.cs
                opts.Projections.Snapshot<Consultation>(SnapshotLifecycle.Inline);
                opts.Projections.Snapshot<ActionPoint>(SnapshotLifecycle.Inline);
                opts.Projections.Snapshot<Endorsement>(SnapshotLifecycle.Inline);
                opts.Projections.Snapshot<Amendment>(SnapshotLifecycle.Inline);
                opts.Schema.For<ActionPoint>().Index(x => x.ConsultationId);
                opts.Schema.For<Endorsement>().Index(x => x.ActionPointId).Index(x => x.ConsultationId);
                opts.Projections.Snapshot<Submission>(SnapshotLifecycle.Inline);
                opts.Schema.For<Submission>().Index(x => x.ConsultationId);
                opts.Schema.For<Amendment>().Index(x => x.ActionPointId).Index(x => x.ConsultationId);
                opts.ConfigureOutcome(builder.Configuration); // the co-chairs' summary: Outcome/OutcomeWiring.cs
                opts.ConfigurePointNumbering(); // a point's number is unique in its consultation: ActionPoints/PointNumbering.cs

                // Who did it, on every event; and the consultations' ordered history (live catch-up, audit).
                opts.Events.MetadataConfig.HeadersEnabled = true;
                opts.Events.MetadataConfig.UserNameEnabled = true;
                opts.Schema.For<ConsultationChange>().Identity(x => x.Id).Index(x => x.ConsultationId).Index(x => x.AudiencePersonId).Index(x => x.ConcernsPersonId);
                opts.ConfigureSearch(schema); // full-text search: Search/SearchWiring.cs
                Replies.VoicesWiring.ConfigureVoices(opts); // the other groups' positions and replies: Positions/, Replies/ (Replies/VoicesWiring.cs)
                Notices.NoticesWiring.ConfigureNotices(opts); // notices: preferences, inbox, digests (Notices/)
            })
            .BuildSessionsWith<IdempotentSessionFactory>() // lightweight sessions, enlisted in an Idempotency-Key's transaction
            .ApplyAllDatabaseChangesOnStartup()
            .AddAsyncDaemon(builder.Configuration.GetValue("Database:DaemonMode", DaemonMode.HotCold))
            .AddSubscriptionWithServices<LiveViewsSubscription>(ServiceLifetime.Singleton)
            .AddSubscriptionWithServices<Notices.NoticesSubscription>(ServiceLifetime.Singleton) // events that matter become notices: Notices/
            .IntegrateWithWolverine(w => w.MessageStorageSchemaName = schema);

        builder.Host.UseWolverine(opts =>
        {
            opts.ApplicationAssembly = typeof(ConsultationApp).Assembly;
            opts.Policies.AutoApplyTransactions();
            // Every act (Common/Acts.cs) is stamped with who did it, whichever edge sent it.
            // One transaction per act: its reads and its append commit together (issue 14; Common/ActTransaction.cs).
            opts.Policies.AddMiddleware(typeof(ActTransaction), chain => chain.MessageType.IsAssignableTo(typeof(IAct)));
            opts.Policies.AddMiddleware(typeof(Stakeholders.ActActorMiddleware), chain => chain.MessageType.IsAssignableTo(typeof(IAct)));
            // One node unless told otherwise: no leader election to wait for.
            opts.Durability.Mode = builder.Configuration.GetValue("Wolverine:DurabilityMode", DurabilityMode.Solo);
        });

        builder.Services.AddWolverineHttp();
        builder.Services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        builder.Services.AddSingleton<LiveDispatcher>();
        Notices.NoticesWiring.AddNotices(builder.Services);
        builder.Services.AddValidatedSettings(); // LivePush and Authentication settings, validated on start: Hosting/SettingsValidation.cs
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSignalR().AddJsonProtocol(o =>
        {
            ConfigureJson(o.PayloadSerializerOptions);
            // Pushed to every screen: what is absent costs nothing.
            o.PayloadSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        builder.Services.AddOpenApi();
        builder.Services.AddProblemDetails();
        builder.Services.AddRequestInputGuard(); // bad input is a 4xx problem on every route: Infrastructure/Input
        builder.Services.AddConsultationRateLimits(builder.Configuration); // 429 + Retry-After over a budget: Infrastructure/RateLimiting
        // Accounts (ASP.NET Core Identity on Marten), the cookie, bearer-token and (tests only) acting-headers schemes
        // behind one policy scheme, organisations, accreditation and mail: Hosting/AccessWiring.cs.
        builder.AddAccountsAndAccess();
        builder.Services.AddAuthorization();
        builder.AddWebFront(); // the pages: Web/WebFront.cs
        builder.Services.AddOutcome(); // Outcome/OutcomeWiring.cs
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        builder.Services.AddExceptionHandler<DatabaseOutageHandler>(); // a database that does not answer: 503 + Retry-After (Hosting/DatabaseOutage.cs)
        builder.Services.AddExceptionHandler<StreamCollisionHandler>(); // two writes starting one stream at once: 409, not 500

        builder.Services.Configure<SeedOptions>(builder.Configuration.GetSection("Seeds"));
        builder.Services.AddHostedService<SeedImporter>();
        builder.Services.AddHostedService<SessionSeedImporter>(); // after the consultations' importer (hosted services start in order): a session seed names a seeded consultation
        builder.Services.AddHostedService<Accounts.ConsultationRoleMigration>(); // after the seeds and demo accounts: platform-wide moderators become moderators of every consultation (Accounts/ConsultationRoles.cs)
        builder.Services.AddLiveSessions(); // live sessions: LiveSessions/LiveSessionsWiring.cs
        builder.Services.AddDeadlines(builder.Configuration); // a phase's scheduled end, a durable message: Consultations/Deadlines/

        var app = builder.Build();
        if (database.LocalCluster is { } cluster)
        {
            // RunAsync stops the private cluster once the app has shut down (Ctrl+C, SIGTERM);
            // this covers every other way out of the process.
            AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebFront();
        app.UseAuthentication();
        app.UseConsultationRateLimits(); // per account for writes, per address for sign-in and anonymous reads
        app.UseAuthorization();
        app.UseRequestInputGuard();
        app.UseMiddleware<IdempotencyMiddleware>();
        app.MapOpenApi();
        app.MapOperations(); // API reference at /api/reference, Prometheus scrape if enabled (Hosting/Operations.cs)
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapHub<ConsultationHub>(ConsultationHub.Path);
        app.MapFanOutBaseline(); // the benchmark's plain-WebSocket yardstick, only when Benchmark:RawWebSocketBaseline is on (LivePush/FanOutBaseline.cs)
        app.MapAccountEndpoints();
        app.MapWebFront();
        app.MapWolverineEndpoints(o =>
        {
            // A relayed act commits in its handler, whose concurrency failure comes back through the relay: 409 there too.
            o.MapMartenConcurrencyFailuresToConflict(chain => Wolverine.Http.Runtime.ConflictMapping.IsTransactional(chain) || ActResults.RelaysAct(chain));
            // A query value that does not parse (?after=abc) is a 400 problem, not silently ignored.
            o.RejectUnparseableQueryValues = true;
            o.RejectUnparseableHeaderValues = true;
            o.AddMiddleware(typeof(Stakeholders.ActorMetadataMiddleware), chain => !chain.HttpMethods.Contains("GET") && !ActResults.RelaysAct(chain));
            o.ConfigureEndpoints(chain =>
            {
                if (chain.Method.Method.GetCustomAttribute<ProblemResponsesAttribute>() is { } problems)
                    foreach (var status in problems.StatusCodes) chain.Metadata.ProducesProblem(status);
            });
        });

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
                app.Logger.LogInformation("Consultation is serving on {Address}", address);
        });
        return app;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var app = Build(args);
        var cluster = app.Services.GetRequiredService<DatabaseSettings>().LocalCluster;
        try
        {
            return await app.RunJasperFxCommands(args);
        }
        finally
        {
            await app.DisposeAsync();
            cluster?.Stop();
        }
    }

    private static void ConfigureLogging(WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        // Structured JSON lines when the output goes to a file or a collector; one readable line a message in a terminal.
        var formatter = builder.Configuration["Logging:Console:FormatterName"]
                        ?? (Console.IsOutputRedirected ? "json" : "simple");
        builder.Logging.AddConsole(o => o.FormatterName = formatter);
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.AddJsonConsole(o => o.TimestampFormat = "O");
    }
}
