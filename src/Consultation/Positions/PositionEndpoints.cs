using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Positions;

/// <summary>The act: the organisation <see cref="Actor"/> acts for states (or changes) its position on an action point.
/// Sent by the API endpoint below and by the point's page: one way in (docs/architecture.md).</summary>
public sealed record DeclarePosition(Guid ActionPointId, StatePosition Form, Actor Actor) : IAct<PositionReceipt>
{
    /// <summary>The stream written: the position of this organisation on this point.</summary>
    public Guid PositionId => Position.IdFor(ActionPointId, Actor.OrganisationId);
}

/// <summary>The act: the organisation withdraws its position on an action point.</summary>
public sealed record WithdrawPosition(Guid ActionPointId, Guid StakeholderId, Actor Actor) : IAct<Recorded>
{
    public Guid PositionId => Position.IdFor(ActionPointId, StakeholderId);
}

/// <summary>What the position acts read: the point, its consultation (the phase), the organisation's accreditation; one round trip after the point.</summary>
internal static class PositionLoads
{
    public static async Task<(ActionPoint?, Consultation?, Accreditation?)> Load(Guid actionPointId, Actor actor, IQuerySession session, CancellationToken ct)
    {
        var point = await session.LoadAsync<ActionPoint>(actionPointId, ct);
        if (point is null) return (null, null, null);
        var batch = session.CreateBatchQuery();
        var consultation = batch.Load<Consultation>(point.ConsultationId);
        var accreditation = actor.OrganisationId == Guid.Empty ? null : batch.Load<Accreditation>(Accreditations.IdFor(point.ConsultationId, actor.OrganisationId));
        await batch.Execute(ct);
        return (point, await consultation, accreditation is null ? null : await accreditation);
    }
}

/// <summary>The one handler of <see cref="DeclarePosition"/>: load, fetch the position stream for writing, decide, append.</summary>
public static class DeclarePositionHandler
{
    public static Task<(ActionPoint?, Consultation?, Accreditation?)> LoadAsync(DeclarePosition act, IQuerySession session, CancellationToken ct) =>
        PositionLoads.Load(act.ActionPointId, act.Actor, session, ct);

    public static (Outcome<PositionReceipt>, Events) Handle(DeclarePosition act,
        [WriteAggregate(Required = false)] Position? position,
        ActionPoint? point, Consultation? consultation, Accreditation? accreditation)
    {
        if (point is null) return (new Refused.NotFound("action point", act.ActionPointId), []);
        if (consultation is null) return (new Refused.NotFound("consultation", point.ConsultationId), []);
        if (PositionDecisions.Check(act.Actor, act.Form, point, consultation, accreditation.Granted()) is { } refused)
            return (refused, []);

        var events = PositionDecisions.State(act.Actor, act.Form, point, position);
        var stated = events.OfType<PositionStated>().SingleOrDefault();
        var receipt = stated is not null
            ? new PositionReceipt(stated.PositionId, point.Id, act.Actor.OrganisationId, stated.ForVersion, stated.Stance, stated.Reason, true)
            : new PositionReceipt(position!.Id, point.Id, act.Actor.OrganisationId, position.ForVersion, position.Stance, position.Reason, false);
        return (receipt, new Events(events));
    }
}

/// <summary>The one handler of <see cref="WithdrawPosition"/>.</summary>
public static class WithdrawPositionHandler
{
    public static Task<(ActionPoint?, Consultation?, Accreditation?)> LoadAsync(WithdrawPosition act, IQuerySession session, CancellationToken ct) =>
        PositionLoads.Load(act.ActionPointId, act.Actor, session, ct);

    public static (Outcome<Recorded>, Events) Handle(WithdrawPosition act,
        [WriteAggregate(Required = false)] Position? position,
        ActionPoint? point, Consultation? consultation)
    {
        if (point is null || consultation is null) return (new Refused.NotFound("action point", act.ActionPointId), []);
        if (PositionDecisions.CheckWithdrawal(act.Actor, act.StakeholderId, position, consultation) is { } refused)
            return (refused, []);
        return (Recorded.Act, new Events([PositionDecisions.Withdraw(act.Actor, position!)]));
    }
}

/// <summary>The HTTP way in to <see cref="DeclarePosition"/>.</summary>
public static class StatePositionEndpoint
{
    /// <summary>
    /// The position of the organisation the signed-in person acts for (civil society, private sector, academia, trade
    /// unions, local authorities, migrant and diaspora organisations) on the current version of an action point.
    /// </summary>
    [WolverinePost("/api/action-points/{actionPointId}/positions", OperationId = "StatePosition")]
    [Authorize]
    [Tags("Positions")]
    [ProducesResponseType<PositionReceipt>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(StatePosition command, Guid actionPointId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new DeclarePosition(actionPointId, command, Actor.Require(user)), ct)).ToHttp();
}

/// <summary>The HTTP way in to <see cref="WithdrawPosition"/>.</summary>
public static class WithdrawPositionEndpoint
{
    [WolverineDelete("/api/action-points/{actionPointId}/positions/{stakeholderId}", OperationId = "WithdrawPosition")]
    [Authorize]
    [Tags("Positions")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Delete(Guid actionPointId, Guid stakeholderId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new WithdrawPosition(actionPointId, stakeholderId, Actor.Require(user)), ct)).ToHttp();
}

public static class PositionListEndpoint
{
    /// <summary>The stated positions on an action point (public): each organisation's stance, its reason, and the version it read.</summary>
    [WolverineGet("/api/action-points/{actionPointId}/positions", OperationId = "ListPositions")]
    [Tags("Positions")]
    [ProducesResponseType<PointPositions>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid actionPointId, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<ActionPoint>(actionPointId, ct) is { } point
            ? Results.Ok(await PositionReads.ForPoint(session, point, ct))
            : Results.Problem(Problems.NotFound("action point", actionPointId));
}
