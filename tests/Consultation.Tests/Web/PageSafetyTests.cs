using System.Net;
using AngleSharp.Html.Parser;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.Web;

/// <summary>The pages of the console and of the delegates' flows, as those who use them see them: safe headers, no inline script or style, antiforgery on every form.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PageSafetyTests(AppFixture app)
{
    [Fact]
    public async Task the_console_and_the_delegates_pages_carry_the_policy_no_inline_code_and_tokens_on_every_form()
    {
        var console = await ConsoleScenario.For(app);
        var delegates = await DelegateScenario.For(app);
        var moderator = new Visitor(app);
        await moderator.SignIn(console.ModeratorEmail);
        var proposer = new Visitor(app);
        await proposer.SignIn(delegates.DelegateEmail);

        foreach (var (visitor, path) in new[]
                 {
                     (moderator, "/moderation"), (moderator, console.ConsolePath), (moderator, console.ConsolePath + "?handler=live"),
                     (proposer, delegates.PointPath), (proposer, delegates.RebasePath), (proposer, "/account/items"),
                     (new Visitor(app), delegates.InvitationPath),
                 })
        {
            var response = await visitor.Response(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", policy);
            Assert.DoesNotContain("unsafe-inline", policy);
            var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
            Assert.All(page.Scripts, s => Assert.False(string.IsNullOrEmpty(s.Source), $"{path} has an inline script"));
            Assert.Empty(page.QuerySelectorAll("[style], style"));
            Assert.DoesNotContain(page.All, e => e.Attributes.Any(a => a.Name.StartsWith("on")));
            var forms = page.QuerySelectorAll("form[method=post]");
            Assert.True(forms.Length > 0 || path == "/moderation", $"{path} has no form");
            Assert.All(forms, form => Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]")));
        }
    }
}
