using ConsultationPlatform.Consultations.History;

namespace ConsultationPlatform.LivePush;

/// <summary>The kinds of live stream a client can join (one SignalR group per stream).</summary>
public enum LiveStreamKind
{
    /// <summary>A consultation's public changes.</summary>
    Consultation,

    /// <summary>Everything that happens in a consultation, private items included (moderators and co-chairs).</summary>
    Moderation,

    /// <summary>A person's own items.</summary>
    Person,

    /// <summary>A live session's public changes.</summary>
    Session,
}

/// <summary>
/// A live stream: its kind and whose it is (a consultation, a person, a session). Its name (<see cref="ToString"/>,
/// e.g. <c>consultation:{id:N}</c>) is the SignalR group and what the client sees in <see cref="ChangeBatch.Stream"/>.
/// </summary>
public readonly record struct LiveStream(LiveStreamKind Kind, Guid Id)
{
    public static LiveStream Public(Guid consultationId) => new(LiveStreamKind.Consultation, consultationId);
    public static LiveStream Moderation(Guid consultationId) => new(LiveStreamKind.Moderation, consultationId);
    public static LiveStream Person(Guid personId) => new(LiveStreamKind.Person, personId);
    public static LiveStream Session(Guid sessionId) => new(LiveStreamKind.Session, sessionId);

    /// <summary>The streams that carry a change of the history: who may see it, and where.</summary>
    public static IEnumerable<LiveStream> Of(ConsultationChange change)
    {
        if (change.Audience == ChangeAudience.Public)
        {
            yield return Public(change.ConsultationId);
            yield return Moderation(change.ConsultationId);
            if (change.ConcernsPersonId is { } concerned) yield return Person(concerned);
            if (change.SessionId is { } sessionId) yield return Session(sessionId);
        }
        else
        {
            // A notice (Notices/) is its person's alone: not even the moderators' stream carries it.
            if (change.Audience != ChangeAudience.Person) yield return Moderation(change.ConsultationId);
            if (change.AudiencePersonId is { } person) yield return Person(person);
        }
    }

    /// <summary>
    /// The message a change becomes on this stream: on a consultation's public stream, without the event where the
    /// board entries sent with it say it all.
    /// </summary>
    public ChangeMessage Message(ConsultationChange change) =>
        Kind == LiveStreamKind.Consultation ? ChangeMessage.ForPublic(change) : ChangeMessage.From(change);

    /// <summary>The history rows this stream carries: what a client of it may see.</summary>
    public Func<IQueryable<ConsultationChange>, IQueryable<ConsultationChange>> Scope
    {
        get
        {
            var id = Id;
            return Kind switch
            {
                LiveStreamKind.Consultation => q => q.Where(c => c.ConsultationId == id && c.Audience == ChangeAudience.Public),
                LiveStreamKind.Moderation => q => q.Where(c => c.ConsultationId == id && c.Audience != ChangeAudience.Person),
                LiveStreamKind.Person => q => q.Where(c => c.AudiencePersonId == id || c.ConcernsPersonId == id),
                _ => q => q.Where(c => c.SessionId == id && c.Audience == ChangeAudience.Public),
            };
        }
    }

    /// <summary>Whether the moderation queue travels with this stream's batches.</summary>
    public bool CarriesTheQueue => Kind == LiveStreamKind.Moderation;

    public override string ToString() => $"{KindName}:{Id:N}";

    /// <summary>The kind as named in the stream's name and in the metrics (<c>consultation</c>, <c>moderation</c>, <c>person</c>, <c>session</c>).</summary>
    public string KindName => Prefix(Kind);

    private static string Prefix(LiveStreamKind kind) => kind switch
    {
        LiveStreamKind.Consultation => "consultation",
        LiveStreamKind.Moderation => "moderation",
        LiveStreamKind.Person => "person",
        _ => "session",
    };
}
