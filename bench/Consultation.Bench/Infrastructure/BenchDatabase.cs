using ConsultationPlatform.Infrastructure.LocalDatabase;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ConsultationPlatform.Bench.Infrastructure;

/// <summary>
/// The PostgreSQL server of a run: a private cluster in the run's temporary folder (thrown away at the end), or the
/// server named by ConnectionStrings__Consultation (the run creates its databases there and drops them at the end).
/// </summary>
public sealed class BenchDatabase : IDisposable
{
    private readonly LocalPostgresCluster? _cluster;
    private readonly string _serverConnectionString;
    private readonly List<string> _created = [];

    private BenchDatabase(LocalPostgresCluster? cluster, string serverConnectionString, string binDirectory)
    {
        _cluster = cluster;
        _serverConnectionString = serverConnectionString;
        BinDirectory = binDirectory;
    }

    public string BinDirectory { get; }
    public bool IsPrivate => _cluster is not null;

    /// <summary>The postmaster's process id, when the cluster is ours (to measure its CPU time).</summary>
    public int? PostmasterPid
    {
        get
        {
            if (_cluster is null) return null;
            var pidFile = Path.Combine(_cluster.DataDirectory, "postmaster.pid");
            return File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) ? pid : null;
        }
    }

    public string Describe => _cluster is { } c ? $"private cluster on 127.0.0.1:{c.Port} ({c.DataDirectory})" : "ConnectionStrings__Consultation";

    public static BenchDatabase Start(string runFolder)
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Consultation");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var bin = PostgresBinaries.Find(Environment.GetEnvironmentVariable("LocalDatabase__BinDirectory"))
                      ?? throw new InvalidOperationException(PostgresBinaries.MissingMessage + " (pgbench is needed)");
            return new BenchDatabase(null, configured, bin);
        }

        // The cluster runs as the postgres user when we are root: let it through the run's folder.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(runFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var options = new LocalPostgresOptions { DataDirectory = Path.Combine(runFolder, "postgres"), Database = "postgres" };
        var cluster = LocalPostgresCluster.Start(options, NullLogger.Instance);
        // pg_stat_statements, to say which statements do the work of each phase (issue 14): loaded at the server's
        // start only, so set it and start the cluster again (its data folder is kept).
        using (var connection = new NpgsqlConnection(cluster.ConnectionString("postgres")))
        {
            connection.Open();
            using var preload = new NpgsqlCommand("alter system set shared_preload_libraries = 'pg_stat_statements'", connection);
            preload.ExecuteNonQuery();
        }

        NpgsqlConnection.ClearAllPools();
        cluster.Stop();
        cluster = LocalPostgresCluster.Start(options, NullLogger.Instance);
        return new BenchDatabase(cluster, cluster.ConnectionString("postgres"), cluster.BinDirectory);
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public string CreateDatabase(string name)
    {
        using (var connection = Open())
        {
            using var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", connection);
            drop.ExecuteNonQuery();
            using var create = new NpgsqlCommand($"create database \"{name}\"", connection);
            create.ExecuteNonQuery();
        }

        _created.Add(name);
        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = database, MaxPoolSize = 200 }.ConnectionString;

    public NpgsqlConnectionStringBuilder Server => new(_serverConnectionString);

    public string Version()
    {
        using var connection = Open();
        using var command = new NpgsqlCommand("show server_version", connection);
        return command.ExecuteScalar()?.ToString() ?? "?";
    }

    /// <summary>Settings of the server that decide its write ceiling, for the report.</summary>
    public string Settings()
    {
        using var connection = Open();
        var names = new[] { "shared_buffers", "synchronous_commit", "fsync", "wal_level", "max_connections" };
        var values = names.Select(n =>
        {
            using var command = new NpgsqlCommand($"show {n}", connection);
            return $"{n}={command.ExecuteScalar()}";
        });
        return string.Join(", ", values);
    }

    /// <summary>Writes dirty pages out (after pgbench), so the next phase does not pay for the previous one's checkpoint.</summary>
    public void Checkpoint()
    {
        using var connection = Open();
        using var command = new NpgsqlCommand("checkpoint", connection);
        command.CommandTimeout = 300;
        command.ExecuteNonQuery();
    }

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_serverConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>On a configured server, leave the run's databases for inspection (--keep).</summary>
    public bool KeepDatabases { get; set; }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        if (_cluster is not null)
        {
            _cluster.Stop();
            return;
        }

        if (KeepDatabases)
        {
            Console.Error.WriteLine($"Kept the benchmark's databases: {string.Join(", ", _created)}");
            return;
        }

        try
        {
            using var connection = Open();
            foreach (var name in _created)
            {
                using var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", connection);
                drop.ExecuteNonQuery();
            }
        }
        catch (NpgsqlException ex)
        {
            Console.Error.WriteLine($"Could not drop the benchmark's databases: {ex.Message}");
        }
    }
}
