using System.Globalization;
using System.Resources;
using System.Security.Claims;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Web.Resources;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

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

    [WolverinePut("/api/consultations/{id}/summary/draft", OperationId = "EditSummaryDraft")]
    [Authorize]
    [Tags("Outcome")]
    [ProducesResponseType<SummaryView>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static Task<IResult> Edit(Guid id, EditSummaryDraft command, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct) =>
        SummaryWrites.Edit(session, user, id, command, ct);

    [WolverinePost("/api/consultations/{id}/summary/draft/discard", OperationId = "DiscardSummaryDraft")]
    [Authorize]
    [Tags("Outcome")]
    [ProducesResponseType<SummaryView>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static Task<IResult> Discard(Guid id, DiscardSummaryDraft command, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct) =>
        SummaryWrites.Discard(session, user, id, command, ct);

    [WolverinePost("/api/consultations/{id}/summary/publish", OperationId = "PublishSummary")]
    [Authorize]
    [Tags("Outcome")]
    [ProducesResponseType<PublishedSummaryRef>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static Task<IResult> Publish(Guid id, PublishSummary command, IDocumentSession session, SummaryContributors contributors, ClaimsPrincipal user,
        CancellationToken ct) =>
        SummaryWrites.Publish(session, contributors, user, id, command, ct);
}

/// <summary>The writes of the summary, shared by the endpoints and the page's forms: one stream per consultation, each write against the version read.</summary>
public static class SummaryWrites
{
    private static async Task<(Consultation?, JasperFx.Events.IEventStream<OutcomeSummary>)> Fetch(IDocumentSession session, Guid id, CancellationToken ct) =>
        (await session.LoadAsync<Consultation>(id, ct), await session.Events.FetchForWriting<OutcomeSummary>(OutcomeSummary.IdFor(id), ct));

    public static async Task<IResult> Edit(IDocumentSession session, ClaimsPrincipal user, Guid id, EditSummaryDraft command, CancellationToken ct)
    {
        var (consultation, stream) = await Fetch(session, id, ct);
        if (consultation is null) return Results.Problem(Problems.NotFound("consultation", id));
        var actor = Actor.From(user)?.In(id);
        var problem = SummaryDecisions.CheckEdit(actor, command, stream.Aggregate);
        if (!problem.IsNone()) return Results.Problem(problem);
        stream.AppendOne(SummaryDecisions.Edit(actor!, id, command));
        await session.SaveChangesAsync(ct);
        return Results.Ok(new { version = (stream.Aggregate?.Version ?? 0) + 1 });
    }

    public static async Task<IResult> Discard(IDocumentSession session, ClaimsPrincipal user, Guid id, DiscardSummaryDraft command, CancellationToken ct)
    {
        var (consultation, stream) = await Fetch(session, id, ct);
        if (consultation is null) return Results.Problem(Problems.NotFound("consultation", id));
        var actor = Actor.From(user)?.In(id);
        var problem = SummaryDecisions.CheckDiscard(actor, command, stream.Aggregate);
        if (!problem.IsNone()) return Results.Problem(problem);
        stream.AppendOne(new SummaryDraftDiscarded(id, actor!.PersonId));
        await session.SaveChangesAsync(ct);
        return Results.Ok(new { version = (stream.Aggregate?.Version ?? 0) + 1 });
    }

    public static async Task<IResult> Publish(IDocumentSession session, SummaryContributors contributors, ClaimsPrincipal user, Guid id, PublishSummary command,
        CancellationToken ct)
    {
        var (consultation, stream) = await Fetch(session, id, ct);
        if (consultation is null) return Results.Problem(Problems.NotFound("consultation", id));
        var actor = Actor.From(user)?.In(id);
        var problem = SummaryDecisions.CheckPublication(actor, command, stream.Aggregate);
        if (!problem.IsNone()) return Results.Problem(problem);
        var read = (await SummaryReads.Load(session, id, contributors.All, ct))!.Value;
        var language = consultation.Languages.FirstOrDefault() ?? "en";
        var culture = SummaryReads.Culture(language);
        var published = SummaryDecisions.Publish(actor!, id, stream.Aggregate,
            SummaryMarkdown.Render(read.Draft, SummaryReads.Labels(culture), culture), language);
        stream.AppendOne(published);
        await session.SaveChangesAsync(ct);
        var href = $"/api/consultations/{id}/summary/versions/{published.Number}";
        return Results.Created(href, new PublishedSummaryRef(published.Number, published.Edited, published.PublishedByName, null, href));
    }
}
