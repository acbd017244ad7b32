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

/// <summary>The published inputs as a page shows them to its reader: the inputs, and those the reader has flagged
/// already (a person flags an input once, so the pages offer the flag form only where it can succeed).</summary>
public sealed record PublishedInputs(IReadOnlyList<SubmissionView> Inputs, IReadOnlySet<Guid> FlaggedByReader)
{
    public static readonly PublishedInputs None = new([], new HashSet<Guid>());
}

/// <summary>Reads of inputs; shared by the HTTP endpoints and the web pages.</summary>
public static class SubmissionReads
{
    /// <summary>The published inputs of a consultation (of one point, when given), oldest first; null when there is no such consultation.</summary>
    public static async Task<IReadOnlyList<SubmissionView>?> Published(IQuerySession session, Guid consultationId, Guid? actionPointId, CancellationToken ct) =>
        (await Load(session, consultationId, actionPointId is { } pointId ? s => s.ActionPointId == pointId : null, ct))?.Select(View).ToList();

    /// <summary>The published inputs on one action point, for a page read by <paramref name="reader"/>; null when there is no such consultation.</summary>
    public static Task<PublishedInputs?> OnPoint(IQuerySession session, Guid consultationId, Guid actionPointId, Guid? reader, CancellationToken ct) =>
        ForReader(session, consultationId, s => s.ActionPointId == actionPointId, reader, ct);

    /// <summary>The published inputs on the whole dialogue (on no action point), for a page read by <paramref name="reader"/>; null when there is no such consultation.</summary>
    public static Task<PublishedInputs?> OnTheWholeDialogue(IQuerySession session, Guid consultationId, Guid? reader, CancellationToken ct) =>
        ForReader(session, consultationId, s => s.ActionPointId == null, reader, ct);

    private static async Task<PublishedInputs?> ForReader(IQuerySession session, Guid consultationId,
        System.Linq.Expressions.Expression<Func<Submission, bool>> about, Guid? reader, CancellationToken ct) =>
        await Load(session, consultationId, about, ct) is { } inputs
            ? new PublishedInputs(inputs.Select(View).ToList(),
                inputs.Where(s => reader is { } person && s.Flags.Any(f => f.PersonId == person)).Select(s => s.Id).ToHashSet())
            : null;

    /// <summary>The published inputs the public sees, oldest first; null when there is no such consultation.</summary>
    private static async Task<IReadOnlyList<Submission>?> Load(IQuerySession session, Guid consultationId,
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
        return (await submissions).OrderBy(s => s.PublishedAt ?? s.ReceivedAt).ThenBy(s => s.Id).ToList();
    }

    private static SubmissionView View(Submission submission) => SubmissionDecisions.View(submission, viewer: null);
}
