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

    /// <summary>A role in one consultation: "{consultationId}:{role}" (Accounts/ConsultationRoles.cs).</summary>
    public const string ConsultationRole = "consultation_role";
}

/// <summary>A person's role in one consultation: moderator or co-chair of it (Accounts/ConsultationRoles.cs).</summary>
public sealed record ConsultationRole(Guid ConsultationId, PlatformRole Role)
{
    public override string ToString() => $"{ConsultationId}:{Role}";

    public static ConsultationRole? Parse(string? value)
    {
        var at = value?.IndexOf(':') ?? -1;
        return at > 0 && Guid.TryParse(value![..at], out var id) && Enum.TryParse<PlatformRole>(value[(at + 1)..], ignoreCase: true, out var role)
            ? new ConsultationRole(id, role)
            : null;
    }
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
    IReadOnlySet<PlatformRole> Roles,
    IReadOnlyList<ConsultationRole>? ConsultationRoles = null)
{
    public bool Is(PlatformRole role) => Roles.Contains(role);

    /// <summary>The consultations where the person is moderator or co-chair.</summary>
    public IReadOnlyList<ConsultationRole> Appointments => ConsultationRoles ?? [];

    /// <summary>
    /// The actor as they stand in one consultation: their platform roles plus the roles they hold in that consultation
    /// (moderator, co-chair). Every check of an act that concerns a consultation asks it of <c>actor.In(consultationId)</c>,
    /// so a moderator of consultation A is nobody special in B.
    /// </summary>
    public Actor In(Guid consultationId)
    {
        var here = Appointments.Where(a => a.ConsultationId == consultationId).Select(a => a.Role).ToList();
        return here.Count == 0 ? this : this with { Roles = Roles.Concat(here).ToHashSet() };
    }

    /// <summary>The actor with the roles they hold in any consultation: for the secretariat's acts that concern no
    /// consultation in particular (registering an organisation, inviting its delegates, the way to the console).</summary>
    public Actor InAnyConsultation() =>
        Appointments.Count == 0 ? this : this with { Roles = Roles.Concat(Appointments.Select(a => a.Role)).ToHashSet() };

    /// <summary>Whether the person moderates or co-chairs <paramref name="consultationId"/>.</summary>
    public bool RunsTheDialogueOf(Guid consultationId) => In(consultationId).RunsTheDialogue;

    /// <summary>Moderators and co-chairs run the dialogue (phases, moderation, decisions on amendments); an admin
    /// runs none unless also appointed (see <see cref="AccessRules"/>). A role held in one consultation counts only on
    /// <see cref="In"/> that consultation.</summary>
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
        var appointments = user.FindAll(ActorClaims.ConsultationRole).Select(c => ConsultationRole.Parse(c.Value)).OfType<ConsultationRole>().ToList();
        return new Actor(personId, user.FindFirstValue(ActorClaims.PersonName) ?? "", organisationId,
            user.FindFirstValue(ActorClaims.OrganisationName) ?? "", group, roles, appointments.Count == 0 ? null : appointments);
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
        foreach (var appointment in Appointments) yield return new Claim(ActorClaims.ConsultationRole, appointment.ToString());
    }
}
