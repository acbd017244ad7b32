using ConsultationPlatform.Infrastructure.LocalDatabase;
using ConsultationPlatform.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ConsultationPlatform.Tests.Infrastructure;

public class LocalPostgresClusterTests : IDisposable
{
    private readonly string _folder = TestFolder.Create("consultation-cluster-test-");

    private LocalPostgresOptions Options => new()
    {
        DataDirectory = Path.Combine(_folder, "data"),
        BinDirectory = TestDatabase.Current.BinDirectory,
        Database = "platform",
    };

    private static async Task<object?> Scalar(LocalPostgresCluster cluster, string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString("platform"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static int ServerProcessId(LocalPostgresCluster cluster) =>
        int.Parse(File.ReadLines(Path.Combine(cluster.DataDirectory, "postmaster.pid")).First());

    /// <summary>Whether the process runs; an exited process that nobody has reaped yet (a zombie) does not.</summary>
    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return false;
        try
        {
            var text = File.ReadAllText(stat);
            var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public async Task it_starts_keeps_data_across_a_restart_and_leaves_no_process_when_stopped()
    {
        var first = LocalPostgresCluster.Start(Options, NullLogger.Instance);
        Assert.Equal(Options.DataDirectory, first.DataDirectory); // where asked, not in a fallback folder
        var pid = ServerProcessId(first);
        Assert.True(IsAlive(pid));
        await Scalar(first, "create table kept (value text); insert into kept values ('still here')");
        first.Stop();
        Assert.False(IsAlive(pid));
        Assert.False(Directory.Exists(first.SocketDirectory));
        Assert.False(File.Exists(Path.Combine(first.DataDirectory, "postmaster.pid")));

        var second = LocalPostgresCluster.Start(Options, NullLogger.Instance);
        try
        {
            Assert.Equal("still here", await Scalar(second, "select value from kept"));
            Assert.Equal(first.DataDirectory, second.DataDirectory);
        }
        finally
        {
            second.Stop();
        }

        second.Stop(); // twice is harmless
        Assert.False(second.IsRunning);
    }

    [Fact]
    public async Task a_server_left_running_by_a_dead_process_is_replaced_on_start()
    {
        var orphan = LocalPostgresCluster.Start(Options, NullLogger.Instance);
        var orphanPid = ServerProcessId(orphan);
        // Do not stop it: the next start must cope, as after a crash.
        var next = LocalPostgresCluster.Start(Options, NullLogger.Instance);
        try
        {
            Assert.False(IsAlive(orphanPid));
            Assert.Equal(1, await Scalar(next, "select 1"));
        }
        finally
        {
            next.Stop();
        }
    }

    [Fact]
    public void the_binaries_are_found_and_a_folder_without_them_is_refused()
    {
        Assert.NotNull(PostgresBinaries.Find());
        Assert.False(PostgresBinaries.IsServerBinDirectory(_folder));
        Assert.Contains("apt-get install postgresql-15", PostgresBinaries.MissingMessage);
    }

    public void Dispose()
    {
        TestFolder.Delete(_folder);
    }
}
