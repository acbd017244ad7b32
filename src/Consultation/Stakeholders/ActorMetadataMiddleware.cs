using ConsultationPlatform.Consultations.History;

namespace ConsultationPlatform.Stakeholders;

/// <summary>
/// Stamps the events of a write's session with who caused them (the person, and the organisation they act for), so
/// the history and the audit view say who did what for whom. The one place that does it: Wolverine applies it to the
/// handler of every act (<see cref="IAct"/>, the actor in the command: <see cref="Before(IDocumentSession, IAct)"/>)
/// and to every write endpoint that writes itself rather than relaying an act (the signed-in user:
/// <see cref="Before(IDocumentSession, ClaimsPrincipal)"/>).
/// </summary>
public static class ActorMetadataMiddleware
{
    public static void Before(IDocumentSession session, ClaimsPrincipal user) => Stamp(session, Actor.From(user));

    public static void Stamp(IDocumentSession session, Actor? actor)
    {
        if (actor is null) return;
        session.LastModifiedBy = actor.PersonId.ToString();
        session.SetHeader(ChangeClassifier.PersonIdHeader, actor.PersonId.ToString());
        session.SetHeader(ChangeClassifier.PersonNameHeader, actor.PersonName);
        if (actor.OrganisationId == Guid.Empty) return;
        session.SetHeader(ChangeClassifier.OrganisationIdHeader, actor.OrganisationId.ToString());
        session.SetHeader(ChangeClassifier.OrganisationNameHeader, actor.OrganisationName);
    }
}

/// <summary>The same stamping, on the handler chain of every act (registered for the chains whose message is an
/// <see cref="IAct"/>; the act is read off the envelope, whatever its concrete type).</summary>
public static class ActActorMiddleware
{
    public static void Before(IDocumentSession session, Envelope envelope) => ActorMetadataMiddleware.Stamp(session, (envelope.Message as IAct)?.Actor);
}
