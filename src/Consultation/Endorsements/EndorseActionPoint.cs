using System.Text.Json.Serialization;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Endorsements;

/// <summary>
/// Endorse an action point for the version of its text the stakeholder read, optionally with a reservation.
/// The stakeholder is the organisation the signed-in person acts for.
/// </summary>
public sealed record EndorseActionPoint(
    [property: JsonPropertyName("version")] int TextVersion,
    string? Reservation = null);

public sealed record EndorsementReceipt(
    Guid EndorsementId,
    Guid ActionPointId,
    Guid StakeholderId,
    int ForVersion,
    string? Reservation,
    bool Changed);

/// <summary>The decisions about endorsements, as pure functions.</summary>
public static class EndorsementDecisions
{
    public const int MaxReservationLength = 2000;

    public static Refused? Check(Actor actor, EndorseActionPoint command, ActionPoint point, Consultation consultation, bool accredited)
    {
        var endorser = AccessRules.Check(actor, AccessAct.Endorse, accredited);
        if (endorser is not null) return endorser;
        var phase = PhaseRules.Check(consultation, ConsultationAct.Endorse);
        if (phase is not null) return phase;
        // A point an amendment took out of the text (deleted, merged into another) is endorsed no more.
        var inText = Amendments.StructuralDecisions.CheckInText(point);
        if (inText is not null) return inText;

        var errors = new List<(string, string)>();
        FreeText.Check(errors, "reservation", command.Reservation, MaxReservationLength, required: false, what: "A reservation");
        TextVersionBinding.CheckExists(errors, point, command.TextVersion);
        if (errors.Count > 0) return new Refused.Invalid(errors.ToArray());
        return TextVersionBinding.CheckCurrent(point, command.TextVersion, "endorsed", "endorse that version");
    }

    /// <summary>What endorsing means given the stakeholder's endorsement so far: nothing new when it is unchanged.</summary>
    public static IReadOnlyList<object> Endorse(Actor actor, EndorseActionPoint command, ActionPoint point, Endorsement? existing)
    {
        var reservation = FreeText.Optional(command.Reservation);
        if (existing is { Active: true } && existing.ForVersion == command.TextVersion && existing.Reservation == reservation)
            return [];

        return
        [
            new EndorsementGiven(Endorsement.IdFor(point.Id, actor.OrganisationId), point.Id, point.ConsultationId,
                actor.OrganisationId, actor.OrganisationName, actor.OrganisationGroup, command.TextVersion, reservation,
                actor.PersonId),
        ];
    }

    public static Refused? CheckWithdrawal(Actor actor, Guid stakeholderId, Endorsement? endorsement, Consultation consultation)
    {
        if (actor.OrganisationId != stakeholderId)
            return new Refused.NotAllowed("Only the stakeholder who endorsed a point withdraws that endorsement.");
        if (endorsement is not { Active: true })
            return new Refused.NotFound("endorsement", stakeholderId);
        return PhaseRules.Check(consultation, ConsultationAct.WithdrawEndorsement);
    }

    public static EndorsementWithdrawn Withdraw(Actor actor, Endorsement endorsement) =>
        new(endorsement.Id, endorsement.ActionPointId, endorsement.ConsultationId, endorsement.StakeholderId, actor.PersonId);
}

/// <summary>The act: the organisation <see cref="Actor"/> acts for endorses the action point. Sent by the API
/// endpoint below and by the point's page (<c>Web/Pages/ActionPoints/Point.cshtml.cs</c>): one way in.</summary>
public sealed record Endorse(Guid ActionPointId, EndorseActionPoint Form, Actor Actor) : IAct<EndorsementReceipt>
{
    /// <summary>The stream written: the endorsement of this point by this organisation (Wolverine finds it by its name).</summary>
    public Guid EndorsementId => Endorsement.IdFor(ActionPointId, Actor.OrganisationId);
}

