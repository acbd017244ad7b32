using System.Security.Claims;

namespace ConsultationPlatform.Stakeholders;

public enum PlatformRole
{
    Participant,
    Moderator,
    CoChair,
    Admin,
}

/// <summary>The claims an authenticated person carries; whatever signs them in (cookie, bearer token) issues these.</summary>
public static class ActorClaims
{
    public const string PersonId = "sub";
    public const string PersonName = "name";
    public const string OrganisationId = "org";
    public const string OrganisationName = "org_name";
    public const string OrganisationGroup = "org_group";
    public const string Role = ClaimTypes.Role;
}

/// <summary>
/// Who acts: a person, for the organisation they chose to act for, with their roles. Every event a person causes
/// records both the person and the organisation.
/// </summary>
public sealed record Actor(
    Guid PersonId,
    string PersonName,
    Guid OrganisationId,
    string OrganisationName,
    StakeholderGroup OrganisationGroup,
    IReadOnlySet<PlatformRole> Roles)
{
    public bool Is(PlatformRole role) => Roles.Contains(role);

    /// <summary>Moderators and co-chairs run the dialogue (phases, moderation, decisions on amendments); an admin
    /// runs none unless also appointed (see <see cref="AccessRules"/>).</summary>
    public bool RunsTheDialogue => Is(PlatformRole.Moderator) || Is(PlatformRole.CoChair);

    public static Actor? From(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return null;
        if (!Guid.TryParse(user.FindFirstValue(ActorClaims.PersonId), out var personId)) return null;
        Guid.TryParse(user.FindFirstValue(ActorClaims.OrganisationId), out var organisationId);
        Enum.TryParse<StakeholderGroup>(user.FindFirstValue(ActorClaims.OrganisationGroup), ignoreCase: true, out var group);
        var roles = user.FindAll(ActorClaims.Role)
            .Select(c => Enum.TryParse<PlatformRole>(c.Value, ignoreCase: true, out var r) ? r : (PlatformRole?)null)
            .OfType<PlatformRole>()
            .ToHashSet();
        return new Actor(personId, user.FindFirstValue(ActorClaims.PersonName) ?? "", organisationId,
            user.FindFirstValue(ActorClaims.OrganisationName) ?? "", group, roles);
    }

    /// <summary>For an endpoint that requires authentication: the actor is always there.</summary>
    public static Actor Require(ClaimsPrincipal user) =>
        From(user) ?? throw new InvalidOperationException("This endpoint requires an authenticated person.");

    public IEnumerable<Claim> ToClaims()
    {
        yield return new Claim(ActorClaims.PersonId, PersonId.ToString());
        yield return new Claim(ActorClaims.PersonName, PersonName);
        if (OrganisationId != Guid.Empty)
        {
            yield return new Claim(ActorClaims.OrganisationId, OrganisationId.ToString());
            yield return new Claim(ActorClaims.OrganisationName, OrganisationName);
            yield return new Claim(ActorClaims.OrganisationGroup, OrganisationGroup.ToString());
        }

        foreach (var role in Roles) yield return new Claim(ActorClaims.Role, role.ToString());
    }
}
