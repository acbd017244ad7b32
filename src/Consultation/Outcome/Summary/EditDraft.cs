using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Outcome.Summary;

/// <summary>The answer of a write of the summary's draft: the version of the summary's stream it made.</summary>
public sealed record SummaryDraftSaved(int Version);

/// <summary>The act: a co-chair edits the summary's draft, against the version read. Sent by the API endpoint below and
/// by the summary page (<c>Web/Pages/Outcome/Summary.cshtml.cs</c>): one way in.</summary>
public sealed record EditDraft(Guid ConsultationId, EditSummaryDraft Form, Actor Actor) : IAct<SummaryDraftSaved>
{
    /// <summary>The stream written: the consultation's summary (Wolverine finds it by its name).</summary>
    public Guid OutcomeSummaryId => OutcomeSummary.IdFor(ConsultationId);
}

/// <summary>The one handler of <see cref="EditDraft"/>.</summary>
public static class EditDraftHandler
{
    public static Task<Consultation?> LoadAsync(EditDraft act, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<Consultation>(act.ConsultationId, ct);

    public static (Outcome<SummaryDraftSaved>, Events) Handle(EditDraft act, [WriteAggregate(Required = false)] OutcomeSummary? summary, Consultation? consultation)
    {
        if (consultation is null) return (new Refused.NotFound("consultation", act.ConsultationId), []);
        if (SummaryDecisions.CheckEdit(act.Actor.In(act.ConsultationId), act.Form, summary) is { } refused) return (refused, []);
        return (new SummaryDraftSaved((summary?.Version ?? 0) + 1), [SummaryDecisions.Edit(act.Actor, act.ConsultationId, act.Form)]);
    }
}

/// <summary>The HTTP way in to <see cref="EditDraft"/>.</summary>
public static class EditSummaryDraftEndpoint
{
    [WolverinePut("/api/consultations/{id}/summary/draft", OperationId = "EditSummaryDraft")]
    [Authorize]
    [Tags("Outcome")]
    [ProducesResponseType<SummaryView>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Put(EditSummaryDraft command, Guid id, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new EditDraft(id, command, Actor.Require(user)), ct)).ToHttp();
}
