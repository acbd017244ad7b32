using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Amendments;

/// <summary>Propose a new action point (numbered after the last one when accepted), with a rationale.</summary>
public sealed record ProposePointAddition(string? Text, string? Rationale, Guid[]? CitesInputs = null);

/// <summary>Propose taking an action point out of the text, as it stands at the version read, with a rationale.</summary>
public sealed record ProposePointDeletion(int BaseVersion, string? Rationale);

/// <summary>
/// Propose merging another point (<see cref="MergeWith"/>, at the version of it read) into this one (at the version of
/// it read), with the one new text they become.
/// </summary>
public sealed record ProposePointMerger(int BaseVersion, Guid? MergeWith, int? MergeWithBaseVersion, string? Text, string? Rationale,
    Guid[]? CitesInputs = null);

/// <summary>What accepting an amendment that adds, deletes or merges points comes to: the events, or a refusal.</summary>
public sealed record StructuralAcceptance(
    AmendmentAccepted? Accepted,
    ActionPointTabled? Added,
    ActionPointRevised? Revision,
    ActionPointWithdrawn? Withdrawal);

/// <summary>
/// The decisions about amendments that add a point, delete one, or merge two (pure functions). They follow the rules
/// of the text amendments: proposed by delegates of accredited organisations while drafting, against named versions,
/// decided by the moderators and co-chairs. Their conflict rules, checked when accepting:
/// <list type="bullet">
/// <item>a point taken out of the text (deleted or merged into another) takes no further amendment of any kind;</item>
/// <item>deleting or merging a point is refused while another amendment of that point (or of the other merged point)
/// is pending: those are decided first;</item>
/// <item>a deletion or a merger read named versions: if a point changed since, accepting is refused (stale) and the
/// proposer proposes again against the current text (a deletion or a merger is not rebased word by word).</item>
/// </list>
/// </summary>
public static class StructuralDecisions
{
    // ---- Proposing ----

    public static Refused? CheckAddition(Actor actor, ProposePointAddition command, Consultation consultation, bool accredited,
        IReadOnlyCollection<Submissions.Submission>? cited = null)
    {
        var opening = CheckProposer(actor, consultation, accredited);
        if (opening is not null) return opening;
        var errors = new List<(string, string)>();
        CheckText(errors, command.Text, "text", "The text of the new point", AmendmentDecisions.MaxTextLength);
        CheckText(errors, command.Rationale, "rationale", "The rationale", AmendmentDecisions.MaxRationaleLength);
        AmendmentDecisions.CheckCitations(errors, command.CitesInputs, consultation.Id, cited ?? []);
        return errors.Count > 0 ? new Refused.Invalid(errors.ToArray()) : null;
    }

    public static AmendmentProposed ProposeAddition(Guid amendmentId, Guid newPointId, Actor actor, ProposePointAddition command,
        Consultation consultation) =>
        new(amendmentId, newPointId, consultation.Id, 0, 0, AmendmentDecisions.Normalise(command.Text),
            AmendmentDecisions.Normalise(command.Rationale), Sponsor.From(actor), Cites(command.CitesInputs), AmendmentKind.AddPoint);

    public static Refused? CheckDeletion(Actor actor, ProposePointDeletion command, ActionPoint point, Consultation consultation,
        bool accredited)
    {
        var opening = CheckProposer(actor, consultation, accredited);
        if (opening is not null) return opening;
        var errors = new List<(string, string)>();
        CheckText(errors, command.Rationale, "rationale", "The rationale", AmendmentDecisions.MaxRationaleLength);
        CheckVersion(errors, "baseVersion", command.BaseVersion, point);
        if (errors.Count > 0) return new Refused.Invalid(errors.ToArray());
        return CheckInText(point);
    }

    public static AmendmentProposed ProposeDeletion(Guid amendmentId, Actor actor, ProposePointDeletion command, ActionPoint point) =>
        new(amendmentId, point.Id, point.ConsultationId, point.Number, command.BaseVersion, "",
            AmendmentDecisions.Normalise(command.Rationale), Sponsor.From(actor), null, AmendmentKind.DeletePoint);

