namespace ConsultationPlatform.LiveSessions;

/// <summary>The act: a delegate inscribes their organisation in an item's list of speakers, or (<see cref="RightOfReply"/>)
/// asks for a right of reply. Sent by the API endpoints below and by the room's forms
/// (<c>Web/Pages/Sessions/Room.cshtml.cs</c>): one way in. Answers the inscription's id.</summary>
public sealed record InscribeToSpeak(Guid SessionId, Guid ItemId, Inscribe Form, bool RightOfReply, Actor Actor) : IAct<InscriptionReceipt>
{
    /// <summary>The stream written: the organisation's inscription on the item (Wolverine finds it by its name).</summary>
    public Guid InscriptionId => Inscription.IdFor(SessionId, ItemId, Actor.OrganisationId, RightOfReply);
}

/// <summary>
/// The one handler of <see cref="InscribeToSpeak"/>: appends to the inscription's own stream only, so inscriptions never
/// wait for one another's stream.
/// </summary>
public static class InscribeToSpeakHandler
{
    /// <summary>
    /// How many inscriptions are decided and saved at once in this process. The rush on a list is hundreds of requests
    /// in a few seconds: past this many, requests wait here for their turn (in memory, microseconds each) instead of
    /// each opening a database connection of its own, which on a loaded machine ends in connection timeouts (500s).
    /// Taken before anything is read (<see cref="BeforeAsync"/>), given back after the commit (<see cref="Finally"/>,
    /// which Wolverine runs in a finally block around the rest of the chain).
    /// </summary>
    public static int Concurrency { get; set; } = 16;

    private static readonly Lazy<SemaphoreSlim> Gate = new(() => new SemaphoreSlim(Concurrency, Concurrency));

    // A session's consultation never changes: once known, the session and the delegate's accreditation are read in one round trip.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, Guid> ConsultationOfSession = new();

    public static Task BeforeAsync(InscribeToSpeak act, CancellationToken ct) => Gate.Value.WaitAsync(ct);

    public static void Finally(InscribeToSpeak act) => Gate.Value.Release();

    /// <summary>The session and the accreditation of the organisation the delegate acts for.</summary>
    public static async Task<(Session?, Accreditation?)> LoadAsync(InscribeToSpeak act, IQuerySession session, CancellationToken ct)
    {
        if (ConsultationOfSession.TryGetValue(act.SessionId, out var consultationId) && act.Actor.OrganisationId != Guid.Empty)
        {
            var batch = session.CreateBatchQuery();
            var loadSession = batch.Load<Session>(act.SessionId);
            var loadAccreditation = batch.Load<Accreditation>(Accreditations.IdFor(consultationId, act.Actor.OrganisationId));
            await batch.Execute(ct);
            return (await loadSession, await loadAccreditation);
        }

        if (await session.LoadAsync<Session>(act.SessionId, ct) is not { } found) return (null, null);
        ConsultationOfSession.TryAdd(act.SessionId, found.ConsultationId);
        return (found, await Accreditations.ForActor(session, found.ConsultationId, act.Actor, ct));
    }

    public static (Outcome<InscriptionReceipt>, Events) Handle(InscribeToSpeak act, [WriteAggregate(Required = false)] Inscription? inscription,
        Session? session, Accreditation? accreditation)
    {
        if (session is null) return (new Refused.NotFound("session", act.SessionId), []);
        var (refusal, events) = SessionDecisions.Inscribe(act.Actor, accreditation.Granted(), session, act.ItemId, act.Form, act.RightOfReply, inscription);
        if (refusal is { } refused) return (refused, []);
        return (new InscriptionReceipt(act.InscriptionId), new Events(events));
    }
}

/// <summary>The HTTP ways in to <see cref="InscribeToSpeak"/>: an inscription, a right of reply.</summary>
public static class InscribeToSpeakEndpoint
{
    [WolverinePost("/api/sessions/{sessionId}/items/{itemId}/inscriptions", OperationId = "InscribeToSpeak")]
    [Authorize]
    [Tags(SessionEndpoints.Tag)]
    [ProducesResponseType<InscriptionReceipt>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(Inscribe command, Guid sessionId, Guid itemId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new InscribeToSpeak(sessionId, itemId, command, false, Actor.Require(user)), ct))
        .ToHttp(receipt => Results.Created($"/api/sessions/{sessionId}", receipt));

    [WolverinePost("/api/sessions/{sessionId}/items/{itemId}/replies", OperationId = "AskRightOfReply")]
    [Authorize]
    [Tags(SessionEndpoints.Tag)]
    [ProducesResponseType<InscriptionReceipt>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> AskReply(Guid sessionId, Guid itemId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new InscribeToSpeak(sessionId, itemId, new Inscribe(), true, Actor.Require(user)), ct))
        .ToHttp(receipt => Results.Created($"/api/sessions/{sessionId}", receipt));
}
