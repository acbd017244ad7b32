using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Consultations.History;

namespace ConsultationPlatform.Outcome.OpenData;

/// <summary>What an archive holds, beside its files.</summary>
public sealed record ArchiveManifest(Guid ConsultationId, string Slug, string Title, DateTimeOffset ExportedAt, long LogRecords, string LogHead,
    IReadOnlyList<ArchiveDataSet> DataSets);

public sealed record ArchiveDataSet(string Name, int Rows, string Json, string Csv);

public static class OpenDataReadsOfLog
{
    /// <summary>The consultation's public history, oldest first (what the public audit shows).</summary>
    public static async Task<IReadOnlyList<ConsultationChange>> PublicChanges(IQuerySession session, Guid consultationId, CancellationToken ct) =>
        await session.Query<ConsultationChange>()
            .Where(c => c.ConsultationId == consultationId && c.Audience == ChangeAudience.Public)
            .OrderBy(c => c.Id).ToListAsync(ct);

    public static async Task<IReadOnlyList<string>> Lines(IQuerySession session, Guid consultationId, CancellationToken ct) =>
        PublicLog.Records(await PublicChanges(session, consultationId, ct)).Select(PublicLog.Line).ToList();
}

public static class OpenDataEndpoints
{
    public const string HeadHeader = "Log-Head";

    /// <summary>One dataset of the consultation (action-points, versions, amendments, endorsements, inputs, accreditations), as JSON or CSV.</summary>
    [WolverineGet("/api/consultations/{id}/open-data/{dataset}", OperationId = "GetOpenDataSet")]
    [Tags("Open data")]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)]
    public static async Task<IResult> DataSet(Guid id, string dataset, string? format, IQuerySession session, CancellationToken ct)
    {
        if (format is not (null or "json" or "csv"))
            return Results.Problem(Problems.Invalid(("format", "The format is json (the default) or csv.")));
        var source = await OpenDataReads.Load(session, id, ct);
        if (source is null) return Results.Problem(Problems.NotFound("consultation", id));
        var set = OpenDataSets.Build(source, dataset);
        if (set is null)
        {
            var problem = Problems.NotFound("dataset", dataset);
            problem.Detail = $"There is no dataset {dataset}; there are {string.Join(", ", OpenDataSets.All.Select(d => d.Name))}.";
            return Results.Problem(problem);
        }

        return format == "csv"
            ? Results.File(OpenDataFormats.ToCsv(set), "text/csv; charset=utf-8", $"{source.Consultation.Slug}-{set.Name}.csv")
            : Results.File(OpenDataFormats.ToJson(set), "application/json; charset=utf-8", $"{source.Consultation.Slug}-{set.Name}.json");
    }

    /// <summary>The public event log of the consultation, NDJSON, hash-chained (docs/open-data.md); the last hash in the Log-Head header.</summary>
    [WolverineGet("/api/consultations/{id}/open-data/log", OperationId = "GetPublicEventLog")]
    [Tags("Open data")]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Log(Guid id, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        var consultation = await session.LoadAsync<Consultation>(id, ct);
        if (consultation is null) return Results.Problem(Problems.NotFound("consultation", id));
        var lines = await OpenDataReadsOfLog.Lines(session, id, ct);
        http.Response.Headers[HeadHeader] = lines.Count == 0 ? PublicLog.Genesis : JsonNode.Parse(lines[^1])!["hash"]!.GetValue<string>();
        return Results.File(Encoding.UTF8.GetBytes(Ndjson(lines)), "application/x-ndjson; charset=utf-8", $"{consultation.Slug}-log.ndjson");
    }

    /// <summary>Everything at once: every dataset in JSON and CSV, the public event log and a manifest, in one zip.</summary>
    [WolverineGet("/api/consultations/{id}/open-data/archive", OperationId = "GetOpenDataArchive")]
    [Tags("Open data")]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Archive(Guid id, IQuerySession session, CancellationToken ct)
    {
        var source = await OpenDataReads.Load(session, id, ct);
        if (source is null) return Results.Problem(Problems.NotFound("consultation", id));
        var lines = await OpenDataReadsOfLog.Lines(session, id, ct);
        return Results.File(OpenDataArchive.Write(source, lines, DateTimeOffset.UtcNow), "application/zip", $"{source.Consultation.Slug}-open-data.zip");
    }

    /// <summary>
    /// (Admins) Loads an archive (application/zip, as exported) into this store: the consultation's public events,
    /// with their times and organisations, after checking the log's hash chain. Refused when the consultation exists.
    /// </summary>
    [WolverinePost("/api/open-data/import", OperationId = "ImportOpenDataArchive")]
    [Authorize]
    [Tags("Open data")]
    [ProducesResponseType<ArchiveImport.Outcome>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Import(HttpContext http, ClaimsPrincipal user, IDocumentStore store, CancellationToken ct)
    {
        var access = AccessRules.Check(Actor.From(user), AccessAct.CreateConsultation);
        if (access is not null) return Results.Problem(access.ToProblem());
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, ct);
        var (outcome, problem) = await ArchiveImport.Run(store, body.ToArray(), ct);
        return outcome is null ? Results.Problem(problem) : Results.Created($"/api/consultations/{outcome.ConsultationId}", outcome);
    }

    public static string Ndjson(IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines) text.Append(line).Append('\n');
        return text.ToString();
    }
}

