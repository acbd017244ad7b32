namespace ConsultationPlatform.LiveSessions;

/// <summary>The act: a delegate withdraws their organisation's inscription. Sent by the API endpoint below and by the
/// room's form (<c>Web/Pages/Sessions/Room.cshtml.cs</c>): one way in.</summary>
public sealed record WithdrawInscription(Guid InscriptionId, Actor Actor) : IAct<Recorded>;

/// <summary>The one handler of <see cref="WithdrawInscription"/>: appends to the inscription's own stream.</summary>
public static class WithdrawInscriptionHandler
{
    /// <summary>The session of the inscription (its state decides whether it may still be withdrawn).</summary>
    public static async Task<Session?> LoadAsync(WithdrawInscription act, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<Inscription>(act.InscriptionId, ct) is { } inscription ? await session.LoadAsync<Session>(inscription.SessionId, ct) : null;

    public static (Outcome<Recorded>, Events) Handle(WithdrawInscription act, [WriteAggregate(Required = false)] Inscription? inscription, Session? session)
    {
        if (inscription is null) return (new Refused.NotFound("inscription", act.InscriptionId), []);
        if (session is null) return (new Refused.NotFound("session", inscription.SessionId), []);
        return ChairActs.Recorded(SessionDecisions.Withdraw(act.Actor, inscription, session));
    }
}

/// <summary>The HTTP way in to <see cref="WithdrawInscription"/>.</summary>
public static class WithdrawInscriptionEndpoint
{
    [WolverinePost("/api/inscriptions/{inscriptionId}/withdraw", OperationId = "WithdrawInscription")]
    [Authorize]
    [Tags(SessionEndpoints.Tag)]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(Guid inscriptionId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new WithdrawInscription(inscriptionId, Actor.Require(user)), ct)).ToHttp();
}