    public static Refused? CheckMerger(Actor actor, ProposePointMerger command, ActionPoint point, ActionPoint? other,
        Consultation consultation, bool accredited, IReadOnlyCollection<Submissions.Submission>? cited = null)
    {
        var opening = CheckProposer(actor, consultation, accredited);
        if (opening is not null) return opening;
        var errors = new List<(string, string)>();
        CheckText(errors, command.Text, "text", "The merged text", AmendmentDecisions.MaxTextLength);
        CheckText(errors, command.Rationale, "rationale", "The rationale", AmendmentDecisions.MaxRationaleLength);
        CheckVersion(errors, "baseVersion", command.BaseVersion, point);
        if (command.MergeWith is null)
            errors.Add(("mergeWith", "Name the action point to merge with this one."));
        else if (command.MergeWith == point.Id)
            errors.Add(("mergeWith", "A point is merged with another point, not with itself."));
        else if (other is null || other.ConsultationId != point.ConsultationId)
            errors.Add(("mergeWith", $"{command.MergeWith} is not an action point of this consultation."));
        else if (command.MergeWithBaseVersion is not { } otherVersion)
            errors.Add(("mergeWithBaseVersion", $"Name the version of action point {other.Number} you read."));
        else
            CheckVersion(errors, "mergeWithBaseVersion", otherVersion, other);
        AmendmentDecisions.CheckCitations(errors, command.CitesInputs, point.ConsultationId, cited ?? []);
        if (errors.Count > 0) return new Refused.Invalid(errors.ToArray());
        var inText = CheckInText(point);
        return inText is null ? CheckInText(other!) : inText;
    }

    public static AmendmentProposed ProposeMerger(Guid amendmentId, Actor actor, ProposePointMerger command, ActionPoint point, ActionPoint other) =>
        new(amendmentId, point.Id, point.ConsultationId, point.Number, command.BaseVersion, AmendmentDecisions.Normalise(command.Text),
            AmendmentDecisions.Normalise(command.Rationale), Sponsor.From(actor), Cites(command.CitesInputs), AmendmentKind.MergePoints,
            other.Id, other.Number, command.MergeWithBaseVersion);

    // ---- Accepting ----

    /// <summary>
    /// Whether accepting can go ahead: the points it touches are still in the text, no other amendment of them is
    /// pending (for a deletion or a merger), and they stand at the versions the proposer read.
    /// </summary>
    public static Refused? CheckAcceptance(Amendment amendment, ActionPoint? point, ActionPoint? other, IEnumerable<Amendment> amendments)
    {
        if (amendment.Kind == AmendmentKind.AddPoint) return null;
        if (point is null) return new Refused.NotFound("action point", amendment.ActionPointId);
        if (amendment.Kind == AmendmentKind.MergePoints && other is null) return new Refused.NotFound("action point", amendment.MergeWith!);

        var inText = CheckInText(point);
        if (inText is not null) return inText;
        if (amendment.Kind == AmendmentKind.Replace) return null;
        if (other is not null && CheckInText(other) is { } outOfText) return outOfText;

        var touched = amendment.Touches.ToHashSet();
        var pending = amendments.Where(a => a.Id != amendment.Id && a.IsPending && a.Touches.Any(touched.Contains))
            .OrderBy(a => a.ProposedAt).ThenBy(a => a.Id).ToList();
        if (pending.Count > 0)
            return new Refused.Conflict(
                "Other amendments of these points are pending",
                $"{pending.Count} other amendment{(pending.Count == 1 ? "" : "s")} of the point{(touched.Count == 1 ? "" : "s")} this amendment " +
                $"{(amendment.Kind == AmendmentKind.DeletePoint ? "deletes" : "merges")} {(pending.Count == 1 ? "is" : "are")} still pending. " +
                "Decide them first (accept or reject), or let their proposers withdraw them.",
                "pending-amendments",
                new Dictionary<string, object?> { ["pendingAmendments"] = pending.Select(a => a.Id).ToArray() });

        var stale = new List<string>();
        if (point.Current.Number != amendment.BaseVersion)
            stale.Add($"action point {point.Number} is at version {point.Current.Number}, not {amendment.BaseVersion}");
        if (other is not null && other.Current.Number != amendment.MergeWithBaseVersion)
            stale.Add($"action point {other.Number} is at version {other.Current.Number}, not {amendment.MergeWithBaseVersion}");
        if (stale.Count > 0)
            return new Refused.Conflict(
                "The points changed since the amendment was proposed",
                $"Since this amendment was proposed, {string.Join(" and ", stale)}. Its proposer withdraws it and proposes it again " +
                "against the current text.",
                "stale-version",
                new Dictionary<string, object?>
                {
                    ["currentVersion"] = point.Current.Number,
                    ["mergeWithCurrentVersion"] = other?.Current.Number,
                });
        return null;
    }

