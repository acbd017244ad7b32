using System.Security.Claims;
using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace ConsultationPlatform.Stakeholders;

public sealed record RequestAccreditation(string? Statement = null);

public sealed record WithdrawAccreditation(string? Reason = null);

/// <summary>
/// An accreditation as its viewer may see it: the public sees granted ones only, without the request's statement;
/// the secretariat and the organisation's own people see every status, the statement and the reason.
/// </summary>
public sealed record AccreditationView(
    Guid ConsultationId,
    Guid OrganisationId,
    string OrganisationName,
    StakeholderGroup OrganisationGroup,
    AccreditationStatus Status,
    string? Statement,
    string? Reason)
{
    public static AccreditationView Full(Accreditation a) =>
        new(a.ConsultationId, a.OrganisationId, a.OrganisationName, a.OrganisationGroup, a.Status, a.Statement, a.Reason);

    public static AccreditationView Public(Accreditation a) =>
        new(a.ConsultationId, a.OrganisationId, a.OrganisationName, a.OrganisationGroup, a.Status, null, null);
}

/// <summary>The decisions about accreditations, as pure functions.</summary>
public static class AccreditationDecisions
{
    public const int MaxTextLength = 2000;

    public static ProblemDetails CheckRequest(Actor actor, RequestAccreditation command, Consultation consultation, Organisation? organisation, Accreditation? existing)
    {
        var access = AccessRules.Check(actor, AccessAct.RequestAccreditation);
        if (!access.IsNone()) return access;
        if (organisation is null) return Problems.NotFound("organisation", actor.OrganisationId);
        var errors = new List<(string, string)>();
        Consultations.FreeText.Check(errors, "statement", command.Statement, MaxTextLength, required: false, what: "A statement");
        if (errors.Count > 0) return Problems.Invalid(errors.ToArray());
        if (consultation.Phase == ConsultationPhase.Concluded)
            return Problems.Conflict("The consultation has concluded", "A concluded consultation accredits nobody.", "wrong-phase");
        return existing?.Status switch
        {
            AccreditationStatus.Requested => Problems.Conflict("Already asked for",
                $"{organisation.Name} has asked for accreditation already; a moderator will decide.", "accreditation-pending"),
            AccreditationStatus.Granted => Problems.Conflict("Already accredited",
                $"{organisation.Name} is accredited to this consultation already.", "accreditation-granted"),
            _ => Problems.None,
        };
    }

    public static AccreditationRequested Request(Actor actor, RequestAccreditation command, Consultation consultation, Organisation organisation) =>
        new(Accreditations.IdFor(consultation.Id, organisation.Id), consultation.Id, organisation.Id, organisation.Name, organisation.Type,
            Consultations.FreeText.Optional(command.Statement), actor.PersonId);

    /// <summary>Granting and refusing: only the secretariat, only a pending request.</summary>
    public static ProblemDetails CheckDecision(Actor actor, Guid organisationId, Accreditation? accreditation, string? reason, bool reasonRequired)
    {
        var access = AccessRules.Check(actor, AccessAct.DecideAccreditation);
        if (!access.IsNone()) return access;
        if (accreditation is null) return Problems.NotFound("accreditation request of organisation", organisationId);
        if (reasonRequired && string.IsNullOrWhiteSpace(reason))
            return Problems.Invalid(("reason", "Give the reason for refusing; the organisation will read it."));
        if (reason is { Length: > MaxTextLength })
            return Problems.Invalid(("reason", $"A reason is at most {MaxTextLength} characters."));
        return accreditation.Status == AccreditationStatus.Requested
            ? Problems.None
            : Problems.Conflict("Nothing to decide",
                $"The accreditation of {accreditation.OrganisationName} is {accreditation.Status.ToString().ToLowerInvariant()}; only a pending request is decided.",
                "accreditation-not-pending",
                new Dictionary<string, object?> { ["status"] = accreditation.Status.ToString().ToLowerInvariant() });
    }

    public static AccreditationGranted Grant(Actor actor, Accreditation accreditation) =>
        new(accreditation.Id, accreditation.ConsultationId, accreditation.OrganisationId, actor.PersonId);

    public static AccreditationRefused Refuse(Actor actor, Accreditation accreditation, string reason) =>
        new(accreditation.Id, accreditation.ConsultationId, accreditation.OrganisationId, reason.Trim(), actor.PersonId);

    /// <summary>
    /// The organisation's own delegate withdraws its pending request or its accreditation; the secretariat withdraws
    /// one too, giving the reason.
    /// </summary>
    public static ProblemDetails CheckWithdrawal(Actor actor, Guid organisationId, Accreditation? accreditation, string? reason)
    {
        var own = actor.OrganisationId == organisationId && actor.OrganisationId != Guid.Empty;
        var secretariat = actor.Allows(AccessAct.DecideAccreditation);
        if (!own && !secretariat)
            return Problems.Forbidden("Only the organisation's own delegates, moderators and co-chairs withdraw an accreditation.");
        if (accreditation is null) return Problems.NotFound("accreditation of organisation", organisationId);
        if (!own && string.IsNullOrWhiteSpace(reason))
            return Problems.Invalid(("reason", "Give the reason for withdrawing the accreditation; the organisation will read it."));
        if (reason is { Length: > MaxTextLength })
            return Problems.Invalid(("reason", $"A reason is at most {MaxTextLength} characters."));
        return accreditation.IsOpen
            ? Problems.None
            : Problems.Conflict("Nothing to withdraw",
                $"The accreditation of {accreditation.OrganisationName} is {accreditation.Status.ToString().ToLowerInvariant()} already.",
                "accreditation-not-open");
    }

