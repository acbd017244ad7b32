using System.Security.Claims;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace ConsultationPlatform.Replies;

/// <summary>201 Created, with Location <c>/api/replies/{id}</c>.</summary>
public sealed record ReplyCreated(Guid Id, ReplyStatus Status) : CreationResponse(ReplyDecisions.Href(Id));

/// <summary>What replying under an input and under an amendment share.</summary>
public static class Replying
{
    /// <summary>The consultation, the replier's organisation's accreditation to it, and the reply answered (if any), in one round trip.</summary>
    public static async Task<(Consultation?, Accreditation?, Reply?)> Load(Guid consultationId, PostReply command, ClaimsPrincipal user,
        IQuerySession session, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var consultation = batch.Load<Consultation>(consultationId);
        var organisation = Actor.From(user)?.OrganisationId ?? Guid.Empty;
        var accreditation = organisation == Guid.Empty ? null : batch.Load<Accreditation>(Accreditations.IdFor(consultationId, organisation));
        var answered = command.InReplyTo is { } id ? batch.Load<Reply>(id) : null;
        await batch.Execute(ct);
        return (await consultation, accreditation is null ? null : await accreditation, answered is null ? null : await answered);
    }

    public static ProblemDetails Check(PostReply command, ReplyTarget target, Consultation? consultation, Accreditation? accreditation, Reply? answered,
        ClaimsPrincipal user) =>
        consultation is null
            ? Problems.NotFound("consultation", target.ConsultationId)
            : ReplyDecisions.Check(Actor.Require(user), command, target, consultation, accreditation.Granted(), answered);

    public static (ReplyCreated, IStartStream) Start(PostReply command, ReplyTarget target, Consultation consultation, ClaimsPrincipal user)
    {
        var id = Guid.CreateVersion7();
        var events = ReplyDecisions.Post(Actor.Require(user), command, target, consultation, id);
        var status = events.OfType<ReplyPublished>().Any() ? ReplyStatus.Published : ReplyStatus.Received;
        return (new ReplyCreated(id, status), MartenOps.StartStream<Reply>(id, events.ToArray()));
    }
}

public static class ReplyToInputEndpoint
{
    public static Task<(Consultation?, Accreditation?, Reply?)> LoadAsync(Submission submission, PostReply command, ClaimsPrincipal user,
        IQuerySession session, CancellationToken ct) =>
        Replying.Load(submission.ConsultationId, command, user, session, ct);

    public static ProblemDetails Validate(PostReply command, Submission submission, Consultation? consultation, Accreditation? accreditation,
        Reply? answered, ClaimsPrincipal user) =>
        Replying.Check(command, ReplyTarget.Of(submission, Actor.From(user)), consultation, accreditation, answered, user);

    /// <summary>Replies under a published input; moderated as the consultation moderates inputs.</summary>
    [WolverinePost("/api/submissions/{submissionId}/replies", OperationId = "ReplyToInput")]
    [Authorize]
    [Tags("Replies")]
    [ProducesResponseType<ReplyCreated>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static (ReplyCreated, IStartStream) Post(
        PostReply command,
        [ReadAggregate("submissionId", OnMissing = OnMissing.ProblemDetailsWith404)] Submission submission,
        Consultation? consultation,
        ClaimsPrincipal user) =>
        Replying.Start(command, ReplyTarget.Of(submission, Actor.From(user)), consultation!, user);
}

public static class ReplyToAmendmentEndpoint
{
    public static Task<(Consultation?, Accreditation?, Reply?)> LoadAsync(Amendment amendment, PostReply command, ClaimsPrincipal user,
        IQuerySession session, CancellationToken ct) =>
        Replying.Load(amendment.ConsultationId, command, user, session, ct);

    public static ProblemDetails Validate(PostReply command, Amendment amendment, Consultation? consultation, Accreditation? accreditation,
        Reply? answered, ClaimsPrincipal user) =>
        Replying.Check(command, ReplyTarget.Of(amendment), consultation, accreditation, answered, user);

