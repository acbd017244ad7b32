using System.Security.Claims;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using JasperFx;
using Marten;
using Marten.Exceptions;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Marten;

namespace ConsultationPlatform.Web;

/// <summary>
/// What the pages' forms do, through the API endpoints' own methods: the same <c>LoadAsync</c>, <c>Validate</c> (the
/// decision functions) and <c>Post</c> (the events), with the aggregates loaded as Wolverine loads them for the endpoint
/// and the events stamped with who caused them, as the API's middleware does. There is no second copy of any rule.
/// Each returns <see cref="Problems.None"/> or the problem the API would have answered.
/// </summary>
public static class WebActions
{
    public static async Task<ProblemDetails> Endorse(IDocumentSession session, ClaimsPrincipal user, Guid actionPointId, EndorseActionPoint command, CancellationToken ct)
    {
        if (Actor.From(user) is null) return Unauthorized();
        var point = await session.LoadAsync<ActionPoint>(actionPointId, ct);
        if (point is null) return Problems.NotFound("action point", actionPointId);
        var stream = await session.Events.FetchForWriting<Endorsement>(EndorseActionPointEndpoint.EndorsementId(actionPointId, user), ct);
        var (consultation, accreditation) = await EndorseActionPointEndpoint.LoadAsync(point, user, session, ct);
        var problem = consultation is null
            ? Problems.NotFound("consultation", point.ConsultationId)
            : EndorseActionPointEndpoint.Validate(command, point, consultation, accreditation, user);
        if (!problem.IsNone()) return problem;
        var (_, events) = EndorseActionPointEndpoint.Post(command, point, stream.Aggregate, user);
        stream.AppendMany(events.ToArray());
        return await Save(session, user, ct);
    }

    public static async Task<ProblemDetails> WithdrawEndorsement(IDocumentSession session, ClaimsPrincipal user, Guid actionPointId, CancellationToken ct)
    {
        if (Actor.From(user) is not { } actor) return Unauthorized();
        var stakeholderId = actor.OrganisationId;
        var stream = await session.Events.FetchForWriting<Endorsement>(WithdrawEndorsementEndpoint.EndorsementId(actionPointId, stakeholderId), ct);
        var consultation = await WithdrawEndorsementEndpoint.LoadAsync(actionPointId, session, ct);
        var problem = WithdrawEndorsementEndpoint.Validate(stakeholderId, stream.Aggregate, consultation, user);
        if (!problem.IsNone()) return problem;
        stream.AppendOne(WithdrawEndorsementEndpoint.Delete(actionPointId, stakeholderId, stream.Aggregate, user));
        return await Save(session, user, ct);
    }

    public static async Task<(Guid? Id, ProblemDetails Problem)> SubmitInput(IDocumentSession session, ClaimsPrincipal user, Guid consultationId, SubmitInput command, CancellationToken ct)
    {
        if (Actor.From(user) is null) return (null, Unauthorized());
        var consultation = await session.LoadAsync<Consultation>(consultationId, ct);
        if (consultation is null) return (null, Problems.NotFound("consultation", consultationId));
        var (point, accreditation) = await SubmitInputEndpoint.LoadAsync(consultationId, command, user, session, ct);
        var problem = SubmitInputEndpoint.Validate(command, consultation, point, accreditation, user);
        if (!problem.IsNone()) return (null, problem);
        var (created, start) = SubmitInputEndpoint.Post(command, consultation, point, user);
        start.Execute(session);
        var saved = await Save(session, user, ct);
        return (saved.IsNone() ? created.Id : null, saved);
    }

    public static async Task<(Guid? Id, ProblemDetails Problem)> ProposeAmendment(IDocumentSession session, ClaimsPrincipal user, Guid actionPointId, ProposeAmendment command, CancellationToken ct)
    {
        if (Actor.From(user) is null) return (null, Unauthorized());
        var point = await session.LoadAsync<ActionPoint>(actionPointId, ct);
        if (point is null) return (null, Problems.NotFound("action point", actionPointId));
        var (consultation, accreditation) = await ProposeAmendmentEndpoint.LoadAsync(point, user, session, ct);
        var problem = ProposeAmendmentEndpoint.Validate(command, point, consultation, accreditation, user);
        if (!problem.IsNone()) return (null, problem);
        var (proposal, start) = ProposeAmendmentEndpoint.Post(command, point, user);
        start.Execute(session);
        var saved = await Save(session, user, ct);
        return (saved.IsNone() ? proposal.AmendmentId : null, saved);
    }

    private static async Task<ProblemDetails> Save(IDocumentSession session, ClaimsPrincipal user, CancellationToken ct)
    {
        ActorMetadataMiddleware.Before(session, user);
        try
        {
            await session.SaveChangesAsync(ct);
            return Problems.None;
        }
        catch (Exception ex) when (ex is ConcurrencyException or ExistingStreamIdCollisionException)
        {
            return Problems.Conflict("Changed meanwhile", "Someone changed this at the same moment. Read it again and retry.", "concurrent-change");
        }
    }

    private static ProblemDetails Unauthorized() =>
        new() { Status = 401, Title = "Sign in first", Detail = "Sign in to do this." };
}
