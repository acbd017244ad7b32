using ConsultationPlatform.Consultations;

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

    public static Refused? CheckRequest(Actor actor, RequestAccreditation command, Consultation consultation, Organisation? organisation, Accreditation? existing)
    {
        var access = AccessRules.Check(actor, AccessAct.RequestAccreditation);
        if (access is not null) return access;
        if (organisation is null) return new Refused.NotFound("organisation", actor.OrganisationId);
        var errors = new List<(string, string)>();
        Consultations.FreeText.Check(errors, "statement", command.Statement, MaxTextLength, required: false, what: "A statement");
        if (errors.Count > 0) return new Refused.Invalid(errors.ToArray());
        if (consultation.Phase == ConsultationPhase.Concluded)
            return new Refused.Conflict("The consultation has concluded", "A concluded consultation accredits nobody.", "wrong-phase");
        return existing?.Status switch
        {
            AccreditationStatus.Requested => new Refused.Conflict("Already asked for",
                $"{organisation.Name} has asked for accreditation already; a moderator will decide.", "accreditation-pending"),
            AccreditationStatus.Granted => new Refused.Conflict("Already accredited",
                $"{organisation.Name} is accredited to this consultation already.", "accreditation-granted"),
            _ => null,
        };
    }

    public static AccreditationRequested Request(Actor actor, RequestAccreditation command, Consultation consultation, Organisation organisation) =>
        new(Accreditations.IdFor(consultation.Id, organisation.Id), consultation.Id, organisation.Id, organisation.Name, organisation.Type,
            Consultations.FreeText.Optional(command.Statement), actor.PersonId);

    /// <summary>Granting and refusing: only the secretariat, only a pending request.</summary>
    public static Refused? CheckDecision(Actor actor, Guid organisationId, Accreditation? accreditation, string? reason, bool reasonRequired)
    {
        var access = AccessRules.Check(actor, AccessAct.DecideAccreditation);
        if (access is not null) return access;
        if (accreditation is null) return new Refused.NotFound("accreditation request of organisation", organisationId);
        if (reasonRequired && string.IsNullOrWhiteSpace(reason))
            return new Refused.Invalid(("reason", "Give the reason for refusing; the organisation will read it."));
        if (reason is { Length: > MaxTextLength })
            return new Refused.Invalid(("reason", $"A reason is at most {MaxTextLength} characters."));
        return accreditation.Status == AccreditationStatus.Requested
            ? null
            : new Refused.Conflict("Nothing to decide",
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
    public static Refused? CheckWithdrawal(Actor actor, Guid organisationId, Accreditation? accreditation, string? reason)
    {
        var own = actor.OrganisationId == organisationId && actor.OrganisationId != Guid.Empty;
        var secretariat = actor.Allows(AccessAct.DecideAccreditation);
        if (!own && !secretariat)
            return new Refused.NotAllowed("Only the organisation's own delegates, moderators and co-chairs withdraw an accreditation.");
        if (accreditation is null) return new Refused.NotFound("accreditation of organisation", organisationId);
        if (!own && string.IsNullOrWhiteSpace(reason))
            return new Refused.Invalid(("reason", "Give the reason for withdrawing the accreditation; the organisation will read it."));
        if (reason is { Length: > MaxTextLength })
            return new Refused.Invalid(("reason", $"A reason is at most {MaxTextLength} characters."));
        return accreditation.IsOpen
            ? null
            : new Refused.Conflict("Nothing to withdraw",
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

/// <summary>The act: a delegate asks for the organisation they act for to be accredited to the consultation, with an
/// optional statement. Answers the accreditation as it now stands. Sent by the API endpoint below and by the delegate's
/// accreditation page (<c>Web/Pages/Consultations/Accreditation.cshtml.cs</c>): one way in.</summary>
public sealed record AskForAccreditation(Guid ConsultationId, RequestAccreditation Form, Actor Actor) : IAct<AccreditationView>
{
    /// <summary>The stream written (Wolverine finds it by its name): the pair of the consultation and the actor's organisation.</summary>
    public Guid AccreditationId => Accreditations.IdFor(ConsultationId, Actor.OrganisationId);
}

/// <summary>The one handler of <see cref="AskForAccreditation"/>.</summary>
public static class AskForAccreditationHandler
{
    /// <summary>The consultation and the organisation the person acts for.</summary>
    public static async Task<(Consultation?, Organisation?)> LoadAsync(AskForAccreditation act, IQuerySession session, CancellationToken ct) =>
        (await session.LoadAsync<Consultation>(act.ConsultationId, ct),
            act.Actor.OrganisationId == Guid.Empty ? null : await session.LoadAsync<Organisation>(act.Actor.OrganisationId, ct));

    public static (Outcome<AccreditationView>, Events) Handle(AskForAccreditation act,
        [WriteAggregate(Required = false)] Accreditation? accreditation, Consultation? consultation, Organisation? organisation)
    {
        if (consultation is null) return (new Refused.NotFound("consultation", act.ConsultationId), []);
        if (AccreditationDecisions.CheckRequest(act.Actor, act.Form, consultation, organisation, accreditation) is { } refused)
            return (refused, []);
        var requested = AccreditationDecisions.Request(act.Actor, act.Form, consultation, organisation!);
        return (AccreditationView.Full(Accreditation.After(accreditation, requested)), [requested]);
    }
}

/// <summary>The HTTP way in to <see cref="AskForAccreditation"/>.</summary>
public static class RequestAccreditationEndpoint
{
    [WolverinePost("/api/consultations/{consultationId}/accreditations", OperationId = "RequestAccreditation")]
    [Authorize]
    [Tags("Accreditations")]
    [ProducesResponseType<AccreditationView>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(RequestAccreditation command, Guid consultationId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new AskForAccreditation(consultationId, command, Actor.Require(user)), ct)).ToHttp();
}

/// <summary>The act: the organisation's own delegate withdraws its request or accreditation, or the secretariat withdraws
/// it with a reason. Sent by the API endpoint below, the moderators' accreditations page and the delegate's page: one way in.</summary>
public sealed record Withdraw(Guid ConsultationId, Guid OrganisationId, WithdrawAccreditation Form, Actor Actor) : IAct<AccreditationView>
{
    /// <summary>The stream written (Wolverine finds it by its name).</summary>
    public Guid AccreditationId => Accreditations.IdFor(ConsultationId, OrganisationId);
}

/// <summary>The one handler of <see cref="Withdraw"/>.</summary>
public static class WithdrawHandler
{
    public static (Outcome<AccreditationView>, Events) Handle(Withdraw act, [WriteAggregate(Required = false)] Accreditation? accreditation)
    {
        if (AccreditationDecisions.CheckWithdrawal(act.Actor.In(act.ConsultationId), act.OrganisationId, accreditation, act.Form.Reason) is { } refused)
            return (refused, []);
        var withdrawn = AccreditationDecisions.Withdraw(act.Actor.In(act.ConsultationId), accreditation!, act.Form.Reason);
        return (AccreditationView.Full(Accreditation.After(accreditation, withdrawn)), [withdrawn]);
    }
}

/// <summary>The HTTP way in to <see cref="Withdraw"/>.</summary>
public static class WithdrawAccreditationEndpoint
{
    [WolverinePost("/api/consultations/{consultationId}/accreditations/{organisationId}/withdraw", OperationId = "WithdrawAccreditation")]
    [Authorize]
    [Tags("Accreditations")]
    [ProducesResponseType<AccreditationView>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(WithdrawAccreditation command, Guid consultationId, Guid organisationId, ClaimsPrincipal user, IMessageBus bus,
        CancellationToken ct) =>
        (await bus.DoAsync(new Withdraw(consultationId, organisationId, command, Actor.Require(user)), ct)).ToHttp();
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
