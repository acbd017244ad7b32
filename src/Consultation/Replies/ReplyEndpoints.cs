using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Submissions;

namespace ConsultationPlatform.Replies;

/// <summary>201 Created, with Location <c>/api/replies/{id}</c>.</summary>
public sealed record ReplyCreated(Guid Id, ReplyStatus Status) : CreationResponse(ReplyDecisions.Href(Id));

/// <summary>The act: reply under a published input. Sent by the API endpoint and the point's page: one way in (docs/architecture.md).</summary>
public sealed record ReplyToInput(Guid SubmissionId, PostReply Form, Actor Actor) : IAct<ReplyCreated>;

/// <summary>The act: reply under an amendment.</summary>
public sealed record ReplyToAmendment(Guid AmendmentId, PostReply Form, Actor Actor) : IAct<ReplyCreated>;

/// <summary>What replying under an input and under an amendment share: the load, the decision and the new stream.</summary>
public static class Replying
{
    /// <summary>The consultation, the replier's organisation's accreditation to it, and the reply answered (if any), in one round trip.</summary>
    public static async Task<(Consultation?, Accreditation?, Reply?)> Load(Guid consultationId, PostReply command, Actor actor,
        IQuerySession session, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var consultation = batch.Load<Consultation>(consultationId);
        var accreditation = actor.OrganisationId == Guid.Empty ? null : batch.Load<Accreditation>(Accreditations.IdFor(consultationId, actor.OrganisationId));
        var answered = command.InReplyTo is { } id ? batch.Load<Reply>(id) : null;
        await batch.Execute(ct);
        return (await consultation, accreditation is null ? null : await accreditation, answered is null ? null : await answered);
    }

    /// <summary>Decides, and starts the reply's stream when allowed.</summary>
    public static Outcome<ReplyCreated> Reply(Actor actor, PostReply command, ReplyTarget target, Consultation? consultation, Accreditation? accreditation,
        Reply? answered, IDocumentSession session)
    {
        if (consultation is null) return new Refused.NotFound("consultation", target.ConsultationId);
        if (ReplyDecisions.Check(actor, command, target, consultation, accreditation.Granted(), answered) is { } refused) return refused;
        var id = Guid.CreateVersion7();
        var events = ReplyDecisions.Post(actor, command, target, consultation, id);
        session.Events.StartStream<Reply>(id, events.ToArray());
        return new ReplyCreated(id, events.OfType<ReplyPublished>().Any() ? ReplyStatus.Published : ReplyStatus.Received);
    }
}

/// <summary>The one handler of <see cref="ReplyToInput"/>.</summary>
public static class ReplyToInputHandler
{
    public static async Task<(Submission?, Consultation?, Accreditation?, Reply?)> LoadAsync(ReplyToInput act, IQuerySession session, CancellationToken ct)
    {
        var input = await session.LoadAsync<Submission>(act.SubmissionId, ct);
        if (input is null) return (null, null, null, null);
        var (consultation, accreditation, answered) = await Replying.Load(input.ConsultationId, act.Form, act.Actor, session, ct);
        return (input, consultation, accreditation, answered);
    }

    public static Outcome<ReplyCreated> Handle(ReplyToInput act, Submission? input, Consultation? consultation, Accreditation? accreditation,
        Reply? answered, IDocumentSession session) =>
        input is null
            ? new Refused.NotFound("submission", act.SubmissionId)
            : Replying.Reply(act.Actor, act.Form, ReplyTarget.Of(input, act.Actor), consultation, accreditation, answered, session);
}

/// <summary>The one handler of <see cref="ReplyToAmendment"/>.</summary>
public static class ReplyToAmendmentHandler
{
    public static async Task<(Amendment?, Consultation?, Accreditation?, Reply?)> LoadAsync(ReplyToAmendment act, IQuerySession session, CancellationToken ct)
    {
        var amendment = await session.LoadAsync<Amendment>(act.AmendmentId, ct);
        if (amendment is null) return (null, null, null, null);
        var (consultation, accreditation, answered) = await Replying.Load(amendment.ConsultationId, act.Form, act.Actor, session, ct);
        return (amendment, consultation, accreditation, answered);
    }

