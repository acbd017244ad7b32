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

/// <summary>The organisation that proposed an amendment withdraws it while it is still open.</summary>
public static class WithdrawAmendmentEndpoint
{
    public static Task<Consultation?> LoadAsync(Amendment amendment, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<Consultation>(amendment.ConsultationId, ct);

    public static ProblemDetails Validate(Amendment amendment, Consultation? consultation, ClaimsPrincipal user) =>
        consultation is null
            ? Problems.NotFound("consultation", amendment.ConsultationId)
            : AmendmentDecisions.CheckWithdrawal(Actor.Require(user), amendment, consultation);

    [WolverinePost("/api/amendments/{amendmentId}/withdraw", OperationId = "WithdrawAmendment")]
    [Authorize]
    [Tags("Amendments")]
    [ProducesResponseType<Amendment>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static (UpdatedAggregate, Events) Post(
        [WriteAggregate("amendmentId", OnMissing = OnMissing.ProblemDetailsWith404)] Amendment amendment,
        ClaimsPrincipal user) =>
        (new UpdatedAggregate(), [AmendmentDecisions.Withdraw(Actor.Require(user), amendment)]);
}
