using System.Text.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.LiveSessions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsultationPlatform.Seeding;

/// <summary>A session as transcribed in <c>seeds/sessions/*.json</c> (format: seeds/README.md, "Sessions").</summary>
public sealed record SessionSeed
{
    /// <summary>The slug of the seeded consultation the session belongs to.</summary>
    public string Consultation { get; init; } = "";

    /// <summary>The session's number within the consultation (its identity follows from the slug and the number).</summary>
    public int Number { get; init; } = 1;

    public string Title { get; init; } = "";
    public DateTimeOffset Starts { get; init; }
    public DateTimeOffset Ends { get; init; }
    public string TimeZone { get; init; } = "UTC";
    public string[] CoChairs { get; init; } = [];
    public List<AgendaItemInput> Agenda { get; init; } = [];

    /// <summary><c>scheduled</c> or <c>closed</c> (a held session).</summary>
    public SessionStatus Status { get; init; } = SessionStatus.Scheduled;

    /// <summary><c>coChairsSummary</c>: the consultation's own text (preamble, challenges, action points, closing) is the session's summary.</summary>
    public string? Summary { get; init; }
}

/// <summary>Turns a session seed into the events a chair's acts would have produced (a pure function).</summary>
public static class SessionSeedPlanner
{
    private static readonly Guid Namespace = new("5e7d0a92-4c1b-4e8f-9d36-a1b2c3d4e5f6");

    public static Guid SessionIdFor(string consultationSlug, int number) => DeterministicGuid.Create(Namespace, consultationSlug, number);

    public static IReadOnlyList<object> Plan(SessionSeed seed, Consultation consultation, IReadOnlyList<(int Number, string Text)> actionPoints)
    {
        var id = SessionIdFor(seed.Consultation, seed.Number);
        var chairActor = new Stakeholders.Actor(Guid.Empty, "Seed", Guid.Empty, "", default, new HashSet<Stakeholders.PlatformRole> { Stakeholders.PlatformRole.Moderator });
        var (problem, scheduled) = SessionDecisions.Schedule(chairActor,
            new ScheduleSession(seed.Title, seed.Starts, seed.Ends, seed.TimeZone, seed.Agenda, null, seed.CoChairs), id, consultation,
            actionPoints.Select(p => p.Number).ToList(), new Dictionary<int, Guid>());
        if (problem is not null) throw new InvalidSeedException($"Session seed of '{seed.Consultation}': {problem.ToProblem().Detail}");
        var events = new List<object> { scheduled! };
        if (seed.Status != SessionStatus.Closed) return events;
        events.Add(new SessionOpened(id, consultation.Id, seed.Starts, Guid.Empty));
        events.Add(new SessionClosed(id, consultation.Id, seed.Ends, Guid.Empty));
        if (seed.Summary == "coChairsSummary")
            events.Add(new SessionSummaryPublished(id, consultation.Id, CoChairsSummaryText.Of(consultation, actionPoints), [], Guid.Empty));
        return events;
    }
}

/// <summary>
/// Imports <c>seeds/sessions/*.json</c> after the consultations (it is registered after <see cref="SeedImporter"/>):
/// each session whose stream the store does not hold yet, as events. A second start imports nothing.
/// </summary>
public sealed class SessionSeedImporter(IDocumentStore store, IOptions<SeedOptions> options, ILogger<SessionSeedImporter> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (!options.Value.ImportOnStart) return;
        var directory = Path.Combine(options.Value.Directory ?? Path.Combine(AppContext.BaseDirectory, "seeds"), "sessions");
        if (!Directory.Exists(directory)) return;
        foreach (var file in Directory.GetFiles(directory, "*.json").Order())
        {
            var seed = JsonSerializer.Deserialize<SessionSeed>(await File.ReadAllTextAsync(file, ct), SeedImporter.Json)
                       ?? throw new InvalidSeedException($"{file} is empty");
            await Import(seed, Path.GetFileName(file), ct);
        }
    }

    public async Task<bool> Import(SessionSeed seed, string origin, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var id = SessionSeedPlanner.SessionIdFor(seed.Consultation, seed.Number);
        if (await session.Events.FetchStreamStateAsync(id, ct) is not null) return false;
        var consultationId = SeedPlanner.ConsultationIdFor(seed.Consultation);
        var consultation = await session.LoadAsync<Consultation>(consultationId, ct);
        if (consultation is null)
        {
            logger.LogWarning("Session seed {Origin}: no consultation '{Slug}'; nothing imported", origin, seed.Consultation);
            return false;
        }

        var points = await session.Query<ActionPoints.ActionPoint>().Where(p => p.ConsultationId == consultationId).ToListAsync(ct);
        var events = SessionSeedPlanner.Plan(seed, consultation, points.Select(p => (p.Number, p.Current.Text)).ToList());
        session.Events.StartStream<Session>(id, events.ToArray());
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Marten.Exceptions.ExistingStreamIdCollisionException)
        {
            return false; // imported at the same moment by another node
        }

        logger.LogInformation("Imported session seed {Origin}: {Title} ({Status})", origin, seed.Title, seed.Status);
        return true;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
