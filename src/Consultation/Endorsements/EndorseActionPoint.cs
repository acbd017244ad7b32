using System.Text.Json.Serialization;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Common;
using ConsultationPlatform.Stakeholders;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace ConsultationPlatform.Endorsements;

/// <summary>
/// Endorse an action point for the version of its text the stakeholder read.
/// The stakeholder is named in the body until accounts and accreditation arrive.
/// </summary>
public sealed record EndorseActionPoint(
    Guid StakeholderId,
    string StakeholderName,
    StakeholderGroup StakeholderGroup,
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
    public const int MaxStakeholderNameLength = 200;

    public static ProblemDetails Check(EndorseActionPoint command, ActionPoint point)
    {
        var errors = new List<(string, string)>();
        if (command.StakeholderId == Guid.Empty) errors.Add(("stakeholderId", "A stakeholder id is required."));
        if (string.IsNullOrWhiteSpace(command.StakeholderName))
            errors.Add(("stakeholderName", "The stakeholder's name is required."));
        else if (command.StakeholderName.Length > MaxStakeholderNameLength)
            errors.Add(("stakeholderName", $"The stakeholder's name is longer than {MaxStakeholderNameLength} characters."));
        if (!Enum.IsDefined(command.StakeholderGroup))
            errors.Add(("stakeholderGroup", "Unknown stakeholder group."));
        else if (!command.StakeholderGroup.MayEndorse())
            errors.Add(("stakeholderGroup",
                "Only member states, observer states and intergovernmental organisations endorse action points."));
        if (command.Reservation is { Length: > MaxReservationLength })
            errors.Add(("reservation", $"A reservation is at most {MaxReservationLength} characters."));
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
    public static IReadOnlyList<object> Endorse(EndorseActionPoint command, ActionPoint point, Endorsement? existing)
    {
        var reservation = string.IsNullOrWhiteSpace(command.Reservation) ? null : command.Reservation.Trim();
        if (existing is { Active: true } && existing.ForVersion == command.TextVersion && existing.Reservation == reservation)
            return [];

        return
        [
            new EndorsementGiven(Endorsement.IdFor(point.Id, command.StakeholderId), point.Id, point.ConsultationId,
                command.StakeholderId, command.StakeholderName.Trim(), command.StakeholderGroup, command.TextVersion, reservation),
        ];
    }
}

public static class EndorseActionPointEndpoint
{
    public static Guid EndorsementId(Guid actionPointId, EndorseActionPoint command) =>
        Endorsement.IdFor(actionPointId, command.StakeholderId);

    public static ProblemDetails Validate(EndorseActionPoint command, ActionPoint point) =>
        EndorsementDecisions.Check(command, point);

    [WolverinePost("/api/action-points/{actionPointId}/endorsements", OperationId = "EndorseActionPoint")]
    [Tags("Endorsements")]
    [ProducesResponseType<EndorsementReceipt>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static (EndorsementReceipt, Events) Post(
        EndorseActionPoint command,
        [ReadAggregate("actionPointId", OnMissing = OnMissing.ProblemDetailsWith404)] ActionPoint point,
        [WriteAggregate(FromMethod = nameof(EndorsementId), Required = false)] Endorsement? endorsement)
    {
        var events = EndorsementDecisions.Endorse(command, point, endorsement);
        var given = events.OfType<EndorsementGiven>().SingleOrDefault();
        var receipt = new EndorsementReceipt(
            Endorsement.IdFor(point.Id, command.StakeholderId), point.Id, command.StakeholderId,
            given?.ForVersion ?? endorsement!.ForVersion, given is null ? endorsement!.Reservation : given.Reservation,
            Changed: events.Count > 0);
        return (receipt, new Events(events));
    }
}
