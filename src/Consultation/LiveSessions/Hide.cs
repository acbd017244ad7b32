namespace ConsultationPlatform.LiveSessions;

/// <summary>The act: the chair hides a statement, for a reason everybody sees. Sent by the API endpoint below and by
/// the room's form (<c>Web/Pages/Sessions/Room.cshtml.cs</c>): one way in.</summary>
public sealed record Hide(Guid StatementId, HideStatement Form, Actor Actor) : IAct<Recorded>;

/// <summary>The one handler of <see cref="Hide"/>: the role first, then the statement's stream.</summary>
public static class HideHandler
{
    public static (Outcome<Recorded>, Events) Handle(Hide act, [WriteAggregate(Required = false)] Statement? statement)
    {
        if (SessionDecisions.Chair(act.Actor) is { } notChair) return (notChair, []);
        if (statement is null) return (new Refused.NotFound("statement", act.StatementId), []);
        return ChairActs.Recorded(SessionDecisions.Hide(act.Actor, statement, act.Form));
    }
}

/// <summary>The HTTP way in to <see cref="Hide"/>.</summary>
public static class HideStatementEndpoint
{
    [WolverinePost("/api/statements/{statementId}/hide", OperationId = "HideStatement")]
    [Authorize]
    [Tags(SessionEndpoints.Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(HideStatement command, Guid statementId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new Hide(statementId, command, Actor.Require(user)), ct)).ToHttp();
}
