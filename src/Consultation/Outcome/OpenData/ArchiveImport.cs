using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Consultations.History;

namespace ConsultationPlatform.Outcome.OpenData;

/// <summary>
/// Loads an exported archive into a store: its log's records become the same events on the same streams, in the same
/// order, with the same times and organisations. The streams of inputs and accreditations start with a private event
/// (the input as submitted, the request) that the public log never holds, and so do replies' (the reply as posted): it
/// is restated from the archive's public datasets (inputs.json, accreditations.json, replies.json), without the person,
/// at the time the dataset gives, and stays private; an input or a reply that is no longer published (hidden) is in no
/// dataset, so its stream is left out.
/// </summary>
public static class ArchiveImport
{
    public sealed record Outcome(Guid ConsultationId, int Imported, int Skipped, string LogHead);

    private static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Common.JsonConventions.Apply(json);
        return json;
    }

    /// <summary>The event types a log may hold, by the name the store gives them (snake case of the type's name).</summary>
    public static readonly IReadOnlyDictionary<string, Type> EventTypes = EventCatalogue.All.ToDictionary(k => k.Name, k => k.Type);

    /// <summary>The private first event of an input's, an accreditation's or a reply's stream, restated from the public datasets (with its time, when they give it); null when they do not hold it.</summary>
    private static (object Event, DateTimeOffset? At)? Opening(JsonObject record, Guid consultationId, OpenDataArchive.Rows rows)
    {
        var type = record["type"]!.GetValue<string>();
        var data = record["data"]!.AsObject();
        if (AccreditationEvents.Contains(type))
        {
            var organisationId = Guid.Parse(data["organisationId"]!.GetValue<string>());
            return rows.Accreditations.FirstOrDefault(a => a.OrganisationId == organisationId) is { } a
                ? (new Stakeholders.AccreditationRequested(Guid.Parse(data["accreditationId"]!.GetValue<string>()), consultationId, organisationId,
                    a.OrganisationName, Enum.Parse<Stakeholders.StakeholderGroup>(a.OrganisationGroup, ignoreCase: true), null, Guid.Empty), null)
                : null;
        }

        if (InputEvents.Contains(type))
        {
            var submissionId = Guid.Parse(data["submissionId"]!.GetValue<string>());
            return rows.Inputs.FirstOrDefault(i => i.InputId == submissionId) is { } i
                ? (new Submissions.SubmissionReceived(submissionId, consultationId, i.ActionPointId, i.ActionPointNumber, i.Title, i.BodyMarkdown,
                    Submissions.MarkdownRendering.ToHtml(i.BodyMarkdown), i.Language, Guid.Empty, "", i.OrganisationId, i.OrganisationName,
                    Enum.Parse<Stakeholders.StakeholderGroup>(i.OrganisationGroup, ignoreCase: true)), null)
                : null;
        }

        if (ReplyEvents.Contains(type))
        {
            var replyId = Guid.Parse(data["replyId"]!.GetValue<string>());
            return rows.Replies.FirstOrDefault(r => r.ReplyId == replyId) is { } r
                ? (new Replies.ReplyPosted(replyId, consultationId, Enum.Parse<Replies.ReplyParent>(r.ParentKind, ignoreCase: true), r.ParentId,
                    r.ActionPointId, r.InReplyTo, r.BodyMarkdown, Submissions.MarkdownRendering.ToHtml(r.BodyMarkdown), r.Language, Guid.Empty, "",
                    r.OrganisationId, r.OrganisationName, Enum.Parse<Stakeholders.StakeholderGroup>(r.OrganisationGroup, ignoreCase: true)), r.PostedAt)
                : null;
        }

        return null;
    }

    // The streams that start with a private event (not in the public log): an accreditation's and an input's.
    private static readonly HashSet<string> AccreditationEvents =
    [
        EventCatalogue.NameOf<Stakeholders.AccreditationRequested>(), EventCatalogue.NameOf<Stakeholders.AccreditationGranted>(),
        EventCatalogue.NameOf<Stakeholders.AccreditationRefused>(), EventCatalogue.NameOf<Stakeholders.AccreditationWithdrawn>(),
    ];

    private static readonly HashSet<string> InputEvents =
    [
        EventCatalogue.NameOf<Submissions.SubmissionReceived>(), EventCatalogue.NameOf<Submissions.SubmissionPublished>(),
        EventCatalogue.NameOf<Submissions.SubmissionRejected>(), EventCatalogue.NameOf<Submissions.SubmissionHidden>(),
        EventCatalogue.NameOf<Submissions.SubmissionFlagged>(),
    ];

    private static readonly HashSet<string> ReplyEvents =
    [
        EventCatalogue.NameOf<Replies.ReplyPosted>(), EventCatalogue.NameOf<Replies.ReplyPublished>(),
        EventCatalogue.NameOf<Replies.ReplyRejected>(), EventCatalogue.NameOf<Replies.ReplyHidden>(),
    ];

    private static bool StartsPrivately(string type) => InputEvents.Contains(type) || AccreditationEvents.Contains(type) || ReplyEvents.Contains(type);

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

        var rows = OpenDataArchive.ReadRows(archive);
        int imported = 0, skipped = 0;
        Guid? pendingStream = null;
        var started = new HashSet<Guid>();
        var left = new HashSet<Guid>();
        foreach (var record in records)
        {
            var type = record["type"]!.GetValue<string>();
            var streamId = Guid.Parse(record["streamId"]!.GetValue<string>());
            (object Event, DateTimeOffset? At)? opening = null;
            if (StartsPrivately(type) && !started.Contains(streamId))
            {
                opening = left.Contains(streamId) ? null : Opening(record, consultationId, rows);
                if (opening is null)
                {
                    left.Add(streamId);
                    skipped++;
                    continue;
                }
            }

            // One transaction per run of events on one stream, so that the store numbers them in the log's order.
            if (pendingStream is { } open && open != streamId) await session.SaveChangesAsync(ct);
            pendingStream = streamId;
            started.Add(streamId);
            var at = DateTimeOffset.Parse(record["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            if (opening is { } restated)
            {
                var first = session.Events.BuildEvent(restated.Event);
                first.Timestamp = restated.At ?? at;
                session.Events.Append(streamId, first);
            }

            var data = record["data"]!.Deserialize(EventTypes[type], Json)!;
            var e = session.Events.BuildEvent(data);
            e.Timestamp = at;
            if (record["organisationId"]?.GetValue<string>() is { } organisationId) e.SetHeader(ChangeClassifier.OrganisationIdHeader, organisationId);
            if (record["organisation"]?.GetValue<string>() is { } organisation) e.SetHeader(ChangeClassifier.OrganisationNameHeader, organisation);
            session.Events.Append(streamId, e);
            imported++;
        }

        await session.SaveChangesAsync(ct);
        return (new Outcome(consultationId, imported, skipped, verdict.Head!), Problems.None);
    }
}
