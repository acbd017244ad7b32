using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Amendments;

/// <summary>
/// Propose taking an action point out of the text, as it stands at the version read: an amendment of kind
/// deletePoint. Accepted, the point is withdrawn (its history kept; its endorsements no longer count).
/// </summary>
public static class ProposePointDeletionEndpoint
{
    public static async Task<(Consultation?, Accreditation?)> LoadAsync(ActionPoint point, ClaimsPrincipal user, IQuerySession session,
        CancellationToken ct) =>
        (await session.LoadAsync<Consultation>(point.ConsultationId, ct),
         await Accreditations.ForActor(session, point.ConsultationId, Actor.From(user), ct));

    public static ProblemDetails Validate(ProposePointDeletion command, ActionPoint point, Consultation? consultation, Accreditation? accreditation,
        ClaimsPrincipal user) => (
       
        consultation is null
            ? new Refused.NotFound("consultation", point.ConsultationId)
            : StructuralDecisions.CheckDeletion(Actor.Require(user), command, point, consultation, accreditation.Granted())).AsProblem();

    [WolverinePost("/api/action-points/{actionPointId}/amendments/delete", OperationId = "ProposePointDeletion")]
    [Authorize]
    [Tags("Amendments")]
    [ProducesResponseType<AmendmentProposal>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static (AmendmentProposal, IStartStream) Post(
        ProposePointDeletion command,
        [ReadAggregate("actionPointId", OnMissing = OnMissing.ProblemDetailsWith404)] ActionPoint point,
        ClaimsPrincipal user)
    {
        var id = Guid.CreateVersion7();
        var proposed = StructuralDecisions.ProposeDeletion(id, Actor.Require(user), command, point);
        return (new AmendmentProposal($"/api/amendments/{id}", id, point.Id, proposed.BaseVersion, AmendmentStatus.Open),
            MartenOps.StartStream<Amendment>(id, proposed));
    }
}
