using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Submissions;

namespace ConsultationPlatform.Moderation;

public sealed record QueuedInput(Guid Id, string? Title, string Language, string Organisation, string Person, DateTimeOffset? ReceivedAt, string Href);

public sealed record FlaggedInput(Guid Id, string? Title, string Organisation, int Flags, IReadOnlyList<SubmissionFlag> FlagsBy, string Href);

public sealed record AwaitingDecision(Guid Id, int ActionPointNumber, int BaseVersion, AmendmentStatus Status, string ProposedBy, int CoSponsors, DateTimeOffset? ProposedAt, string Href);

public sealed record AccreditationRequest(Guid OrganisationId, string Organisation, StakeholderGroup Group, string? Statement);

/// <summary>What waits for the consultation's moderators, oldest first.</summary>
public sealed record ModerationQueue(
    Guid ConsultationId,
    IReadOnlyList<QueuedInput> PendingInputs,
    IReadOnlyList<FlaggedInput> FlaggedInputs,
    IReadOnlyList<AwaitingDecision> AmendmentsAwaitingDecision,
    IReadOnlyList<AccreditationRequest> AccreditationRequests);

public static class ModerationQueues
{
    /// <summary>The queue from the consultation's documents (a pure function).</summary>
    public static ModerationQueue Build(Guid consultationId, IEnumerable<Submission> submissions, IEnumerable<Amendment> amendments,
        IEnumerable<Accreditation> accreditations)
    {
        var inputs = submissions.ToList();
        return new ModerationQueue(
            consultationId,
            inputs.Where(s => s.Status == SubmissionStatus.Received).OrderBy(s => s.ReceivedAt)
                .Select(s => new QueuedInput(s.Id, s.Title, s.Language, s.Author.OrganisationName, s.Author.PersonName, s.ReceivedAt, SubmissionDecisions.Href(s.Id)))
                .ToList(),
            inputs.Where(s => s.Status == SubmissionStatus.Published && s.Flags.Count > 0).OrderByDescending(s => s.Flags.Count)
                .Select(s => new FlaggedInput(s.Id, s.Title, s.Author.OrganisationName, s.Flags.Count, s.Flags, SubmissionDecisions.Href(s.Id)))
                .ToList(),
            amendments.Where(a => a.Status == AmendmentStatus.Open).OrderBy(a => a.ProposedAt)
                .Select(a => new AwaitingDecision(a.Id, a.ActionPointNumber, a.BaseVersion, a.Status, a.ProposedBy.OrganisationName,
                    a.CoSponsors.Count, a.ProposedAt, $"/api/amendments/{a.Id}"))
                .ToList(),
            accreditations.Where(a => a.Status == AccreditationStatus.Requested).OrderBy(a => a.OrganisationName)
                .Select(a => new AccreditationRequest(a.OrganisationId, a.OrganisationName, a.OrganisationGroup, a.Statement))
                .ToList());
    }

    public static async Task<ModerationQueue> Load(IQuerySession session, Guid consultationId, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var submissions = batch.Query<Submission>().Where(s => s.ConsultationId == consultationId).ToList();
        var amendments = batch.Query<Amendment>().Where(a => a.ConsultationId == consultationId).ToList();
        var accreditations = batch.Query<Accreditation>().Where(a => a.ConsultationId == consultationId).ToList();
        await batch.Execute(ct);
        return Build(consultationId, await submissions, await amendments, await accreditations);
    }
}

public static class ModerationQueueEndpoint
{
    [WolverineGet("/api/consultations/{id}/moderation-queue", OperationId = "GetModerationQueue")]
    [Authorize]
    [Tags("Moderation")]
    [ProducesResponseType<ModerationQueue>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid id, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var access = AccessRules.Check(Actor.From(user)?.In(id), AccessAct.SeePrivateItems);
        if (access is not null) return Results.Problem(access.ToProblem());
        if (await session.LoadAsync<Consultation>(id, ct) is null) return Results.Problem(Problems.NotFound("consultation", id));
        return Results.Ok(await ModerationQueues.Load(session, id, ct));
    }
}
