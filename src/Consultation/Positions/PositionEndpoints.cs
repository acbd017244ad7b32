using System.Security.Claims;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace ConsultationPlatform.Positions;

public static class StatePositionEndpoint
{
    public static Guid PositionId(Guid actionPointId, ClaimsPrincipal user) =>
        Position.IdFor(actionPointId, Actor.Require(user).OrganisationId);

    /// <summary>The consultation (its phase decides whether positions are open) and the organisation's accreditation to it.</summary>
    public static async Task<(Consultation?, Accreditation?)> LoadAsync(ActionPoint point, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var consultation = batch.Load<Consultation>(point.ConsultationId);
        var organisation = Actor.From(user)?.OrganisationId ?? Guid.Empty;
        var accreditation = organisation == Guid.Empty ? null : batch.Load<Accreditation>(Accreditations.IdFor(point.ConsultationId, organisation));
        await batch.Execute(ct);
        return (await consultation, accreditation is null ? null : await accreditation);
    }

    public static ProblemDetails Validate(StatePosition command, ActionPoint point, Consultation? consultation, Accreditation? accreditation, ClaimsPrincipal user) =>
        consultation is null
            ? Problems.NotFound("consultation", point.ConsultationId)
            : PositionDecisions.Check(Actor.Require(user), command, point, consultation, accreditation.Granted());

    /// <summary>
    /// The position of the organisation the signed-in person acts for (civil society, private sector, academia, trade
    /// unions, local authorities, migrant and diaspora organisations) on the current version of an action point.
    /// </summary>
    [WolverinePost("/api/action-points/{actionPointId}/positions", OperationId = "StatePosition")]
    [Authorize]
    [Tags("Positions")]
    [ProducesResponseType<PositionReceipt>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static (PositionReceipt, Events) Post(
        StatePosition command,
        [ReadAggregate("actionPointId", OnMissing = OnMissing.ProblemDetailsWith404)] ActionPoint point,
        [WriteAggregate(FromMethod = nameof(PositionId), Required = false)] Position? position,
        ClaimsPrincipal user)
    {
        var actor = Actor.Require(user);
        var events = PositionDecisions.State(actor, command, point, position);
        var stated = events.OfType<PositionStated>().SingleOrDefault();
        var receipt = stated is not null
            ? new PositionReceipt(stated.PositionId, point.Id, actor.OrganisationId, stated.ForVersion, stated.Stance, stated.Reason, true)
            : new PositionReceipt(position!.Id, point.Id, actor.OrganisationId, position.ForVersion, position.Stance, position.Reason, false);
        return (receipt, new Events(events));
    }
}

public static class WithdrawPositionEndpoint
{
    public static Guid PositionId(Guid actionPointId, Guid stakeholderId) => Position.IdFor(actionPointId, stakeholderId);

    public static async Task<Consultation?> LoadAsync(Guid actionPointId, IQuerySession session, CancellationToken ct)
    {
        var point = await session.LoadAsync<ActionPoint>(actionPointId, ct);
        return point is null ? null : await session.LoadAsync<Consultation>(point.ConsultationId, ct);
    }

    public static ProblemDetails Validate(Guid actionPointId, Guid stakeholderId, Position? position, Consultation? consultation, ClaimsPrincipal user) =>
        consultation is null
            ? Problems.NotFound("action point", actionPointId)
            : PositionDecisions.CheckWithdrawal(Actor.Require(user), stakeholderId, position, consultation);

    [WolverineDelete("/api/action-points/{actionPointId}/positions/{stakeholderId}", OperationId = "WithdrawPosition")]
    [Authorize]
    [Tags("Positions")]
    [EmptyResponse]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static PositionWithdrawn Delete(
        Guid actionPointId,
        Guid stakeholderId,
        [WriteAggregate(FromMethod = nameof(PositionId), Required = false)] Position? position,
        ClaimsPrincipal user) =>
        PositionDecisions.Withdraw(Actor.Require(user), position!);
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
