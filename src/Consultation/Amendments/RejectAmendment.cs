using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Amendments;

/// <summary>A moderator or co-chair rejects an amendment, with a reason everybody sees (the request body).</summary>
public sealed record RejectAmendment(string? Reason);

/// <summary>The act: reject an amendment (<see cref="RejectAmendment"/>). Answers the amendment as it now stands.
/// Sent by the API endpoint below and by the moderators' console: one way in.</summary>
public sealed record Reject(Guid AmendmentId, RejectAmendment Form, Actor Actor) : IAct<Amendment>;

/// <summary>The one handler of <see cref="Reject"/>.</summary>
public static class RejectHandler
{
    public static async Task<Consultation?> LoadAsync(Reject act, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<Amendment>(act.AmendmentId, ct) is { } amendment ? await session.LoadAsync<Consultation>(amendment.ConsultationId, ct) : null;

    public static (Outcome<Amendment>, Events) Handle(Reject act, [WriteAggregate(Required = false)] Amendment? amendment,
        Consultation? consultation, TimeProvider time)
    {
        if (amendment is null) return (new Refused.NotFound("amendment", act.AmendmentId), []);
        if (consultation is null) return (new Refused.NotFound("consultation", amendment.ConsultationId), []);
        if (AmendmentDecisions.CheckRejection(act.Actor, act.Form, amendment, consultation) is { } refused) return (refused, []);
        object[] events = [AmendmentDecisions.Reject(act.Actor, act.Form, amendment)];
        return (amendment.After(events, time.GetUtcNow()), new Events(events));
    }
}

/// <summary>The HTTP way in to <see cref="Reject"/>.</summary>
public static class RejectAmendmentEndpoint
{
    [WolverinePost("/api/amendments/{amendmentId}/reject", OperationId = "RejectAmendment")]
    [Authorize]
    [Tags("Amendments")]
    [ProducesResponseType<Amendment>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(RejectAmendment command, Guid amendmentId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new Reject(amendmentId, command, Actor.Require(user)), ct)).ToHttp();
}
