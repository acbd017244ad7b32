using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.LivePush;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Outcome.OpenData;

/// <summary>
/// Loads an exported archive into a store: its log's records become the same events on the same streams, in the same
/// order, with the same times and organisations. Inputs and accreditations are not loaded: their streams start with a
/// private event (the input as submitted, the request) that the public log never holds.
/// </summary>
public static class ArchiveImport
{
    public sealed record Outcome(Guid ConsultationId, int Imported, int Skipped, string LogHead);

    private static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Hosting.ConsultationApp.ConfigureJson(json);
        return json;
    }

    /// <summary>The event types a log may hold, by the name the store gives them (snake case of the type's name).</summary>
    public static readonly IReadOnlyDictionary<string, Type> EventTypes = typeof(IConsultationEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IConsultationEvent).IsAssignableFrom(t))
        .ToDictionary(t => JsonNamingPolicy.SnakeCaseLower.ConvertName(t.Name));

    /// <summary>Types whose streams begin with a private event the log does not hold.</summary>
    public static bool Loadable(string type) => !type.StartsWith("submission_", StringComparison.Ordinal)
                                                && !type.StartsWith("accreditation_", StringComparison.Ordinal);

    public static async Task<(Outcome? Outcome, ProblemDetails Problem)> Run(IDocumentStore store, byte[] archive, CancellationToken ct)
    {
        var lines = OpenDataArchive.ReadLog(archive);
        if (lines is null) return (null, Problems.Invalid(("archive", $"The body is not an open-data archive (a zip with {OpenDataArchive.LogEntry}).")));
        var verdict = PublicLog.Verify(lines);
        if (!verdict.Intact)
            return (null, Problems.Invalid(("archive", $"{OpenDataArchive.LogEntry}, line {verdict.FirstBadLine}: {verdict.Reason}.")));
        if (lines.Count == 0) return (null, Problems.Invalid(("archive", "The log is empty.")));

        var records = lines.Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var consultationId = Guid.Parse(records[0]["consultationId"]!.GetValue<string>());
        var unknown = records.Select(r => r["type"]!.GetValue<string>()).FirstOrDefault(t => !EventTypes.ContainsKey(t));
        if (unknown is not null) return (null, Problems.Invalid(("archive", $"The log holds events of a type this platform does not know: {unknown}.")));

        await using var session = store.LightweightSession();
        if (await session.LoadAsync<Consultation>(consultationId, ct) is not null)
            return (null, Problems.Conflict("The consultation exists", $"This store already holds the consultation {consultationId}.", "consultation-exists"));

        int imported = 0, skipped = 0;
        Guid? pendingStream = null;
        foreach (var record in records)
        {
            var type = record["type"]!.GetValue<string>();
            if (!Loadable(type))
            {
                skipped++;
                continue;
            }

            var streamId = Guid.Parse(record["streamId"]!.GetValue<string>());
            // One transaction per run of events on one stream, so that the store numbers them in the log's order.
            if (pendingStream is { } open && open != streamId) await session.SaveChangesAsync(ct);
            pendingStream = streamId;

            var data = record["data"]!.Deserialize(EventTypes[type], Json)!;
            var e = session.Events.BuildEvent(data);
            e.Timestamp = DateTimeOffset.Parse(record["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            if (record["organisationId"]?.GetValue<string>() is { } organisationId) e.SetHeader(ChangeClassifier.OrganisationIdHeader, organisationId);
            if (record["organisation"]?.GetValue<string>() is { } organisation) e.SetHeader(ChangeClassifier.OrganisationNameHeader, organisation);
            session.Events.Append(streamId, e);
            imported++;
        }

        await session.SaveChangesAsync(ct);
        return (new Outcome(consultationId, imported, skipped, verdict.Head!), Problems.None);
    }
}
