using System.Security.Claims;
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

/// <summary>A moderator or co-chair rejects an amendment, with a reason everybody sees.</summary>
public sealed record RejectAmendment(string? Reason);

public static class RejectAmendmentEndpoint
{
    public static Task<Consultation?> LoadAsync(Amendment amendment, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<Consultation>(amendment.ConsultationId, ct);

    public static ProblemDetails Validate(RejectAmendment command, Amendment amendment, Consultation? consultation, ClaimsPrincipal user) =>
        consultation is null
            ? Problems.NotFound("consultation", amendment.ConsultationId)
            : AmendmentDecisions.CheckRejection(Actor.Require(user), command, amendment, consultation);

    [WolverinePost("/api/amendments/{amendmentId}/reject", OperationId = "RejectAmendment")]
    [Authorize]
    [Tags("Amendments")]
    [ProducesResponseType<Amendment>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static (UpdatedAggregate, Events) Post(
        RejectAmendment command,
        [WriteAggregate("amendmentId", OnMissing = OnMissing.ProblemDetailsWith404)] Amendment amendment,
        ClaimsPrincipal user) =>
        (new UpdatedAggregate(), [AmendmentDecisions.Reject(Actor.Require(user), command, amendment)]);
}
