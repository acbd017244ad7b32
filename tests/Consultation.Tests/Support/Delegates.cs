using ConsultationPlatform.Infrastructure.Authentication;
using ConsultationPlatform.Stakeholders;

namespace ConsultationPlatform.Tests.Support;

/// <summary>People acting for organisations in tests: each call makes a new person and organisation.</summary>
public static class Delegates
{
    public static Actor Of(string organisation, StakeholderGroup group, params PlatformRole[] roles) =>
        new(Guid.NewGuid(), $"Delegate of {organisation}", Guid.NewGuid(), organisation, group,
            (roles.Length == 0 ? [PlatformRole.Participant] : roles).ToHashSet());

    public static Actor State(string name = "Ghana") => Of(name, StakeholderGroup.MemberState);

    public static Actor CivilSociety(string name = "Migrant Forum in Asia") => Of(name, StakeholderGroup.CivilSociety);

    public static Actor Moderator() => new(Guid.NewGuid(), "Moderator", Guid.Empty, "", StakeholderGroup.CivilSociety,
        new HashSet<PlatformRole> { PlatformRole.Moderator });

    /// <summary>A client that signs every request as <paramref name="actor"/>.</summary>
    public static HttpClient ClientFor(this AppFixture app, Actor actor)
    {
        var client = new HttpClient { BaseAddress = app.BaseAddress };
        var h = client.DefaultRequestHeaders;
        h.Add(ActingHeadersAuthenticationHandler.PersonIdHeader, actor.PersonId.ToString());
        h.Add(ActingHeadersAuthenticationHandler.PersonNameHeader, actor.PersonName);
        if (actor.OrganisationId != Guid.Empty)
        {
            h.Add(ActingHeadersAuthenticationHandler.OrganisationIdHeader, actor.OrganisationId.ToString());
            h.Add(ActingHeadersAuthenticationHandler.OrganisationNameHeader, actor.OrganisationName);
            h.Add(ActingHeadersAuthenticationHandler.OrganisationGroupHeader, actor.OrganisationGroup.ToString());
        }

        h.Add(ActingHeadersAuthenticationHandler.RolesHeader, string.Join(',', actor.Roles));
        return client;
    }
}
