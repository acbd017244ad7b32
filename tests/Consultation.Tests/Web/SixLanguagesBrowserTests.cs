using System.Globalization;
using ConsultationPlatform.Tests.ActionPoints;
using ConsultationPlatform.Tests.Support;
using Marten.Events;
using Microsoft.Playwright;

namespace ConsultationPlatform.Tests.Web;

/// <summary>
/// Arabic reads right to left throughout: the board's layout mirrors (what starts a line is on the right), and dates are
/// in the reader's locale. Chinese and the search page are looked at too (screenshots when SCREENSHOTS names a folder).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SixLanguagesBrowserTests(AppFixture app, Chromium chromium)
{
    private static async Task<(double Start, double End)> InlineExtent(IPage page, string selector)
    {
        var box = await page.Locator(selector).First.BoundingBoxAsync();
        Assert.NotNull(box);
        return (box.X, box.X + box.Width);
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task the_arabic_board_is_right_to_left_and_mirrored(int width)
    {
        var scenario = await WebScenario.For(app);
        await using var browser = await chromium.NewPage(app.BaseAddress);
        var page = browser.Page;
        await page.SetViewportSizeAsync(width, 900);

        await page.GotoAsync(scenario.BoardPath + "?lang=en");
        var (englishBrandStart, _) = await InlineExtent(page, ".brand");
        Assert.True(englishBrandStart < width / 4.0, $"In English the site name starts on the left ({englishBrandStart}).");

        var response = await page.GotoAsync(scenario.BoardPath + "?lang=ar");
        Assert.Equal(200, response!.Status);
        Assert.Equal("rtl", await page.Locator("html").GetAttributeAsync("dir"));
        Assert.Equal("ar", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("rtl", await page.Locator("main").EvaluateAsync<string>("e => getComputedStyle(e).direction"));
        await page.Locator("#board[data-live=connected]").WaitForAsync(new LocatorWaitForOptions { Timeout = 10000 });

        // Mirrored: the site name, which starts the header, is now at the right; a point's text starts at its right edge.
        var (_, brandEnd) = await InlineExtent(page, ".brand");
        Assert.True(brandEnd > width * 3 / 4.0, $"In Arabic the site name starts on the right ({brandEnd} of {width}).");
        var point = await InlineExtent(page, ".point");
        var heading = await InlineExtent(page, ".point h3");
        Assert.True(point.End - heading.End < 40, "A point's heading starts at the right of its card.");
        Assert.Contains("نقاط العمل", await page.Locator("main").InnerTextAsync());
        // The language switch names each language in that language.
        Assert.Equal(["English", "Français", "Español", "العربية", "中文（简体）", "Русский"],
            await page.Locator(".languages a").AllInnerTextsAsync());

        await page.AssertNoAxeViolations();
        browser.AssertNoErrors();
        await page.Screenshot($"board-ar-{width}");
    }

    [Fact]
    public async Task dates_in_arabic_are_written_in_the_arabic_locale()
    {
        var scenario = await WebScenario.For(app);
        await using var browser = await chromium.NewPage(app.BaseAddress);
        await browser.Page.GotoAsync(scenario.HistoryPath + "?lang=ar");
        var text = await browser.Page.Locator("main").InnerTextAsync();
        var arabic = new CultureInfo("ar");
        var month = arabic.DateTimeFormat.GetMonthName(arabic.Calendar.GetMonth(DateTime.UtcNow));
        Assert.Contains(month, text);
        Assert.DoesNotContain(CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(DateTime.UtcNow.Month), text);
    }

    [Fact]
    public async Task the_chinese_point_page_and_its_parallel_text()
    {
        var scenario = await WebScenario.For(app);
        var language = await TranslationSteps.Translated(app, scenario.PointId);
        await using var browser = await chromium.NewPage(app.BaseAddress);
        var page = browser.Page;
        var response = await page.GotoAsync($"{scenario.PointPath}?lang=zh-Hans&text={language}");
        Assert.Equal(200, response!.Status);
        Assert.Equal("zh-Hans", await page.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("ltr", await page.Locator("html").GetAttributeAsync("dir"));
        Assert.Contains("行动要点", await page.Locator("h1").InnerTextAsync());
        var translation = page.Locator(".translation blockquote");
        Assert.Equal("ar", await translation.GetAttributeAsync("lang"));
        Assert.Equal("rtl", await translation.EvaluateAsync<string>("e => getComputedStyle(e).direction"));
        await page.AssertNoAxeViolations();
        browser.AssertNoErrors();
        await page.Screenshot("point-zh-Hans");
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public async Task the_search_page_finds_and_marks(string lang)
    {
        var scenario = await WebScenario.For(app);
        await app.App.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        await using var browser = await chromium.NewPage(app.BaseAddress);
        var page = browser.Page;
        await page.GotoAsync($"/search?lang={lang}");
        await page.Locator("#q").FillAsync("partnership");
        await page.Locator("#consultation").SelectOptionAsync(scenario.Board.Id.ToString());
        await page.Locator("form.search-form button[type=submit]").ClickAsync();
        await page.Locator(".search-result").First.WaitForAsync();
        Assert.Contains("partnership", (await page.Locator(".search-result mark").AllInnerTextsAsync()).Select(m => m.ToLowerInvariant()).First());
        await page.AssertNoAxeViolations();
        browser.AssertNoErrors();
        await page.Screenshot($"search-{lang}");
    }
}
