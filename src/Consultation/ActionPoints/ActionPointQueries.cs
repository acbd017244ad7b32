using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;

namespace ConsultationPlatform.ActionPoints;

/// <summary>One version of the point's text and, for an amended version, the amendment that made it and its sponsors.</summary>
public sealed record ActionPointVersionView(
    int Number,
    string Text,
    DateTimeOffset? At,
    bool IsCurrent,
    Guid? AmendmentId,
    Sponsor? ProposedBy,
    IReadOnlyList<Sponsor> CoSponsoredBy,
    Guid? MergedFrom = null,
    int? MergedFromNumber = null,
    int? MergedFromVersion = null);

public sealed record AmendmentSummary(
    Guid Id,
    AmendmentStatus Status,
    int BaseVersion,
    Sponsor ProposedBy,
    int CoSponsorCount,
    DateTimeOffset? ProposedAt,
    int? ResultingVersion,
    string Href,
    AmendmentKind Kind = AmendmentKind.Replace);

/// <summary>
/// An endorsement as shown on the point: for the current text, or "for version N" when the text changed since and the
/// stakeholder has not confirmed the new version.
/// </summary>
public sealed record EndorsementView(
    Guid StakeholderId,
    string StakeholderName,
    StakeholderGroup StakeholderGroup,
    int ForVersion,
    bool ForCurrentVersion,
    string Standing,
    string? Reservation);

public sealed record ActionPointDetails(
    Guid Id,
    int Number,
    Guid ConsultationId,
    int Version,
    string Text,
    IReadOnlyList<ActionPointVersionView> Versions,
    IReadOnlyList<AmendmentSummary> Amendments,
    IReadOnlyList<EndorsementView> Endorsements,
    EndorsementTally EndorsementTally,
    ActionPointStatus Status = ActionPointStatus.InText,
    Guid? MergedInto = null,
    int? MergedIntoNumber = null,
    Guid? WithdrawnByAmendment = null,
    DateTimeOffset? WithdrawnAt = null,
    string? StatusNote = null);

public sealed record ActionPointDiff(Guid ActionPointId, int From, int To, IReadOnlyList<DiffSegment> Segments);

/// <summary>Builds the read models of an action point (pure functions).</summary>
public static class ActionPointViews
{
    public static ActionPointDetails Details(ActionPoint point, IEnumerable<Amendment> amendments, IEnumerable<Endorsement> endorsements)
    {
        var current = point.Current.Number;
        var active = endorsements.Where(e => e.Active && e.ActionPointId == point.Id).ToList();
        return new ActionPointDetails(
            point.Id, point.Number, point.ConsultationId, current, point.Current.Text,
            point.Versions.OrderBy(v => v.Number)
                .Select(v => new ActionPointVersionView(v.Number, v.Text, v.At, v.Number == current, v.AmendmentId, v.ProposedBy,
                    v.CoSponsoredBy ?? [], v.MergedFrom, v.MergedFromNumber, v.MergedFromVersion))
                .ToList(),
            amendments.Where(a => a.ActionPointId == point.Id || a.MergeWith == point.Id)
                .OrderBy(a => a.ProposedAt).ThenBy(a => a.Id)
                .Select(a => new AmendmentSummary(a.Id, a.Status, a.BaseVersion, a.ProposedBy, a.CoSponsors.Count, a.ProposedAt,
                    a.ResultingVersion, $"/api/amendments/{a.Id}", a.Kind))
                .ToList(),
            active
                .OrderByDescending(e => e.ForVersion == current).ThenBy(e => e.StakeholderGroup).ThenBy(e => e.StakeholderName)
                .Select(e => new EndorsementView(e.StakeholderId, e.StakeholderName, e.StakeholderGroup, e.ForVersion,
                    e.ForVersion == current, e.ForVersion == current ? "current version" : $"for version {e.ForVersion}", e.Reservation))
                .ToList(),
            Board.Tally(point, active),
            point.Status, point.MergedInto, point.MergedIntoNumber, point.WithdrawnByAmendment, point.WithdrawnAt, StatusNote(point));
    }

