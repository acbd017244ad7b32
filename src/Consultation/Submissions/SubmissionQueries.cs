using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Submissions;

public static class SubmissionQueryEndpoints
{
    /// <summary>One input: public once published; before that (and after hiding or rejection) only for its author and moderators.</summary>
    [WolverineGet("/api/submissions/{submissionId}", OperationId = "GetSubmission")]
    [Tags("Submissions")]
    [ProducesResponseType<SubmissionView>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static IResult Get(
        Guid submissionId,
        [ReadAggregate("submissionId", Required = false)] Submission? submission,
        ClaimsPrincipal user)
    {
        var viewer = Actor.From(user);
        return submission is null || !SubmissionDecisions.MaySee(viewer, submission)
            ? Results.Problem(Problems.NotFound("submission", submissionId))
            : Results.Ok(SubmissionDecisions.View(submission, viewer));
    }

    /// <summary>The published inputs of a consultation, oldest first; <c>actionPointId</c> narrows them to one point.</summary>
    [WolverineGet("/api/consultations/{id}/submissions", OperationId = "ListPublishedSubmissions")]
    [Tags("Submissions")]
    [ProducesResponseType<IReadOnlyList<SubmissionView>>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static async Task<IResult> List(Guid id, Guid? actionPointId, IQuerySession session, CancellationToken ct) =>
        await SubmissionReads.Published(session, id, actionPointId, ct) is { } published
            ? Results.Ok(published)
            : Results.Problem(Problems.NotFound("consultation", id));
}

/// <summary>Reads of inputs; shared by the HTTP endpoints and the web pages.</summary>
public static class SubmissionReads
{
    /// <summary>The published inputs of a consultation (of one point, when given), oldest first; null when there is no such consultation.</summary>
    public static Task<IReadOnlyList<SubmissionView>?> Published(IQuerySession session, Guid consultationId, Guid? actionPointId, CancellationToken ct) =>
        Published(session, consultationId, actionPointId is { } pointId ? s => s.ActionPointId == pointId : null, ct);

    /// <summary>The published inputs on the whole dialogue (on no action point), oldest first; null when there is no such consultation.</summary>
    public static Task<IReadOnlyList<SubmissionView>?> OnTheWholeDialogue(IQuerySession session, Guid consultationId, CancellationToken ct) =>
        Published(session, consultationId, s => s.ActionPointId == null, ct);

    /// <summary>Which of these inputs the person has flagged already (each person flags an input once): the pages offer
    /// the flag form only where it can succeed.</summary>
    public static async Task<IReadOnlySet<Guid>> FlaggedBy(IQuerySession session, Guid personId, IEnumerable<Guid> inputIds, CancellationToken ct)
    {
        var ids = inputIds.Distinct().ToArray();
        if (ids.Length == 0) return new HashSet<Guid>();
        var submissions = await session.LoadManyAsync<Submission>(ct, ids);
        return submissions.Where(s => s.Flags.Any(f => f.PersonId == personId)).Select(s => s.Id).ToHashSet();
    }

    private static async Task<IReadOnlyList<SubmissionView>?> Published(IQuerySession session, Guid consultationId,
        System.Linq.Expressions.Expression<Func<Submission, bool>>? about, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var consultation = batch.Load<Consultation>(consultationId);
        var query = batch.Query<Submission>()
            .Where(s => s.ConsultationId == consultationId && s.Status == SubmissionStatus.Published);
        if (about is not null) query = query.Where(about);
        var submissions = query.ToList();
        await batch.Execute(ct);

        if (await consultation is null) return null;
        return (await submissions)
            .OrderBy(s => s.PublishedAt ?? s.ReceivedAt).ThenBy(s => s.Id)
            .Select(s => SubmissionDecisions.View(s, viewer: null))
            .ToList();
    }
}
