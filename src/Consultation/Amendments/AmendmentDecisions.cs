using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Amendments;

/// <summary>What accepting an amendment comes to, a closed set: a new version of the point, a conflict (recorded on the
/// amendment, and refused), or a refusal.</summary>
public abstract record Acceptance
{
    private Acceptance() { }

    /// <summary>The amendment's words make the point's new version (replacing its text, or merged into it).</summary>
    public sealed record Applied(AmendmentAccepted Decided, ActionPointRevised Revised) : Acceptance;

    /// <summary>Words changed meanwhile where the amendment changes them: the conflict is recorded on the amendment (it
    /// now needs a rebase), and the acceptance is refused with the conflicting regions.</summary>
    public sealed record InConflict(AmendmentFoundInConflict Found, Refused.TextConflict Why) : Acceptance;

    /// <summary>Refused; nothing is recorded.</summary>
    public sealed record Refusal(Refused Why) : Acceptance;

    /// <summary>What is refused, if anything.</summary>
    public Refused? RefusedWith => this switch
    {
        InConflict c => c.Why,
        Refusal r => r.Why,
        _ => null,
    };

    // The parts, for a reader that looks at one of them.
    public AmendmentAccepted? Accepted => (this as Applied)?.Decided;
    public ActionPointRevised? Revision => (this as Applied)?.Revised;
    public AmendmentFoundInConflict? Conflict => (this as InConflict)?.Found;
}

/// <summary>The decisions about amendments, as pure functions: checks return why an act is refused (or null), acts return events.</summary>
public static class AmendmentDecisions
{
    public const int MaxTextLength = 5000;
    public const int MaxRationaleLength = 5000;
    public const int MaxReasonLength = 2000;

    /// <summary>Texts are compared and stored with one kind of line ending and without surrounding whitespace.</summary>
    public static string Normalise(string? text) => FreeText.Normalise((text ?? "").Replace("\r\n", "\n").Replace('\r', '\n').Trim());

    public static ActionPointVersion? VersionOf(ActionPoint point, int number) =>
        point.Versions.FirstOrDefault(v => v.Number == number);

    // ---- Proposing ----

    public static Refused? CheckProposal(Actor actor, ProposeAmendment command, ActionPoint point, Consultation consultation, bool accredited,
        IReadOnlyCollection<Submissions.Submission>? cited = null)
    {
        var access = AccessRules.Check(actor, AccessAct.ProposeAmendment, accredited);
        if (access is not null) return access;
        var phase = PhaseRules.Check(consultation, ConsultationAct.ProposeAmendment);
        if (phase is not null) return phase;

        var errors = new List<(string, string)>();
        CheckText(errors, command.Text, "text", "The proposed text", MaxTextLength);
        CheckText(errors, command.Rationale, "rationale", "The rationale", MaxRationaleLength);
        CheckBase(errors, command.BaseVersion, command.Text, point);
        CheckCitations(errors, command.CitesInputs, point.ConsultationId, cited ?? []);
        return errors.Count > 0 ? new Refused.Invalid(errors.ToArray()) : StructuralDecisions.CheckInText(point);
    }

    public const int MaxCitedInputs = 20;

    /// <summary>An amendment cites published inputs of its own consultation, each once, at most <see cref="MaxCitedInputs"/>.</summary>
    internal static void CheckCitations(List<(string, string)> errors, Guid[]? ids, Guid consultationId, IReadOnlyCollection<Submissions.Submission> found)
    {
        if (ids is not { Length: > 0 }) return;
        if (ids.Length > MaxCitedInputs) errors.Add(("citesInputs", $"An amendment cites at most {MaxCitedInputs} inputs."));
        foreach (var id in ids.Distinct())
        {
            var input = found.FirstOrDefault(s => s.Id == id);
            if (input is null || input.ConsultationId != consultationId || input.Status != Submissions.SubmissionStatus.Published)
                errors.Add(("citesInputs", $"{id} is not a published input of this consultation."));
        }
    }

    public static AmendmentProposed Propose(Guid amendmentId, Actor actor, ProposeAmendment command, ActionPoint point) =>
        new(amendmentId, point.Id, point.ConsultationId, point.Number, command.BaseVersion,
            Normalise(command.Text), Normalise(command.Rationale), Sponsor.From(actor),
            command.CitesInputs is { Length: > 0 } cites ? cites.Distinct().ToArray() : null);

    /// <summary>An amendment's text, rationale or reason: required, by the one rule set for free text (<see cref="FreeText"/>).</summary>
    public static void CheckText(List<(string, string)> errors, string? value, string field, string what, int max) =>
        FreeText.Check(errors, field, Normalise(value), max, required: true, $"{what} is required.", what);

