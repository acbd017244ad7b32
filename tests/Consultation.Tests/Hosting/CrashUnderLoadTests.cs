using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Infrastructure.Idempotency;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Tests.Support;
using Marten;
using Npgsql;

namespace ConsultationPlatform.Tests.Hosting;

/// <summary>
/// One server node in a process of its own on a database of its own, to be killed with SIGKILL under write load. The
/// in-process app of the base fixture shares the database with its daemon off: it sets data up and reads the store.
/// </summary>
public sealed class CrashUnderLoadFixture : AppFixture
{
    private string _database = "";

    protected override IDictionary<string, string?> Settings(TestDatabase database) => new Dictionary<string, string?>
    {
        ["ConnectionStrings:Consultation"] = _database,
        ["Database:DaemonMode"] = "Disabled",
    };

    public override async ValueTask InitializeAsync()
    {
        _database = TestDatabase.Current.CreateDatabase(GetType().Name);
        await base.InitializeAsync();
    }

    public Task<NodeProcess> StartNode(string name) => NodeProcess.Start(name, new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Testing",
        ["ConnectionStrings:Consultation"] = new NpgsqlConnectionStringBuilder(_database) { ApplicationName = $"consultation-{name}" }.ConnectionString,
        ["Seeds:ImportOnStart"] = "false",
        ["Authentication:AllowActingHeaders"] = "true",
        ["Authentication:CookieSecurePolicy"] = "SameAsRequest",
        ["Logging:Console:FormatterName"] = "simple",
        ["Logging:LogLevel:Default"] = "Warning",
    });
}

/// <summary>
/// Issue 10's fault test, bounded and on loopback: a node is killed with SIGKILL three times while writers send inputs,
/// each with an Idempotency-Key. After each restart the writers retry, with the same key and body, every request that
/// got no answer. Every acknowledged (2xx) input must be in the store, every key must have made exactly one input, no
/// key may stay stuck "in progress", and nothing may answer 5xx.
/// </summary>
public class CrashUnderLoadTests(CrashUnderLoadFixture app) : IClassFixture<CrashUnderLoadFixture>
{
    private const int Writers = 6;
    private const int Crashes = 3;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Attempt(string Key, string Body, Actor Author);

    private sealed class Tally
    {
        public int Sent;
        public int ServerErrors;
        public readonly ConcurrentDictionary<string, Guid> Acknowledged = new();
        public readonly ConcurrentDictionary<string, Attempt> Unanswered = new();
        public readonly ConcurrentBag<string> Other = [];
    }

