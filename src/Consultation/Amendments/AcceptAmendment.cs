using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;
using JasperFx.Events;
using Marten.Events;

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
/// The act: a moderator or co-chair accepts an amendment. The amendment stream and the streams of the points it changes are
/// written in one transaction, each with the version read when deciding: of two conflicting amendments accepted at the
/// same moment, one makes the new version and the other is refused with 409 (Marten's concurrency check on the point).
/// An amendment that adds, deletes or merges points follows <see cref="StructuralDecisions"/>. Sent by the API endpoint
/// below and by the moderators' console (<c>Web/Pages/Moderation/Console.cshtml.cs</c>).
/// </summary>
public sealed record AcceptAmendment(Guid AmendmentId, Actor Actor) : IAct<AmendmentAcceptance>;

/// <summary>The one handler of <see cref="AcceptAmendment"/>.</summary>
public static class AcceptAmendmentHandler
{
    /// <summary>The points, fetched for writing (their versions are checked on commit), and the consultation for the phase.</summary>
    public static async Task<AcceptanceStreams?> LoadStreamsAsync(Amendment amendment, IDocumentSession session, CancellationToken ct)
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

    /// <summary>The streams of the points are read only once the amendment is known: they are the amendment's points.
    /// Events on the amendment's own stream are returned; the points' events are appended to their streams here.</summary>
    public static async Task<(Outcome<AmendmentAcceptance>, Events)> Handle(AcceptAmendment act,
        [WriteAggregate(Required = false)] Amendment? amendment, IDocumentSession session, CancellationToken ct)
    {
        if (amendment is null) return (new Refused.NotFound("amendment", act.AmendmentId), []);
        var streams = await LoadStreamsAsync(amendment, session, ct);
        if (streams is null) return (new Refused.NotFound("action point", amendment.ActionPointId), []);
        if (AmendmentDecisions.CheckDecision(act.Actor, amendment, streams.Consultation, "accepted") is { } refused) return (refused, []);
        if (AmendmentDecisions.NeedsRebase(amendment) is { } needsRebase) return (needsRebase, []);
        if (StructuralDecisions.CheckAcceptance(amendment, streams.Point.Aggregate, streams.Other?.Aggregate, streams.Amendments) is { } notNow)
            return (notNow, []);

        var point = streams.Point;
        if (amendment.Kind != AmendmentKind.Replace)
        {
            var structural = StructuralDecisions.Accept(act.Actor, amendment, point.Aggregate, streams.Other?.Aggregate, streams.Numbers);
            var done = structural.Accepted!;
            if (structural.Added is { } added) session.Events.StartStream<ActionPoint>(added.ActionPointId, added);
            if (structural.Revision is { } merged) point.AppendOne(merged);
            if (structural.Withdrawal is { } withdrawn)
            {
                if (withdrawn.ActionPointId == point.Id) point.AppendOne(withdrawn);
                else streams.Other!.AppendOne(withdrawn);
            }

            var text = structural.Added?.Text ?? structural.Revision?.Text ?? "";
            return (new AmendmentAcceptance(amendment.Id, done.ActionPointId, done.BaseVersion, done.AppliedToVersion,
                done.ResultingVersion, text, false, amendment.Kind, done.ActionPointNumber ?? amendment.ActionPointNumber), [done]);
        }

        switch (AmendmentDecisions.Accept(act.Actor, amendment, point.Aggregate!))
        {
            // Words that changed meanwhile: the conflict is recorded on the amendment (it now needs a rebase), and refused.
            case Acceptance.InConflict conflict:
                return (conflict.Why, [conflict.Found]);
            case Acceptance.Applied (var accepted, var revision):
                point.AppendOne(revision);
                return (new AmendmentAcceptance(amendment.Id, point.Id, accepted.BaseVersion, accepted.AppliedToVersion,
                    revision.Version, revision.Text, accepted.Merged), [accepted]);
            case Acceptance.Refusal refusal:
                return (refusal.Why, []);
            default:
                throw new System.Diagnostics.UnreachableException();
        }
    }
}

/// <summary>The HTTP way in to <see cref="AcceptAmendment"/>.</summary>
public static class AcceptAmendmentEndpoint
{
    [WolverinePost("/api/amendments/{amendmentId}/accept", OperationId = "AcceptAmendment")]
    [Authorize]
    [Tags("Amendments")]
    [ProducesResponseType<AmendmentAcceptance>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(Guid amendmentId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new AcceptAmendment(amendmentId, Actor.Require(user)), ct)).ToHttp();
}
