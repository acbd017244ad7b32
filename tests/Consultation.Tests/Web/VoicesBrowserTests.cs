using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Positions;
using ConsultationPlatform.Replies;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Microsoft.Playwright;

namespace ConsultationPlatform.Tests.Web;

/// <summary>
/// A voice for every stakeholder group, in a real browser: a civil-society organisation states its position on a point
/// on a phone-sized screen (390 px), and a delegate replies under an input that a moderator then publishes, by keyboard;
/// each page without an axe violation in English, French and Spanish.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class VoicesBrowserTests(AppFixture app, Chromium chromium)
{
    public static TheoryData<string> Languages() => new("en", "fr", "es");

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task a_civil_society_organisation_states_its_position_on_a_point_at_390_px(string lang)
    {
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = board.ActionPoints.Single(p => p.Number == 4);
        var (account, organisation) = await app.NewDelegate("Migrant Rights Network", StakeholderGroup.CivilSociety, board.Id);

        await using var browser = await chromium.SignedInPage(app.BaseAddress, account.Email);
        var page = browser.Page;
        await page.SetViewportSizeAsync(390, 844);
        Assert.Equal(200, (await page.GotoAsync($"/action-points/{point.Id}?lang={lang}"))!.Status);

        // By keyboard: the stance (a radio group: Tab reaches it, the arrows choose), the reason, the button.
        await page.TabTo("input[name=stance]");
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.True(await page.Locator("#stance-CannotSupport").IsCheckedAsync());
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("It says nothing of migrants in an irregular situation.");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.Done("positionStated");

        var positions = page.Locator("section[aria-labelledby=positions-heading]");
        Assert.Contains(organisation.Name, await positions.TextContentAsync());
        Assert.Contains("irregular situation", await positions.TextContentAsync());
        Assert.True(await page.Locator("#stance-CannotSupport").IsCheckedAsync());
        // Nothing of it is counted as an endorsement.
        var api = (await app.Http.GetFromJsonAsync<PointPositions>($"/api/action-points/{point.Id}/positions", AppFixture.Json))!;
        Assert.Equal(1, api.Tally.CannotSupport);
        Assert.Equal(point.Endorsements.Total, (await app.Board(board.Id)).ActionPoints.Single(p => p.Id == point.Id).Endorsements.Total);
        // The page is no wider than the screen.
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "The point page scrolls sideways at 390 px.");

        await page.Screenshot($"position-390-{lang}");
        await page.Screenshot($"position-390-{lang}-part", "#position");
        await page.Screenshot($"positions-390-{lang}-part", "section[aria-labelledby=positions-heading]");
        await page.AssertNoAxeViolations();

        // The board shows it apart from the endorsements.
        await page.GotoAsync($"/consultations/{board.Id}?lang={lang}");
        Assert.Equal("1", (await page.Locator($"[data-point-id='{point.Id}'] [data-field=positions-cannot]").TextContentAsync())!.Trim());
        await page.AssertNoAxeViolations();
        browser.AssertNoErrors();
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task a_delegate_replies_under_an_input_by_keyboard_and_a_moderator_publishes_it(string lang)
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var point = board.ActionPoints.Single(p => p.Number == 2);
        var input = await app.PendingInput(board.Id, Delegates.CivilSociety("Input Network"), "Portable pensions", pointId: point.Id);
        await WebPeople.Ok(app.ClientFor(Delegates.Moderator()).PostAsync($"/api/submissions/{input}/publish", null));
        var (account, organisation) = await app.NewDelegate("Workers United", StakeholderGroup.TradeUnion, board.Id);

        await using (var browser = await chromium.SignedInPage(app.BaseAddress, account.Email))
        {
            var page = browser.Page;
            Assert.Equal(200, (await page.GotoAsync($"/action-points/{point.Id}?lang={lang}"))!.Status);
            await page.TabTo($"#replies-{input} summary");
            await page.Keyboard.PressAsync("Enter");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync("Pensions should follow workers across borders.");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Enter");
            await page.Done("replied");

            // Its author sees it, awaiting moderation; the public does not.
            var thread = page.Locator($"#replies-{input}");
            Assert.Contains("follow workers across borders", await thread.TextContentAsync());
            Assert.Equal(1, await thread.Locator(".reply .status").CountAsync());
            await page.Screenshot($"reply-author-{lang}", $"#replies-{input}");
            await page.AssertNoAxeViolations();
            browser.AssertNoErrors();
        }

        // A client of its own: ?lang= sets a language cookie, which the shared client would carry into other tests.
        using (var visitor = new HttpClient { BaseAddress = app.BaseAddress })
            Assert.DoesNotContain("follow workers across borders", await visitor.GetStringAsync($"/action-points/{point.Id}?lang={lang}"));

        var moderator = await app.NewModerator();
        await using (var browser = await chromium.SignedInPage(app.BaseAddress, moderator.Email))
        {
            var page = browser.Page;
            await page.GotoAsync($"/action-points/{point.Id}?lang={lang}");
            await page.AssertNoAxeViolations();
            await page.TabTo($"#replies-{input} button[value=publish]");
            await page.Keyboard.PressAsync("Enter");
            await page.Done("replyModerated");
            browser.AssertNoErrors();
        }

        // Published: everyone reads it, without script too.
        await using (var anonymous = await chromium.NewPage(app.BaseAddress, javaScript: false))
        {
            await anonymous.Page.GotoAsync($"/action-points/{point.Id}?lang={lang}");
            var thread = anonymous.Page.Locator($"#replies-{input}");
            Assert.Contains("follow workers across borders", await thread.TextContentAsync());
            Assert.Contains(organisation.Name, await thread.TextContentAsync());
            Assert.Equal(0, await thread.Locator(".reply .status").CountAsync());
        }

        // axe runs in the page's own script, so the public's view is checked with script on (with it off, its
        // evaluation never returns).
        await using (var reader = await chromium.NewPage(app.BaseAddress))
        {
            await reader.Page.GotoAsync($"/action-points/{point.Id}?lang={lang}");
            Assert.Contains("follow workers across borders", await reader.Page.Locator($"#replies-{input}").TextContentAsync());
            await reader.Page.AssertNoAxeViolations();
        }

        var replies = (await app.Http.GetFromJsonAsync<List<ReplyView>>($"/api/submissions/{input}/replies", AppFixture.Json))!;
        Assert.Equal(ReplyStatus.Published, Assert.Single(replies).Status);
    }
}
