namespace ConsultationPlatform.LiveSessions;

/// <summary>The act: the chair resumes a suspended session. Sent by the API endpoint below and by the room's form
/// (<c>Web/Pages/Sessions/Room.cshtml.cs</c>): one way in.</summary>
public sealed record Resume(Guid SessionId, Actor Actor) : IAct<Recorded>;

/// <summary>The one handler of <see cref="Resume"/>: the chair's act on the session stream (<see cref="ChairActs"/>).</summary>
public static class ResumeHandler
{
    public static (Outcome<Recorded>, Events) Handle(Resume act, [WriteAggregate(Required = false)] Session? session) =>
        ChairActs.Decide(act, act.SessionId, session, s => SessionDecisions.Resume(act.Actor, s));
}

/// <summary>The HTTP way in to <see cref="Resume"/>.</summary>
public static class ResumeEndpoint
{
    [WolverinePost("/api/sessions/{sessionId}/resume", OperationId = "ResumeSession")]
    [Authorize]
    [Tags(SessionEndpoints.Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(Guid sessionId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new Resume(sessionId, Actor.Require(user)), ct)).ToHttp();
}
