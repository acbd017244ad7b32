using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Amendments;

/// <summary>The act: the organisation that proposed an amendment withdraws it while it is still open. Answers the
/// amendment as it now stands. Sent by the API endpoint below and by the point's page: one way in.</summary>
public sealed record WithdrawAmendment(Guid AmendmentId, Actor Actor) : IAct<Amendment>;

/// <summary>The one handler of <see cref="WithdrawAmendment"/>.</summary>
public static class WithdrawAmendmentHandler
{
    public static async Task<Consultation?> LoadAsync(WithdrawAmendment act, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<Amendment>(act.AmendmentId, ct) is { } amendment ? await session.LoadAsync<Consultation>(amendment.ConsultationId, ct) : null;

    public static (Outcome<Amendment>, Events) Handle(WithdrawAmendment act, [WriteAggregate(Required = false)] Amendment? amendment,
        Consultation? consultation, TimeProvider time)
    {
        if (amendment is null) return (new Refused.NotFound("amendment", act.AmendmentId), []);
        if (consultation is null) return (new Refused.NotFound("consultation", amendment.ConsultationId), []);
        if (AmendmentDecisions.CheckWithdrawal(act.Actor, amendment, consultation) is { } refused) return (refused, []);
        object[] events = [AmendmentDecisions.Withdraw(act.Actor, amendment)];
        return (amendment.After(events, time.GetUtcNow()), new Events(events));
    }
}

/// <summary>The HTTP way in to <see cref="WithdrawAmendment"/>.</summary>
public static class WithdrawAmendmentEndpoint
{
    [WolverinePost("/api/amendments/{amendmentId}/withdraw", OperationId = "WithdrawAmendment")]
    [Authorize]
    [Tags("Amendments")]
    [ProducesResponseType<Amendment>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(Guid amendmentId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new WithdrawAmendment(amendmentId, Actor.Require(user)), ct)).ToHttp();
}
