using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Amendments;

/// <summary>
/// Propose a new action point for a consultation in drafting: an amendment of kind addPoint. Accepted, it tables the
/// point (numbered after the last one), its words credited to the proposer and co-sponsors.
/// </summary>
public static class ProposePointAdditionEndpoint
{
    public static async Task<(Accreditation?, CitedInputs)> LoadAsync(ProposePointAddition command, Consultation consultation, ClaimsPrincipal user,
        IQuerySession session, CancellationToken ct) =>
        (await Accreditations.ForActor(session, consultation.Id, Actor.From(user), ct),
         await CitedInputs.Load(session, command.CitesInputs, ct));

    public static ProblemDetails Validate(ProposePointAddition command, Consultation consultation, Accreditation? accreditation, CitedInputs cited,
        ClaimsPrincipal user) => (
       
        StructuralDecisions.CheckAddition(Actor.Require(user), command, consultation, accreditation.Granted(), cited.Found)).AsProblem();

    [WolverinePost("/api/consultations/{id}/amendments/add-point", OperationId = "ProposePointAddition")]
    [RequestSizeLimit(Infrastructure.Input.RequestInputGuard.LongTextBodyLimit)] // long texts
    [Authorize]
    [Tags("Amendments")]
    [ProducesResponseType<AmendmentProposal>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static (AmendmentProposal, IStartStream) Post(
        ProposePointAddition command,
        [ReadAggregate("id", OnMissing = OnMissing.ProblemDetailsWith404)] Consultation consultation,
        ClaimsPrincipal user)
    {
        var id = Guid.CreateVersion7();
        var proposed = StructuralDecisions.ProposeAddition(id, Guid.CreateVersion7(), Actor.Require(user), command, consultation);
        return (new AmendmentProposal($"/api/amendments/{id}", id, proposed.ActionPointId, 0, AmendmentStatus.Open),
            MartenOps.StartStream<Amendment>(id, proposed));
    }
}