    private static HttpRequestMessage Submit(Guid consultationId, Attempt attempt)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/consultations/{consultationId}/submissions")
        {
            Content = JsonContent.Create(new { body = attempt.Body, language = "en" }, options: AppFixture.Json),
        };
        request.Headers.Add(IdempotencyMiddleware.Header, attempt.Key);
        return request;
    }

    /// <summary>Sends one attempt and files its outcome: acknowledged with its id, unanswered (the node died), or other.</summary>
    private static async Task Send(HttpClient client, Guid consultationId, Attempt attempt, Tally tally)
    {
        Interlocked.Increment(ref tally.Sent);
        try
        {
            using var response = await client.SendAsync(Submit(consultationId, attempt));
            if ((int)response.StatusCode >= 500) Interlocked.Increment(ref tally.ServerErrors);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
                tally.Acknowledged[attempt.Key] = id;
                tally.Unanswered.TryRemove(attempt.Key, out _);
            }
            else
            {
                tally.Other.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                tally.Unanswered[attempt.Key] = attempt;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            tally.Unanswered[attempt.Key] = attempt; // the node died under it: committed or not, nobody told the client
        }
    }

    [Fact]
    public async Task three_kills_under_write_load_lose_no_acknowledged_input_and_every_retried_key_makes_exactly_one()
    {
        var consultation = await app.NewConsultation(ConsultationPhase.Inputs);
        var authors = Enumerable.Range(0, Writers).Select(i => Delegates.CivilSociety($"Crash writer {i}")).ToArray();
        foreach (var author in authors) await AccreditingHandler.Accredit(app, consultation.Id, author, Ct);
        var tally = new Tally();
        var retriesAfterRestart = 0;
        var stuckKeys = 0;
        var sequence = 0;

        var node = await app.StartNode("crash-0");
        try
        {
            for (var crash = 1; crash <= Crashes; crash++)
            {
                // Write load: each writer sends inputs one after another until the node dies under it.
                using var stop = new CancellationTokenSource();
                var load = authors.Select(author => Task.Run(async () =>
                {
                    using var client = ClientOf(node, author);
                    while (!stop.IsCancellationRequested)
                    {
                        var n = Interlocked.Increment(ref sequence);
                        await Send(client, consultation.Id, new Attempt(Guid.NewGuid().ToString(), $"Input {n} written under load before crash {crash}.", author), tally);
                    }
                })).ToArray();

                // Let the writers get going (some requests acknowledged), then kill the node in the middle of the load.
                var started = tally.Acknowledged.Count;
                var deadline = Stopwatch.StartNew();
                while (tally.Acknowledged.Count < started + 30 && deadline.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20, Ct);
                stop.Cancel(); // no new requests: those under way now are the ones cut off by the kill
                await node.Kill();
                await Task.WhenAll(load);

                node = await app.StartNode($"crash-{crash}");

                // Every request that got no answer is retried with its key and body until it is answered.
                foreach (var attempt in tally.Unanswered.Values.ToList())
                {
                    using var client = ClientOf(node, attempt.Author);
                    for (var tries = 0; ; tries++)
                    {
                        retriesAfterRestart++;
                        using var response = await client.SendAsync(Submit(consultation.Id, attempt), Ct);
                        if (response.StatusCode == HttpStatusCode.Created)
                        {
                            var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetGuid();
                            tally.Acknowledged[attempt.Key] = id;
                            tally.Unanswered.TryRemove(attempt.Key, out _);
                            break;
                        }

                        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} on a retry after a restart");
                        if (response.StatusCode == HttpStatusCode.Conflict && tries < 20)
                        {
                            await Task.Delay(250, Ct); // "in progress": allowed for a moment, never for good
                            continue;
                        }

                        stuckKeys++;
                        break;
                    }
                }
            }
        }
        finally
        {
            await node.DisposeAsync();
        }

        // The store: every acknowledged id is there, and every key's body was recorded exactly once.
        await using var session = app.Store.QuerySession();
        var received = await session.Events.QueryRawEventDataOnly<SubmissionReceived>()
            .Where(e => e.ConsultationId == consultation.Id).ToListAsync(Ct);
        var byId = received.ToDictionary(e => e.SubmissionId);
        var lost = tally.Acknowledged.Count(a => !byId.ContainsKey(a.Value));
        var duplicated = received.GroupBy(e => e.BodyMarkdown).Count(g => g.Count() > 1);

        var report = $"{Crashes} kills: {tally.Sent} requests sent under load and {retriesAfterRestart} retries after restarts; " +
                     $"{tally.Acknowledged.Count} acknowledged, {lost} acknowledged lost, {duplicated} bodies stored twice, " +
                     $"{stuckKeys} stuck keys, {tally.ServerErrors} 5xx; other answers: {string.Join("; ", tally.Other.Distinct().Take(5))}";
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.True(tally.Acknowledged.Count > Crashes * 30, report);
        Assert.True(lost == 0 && duplicated == 0 && stuckKeys == 0 && tally.ServerErrors == 0 && tally.Unanswered.IsEmpty, report);
        Assert.Equal(tally.Acknowledged.Count, received.Count);
    }

    private static HttpClient ClientOf(NodeProcess node, Actor actor)
    {
        var client = new HttpClient { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
        foreach (var (name, value) in Delegates.HeadersFor(actor)) client.DefaultRequestHeaders.Add(name, value);
        return client;
    }
}
