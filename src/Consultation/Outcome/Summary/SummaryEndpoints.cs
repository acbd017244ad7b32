using System.Globalization;
using System.Resources;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Web.Resources;

namespace ConsultationPlatform.Outcome.Summary;

public sealed record PublishedSummaryRef(int Number, bool Edited, string PublishedBy, DateTimeOffset? At, string Href);

/// <summary>The summary as it stands: generated from the record, the co-chairs' edited draft if any, the published versions.</summary>
public sealed record SummaryView(
    Guid ConsultationId,
    int Version,
    SummaryDraft Generated,
    string GeneratedMarkdown,
    string? EditedDraft,
    string? EditedBy,
    DateTimeOffset? EditedAt,
    IReadOnlyList<PublishedSummaryRef> Published);

/// <summary>Reads of the summary; shared by the endpoints and the page.</summary>
public static class SummaryReads
{
    private static readonly ResourceManager Resources = new("ConsultationPlatform.Web.Resources.SharedResource", typeof(SharedResource).Assembly);

    /// <summary>A label of the UI in a language (resource key → text), for the Markdown.</summary>
    public static Func<string, string> Labels(CultureInfo culture) => key => Resources.GetString(key, culture) ?? key;

    public static async Task<(Consultation Consultation, SummaryDraft Draft, OutcomeSummary? Summary)?> Load(
        IQuerySession session, Guid consultationId, IEnumerable<ISummarySections> contributors, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var consultation = batch.Load<Consultation>(consultationId);
        var summary = batch.Load<OutcomeSummary>(OutcomeSummary.IdFor(consultationId));
        var points = batch.Query<ActionPoint>().Where(p => p.ConsultationId == consultationId).ToList();
        var endorsements = batch.Query<Endorsement>().Where(e => e.ConsultationId == consultationId && e.Active).ToList();
        var amendments = batch.Query<Amendment>().Where(a => a.ConsultationId == consultationId).ToList();
        var accreditations = batch.Query<Accreditation>().Where(a => a.ConsultationId == consultationId).ToList();
        var submissions = batch.Query<Submission>().Where(s => s.ConsultationId == consultationId && s.Status == SubmissionStatus.Published).ToList();
        await batch.Execute(ct);
        if (await consultation is not { } found) return null;

        var sections = new List<SummarySection>();
        foreach (var contributor in contributors) sections.AddRange(await contributor.For(session, found, ct));
        var draft = SummaryGeneration.Generate(new SummaryRecord(found, await points, await endorsements, await amendments,
            await accreditations, await submissions, sections));
        return (found, draft, await summary);
    }

    public static SummaryView View(SummaryDraft draft, OutcomeSummary? summary, CultureInfo culture) => new(
        draft.ConsultationId,
        summary?.Version ?? 0,
        draft,
        SummaryMarkdown.Render(draft, Labels(culture), culture),
        summary?.EditedDraft,
        summary?.EditedByName,
        summary?.EditedAt,
        (summary?.Published ?? []).Select(p => new PublishedSummaryRef(p.Number, p.Edited, p.PublishedBy, p.At,
            $"/api/consultations/{draft.ConsultationId}/summary/versions/{p.Number}")).ToList());

    public static CultureInfo Culture(string? lang) =>
        lang is not null && Web.WebFront.Languages.Contains(lang) ? new CultureInfo(lang) : new CultureInfo("en");
}

public static class SummaryEndpoints
{
    /// <summary>The summary: generated from the record (every claim with the records it comes from), the edited draft, the published versions.</summary>
    [WolverineGet("/api/consultations/{id}/summary", OperationId = "GetSummary")]
    [Tags("Outcome")]
    [ProducesResponseType<SummaryView>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid id, string? lang, IQuerySession session, SummaryContributors contributors, CancellationToken ct) =>
        await SummaryReads.Load(session, id, contributors.All, ct) is { } read
            ? Results.Ok(SummaryReads.View(read.Draft, read.Summary, SummaryReads.Culture(lang)))
            : Results.Problem(Problems.NotFound("consultation", id));

    /// <summary>
    /// The summary as Markdown: the edited draft if there is one, otherwise the one generated from the record (with its
    /// headings in <c>lang</c>); <c>version</c> gives a published version instead.
    /// </summary>
    [WolverineGet("/api/consultations/{id}/summary/markdown", OperationId = "GetSummaryMarkdown")]
    [Tags("Outcome")]
    [Produces("text/markdown")]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Markdown(Guid id, string? lang, int? version, IQuerySession session, SummaryContributors contributors, CancellationToken ct)
    {
        if (await SummaryReads.Load(session, id, contributors.All, ct) is not { } read)
            return Results.Problem(Problems.NotFound("consultation", id));
        if (version is { } number)
            return read.Summary?.Published.FirstOrDefault(p => p.Number == number) is { } published
                ? Results.Text(published.Markdown, "text/markdown; charset=utf-8")
                : Results.Problem(Problems.NotFound("published summary version", number));
        var culture = SummaryReads.Culture(lang);
        return Results.Text(read.Summary?.EditedDraft ?? SummaryMarkdown.Render(read.Draft, SummaryReads.Labels(culture), culture),
            "text/markdown; charset=utf-8");
    }

    [WolverineGet("/api/consultations/{id}/summary/versions/{number}", OperationId = "GetPublishedSummary")]
    [Tags("Outcome")]
    [ProducesResponseType<PublishedSummary>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Published(Guid id, int number, IQuerySession session, CancellationToken ct) =>
        (await session.LoadAsync<OutcomeSummary>(OutcomeSummary.IdFor(id), ct))?.Published.FirstOrDefault(p => p.Number == number) is { } published
            ? Results.Ok(published)
            : Results.Problem(Problems.NotFound("published summary version", number));
}
