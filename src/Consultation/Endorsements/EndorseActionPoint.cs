using System.Security.Claims;
using System.Text.Json.Serialization;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using Marten;
using ConsultationPlatform.Stakeholders;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

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

    public static ProblemDetails Check(Actor actor, EndorseActionPoint command, ActionPoint point, Consultation consultation, bool accredited)
    {
        var endorser = AccessRules.Check(actor, AccessAct.Endorse, accredited);
        if (!endorser.IsNone()) return endorser;
        var phase = PhaseRules.Check(consultation, ConsultationAct.Endorse);
        if (!phase.IsNone()) return phase;
        // A point an amendment took out of the text (deleted, merged into another) is endorsed no more.
        var inText = Amendments.StructuralDecisions.CheckInText(point);
        if (!inText.IsNone()) return inText;

        var errors = new List<(string, string)>();
        FreeText.Check(errors, "reservation", command.Reservation, MaxReservationLength, required: false, what: "A reservation");
        if (command.TextVersion < 1 || command.TextVersion > point.Current.Number)
            errors.Add(("version", $"Action point {point.Number} has versions 1 to {point.Current.Number}; there is no version {command.TextVersion}."));
        if (errors.Count > 0) return Problems.Invalid(errors.ToArray());

        if (command.TextVersion != point.Current.Number)
            return Problems.Conflict(
                "The text has changed",
                $"You endorsed version {command.TextVersion} of action point {point.Number}, but its current text is version {point.Current.Number}. " +
                "Read the current text and endorse that version.",
                "stale-version",
                new Dictionary<string, object?> { ["currentVersion"] = point.Current.Number, ["currentText"] = point.Current.Text });

        return Problems.None;
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

    public static ProblemDetails CheckWithdrawal(Actor actor, Guid stakeholderId, Endorsement? endorsement, Consultation consultation)
    {
        if (actor.OrganisationId != stakeholderId)
            return Problems.Forbidden("Only the stakeholder who endorsed a point withdraws that endorsement.");
        if (endorsement is not { Active: true })
            return Problems.NotFound("endorsement", stakeholderId);
        return PhaseRules.Check(consultation, ConsultationAct.WithdrawEndorsement);
    }

    public static EndorsementWithdrawn Withdraw(Actor actor, Endorsement endorsement) =>
        new(endorsement.Id, endorsement.ActionPointId, endorsement.ConsultationId, endorsement.StakeholderId, actor.PersonId);
}

public static class EndorseActionPointEndpoint
{
    public static Guid EndorsementId(Guid actionPointId, ClaimsPrincipal user) =>
        Endorsement.IdFor(actionPointId, Actor.Require(user).OrganisationId);

    /// <summary>The consultation the point belongs to (its phase decides whether endorsing is open), and the
    /// accreditation to it of the organisation the person acts for.</summary>
    public static async Task<(Consultation?, Accreditation?)> LoadAsync(ActionPoint point, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        // One round trip for both.
        var batch = session.CreateBatchQuery();
        var consultation = batch.Load<Consultation>(point.ConsultationId);
        var organisation = Actor.From(user)?.OrganisationId ?? Guid.Empty;
        var accreditation = organisation == Guid.Empty ? null : batch.Load<Accreditation>(Accreditations.IdFor(point.ConsultationId, organisation));
        await batch.Execute(ct);
        return (await consultation, accreditation is null ? null : await accreditation);
    }

    public static ProblemDetails Validate(EndorseActionPoint command, ActionPoint point, Consultation consultation, Accreditation? accreditation, ClaimsPrincipal user) =>
        EndorsementDecisions.Check(Actor.Require(user), command, point, consultation, accreditation.Granted());

    [WolverinePost("/api/action-points/{actionPointId}/endorsements", OperationId = "EndorseActionPoint")]
    [Authorize]
    [Tags("Endorsements")]
    [ProducesResponseType<EndorsementReceipt>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static (EndorsementReceipt, Events) Post(
        EndorseActionPoint command,
        [ReadAggregate("actionPointId", OnMissing = OnMissing.ProblemDetailsWith404)] ActionPoint point,
        [WriteAggregate(FromMethod = nameof(EndorsementId), Required = false)] Endorsement? endorsement,
        ClaimsPrincipal user)
    {
        var actor = Actor.Require(user);
        var events = EndorsementDecisions.Endorse(actor, command, point, endorsement);
        var given = events.OfType<EndorsementGiven>().SingleOrDefault();
        var receipt = new EndorsementReceipt(
            Endorsement.IdFor(point.Id, actor.OrganisationId), point.Id, actor.OrganisationId,
            given?.ForVersion ?? endorsement!.ForVersion, given is null ? endorsement!.Reservation : given.Reservation,
            Changed: events.Count > 0);
        return (receipt, new Events(events));
    }
}

public static class WithdrawEndorsementEndpoint
{
    public static Guid EndorsementId(Guid actionPointId, Guid stakeholderId) => Endorsement.IdFor(actionPointId, stakeholderId);

    public static async Task<Consultation?> LoadAsync(Guid actionPointId, IQuerySession session, CancellationToken ct)
    {
        var point = await session.LoadAsync<ActionPoint>(actionPointId, ct);
        return point is null ? null : await session.LoadAsync<Consultation>(point.ConsultationId, ct);
    }

    public static ProblemDetails Validate(Guid stakeholderId, Endorsement? endorsement, Consultation? consultation, ClaimsPrincipal user) =>
        consultation is null
            ? Problems.NotFound("action point", stakeholderId)
            : EndorsementDecisions.CheckWithdrawal(Actor.Require(user), stakeholderId, endorsement, consultation);

    [WolverineDelete("/api/action-points/{actionPointId}/endorsements/{stakeholderId}", OperationId = "WithdrawEndorsement")]
    [Authorize]
    [Tags("Endorsements")]
    [EmptyResponse]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)]
    public static EndorsementWithdrawn Delete(
        Guid actionPointId,
        Guid stakeholderId,
        [WriteAggregate(FromMethod = nameof(EndorsementId), Required = false)] Endorsement? endorsement,
        ClaimsPrincipal user) =>
        EndorsementDecisions.Withdraw(Actor.Require(user), endorsement!);
}
