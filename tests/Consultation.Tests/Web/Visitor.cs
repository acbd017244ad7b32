using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.Web;

/// <summary>A browser-like client of the pages over plain HTTP: a cookie jar, no automatic redirects, forms posted with their antiforgery token.</summary>
public sealed partial class Visitor(AppFixture app)
{
    private readonly HttpClient _http = new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };

    public Task<string> Get(string path) => _http.GetStringAsync(path);

    public Task<HttpResponseMessage> Response(string path) => _http.GetAsync(path);

    /// <summary>A page, whatever its status, parsed.</summary>
    public async Task<(HttpStatusCode Status, IHtmlDocument Page)> Page(string path)
    {
        var response = await _http.GetAsync(path);
        return (response.StatusCode, new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()));
    }

    public async Task<string> Token(string path) => TokenField().Match(await Get(path)).Groups[1].Value;

    public async Task<HttpResponseMessage> Post(string path, Dictionary<string, string> fields, string? tokenFrom = null)
    {
        if (tokenFrom is not null) fields["__RequestVerificationToken"] = await Token(tokenFrom);
        return await _http.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    /// <summary>Posts a body as it is (e.g. a form with a field repeated).</summary>
    public Task<HttpResponseMessage> PostContent(string path, HttpContent content) => _http.PostAsync(path, content);

    /// <summary>Posts a form and parses the page answered (a refusal), with its status.</summary>
    public async Task<(HttpStatusCode Status, IHtmlDocument Page, HttpResponseMessage Response)> Submit(string path, Dictionary<string, string> fields, string tokenFrom)
    {
        var response = await Post(path, fields, tokenFrom);
        return (response.StatusCode, new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()), response);
    }

    public async Task SignIn(string email)
    {
        var response = await Post("/account/sign-in", new() { ["email"] = email, ["password"] = TestAccounts.Password }, "/account/sign-in");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
