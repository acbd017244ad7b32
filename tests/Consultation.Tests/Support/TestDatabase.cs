using ConsultationPlatform.Infrastructure.LocalDatabase;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

[assembly: AssemblyFixture(typeof(ConsultationPlatform.Tests.Support.TestDatabase))]

namespace ConsultationPlatform.Tests.Support;

/// <summary>
/// One PostgreSQL server for the whole test run: a throwaway cluster in a temporary folder, or the server named by
/// ConnectionStrings__Consultation. Each fixture gets a database of its own, dropped (or thrown away with the
/// cluster) at the end, also when tests fail.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    private static TestDatabase? _current;
    private readonly List<string> _databases = [];
    private LocalPostgresCluster? _cluster;
    private string? _temporaryFolder;
    private string _serverConnectionString = "";

    public static TestDatabase Current => _current ?? throw new InvalidOperationException("The test database has not started.");

    public string? BinDirectory => _cluster?.BinDirectory;

    public ValueTask InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Consultation");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            _serverConnectionString = configured;
        }
        else
        {
            _temporaryFolder = TestFolder.Create("consultation-tests-");
            _cluster = LocalPostgresCluster.Start(
                // Many fixtures run side by side, each with its own pool (and node processes of their own): more room
                // than PostgreSQL's default 100, which one loaded CI run exhausted ("53300: too many clients").
                new LocalPostgresOptions { DataDirectory = Path.Combine(_temporaryFolder, "postgres"), Database = "postgres", MaxConnections = 400 },
                NullLogger.Instance);
            _serverConnectionString = _cluster.ConnectionString("postgres");
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Cleanup();
        }

        _current = this;
        return ValueTask.CompletedTask;
    }

    /// <summary>Creates an empty database for one fixture and returns its connection string.</summary>
    public string CreateDatabase(string purpose)
    {
        var name = $"test_{purpose.ToLowerInvariant()}_{Guid.NewGuid():N}"[..40];
        using (var connection = new NpgsqlConnection(_serverConnectionString))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"create database \"{name}\"", connection);
            create.ExecuteNonQuery();
        }

        lock (_databases) _databases.Add(name);
        return new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = name, MaxPoolSize = 200 }.ConnectionString;
    }

    /// <summary>
    /// Drops a fixture's database when the fixture is done with it (with force: connections still idle in a pool are
    /// ended), so finished fixtures hold no server connections while the rest of the run goes on. Databases this run
    /// did not create are left alone.
    /// </summary>
    public void Release(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString)) return;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var name = builder.Database;
        lock (_databases)
            if (name is null || !_databases.Remove(name)) return;

        using (var pooled = new NpgsqlConnection(connectionString)) NpgsqlConnection.ClearPool(pooled);
        using var connection = new NpgsqlConnection(_serverConnectionString);
        connection.Open();
        Drop(connection, name);
    }

    private static void Drop(NpgsqlConnection server, string name)
    {
        using var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", server);
        drop.ExecuteNonQuery();
    }

    public ValueTask DisposeAsync()
    {
        Cleanup();
        return ValueTask.CompletedTask;
    }

    private void Cleanup()
    {
        NpgsqlConnection.ClearAllPools();
        if (_cluster is not null)
        {
            _cluster.Stop();
            if (_temporaryFolder is not null) TestFolder.Delete(_temporaryFolder, _cluster.DataDirectory);
            return;
        }

        // An existing server: drop what this run created.
        using var connection = new NpgsqlConnection(_serverConnectionString);
        connection.Open();
        lock (_databases)
        {
            foreach (var name in _databases) Drop(connection, name);

            _databases.Clear();
        }
    }
}
