using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Microsoft.Playwright;

namespace ConsultationPlatform.Tests.Web;

/// <summary>The provenance view on the point page and the co-chairs' summary page, in a browser: axe, hover and focus, print.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OutcomeBrowserTests(AppFixture app, Chromium chromium)
{
    /// <summary>A point in drafting whose first sentence a civil-society amendment changed (version 2).</summary>
    private async Task<(ConsultationBoard Board, BoardActionPoint Point, string Proposer)> AmendedPoint()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var point = board.ActionPoints[1];
        var proposer = "Provenance Forum " + Guid.NewGuid().ToString("N")[..6];
        var text = point.Text.Replace("Factor migration into all relevant policy sectors", "Factor migration systematically into all relevant policy sectors");
        var proposed = await app.ClientFor(Delegates.CivilSociety(proposer)).PostAsJsonAsync($"/api/action-points/{point.Id}/amendments",
            new { baseVersion = 1, text, rationale = "Stronger." }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var id = (await proposed.Content.ReadFromJsonAsync<AmendmentProposal>(AppFixture.Json))!.AmendmentId;
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFor(Delegates.Moderator()).PostAsync($"/api/amendments/{id}/accept", null)).StatusCode);
        return (board, point, proposer);
    }

    [Fact]
    public async Task a_sentence_shows_its_origin_on_hover_and_focus_and_the_list_says_it_without_script()
    {
        var (_, point, proposer) = await AmendedPoint();
        await using var browser = await chromium.NewPage(app.BaseAddress);
        await browser.Page.GotoAsync($"/action-points/{point.Id}?lang=en");
        var first = browser.Page.Locator("#provenance .sentence").First;
        var tip = first.Locator(".origin-tip");
        Assert.False(await tip.IsVisibleAsync());
        await first.HoverAsync();
        Assert.True(await tip.IsVisibleAsync());
        var said = await tip.InnerTextAsync();
        Assert.Contains($"proposed by {proposer}", said);
        Assert.Contains("tabled text (version 1)", said);
        await browser.Page.Mouse.MoveAsync(0, 0);
        var second = browser.Page.Locator("#provenance .sentence").Nth(1);
        await second.FocusAsync();
        Assert.True(await second.Locator(".origin-tip").IsVisibleAsync());
        Assert.DoesNotContain("proposed by", await second.Locator(".origin-tip").InnerTextAsync());
        await browser.Page.Screenshot("provenance-hover");
        await browser.Page.AssertNoAxeViolations();
        browser.AssertNoErrors();

        await using var noScript = await chromium.NewPage(app.BaseAddress, javaScript: false);
        await noScript.Page.GotoAsync($"/action-points/{point.Id}?lang=fr");
        var origin = noScript.Page.Locator("#origin-1");
        Assert.Contains($"proposé par {proposer}", await origin.InnerTextAsync());
        Assert.Equal("systematically", (await origin.Locator("mark").AllInnerTextsAsync()).Single(m => m.Contains("systematically")));
        await noScript.Page.Locator("#provenance .sentence").First.ClickAsync();
        Assert.EndsWith("#origin-1", noScript.Page.Url);
        // No axe run here: axe is a script, and this page has none (the same page was checked above with scripts).
    }

    public static TheoryData<string> Languages() => new("en", "fr", "es");

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task the_summary_page_has_no_axe_violation_and_prints_as_a_clean_document(string lang)
    {
        var (board, _, proposer) = await AmendedPoint();
        await using var browser = await chromium.NewPage(app.BaseAddress);
        var response = await browser.Page.GotoAsync($"/consultations/{board.Id}/summary?lang={lang}");
        Assert.Equal(200, response!.Status);
        await browser.Page.AssertNoAxeViolations();
        browser.AssertNoErrors();
        var document = browser.Page.Locator(".summary-document");
        Assert.Contains("Thank you.", await document.InnerTextAsync());
        Assert.Contains(proposer, await document.InnerTextAsync());
        Assert.True(await browser.Page.Locator(".site-header").IsVisibleAsync());
        await browser.Page.Screenshot($"summary-{lang}");

        await browser.Page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.False(await browser.Page.Locator(".site-header").IsVisibleAsync());
        Assert.False(await browser.Page.Locator(".summary-tools").IsVisibleAsync());
        Assert.False(await browser.Page.Locator(".site-footer").IsVisibleAsync());
        Assert.True(await document.IsVisibleAsync());
        await browser.Page.Screenshot($"summary-print-{lang}");
        var pdf = await browser.Page.PdfAsync(new PagePdfOptions { Format = "A4" });
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        if (Environment.GetEnvironmentVariable("SCREENSHOTS") is { Length: > 0 } folder)
            await File.WriteAllBytesAsync(Path.Combine(folder, $"summary-{lang}.pdf"), pdf);
    }
}
