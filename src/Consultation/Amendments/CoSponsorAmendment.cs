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

/// <summary>
/// The organisation the signed-in person acts for co-sponsors an amendment. Co-sponsoring again changes nothing;
/// the proposer's own organisation does not co-sponsor its amendment.
/// </summary>
public static class CoSponsorAmendmentEndpoint
{
    public static async Task<(Consultation?, Accreditation?)> LoadAsync(Amendment amendment, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        (await session.LoadAsync<Consultation>(amendment.ConsultationId, ct),
         await Accreditations.ForActor(session, amendment.ConsultationId, Actor.From(user), ct));

    public static ProblemDetails Validate(Amendment amendment, Consultation? consultation, Accreditation? accreditation, ClaimsPrincipal user) =>
        consultation is null
            ? Problems.NotFound("consultation", amendment.ConsultationId)
            : AmendmentDecisions.CheckCoSponsorship(Actor.Require(user), amendment, consultation, accreditation.Granted());

    [WolverinePost("/api/amendments/{amendmentId}/cosponsors", OperationId = "CoSponsorAmendment")]
    [Authorize]
    [Tags("Amendments")]
    [ProducesResponseType<Amendment>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static (UpdatedAggregate, Events) Post(
        [WriteAggregate("amendmentId", OnMissing = OnMissing.ProblemDetailsWith404)] Amendment amendment,
        ClaimsPrincipal user) =>
        (new UpdatedAggregate(), new Events(AmendmentDecisions.CoSponsor(Actor.Require(user), amendment)));
}
