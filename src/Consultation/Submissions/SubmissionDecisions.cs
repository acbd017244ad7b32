using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Submissions;

/// <summary>Submit an input on the whole consultation, or on one of its action points (<c>actionPointId</c>).</summary>
public sealed record SubmitInput(string? Body, string? Language, string? Title = null, Guid? ActionPointId = null);

/// <summary>The body of <c>/reject</c>, <c>/hide</c> and <c>/flags</c>.</summary>
public sealed record GiveReason(string? Reason);

/// <summary>Rejecting or hiding an item (an input, a reply) needs a reason its author will see; publishing does not.</summary>
public static class ModerationReason
{
    public static Refused? Check(ModerationAct act, string? reason, string item)
    {
        if (act is not (ModerationAct.Reject or ModerationAct.Hide)) return null;
        var errors = new List<(string, string)>();
        FreeText.Check(errors, "reason", reason, FreeText.MaxReasonLength, required: true,
            $"{(act == ModerationAct.Reject ? "Rejecting" : "Hiding")} {item} needs a reason; its author will see it.");
        return errors.Count > 0 ? new Refused.Invalid(errors.ToArray()) : null;
    }
}

public enum ModerationAct
{
    Publish,
    Reject,
    Hide,
}

/// <summary>
/// An input as one reader may see it. The public sees the organisation, not the person; the author and the
/// moderators also see the person, the rejection or hiding reason; only moderators see the flags.
/// </summary>
public sealed record SubmissionView(
    Guid Id,
    Guid ConsultationId,
    Guid? ActionPointId,
    int? ActionPointNumber,
    string? Title,
    string BodyMarkdown,
    string BodyHtml,
    string Language,
    SubmissionStatus Status,
    Guid OrganisationId,
    string OrganisationName,
    StakeholderGroup OrganisationGroup,
    string? PersonName,
    DateTimeOffset? ReceivedAt,
    DateTimeOffset? PublishedAt,
    string? RejectionReason,
    string? HiddenReason,
    int? FlagCount,
    IReadOnlyList<SubmissionFlag>? Flags,
    string Href);

/// <summary>
/// The decisions about inputs, as pure functions.
/// <list type="bullet">
/// <item>Who submits: a person acting for an organisation (403 for a person acting for none). Stakeholders take part
///   in a UN dialogue through accredited organisations, and inputs are read and counted by stakeholder group;
///   an individual joins through an organisation. Any stakeholder group may submit.</item>
/// <item>Limits: body 1–<see cref="MaxBodyLength"/> characters, title at most <see cref="MaxTitleLength"/> (optional),
///   reasons 1–<see cref="FreeText.MaxReasonLength"/>; text is trimmed and must hold no control characters.</item>
/// <item>Lifecycle: received → published or rejected (with a reason); published → hidden (with a reason). Nothing
///   else: a rejected or hidden input is not brought back, a decided input is not decided again (409 <c>submission-status</c>).</item>
/// <item>Who sees what: a published input is public; a received, rejected or hidden input only to its author (the
///   person who submitted it) and to moderators; to anybody else it does not exist (404).</item>
/// <item>Flags: any signed-in person who can see a published input flags it once, with a reason; a second flag by the
///   same person is a 409 <c>already-flagged</c> (it would add no weight; a retry of the same request is answered
///   by its Idempotency-Key). Only published inputs are flagged (409 otherwise).</item>
/// </list>
/// </summary>
public static class SubmissionDecisions
{
    public const int MaxBodyLength = 10_000;
    public const int MaxTitleLength = 200;

    public static string Href(Guid submissionId) => $"/api/submissions/{submissionId}";

    public static Refused? Check(Actor actor, SubmitInput command, Consultation consultation, ActionPoint? point, bool accredited)
    {
        var submitter = AccessRules.Check(actor, AccessAct.SubmitInput, accredited);
        if (submitter is not null) return submitter;
        var phase = PhaseRules.Check(consultation, ConsultationAct.SubmitInput);
        if (phase is not null) return phase;

        var errors = new List<(string, string)>();
        FreeText.Check(errors, "body", command.Body, MaxBodyLength, required: true, "The body of an input is required.");
        FreeText.Check(errors, "title", command.Title, MaxTitleLength, required: false);
        if (LanguageTags.Normalise(command.Language?.Trim()) is null)
            errors.Add(("language", string.IsNullOrWhiteSpace(command.Language)
                ? "Say which language the input is written in, as a BCP 47 language tag (e.g. en, fr, es-419)."
                : $"'{Truncate(command.Language, 40)}' is not a BCP 47 language tag (e.g. en, fr, zh-Hant, es-419)."));
        if (command.ActionPointId is { } pointId && (point is null || point.Id != pointId || point.ConsultationId != consultation.Id))
            errors.Add(("actionPointId", $"This consultation has no action point with id {pointId}."));
        return errors.Count > 0 ? new Refused.Invalid(errors.ToArray()) : null;
    }

