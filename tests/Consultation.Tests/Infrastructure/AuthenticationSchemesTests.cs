using ConsultationPlatform.Infrastructure.Authentication;
using Microsoft.AspNetCore.Http;

namespace ConsultationPlatform.Tests.Infrastructure;

public class AuthenticationSchemesTests
{
    private static HttpRequest Request(string path, string query = "", params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        foreach (var (name, value) in headers) context.Request.Headers[name] = value;
        return context.Request;
    }

    [Fact]
    public void an_authorization_header_goes_to_the_bearer_scheme_even_with_acting_headers()
    {
        var request = Request("/api/account/me", "", ("Authorization", "Bearer abc"), (ActingHeadersAuthenticationHandler.PersonIdHeader, Guid.NewGuid().ToString()));
        Assert.Equal(AuthenticationSchemes.Bearer, AuthenticationSchemes.Select(request, allowActingHeaders: true));
    }

    [Fact]
    public void acting_headers_count_only_where_they_are_allowed()
    {
        var request = Request("/api/account/me", "", (ActingHeadersAuthenticationHandler.PersonIdHeader, Guid.NewGuid().ToString()));
        Assert.Equal(AuthenticationSchemes.ActingHeaders, AuthenticationSchemes.Select(request, allowActingHeaders: true));
        Assert.Equal(AuthenticationSchemes.Cookie, AuthenticationSchemes.Select(request, allowActingHeaders: false));
    }

    [Fact]
    public void a_hub_request_with_an_access_token_in_the_query_goes_to_the_bearer_scheme_and_others_to_the_cookie()
    {
        Assert.Equal(AuthenticationSchemes.Bearer, AuthenticationSchemes.Select(Request("/hubs/consultation", "?access_token=abc"), false));
        Assert.Equal(AuthenticationSchemes.Cookie, AuthenticationSchemes.Select(Request("/api/consultations", "?access_token=abc"), false));
        Assert.Equal(AuthenticationSchemes.Cookie, AuthenticationSchemes.Select(Request("/hubs/consultation"), false));
    }
}
