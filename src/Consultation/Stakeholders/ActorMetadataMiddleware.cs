using System.Security.Claims;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.Stakeholders;
using Marten;

namespace ConsultationPlatform.Stakeholders;

/// <summary>
/// Wolverine middleware on every write endpoint: stamps the events of the request's session with who caused them
/// (the person, and the organisation they act for), so the history and the audit view say who did what for whom.
/// </summary>
public static class ActorMetadataMiddleware
{
    public static void Before(IDocumentSession session, ClaimsPrincipal user)
    {
        if (Actor.From(user) is not { } actor) return;
        session.LastModifiedBy = actor.PersonId.ToString();
        session.SetHeader(ChangeClassifier.PersonIdHeader, actor.PersonId.ToString());
        session.SetHeader(ChangeClassifier.PersonNameHeader, actor.PersonName);
        if (actor.OrganisationId == Guid.Empty) return;
        session.SetHeader(ChangeClassifier.OrganisationIdHeader, actor.OrganisationId.ToString());
        session.SetHeader(ChangeClassifier.OrganisationNameHeader, actor.OrganisationName);
    }
}
