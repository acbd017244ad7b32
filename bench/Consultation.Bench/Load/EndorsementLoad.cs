using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ConsultationPlatform.Bench.Live;
using ConsultationPlatform.Infrastructure.Authentication;

namespace ConsultationPlatform.Bench.Load;

/// <summary>An organisation the benchmark endorses for (a member state, accredited to the consultations it uses).</summary>
public sealed record Stakeholder(Guid Id, string Name);

/// <summary>What one writer does: endorse one point, taking its stakeholders in turn.</summary>
/// <param name="Reservations">Every request carries a new reservation, so a stakeholder endorsing again is a change too.</param>
public sealed record WriterPlan(Guid PointId, int Version, IReadOnlyList<Stakeholder> Stakeholders, bool Reservations);

public sealed record WritePhaseResult(
    string Name,
    int Writers,
    TimeSpan Elapsed,
    long Requests,
    long Succeeded,
    long Changed,
    long Repeats,
    IReadOnlyDictionary<int, long> StatusCounts,
    long Failures,
    IReadOnlyList<string> FailureExamples,
    LatencyHistogram RequestLatency,
    IReadOnlyDictionary<Guid, int> SucceededByStakeholder)
{
    public double PerSecond => Elapsed.TotalSeconds <= 0 ? 0 : Succeeded / Elapsed.TotalSeconds;
    public long ServerErrors => StatusCounts.Where(s => s.Key >= 500).Sum(s => s.Value);
    public long Other => Requests - Succeeded;
}

/// <summary>
/// Endorses over HTTP with a fixed number of concurrent writers (each with one request in flight), each request by a
/// new delegate of the stakeholder, for a duration or a count.
/// </summary>
public sealed class EndorsementLoad(Uri baseAddress)
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 1024,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public HttpClient Http => _http;

    /// <summary>
    /// Plans for endorsing <paramref name="points"/> with <paramref name="writers"/> writers: writer i endorses
    /// point i mod P; writers sharing a point share out the pool, so every request is a new (point, stakeholder)
    /// pair, a new endorsement, until a writer has used its part of the pool.
    /// </summary>
    public static IReadOnlyList<WriterPlan> Spread(IReadOnlyList<(Guid Id, int Version)> points, IReadOnlyList<Stakeholder> pool, int writers)
    {
        var share = (writers + points.Count - 1) / points.Count;
        return Enumerable.Range(0, writers).Select(i =>
        {
            var (id, version) = points[i % points.Count];
            var slot = i / points.Count;
            return new WriterPlan(id, version, pool.Where((_, j) => j % share == slot).ToList(), Reservations: false);
        }).ToList();
    }

    /// <summary>Writers taking turns on one point: writer i has stakeholders i, i+W, i+2W…; every request is a new reservation.</summary>
    public static IReadOnlyList<WriterPlan> OnePoint((Guid Id, int Version) point, IReadOnlyList<Stakeholder> stakeholders, int writers) =>
        Enumerable.Range(0, writers)
            .Select(i => new WriterPlan(point.Id, point.Version, stakeholders.Where((_, j) => j % writers == i).ToList(), Reservations: true))
            .ToList();

    /// <summary>
    /// Runs the writers for <paramref name="duration"/> (or <paramref name="requestsPerWriter"/> requests each): as fast
    /// as each one's responses come back, or, with <paramref name="ratePerSecond"/>, at that rate in all (writer w sends
    /// its k-th request at w/rate + k·writers/rate seconds from the start; a writer behind its schedule sends at once).
    /// </summary>
    public async Task<WritePhaseResult> Run(string name, IReadOnlyList<WriterPlan> plans, TimeSpan? duration, int? requestsPerWriter, CancellationToken ct,
        double? ratePerSecond = null)
    {
        // Bounded in time and in count whatever is asked.
        var deadline = Stopwatch.GetTimestamp() + (long)((duration ?? TimeSpan.FromMinutes(10)).TotalSeconds * Stopwatch.Frequency);
        var maxPerWriter = requestsPerWriter ?? 2_000_000;
        var statuses = new ConcurrentDictionary<int, long>();
        var byStakeholder = new ConcurrentDictionary<Guid, int>();
        var failures = new ConcurrentQueue<string>();
        var requestLatency = new LatencyHistogram();
        long requests = 0, succeeded = 0, changed = 0, repeats = 0, failed = 0;
        var clock = Stopwatch.StartNew();

        var writers = plans.Select((plan, w) => Task.Run(async () =>
        {
            for (var k = 0; k < maxPerWriter && Stopwatch.GetTimestamp() < deadline && !ct.IsCancellationRequested; k++)
            {
                if (ratePerSecond is { } rate)
                {
                    var due = TimeSpan.FromSeconds((w + (double)k * plans.Count) / rate) - clock.Elapsed;
                    if (due > TimeSpan.Zero) await Task.Delay(due, ct);
                    if (Stopwatch.GetTimestamp() >= deadline) break;
                }

                var stakeholder = plan.Stakeholders[k % plan.Stakeholders.Count];
                var repeat = k >= plan.Stakeholders.Count;
                // Past its part of the pool a writer endorses again with a reservation: still a change, no longer a new endorsement.
                var reservation = plan.Reservations || repeat ? $"Bench reservation {w}-{k}" : null;
                if (repeat && !plan.Reservations) Interlocked.Increment(ref repeats);
                var person = Guid.NewGuid();
                using var request = Endorsement(plan, stakeholder, person, reservation);
                Interlocked.Increment(ref requests);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await _http.SendAsync(request, ct);
                    var body = await response.Content.ReadAsByteArrayAsync(ct);
                    requestLatency.Record(Stopwatch.GetElapsedTime(started));
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    if (response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref succeeded);
                        byStakeholder.AddOrUpdate(stakeholder.Id, 1, (_, n) => n + 1);
                        using var receipt = JsonDocument.Parse(body);
                        if (receipt.RootElement.TryGetProperty("changed", out var c) && c.GetBoolean()) Interlocked.Increment(ref changed);
                    }
                    else if (failures.Count < 5)
                    {
                        failures.Enqueue($"{(int)response.StatusCode}: {Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300))}");
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                    if (failures.Count < 5) failures.Enqueue($"{ex.GetType().Name}: {ex.Message}");
                }
            }
        }, ct)).ToList();
        await Task.WhenAll(writers);
        clock.Stop();

        return new WritePhaseResult(name, plans.Count, clock.Elapsed, requests, succeeded, changed, repeats,
            statuses.ToDictionary(), failed, failures.ToList(), requestLatency, byStakeholder.ToDictionary());
    }

    private static HttpRequestMessage Endorsement(WriterPlan plan, Stakeholder stakeholder, Guid person, string? reservation)
    {
        var body = reservation is null
            ? $$"""{"version":{{plan.Version}}}"""
            : $$"""{"version":{{plan.Version}},"reservation":"{{reservation}}"}""";
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/action-points/{plan.PointId}/endorsements")
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        var h = request.Headers;
        h.Add(ActingHeadersAuthenticationHandler.PersonIdHeader, person.ToString());
        h.Add(ActingHeadersAuthenticationHandler.PersonNameHeader, "Bench delegate");
        h.Add(ActingHeadersAuthenticationHandler.OrganisationIdHeader, stakeholder.Id.ToString());
        h.Add(ActingHeadersAuthenticationHandler.OrganisationNameHeader, stakeholder.Name);
        h.Add(ActingHeadersAuthenticationHandler.OrganisationGroupHeader, "MemberState");
        h.Add(ActingHeadersAuthenticationHandler.RolesHeader, "Participant");
        return request;
    }
}