    /// <summary>The base version must exist, and the text must change something in it.</summary>
    private static void CheckBase(List<(string, string)> errors, int baseVersion, string? text, ActionPoint point)
    {
        var version = VersionOf(point, baseVersion);
        if (version is null)
            errors.Add(("baseVersion", $"Action point {point.Number} has versions 1 to {point.Current.Number}; there is no version {baseVersion}."));
        else if (Normalise(text).Length > 0 && Normalise(text) == Normalise(version.Text))
            errors.Add(("text", $"The text is identical to version {baseVersion} of action point {point.Number}; an amendment changes it."));
    }

    // ---- Co-sponsoring ----

    public static Refused? CheckCoSponsorship(Actor actor, Amendment amendment, Consultation consultation, bool accredited)
    {
        var access = AccessRules.Check(actor, AccessAct.CoSponsorAmendment, accredited);
        if (access is not null) return access;
        if (actor.OrganisationId == amendment.ProposedBy.OrganisationId)
            return new Refused.NotAllowed("Your organisation proposed this amendment; it cannot also co-sponsor it.");
        var phase = PhaseRules.Check(consultation, ConsultationAct.CoSponsorAmendment);
        if (phase is not null) return phase;
        return CheckPending(amendment, "co-sponsored");
    }

    /// <summary>Co-sponsoring again is nothing new: one co-sponsorship per organisation.</summary>
    public static IReadOnlyList<object> CoSponsor(Actor actor, Amendment amendment) =>
        amendment.CoSponsors.Any(s => s.OrganisationId == actor.OrganisationId)
            ? []
            : [new AmendmentCoSponsored(amendment.Id, amendment.ActionPointId, amendment.ConsultationId, Sponsor.From(actor))];

    // ---- Withdrawing ----

    public static Refused? CheckWithdrawal(Actor actor, Amendment amendment, Consultation consultation)
    {
        var proposer = CheckProposer(actor, amendment, "withdraws");
        if (proposer is not null) return proposer;
        var phase = PhaseRules.Check(consultation, ConsultationAct.WithdrawAmendment);
        if (phase is not null) return phase;
        return CheckPending(amendment, "withdrawn");
    }

    public static AmendmentWithdrawn Withdraw(Actor actor, Amendment amendment) =>
        new(amendment.Id, amendment.ActionPointId, amendment.ConsultationId, actor.PersonId, actor.OrganisationId);

    // ---- Deciding: accepting and rejecting ----

    public static Refused? CheckDecision(Actor actor, Amendment amendment, Consultation consultation, string what)
    {
        if (!actor.RunsTheDialogueOf(consultation.Id))
            return new Refused.NotAllowed("Only moderators and co-chairs decide on amendments.");
        var phase = PhaseRules.Check(consultation, ConsultationAct.DecideAmendment);
        if (phase is not null) return phase;
        return CheckPending(amendment, what);
    }

    public static Refused? CheckAcceptance(Actor actor, Amendment amendment, Consultation consultation)
    {
        var decision = CheckDecision(actor, amendment, consultation, "accepted");
        if (decision is not null) return decision;
        return NeedsRebase(amendment);
    }

    /// <summary>An amendment found in conflict is accepted only once its proposer has rebased it: refused with the
    /// regions found then.</summary>
    public static Refused.TextConflict? NeedsRebase(Amendment amendment) =>
        amendment.Status != AmendmentStatus.NeedsRebase
            ? null
            : new Refused.TextConflict(
                "The amendment needs a rebase",
                $"Amendment to action point {amendment.ActionPointNumber} conflicts with changes made since version {amendment.BaseVersion}; " +
                "its proposer rebases it onto the current version before it can be accepted.",
                "needs-rebase", amendment.BaseVersion, amendment.Conflicts);

    /// <summary>
    /// Accepting an open amendment: its text replaces the point's if the point is still at the amendment's base
    /// version; otherwise the amendment is merged (three-way, word level) into the current text, or, where both
    /// changed the same words, refused with the conflicting regions and marked as needing a rebase.
    /// </summary>
    public static Acceptance Accept(Actor actor, Amendment amendment, ActionPoint point)
    {
        var current = point.Current;
        var baseVersion = VersionOf(point, amendment.BaseVersion)
                          ?? throw new InvalidOperationException($"Action point {point.Id} has no version {amendment.BaseVersion}.");
        string text;
        var merged = amendment.BaseVersion != current.Number;
        if (!merged)
        {
            text = amendment.Text;
        }
        else
        {
            var merge = WordDiff.Merge(baseVersion.Text, current.Text, amendment.Text);
            if (!merge.Merged)
            {
                var conflict = new AmendmentFoundInConflict(amendment.Id, point.Id, point.ConsultationId, amendment.BaseVersion,
                    current.Number, merge.Conflicts.ToArray(), actor.PersonId);
                return new Acceptance.InConflict(conflict, Conflicting(amendment, point, merge.Conflicts));
            }

            text = merge.Text!;
        }

        if (text == current.Text)
            return new Acceptance.Refusal(new Refused.Conflict(
                "Nothing to change",
                $"The current text of action point {point.Number} (version {current.Number}) already reads as this amendment proposes. " +
                "Reject the amendment, giving that as the reason, or let its proposer withdraw it.",
                "already-applied",
                new Dictionary<string, object?> { ["currentVersion"] = current.Number }));

        var resulting = current.Number + 1;
        return new Acceptance.Applied(
            new AmendmentAccepted(amendment.Id, point.Id, point.ConsultationId, amendment.BaseVersion, current.Number, resulting, merged,
                actor.PersonId, actor.PersonName),
            new ActionPointRevised(point.Id, point.ConsultationId, resulting, text, amendment.Id, amendment.ProposedBy,
                amendment.CoSponsors.ToArray()));
    }

