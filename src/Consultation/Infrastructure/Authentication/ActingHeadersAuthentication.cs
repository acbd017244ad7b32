using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsultationPlatform.Infrastructure.Authentication;

/// <summary>
/// A sign-in for tests: the caller names, in request headers, the person acting, the organisation they act for and
/// their roles. It trusts the caller completely, so it is registered only when the setting
/// <c>Authentication:AllowActingHeaders</c> is true (never by default, and refused in Production); real people sign in
/// with the Identity cookie or a bearer token. Endpoints read only <see cref="Actor"/> claims, whichever signed them in.
/// </summary>
public sealed class ActingHeadersAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ActingHeaders";
    public const string PersonIdHeader = "X-Acting-Person-Id";
    public const string PersonNameHeader = "X-Acting-Person-Name";
    public const string OrganisationIdHeader = "X-Acting-Organisation-Id";
    public const string OrganisationNameHeader = "X-Acting-Organisation-Name";
    public const string OrganisationGroupHeader = "X-Acting-Organisation-Group";
    public const string RolesHeader = "X-Acting-Roles";

    /// <summary>Roles in consultations, "{consultationId}:{role}" separated by commas (Accounts/ConsultationRoles.cs).</summary>
    public const string ConsultationRolesHeader = "X-Acting-Consultation-Roles";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var headers = Request.Headers;
        if (!headers.TryGetValue(PersonIdHeader, out var personIdValue)) return Task.FromResult(AuthenticateResult.NoResult());
        if (!Guid.TryParse(personIdValue, out var personId))
            return Task.FromResult(AuthenticateResult.Fail($"{PersonIdHeader} is not a valid id."));

        Guid.TryParse(headers[OrganisationIdHeader], out var organisationId);
        var group = StakeholderGroup.CivilSociety;
        if (organisationId != Guid.Empty && !Enum.TryParse(headers[OrganisationGroupHeader], ignoreCase: true, out group))
            return Task.FromResult(AuthenticateResult.Fail($"{OrganisationGroupHeader} names no stakeholder group."));

        var roles = headers[RolesHeader].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => Enum.TryParse<PlatformRole>(r, ignoreCase: true, out var role) ? role : (PlatformRole?)null)
            .OfType<PlatformRole>()
            .DefaultIfEmpty(PlatformRole.Participant)
            .ToHashSet();

        var appointments = headers[ConsultationRolesHeader].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ConsultationRole.Parse)
            .OfType<ConsultationRole>()
            .ToList();
        var actor = new Actor(personId, headers[PersonNameHeader].ToString(), organisationId,
            headers[OrganisationNameHeader].ToString(), group, roles, appointments.Count == 0 ? null : appointments);
        var identity = new ClaimsIdentity(actor.ToClaims(), SchemeName, ActorClaims.PersonName, ActorClaims.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
