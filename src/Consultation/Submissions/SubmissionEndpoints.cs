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

namespace ConsultationPlatform.Submissions;

/// <summary>201 Created, with Location <c>/api/submissions/{id}</c>.</summary>
public sealed record SubmissionCreated(Guid Id, SubmissionStatus Status) : CreationResponse(SubmissionDecisions.Href(Id));

public static class SubmitInputEndpoint
{
    /// <summary>The action point the input is about, when it names one.</summary>
    public static async Task<(ActionPoint?, Accreditation?)> LoadAsync(Guid id, SubmitInput command, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        (command.ActionPointId is { } pointId ? await session.LoadAsync<ActionPoint>(pointId, ct) : null,
         await Accreditations.ForActor(session, id, Actor.From(user), ct));

    public static ProblemDetails Validate(SubmitInput command, Consultation consultation, ActionPoint? point, Accreditation? accreditation, ClaimsPrincipal user) =>
        SubmissionDecisions.Check(Actor.Require(user), command, consultation, point, accreditation.Granted());

    /// <summary>
    /// Submits an input (Markdown body, BCP 47 language tag, optional title, optional action point). A pre-moderated
    /// consultation keeps it received until a moderator decides; a post-moderated one publishes it at once.
    /// </summary>
    [WolverinePost("/api/consultations/{id}/submissions", OperationId = "SubmitInput")]
    [RequestSizeLimit(Infrastructure.Input.RequestInputGuard.LongTextBodyLimit)] // long texts
    [Authorize]
    [Tags("Submissions")]
    [ProducesResponseType<SubmissionCreated>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static (SubmissionCreated, IStartStream) Post(
        SubmitInput command,
        [ReadAggregate("id", OnMissing = OnMissing.ProblemDetailsWith404)] Consultation consultation,
        ActionPoint? point,
        ClaimsPrincipal user)
    {
        var id = Guid.CreateVersion7();
        var events = SubmissionDecisions.Submit(Actor.Require(user), command, consultation, point, id);
        var status = events.OfType<SubmissionPublished>().Any() ? SubmissionStatus.Published : SubmissionStatus.Received;
        return (new SubmissionCreated(id, status), MartenOps.StartStream<Submission>(id, events.ToArray()));
    }
}

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
    public static async Task<IReadOnlyList<SubmissionView>?> Published(IQuerySession session, Guid consultationId, Guid? actionPointId, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var consultation = batch.Load<Consultation>(consultationId);
        var query = batch.Query<Submission>()
            .Where(s => s.ConsultationId == consultationId && s.Status == SubmissionStatus.Published);
        if (actionPointId is { } pointId) query = query.Where(s => s.ActionPointId == pointId);
        var submissions = query.ToList();
        await batch.Execute(ct);

        if (await consultation is null) return null;
        return (await submissions)
            .OrderBy(s => s.PublishedAt ?? s.ReceivedAt).ThenBy(s => s.Id)
            .Select(s => SubmissionDecisions.View(s, viewer: null))
            .ToList();
    }
}

/// <summary>What publishing, rejecting and hiding share: moderators and co-chairs only, in the phases that allow moderation.</summary>
public static class Moderation
{
    /// <summary>The consultation of the input, whose phase decides whether moderation (or flagging) is open.</summary>
    public static async Task<Consultation?> ConsultationOf(Submission? submission, IQuerySession session, CancellationToken ct) =>
        submission is null ? null : await session.LoadAsync<Consultation>(submission.ConsultationId, ct);

    public static ProblemDetails Check(ModerationAct act, string? reason, Submission submission, Consultation? consultation, ClaimsPrincipal user) =>
        consultation is null
            ? Problems.NotFound("submission", submission.Id)
            : SubmissionDecisions.CheckModeration(Actor.Require(user), act, reason, submission, consultation);

    public static Events Decide(ModerationAct act, string? reason, Submission submission, ClaimsPrincipal user) =>
        new([SubmissionDecisions.Moderate(Actor.Require(user), act, reason, submission)]);
}

public static class PublishSubmissionEndpoint
{
    public static Task<Consultation?> LoadAsync(Submission? submission, IQuerySession session, CancellationToken ct) =>
        Moderation.ConsultationOf(submission, session, ct);

