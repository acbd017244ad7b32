using JasperFx.Events;

namespace ConsultationPlatform.Replies;

/// <summary>What a reply is under: an input (a submission) or an amendment.</summary>
public enum ReplyParent
{
    Input,
    Amendment,
}

// ---- Events of a reply stream: one stream per reply. ----

/// <summary>
/// A delegate replied under an input or an amendment (and, within its thread, maybe to another reply). Like an
/// input, the Markdown as written and the HTML as rendered then.
/// </summary>
public sealed record ReplyPosted(
    Guid ReplyId,
    Guid ConsultationId,
    ReplyParent ParentKind,
    Guid ParentId,
    Guid? ActionPointId,
    Guid? InReplyTo,
    string BodyMarkdown,
    string BodyHtml,
    string Language,
    Guid PersonId,
    string PersonName,
    Guid OrganisationId,
    string OrganisationName,
    StakeholderGroup OrganisationGroup) : IConsultationEvent;

/// <summary>The reply is public: by a moderator's decision, or at once when the consultation is post-moderated.</summary>
public sealed record ReplyPublished(Guid ReplyId, Guid ConsultationId, Guid ParentId, Guid? ActionPointId, Guid PublishedBy, bool OnReceipt)
    : IConsultationEvent;

/// <summary>The reply will not be published; the reason is for its author and the moderators.</summary>
public sealed record ReplyRejected(Guid ReplyId, Guid ConsultationId, string Reason, Guid RejectedBy, Guid AuthorId) : IConsultationEvent;

/// <summary>A published reply was taken out of public view.</summary>
public sealed record ReplyHidden(Guid ReplyId, Guid ConsultationId, Guid ParentId, Guid? ActionPointId, string Reason, Guid HiddenBy)
    : IConsultationEvent;

public enum ReplyStatus
{
    Received,
    Published,
    Rejected,
    Hidden,
}

/// <summary>A reply, rebuilt from its events.</summary>
public sealed class Reply
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid ConsultationId { get; set; }
    public ReplyParent ParentKind { get; set; }
    public Guid ParentId { get; set; }
    public Guid? ActionPointId { get; set; }
    public Guid? InReplyTo { get; set; }
    public string BodyMarkdown { get; set; } = "";
    public string BodyHtml { get; set; } = "";
    public string Language { get; set; } = "";
    public Submissions.SubmissionAuthor Author { get; set; } = null!;
    public ReplyStatus Status { get; set; }
    public DateTimeOffset? PostedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? RejectionReason { get; set; }
    public string? HiddenReason { get; set; }

    public static Reply Create(IEvent<ReplyPosted> e) => new()
    {
        Id = e.Data.ReplyId,
        ConsultationId = e.Data.ConsultationId,
        ParentKind = e.Data.ParentKind,
        ParentId = e.Data.ParentId,
        ActionPointId = e.Data.ActionPointId,
        InReplyTo = e.Data.InReplyTo,
        BodyMarkdown = e.Data.BodyMarkdown,
        BodyHtml = e.Data.BodyHtml,
        Language = e.Data.Language,
        Author = new Submissions.SubmissionAuthor(e.Data.PersonId, e.Data.PersonName, e.Data.OrganisationId, e.Data.OrganisationName,
            e.Data.OrganisationGroup),
        Status = ReplyStatus.Received,
        PostedAt = EventTime.Of(e),
    };

    public void Apply(IEvent<ReplyPublished> e)
    {
        Status = ReplyStatus.Published;
        PublishedAt = EventTime.Of(e);
    }

    public void Apply(ReplyRejected e)
    {
        Status = ReplyStatus.Rejected;
        RejectionReason = e.Reason;
    }

    public void Apply(ReplyHidden e)
    {
        Status = ReplyStatus.Hidden;
        HiddenReason = e.Reason;
    }
}
