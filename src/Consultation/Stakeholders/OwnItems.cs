using ConsultationPlatform.Amendments;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Submissions;

namespace ConsultationPlatform.Stakeholders;

public sealed record OwnInput(Guid Id, Guid ConsultationId, string? Title, SubmissionStatus Status, string? Reason, DateTimeOffset? ReceivedAt);

public sealed record OwnAmendment(Guid Id, Guid ConsultationId, Guid ActionPointId, int ActionPointNumber, int BaseVersion, AmendmentStatus Status,
    int? ResultingVersion, string? RejectionReason);

public sealed record OwnEndorsement(Guid ActionPointId, Guid ConsultationId, int ForVersion, string? Reservation);

public sealed record OwnAccreditation(Guid ConsultationId, AccreditationStatus Status, string? Reason);

/// <summary>
/// A participant's own items and their status: the inputs they submitted (whatever their status), and the
/// amendments, endorsements and accreditations of the organisation they act for.
/// </summary>
public sealed record OwnItems(
    Guid PersonId,
    Guid? OrganisationId,
    IReadOnlyList<OwnInput> Inputs,
    IReadOnlyList<OwnAmendment> Amendments,
    IReadOnlyList<OwnEndorsement> Endorsements,
    IReadOnlyList<OwnAccreditation> Accreditations);

public static class OwnItemsEndpoint
{
    [WolverineGet("/api/me/items", OperationId = "GetOwnItems")]
    [Authorize]
    [Tags("Participation")]
    [ProducesResponseType<OwnItems>(StatusCodes.Status200OK)]
    public static async Task<OwnItems> Get(ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var actor = Actor.Require(user);
        var organisation = actor.OrganisationId == Guid.Empty ? (Guid?)null : actor.OrganisationId;
        var batch = session.CreateBatchQuery();
        var inputs = batch.Query<Submission>().Where(s => s.Author.PersonId == actor.PersonId).ToList();
        var amendments = batch.Query<Amendment>().Where(a => a.ProposedBy.OrganisationId == actor.OrganisationId).ToList();
        var endorsements = batch.Query<Endorsement>().Where(e => e.StakeholderId == actor.OrganisationId && e.Active).ToList();
        var accreditations = batch.Query<Accreditation>().Where(a => a.OrganisationId == actor.OrganisationId).ToList();
        await batch.Execute(ct);

        return new OwnItems(actor.PersonId, organisation,
            (await inputs).OrderByDescending(s => s.ReceivedAt)
                .Select(s => new OwnInput(s.Id, s.ConsultationId, s.Title, s.Status, s.RejectionReason ?? s.HiddenReason, s.ReceivedAt)).ToList(),
            organisation is null ? [] : (await amendments).OrderByDescending(a => a.ProposedAt)
                .Select(a => new OwnAmendment(a.Id, a.ConsultationId, a.ActionPointId, a.ActionPointNumber, a.BaseVersion, a.Status,
                    a.ResultingVersion, a.RejectionReason)).ToList(),
            organisation is null ? [] : (await endorsements)
                .Select(e => new OwnEndorsement(e.ActionPointId, e.ConsultationId, e.ForVersion, e.Reservation)).ToList(),
            organisation is null ? [] : (await accreditations)
                .Select(a => new OwnAccreditation(a.ConsultationId, a.Status, a.Reason)).ToList());
    }
}