/// <summary>The one handler of <see cref="Endorse"/> (aggregate handler workflow): load what the decision reads, fetch
/// the endorsement stream for writing, decide, append. Actor stamping and the transaction come from the pipeline.</summary>
public static class EndorseHandler
{
    /// <summary>The point, the consultation it belongs to (its phase decides whether endorsing is open), and the
    /// accreditation to it of the organisation the person acts for: one round trip for all three (<see cref="PointHomes"/>).</summary>
    public static Task<(ActionPoint?, Consultation?, Accreditation?)> LoadAsync(Endorse act, IQuerySession session, CancellationToken ct) =>
        PointHomes.LoadWithConsultation(session, act.ActionPointId, act.Actor.OrganisationId, ct); // one round trip once the point's consultation is known

    public static (Outcome<EndorsementReceipt>, Events) Handle(Endorse act,
        [WriteAggregate(Required = false)] Endorsement? endorsement,
        ActionPoint? point, Consultation? consultation, Accreditation? accreditation)
    {
        if (point is null) return (new Refused.NotFound("action point", act.ActionPointId), []);
        if (consultation is null) return (new Refused.NotFound("consultation", point.ConsultationId), []);
        if (EndorsementDecisions.Check(act.Actor, act.Form, point, consultation, accreditation.Granted()) is { } refused)
            return (refused, []);

        var events = EndorsementDecisions.Endorse(act.Actor, act.Form, point, endorsement);
        var given = events.OfType<EndorsementGiven>().SingleOrDefault();
        var receipt = new EndorsementReceipt(
            act.EndorsementId, point.Id, act.Actor.OrganisationId,
            given?.ForVersion ?? endorsement!.ForVersion, given is null ? endorsement!.Reservation : given.Reservation,
            Changed: events.Count > 0);
        return (receipt, new Events(events));
    }
}

/// <summary>The HTTP way in to <see cref="Endorse"/>: route, OpenAPI, authentication; the act itself is the handler's.</summary>
public static class EndorseActionPointEndpoint
{
    [WolverinePost("/api/action-points/{actionPointId}/endorsements", OperationId = "EndorseActionPoint")]
    [Authorize]
    [Tags("Endorsements")]
    [ProducesResponseType<EndorsementReceipt>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(EndorseActionPoint command, Guid actionPointId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new Endorse(actionPointId, command, Actor.Require(user)), ct)).ToHttp();
}

/// <summary>The act: the stakeholder withdraws its endorsement of the point (the page sends its own organisation).</summary>
public sealed record WithdrawEndorsement(Guid ActionPointId, Guid StakeholderId, Actor Actor) : IAct<Recorded>
{
    public Guid EndorsementId => Endorsement.IdFor(ActionPointId, StakeholderId);
}

/// <summary>The one handler of <see cref="WithdrawEndorsement"/>.</summary>
public static class WithdrawEndorsementHandler
{
    public static async Task<Consultation?> LoadAsync(WithdrawEndorsement act, IQuerySession session, CancellationToken ct)
    {
        var point = await session.LoadAsync<ActionPoint>(act.ActionPointId, ct);
        return point is null ? null : await session.LoadAsync<Consultation>(point.ConsultationId, ct);
    }

    public static (Outcome<Recorded>, Events) Handle(WithdrawEndorsement act,
        [WriteAggregate(Required = false)] Endorsement? endorsement, Consultation? consultation)
    {
        if (consultation is null) return (new Refused.NotFound("action point", act.StakeholderId), []);
        if (EndorsementDecisions.CheckWithdrawal(act.Actor, act.StakeholderId, endorsement, consultation) is { } refused)
            return (refused, []);
        return (Recorded.Act, [EndorsementDecisions.Withdraw(act.Actor, endorsement!)]);
    }
}

/// <summary>The HTTP way in to <see cref="WithdrawEndorsement"/>.</summary>
public static class WithdrawEndorsementEndpoint
{
    [WolverineDelete("/api/action-points/{actionPointId}/endorsements/{stakeholderId}", OperationId = "WithdrawEndorsement")]
    [Authorize]
    [Tags("Endorsements")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)]
    public static async Task<IResult> Delete(Guid actionPointId, Guid stakeholderId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new WithdrawEndorsement(actionPointId, stakeholderId, Actor.Require(user)), ct)).ToHttp();
}