    /// <summary>Replies under an amendment; moderated as the consultation moderates inputs.</summary>
    [WolverinePost("/api/amendments/{amendmentId}/replies", OperationId = "ReplyToAmendment")]
    [Authorize]
    [Tags("Replies")]
    [ProducesResponseType<ReplyCreated>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static (ReplyCreated, IStartStream) Post(
        PostReply command,
        [ReadAggregate("amendmentId", OnMissing = OnMissing.ProblemDetailsWith404)] Amendment amendment,
        Consultation? consultation,
        ClaimsPrincipal user) =>
        Replying.Start(command, ReplyTarget.Of(amendment), consultation!, user);
}

public static class ReplyQueryEndpoints
{
    /// <summary>One reply: public once published; otherwise only for its author and the moderators (404 for anybody else).</summary>
    [WolverineGet("/api/replies/{replyId}", OperationId = "GetReply")]
    [Tags("Replies")]
    [ProducesResponseType<ReplyView>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static IResult Get(Guid replyId, [ReadAggregate("replyId", Required = false)] Reply? reply, ClaimsPrincipal user)
    {
        var viewer = Actor.From(user);
        return reply is null || !ReplyDecisions.MaySee(viewer, reply)
            ? Results.Problem(Problems.NotFound("reply", replyId))
            : Results.Ok(ReplyDecisions.View(reply, viewer));
    }

    /// <summary>The thread under an input, oldest first, as the reader may see it.</summary>
    [WolverineGet("/api/submissions/{submissionId}/replies", OperationId = "ListInputReplies")]
    [Tags("Replies")]
    [ProducesResponseType<IReadOnlyList<ReplyView>>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static async Task<IResult> ForInput(Guid submissionId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var viewer = Actor.From(user);
        return await session.LoadAsync<Submission>(submissionId, ct) is { } input && SubmissionDecisions.MaySee(viewer, input)
            ? Results.Ok(await ReplyReads.Thread(session, submissionId, viewer, ct))
            : Results.Problem(Problems.NotFound("submission", submissionId));
    }

    /// <summary>The thread under an amendment, oldest first, as the reader may see it.</summary>
    [WolverineGet("/api/amendments/{amendmentId}/replies", OperationId = "ListAmendmentReplies")]
    [Tags("Replies")]
    [ProducesResponseType<IReadOnlyList<ReplyView>>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static async Task<IResult> ForAmendment(Guid amendmentId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<Amendment>(amendmentId, ct) is not null
            ? Results.Ok(await ReplyReads.Thread(session, amendmentId, Actor.From(user), ct))
            : Results.Problem(Problems.NotFound("amendment", amendmentId));
}

public static class ReplyReads
{
    public static async Task<IReadOnlyList<ReplyView>> Thread(IQuerySession session, Guid parentId, Actor? viewer, CancellationToken ct) =>
        ReplyDecisions.Thread(await session.Query<Reply>().Where(r => r.ParentId == parentId).ToListAsync(ct), viewer);

    /// <summary>The threads under the inputs and amendments of one action point, by parent, as the reader may see them.</summary>
    public static async Task<ILookup<Guid, ReplyView>> ForActionPoint(IQuerySession session, Guid actionPointId, Actor? viewer, CancellationToken ct) =>
        ReplyDecisions.Thread(await session.Query<Reply>().Where(r => r.ActionPointId == actionPointId).ToListAsync(ct), viewer)
            .ToLookup(r => r.ParentId);
}

/// <summary>What publishing, rejecting and hiding a reply share (the rules of inputs' moderation).</summary>
public static class ReplyModeration
{
    public static async Task<Consultation?> ConsultationOf(Reply? reply, IQuerySession session, CancellationToken ct) =>
        reply is null ? null : await session.LoadAsync<Consultation>(reply.ConsultationId, ct);

    public static ProblemDetails Check(ModerationAct act, string? reason, Reply reply, Consultation? consultation, ClaimsPrincipal user) =>
        consultation is null
            ? Problems.NotFound("reply", reply.Id)
            : ReplyDecisions.CheckModeration(Actor.Require(user), act, reason, reply, consultation);

    public static Events Decide(ModerationAct act, string? reason, Reply reply, ClaimsPrincipal user) =>
        new([ReplyDecisions.Moderate(Actor.Require(user), act, reason, reply)]);
}

public static class PublishReplyEndpoint
{
    public static Task<Consultation?> LoadAsync(Reply? reply, IQuerySession session, CancellationToken ct) => ReplyModeration.ConsultationOf(reply, session, ct);

    public static ProblemDetails Validate(Reply reply, Consultation? consultation, ClaimsPrincipal user) =>
        ReplyModeration.Check(ModerationAct.Publish, null, reply, consultation, user);

    [WolverinePost("/api/replies/{replyId}/publish", OperationId = "PublishReply")]
    [Authorize]
    [Tags("Replies")]
    [EmptyResponse]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static Events Post([WriteAggregate("replyId", OnMissing = OnMissing.ProblemDetailsWith404)] Reply reply, ClaimsPrincipal user) =>
        ReplyModeration.Decide(ModerationAct.Publish, null, reply, user);
}

public static class RejectReplyEndpoint
{
    public static Task<Consultation?> LoadAsync(Reply? reply, IQuerySession session, CancellationToken ct) => ReplyModeration.ConsultationOf(reply, session, ct);

    public static ProblemDetails Validate(GiveReason command, Reply reply, Consultation? consultation, ClaimsPrincipal user) =>
        ReplyModeration.Check(ModerationAct.Reject, command.Reason, reply, consultation, user);

    [WolverinePost("/api/replies/{replyId}/reject", OperationId = "RejectReply")]
    [Authorize]
    [Tags("Replies")]
    [EmptyResponse]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static Events Post(GiveReason command, [WriteAggregate("replyId", OnMissing = OnMissing.ProblemDetailsWith404)] Reply reply, ClaimsPrincipal user) =>
        ReplyModeration.Decide(ModerationAct.Reject, command.Reason, reply, user);
}

public static class HideReplyEndpoint
{
    public static Task<Consultation?> LoadAsync(Reply? reply, IQuerySession session, CancellationToken ct) => ReplyModeration.ConsultationOf(reply, session, ct);

    public static ProblemDetails Validate(GiveReason command, Reply reply, Consultation? consultation, ClaimsPrincipal user) =>
        ReplyModeration.Check(ModerationAct.Hide, command.Reason, reply, consultation, user);

    [WolverinePost("/api/replies/{replyId}/hide", OperationId = "HideReply")]
    [Authorize]
    [Tags("Replies")]
    [EmptyResponse]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static Events Post(GiveReason command, [WriteAggregate("replyId", OnMissing = OnMissing.ProblemDetailsWith404)] Reply reply, ClaimsPrincipal user) =>
        ReplyModeration.Decide(ModerationAct.Hide, command.Reason, reply, user);
}
