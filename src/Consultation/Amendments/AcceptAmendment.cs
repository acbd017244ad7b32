using System.Security.Claims;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;
using Wolverine.Persistence;

namespace ConsultationPlatform.Amendments;

/// <summary>The new version of the point an accepted amendment made.</summary>
public sealed record AmendmentAcceptance(
    Guid AmendmentId,
    Guid ActionPointId,
    int BaseVersion,
    int AppliedToVersion,
    int Version,
    string Text,
    bool Merged,
    AmendmentKind Kind = AmendmentKind.Replace,
    int? ActionPointNumber = null);

/// <summary>The streams and documents accepting an amendment decides on, read for writing.</summary>
/// <param name="Point">The point the amendment amends (for an added point, its stream-to-be).</param>
/// <param name="Other">For a merger: the other point.</param>
/// <param name="Amendments">The consultation's amendments (for the pending ones that touch the same points).</param>
/// <param name="Numbers">The numbers of the consultation's points (an added point is numbered after the last).</param>
public sealed record AcceptanceStreams(
    IEventStream<ActionPoint> Point,
    IEventStream<ActionPoint>? Other,
    Consultation Consultation,
    IReadOnlyList<Amendment> Amendments,
    IReadOnlyList<int> Numbers);

/// <summary>
/// A moderator or co-chair accepts an amendment. The amendment stream and the streams of the points it changes are
/// written in one transaction, each with the version read when deciding: of two conflicting amendments accepted at the
/// same moment, one makes the new version and the other is refused with 409 (Marten's concurrency check on the point).
/// An amendment that adds, deletes or merges points follows <see cref="StructuralDecisions"/>.
/// </summary>
public static class AcceptAmendmentEndpoint
{
    /// <summary>The points, fetched for writing (their versions are checked on commit), and the consultation for the phase.</summary>
    public static async Task<AcceptanceStreams?> LoadAsync(Amendment amendment, IDocumentSession session, CancellationToken ct)
    {
        var consultation = await session.LoadAsync<Consultation>(amendment.ConsultationId, ct);
        if (consultation is null) return null;
        var point = await session.Events.FetchForWriting<ActionPoint>(amendment.ActionPointId, ct);
        if (point.Aggregate is null && amendment.Kind != AmendmentKind.AddPoint) return null;
        var other = amendment.MergeWith is { } otherId ? await session.Events.FetchForWriting<ActionPoint>(otherId, ct) : null;
        if (amendment.Kind == AmendmentKind.Replace) return new AcceptanceStreams(point, other, consultation, [], []);
        var amendments = await session.Query<Amendment>().Where(a => a.ConsultationId == amendment.ConsultationId).ToListAsync(ct);
        var numbers = await session.Query<ActionPoint>().Where(p => p.ConsultationId == amendment.ConsultationId).Select(p => p.Number).ToListAsync(ct);
        return new AcceptanceStreams(point, other, consultation, amendments.ToList(), numbers.ToList());
    }

    public static ProblemDetails Validate(Amendment amendment, AcceptanceStreams? streams, ClaimsPrincipal user)
    {
        if (streams is null) return Problems.NotFound("action point", amendment.ActionPointId);
        var decision = AmendmentDecisions.CheckAcceptance(Actor.Require(user), amendment, streams.Consultation);
        return decision.IsNone()
            ? StructuralDecisions.CheckAcceptance(amendment, streams.Point.Aggregate, streams.Other?.Aggregate, streams.Amendments)
            : decision;
    }

    [WolverinePost("/api/amendments/{amendmentId}/accept", OperationId = "AcceptAmendment")]
    [Authorize]
    [Tags("Amendments")]
    [ProducesResponseType<AmendmentAcceptance>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static (IResult, Events) Post(
        [WriteAggregate("amendmentId", OnMissing = OnMissing.ProblemDetailsWith404)] Amendment amendment,
        [NotBody] AcceptanceStreams streams,
        IDocumentSession session,
        ClaimsPrincipal user)
    {
        var point = streams.Point;
        if (amendment.Kind != AmendmentKind.Replace)
        {
            var structural = StructuralDecisions.Accept(Actor.Require(user), amendment, point.Aggregate, streams.Other?.Aggregate, streams.Numbers);
            var done = structural.Accepted!;
            if (structural.Added is { } added) session.Events.StartStream<ActionPoint>(added.ActionPointId, added);
            if (structural.Revision is { } merged) point.AppendOne(merged);
            if (structural.Withdrawal is { } withdrawn)
            {
                if (withdrawn.ActionPointId == point.Id) point.AppendOne(withdrawn);
                else streams.Other!.AppendOne(withdrawn);
            }

            var text = structural.Added?.Text ?? structural.Revision?.Text ?? "";
            return (Results.Ok(new AmendmentAcceptance(amendment.Id, done.ActionPointId, done.BaseVersion, done.AppliedToVersion,
                done.ResultingVersion, text, false, amendment.Kind, done.ActionPointNumber ?? amendment.ActionPointNumber)), [done]);
        }

        var acceptance = AmendmentDecisions.Accept(Actor.Require(user), amendment, point.Aggregate!);
        if (acceptance.Conflict is { } conflict)
            return (Results.Problem(acceptance.Problem), [conflict]);
        if (acceptance.Accepted is not { } accepted || acceptance.Revision is not { } revision)
            return (Results.Problem(acceptance.Problem), []);

        point.AppendOne(revision);
        return (Results.Ok(new AmendmentAcceptance(amendment.Id, point.Id, accepted.BaseVersion, accepted.AppliedToVersion,
            revision.Version, revision.Text, accepted.Merged)), [accepted]);
    }
}
