using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Submissions;

namespace ConsultationPlatform.Replies;

/// <summary>Reply under an input or an amendment (Markdown body, BCP 47 language tag), maybe to another reply of the same thread.</summary>
public sealed record PostReply(string? Body, string? Language, Guid? InReplyTo = null);

/// <summary>What a reply is under, as the decisions need it: which consultation, which point, and whether the reader may reply there.</summary>
public sealed record ReplyTarget(ReplyParent Kind, Guid Id, Guid ConsultationId, Guid? ActionPointId, bool Visible, bool Open, string State)
{
    public static ReplyTarget Of(Submission input, Actor? actor) =>
        new(ReplyParent.Input, input.Id, input.ConsultationId, input.ActionPointId, SubmissionDecisions.MaySee(actor, input),
            input.Status == SubmissionStatus.Published, input.Status.ToString().ToLowerInvariant());

    public static ReplyTarget Of(Amendment amendment) =>
        new(ReplyParent.Amendment, amendment.Id, amendment.ConsultationId, amendment.ActionPointId, true, true,
            amendment.Status.ToString().ToLowerInvariant());
}

/// <summary>A reply as one reader may see it (the public sees the organisation; its author and the moderators also the person and the reasons).</summary>
public sealed record ReplyView(
    Guid Id,
    Guid ConsultationId,
    ReplyParent ParentKind,
    Guid ParentId,
    Guid? ActionPointId,
    Guid? InReplyTo,
    string BodyMarkdown,
    string BodyHtml,
    string Language,
    ReplyStatus Status,
    Guid OrganisationId,
    string OrganisationName,
    StakeholderGroup OrganisationGroup,
    string? PersonName,
    DateTimeOffset? PostedAt,
    DateTimeOffset? PublishedAt,
    string? RejectionReason,
    string? HiddenReason,
    string Href);

/// <summary>
/// The rules of replies, as pure functions. They are those of inputs (<see cref="SubmissionDecisions"/>), applied to a reply:
/// <list type="bullet">
/// <item>Who: a delegate of any ACCREDITED organisation (<c>AccessRules</c>, act <c>Reply</c>), in the phases that allow it
///   (<c>PhaseRules</c>, act <c>Reply</c>: inputs, drafting, endorsement).</item>
/// <item>Under what: a published input, or an amendment (amendments are public). An input the replier may not see does not
///   exist (404); one they see but that is not published is a 409 <c>submission-status</c>. <c>inReplyTo</c>, when given,
///   is a published reply of the same thread (400 otherwise).</item>
/// <item>Text: body 1–<see cref="MaxBodyLength"/> characters, a BCP 47 language tag, by the rules of <see cref="FreeText"/>.</item>
/// <item>Moderation: as the consultation moderates inputs: pre-moderated, a reply waits (received) for a moderator to publish
///   or reject it (reason); post-moderated, it is published at once. A published reply may be hidden (reason).</item>
/// <item>Who sees it: a published reply, everybody; a received, rejected or hidden one, its author and the moderators only.</item>
/// </list>
/// </summary>
public static class ReplyDecisions
{
    public const int MaxBodyLength = 5_000;

    public static string Href(Guid replyId) => $"/api/replies/{replyId}";

    public static Refused? Check(Actor actor, PostReply command, ReplyTarget target, Consultation consultation, bool accredited, Reply? inReplyTo)
    {
        var access = AccessRules.Check(actor, AccessAct.Reply, accredited);
        if (access is not null) return access;
        if (!target.Visible)
            return new Refused.NotFound(target.Kind == ReplyParent.Input ? "submission" : "amendment", target.Id);
        var phase = PhaseRules.Check(consultation, ConsultationAct.Reply);
        if (phase is not null) return phase;

        var errors = new List<(string, string)>();
        FreeText.Check(errors, "body", command.Body, MaxBodyLength, required: true, "The body of a reply is required.");
        if (LanguageTags.Normalise(command.Language?.Trim()) is null)
            errors.Add(("language", "Say which language the reply is written in, as a BCP 47 language tag (e.g. en, fr, es-419)."));
        if (command.InReplyTo is { } answered && (inReplyTo is null || inReplyTo.Id != answered || inReplyTo.ParentId != target.Id
                                                   || !MaySee(actor, inReplyTo) || inReplyTo.Status != ReplyStatus.Published))
            errors.Add(("inReplyTo", $"There is no published reply with id {answered} in this thread."));
        if (errors.Count > 0) return new Refused.Invalid(errors.ToArray());

        if (!target.Open)
            return new Refused.Conflict($"The input is {target.State}", "Only published inputs are replied to.", "submission-status",
                new Dictionary<string, object?> { ["submissionStatus"] = target.State });
        return null;
    }