    public static ProblemDetails Validate(Submission submission, Consultation? consultation, ClaimsPrincipal user) =>
        Moderation.Check(ModerationAct.Publish, null, submission, consultation, user);

    [WolverinePost("/api/submissions/{submissionId}/publish", OperationId = "PublishSubmission")]
    [Authorize]
    [Tags("Submissions")]
    [EmptyResponse]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static Events Post(
        [WriteAggregate("submissionId", OnMissing = OnMissing.ProblemDetailsWith404)] Submission submission,
        ClaimsPrincipal user) =>
        Moderation.Decide(ModerationAct.Publish, null, submission, user);
}

public static class RejectSubmissionEndpoint
{
    public static Task<Consultation?> LoadAsync(Submission? submission, IQuerySession session, CancellationToken ct) =>
        Moderation.ConsultationOf(submission, session, ct);

    public static ProblemDetails Validate(GiveReason command, Submission submission, Consultation? consultation, ClaimsPrincipal user) =>
        Moderation.Check(ModerationAct.Reject, command.Reason, submission, consultation, user);

    [WolverinePost("/api/submissions/{submissionId}/reject", OperationId = "RejectSubmission")]
    [Authorize]
    [Tags("Submissions")]
    [EmptyResponse]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static Events Post(
        GiveReason command,
        [WriteAggregate("submissionId", OnMissing = OnMissing.ProblemDetailsWith404)] Submission submission,
        ClaimsPrincipal user) =>
        Moderation.Decide(ModerationAct.Reject, command.Reason, submission, user);
}

public static class HideSubmissionEndpoint
{
    public static Task<Consultation?> LoadAsync(Submission? submission, IQuerySession session, CancellationToken ct) =>
        Moderation.ConsultationOf(submission, session, ct);

    public static ProblemDetails Validate(GiveReason command, Submission submission, Consultation? consultation, ClaimsPrincipal user) =>
        Moderation.Check(ModerationAct.Hide, command.Reason, submission, consultation, user);

    [WolverinePost("/api/submissions/{submissionId}/hide", OperationId = "HideSubmission")]
    [Authorize]
    [Tags("Submissions")]
    [EmptyResponse]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static Events Post(
        GiveReason command,
        [WriteAggregate("submissionId", OnMissing = OnMissing.ProblemDetailsWith404)] Submission submission,
        ClaimsPrincipal user) =>
        Moderation.Decide(ModerationAct.Hide, command.Reason, submission, user);
}

/// <summary>
/// A reader flags a published input for the moderators. The stream is locked while flagging (exclusive load), so
/// many readers flagging one input at once are recorded one after another instead of failing on a version clash.
/// </summary>
public static class FlagSubmissionEndpoint
{
    public static async Task<(Consultation?, Accreditation?)> LoadAsync(Submission? submission, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        (await Moderation.ConsultationOf(submission, session, ct),
         submission is null ? null : await Accreditations.ForActor(session, submission.ConsultationId, Actor.From(user), ct));

    public static ProblemDetails Validate(GiveReason command, Submission submission, Consultation? consultation, Accreditation? accreditation, ClaimsPrincipal user) =>
        consultation is null
            ? Problems.NotFound("submission", submission.Id)
            : SubmissionDecisions.CheckFlag(Actor.Require(user), command.Reason, submission, consultation, accreditation.Granted());

    [WolverinePost("/api/submissions/{submissionId}/flags", OperationId = "FlagSubmission")]
    [Authorize]
    [Tags("Submissions")]
    [EmptyResponse]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static SubmissionFlagged Post(
        GiveReason command,
        [WriteAggregate("submissionId", OnMissing = OnMissing.ProblemDetailsWith404, LoadStyle = ConcurrencyStyle.Exclusive)] Submission submission,
        ClaimsPrincipal user) =>
        SubmissionDecisions.Flag(Actor.Require(user), command.Reason, submission);
}
