using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Amendments;

/// <summary>
/// The act: the organisation <see cref="Actor"/> acts for co-sponsors an amendment. Co-sponsoring again changes
/// nothing; the proposer's own organisation does not co-sponsor its amendment. Answers the amendment as it now stands.
/// Sent by the API endpoint below and by the point's page (<c>Web/Pages/ActionPoints/Point.cshtml.cs</c>): one way in.
/// </summary>
public sealed record CoSponsorAmendment(Guid AmendmentId, Actor Actor) : IAct<Amendment>;

/// <summary>The one handler of <see cref="CoSponsorAmendment"/>.</summary>
public static class CoSponsorAmendmentHandler
{
    public static async Task<(Consultation?, Accreditation?)> LoadAsync(CoSponsorAmendment act, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<Amendment>(act.AmendmentId, ct) is not { } amendment) return (null, null);
        return (await session.LoadAsync<Consultation>(amendment.ConsultationId, ct),
            await Accreditations.ForActor(session, amendment.ConsultationId, act.Actor, ct));
    }

    public static (Outcome<Amendment>, Events) Handle(CoSponsorAmendment act, [WriteAggregate(Required = false)] Amendment? amendment,
        Consultation? consultation, Accreditation? accreditation, TimeProvider time)
    {
        if (amendment is null) return (new Refused.NotFound("amendment", act.AmendmentId), []);
        if (consultation is null) return (new Refused.NotFound("consultation", amendment.ConsultationId), []);
        if (AmendmentDecisions.CheckCoSponsorship(act.Actor, amendment, consultation, accreditation.Granted()) is { } refused)
            return (refused, []);
        var events = AmendmentDecisions.CoSponsor(act.Actor, amendment);
        return (amendment.After(events, time.GetUtcNow()), new Events(events));
    }
}

/// <summary>The HTTP way in to <see cref="CoSponsorAmendment"/>.</summary>
public static class CoSponsorAmendmentEndpoint
{
    [WolverinePost("/api/amendments/{amendmentId}/cosponsors", OperationId = "CoSponsorAmendment")]
    [Authorize]
    [Tags("Amendments")]
    [ProducesResponseType<Amendment>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(Guid amendmentId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new CoSponsorAmendment(amendmentId, Actor.Require(user)), ct)).ToHttp();
}
