using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Outcome.Summary;

/// <summary>The act: a co-chair publishes the summary (the edited draft, else the one generated from the record, in
/// the consultation's first language), against the version read. Sent by the API endpoint below and by the summary
/// page (<c>Web/Pages/Outcome/Summary.cshtml.cs</c>): one way in.</summary>
public sealed record Publish(Guid ConsultationId, PublishSummary Form, Actor Actor) : IAct<PublishedSummaryRef>
{
    /// <summary>The stream written: the consultation's summary (Wolverine finds it by its name).</summary>
    public Guid OutcomeSummaryId => OutcomeSummary.IdFor(ConsultationId);
}

/// <summary>The one handler of <see cref="Publish"/>.</summary>
public static class PublishHandler
{
    /// <summary>The consultation and the summary generated from its record.</summary>
    public static async Task<(Consultation?, SummaryDraft?)> LoadAsync(Publish act, IQuerySession session, SummaryContributors contributors, CancellationToken ct) =>
        await SummaryReads.Load(session, act.ConsultationId, contributors.All, ct) is { } read ? (read.Consultation, read.Draft) : (null, null);

    public static (Outcome<PublishedSummaryRef>, Events) Handle(Publish act, [WriteAggregate(Required = false)] OutcomeSummary? summary,
        Consultation? consultation, SummaryDraft? generated)
    {
        if (consultation is null || generated is null) return (new Refused.NotFound("consultation", act.ConsultationId), []);
        if (SummaryDecisions.CheckPublication(act.Actor.In(act.ConsultationId), act.Form, summary) is { } refused) return (refused, []);
        var language = consultation.Languages.FirstOrDefault() ?? "en";
        var culture = SummaryReads.Culture(language);
        var published = SummaryDecisions.Publish(act.Actor, act.ConsultationId, summary,
            SummaryMarkdown.Render(generated, SummaryReads.Labels(culture), culture), language);
        var href = $"/api/consultations/{act.ConsultationId}/summary/versions/{published.Number}";
        return (new PublishedSummaryRef(published.Number, published.Edited, published.PublishedByName, null, href), [published]);
    }
}

/// <summary>The HTTP way in to <see cref="Publish"/>.</summary>
public static class PublishSummaryEndpoint
{
    [WolverinePost("/api/consultations/{id}/summary/publish", OperationId = "PublishSummary")]
    [Authorize]
    [Tags("Outcome")]
    [ProducesResponseType<PublishedSummaryRef>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(PublishSummary command, Guid id, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new Publish(id, command, Actor.Require(user)), ct)).ToHttp(published => Results.Created(published.Href, published));
}
