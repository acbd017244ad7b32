using System.Security.Claims;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace ConsultationPlatform.Amendments;

/// <summary>The new version of the point an accepted amendment made.</summary>
public sealed record AmendmentAcceptance(
    Guid AmendmentId,
    Guid ActionPointId,
    int BaseVersion,
    int AppliedToVersion,
    int Version,
    string Text,
    bool Merged);

/// <summary>
/// A moderator or co-chair accepts an amendment. The amendment stream and the action point stream are both written
/// in one transaction, each with the version read when deciding: of two conflicting amendments accepted at the same
/// moment, one makes the new version and the other is refused with 409 (Marten's concurrency check on the point).
/// </summary>
public static class AcceptAmendmentEndpoint
{
    /// <summary>The point, fetched for writing (its version is checked on commit), and the consultation for the phase.</summary>
    public static async Task<(IEventStream<ActionPoint>?, Consultation?)> LoadAsync(Amendment amendment, IDocumentSession session,
        CancellationToken ct)
    {
        var point = await session.Events.FetchForWriting<ActionPoint>(amendment.ActionPointId, ct);
        var consultation = await session.LoadAsync<Consultation>(amendment.ConsultationId, ct);
        return (point.Aggregate is null ? null : point, consultation);
    }

    public static ProblemDetails Validate(Amendment amendment, IEventStream<ActionPoint>? point, Consultation? consultation, ClaimsPrincipal user) =>
        point is null || consultation is null
            ? Problems.NotFound("action point", amendment.ActionPointId)
            : AmendmentDecisions.CheckAcceptance(Actor.Require(user), amendment, consultation);

    [WolverinePost("/api/amendments/{amendmentId}/accept", OperationId = "AcceptAmendment")]
    [Authorize]
    [Tags("Amendments")]
    [ProducesResponseType<AmendmentAcceptance>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static (IResult, Events) Post(
        [WriteAggregate("amendmentId", OnMissing = OnMissing.ProblemDetailsWith404)] Amendment amendment,
        IEventStream<ActionPoint> point,
        ClaimsPrincipal user)
    {
        var acceptance = AmendmentDecisions.Accept(Actor.Require(user), amendment, point.Aggregate!);
        if (acceptance.Conflict is { } conflict)
            return (Results.Problem(acceptance.Problem), [conflict]);
        if (acceptance.Accepted is not { } accepted || acceptance.Revision is not { } revision)
            return (Results.Problem(acceptance.Problem), []);

        point.AppendOne(revision);
        return (Results.Ok(new AmendmentAcceptance(amendment.Id, point.Id, accepted.BaseVersion, accepted.AppliedToVersion,
            revision.Version, revision.Text, accepted.Merged)), [accepted]);
    }
}
