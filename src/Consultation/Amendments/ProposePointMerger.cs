using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Amendments;

/// <summary>The other point of a merger, as found in the store (none when the request names none, or an unknown one).</summary>
public sealed record MergedPoint(ActionPoint? Point);

/// <summary>
/// Propose merging another action point into this one, with the one new text they become: an amendment of kind
/// mergePoints. Accepted, this point takes the text as its next version (its words traced to both points) and the
/// other point is marked merged into it.
/// </summary>
public static class ProposePointMergerEndpoint
{
    public static async Task<(Consultation?, Accreditation?, MergedPoint, CitedInputs)> LoadAsync(ProposePointMerger command, ActionPoint point,
        ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        (await session.LoadAsync<Consultation>(point.ConsultationId, ct),
         await Accreditations.ForActor(session, point.ConsultationId, Actor.From(user), ct),
         new MergedPoint(command.MergeWith is { } other ? await session.LoadAsync<ActionPoint>(other, ct) : null),
         await CitedInputs.Load(session, command.CitesInputs, ct));

    public static ProblemDetails Validate(ProposePointMerger command, ActionPoint point, Consultation? consultation, Accreditation? accreditation,
        MergedPoint other, CitedInputs cited, ClaimsPrincipal user) => (
       
        consultation is null
            ? new Refused.NotFound("consultation", point.ConsultationId)
            : StructuralDecisions.CheckMerger(Actor.Require(user), command, point, other.Point, consultation, accreditation.Granted(), cited.Found)).AsProblem();

    [WolverinePost("/api/action-points/{actionPointId}/amendments/merge", OperationId = "ProposePointMerger")]
    [RequestSizeLimit(Infrastructure.Input.RequestInputGuard.LongTextBodyLimit)] // long texts
    [Authorize]
    [Tags("Amendments")]
    [ProducesResponseType<AmendmentProposal>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static (AmendmentProposal, IStartStream) Post(
        ProposePointMerger command,
        [ReadAggregate("actionPointId", OnMissing = OnMissing.ProblemDetailsWith404)] ActionPoint point,
        MergedPoint other,
        ClaimsPrincipal user)
    {
        var id = Guid.CreateVersion7();
        var proposed = StructuralDecisions.ProposeMerger(id, Actor.Require(user), command, point, other.Point!);
        return (new AmendmentProposal($"/api/amendments/{id}", id, point.Id, proposed.BaseVersion, AmendmentStatus.Open),
            MartenOps.StartStream<Amendment>(id, proposed));
    }
}
