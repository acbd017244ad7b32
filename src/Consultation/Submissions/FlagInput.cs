using ConsultationPlatform.Consultations;
using JasperFx;

namespace ConsultationPlatform.Submissions;

/// <summary>The act: a reader flags a published input for the moderators. Sent by the API endpoint below and by the
/// point's page (<c>Web/Pages/ActionPoints/Point.cshtml.cs</c>): one way in.</summary>
public sealed record FlagInput(Guid SubmissionId, string? Reason, Actor Actor) : IAct<Recorded>;

/// <summary>
/// The one handler of <see cref="FlagInput"/>. The stream is locked while flagging (exclusive load, on the attribute),
/// so many readers flagging one input at once are recorded one after another instead of failing on a version clash.
/// </summary>
public static class FlagInputHandler
{
    /// <summary>The consultation of the input (its phase decides whether flagging is open) and the accreditation of the
    /// organisation the reader acts for.</summary>
    public static async Task<(Consultation?, Accreditation?)> LoadAsync(FlagInput act, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<Submission>(act.SubmissionId, ct) is not { } input) return (null, null);
        return (await session.LoadAsync<Consultation>(input.ConsultationId, ct),
            await Accreditations.ForActor(session, input.ConsultationId, act.Actor, ct));
    }

    public static (Outcome<Recorded>, Events) Handle(FlagInput act,
        [WriteAggregate(Required = false, LoadStyle = ConcurrencyStyle.Exclusive)] Submission? submission,
        Consultation? consultation, Accreditation? accreditation)
    {
        if (submission is null || consultation is null) return (new Refused.NotFound("submission", act.SubmissionId), []);
        if (SubmissionDecisions.CheckFlag(act.Actor, act.Reason, submission, consultation, accreditation.Granted()) is { } refused)
            return (refused, []);
        return (Recorded.Act, [SubmissionDecisions.Flag(act.Actor, act.Reason, submission)]);
    }
}

/// <summary>The HTTP way in to <see cref="FlagInput"/>.</summary>
public static class FlagSubmissionEndpoint
{
    [WolverinePost("/api/submissions/{submissionId}/flags", OperationId = "FlagSubmission")]
    [Authorize]
    [Tags("Submissions")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(GiveReason command, Guid submissionId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new FlagInput(submissionId, command.Reason, Actor.Require(user)), ct)).ToHttp();
}