    /// <summary>What replying means: received, and published at once when the consultation is post-moderated.</summary>
    public static IReadOnlyList<object> Post(Actor actor, PostReply command, ReplyTarget target, Consultation consultation, Guid replyId)
    {
        var markdown = FreeText.Clean(command.Body)!;
        var posted = new ReplyPosted(replyId, consultation.Id, target.Kind, target.Id, target.ActionPointId, command.InReplyTo,
            markdown, MarkdownRendering.ToHtml(markdown), LanguageTags.Normalise(command.Language!.Trim())!,
            actor.PersonId, actor.PersonName, actor.OrganisationId, actor.OrganisationName, actor.OrganisationGroup);
        return consultation.InputsPreModerated
            ? [posted]
            : [posted, new ReplyPublished(replyId, consultation.Id, target.Id, target.ActionPointId, actor.PersonId, OnReceipt: true)];
    }

    public static bool IsAuthor(Actor? actor, Reply reply) => actor is not null && actor.PersonId == reply.Author.PersonId;

    public static bool MaySee(Actor? actor, Reply reply) =>
        reply.Status == ReplyStatus.Published || actor?.RunsTheDialogueOf(reply.ConsultationId) == true || IsAuthor(actor, reply);

    public static Refused? CheckModeration(Actor actor, ModerationAct act, string? reason, Reply reply, Consultation consultation)
    {
        var access = AccessRules.Check(actor.In(consultation.Id), AccessAct.ModerateInputs);
        if (access is not null) return new Refused.NotAllowed("Only moderators and co-chairs publish, reject or hide replies.");
        var phase = PhaseRules.Check(consultation, ConsultationAct.ModerateInput);
        if (phase is not null) return phase;

        var reasoned = ModerationReason.Check(act, reason, "a reply");
        if (reasoned is not null) return reasoned;

        var from = act == ModerationAct.Hide ? ReplyStatus.Published : ReplyStatus.Received;
        if (reply.Status != from)
            return new Refused.Conflict(
                $"The reply is {Name(reply.Status)}",
                $"Only {(from == ReplyStatus.Received ? "a received reply is published or rejected" : "a published reply is hidden")}; " +
                $"this one is {Name(reply.Status)}.",
                "reply-status",
                new Dictionary<string, object?> { ["replyStatus"] = Name(reply.Status) });
        return null;
    }

    public static object Moderate(Actor actor, ModerationAct act, string? reason, Reply reply) => act switch
    {
        ModerationAct.Publish => new ReplyPublished(reply.Id, reply.ConsultationId, reply.ParentId, reply.ActionPointId, actor.PersonId, OnReceipt: false),
        ModerationAct.Reject => new ReplyRejected(reply.Id, reply.ConsultationId, FreeText.Clean(reason)!, actor.PersonId, reply.Author.PersonId),
        ModerationAct.Hide => new ReplyHidden(reply.Id, reply.ConsultationId, reply.ParentId, reply.ActionPointId, FreeText.Clean(reason)!, actor.PersonId),
        _ => throw new ArgumentOutOfRangeException(nameof(act)),
    };

    /// <summary>The reply as <paramref name="viewer"/> may see it; call only when <see cref="MaySee"/>.</summary>
    public static ReplyView View(Reply reply, Actor? viewer)
    {
        var privileged = viewer?.RunsTheDialogueOf(reply.ConsultationId) == true || IsAuthor(viewer, reply);
        return new ReplyView(reply.Id, reply.ConsultationId, reply.ParentKind, reply.ParentId, reply.ActionPointId, reply.InReplyTo,
            reply.BodyMarkdown, reply.BodyHtml, reply.Language, reply.Status,
            reply.Author.OrganisationId, reply.Author.OrganisationName, reply.Author.OrganisationGroup,
            privileged ? reply.Author.PersonName : null, reply.PostedAt, reply.PublishedAt,
            privileged ? reply.RejectionReason : null, privileged ? reply.HiddenReason : null, Href(reply.Id));
    }

    /// <summary>A thread as <paramref name="viewer"/> may see it, oldest first.</summary>
    public static IReadOnlyList<ReplyView> Thread(IEnumerable<Reply> replies, Actor? viewer) =>
        replies.Where(r => MaySee(viewer, r)).OrderBy(r => r.PostedAt).ThenBy(r => r.Id).Select(r => View(r, viewer)).ToList();

    private static string Name(ReplyStatus status) => status.ToString().ToLowerInvariant();
}