    public static Outcome<ReplyCreated> Handle(ReplyToAmendment act, Amendment? amendment, Consultation? consultation, Accreditation? accreditation,
        Reply? answered, IDocumentSession session) =>
        amendment is null
            ? new Refused.NotFound("amendment", act.AmendmentId)
            : Replying.Reply(act.Actor, act.Form, ReplyTarget.Of(amendment), consultation, accreditation, answered, session);
}

/// <summary>The HTTP ways in to <see cref="ReplyToInput"/> and <see cref="ReplyToAmendment"/>: 201 with the reply's address.</summary>
public static class ReplyEndpoints
{
    /// <summary>Replies under a published input; moderated as the consultation moderates inputs.</summary>
    [WolverinePost("/api/submissions/{submissionId}/replies", OperationId = "ReplyToInput")]
    [Authorize]
    [Tags("Replies")]
    [ProducesResponseType<ReplyCreated>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> ToInput(PostReply command, Guid submissionId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new ReplyToInput(submissionId, command, Actor.Require(user)), ct)).ToHttp(Created);

    /// <summary>Replies under an amendment; moderated as the consultation moderates inputs.</summary>
    [WolverinePost("/api/amendments/{amendmentId}/replies", OperationId = "ReplyToAmendment")]
    [Authorize]
    [Tags("Replies")]
    [ProducesResponseType<ReplyCreated>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> ToAmendment(PostReply command, Guid amendmentId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new ReplyToAmendment(amendmentId, command, Actor.Require(user)), ct)).ToHttp(Created);

    private static IResult Created(ReplyCreated created) => Results.Created(created.Url, created);
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

    /// <summary>The threads under the inputs on the whole dialogue (on no action point), by parent, as the reader may see them.</summary>
    public static async Task<ILookup<Guid, ReplyView>> ForWholeDialogue(IQuerySession session, Guid consultationId, Actor? viewer, CancellationToken ct) =>
        ReplyDecisions.Thread(await session.Query<Reply>().Where(r => r.ConsultationId == consultationId && r.ActionPointId == null).ToListAsync(ct), viewer)
            .ToLookup(r => r.ParentId);
}

/// <summary>The act: a moderator publishes, rejects (reason) or hides (reason) a reply, by the rules of inputs' moderation.</summary>
public sealed record ModerateReply(Guid ReplyId, ModerationAct Act, string? Reason, Actor Actor) : IAct<Recorded>;

/// <summary>The one handler of <see cref="ModerateReply"/>.</summary>
public static class ModerateReplyHandler
{
    public static async Task<Consultation?> LoadAsync(ModerateReply act, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<Reply>(act.ReplyId, ct) is { } reply ? await session.LoadAsync<Consultation>(reply.ConsultationId, ct) : null;

    public static (Outcome<Recorded>, Events) Handle(ModerateReply act, [WriteAggregate(Required = false)] Reply? reply, Consultation? consultation)
    {
        if (reply is null || consultation is null) return (new Refused.NotFound("reply", act.ReplyId), []);
        if (ReplyDecisions.CheckModeration(act.Actor, act.Act, act.Reason, reply, consultation) is { } refused) return (refused, []);
        return (Recorded.Act, new Events([ReplyDecisions.Moderate(act.Actor, act.Act, act.Reason, reply)]));
    }
}

/// <summary>The HTTP ways in to <see cref="ModerateReply"/>.</summary>
public static class ModerateReplyEndpoints
{
    [WolverinePost("/api/replies/{replyId}/publish", OperationId = "PublishReply")]
    [Authorize]
    [Tags("Replies")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Publish(Guid replyId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new ModerateReply(replyId, ModerationAct.Publish, null, Actor.Require(user)), ct)).ToHttp();

    [WolverinePost("/api/replies/{replyId}/reject", OperationId = "RejectReply")]
    [Authorize]
    [Tags("Replies")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Reject(GiveReason command, Guid replyId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new ModerateReply(replyId, ModerationAct.Reject, command.Reason, Actor.Require(user)), ct)).ToHttp();

    [WolverinePost("/api/replies/{replyId}/hide", OperationId = "HideReply")]
    [Authorize]
    [Tags("Replies")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Hide(GiveReason command, Guid replyId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new ModerateReply(replyId, ModerationAct.Hide, command.Reason, Actor.Require(user)), ct)).ToHttp();
}
