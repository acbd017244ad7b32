namespace ConsultationPlatform.Stakeholders;

/// <summary>The act: the secretariat grants an organisation's pending accreditation request. Answers the accreditation
/// as it now stands. Sent by the API endpoint below and by the moderators' console: one way in.</summary>
public sealed record GrantAccreditation(Guid ConsultationId, Guid OrganisationId, Actor Actor) : IAct<AccreditationView>
{
    /// <summary>The stream written (Wolverine finds it by its name).</summary>
    public Guid AccreditationId => Accreditations.IdFor(ConsultationId, OrganisationId);
}

/// <summary>The one handler of <see cref="GrantAccreditation"/>.</summary>
public static class GrantAccreditationHandler
{
    public static (Outcome<AccreditationView>, Events) Handle(GrantAccreditation act, [WriteAggregate(Required = false)] Accreditation? accreditation)
    {
        if (AccreditationDecisions.CheckDecision(act.Actor.In(act.ConsultationId), act.OrganisationId, accreditation, null, reasonRequired: false) is { } refused)
            return (refused, []);
        var granted = AccreditationDecisions.Grant(act.Actor, accreditation!);
        return (AccreditationView.Full(Accreditation.After(accreditation, granted)), [granted]);
    }
}

/// <summary>The HTTP way in to <see cref="GrantAccreditation"/>.</summary>
public static class GrantAccreditationEndpoint
{
    [WolverinePost("/api/consultations/{consultationId}/accreditations/{organisationId}/grant", OperationId = "GrantAccreditation")]
    [Authorize]
    [Tags("Accreditations")]
    [ProducesResponseType<AccreditationView>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(Guid consultationId, Guid organisationId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new GrantAccreditation(consultationId, organisationId, Actor.Require(user)), ct)).ToHttp();
}
