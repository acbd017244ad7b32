using ConsultationPlatform.Consultations.History;
using Microsoft.AspNetCore.SignalR;

namespace ConsultationPlatform.LivePush;

/// <summary>What the hub pushes to clients; a client registers a handler under this name.</summary>
public static class LiveMessages
{
    /// <summary>A <see cref="ChangeBatch"/>: changes in order, each with its position, and the views they touched.</summary>
    public const string Changes = "changes";
}

/// <summary>
/// The live hub. A client joins a stream (a consultation's public changes; its moderation stream; the person's own
/// items) and receives every later change to it, each with its position in the store's order. A client that comes
/// back sends the last position it saw and receives exactly what it missed, then live changes, with no gap and no
/// duplicate; if it missed too much it is told to reload the view.
/// </summary>
public sealed class ConsultationHub(LiveDispatcher dispatcher) : Hub
{
    public const string Path = "/hubs/consultation";

    /// <summary>The public changes of a consultation (everyone, signed in or not).</summary>
    public Task<JoinResult> JoinConsultation(Guid consultationId, long? since = null) =>
        Join(LiveStream.Public(consultationId), since);

    /// <summary>Everything that happens in a consultation, private items included: moderators and co-chairs only.</summary>
    public Task<JoinResult> JoinModeration(Guid consultationId, long? since = null)
    {
        if (Actor.From(Context.User)?.In(consultationId) is not { RunsTheDialogue: true })
            throw new HubException("Only moderators and co-chairs follow the moderation stream.");
        return Join(LiveStream.Moderation(consultationId), since, moderationOf: consultationId);
    }

    /// <summary>
    /// The signed-in person's own items: their private items (pending inputs, accreditation requests) and the public
    /// decisions on them (an input published or hidden, an amendment accepted, rejected or found in conflict).
    /// </summary>
    public Task<JoinResult> JoinOwnItems(long? since = null)
    {
        if (Actor.From(Context.User) is not { } actor)
            throw new HubException("Sign in to follow your own items.");
        return Join(LiveStream.Person(actor.PersonId), since);
    }

    /// <summary>A live session's public changes (the room: list, floor, statements), with the same contract as a consultation's.</summary>
    public Task<JoinResult> JoinSession(Guid sessionId, long? since = null) =>
        Join(LiveStream.Session(sessionId), since);

    private Task<JoinResult> Join(LiveStream stream, long? since, Guid? moderationOf = null) =>
        dispatcher.JoinAsync(Context.ConnectionId, stream, stream.Scope, since, Context.ConnectionAborted, moderationOf);
}
