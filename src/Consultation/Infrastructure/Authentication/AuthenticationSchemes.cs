using Microsoft.AspNetCore.Identity;

namespace ConsultationPlatform.Infrastructure.Authentication;

/// <summary>
/// The authentication schemes of the platform. <see cref="Default"/> is a policy scheme that picks, for each
/// request, the scheme that signs it in (<see cref="Select"/>): Identity's bearer token when there is an
/// Authorization header (or, on the SignalR hubs, an access_token in the query), the development acting headers when
/// they are enabled and present, and the Identity cookie otherwise.
/// </summary>
public static class AuthenticationSchemes
{
    public const string Default = "Consultation";
    /// <summary>Identity's bearer token scheme (<see cref="IdentityConstants.BearerScheme"/>).</summary>
    public const string Bearer = "Identity.Bearer";

    /// <summary>Identity's application cookie scheme (<see cref="IdentityConstants.ApplicationScheme"/>).</summary>
    public const string Cookie = "Identity.Application";
    public const string ActingHeaders = ActingHeadersAuthenticationHandler.SchemeName; // "ActingHeaders"

    public const string HubsPath = "/hubs";

    public static string Select(HttpRequest request, bool allowActingHeaders)
    {
        if (request.Headers.Authorization.Count > 0) return Bearer;
        if (IsHubRequestWithAccessToken(request)) return Bearer;
        if (allowActingHeaders && request.Headers.ContainsKey(ActingHeadersAuthenticationHandler.PersonIdHeader)) return ActingHeaders;
        return Cookie;
    }

    /// <summary>Browsers' WebSockets cannot send headers, so SignalR clients pass the bearer token in the query.</summary>
    public static bool IsHubRequestWithAccessToken(HttpRequest request) =>
        request.Path.StartsWithSegments(HubsPath) && request.Query.ContainsKey("access_token");
}
