using System.Text.Json;
using System.Text.Json.Serialization;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;
using Marten.Exceptions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsultationPlatform.Seeding;

public sealed class SeedOptions
{
    /// <summary>The folder of seed files (*.json); the repository's seeds/ folder, copied beside the app.</summary>
    public string? Directory { get; set; }

    /// <summary>Whether the app imports seeds on start (on by default).</summary>
    public bool ImportOnStart { get; set; } = true;
}

/// <summary>
/// Imports each seed file whose consultation the store does not hold yet, as events. A second start imports nothing.
/// </summary>
public sealed class SeedImporter(IDocumentStore store, IOptions<SeedOptions> options, ILogger<SeedImporter> logger) : IHostedService
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public async Task StartAsync(CancellationToken ct)
    {
        if (!options.Value.ImportOnStart) return;
        var directory = options.Value.Directory ?? Path.Combine(AppContext.BaseDirectory, "seeds");
        if (!System.IO.Directory.Exists(directory))
        {
            logger.LogWarning("No seed folder at {Directory}; nothing imported", directory);
            return;
        }

        foreach (var file in System.IO.Directory.GetFiles(directory, "*.json").Order())
            await ImportFile(file, ct);
    }

    public async Task<bool> ImportFile(string file, CancellationToken ct)
    {
        var seed = JsonSerializer.Deserialize<SeedDocument>(await File.ReadAllTextAsync(file, ct), Json)
                   ?? throw new InvalidSeedException($"{file} is empty");
        return await Import(seed, Path.GetFileName(file), ct);
    }

    public async Task<bool> Import(SeedDocument seed, string origin, CancellationToken ct)
    {
        var plan = SeedPlanner.Plan(seed);
        await using var session = store.LightweightSession();
        var state = await session.Events.FetchStreamStateAsync(plan.ConsultationId, ct);
        if (state is not null)
        {
            logger.LogDebug("Seed {Origin} is already imported as consultation {Id}", origin, plan.ConsultationId);
            await Restore(session, seed, origin, state.Version, ct);
            return false;
        }

        foreach (var warning in plan.Warnings)
            logger.LogWarning("Seed {Origin}: {Warning}", origin, warning);

        session.Events.StartStream<Consultation>(plan.ConsultationId, plan.ConsultationEvents.ToArray());
        foreach (var (pointId, tabled) in plan.ActionPoints)
            session.Events.StartStream<ActionPoint>(pointId, tabled);

        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (ExistingStreamIdCollisionException)
        {
            // Another node imported it at the same moment; its import stands.
            logger.LogInformation("Seed {Origin} was imported concurrently by another process", origin);
            return false;
        }

        logger.LogInformation("Imported seed {Origin}: {Title} with {Challenges} challenges and {Points} action points",
            origin, seed.Title, seed.Challenges.Count, plan.ActionPoints.Count);
        return true;
    }

    /// <summary>
    /// A consultation imported by an earlier version of the seed gets what that import lacked (restored text, the slot's
    /// label, the presenter's role, new data-quality notes) as events appended to its stream; nothing when nothing lacks.
    /// </summary>
    private async Task Restore(IDocumentSession session, SeedDocument seed, string origin, long version, CancellationToken ct)
    {
        var stored = await session.Events.AggregateStreamAsync<Consultation>(SeedPlanner.ConsultationIdFor(seed.Slug), token: ct);
        if (stored is null) return;
        var restoration = SeedPlanner.Restoration(seed, stored);
        if (restoration.Count == 0) return;
        session.Events.Append(stored.Id, version + restoration.Count, restoration.ToArray());
        try
        {
            await session.SaveChangesAsync(ct);
            logger.LogInformation("Seed {Origin}: restored {Count} part(s) an earlier import lacked", origin, restoration.Count);
        }
        catch (Exception e) when (e is JasperFx.ConcurrencyException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException)
        {
            logger.LogInformation("Seed {Origin} was restored concurrently by another process", origin);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
