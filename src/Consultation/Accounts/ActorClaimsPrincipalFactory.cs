using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ConsultationPlatform.Accounts;

/// <summary>
/// Makes the principal of a signed-in person, for the cookie and the bearer token alike: exactly <see cref="Actor"/>'s
/// claims (sub, name, org, org_name, org_group, role, consultation_role: the consultations where they moderate or co-chair) plus Identity's security stamp claim, which lets the cookie's
/// periodic check and the token refresh notice a changed password or a "sign out everywhere". It runs again at each
/// of those, so a change of roles or of the acting organisation reaches the claims then.
/// </summary>
public sealed class ActorClaimsPrincipalFactory(IQuerySession session, IOptions<IdentityOptions> options)
    : IUserClaimsPrincipalFactory<Account>
{
    public async Task<ClaimsPrincipal> CreateAsync(Account account)
    {
        var organisations = await Memberships.OrganisationsOf(session, account.Id, CancellationToken.None);
        var actingFor = Memberships.ActingFor(account.ActingOrganisationId, organisations);
        var actor = ActorOf(account, actingFor, await ConsultationRoles.Of(session, account.Id, CancellationToken.None));

        var identity = new ClaimsIdentity(actor.ToClaims(), IdentityConstants.ApplicationScheme, ActorClaims.PersonName, ActorClaims.Role);
        identity.AddClaim(new Claim(options.Value.ClaimsIdentity.SecurityStampClaimType, account.SecurityStamp));
        return new ClaimsPrincipal(identity);
    }

    public static Actor ActorOf(Account account, Organisation? actingFor, IReadOnlyList<ConsultationRole>? consultationRoles = null) => new(
        account.Id,
        account.DisplayName,
        actingFor?.Id ?? Guid.Empty,
        actingFor?.Name ?? "",
        actingFor?.Type ?? default,
        account.Roles.ToHashSet(),
        consultationRoles is { Count: > 0 } ? consultationRoles : null);
}

/// <summary>The organisations a person belongs to, and which one they act for.</summary>
public static class Memberships
{
    public static async Task<IReadOnlyList<Organisation>> OrganisationsOf(IQuerySession session, Guid personId, CancellationToken ct) =>
        (await session.Query<Organisation>().Where(o => o.MemberIds.Contains(personId)).ToListAsync(ct))
        .OrderBy(o => o.Name, StringComparer.OrdinalIgnoreCase)
        .ToList();

    /// <summary>
    /// The chosen organisation while the person still belongs to it; otherwise the only one they belong to; otherwise
    /// none (they choose with POST /api/account/acting-organisation).
    /// </summary>
    public static Organisation? ActingFor(Guid? chosen, IReadOnlyList<Organisation> organisations)
    {
        if (chosen is { } id && organisations.FirstOrDefault(o => o.Id == id) is { } organisation) return organisation;
        return organisations.Count == 1 ? organisations[0] : null;
    }
}
