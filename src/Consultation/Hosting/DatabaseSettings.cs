using System.Data.Common;
using ConsultationPlatform.Infrastructure.LocalDatabase;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ConsultationPlatform.Hosting;

/// <summary>
/// Where the platform's database is: the configured server (ConnectionStrings:Consultation), or else a private
/// PostgreSQL cluster that the platform starts for itself in LocalDatabase:DataDirectory (default .data/postgres).
/// </summary>
public sealed class DatabaseSettings
{
    public const string ConnectionStringName = "Consultation";

    private DatabaseSettings(string connectionString, LocalPostgresCluster? cluster)
    {
        ConnectionString = Tuned(connectionString);
        LocalCluster = cluster;
    }

    public string ConnectionString { get; }

    /// <summary>The private cluster this process started, or null when it uses a configured server.</summary>
    public LocalPostgresCluster? LocalCluster { get; }

    public static DatabaseSettings Resolve(IConfiguration configuration, ILogger logger)
    {
        var configured = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured)) return new DatabaseSettings(configured, null);

        var settings = LocalDatabaseOptions.From(configuration);
        var options = new LocalPostgresOptions
        {
            DataDirectory = settings.DataDirectory ?? Path.Combine(RepositoryRoot() ?? Directory.GetCurrentDirectory(), ".data", "postgres"),
            Database = settings.Database,
            Port = settings.Port,
            BinDirectory = settings.BinDirectory,
        };
        var cluster = LocalPostgresCluster.Start(options, logger);
        return new DatabaseSettings(cluster.ConnectionString(options.Database), cluster);
    }

    /// <summary>
    /// The platform's defaults for its connections, where the connection string does not say otherwise:
    /// <list type="bullet">
    /// <item>No reset on close: a pooled connection is handed back without <c>DISCARD ALL</c> (the platform sets no
    /// session state), which also keeps its prepared statements.</item>
    /// <item>Automatic preparation of the statements used most (appends, loads by id, the live views' reads): PostgreSQL
    /// parses and plans each of them once per connection instead of on every call.</item>
    /// <item>Bounded waits (issue 10): <see cref="ConnectTimeoutSeconds"/> to open a connection or get one from the pool,
    /// <see cref="CommandTimeoutSeconds"/> for a command. A database that stalls makes a request fail with 503 and
    /// Retry-After (<see cref="DatabaseOutageHandler"/>) after that long, instead of hanging it and every request behind it.</item>
    /// </list>
    /// Measured in docs/benchmarks.md ("What moved the figures").
    /// </summary>
    public const int ConnectTimeoutSeconds = 15; // 5 s was measured too tight on a loaded 2-core machine (backends fork slowly)
    public const int CommandTimeoutSeconds = 20;

    public static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Given(string key) => given.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", ""), key.Replace(" ", ""), StringComparison.OrdinalIgnoreCase));
        if (!Given("No Reset On Close")) builder.NoResetOnClose = true;
        if (!Given("Max Auto Prepare")) builder.MaxAutoPrepare = 64;
        if (!Given("Auto Prepare Min Usages")) builder.AutoPrepareMinUsages = 3;
        if (!Given("Timeout")) builder.Timeout = ConnectTimeoutSeconds;
        if (!Given("Command Timeout")) builder.CommandTimeout = CommandTimeoutSeconds;
        return builder.ConnectionString;
    }

    /// <summary>The folder holding Consultation.sln, looked for from the working directory and from the app's folder.</summary>
    public static string? RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Consultation.sln"))) return dir.FullName;
            }
        }

        return null;
    }
}
