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

/// <summary>
/// Propose a full new text for an action point, against the version of it the proposer read, with a rationale;
/// optionally citing the published inputs behind it (so the words it brings lead back to them).
/// </summary>
public sealed record ProposeAmendment(int BaseVersion, string? Text, string? Rationale, Guid[]? CitesInputs = null);

/// <summary>201 Created with Location /api/amendments/{id}.</summary>
public sealed record AmendmentProposal(string Url, Guid AmendmentId, Guid ActionPointId, int BaseVersion, AmendmentStatus Status)
    : CreationResponse(Url);

public static class ProposeAmendmentEndpoint
{
    public static async Task<(Consultation?, Accreditation?, CitedInputs)> LoadAsync(ProposeAmendment command, ActionPoint point, ClaimsPrincipal user,
        IQuerySession session, CancellationToken ct) =>
        (await session.LoadAsync<Consultation>(point.ConsultationId, ct),
         await Accreditations.ForActor(session, point.ConsultationId, Actor.From(user), ct),
         await CitedInputs.Load(session, command.CitesInputs, ct));

    public static ProblemDetails Validate(ProposeAmendment command, ActionPoint point, Consultation? consultation, Accreditation? accreditation,
        CitedInputs cited, ClaimsPrincipal user) =>
        consultation is null
            ? Problems.NotFound("consultation", point.ConsultationId)
            : AmendmentDecisions.CheckProposal(Actor.Require(user), command, point, consultation, accreditation.Granted(), cited.Found);

    [WolverinePost("/api/action-points/{actionPointId}/amendments", OperationId = "ProposeAmendment")]
    [RequestSizeLimit(Infrastructure.Input.RequestInputGuard.LongTextBodyLimit)] // long texts
    [Authorize]
    [Tags("Amendments")]
    [ProducesResponseType<AmendmentProposal>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static (AmendmentProposal, IStartStream) Post(
        ProposeAmendment command,
        [ReadAggregate("actionPointId", OnMissing = OnMissing.ProblemDetailsWith404)] ActionPoint point,
        ClaimsPrincipal user)
    {
        var id = Guid.CreateVersion7();
        var proposed = AmendmentDecisions.Propose(id, Actor.Require(user), command, point);
        return (new AmendmentProposal($"/api/amendments/{id}", id, point.Id, proposed.BaseVersion, AmendmentStatus.Open),
            MartenOps.StartStream<Amendment>(id, proposed));
    }
}

/// <summary>The inputs an amendment cites, as found in the store.</summary>
public sealed record CitedInputs(IReadOnlyList<Submissions.Submission> Found)
{
    public static async Task<CitedInputs> Load(IQuerySession session, Guid[]? ids, CancellationToken ct) =>
        new(ids is { Length: > 0 } ? await session.LoadManyAsync<Submissions.Submission>(ct, ids.Distinct()) : []);
}
