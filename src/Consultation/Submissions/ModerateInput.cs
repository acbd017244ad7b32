using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Submissions;

/// <summary>The act: a moderator or co-chair publishes, rejects (with a reason) or hides (with a reason) an input, in
/// the phases that allow moderation. Sent by the three API endpoints below and by the moderators' console
/// (<c>Web/Pages/Moderation/Console.cshtml.cs</c>): one way in, one act for the three decisions (as for replies).</summary>
public sealed record ModerateInput(Guid SubmissionId, ModerationAct Act, string? Reason, Actor Actor) : IAct<Recorded>;

/// <summary>The one handler of <see cref="ModerateInput"/>.</summary>
public static class ModerateInputHandler
{
    /// <summary>The consultation of the input, whose phase decides whether moderation is open.</summary>
    public static async Task<Consultation?> LoadAsync(ModerateInput act, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<Submission>(act.SubmissionId, ct) is { } input ? await session.LoadAsync<Consultation>(input.ConsultationId, ct) : null;

    public static (Outcome<Recorded>, Events) Handle(ModerateInput act, [WriteAggregate(Required = false)] Submission? submission, Consultation? consultation)
    {
        if (submission is null || consultation is null) return (new Refused.NotFound("submission", act.SubmissionId), []);
        if (SubmissionDecisions.CheckModeration(act.Actor, act.Act, act.Reason, submission, consultation) is { } refused) return (refused, []);
        return (Recorded.Act, new Events([SubmissionDecisions.Moderate(act.Actor, act.Act, act.Reason, submission)]));
    }
}

/// <summary>The HTTP ways in to <see cref="ModerateInput"/>.</summary>
public static class ModerateInputEndpoints
{
    [WolverinePost("/api/submissions/{submissionId}/publish", OperationId = "PublishSubmission")]
    [Authorize]
    [Tags("Submissions")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Publish(Guid submissionId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new ModerateInput(submissionId, ModerationAct.Publish, null, Actor.Require(user)), ct)).ToHttp();

    [WolverinePost("/api/submissions/{submissionId}/reject", OperationId = "RejectSubmission")]
    [Authorize]
    [Tags("Submissions")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Reject(GiveReason command, Guid submissionId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new ModerateInput(submissionId, ModerationAct.Reject, command.Reason, Actor.Require(user)), ct)).ToHttp();

    [WolverinePost("/api/submissions/{submissionId}/hide", OperationId = "HideSubmission")]
    [Authorize]
    [Tags("Submissions")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Hide(GiveReason command, Guid submissionId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new ModerateInput(submissionId, ModerationAct.Hide, command.Reason, Actor.Require(user)), ct)).ToHttp();
}
