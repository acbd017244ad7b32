using System.Net;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Microsoft.Playwright;

namespace ConsultationPlatform.Tests.Web;

/// <summary>"My items" live: the person's own-items stream redraws the page as their items are decided.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ItemsLiveTests(AppFixture app, Chromium chromium)
{
    [Fact]
    public async Task my_items_show_an_input_received_then_published_without_reload()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var (account, organisation) = await app.NewDelegate("Live Items Network", StakeholderGroup.CivilSociety, board.Id);
        var author = new Actor(account.Id, account.DisplayName, organisation.Id, organisation.Name, organisation.Type, new HashSet<PlatformRole>());
        await using var browser = await chromium.SignedInPage(app.BaseAddress, account.Email);
        var page = browser.Page;
        await page.GotoAsync("/account/items?lang=en");
        await page.EvaluateAsync("() => { window.__openedOnce = true; }");
        await page.Locator("#items-live[data-live=connected]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 10000 });

        var input = await app.PendingInput(board.Id, author, "Ethical recruitment, live");
        var row = page.Locator("[data-live-part=items] tr", new PageLocatorOptions { HasText = "Ethical recruitment, live" });
        await row.WaitForAsync(new LocatorWaitForOptions { Timeout = 15000 });
        Assert.Contains("waiting for moderation", await row.TextContentAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await app.ClientFor(Delegates.Moderator()).PostAsync($"/api/submissions/{input}/publish", null)).StatusCode);
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('[data-live-part=items] tr')].some(r => r.textContent.includes('Ethical recruitment, live') && r.textContent.includes('published'))",
            null, new PageWaitForFunctionOptions { Timeout = 15000 });
        Assert.Equal("Your items were updated.", await page.Locator("#live-announcer").TextContentAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__openedOnce === true"), "The page was reloaded instead of redrawn.");
    }
}
