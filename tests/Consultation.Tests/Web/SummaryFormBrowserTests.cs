using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Microsoft.Playwright;

namespace ConsultationPlatform.Tests.Web;

/// <summary>The co-chairs' summary form in a browser: axe, and editing and saving with the keyboard alone.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SummaryFormBrowserTests(AppFixture app, Chromium chromium)
{
    [Fact]
    public async Task a_co_chair_edits_the_draft_with_the_keyboard_and_the_page_has_no_axe_violation()
    {
        var board = await app.NewConsultation(ConsultationPhase.Concluded);
        var chair = await app.NewAccount(name: "Co-chair of the form", roles: [PlatformRole.CoChair]);
        await using var browser = await chromium.NewPage(app.BaseAddress);
        var page = browser.Page;
        var path = $"/consultations/{board.Id}/summary";
        await page.SignIn(chair.Email, path);
        await page.AssertNoAxeViolations();

        var draft = page.Locator("#draftMarkdown");
        await draft.FocusAsync();
        await page.Keyboard.PressAsync("Control+End");
        await page.Keyboard.TypeAsync("\n\nAdded at the keyboard.");
        await page.Keyboard.PressAsync("Tab"); // to "Save the draft"
        Assert.Equal("submit", await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('type')"));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**done=edited**");
        Assert.True(await page.Locator("#summary-edit .notice").IsVisibleAsync());
        Assert.Contains("Added at the keyboard.", await page.Locator(".summary-document").InnerTextAsync());
        await page.AssertNoAxeViolations();
        browser.AssertNoErrors();

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.False(await page.Locator("#summary-edit").IsVisibleAsync());
    }
}
