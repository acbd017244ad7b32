using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ConsultationPlatform.Infrastructure.LocalDatabase;

/// <summary>
/// A private PostgreSQL cluster that the platform runs for itself, like an embedded database:
/// initialised once into a data folder, started on a free loopback port, stopped on shutdown.
/// Runs the server as the <c>postgres</c> user when the process is root (initdb and pg_ctl refuse root).
/// </summary>
public sealed class LocalPostgresCluster : IDisposable
{
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly int? _maxConnections;
    private bool _running;

    private LocalPostgresCluster(string binDirectory, string dataDirectory, string socketDirectory, int port,
        string password, string? runAs, int? maxConnections, ILogger logger)
    {
        _maxConnections = maxConnections;
        BinDirectory = binDirectory;
        DataDirectory = dataDirectory;
        SocketDirectory = socketDirectory;
        Port = port;
        Password = password;
        RunAs = runAs;
        _logger = logger;
    }

    public string BinDirectory { get; }
    public string DataDirectory { get; }
    public string SocketDirectory { get; }
    public int Port { get; }
    internal string Password { get; }

    /// <summary>The operating-system user the server runs as, or null for the current user.</summary>
    public string? RunAs { get; }

    public bool IsRunning
    {
        get { lock (_gate) return _running; }
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Password = Password,
        Database = database,
        // The cluster is private and local; pooling stays on, with room for bursts of writers.
        MaxPoolSize = 200,
    }.ConnectionString;

