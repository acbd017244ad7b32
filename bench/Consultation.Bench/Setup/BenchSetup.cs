using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultationPlatform.Bench.Load;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Hosting;
using ConsultationPlatform.Stakeholders;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConsultationPlatform.Bench.Setup;

/// <summary>A consultation of the benchmark and its action points (id, current version), as the board shows them.</summary>
public sealed record BenchConsultation(string Slug, Guid Id, IReadOnlyList<(Guid Id, int Version)> Points);

/// <summary>Prepares what the benchmark writes to: consultations in the endorsement phase and accredited stakeholders.</summary>
public static class BenchSetup
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ConsultationApp.ConfigureJson(json);
        return json;
    }

    /// <summary>
    /// Seed files for the server to import on start: Round table 3's text under new slugs, in the endorsement phase
    /// (the seed format's <c>initialPhase</c>), one per slug.
    /// </summary>
    public static string WriteSeeds(string serverDirectory, string folder, IEnumerable<string> slugs)
    {
        var source = Path.Combine(serverDirectory, "seeds", "hld-2013-round-table-3.json");
        if (!File.Exists(source)) throw new FileNotFoundException($"The Round table 3 seed is not beside the server ({source}).");
        Directory.CreateDirectory(folder);
        foreach (var slug in slugs)
        {
            var seed = JsonNode.Parse(File.ReadAllText(source), documentOptions: new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            })!.AsObject();
            seed["slug"] = slug;
            seed["initialPhase"] = "endorsement";
            seed["title"] = $"[{slug}] {seed["title"]}";
            File.WriteAllText(Path.Combine(folder, slug + ".json"), seed.ToJsonString());
        }

        return folder;
    }

    /// <summary>The seeded consultations, once the server has imported them.</summary>
    public static async Task<IReadOnlyList<BenchConsultation>> Consultations(HttpClient http, IReadOnlyList<string> slugs, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var list = await http.GetFromJsonAsync<List<ConsultationSummary>>("/api/consultations", Json, ct) ?? [];
            var found = slugs.Select(s => list.SingleOrDefault(c => c.Slug == s)).ToList();
            if (found.All(f => f is not null))
            {
                var result = new List<BenchConsultation>();
                foreach (var summary in found)
                {
                    var board = await Board(http, summary!.Id, ct);
                    if (board.Phase != ConsultationPhase.Endorsement)
                        throw new InvalidOperationException($"{summary.Slug} is in the {board.Phase} phase, not endorsement.");
                    result.Add(new BenchConsultation(summary.Slug, summary.Id, board.ActionPoints.Select(p => (p.Id, p.Version)).ToList()));
                }

                return result;
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The server did not import the seeds {string.Join(", ", slugs)}.");
            await Task.Delay(250, ct);
        }
    }

    public static async Task<ConsultationBoard> Board(HttpClient http, Guid consultationId, CancellationToken ct) =>
        await http.GetFromJsonAsync<ConsultationBoard>($"/api/consultations/{consultationId}", Json, ct)
        ?? throw new InvalidOperationException($"No board for {consultationId}.");

    public static IReadOnlyList<Stakeholder> Stakeholders(string prefix, int count) =>
        Enumerable.Range(1, count).Select(i => new Stakeholder(Guid.NewGuid(), $"{prefix} {i}")).ToList();

    /// <summary>
    /// Accredits the stakeholders to the consultations, as a moderator's grant would (a request and a grant on each
    /// accreditation stream), written straight to the store, a batch at a time, before anything is measured. The
    /// store is configured exactly as the server's (<see cref="ConsultationApp.Build"/>, not started), so the inline
    /// accreditation documents the endorsement endpoint reads are written with the events.
    /// </summary>
    public static async Task Accredit(string connectionString, IReadOnlyList<(Guid ConsultationId, IReadOnlyList<Stakeholder> Stakeholders)> grants,
        CancellationToken ct)
    {
        var app = ConsultationApp.Build(["--environment", "Benchmark"], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Consultation"] = connectionString,
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:Wolverine"] = "Error",
            ["Logging:Console:FormatterName"] = "simple",
        }));
        try
        {
            var store = app.Services.GetRequiredService<IDocumentStore>();
            var pairs = grants.SelectMany(g => g.Stakeholders.Select(s => (g.ConsultationId, s))).ToList();
            foreach (var chunk in pairs.Chunk(500))
            {
                await using var session = store.LightweightSession();
                foreach (var (consultationId, stakeholder) in chunk)
                {
                    var id = Accreditations.IdFor(consultationId, stakeholder.Id);
                    session.Events.StartStream<Accreditation>(id,
                        new AccreditationRequested(id, consultationId, stakeholder.Id, stakeholder.Name, StakeholderGroup.MemberState,
                            "Benchmark stakeholder", Guid.Empty),
                        new AccreditationGranted(id, consultationId, stakeholder.Id, Guid.Empty));
                }

                await session.SaveChangesAsync(ct);
            }
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
