using System.Net;
using AngleSharp.Html.Parser;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.Web;

/// <summary>Errors as a browser sees them, the frame headers, and the sign-in link.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ErrorPageTests(AppFixture app)
{
    private HttpClient Client { get; } = new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };

    private async Task<HttpResponseMessage> Get(string path, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return await Client.SendAsync(request);
    }

    [Theory]
    [InlineData("en", "Page not found")]
    [InlineData("fr", "Page introuvable")]
    [InlineData("es", "Página no encontrada")]
    public async Task a_browser_asking_for_an_unknown_address_gets_a_404_page_in_its_language(string lang, string title)
    {
        var response = await Get($"/no/such/page?lang={lang}", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal(lang, page.DocumentElement.GetAttribute("lang"));
        Assert.StartsWith(title, page.Title);
        Assert.Equal(title, page.QuerySelector("h1")!.TextContent);
        Assert.NotNull(page.QuerySelector("a[href='/']"));
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Theory]
    [InlineData("/no/such/page", "application/json")]
    [InlineData("/api/no-such-thing", "text/html,*/*;q=0.8")]
    public async Task api_clients_and_api_addresses_keep_problem_details(string path, string accept)
    {
        var response = await Get(path, accept);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/account/sign-in")]
    [InlineData("/")]
    public async Task framing_is_refused_by_both_headers_alike(string path)
    {
        var response = await Get(path, "text/html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task the_sign_in_link_of_the_sign_in_page_does_not_nest_its_return_address()
    {
        var path = "/account/sign-in?returnUrl=%2Faccount%2Fitems";
        for (var click = 0; click < 3; click++)
        {
            var response = await Get(path, "text/html");
            var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
            path = page.QuerySelector("nav.account a")!.GetAttribute("href")!;
            Assert.Equal("/account/sign-in?returnUrl=%2Faccount%2Fitems", path);
        }

        // Elsewhere, it returns to the page it was on.
        var home = new HtmlParser().ParseDocument(await (await Get("/", "text/html")).Content.ReadAsStringAsync());
        Assert.Equal("/account/sign-in?returnUrl=%2F", home.QuerySelector("nav.account a")!.GetAttribute("href"));
    }
}