    /// <summary>What taking a point out of the text means for it, in words (null while it is in the text).</summary>
    public static string? StatusNote(ActionPoint point) => point.Status switch
    {
        ActionPointStatus.Deleted =>
            $"Action point {point.Number} was deleted from the text by amendment {point.WithdrawnByAmendment}. Its history is kept; " +
            "its endorsements no longer count toward the outcome.",
        ActionPointStatus.Merged =>
            $"Action point {point.Number} was merged into action point {point.MergedIntoNumber} by amendment {point.WithdrawnByAmendment}. " +
            $"Its history is kept; its endorsements no longer count toward the outcome (endorse action point {point.MergedIntoNumber}).",
        _ => null,
    };

    /// <summary>The word-level diff between two versions, or the problem naming the version that does not exist.</summary>
    public static (ActionPointDiff? Diff, ProblemDetails Problem) Diff(ActionPoint point, int? from, int? to)
    {
        var toNumber = to ?? point.Current.Number;
        var fromNumber = from ?? 1;
        var errors = new List<(string, string)>();
        var fromVersion = AmendmentDecisions.VersionOf(point, fromNumber);
        var toVersion = AmendmentDecisions.VersionOf(point, toNumber);
        if (fromVersion is null)
            errors.Add(("from", $"Action point {point.Number} has versions 1 to {point.Current.Number}; there is no version {fromNumber}."));
        if (toVersion is null)
            errors.Add(("to", $"Action point {point.Number} has versions 1 to {point.Current.Number}; there is no version {toNumber}."));
        if (errors.Count > 0) return (null, Problems.Invalid(errors.ToArray()));
        return (new ActionPointDiff(point.Id, fromNumber, toNumber, WordDiff.Diff(fromVersion!.Text, toVersion!.Text)), Problems.None);
    }
}

/// <summary>Reads of an action point; shared by the HTTP endpoints and the web pages.</summary>
public static class ActionPointReads
{
    /// <summary>The point (for diffs) and its details, or null when there is no such point.</summary>
    public static async Task<(ActionPoint Point, ActionPointDetails Details)?> LoadDetails(IQuerySession session, Guid actionPointId, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var point = batch.Load<ActionPoint>(actionPointId);
        var amendments = batch.Query<Amendment>().Where(a => a.ActionPointId == actionPointId || a.MergeWith == actionPointId).ToList();
        var endorsements = batch.Query<Endorsement>().Where(e => e.ActionPointId == actionPointId && e.Active).ToList();
        await batch.Execute(ct);
        var found = await point;
        return found is null ? null : (found, ActionPointViews.Details(found, await amendments, await endorsements));
    }
}

public static class ActionPointQueryEndpoints
{
    [WolverineGet("/api/action-points/{actionPointId}", OperationId = "GetActionPoint")]
    [Tags("Action points")]
    [ProducesResponseType<ActionPointDetails>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid actionPointId, long? position, DateTimeOffset? at, IQuerySession session, HttpContext http, CancellationToken ct) =>
        position is not null || at is not null ? await Outcome.TimeTravel.PastEndpoints.Point(actionPointId, new(position, at), session, http, ct) :
        await ActionPointReads.LoadDetails(session, actionPointId, ct) is { } read
            ? Results.Ok(read.Details)
            : Results.Problem(Problems.NotFound("action point", actionPointId));

    /// <summary>The word-level diff between two versions of a point (by default from version 1 to the current one).</summary>
    [WolverineGet("/api/action-points/{actionPointId}/diff", OperationId = "DiffActionPointVersions")]
    [Tags("Action points")]
    [ProducesResponseType<ActionPointDiff>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound)]
    public static async Task<IResult> Diff(Guid actionPointId, int? from, int? to, IQuerySession session, CancellationToken ct)
    {
        var point = await session.LoadAsync<ActionPoint>(actionPointId, ct);
        if (point is null) return Results.Problem(Problems.NotFound("action point", actionPointId));
        var (diff, problem) = ActionPointViews.Diff(point, from, to);
        return diff is null ? Results.Problem(problem) : Results.Ok(diff);
    }
}
