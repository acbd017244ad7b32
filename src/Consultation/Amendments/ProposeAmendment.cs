using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Amendments;

/// <summary>
/// Propose a full new text for an action point, against the version of it the proposer read, with a rationale;
/// optionally citing the published inputs behind it (so the words it brings lead back to them).
/// </summary>
public sealed record ProposeAmendment(int BaseVersion, string? Text, string? Rationale, Guid[]? CitesInputs = null);

/// <summary>201 Created with Location /api/amendments/{id}.</summary>
public sealed record AmendmentProposal(string Url, Guid AmendmentId, Guid ActionPointId, int BaseVersion, AmendmentStatus Status)
    : CreationResponse(Url);

/// <summary>The act: propose an amendment to an action point (<see cref="ProposeAmendment"/>). Sent by the API endpoint
/// below and by the point's page (<c>Web/Pages/ActionPoints/Point.cshtml.cs</c>): one way in.</summary>
public sealed record Propose(Guid ActionPointId, ProposeAmendment Form, Actor Actor) : IAct<AmendmentProposal>;

/// <summary>The one handler of <see cref="Propose"/>: the amendment's stream is new, started in the session.</summary>
public static class ProposeHandler
{
    /// <summary>The point, its consultation, the proposer's organisation's accreditation and the inputs cited.</summary>
    public static async Task<(ActionPoint?, Consultation?, Accreditation?, CitedInputs)> LoadAsync(Propose act, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<ActionPoint>(act.ActionPointId, ct) is not { } point) return (null, null, null, new CitedInputs([]));
        return (point,
            await session.LoadAsync<Consultation>(point.ConsultationId, ct),
            await Accreditations.ForActor(session, point.ConsultationId, act.Actor, ct),
            await CitedInputs.Load(session, act.Form.CitesInputs, ct));
    }

    public static Outcome<AmendmentProposal> Handle(Propose act, ActionPoint? point, Consultation? consultation, Accreditation? accreditation,
        CitedInputs cited, IDocumentSession session)
    {
        if (point is null) return new Refused.NotFound("action point", act.ActionPointId);
        if (consultation is null) return new Refused.NotFound("consultation", point.ConsultationId);
        if (AmendmentDecisions.CheckProposal(act.Actor, act.Form, point, consultation, accreditation.Granted(), cited.Found) is { } refused)
            return refused;
        var id = Guid.CreateVersion7();
        var proposed = AmendmentDecisions.Propose(id, act.Actor, act.Form, point);
        session.Events.StartStream<Amendment>(id, proposed);
        return new AmendmentProposal($"/api/amendments/{id}", id, point.Id, proposed.BaseVersion, AmendmentStatus.Open);
    }
}

/// <summary>The HTTP way in to <see cref="Propose"/>.</summary>
public static class ProposeAmendmentEndpoint
{
    [WolverinePost("/api/action-points/{actionPointId}/amendments", OperationId = "ProposeAmendment")]
    [RequestSizeLimit(Infrastructure.Input.RequestInputGuard.LongTextBodyLimit)] // long texts
    [Authorize]
    [Tags("Amendments")]
    [ProducesResponseType<AmendmentProposal>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(ProposeAmendment command, Guid actionPointId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new Propose(actionPointId, command, Actor.Require(user)), ct)).ToHttp(proposal => Results.Created(proposal.Url, proposal));
}

/// <summary>The inputs an amendment cites, as found in the store.</summary>
public sealed record CitedInputs(IReadOnlyList<Submissions.Submission> Found)
{
    public static async Task<CitedInputs> Load(IQuerySession session, Guid[]? ids, CancellationToken ct) =>
        new(ids is { Length: > 0 } ? await session.LoadManyAsync<Submissions.Submission>(ct, ids.Distinct()) : []);
}
