using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Outcome.Summary;

/// <summary>The act: a co-chair discards the summary's edited draft (back to the one generated from the record),
/// against the version read. Sent by the API endpoint below and by the summary page
/// (<c>Web/Pages/Outcome/Summary.cshtml.cs</c>): one way in.</summary>
public sealed record DiscardDraft(Guid ConsultationId, DiscardSummaryDraft Form, Actor Actor) : IAct<SummaryDraftSaved>
{
    /// <summary>The stream written: the consultation's summary (Wolverine finds it by its name).</summary>
    public Guid OutcomeSummaryId => OutcomeSummary.IdFor(ConsultationId);
}

/// <summary>The one handler of <see cref="DiscardDraft"/>.</summary>
public static class DiscardDraftHandler
{
    public static Task<Consultation?> LoadAsync(DiscardDraft act, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<Consultation>(act.ConsultationId, ct);

    public static (Outcome<SummaryDraftSaved>, Events) Handle(DiscardDraft act, [WriteAggregate(Required = false)] OutcomeSummary? summary,
        Consultation? consultation)
    {
        if (consultation is null) return (new Refused.NotFound("consultation", act.ConsultationId), []);
        if (SummaryDecisions.CheckDiscard(act.Actor.In(act.ConsultationId), act.Form, summary) is { } refused) return (refused, []);
        return (new SummaryDraftSaved((summary?.Version ?? 0) + 1), [new SummaryDraftDiscarded(act.ConsultationId, act.Actor.PersonId)]);
    }
}

/// <summary>The HTTP way in to <see cref="DiscardDraft"/>.</summary>
public static class DiscardSummaryDraftEndpoint
{
    [WolverinePost("/api/consultations/{id}/summary/draft/discard", OperationId = "DiscardSummaryDraft")]
    [Authorize]
    [Tags("Outcome")]
    [ProducesResponseType<SummaryView>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(DiscardSummaryDraft command, Guid id, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new DiscardDraft(id, command, Actor.Require(user)), ct)).ToHttp();
}
