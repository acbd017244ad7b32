namespace ConsultationPlatform.Stakeholders;

/// <summary>Why the secretariat refuses an accreditation (the request body); the organisation reads it.</summary>
public sealed record RefuseAccreditation(string? Reason);

/// <summary>The act: the secretariat refuses an organisation's pending accreditation request, with a reason. Answers
/// the accreditation as it now stands. Sent by the API endpoint below and by the moderators' console: one way in.</summary>
public sealed record Refuse(Guid ConsultationId, Guid OrganisationId, RefuseAccreditation Form, Actor Actor) : IAct<AccreditationView>
{
    /// <summary>The stream written (Wolverine finds it by its name).</summary>
    public Guid AccreditationId => Accreditations.IdFor(ConsultationId, OrganisationId);
}

/// <summary>The one handler of <see cref="Refuse"/>.</summary>
public static class RefuseHandler
{
    public static (Outcome<AccreditationView>, Events) Handle(Refuse act, [WriteAggregate(Required = false)] Accreditation? accreditation)
    {
        if (AccreditationDecisions.CheckDecision(act.Actor.In(act.ConsultationId), act.OrganisationId, accreditation, act.Form.Reason, reasonRequired: true) is { } refused)
            return (refused, []);
        var refusal = AccreditationDecisions.Refuse(act.Actor, accreditation!, act.Form.Reason!);
        return (AccreditationView.Full(Accreditation.After(accreditation, refusal)), [refusal]);
    }
}

/// <summary>The HTTP way in to <see cref="Refuse"/>.</summary>
public static class RefuseAccreditationEndpoint
{
    [WolverinePost("/api/consultations/{consultationId}/accreditations/{organisationId}/refuse", OperationId = "RefuseAccreditation")]
    [Authorize]
    [Tags("Accreditations")]
    [ProducesResponseType<AccreditationView>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(RefuseAccreditation command, Guid consultationId, Guid organisationId, ClaimsPrincipal user, IMessageBus bus,
        CancellationToken ct) =>
        (await bus.DoAsync(new Refuse(consultationId, organisationId, command, Actor.Require(user)), ct)).ToHttp();
}
