using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Submissions;

/// <summary>201 Created, with Location <c>/api/submissions/{id}</c>.</summary>
public sealed record SubmissionCreated(Guid Id, SubmissionStatus Status) : CreationResponse(SubmissionDecisions.Href(Id));

/// <summary>The act: submit an input to a consultation (the request body is <see cref="SubmitInput"/>). Sent by the
/// API endpoint below and by the board's form (<c>Web/Pages/Consultations/Board.cshtml.cs</c>): one way in.</summary>
public sealed record Submit(Guid ConsultationId, SubmitInput Form, Actor Actor) : IAct<SubmissionCreated>;

/// <summary>The one handler of <see cref="Submit"/>: the input's stream is new, started in the session (Wolverine commits it).</summary>
public static class SubmitHandler
{
    /// <summary>The consultation, the action point the input is about (when it names one), and the accreditation of
    /// the organisation the person acts for.</summary>
    public static async Task<(Consultation?, ActionPoint?, Accreditation?)> LoadAsync(Submit act, IQuerySession session, CancellationToken ct)
    {
        var consultation = await session.LoadAsync<Consultation>(act.ConsultationId, ct);
        if (consultation is null) return (null, null, null);
        return (consultation,
            act.Form.ActionPointId is { } pointId ? await session.LoadAsync<ActionPoint>(pointId, ct) : null,
            await Accreditations.ForActor(session, act.ConsultationId, act.Actor, ct));
    }

    public static Outcome<SubmissionCreated> Handle(Submit act, Consultation? consultation, ActionPoint? point, Accreditation? accreditation,
        IDocumentSession session)
    {
        if (consultation is null) return new Refused.NotFound("consultation", act.ConsultationId);
        if (SubmissionDecisions.Check(act.Actor, act.Form, consultation, point, accreditation.Granted()) is { } refused) return refused;
        var id = Guid.CreateVersion7();
        var events = SubmissionDecisions.Submit(act.Actor, act.Form, consultation, point, id);
        session.Events.StartStream<Submission>(id, events.ToArray());
        return new SubmissionCreated(id, events.OfType<SubmissionPublished>().Any() ? SubmissionStatus.Published : SubmissionStatus.Received);
    }
}

/// <summary>The HTTP way in to <see cref="Submit"/>.</summary>
public static class SubmitInputEndpoint
{
    /// <summary>
    /// Submits an input (Markdown body, BCP 47 language tag, optional title, optional action point). A pre-moderated
    /// consultation keeps it received until a moderator decides; a post-moderated one publishes it at once.
    /// </summary>
    [WolverinePost("/api/consultations/{id}/submissions", OperationId = "SubmitInput")]
    [RequestSizeLimit(Infrastructure.Input.RequestInputGuard.LongTextBodyLimit)] // long texts
    [Authorize]
    [Tags("Submissions")]
    [ProducesResponseType<SubmissionCreated>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(SubmitInput command, Guid id, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new Submit(id, command, Actor.Require(user)), ct)).ToHttp(created => Results.Created(created.Url, created));
}
