using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ConsultationPlatform.Bench.Infrastructure;
using ConsultationPlatform.Bench.Live;
using ConsultationPlatform.Bench.Load;
using ConsultationPlatform.Bench.Setup;
using ConsultationPlatform.Hosting;
using ConsultationPlatform.Infrastructure.Authentication;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.LiveSessions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ConsultationPlatform.Bench.Sessions;

/// <summary>
/// The rush on a speakers' list (issue 12), <c>-- --sessions</c>: N room screens joined to the session's stream
/// (JoinSession); N delegates inscribe within S seconds (each at a random moment of the window, so requests overlap);
/// then checks that all were recorded, that within each precedence class the list follows the store's order of the
/// inscriptions, that nothing answered 5xx, and measures each inscription request and each push of an inscription to
/// every screen. Baseline, in the same run and with the same pacing: <c>GET /health/live</c> (the machine's HTTP
/// round trip as it stands), to read the inscription's figures against.
/// </summary>
public static class SessionsBench
{
    private static void Step(string text) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");

    public static async Task<int> Run(string[] args, CancellationToken ct)
    {
        var delegates = Int(args, "--delegates", 500);
        var screens = Int(args, "--screens", 500);
        var seconds = Int(args, "--seconds", 10);
        var repository = DatabaseSettings.RepositoryRoot() ?? throw new InvalidOperationException("Run from the repository.");
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var serverDll = Path.Combine(repository, "src", "Consultation", "bin", configuration, "net10.0", "Consultation.dll");
        var runFolder = Directory.CreateTempSubdirectory("consultation-sessions-bench-").FullName;
        Linux.RaiseOpenFilesLimit();
        using var database = BenchDatabase.Start(runFolder);
        Step($"PostgreSQL: {database.Describe}");
        var connection = database.CreateDatabase("bench_sessions");
        var seeds = BenchSetup.WriteSeeds(Path.GetDirectoryName(serverDll)!, Path.Combine(runFolder, "seeds"), ["bench-sessions"]);
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Consultation"] = connection,
            ["Authentication:AllowActingHeaders"] = "true",
            ["Seeds:Directory"] = seeds,
            ["Logging:Console:FormatterName"] = "simple",
        };
        // The production budgets, as at a real session (every delegate from this one address): none may be refused.
        var rateLimits = BenchRateLimits.Apply(args.Contains(BenchRateLimits.OffFlag), settings);
        Step($"Rate limits: {rateLimits}");
        await using var server = await ServerProcess.Start(serverDll, settings, Path.Combine(runFolder, "server.log"), ct);
        Step($"Server ready at {server.BaseAddress}");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, UseCookies = false })
            { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var consultation = (await BenchSetup.Consultations(http, ["bench-sessions"], ct))[0];
        var pool = BenchSetup.Stakeholders("Bench delegation", delegates);
        await BenchSetup.Accredit(connection, [(consultation.Id, pool)], ct);
        Step($"{pool.Count} delegations accredited");

        // The chair schedules and opens the session, takes up the first item and opens its list.
        var chair = Headers(Guid.NewGuid(), "Bench chair", null, "Moderator");
        var scheduled = await Send(http, HttpMethod.Post, $"/api/consultations/{consultation.Id}/sessions", chair, new
        {
            title = "Bench session", starts = DateTimeOffset.UtcNow, ends = DateTimeOffset.UtcNow.AddHours(1), timeZone = "UTC",
            agenda = new[] { new { kind = "challenge", number = 1 } },
        }, ct);
        var sessionId = (await scheduled.Content.ReadFromJsonAsync<SessionCreated>(BenchSetup.Json, ct))!.Id;
        var room = (await http.GetFromJsonAsync<SessionRoom>($"/api/sessions/{sessionId}", BenchSetup.Json, ct))!;
        var item = room.Agenda[0].Id;
        await Send(http, HttpMethod.Post, $"/api/sessions/{sessionId}/open", chair, null, ct);
        await Send(http, HttpMethod.Post, $"/api/sessions/{sessionId}/items/{item}/take-up", chair, null, ct);
        await Send(http, HttpMethod.Post, $"/api/sessions/{sessionId}/items/{item}/speakers-list", chair, new { open = true }, ct);

        // The room screens.
        var hubUrl = new Uri(server.BaseAddress, ConsultationHub.Path);
        var receipts = new ConcurrentBag<(Guid Inscription, long Ticks)>();
        var perScreen = new int[screens];
        var connections = new List<HubConnection>();
        var clock = Stopwatch.StartNew();
        using (var gate = new SemaphoreSlim(50))
        {
            await Task.WhenAll(Enumerable.Range(0, screens).Select(async i =>
            {
                await gate.WaitAsync(ct);
                try
                {
                    var builder = new HubConnectionBuilder().WithUrl(hubUrl, o => { o.Transports = HttpTransportType.WebSockets; o.SkipNegotiation = true; })
                        .AddJsonProtocol(o => ConsultationApp.ConfigureJson(o.PayloadSerializerOptions));
                    var hub = builder.Build();
                    hub.On<JsonElement>(LiveMessages.Changes, batch =>
                    {
                        var now = Stopwatch.GetTimestamp();
                        foreach (var change in batch.GetProperty("changes").EnumerateArray())
                        {
                            if (change.GetProperty("type").GetString() != "inscribed_to_speak") continue;
                            receipts.Add((change.GetProperty("data").GetProperty("inscriptionId").GetGuid(), now));
                            Interlocked.Increment(ref perScreen[i]);
                        }
                    });
                    await hub.StartAsync(ct);
                    await hub.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinSession), sessionId, null, ct);
                    lock (connections) connections.Add(hub);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        Step($"{connections.Count} room screens joined in {clock.Elapsed.TotalSeconds:F1} s");

        // Baseline: the same pacing, GET /health/live.
        var baseline = await Paced(delegates, seconds, async _ =>
        {
            using var response = await http.GetAsync("/health/live", ct);
            return (int)response.StatusCode;
        }, ct);
        Step($"Baseline GET /health/live: {baseline.Latency.Summary()}");

        // The rush: every delegation inscribes once, at a random moment of the window.
        var sentAt = new ConcurrentDictionary<Guid, long>();
        var answeredAt = new ConcurrentDictionary<Guid, long>();
        var rush = await Paced(delegates, seconds, async i =>
        {
            var who = pool[i];
            var level = (i % 10) switch { 0 => "headOfStateOrGovernment", 1 or 2 => "minister", _ => "other" };
            var onBehalfOf = i % 25 == 0 ? "Group of 77 and China" : null;
            var inscription = Inscription.IdFor(sessionId, item, who.Id, false);
            sentAt[inscription] = Stopwatch.GetTimestamp();
            using var response = await Send(http, HttpMethod.Post, $"/api/sessions/{sessionId}/items/{item}/inscriptions",
                Headers(Guid.NewGuid(), "Delegate of " + who.Name, who, "Participant"), new { level, onBehalfOf }, ct, ensure: false);
            answeredAt[inscription] = Stopwatch.GetTimestamp();
            return (int)response.StatusCode;
        }, ct);
        Step($"Inscriptions: {rush.Latency.Summary()}; statuses {string.Join(", ", rush.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}");

        // Every screen receives every inscription (or 30 s pass).
        var expected = rush.Statuses.GetValueOrDefault(201);
        var wait = Stopwatch.StartNew();
        while (perScreen.Any(n => n < expected) && wait.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(100, ct);
        var complete = perScreen.Count(n => n >= expected);

        // All recorded, and in order within each class.
        room = (await http.GetFromJsonAsync<SessionRoom>($"/api/sessions/{sessionId}", BenchSetup.Json, ct))!;
        var list = room.Agenda[0].Speakers;
        var sequences = await Sequences(connection, ct);
        var inOrder = list.GroupBy(s => s.Class).All(g =>
        {
            var seqs = g.Select(s => sequences.GetValueOrDefault(s.InscriptionId)).ToList();
            return seqs.SequenceEqual(seqs.Order()) && seqs.All(x => x > 0);
        });
        var classes = string.Join(", ", list.GroupBy(s => s.Class).Select(g => $"{g.Key} {g.Count()}"));

        var fromAnswer = new LatencyHistogram();
        var fromSend = new LatencyHistogram();
        foreach (var (inscription, ticks) in receipts)
        {
            if (sentAt.TryGetValue(inscription, out var sent)) fromSend.Record(Stopwatch.GetElapsedTime(sent, ticks));
            if (answeredAt.TryGetValue(inscription, out var answered))
                fromAnswer.Record(ticks > answered ? Stopwatch.GetElapsedTime(answered, ticks) : TimeSpan.Zero);
        }

        Console.WriteLine();
        Console.WriteLine($"Sessions bench: {delegates} delegates within {seconds} s, {screens} room screens (machine: {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        Console.WriteLine($"  recorded: {list.Count} in the list, {sequences.Count} inscription events in the store (of {delegates})");
        Console.WriteLine($"  order within each precedence class = the store's arrival order: {(inOrder ? "yes" : "NO")} ({classes})");
        Console.WriteLine($"  rate limits: {rateLimits}; refused (429): {rush.Statuses.GetValueOrDefault(429)}");
        Console.WriteLine($"  5xx: {rush.Statuses.Where(s => s.Key >= 500).Sum(s => s.Value)}; statuses: {string.Join(", ", rush.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} x{s.Value}"))}");
        Console.WriteLine($"  inscription request: {rush.Latency.Summary()}");
        Console.WriteLine($"  baseline GET /health/live, same pacing: {baseline.Latency.Summary()}; inscription p99 / baseline p99 = {rush.Latency.PercentileMs(0.99) / Math.Max(0.001, baseline.Latency.PercentileMs(0.99)):F1}");
        Console.WriteLine($"  push to the screens, from the inscription's answer: {fromAnswer.Summary()} ({fromAnswer.Count:N0} deliveries; {complete}/{screens} screens got all {expected})");
        Console.WriteLine($"  push to the screens, from the inscription's request: {fromSend.Summary()}");
        foreach (var hub in connections) await hub.DisposeAsync();
        return list.Count == delegates && inOrder && rush.Statuses.Where(s => s.Key >= 500).Sum(s => s.Value) == 0 ? 0 : 1;
    }

    private sealed record PacedResult(LatencyHistogram Latency, IReadOnlyDictionary<int, int> Statuses);

    /// <summary>N calls, each started at a random moment of the window (seeded: the same plan every run).</summary>
    private static async Task<PacedResult> Paced(int count, int seconds, Func<int, Task<int>> call, CancellationToken ct)
    {
        var random = new Random(12);
        var starts = Enumerable.Range(0, count).Select(_ => random.NextDouble() * seconds * 1000).ToArray();
        var latency = new LatencyHistogram();
        var statuses = new ConcurrentDictionary<int, int>();
        var origin = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var wait = starts[i] - origin.Elapsed.TotalMilliseconds;
            if (wait > 0) await Task.Delay(TimeSpan.FromMilliseconds(wait), ct);
            var started = Stopwatch.GetTimestamp();
            int status;
            try
            {
                status = await call(i);
            }
            catch (HttpRequestException)
            {
                status = 599;
            }

            latency.Record(Stopwatch.GetElapsedTime(started));
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
        }));
        return new PacedResult(latency, statuses);
    }

    private static async Task<Dictionary<Guid, long>> Sequences(string connectionString, CancellationToken ct)
    {
        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync(ct);
        await using var command = new NpgsqlCommand("select stream_id, max(seq_id) from consultation.mt_events where type = 'inscribed_to_speak' group by stream_id", db);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new Dictionary<Guid, long>();
        while (await reader.ReadAsync(ct)) result[reader.GetGuid(0)] = reader.GetInt64(1);
        return result;
    }

    private static Dictionary<string, string> Headers(Guid person, string name, Stakeholder? organisation, string role)
    {
        var headers = new Dictionary<string, string>
        {
            [ActingHeadersAuthenticationHandler.PersonIdHeader] = person.ToString(),
            [ActingHeadersAuthenticationHandler.PersonNameHeader] = name,
            [ActingHeadersAuthenticationHandler.RolesHeader] = role,
        };
        if (organisation is not null)
        {
            headers[ActingHeadersAuthenticationHandler.OrganisationIdHeader] = organisation.Id.ToString();
            headers[ActingHeadersAuthenticationHandler.OrganisationNameHeader] = organisation.Name;
            headers[ActingHeadersAuthenticationHandler.OrganisationGroupHeader] = "MemberState";
        }

        return headers;
    }

    private static async Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string path, Dictionary<string, string> headers, object? body,
        CancellationToken ct, bool ensure = true)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (key, value) in headers) request.Headers.Add(key, value);
        if (body is not null) request.Content = JsonContent.Create(body, options: BenchSetup.Json);
        var response = await http.SendAsync(request, ct);
        if (ensure && !response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        return response;
    }

    private static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var n) ? n : fallback;
    }
}
