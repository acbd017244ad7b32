using ConsultationPlatform.Tests.Support;
using Microsoft.Playwright;

namespace ConsultationPlatform.Tests.Web;

/// <summary>Every public page, in each interface language, has no axe-core violation (axe ships in the package; nothing is downloaded).</summary>
[Collection(PlatformCollection.Name)]
public sealed class AccessibilityTests(AppFixture app, Chromium chromium)
{
    public static TheoryData<string, string> Pages()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in new[] { "home", "board", "action point", "action point diff", "action point translated", "history", "sign in", "not found", "past board", "past action point", "search", "search results", "inputs on the whole dialogue", "forgot password", "reset password" })
        foreach (var lang in ConsultationPlatform.Web.WebFront.Languages)
            data.Add(page, lang);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task every_public_page_has_no_axe_violation(string page, string lang)
    {
        var scenario = await WebScenario.For(app);
        var path = page switch
        {
            "home" => "/",
            "board" => scenario.BoardPath,
            "action point" => scenario.PointPath,
            "action point diff" => scenario.PointPath + "?from=1&to=2",
            "action point translated" => scenario.PointPath + "?text=" + await ConsultationPlatform.Tests.ActionPoints.TranslationSteps.Translated(app, scenario.PointId),
            "history" => scenario.HistoryPath,
            "sign in" => "/account/sign-in",
            // Time travel: a position past every event shows today's state as a past one (notice, steps, link back to now).
            "past board" => scenario.BoardPath + "?position=4611686018427387904",
            "past action point" => scenario.PointPath + "?position=4611686018427387904",
            "search" => "/search",
            "search results" => $"/search?q=remittances&consultation={scenario.Board.Id}",
            "inputs on the whole dialogue" => $"/consultations/{scenario.Board.Id}/inputs",
            "forgot password" => "/account/forgot-password",
            "reset password" => "/account/reset-password?email=someone%40example.org&token=from-the-mail",
            _ => $"/consultations/{Guid.NewGuid()}",
        };
        await using var browser = await chromium.NewPage(app.BaseAddress);
        var response = await browser.Page.GotoAsync($"{path}{(path.Contains('?') ? '&' : '?')}lang={lang}");
        Assert.Equal(page == "not found" ? 404 : 200, response!.Status);
        Assert.Equal(lang, await browser.Page.Locator("html").GetAttributeAsync("lang"));
        if (page == "board")
            await browser.Page.Locator("#board[data-live=connected]").WaitForAsync(new LocatorWaitForOptions { Timeout = 10000 });

        await browser.Page.AssertNoAxeViolations();
        if (page != "not found") browser.AssertNoErrors(); // there, the 404 of the page itself is reported

    }

    public static TheoryData<string, string> SignedInPages()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in new[] { "account", "notices", "board with the input form", "action point with the endorsement form" })
        foreach (var lang in ConsultationPlatform.Web.WebFront.Languages)
            data.Add(page, lang);
        return data;
    }

    /// <summary>The pages as a government delegate sees them, with their forms (and, on the point, the diff since its endorsement).</summary>
    [Theory]
    [MemberData(nameof(SignedInPages))]
    public async Task every_page_a_signed_in_delegate_sees_has_no_axe_violation(string page, string lang)
    {
        var scenario = await WebScenario.For(app);
        var path = page switch
        {
            "account" => "/account",
            "notices" => "/account/notices",
            "board with the input form" => scenario.BoardPath,
            _ => scenario.PointPath,
        };
        await using var browser = await chromium.SignedInPage(app.BaseAddress, scenario.GovernmentEmail);
        var response = await browser.Page.GotoAsync($"{path}?lang={lang}");
        Assert.Equal(200, response!.Status);
        Assert.Equal(lang, await browser.Page.Locator("html").GetAttributeAsync("lang"));
        Assert.True(await browser.Page.Locator("main form[method=post]").CountAsync() > 0);

        await browser.Page.AssertNoAxeViolations();
        browser.AssertNoErrors();
    }
}
