namespace ConsultationPlatform.LiveSessions;

/// <summary>The act: the chair approves a delegate's statement (a session whose statements need approval). Sent by the
/// API endpoint below and by the room's form (<c>Web/Pages/Sessions/Room.cshtml.cs</c>): one way in.</summary>
public sealed record ApproveStatement(Guid StatementId, Actor Actor) : IAct<Recorded>;

/// <summary>The one handler of <see cref="ApproveStatement"/>: the role first, then the statement's stream.</summary>
public static class ApproveStatementHandler
{
    public static (Outcome<Recorded>, Events) Handle(ApproveStatement act, [WriteAggregate(Required = false)] Statement? statement)
    {
        if (SessionDecisions.Chair(act.Actor) is { } notChair) return (notChair, []);
        if (statement is null) return (new Refused.NotFound("statement", act.StatementId), []);
        return ChairActs.Recorded(SessionDecisions.Approve(act.Actor, statement));
    }
}

/// <summary>The HTTP way in to <see cref="ApproveStatement"/>.</summary>
public static class ApproveStatementEndpoint
{
    [WolverinePost("/api/statements/{statementId}/approve", OperationId = "ApproveStatement")]
    [Authorize]
    [Tags(SessionEndpoints.Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(Guid statementId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new ApproveStatement(statementId, Actor.Require(user)), ct)).ToHttp();
}