    /// <summary>The events of accepting a checked amendment (<see cref="CheckAcceptance"/> passed).</summary>
    public static StructuralAcceptance Accept(Actor actor, Amendment amendment, ActionPoint? point, ActionPoint? other, IEnumerable<int> numbers)
    {
        switch (amendment.Kind)
        {
            case AmendmentKind.AddPoint:
            {
                var number = numbers.DefaultIfEmpty(0).Max() + 1;
                return new StructuralAcceptance(
                    new AmendmentAccepted(amendment.Id, amendment.ActionPointId, amendment.ConsultationId, 0, 0, 1, false,
                        actor.PersonId, actor.PersonName, number),
                    new ActionPointTabled(amendment.ActionPointId, amendment.ConsultationId, number, amendment.Text, amendment.Id,
                        amendment.ProposedBy, amendment.CoSponsors.ToArray()),
                    null, null);
            }
            case AmendmentKind.DeletePoint:
            {
                var current = point!.Current.Number;
                return new StructuralAcceptance(
                    new AmendmentAccepted(amendment.Id, point.Id, point.ConsultationId, amendment.BaseVersion, current, current, false,
                        actor.PersonId, actor.PersonName),
                    null, null,
                    new ActionPointWithdrawn(point.Id, point.ConsultationId, point.Number, current, amendment.Id));
            }
            case AmendmentKind.MergePoints:
            {
                var resulting = point!.Current.Number + 1;
                return new StructuralAcceptance(
                    new AmendmentAccepted(amendment.Id, point.Id, point.ConsultationId, amendment.BaseVersion, point.Current.Number, resulting,
                        false, actor.PersonId, actor.PersonName),
                    null,
                    new ActionPointRevised(point.Id, point.ConsultationId, resulting, amendment.Text, amendment.Id, amendment.ProposedBy,
                        amendment.CoSponsors.ToArray(), other!.Id, other.Number, other.Current.Number),
                    new ActionPointWithdrawn(other.Id, other.ConsultationId, other.Number, other.Current.Number, amendment.Id, point.Id, point.Number));
            }
            default:
                throw new InvalidOperationException($"A {amendment.Kind} amendment is accepted by AmendmentDecisions.Accept.");
        }
    }

    // ---- Shared checks ----

    /// <summary>A point taken out of the text takes no further amendment and no endorsement.</summary>
    public static Refused? CheckInText(ActionPoint point) =>
        point.InText
            ? null
            : new Refused.Conflict(
                "The point is no longer in the text",
                point.Status == ActionPointStatus.Merged
                    ? $"Action point {point.Number} was merged into action point {point.MergedIntoNumber}; amend or endorse that point instead."
                    : $"Action point {point.Number} was deleted from the text by an accepted amendment; its history is kept, but it takes no further acts.",
                "point-withdrawn",
                new Dictionary<string, object?>
                {
                    ["actionPointStatus"] = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(point.Status.ToString()),
                    ["mergedInto"] = point.MergedInto,
                });

    private static Refused? CheckProposer(Actor actor, Consultation consultation, bool accredited)
    {
        var access = AccessRules.Check(actor, AccessAct.ProposeAmendment, accredited);
        return access is null ? PhaseRules.Check(consultation, ConsultationAct.ProposeAmendment) : access;
    }

    private static void CheckVersion(List<(string, string)> errors, string field, int version, ActionPoint point)
    {
        if (AmendmentDecisions.VersionOf(point, version) is null)
            errors.Add((field, $"Action point {point.Number} has versions 1 to {point.Current.Number}; there is no version {version}."));
    }

    private static void CheckText(List<(string, string)> errors, string? value, string field, string what, int max) =>
        AmendmentDecisions.CheckText(errors, value, field, what, max);

    private static Guid[]? Cites(Guid[]? ids) => ids is { Length: > 0 } ? ids.Distinct().ToArray() : null;
}