    /// <summary>The refusal of an amendment whose words meet words changed since its base version: the regions, typed.</summary>
    public static Refused.TextConflict Conflicting(Amendment amendment, ActionPoint point, IReadOnlyList<ConflictRegion> conflicts) =>
        new("The amendment conflicts with changes made since its base version",
            $"Action point {point.Number} changed from version {amendment.BaseVersion} to version {point.Current.Number} in some of the " +
            $"words this amendment changes ({conflicts.Count} region{(conflicts.Count == 1 ? "" : "s")}). The amendment now needs its " +
            $"proposer to rebase it onto version {point.Current.Number}.",
            "amendment-conflict", amendment.BaseVersion, conflicts, point.Current.Number, amendment.Id);

    public static Refused? CheckRejection(Actor actor, RejectAmendment command, Amendment amendment, Consultation consultation)
    {
        var decision = CheckDecision(actor, amendment, consultation, "rejected");
        if (decision is not null) return decision;
        var errors = new List<(string, string)>();
        CheckText(errors, command.Reason, "reason", "The reason", MaxReasonLength);
        return errors.Count > 0 ? new Refused.Invalid(errors.ToArray()) : null;
    }

    public static AmendmentRejected Reject(Actor actor, RejectAmendment command, Amendment amendment) =>
        new(amendment.Id, amendment.ActionPointId, amendment.ConsultationId, Normalise(command.Reason), actor.PersonId, actor.PersonName);

    // ---- Rebasing ----

    public static Refused? CheckRebase(Actor actor, RebaseAmendment command, Amendment amendment, ActionPoint? point, Consultation consultation)
    {
        var proposer = CheckProposer(actor, amendment, "rebases");
        if (proposer is not null) return proposer;
        var phase = PhaseRules.Check(consultation, ConsultationAct.RebaseAmendment);
        if (phase is not null) return phase;
        var pending = CheckPending(amendment, "rebased");
        if (pending is not null) return pending;
        if (amendment.Kind != AmendmentKind.Replace)
            return new Refused.Conflict(
                "Only a text amendment is rebased",
                "An amendment that adds, deletes or merges points is not rebased: its proposer withdraws it and proposes it again against the current text.",
                "not-rebased",
                new Dictionary<string, object?> { ["kind"] = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(amendment.Kind.ToString()) });
        if (point is null) return new Refused.NotFound("action point", amendment.ActionPointId);
        var inText = StructuralDecisions.CheckInText(point);
        if (inText is not null) return inText;

        var errors = new List<(string, string)>();
        CheckText(errors, command.Text, "text", "The proposed text", MaxTextLength);
        CheckBase(errors, command.BaseVersion, command.Text, point);
        if (errors.Count > 0) return new Refused.Invalid(errors.ToArray());

        if (command.BaseVersion != point.Current.Number)
            return new Refused.Conflict(
                "Rebase onto the current version",
                $"You rebased onto version {command.BaseVersion} of action point {point.Number}, but its current text is version {point.Current.Number}. " +
                "Restate the amendment against the current text.",
                "stale-version",
                new Dictionary<string, object?> { ["currentVersion"] = point.Current.Number, ["currentText"] = point.Current.Text });
        return null;
    }

    public static AmendmentRebased Rebase(Actor actor, RebaseAmendment command, Amendment amendment) =>
        new(amendment.Id, amendment.ActionPointId, amendment.ConsultationId, amendment.BaseVersion, command.BaseVersion,
            Normalise(command.Text), actor.PersonId);

    // ---- Shared checks ----

    /// <summary>The proposer is the organisation that proposed the amendment: any of its delegates acts for it.</summary>
    private static Refused? CheckProposer(Actor actor, Amendment amendment, string act) =>
        actor.OrganisationId != Guid.Empty && actor.OrganisationId == amendment.ProposedBy.OrganisationId
            ? null
            : new Refused.NotAllowed($"Only the organisation that proposed an amendment {act} it.");

    private static Refused? CheckPending(Amendment amendment, string act) =>
        amendment.IsPending
            ? null
            : new Refused.Conflict(
                "The amendment is no longer open",
                $"This amendment was {amendment.Status.ToString().ToLowerInvariant()}; it cannot be {act}.",
                "amendment-closed",
                new Dictionary<string, object?> { ["amendmentStatus"] = ToCamelCase(amendment.Status) });

    private static string ToCamelCase(AmendmentStatus status) =>
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(status.ToString());
}
