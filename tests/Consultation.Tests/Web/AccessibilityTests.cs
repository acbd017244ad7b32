using ConsultationPlatform.Tests.Support;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ConsultationPlatform.Tests.Web;

/// <summary>Every public page, in each interface language, has no axe-core violation (axe ships in the package; nothing is downloaded).</summary>
[Collection(PlatformCollection.Name)]
public sealed class AccessibilityTests(AppFixture app, Chromium chromium) : IClassFixture<Chromium>
{
    public static TheoryData<string, string> Pages()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in new[] { "home", "board", "action point", "action point diff", "history", "not found" })
        foreach (var lang in new[] { "en", "fr", "es" })
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
            "history" => scenario.HistoryPath,
            _ => $"/consultations/{Guid.NewGuid()}",
        };
        await using var browser = await chromium.NewPage(app.BaseAddress);
        var response = await browser.Page.GotoAsync($"{path}{(path.Contains('?') ? '&' : '?')}lang={lang}");
        Assert.Equal(page == "not found" ? 404 : 200, response!.Status);
        Assert.Equal(lang, await browser.Page.Locator("html").GetAttributeAsync("lang"));
        if (page == "board")
            await browser.Page.Locator("#board[data-live=connected]").WaitForAsync(new LocatorWaitForOptions { Timeout = 10000 });

        var results = await browser.Page.RunAxe();
        Assert.True(results.Violations.Length == 0, Describe(results.Violations));
        if (page != "not found") browser.AssertNoErrors(); // there, the 404 of the page itself is reported

    }

    private static string Describe(IEnumerable<AxeResultItem> violations) =>
        "axe-core found:\n" + string.Join("\n", violations.Select(v =>
            $"- {v.Id} ({v.Impact}): {v.Help}\n" + string.Join("\n", v.Nodes.Select(n => $"    {n.Target}: {n.Html}"))));
}
