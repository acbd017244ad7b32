using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Amendments;

/// <summary>The proposer restates an open amendment (or one needing a rebase) against the point's current version
/// (the request body).</summary>
public sealed record RebaseAmendment(int BaseVersion, string? Text);

/// <summary>The act: rebase an amendment (<see cref="RebaseAmendment"/>). Answers the amendment as it now stands.
/// Sent by the API endpoint below and by the rebase page (<c>Web/Pages/Amendments/Rebase.cshtml.cs</c>): one way in.</summary>
public sealed record Rebase(Guid AmendmentId, RebaseAmendment Form, Actor Actor) : IAct<Amendment>;

/// <summary>The one handler of <see cref="Rebase"/>.</summary>
public static class RebaseHandler
{
    /// <summary>The point the amendment amends and its consultation, in one round trip.</summary>
    public static async Task<(ActionPoint?, Consultation?)> LoadAsync(Rebase act, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<Amendment>(act.AmendmentId, ct) is not { } amendment) return (null, null);
        var batch = session.CreateBatchQuery();
        var point = batch.Load<ActionPoint>(amendment.ActionPointId);
        var consultation = batch.Load<Consultation>(amendment.ConsultationId);
        await batch.Execute(ct);
        return (await point, await consultation);
    }

    public static (Outcome<Amendment>, Events) Handle(Rebase act, [WriteAggregate(Required = false)] Amendment? amendment,
        ActionPoint? point, Consultation? consultation, TimeProvider time)
    {
        if (amendment is null) return (new Refused.NotFound("amendment", act.AmendmentId), []);
        if (consultation is null || (point is null && amendment.Kind == AmendmentKind.Replace))
            return (new Refused.NotFound("action point", amendment.ActionPointId), []);
        if (AmendmentDecisions.CheckRebase(act.Actor, act.Form, amendment, point, consultation) is { } refused) return (refused, []);
        object[] events = [AmendmentDecisions.Rebase(act.Actor, act.Form, amendment)];
        return (amendment.After(events, time.GetUtcNow()), new Events(events));
    }
}

/// <summary>The HTTP way in to <see cref="Rebase"/>.</summary>
public static class RebaseAmendmentEndpoint
{
    [WolverinePost("/api/amendments/{amendmentId}/rebase", OperationId = "RebaseAmendment")]
    [RequestSizeLimit(Infrastructure.Input.RequestInputGuard.LongTextBodyLimit)] // long texts
    [Authorize]
    [Tags("Amendments")]
    [ProducesResponseType<Amendment>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(RebaseAmendment command, Guid amendmentId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new Rebase(amendmentId, command, Actor.Require(user)), ct)).ToHttp();
}