    public static AccreditationWithdrawn Withdraw(Actor actor, Accreditation accreditation, string? reason) =>
        new(accreditation.Id, accreditation.ConsultationId, accreditation.OrganisationId,
            string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), actor.PersonId);

    /// <summary>Whether <paramref name="viewer"/> (null: the public) sees the accreditation at all.</summary>
    public static bool Sees(Actor? viewer, Accreditation accreditation) =>
        accreditation.IsGranted || (viewer is not null && SeesPrivately(viewer, accreditation));

    /// <summary>Whether the viewer sees its private part (the statement, a refusal's reason, any status).</summary>
    public static bool SeesPrivately(Actor viewer, Accreditation accreditation) =>
        viewer.In(accreditation.ConsultationId).Allows(AccessAct.SeePrivateItems)
        || (viewer.OrganisationId != Guid.Empty && viewer.OrganisationId == accreditation.OrganisationId);

    public static AccreditationView? View(Actor? viewer, Accreditation accreditation) =>
        !Sees(viewer, accreditation) ? null
        : viewer is not null && SeesPrivately(viewer, accreditation) ? AccreditationView.Full(accreditation)
        : AccreditationView.Public(accreditation);
}

/// <summary>A delegate asks for the organisation they act for to be accredited to the consultation.</summary>
public static class RequestAccreditationEndpoint
{
    public static Guid AccreditationId(Guid consultationId, ClaimsPrincipal user) =>
        Accreditations.IdFor(consultationId, Actor.Require(user).OrganisationId);

    public static async Task<Organisation?> LoadAsync(ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var actor = Actor.Require(user);
        return actor.OrganisationId == Guid.Empty ? null : await session.LoadAsync<Organisation>(actor.OrganisationId, ct);
    }

    public static ProblemDetails Validate(RequestAccreditation command, Consultation consultation, Organisation? organisation,
        Accreditation? accreditation, ClaimsPrincipal user) =>
        AccreditationDecisions.CheckRequest(Actor.Require(user), command, consultation, organisation, accreditation);

    [WolverinePost("/api/consultations/{consultationId}/accreditations", OperationId = "RequestAccreditation")]
    [Authorize]
    [Tags("Accreditations")]
    [ProducesResponseType<AccreditationView>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static (AccreditationView, Events) Post(
        RequestAccreditation command,
        [ReadAggregate("consultationId", OnMissing = OnMissing.ProblemDetailsWith404)] Consultation consultation,
        Organisation organisation,
        [WriteAggregate(FromMethod = nameof(AccreditationId), Required = false)] Accreditation? accreditation,
        ClaimsPrincipal user)
    {
        var requested = AccreditationDecisions.Request(Actor.Require(user), command, consultation, organisation);
        return (AccreditationView.Full(Accreditation.After(accreditation, requested)), [requested]);
    }
}

public static class WithdrawAccreditationEndpoint
{
    public static Guid AccreditationId(Guid consultationId, Guid organisationId) => Accreditations.IdFor(consultationId, organisationId);

    public static ProblemDetails Validate(WithdrawAccreditation command, Guid consultationId, Guid organisationId, Accreditation? accreditation, ClaimsPrincipal user) =>
        AccreditationDecisions.CheckWithdrawal(Actor.Require(user).In(consultationId), organisationId, accreditation, command.Reason);

    [WolverinePost("/api/consultations/{consultationId}/accreditations/{organisationId}/withdraw", OperationId = "WithdrawAccreditation")]
    [Authorize]
    [Tags("Accreditations")]
    [ProducesResponseType<AccreditationView>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static (AccreditationView, Events) Post(
        WithdrawAccreditation command,
        Guid consultationId,
        Guid organisationId,
        [WriteAggregate(FromMethod = nameof(AccreditationId), Required = false)] Accreditation? accreditation,
        ClaimsPrincipal user)
    {
        var withdrawn = AccreditationDecisions.Withdraw(Actor.Require(user), accreditation!, command.Reason);
        return (AccreditationView.Full(Accreditation.After(accreditation, withdrawn)), [withdrawn]);
    }
}

public static class AccreditationQueryEndpoints
{
    /// <summary>
    /// The accreditations to a consultation: the public sees the granted ones; the secretariat sees all; an
    /// organisation's own people see the granted ones and their own.
    /// </summary>
    [WolverineGet("/api/consultations/{consultationId}/accreditations", OperationId = "ListAccreditations")]
    [Tags("Accreditations")]
    [ProducesResponseType<IReadOnlyList<AccreditationView>>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static async Task<IReadOnlyList<AccreditationView>> List(
        [ReadAggregate("consultationId", OnMissing = OnMissing.ProblemDetailsWith404)] Consultation consultation,
        ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var viewer = Actor.From(user);
        var accreditations = await session.Query<Accreditation>().Where(a => a.ConsultationId == consultation.Id).ToListAsync(ct);
        return accreditations
            .Select(a => AccreditationDecisions.View(viewer, a))
            .OfType<AccreditationView>()
            .OrderBy(a => a.OrganisationGroup).ThenBy(a => a.OrganisationName, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>One organisation's accreditation; one the viewer may not see is answered as missing.</summary>
    [WolverineGet("/api/consultations/{consultationId}/accreditations/{organisationId}", OperationId = "GetAccreditation")]
    [Tags("Accreditations")]
    [ProducesResponseType<AccreditationView>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid consultationId, Guid organisationId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var accreditation = await session.LoadAsync<Accreditation>(Accreditations.IdFor(consultationId, organisationId), ct);
        var view = accreditation is null ? null : AccreditationDecisions.View(Actor.From(user), accreditation);
        return view is null
            ? Results.Problem(Problems.NotFound("accreditation of organisation", organisationId))
            : Results.Ok(view);
    }
}