    /// <summary>
    /// Initialises the cluster when the data folder is new, starts it, and makes sure <paramref name="database"/> exists.
    /// </summary>
    public static LocalPostgresCluster Start(LocalPostgresOptions options, ILogger logger)
    {
        var bin = PostgresBinaries.Find(options.BinDirectory)
                  ?? throw new LocalPostgresException(PostgresBinaries.MissingMessage);

        var runAs = IsRoot() ? "postgres" : null;
        var dataDirectory = Path.GetFullPath(options.DataDirectory);
        PrepareDirectory(dataDirectory, runAs, ownerOnly: true);
        if (runAs is not null && !CanReach(runAs, dataDirectory))
        {
            var fallback = Path.Combine("/var/tmp", "consultation-postgres-" + ShortHash(dataDirectory));
            logger.LogWarning(
                "The data folder {DataDirectory} is not reachable by the {User} user; using {Fallback} instead",
                dataDirectory, runAs, fallback);
            dataDirectory = fallback;
        }

        var socketDirectory = Path.Combine(Path.GetTempPath(), "consultation-pg-" + ShortHash(dataDirectory));
        PrepareDirectory(dataDirectory, runAs, ownerOnly: true);
        PrepareDirectory(socketDirectory, runAs, ownerOnly: true);

        var passwordFile = dataDirectory + ".password";
        var fresh = !File.Exists(Path.Combine(dataDirectory, "PG_VERSION"));
        string password;
        if (fresh)
        {
            password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
            Initialise(bin, dataDirectory, password, runAs, logger);
            File.WriteAllText(passwordFile, password);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        else
        {
            if (!File.Exists(passwordFile))
                throw new LocalPostgresException(
                    $"The data folder {dataDirectory} holds a cluster, but its password file {passwordFile} is missing. " +
                    "Delete the data folder to start afresh, or point the platform at a server with ConnectionStrings__Consultation.");
            password = File.ReadAllText(passwordFile).Trim();
        }

        var port = options.Port is > 0 ? options.Port.Value : FreeLoopbackPort();
        var cluster = new LocalPostgresCluster(bin, dataDirectory, socketDirectory, port, password, runAs, options.MaxConnections, logger);
        cluster.StopLeftoverServer();
        cluster.StartServer();
        cluster.EnsureDatabase(options.Database);
        return cluster;
    }

    private static void Initialise(string bin, string dataDirectory, string password, string? runAs, ILogger logger)
    {
        logger.LogInformation("Initialising a private PostgreSQL cluster in {DataDirectory}", dataDirectory);
        var pwDirectory = Directory.CreateTempSubdirectory("consultation-initdb-").FullName;
        var pwFile = Path.Combine(pwDirectory, "pw");
        try
        {
            File.WriteAllText(pwFile, password);
            if (runAs is not null)
            {
                Chown(pwDirectory, runAs);
                Chown(pwFile, runAs);
            }

            Run(Path.Combine(bin, "initdb"), runAs,
                "-D", dataDirectory, "-U", "postgres", "-E", "UTF8", "--no-locale",
                "-A", "scram-sha-256", "--pwfile", pwFile);
        }
        finally
        {
            Directory.Delete(pwDirectory, recursive: true);
        }
    }

    private void StartServer()
    {
        var options = $"-p {Port} -k {SocketDirectory} -c listen_addresses=127.0.0.1";
        if (_maxConnections is > 0) options += $" -c max_connections={_maxConnections}";
        Run(Path.Combine(BinDirectory, "pg_ctl"), RunAs,
            "-D", DataDirectory, "-o", options, "-l", Path.Combine(DataDirectory, "server.log"), "-w", "-t", "60", "start");
        lock (_gate) _running = true;
        _logger.LogInformation("Private PostgreSQL cluster started on 127.0.0.1:{Port} ({DataDirectory})", Port, DataDirectory);
    }

    /// <summary>A server left running by a process that died without stopping it is stopped before we start ours.</summary>
    private void StopLeftoverServer()
    {
        if (!File.Exists(Path.Combine(DataDirectory, "postmaster.pid"))) return;
        var status = TryRun(Path.Combine(BinDirectory, "pg_ctl"), RunAs, "-D", DataDirectory, "status");
        if (status.ExitCode != 0) return; // a stale pid file; postgres removes it on start
        _logger.LogWarning("A PostgreSQL server was still running on {DataDirectory}; stopping it first", DataDirectory);
        Run(Path.Combine(BinDirectory, "pg_ctl"), RunAs, "-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop");
    }

    private void EnsureDatabase(string database)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        connection.Open();
        using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection);
        exists.Parameters.AddWithValue(database);
        if (exists.ExecuteScalar() is not null) return;
        using var create = new NpgsqlCommand($"create database \"{database.Replace("\"", "\"\"")}\"", connection);
        create.ExecuteNonQuery();
    }

    /// <summary>Creates a database on this cluster (used by tests to isolate fixtures).</summary>
    public void CreateDatabase(string database) => EnsureDatabase(database);

    /// <summary>Stops the server (fast shutdown: open sessions are ended, committed data is kept). Safe to call twice.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (!_running) return;
            _running = false;
        }

        NpgsqlConnection.ClearAllPools();
        var result = TryRun(Path.Combine(BinDirectory, "pg_ctl"), RunAs,
            "-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop");
        if (result.ExitCode == 0)
        {
            _logger.LogInformation("Private PostgreSQL cluster stopped ({DataDirectory})", DataDirectory);
            try
            {
                Directory.Delete(SocketDirectory, recursive: true);
            }
            catch (IOException)
            {
                // The server removes its socket on the way out; an empty folder left behind is harmless.
            }
        }
        else
            _logger.LogError("pg_ctl stop failed ({ExitCode}): {Output}", result.ExitCode, result.Output);
    }

    public void Dispose() => Stop();

    private static void PrepareDirectory(string path, string? owner, bool ownerOnly)
    {
        Directory.CreateDirectory(path);
        if (OperatingSystem.IsWindows()) return;
        if (owner is not null) Chown(path, owner);
        if (ownerOnly)
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>Whether <paramref name="user"/> can write into the directory (every folder above it must let them through).</summary>
    private static bool CanReach(string user, string directory) =>
        TryRun("test", user, "-w", directory, "-a", "-x", directory).ExitCode == 0;

    private static void Chown(string path, string user) => Run("chown", null, user + ":", path);

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string ShortHash(string text) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12].ToLowerInvariant();

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();

    private static bool IsRoot() => !OperatingSystem.IsWindows() && GetEffectiveUserId() == 0;

    private static void Run(string file, string? runAs, params string[] arguments)
    {
        var result = TryRun(file, runAs, arguments);
        if (result.ExitCode != 0)
            throw new LocalPostgresException(
                $"'{Path.GetFileName(file)} {string.Join(' ', arguments)}' failed with exit code {result.ExitCode}:\n{result.Output}");
    }

    private static (int ExitCode, string Output) TryRun(string file, string? runAs, params string[] arguments)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (runAs is null)
        {
            start.FileName = file;
        }
        else
        {
            start.FileName = "runuser";
            foreach (var a in new[] { "-u", runAs, "--", file }) start.ArgumentList.Add(a);
        }

        foreach (var a in arguments) start.ArgumentList.Add(a);
        // A clean locale keeps initdb from tripping over whatever the caller's shell had.
        start.Environment["LC_ALL"] = "C";
        start.Environment.Remove("PGDATA");
        start.Environment.Remove("PGPORT");

        using var process = Process.Start(start) ?? throw new LocalPostgresException($"Could not start {file}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, (stdout.Result + stderr.Result).Trim());
    }
}

public sealed class LocalPostgresException(string message) : Exception(message);

public sealed record LocalPostgresOptions
{
    /// <summary>Where the cluster keeps its data; created and initialised on first use.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The database the platform uses inside the cluster.</summary>
    public string Database { get; init; } = "consultation";

    /// <summary>A fixed port, or null for a free loopback port at each start.</summary>
    public int? Port { get; init; }

    /// <summary>Where initdb, pg_ctl and postgres are; found automatically when null.</summary>
    public string? BinDirectory { get; init; }

    /// <summary>The server's connection ceiling (PostgreSQL's max_connections), or null for PostgreSQL's default (100).</summary>
    public int? MaxConnections { get; init; }
}
