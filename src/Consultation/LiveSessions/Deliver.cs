namespace ConsultationPlatform.LiveSessions;

/// <summary>The act: a delegate delivers a statement on an item (or the chair records one for a speaker). Sent by the
/// API endpoint below and by the room's form (<c>Web/Pages/Sessions/Room.cshtml.cs</c>): one way in. Answers the
/// statement's id.</summary>
public sealed record Deliver(Guid SessionId, DeliverStatement Form, Actor Actor) : IAct<StatementReceipt>;

/// <summary>The one handler of <see cref="Deliver"/>: the statement's stream is new, started in the session (Wolverine commits it).</summary>
public static class DeliverHandler
{
    /// <summary>The session, the accreditation of the organisation the person acts for, and the inscriptions on the item.</summary>
    public static async Task<(Session?, Accreditation?, IReadOnlyList<Inscription>)> LoadAsync(Deliver act, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<Session>(act.SessionId, ct) is not { } found) return (null, null, []);
        var accreditation = await Accreditations.ForActor(session, found.ConsultationId, act.Actor, ct);
        var onItem = await session.Query<Inscription>().Where(i => i.SessionId == act.SessionId && i.ItemId == act.Form.ItemId).ToListAsync(ct);
        return (found, accreditation, onItem);
    }

    public static Outcome<StatementReceipt> Handle(Deliver act, Session? found, Accreditation? accreditation, IReadOnlyList<Inscription> onItem,
        IDocumentSession session, TimeProvider time)
    {
        if (found is null) return new Refused.NotFound("session", act.SessionId);
        var id = Guid.NewGuid();
        var (refusal, events) = SessionDecisions.Deliver(act.Actor, accreditation.Granted(), found, act.Form, onItem, id, time.GetUtcNow());
        if (refusal is { } refused) return refused;
        session.Events.StartStream<Statement>(id, events.ToArray());
        return new StatementReceipt(id);
    }
}

/// <summary>The HTTP way in to <see cref="Deliver"/>.</summary>
public static class DeliverStatementEndpoint
{
    [WolverinePost("/api/sessions/{sessionId}/statements", OperationId = "DeliverStatement")]
    [Authorize]
    [Tags(SessionEndpoints.Tag)]
    [ProducesResponseType<StatementReceipt>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(DeliverStatement command, Guid sessionId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new Deliver(sessionId, command, Actor.Require(user)), ct))
        .ToHttp(receipt => Results.Created($"/api/sessions/{sessionId}#statement-{receipt.StatementId}", receipt));
}
