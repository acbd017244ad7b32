using ConsultationPlatform.Common;

namespace ConsultationPlatform.Notices;

/// <summary>
/// A notice came for a person who hears about it in the app: on their own-items stream (and nobody else's: the
/// history's <see cref="Consultations.History.ChangeAudience.Person"/>). One stream per person (<see cref="Notice.StreamFor"/>).
/// </summary>
public sealed record NoticeRaised(Guid NoticeId, Guid PersonId, Guid ConsultationId, NoticeKind Kind, string Text, string? Link) : IConsultationEvent;

/// <summary>One notice for one person: what happened, where to look, whether read, how it goes by mail.</summary>
public sealed class Notice
{
    public Guid Id { get; set; }
    public Guid PersonId { get; set; }
    public Guid ConsultationId { get; set; }
    public NoticeKind Kind { get; set; }

    /// <summary>What happened, in a sentence.</summary>
    public string Text { get; set; } = "";

    /// <summary>The page to look at (a path of the site), if any.</summary>
    public string? Link { get; set; }

    public DateTimeOffset At { get; set; }
    public bool InApp { get; set; }
    public DateTimeOffset? ReadAt { get; set; }

    /// <summary>Waits for the person's daily digest.</summary>
    public bool DigestPending { get; set; }

    public DateTimeOffset? EmailedAt { get; set; }

    private static readonly Guid Namespace = Guid.Parse("8d7e3f1a-2b6c-4e59-b0a4-61c9d2e7f304");

    /// <summary>A notice's id follows from the event it is about and the person: a page read again stores it once.</summary>
    public static Guid IdFor(object source, Guid personId, NoticeKind kind) => DeterministicGuid.Create(Namespace, "notice", source, personId, kind);

    /// <summary>The stream of a person's in-app notices.</summary>
    public static Guid StreamFor(Guid personId) => DeterministicGuid.Create(Namespace, "notices", personId);
}

/// <summary>A notice about to be given: what and where, for whom (before the preferences decide how).</summary>
public sealed record NoticeDraft(NoticeKind Kind, Guid ConsultationId, string Text, string? Link);

/// <summary>How one person gets one notice, by their preferences.</summary>
public sealed record Delivery(Guid PersonId, bool InApp, NoticeEmail Email);