    /// <summary>What submitting means: received, and published at once when the consultation is post-moderated.</summary>
    public static IReadOnlyList<object> Submit(Actor actor, SubmitInput command, Consultation consultation, ActionPoint? point, Guid submissionId)
    {
        var markdown = FreeText.Clean(command.Body)!;
        var received = new SubmissionReceived(
            submissionId, consultation.Id, point?.Id, point?.Number, FreeText.Clean(command.Title), markdown,
            MarkdownRendering.ToHtml(markdown), LanguageTags.Normalise(command.Language!.Trim())!,
            actor.PersonId, actor.PersonName, actor.OrganisationId, actor.OrganisationName, actor.OrganisationGroup);
        return consultation.InputsPreModerated
            ? [received]
            : [received, new SubmissionPublished(submissionId, consultation.Id, actor.PersonId, OnReceipt: true)];
    }

    public static bool IsAuthor(Actor? actor, Submission submission) =>
        actor is not null && actor.PersonId == submission.Author.PersonId;

    public static bool MaySee(Actor? actor, Submission submission) =>
        submission.Status == SubmissionStatus.Published || actor?.RunsTheDialogueOf(submission.ConsultationId) == true || IsAuthor(actor, submission);

    public static Refused? CheckModeration(Actor actor, ModerationAct act, string? reason, Submission submission, Consultation consultation)
    {
        if (!actor.RunsTheDialogueOf(consultation.Id))
            return new Refused.NotAllowed("Only moderators and co-chairs publish, reject or hide inputs.");
        var phase = PhaseRules.Check(consultation, ConsultationAct.ModerateInput);
        if (phase is not null) return phase;

        var reasoned = ModerationReason.Check(act, reason, "an input");
        if (reasoned is not null) return reasoned;

        var from = act == ModerationAct.Hide ? SubmissionStatus.Published : SubmissionStatus.Received;
        if (submission.Status != from)
            return new Refused.Conflict(
                $"The input is {Name(submission.Status)}",
                $"Only {(from == SubmissionStatus.Received ? "a received input is published or rejected" : "a published input is hidden")}; " +
                $"this one is {Name(submission.Status)}.",
                "submission-status",
                new Dictionary<string, object?> { ["submissionStatus"] = Name(submission.Status) });
        return null;
    }

    public static object Moderate(Actor actor, ModerationAct act, string? reason, Submission submission) => act switch
    {
        ModerationAct.Publish => new SubmissionPublished(submission.Id, submission.ConsultationId, actor.PersonId, OnReceipt: false),
        ModerationAct.Reject => new SubmissionRejected(submission.Id, submission.ConsultationId, FreeText.Clean(reason)!, actor.PersonId, submission.Author?.PersonId),
        ModerationAct.Hide => new SubmissionHidden(submission.Id, submission.ConsultationId, FreeText.Clean(reason)!, actor.PersonId),
        _ => throw new ArgumentOutOfRangeException(nameof(act)),
    };

    public static Refused? CheckFlag(Actor actor, string? reason, Submission submission, Consultation consultation, bool accredited)
    {
        if (!MaySee(actor, submission)) return new Refused.NotFound("submission", submission.Id);
        var access = AccessRules.Check(actor, AccessAct.FlagInput, accredited);
        if (access is not null) return access;
        var phase = PhaseRules.Check(consultation, ConsultationAct.FlagInput);
        if (phase is not null) return phase;

        var errors = new List<(string, string)>();
        FreeText.Check(errors, "reason", reason, FreeText.MaxReasonLength, required: true,
            "Say why the moderators should look at this input.");
        if (errors.Count > 0) return new Refused.Invalid(errors.ToArray());

        if (submission.Status != SubmissionStatus.Published)
            return new Refused.Conflict($"The input is {Name(submission.Status)}", "Only published inputs are flagged.", "submission-status",
                new Dictionary<string, object?> { ["submissionStatus"] = Name(submission.Status) });
        if (submission.Flags.Any(f => f.PersonId == actor.PersonId))
            return new Refused.Conflict("Already flagged", "You have already flagged this input; the moderators have your reason.", "already-flagged");
        return null;
    }

    public static SubmissionFlagged Flag(Actor actor, string? reason, Submission submission) =>
        new(submission.Id, submission.ConsultationId, FreeText.Clean(reason)!, actor.PersonId, actor.PersonName,
            actor.OrganisationId == Guid.Empty ? null : actor.OrganisationId,
            actor.OrganisationId == Guid.Empty ? null : actor.OrganisationName);

    /// <summary>The input as <paramref name="viewer"/> (null: the public) may see it; call only when <see cref="MaySee"/>.</summary>
    public static SubmissionView View(Submission submission, Actor? viewer)
    {
        var moderator = viewer?.RunsTheDialogueOf(submission.ConsultationId) == true;
        var privileged = moderator || IsAuthor(viewer, submission);
        return new SubmissionView(
            submission.Id, submission.ConsultationId, submission.ActionPointId, submission.ActionPointNumber, submission.Title,
            submission.BodyMarkdown, submission.BodyHtml, submission.Language, submission.Status,
            submission.Author.OrganisationId, submission.Author.OrganisationName, submission.Author.OrganisationGroup,
            privileged ? submission.Author.PersonName : null,
            submission.ReceivedAt, submission.PublishedAt,
            privileged ? submission.RejectionReason : null,
            privileged ? submission.HiddenReason : null,
            moderator ? submission.Flags.Count : null,
            moderator ? submission.Flags.ToList() : null,
            Href(submission.Id));
    }

    public static string Name(SubmissionStatus status) => status.ToString().ToLowerInvariant();

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
