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
using Microsoft.AspNetCore.Http.HttpResults;
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
        var (consultation, accreditation, cited) = await ProposeAmendmentEndpoint.LoadAsync(command, point, user, session, ct);
        var problem = ProposeAmendmentEndpoint.Validate(command, point, consultation, accreditation, cited, user);
        if (!problem.IsNone()) return (null, problem);
        var (proposal, start) = ProposeAmendmentEndpoint.Post(command, point, user);
        start.Execute(session);
        var saved = await Save(session, user, ct);
        return (saved.IsNone() ? proposal.AmendmentId : null, saved);
    }

    // ---- Amendments: co-sponsor, withdraw, rebase (delegates); accept, reject (the secretariat) ----

    public static async Task<ProblemDetails> CoSponsorAmendment(IDocumentSession session, ClaimsPrincipal user, Guid amendmentId, CancellationToken ct)
    {
        if (Actor.From(user) is null) return Unauthorized();
        var stream = await session.Events.FetchForWriting<Amendment>(amendmentId, ct);
        if (stream.Aggregate is not { } amendment) return Problems.NotFound("amendment", amendmentId);
        var (consultation, accreditation) = await CoSponsorAmendmentEndpoint.LoadAsync(amendment, user, session, ct);
        var problem = CoSponsorAmendmentEndpoint.Validate(amendment, consultation, accreditation, user);
        if (!problem.IsNone()) return problem;
        var (_, events) = CoSponsorAmendmentEndpoint.Post(amendment, user);
        stream.AppendMany(events.ToArray());
        return await Save(session, user, ct);
    }

    public static async Task<ProblemDetails> WithdrawAmendment(IDocumentSession session, ClaimsPrincipal user, Guid amendmentId, CancellationToken ct)
    {
        if (Actor.From(user) is null) return Unauthorized();
        var stream = await session.Events.FetchForWriting<Amendment>(amendmentId, ct);
        if (stream.Aggregate is not { } amendment) return Problems.NotFound("amendment", amendmentId);
        var consultation = await WithdrawAmendmentEndpoint.LoadAsync(amendment, session, ct);
        var problem = WithdrawAmendmentEndpoint.Validate(amendment, consultation, user);
        if (!problem.IsNone()) return problem;
        var (_, events) = WithdrawAmendmentEndpoint.Post(amendment, user);
        stream.AppendMany(events.ToArray());
        return await Save(session, user, ct);
    }

    public static async Task<ProblemDetails> RebaseAmendment(IDocumentSession session, ClaimsPrincipal user, Guid amendmentId, RebaseAmendment command, CancellationToken ct)
    {
        if (Actor.From(user) is null) return Unauthorized();
        var stream = await session.Events.FetchForWriting<Amendment>(amendmentId, ct);
        if (stream.Aggregate is not { } amendment) return Problems.NotFound("amendment", amendmentId);
        var (point, consultation) = await RebaseAmendmentEndpoint.LoadAsync(amendment, session, ct);
        var problem = RebaseAmendmentEndpoint.Validate(command, amendment, point, consultation, user);
        if (!problem.IsNone()) return problem;
        var (_, events) = RebaseAmendmentEndpoint.Post(command, amendment, user);
        stream.AppendMany(events.ToArray());
        return await Save(session, user, ct);
    }

    /// <summary>
    /// Accepting, as the API does: a new version of the point, or, when the point moved on in the same words, the
    /// conflict recorded (the amendment then needs a rebase) and the 409 problem that lists the conflicting regions.
    /// </summary>
    public static async Task<ProblemDetails> AcceptAmendment(IDocumentSession session, ClaimsPrincipal user, Guid amendmentId, CancellationToken ct)
    {
        if (Actor.From(user) is null) return Unauthorized();
        var stream = await session.Events.FetchForWriting<Amendment>(amendmentId, ct);
        if (stream.Aggregate is not { } amendment) return Problems.NotFound("amendment", amendmentId);
        var streams = await AcceptAmendmentEndpoint.LoadAsync(amendment, session, ct);
        var problem = AcceptAmendmentEndpoint.Validate(amendment, streams, user);
        if (!problem.IsNone()) return problem;
        var (result, events) = AcceptAmendmentEndpoint.Post(amendment, streams!, session, user);
        stream.AppendMany(events.ToArray());
        var saved = await Save(session, user, ct);
        if (!saved.IsNone()) return saved;
        return result is ProblemHttpResult refused ? refused.ProblemDetails : Problems.None;
    }

    public static async Task<ProblemDetails> RejectAmendment(IDocumentSession session, ClaimsPrincipal user, Guid amendmentId, RejectAmendment command, CancellationToken ct)
    {
        if (Actor.From(user) is null) return Unauthorized();
        var stream = await session.Events.FetchForWriting<Amendment>(amendmentId, ct);
        if (stream.Aggregate is not { } amendment) return Problems.NotFound("amendment", amendmentId);
        var consultation = await RejectAmendmentEndpoint.LoadAsync(amendment, session, ct);
        var problem = RejectAmendmentEndpoint.Validate(command, amendment, consultation, user);
        if (!problem.IsNone()) return problem;
        var (_, events) = RejectAmendmentEndpoint.Post(command, amendment, user);
        stream.AppendMany(events.ToArray());
        return await Save(session, user, ct);
    }

    // ---- Inputs: publish, reject, hide (the secretariat); flag (delegates) ----

    public static Task<ProblemDetails> PublishInput(IDocumentSession session, ClaimsPrincipal user, Guid submissionId, CancellationToken ct) =>
        ModerateInput(session, user, submissionId, ct, (submission, consultation) =>
            (PublishSubmissionEndpoint.Validate(submission, consultation, user), () => PublishSubmissionEndpoint.Post(submission, user)));

    public static Task<ProblemDetails> RejectInput(IDocumentSession session, ClaimsPrincipal user, Guid submissionId, GiveReason command, CancellationToken ct) =>
        ModerateInput(session, user, submissionId, ct, (submission, consultation) =>
            (RejectSubmissionEndpoint.Validate(command, submission, consultation, user), () => RejectSubmissionEndpoint.Post(command, submission, user)));

    public static Task<ProblemDetails> HideInput(IDocumentSession session, ClaimsPrincipal user, Guid submissionId, GiveReason command, CancellationToken ct) =>
        ModerateInput(session, user, submissionId, ct, (submission, consultation) =>
            (HideSubmissionEndpoint.Validate(command, submission, consultation, user), () => HideSubmissionEndpoint.Post(command, submission, user)));

    private static async Task<ProblemDetails> ModerateInput(IDocumentSession session, ClaimsPrincipal user, Guid submissionId, CancellationToken ct,
        Func<Submission, Consultation?, (ProblemDetails Problem, Func<Events> Post)> decide)
    {
        if (Actor.From(user) is null) return Unauthorized();
        var stream = await session.Events.FetchForWriting<Submission>(submissionId, ct);
        if (stream.Aggregate is not { } submission) return Problems.NotFound("submission", submissionId);
        var consultation = await Submissions.Moderation.ConsultationOf(submission, session, ct);
        var (problem, post) = decide(submission, consultation);
        if (!problem.IsNone()) return problem;
        stream.AppendMany(post().ToArray());
        return await Save(session, user, ct);
    }

    /// <summary>Flagging locks the input's stream while it is written, as the API does (many readers flag one input at once).</summary>
    public static async Task<ProblemDetails> FlagInput(IDocumentSession session, ClaimsPrincipal user, Guid submissionId, GiveReason command, CancellationToken ct)
    {
        if (Actor.From(user) is null) return Unauthorized();
        var stream = await session.Events.FetchForExclusiveWriting<Submission>(submissionId, ct);
        if (stream.Aggregate is not { } submission) return Problems.NotFound("submission", submissionId);
        var (consultation, accreditation) = await FlagSubmissionEndpoint.LoadAsync(submission, user, session, ct);
        var problem = FlagSubmissionEndpoint.Validate(command, submission, consultation, accreditation, user);
        if (!problem.IsNone()) return problem;
        stream.AppendOne(FlagSubmissionEndpoint.Post(command, submission, user));
        return await Save(session, user, ct);
    }

    // ---- Accreditations: grant, refuse (the secretariat) ----

    public static async Task<ProblemDetails> GrantAccreditation(IDocumentSession session, ClaimsPrincipal user, Guid consultationId, Guid organisationId, CancellationToken ct)
    {
        if (Actor.From(user) is null) return Unauthorized();
        var stream = await session.Events.FetchForWriting<Accreditation>(GrantAccreditationEndpoint.AccreditationId(consultationId, organisationId), ct);
        var problem = GrantAccreditationEndpoint.Validate(organisationId, stream.Aggregate, user);
        if (!problem.IsNone()) return problem;
        var (_, events) = GrantAccreditationEndpoint.Post(consultationId, organisationId, stream.Aggregate, user);
        stream.AppendMany(events.ToArray());
        return await Save(session, user, ct);
    }

    public static async Task<ProblemDetails> RefuseAccreditation(IDocumentSession session, ClaimsPrincipal user, Guid consultationId, Guid organisationId,
        RefuseAccreditation command, CancellationToken ct)
    {
        if (Actor.From(user) is null) return Unauthorized();
        var stream = await session.Events.FetchForWriting<Accreditation>(RefuseAccreditationEndpoint.AccreditationId(consultationId, organisationId), ct);
        var problem = RefuseAccreditationEndpoint.Validate(command, organisationId, stream.Aggregate, user);
        if (!problem.IsNone()) return problem;
        var (_, events) = RefuseAccreditationEndpoint.Post(command, consultationId, organisationId, stream.Aggregate, user);
        stream.AppendMany(events.ToArray());
        return await Save(session, user, ct);
    }

    // ---- The phase (the secretariat) ----

    public static async Task<ProblemDetails> ChangePhase(IDocumentSession session, ClaimsPrincipal user, Guid consultationId, ChangePhase command, CancellationToken ct)
    {
        if (Actor.From(user) is null) return Unauthorized();
        var stream = await session.Events.FetchForWriting<Consultation>(consultationId, ct);
        if (stream.Aggregate is not { } consultation) return Problems.NotFound("consultation", consultationId);
        var problem = ChangePhaseEndpoint.Validate(command, consultation, user);
        if (!problem.IsNone()) return problem;
        var (_, events) = ChangePhaseEndpoint.Post(command, consultation, user);
        stream.AppendMany(events.ToArray());
        return await Save(session, user, ct);
    }

    public static async Task<ProblemDetails> AddTranslation(IDocumentSession session, ClaimsPrincipal user, Guid actionPointId, AddTranslation command, CancellationToken ct)
    {
        if (Actor.From(user) is null) return Unauthorized();
        var (point, consultation) = await TranslationEndpoints.LoadAsync(actionPointId, session, ct);
        var problem = TranslationEndpoints.Validate(actionPointId, command, point, consultation, user);
        if (!problem.IsNone()) return problem;
        TranslationEndpoints.Post(actionPointId, command, point!, user, session);
        return await Save(session, user, ct);
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