public static class OpenDataArchive
{
    public const string LogEntry = "log.ndjson";
    public const string ManifestEntry = "manifest.json";

    public static byte[] Write(OpenDataSource source, IReadOnlyList<string> logLines, DateTimeOffset exportedAt)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var sets = new List<ArchiveDataSet>();
            foreach (var (name, _, _) in OpenDataSets.All)
            {
                var set = OpenDataSets.Build(source, name)!;
                Add(zip, $"data/{name}.json", OpenDataFormats.ToJson(set));
                Add(zip, $"data/{name}.csv", OpenDataFormats.ToCsv(set));
                sets.Add(new ArchiveDataSet(name, set.Rows.Count, $"data/{name}.json", $"data/{name}.csv"));
            }

            Add(zip, LogEntry, Encoding.UTF8.GetBytes(OpenDataEndpoints.Ndjson(logLines)));
            var head = logLines.Count == 0 ? PublicLog.Genesis : JsonNode.Parse(logLines[^1])!["hash"]!.GetValue<string>();
            var manifest = new ArchiveManifest(source.Consultation.Id, source.Consultation.Slug, source.Consultation.Title, exportedAt,
                logLines.Count, head, sets);
            Add(zip, ManifestEntry, JsonSerializer.SerializeToUtf8Bytes(manifest, OpenDataFormats.Json));
        }

        return buffer.ToArray();
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        entry.Write(content);
    }

    /// <summary>The lines of the archive's log, or null when the bytes are not an archive with a log.</summary>
    public static IReadOnlyList<string>? ReadLog(byte[] archive)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
            var entry = zip.GetEntry(LogEntry);
            if (entry is null) return null;
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            return Lines(reader.ReadToEnd());
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>The rows of the datasets the import restates private openings from (empty when absent).</summary>
    public sealed record Rows(IReadOnlyList<InputRow> Inputs, IReadOnlyList<AccreditationRow> Accreditations, IReadOnlyList<ReplyRow> Replies);

    public static Rows ReadRows(byte[] archive)
    {
        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        return new Rows(Read<InputRow>(zip, "data/inputs.json"), Read<AccreditationRow>(zip, "data/accreditations.json"),
            Read<ReplyRow>(zip, "data/replies.json"));

        static IReadOnlyList<T> Read<T>(ZipArchive zip, string name)
        {
            if (zip.GetEntry(name) is not { } entry) return [];
            using var stream = entry.Open();
            return JsonSerializer.Deserialize<List<T>>(stream, OpenDataFormats.Json) ?? [];
        }
    }

    /// <summary>The lines of an NDJSON text (the last line's newline is optional).</summary>
    public static IReadOnlyList<string> Lines(string text)
    {
        var lines = text.Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        return lines;
    }
}
