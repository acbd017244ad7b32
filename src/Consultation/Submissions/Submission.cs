using JasperFx.Events;

namespace ConsultationPlatform.Submissions;

// ---- Events of a submission stream: one stream per input. ----

/// <summary>
/// A stakeholder submitted an input on the consultation, or on one of its action points. The event keeps the
/// Markdown as written and the HTML as rendered then (so a later renderer never rewrites what was published).
/// </summary>
public sealed record SubmissionReceived(
    Guid SubmissionId,
    Guid ConsultationId,
    Guid? ActionPointId,
    int? ActionPointNumber,
    string? Title,
    string BodyMarkdown,
    string BodyHtml,
    string Language,
    Guid PersonId,
    string PersonName,
    Guid OrganisationId,
    string OrganisationName,
    StakeholderGroup OrganisationGroup) : IConsultationEvent;

/// <summary>The input is public: by a moderator's decision, or at once when the consultation is post-moderated.</summary>
public sealed record SubmissionPublished(Guid SubmissionId, Guid ConsultationId, Guid PublishedBy, bool OnReceipt) : IConsultationEvent;

/// <summary>The input will not be published; the reason is for its author and the moderators.</summary>
public sealed record SubmissionRejected(Guid SubmissionId, Guid ConsultationId, string Reason, Guid RejectedBy, Guid? AuthorId = null)
    : IConsultationEvent;

/// <summary>A published input was taken out of public view.</summary>
public sealed record SubmissionHidden(Guid SubmissionId, Guid ConsultationId, string Reason, Guid HiddenBy) : IConsultationEvent;

/// <summary>A reader drew the moderators' attention to a published input. Private: moderators only.</summary>
public sealed record SubmissionFlagged(
    Guid SubmissionId,
    Guid ConsultationId,
    string Reason,
    Guid FlaggedBy,
    string FlaggedByName,
    Guid? OrganisationId,
    string? OrganisationName) : IConsultationEvent;

public enum SubmissionStatus
{
    Received,
    Published,
    Rejected,
    Hidden,
}

public sealed record SubmissionAuthor(
    Guid PersonId,
    string PersonName,
    Guid OrganisationId,
    string OrganisationName,
    StakeholderGroup OrganisationGroup);

public sealed record SubmissionFlag(Guid PersonId, string PersonName, Guid? OrganisationId, string? OrganisationName, string Reason, DateTimeOffset? At);

/// <summary>An input (a submission), rebuilt from its events.</summary>
public sealed class Submission
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid ConsultationId { get; set; }
    public Guid? ActionPointId { get; set; }
    public int? ActionPointNumber { get; set; }
    public string? Title { get; set; }
    public string BodyMarkdown { get; set; } = "";
    public string BodyHtml { get; set; } = "";
    public string Language { get; set; } = "";
    public SubmissionAuthor Author { get; set; } = null!;
    public SubmissionStatus Status { get; set; }
    public DateTimeOffset? ReceivedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? RejectionReason { get; set; }
    public string? HiddenReason { get; set; }
    public List<SubmissionFlag> Flags { get; set; } = [];

    public static Submission Create(IEvent<SubmissionReceived> e) => new()
    {
        Id = e.Data.SubmissionId,
        ConsultationId = e.Data.ConsultationId,
        ActionPointId = e.Data.ActionPointId,
        ActionPointNumber = e.Data.ActionPointNumber,
        Title = e.Data.Title,
        BodyMarkdown = e.Data.BodyMarkdown,
        BodyHtml = e.Data.BodyHtml,
        Language = e.Data.Language,
        Author = new SubmissionAuthor(e.Data.PersonId, e.Data.PersonName, e.Data.OrganisationId, e.Data.OrganisationName,
            e.Data.OrganisationGroup),
        Status = SubmissionStatus.Received,
        ReceivedAt = At(e),
    };

    public void Apply(IEvent<SubmissionPublished> e)
    {
        Status = SubmissionStatus.Published;
        PublishedAt = At(e);
    }

    public void Apply(SubmissionRejected e)
    {
        Status = SubmissionStatus.Rejected;
        RejectionReason = e.Reason;
    }

    public void Apply(SubmissionHidden e)
    {
        Status = SubmissionStatus.Hidden;
        HiddenReason = e.Reason;
    }

    public void Apply(IEvent<SubmissionFlagged> e) =>
        Flags.Add(new SubmissionFlag(e.Data.FlaggedBy, e.Data.FlaggedByName, e.Data.OrganisationId, e.Data.OrganisationName,
            e.Data.Reason, At(e)));

    private static DateTimeOffset? At(IEvent e) => Common.EventTime.Of(e);
}
