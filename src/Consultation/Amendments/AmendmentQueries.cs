using ConsultationPlatform.ActionPoints;

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
    IReadOnlyList<Guid>? CitesInputs = null,
    AmendmentKind Kind = AmendmentKind.Replace,
    Guid? MergeWith = null,
    int? MergeWithNumber = null,
    int? MergeWithBaseVersion = null);

public static class AmendmentViews
{
    /// <summary>
    /// The amendment with its diff: against its base version; for a merger, against the two points' base versions one
    /// after the other; for a point to add (which has no point yet, <paramref name="point"/> null), against nothing.
    /// </summary>
    public static AmendmentView View(Amendment amendment, ActionPoint? point, ActionPoint? other = null)
    {
        var baseText = point is null ? "" : AmendmentDecisions.VersionOf(point, amendment.BaseVersion)?.Text ?? "";
        if (amendment.Kind == AmendmentKind.MergePoints && other is not null && amendment.MergeWithBaseVersion is { } otherVersion)
            baseText += "\n\n" + (AmendmentDecisions.VersionOf(other, otherVersion)?.Text ?? "");
        var current = point?.Current.Number ?? 0;
        return new AmendmentView(
            amendment.Id, amendment.ActionPointId, amendment.ActionPointNumber, amendment.ConsultationId, amendment.Status,
            amendment.BaseVersion, baseText, amendment.Text, amendment.Rationale, WordDiff.Diff(baseText, amendment.Text),
            amendment.ProposedBy, amendment.ProposedAt, amendment.CoSponsors, current,
            amendment.BaseVersion == current, amendment.Conflicts, amendment.RebasedFrom, amendment.ResultingVersion,
            amendment.Merged, amendment.RejectionReason, amendment.DecidedByName, amendment.DecidedAt,
            $"/api/action-points/{amendment.ActionPointId}", amendment.CitesInputs, amendment.Kind, amendment.MergeWith,
            amendment.MergeWithNumber, amendment.MergeWithBaseVersion);
    }
}

/// <summary>Reads of amendments; shared by the HTTP endpoints and the web pages.</summary>
public static class AmendmentReads
{
    /// <summary>Every amendment of a point (a merger with another point included) as everybody may read it, oldest first.</summary>
    public static async Task<IReadOnlyList<AmendmentView>> ForActionPoint(IQuerySession session, ActionPoint point, CancellationToken ct)
    {
        var amendments = await session.Query<Amendment>().Where(a => a.ActionPointId == point.Id || a.MergeWith == point.Id).ToListAsync(ct);
        var others = await session.LoadManyAsync<ActionPoint>(ct, amendments.SelectMany(a => a.Touches).Where(id => id != point.Id).Distinct());
        var byId = others.Append(point).ToDictionary(p => p.Id);
        return amendments.OrderBy(a => a.ProposedAt).ThenBy(a => a.Id)
            .Select(a => AmendmentViews.View(a, byId.GetValueOrDefault(a.ActionPointId), a.MergeWith is { } m ? byId.GetValueOrDefault(m) : null))
            .ToList();
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
        var other = amendment?.MergeWith is { } otherId ? await session.LoadAsync<ActionPoint>(otherId, ct) : null;
        return amendment is null || (point is null && amendment.Kind != AmendmentKind.AddPoint)
            ? Results.Problem(Problems.NotFound("amendment", amendmentId))
            : Results.Ok(AmendmentViews.View(amendment, point, other));
    }
}
