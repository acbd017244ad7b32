using System.Security.Claims;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace ConsultationPlatform.Amendments;

/// <summary>The proposer restates an open amendment (or one needing a rebase) against the point's current version.</summary>
public sealed record RebaseAmendment(int BaseVersion, string? Text);

public static class RebaseAmendmentEndpoint
{
    public static async Task<(ActionPoint?, Consultation?)> LoadAsync(Amendment amendment, IQuerySession session, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var point = batch.Load<ActionPoint>(amendment.ActionPointId);
        var consultation = batch.Load<Consultation>(amendment.ConsultationId);
        await batch.Execute(ct);
        return (await point, await consultation);
    }

    public static ProblemDetails Validate(RebaseAmendment command, Amendment amendment, ActionPoint? point, Consultation? consultation,
        ClaimsPrincipal user) =>
        consultation is null || (point is null && amendment.Kind == AmendmentKind.Replace)
            ? Problems.NotFound("action point", amendment.ActionPointId)
            : AmendmentDecisions.CheckRebase(Actor.Require(user), command, amendment, point, consultation);

    [WolverinePost("/api/amendments/{amendmentId}/rebase", OperationId = "RebaseAmendment")]
    [RequestSizeLimit(Infrastructure.Input.RequestInputGuard.LongTextBodyLimit)] // long texts
    [Authorize]
    [Tags("Amendments")]
    [ProducesResponseType<Amendment>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static (UpdatedAggregate, Events) Post(
        RebaseAmendment command,
        [WriteAggregate("amendmentId", OnMissing = OnMissing.ProblemDetailsWith404)] Amendment amendment,
        ClaimsPrincipal user) =>
        (new UpdatedAggregate(), [AmendmentDecisions.Rebase(Actor.Require(user), command, amendment)]);
}
