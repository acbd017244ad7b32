using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Hosting;
using ConsultationPlatform.Infrastructure.LocalDatabase;
using ConsultationPlatform.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ConsultationPlatform.Tests.Hosting;

/// <summary>
/// The platform on a PostgreSQL cluster of its own, which the tests freeze (SIGSTOP) and thaw (SIGCONT): the other
/// tests' cluster is never paused. Short timeouts in the connection string keep the test quick; the defaults are in
/// <see cref="DatabaseTimeoutTests"/>.
/// </summary>
public sealed class FreezableDatabaseFixture : AppFixture
{
    private string? _folder;
    public LocalPostgresCluster Cluster { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings(TestDatabase database)
    {
        _folder = TestFolder.Create("consultation-outage-");
        Cluster = LocalPostgresCluster.Start(new LocalPostgresOptions
        {
            DataDirectory = Path.Combine(_folder, "postgres"),
            Database = "consultation",
            BinDirectory = database.BinDirectory,
        }, NullLogger.Instance);
        var connection = new NpgsqlConnectionStringBuilder(Cluster.ConnectionString("consultation"))
        {
            Timeout = 2, CommandTimeout = 2, CancellationTimeout = 500,
        };
        return new Dictionary<string, string?> { ["ConnectionStrings:Consultation"] = connection.ConnectionString };
    }

    /// <summary>Every process of the cluster (the postmaster and its children), paused or resumed.</summary>
    public void Signal(int signal)
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(Cluster.DataDirectory, "postmaster.pid")).First().Trim());
        var children = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ParentOf(pid) == postmaster);
        foreach (var pid in children.Prepend(postmaster)) _ = kill(pid, signal);
    }

    public const int SIGCONT = 18, SIGSTOP = 19;

    private static int ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1]);
        }
        catch (IOException)
        {
            return 0; // gone
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    public override async ValueTask DisposeAsync()
    {
        Signal(SIGCONT);
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        Cluster?.Stop();
        if (_folder is not null) TestFolder.Delete(_folder, Cluster?.DataDirectory);
    }
}

public class DatabaseOutageTests(FreezableDatabaseFixture app) : IClassFixture<FreezableDatabaseFixture>
{
    [Fact]
    public async Task a_stalled_database_is_answered_with_503_and_retry_after_and_readiness_says_so_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = board.ActionPoints[0];
        var norway = Delegates.State("Norway");
        var client = app.ClientFor(norway);
        client.Timeout = TimeSpan.FromSeconds(20);
        // Accredited by the first request; the client used while the database is frozen does not touch the store itself.
        var writer = app.ClientFor(norway, accredit: false);
        writer.Timeout = TimeSpan.FromSeconds(20);
        (await client.PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = 1 }, AppFixture.Json, ct)).EnsureSuccessStatusCode();
        using var probe = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/health/ready", ct)).StatusCode);

        app.Signal(FreezableDatabaseFixture.SIGSTOP);
        try
        {
            // Readiness has a budget of its own (0.8 s), well under the request timeouts, kept by a deadline that a
            // frozen database cannot hold up (Hosting/BoundedRead.cs). Measured: 0.80 to 0.85 s per answer; before,
            // the first answer took 4.9 s (Npgsql's cancel requests held the runtime's timer), so 3 s fails it.
            using (var readiness = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(3) })
            {
                for (var i = 0; i < 3; i++)
                {
                    var answer = await readiness.GetAsync("/health/ready", ct);
                    Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
                }
            }

            var read = await probe.GetAsync($"/api/consultations/{board.Id}", ct);
            await AssertUnavailable(read);

            var write = await writer.PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = 1, reservation = "during the outage" }, AppFixture.Json, ct);
            await AssertUnavailable(write);
        }
        finally
        {
            app.Signal(FreezableDatabaseFixture.SIGCONT);
        }

        // It recovers by itself: readiness and writes answer again.
        HttpStatusCode ready;
        var attempts = 0;
        while ((ready = (await probe.GetAsync("/health/ready", ct)).StatusCode) != HttpStatusCode.OK && ++attempts < 100)
            await Task.Delay(100, ct); // polling the real signal
        Assert.Equal(HttpStatusCode.OK, ready);
        var after = await writer.PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = 1, reservation = "after the outage" }, AppFixture.Json, ct);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private static async Task AssertUnavailable(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is set");
        Assert.Contains("unavailable", await response.Content.ReadAsStringAsync());
    }
}
