using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Common;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ConsultationPlatform.Amendments;

/// <summary>An amendment as everybody may read it, with its word-level diff against its base version.</summary>
public sealed record AmendmentView(
    Guid Id,
    Guid ActionPointId,
    int ActionPointNumber,
    Guid ConsultationId,
    AmendmentStatus Status,
    int BaseVersion,
    string BaseText,
    string Text,
    string Rationale,
    IReadOnlyList<DiffSegment> Diff,
    Sponsor ProposedBy,
    DateTimeOffset? ProposedAt,
    IReadOnlyList<Sponsor> CoSponsors,
    int CurrentVersion,
    bool BasedOnCurrentVersion,
    IReadOnlyList<ConflictRegion> Conflicts,
    int? RebasedFrom,
    int? ResultingVersion,
    bool Merged,
    string? RejectionReason,
    string? DecidedByName,
    DateTimeOffset? DecidedAt,
    string ActionPointHref,
    IReadOnlyList<Guid>? CitesInputs = null);

public static class AmendmentViews
{
    public static AmendmentView View(Amendment amendment, ActionPoint point)
    {
        var baseText = AmendmentDecisions.VersionOf(point, amendment.BaseVersion)?.Text ?? "";
        return new AmendmentView(
            amendment.Id, amendment.ActionPointId, amendment.ActionPointNumber, amendment.ConsultationId, amendment.Status,
            amendment.BaseVersion, baseText, amendment.Text, amendment.Rationale, WordDiff.Diff(baseText, amendment.Text),
            amendment.ProposedBy, amendment.ProposedAt, amendment.CoSponsors, point.Current.Number,
            amendment.BaseVersion == point.Current.Number, amendment.Conflicts, amendment.RebasedFrom, amendment.ResultingVersion,
            amendment.Merged, amendment.RejectionReason, amendment.DecidedByName, amendment.DecidedAt,
            $"/api/action-points/{amendment.ActionPointId}", amendment.CitesInputs);
    }
}

/// <summary>Reads of amendments; shared by the HTTP endpoints and the web pages.</summary>
public static class AmendmentReads
{
    /// <summary>Every amendment of a point as everybody may read it, oldest first.</summary>
    public static async Task<IReadOnlyList<AmendmentView>> ForActionPoint(IQuerySession session, ActionPoint point, CancellationToken ct)
    {
        var amendments = await session.Query<Amendment>().Where(a => a.ActionPointId == point.Id).ToListAsync(ct);
        return amendments.OrderBy(a => a.ProposedAt).ThenBy(a => a.Id).Select(a => AmendmentViews.View(a, point)).ToList();
    }
}

public static class AmendmentQueryEndpoints
{
    [WolverineGet("/api/amendments/{amendmentId}", OperationId = "GetAmendment")]
    [Tags("Amendments")]
    [ProducesResponseType<AmendmentView>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid amendmentId, IQuerySession session, CancellationToken ct)
    {
        var amendment = await session.LoadAsync<Amendment>(amendmentId, ct);
        var point = amendment is null ? null : await session.LoadAsync<ActionPoint>(amendment.ActionPointId, ct);
        return amendment is null || point is null
            ? Results.Problem(Problems.NotFound("amendment", amendmentId))
            : Results.Ok(AmendmentViews.View(amendment, point));
    }
}
