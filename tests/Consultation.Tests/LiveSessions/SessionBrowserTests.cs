using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.LiveSessions;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using ConsultationPlatform.Tests.Web;
using Microsoft.Playwright;

namespace ConsultationPlatform.Tests.LiveSessions;

/// <summary>The room in a browser: a chair and two delegates drive a session through the page, a visitor's page follows live; axe on the room.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SessionBrowserTests(AppFixture app, Chromium chromium)
{
    private static readonly LocatorWaitForOptions Soon = new() { Timeout = 15000 };

    private async Task<(ConsultationBoard Board, Guid SessionId)> Scheduled()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var scheduled = await app.ClientFor(Delegates.Moderator()).PostAsJsonAsync($"/api/consultations/{board.Id}/sessions", new
        {
            title = "Round table 3, online",
            starts = DateTimeOffset.UtcNow,
            ends = DateTimeOffset.UtcNow.AddHours(2),
            timeZone = "America/New_York",
            agenda = new object[] { new { kind = "challenge", number = 1 }, new { kind = "challenge", number = 2 }, new { kind = "challenge", number = 3 } },
        }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        return (board, (await scheduled.Content.ReadFromJsonAsync<SessionCreated>(AppFixture.Json))!.Id);
    }

    private static async Task Press(IPage page, string handler, string? done = null)
    {
        await page.Locator($"form[action$=\"handler={handler}\"] button[type=submit]").First.ClickAsync();
        await page.Done(done ?? handler);
    }

    private static Task Sees(IPage page, string selector, string text) =>
        page.Locator(selector, new PageLocatorOptions { HasText = text }).First.WaitForAsync(Soon);

    [Fact]
    public async Task a_chair_and_two_delegates_run_a_session_and_a_visitors_page_sees_each_step_live()
    {
        var (board, sessionId) = await Scheduled();
        var path = $"/sessions/{sessionId}?lang=en";
        var chairAccount = await app.NewModerator(PlatformRole.CoChair);
        var (nigeriaAccount, _) = await app.NewDelegate("Nigeria", StakeholderGroup.MemberState, board.Id);
        var (forumAccount, _) = await app.NewDelegate("Migrant Forum in Asia", StakeholderGroup.CivilSociety, board.Id);

        await using var visitorBrowser = await chromium.NewPage(app.BaseAddress);
        var visitor = visitorBrowser.Page;
        await visitor.GotoAsync(path);
        await visitor.EvaluateAsync("() => { window.__openedOnce = true; }");
        await visitor.Locator("#room[data-live=connected]").WaitForAsync(Soon);
        Assert.Contains("scheduled", await visitor.Locator("[data-field=status]").TextContentAsync());

        await using var chairBrowser = await chromium.SignedInPage(app.BaseAddress, chairAccount.Email);
        var chair = chairBrowser.Page;
        await chair.GotoAsync(path);
        await Press(chair, "open", "opened");
        await Sees(visitor, "[data-field=status]", "open");
        await Press(chair, "takeUp", "takenUp");
        await Sees(visitor, "#now", "Under discussion:");
        await Press(chair, "openList", "listOpened");
        await Sees(visitor, "#agenda li.current", "list open");

        // Both delegates request the floor on the page; the state speaks before the stakeholder.
        await using var forumBrowser = await chromium.SignedInPage(app.BaseAddress, forumAccount.Email);
        var forum = forumBrowser.Page;
        await forum.GotoAsync(path);
        await Press(forum, "inscribe", "inscribed");
        await Sees(visitor, "#agenda .speakers li", "Migrant Forum in Asia");
        await using var nigeriaBrowser = await chromium.SignedInPage(app.BaseAddress, nigeriaAccount.Email);
        var nigeria = nigeriaBrowser.Page;
        await nigeria.GotoAsync(path);
        await nigeria.Locator("#mine select[name=level]").First.SelectOptionAsync("Minister");
        await Press(nigeria, "inscribe", "inscribed");
        await Sees(visitor, "#agenda .speakers li:first-child", "Nigeria");
        await Sees(visitor, "[data-field=remaining]", "remaining on this item: 2");
        await forum.Locator("#room[data-live=connected]").WaitForAsync(Soon);
        await Sees(forum, "#mine", "number 2 of 2");

        // The floor: the visitor sees who speaks until when, counted down locally; the forum is told it is next.
        await Press(chair, "floor");
        await Sees(visitor, ".floor-speaker", "Nigeria");
        await visitor.WaitForFunctionAsync("() => /time left \\d+:\\d\\d/.test(document.querySelector('[data-countdown]')?.textContent ?? '')", null,
            new PageWaitForFunctionOptions { Timeout = 15000 });
        await Sees(forum, "#mine", "You are next.");
        Assert.Equal("You are next.", await forum.Locator("#live-announcer").TextContentAsync());

        await ScreenshotsOfTheRoom(chair, nigeria, visitor);

        // Nigeria delivers its statement on the page.
        await nigeria.GotoAsync(path);
        await nigeria.Locator("#statement-text").FillAsync("Nigeria calls for a whole-of-government approach.");
        await Press(nigeria, "statement");
        await Sees(visitor, "#statements", "Nigeria calls for a whole-of-government approach.");

        // Close, then the summary citing the statement.
        await chair.GotoAsync(path);
        await Press(chair, "close", "closed");
        await Sees(visitor, "[data-field=status]", "closed");
        await chair.Locator("#summary-text").FillAsync("The co-chairs thank **all** speakers.");
        await chair.Locator("#chair input[name=cites]").First.CheckAsync();
        // A draft first (the secretariat's only), then published from the same form.
        await Press(chair, "draft");
        Assert.Equal("The co-chairs thank **all** speakers.", await chair.Locator("#summary-text").InputValueAsync());
        await chair.Locator("#summary-form button[formaction$='handler=summary']").ClickAsync();
        await chair.Done("summary");
        await Sees(visitor, "#summary", "The co-chairs thank all speakers.");
        await Sees(visitor, "#summary a[href^='#statement-']", "Nigeria");

        Assert.True(await visitor.EvaluateAsync<bool>("() => window.__openedOnce === true"), "The visitor's page was reloaded instead of redrawn.");
        visitorBrowser.AssertNoErrors();
    }

    private async Task ScreenshotsOfTheRoom(IPage chair, IPage delegatePage, IPage visitor)
    {
        foreach (var (page, who) in new[] { (chair, "moderator"), (delegatePage, "delegate"), (visitor, "visitor") })
        {
            foreach (var width in new[] { 1280, 390 })
            {
                await page.SetViewportSizeAsync(width, width == 390 ? 844 : 900);
                await page.Screenshot($"session-room-{who}-{width}");
            }

            await page.SetViewportSizeAsync(1280, 900);
        }
    }

    public static TheoryData<string, string> Rooms()
    {
        var data = new TheoryData<string, string>();
        foreach (var who in new[] { "visitor", "delegate", "moderator" })
        foreach (var lang in new[] { "en", "fr", "es" })
            data.Add(who, lang);
        return data;
    }

    /// <summary>The room, live, as each kind of reader sees it (every form of theirs shown), in each interface language: no axe violation.</summary>
    [Theory]
    [MemberData(nameof(Rooms))]
    public async Task the_room_has_no_axe_violation(string who, string lang)
    {
        var (board, sessionId) = await Scheduled();
        var moderator = app.ClientFor(Delegates.Moderator());
        var room = await app.Http.GetFromJsonAsync<SessionRoom>($"/api/sessions/{sessionId}", AppFixture.Json);
        var item = room!.Agenda[0].Id;
        await moderator.PostAsync($"/api/sessions/{sessionId}/open", null);
        await moderator.PostAsync($"/api/sessions/{sessionId}/items/{item}/take-up", null);
        await moderator.PostAsJsonAsync($"/api/sessions/{sessionId}/items/{item}/speakers-list", new { open = true }, AppFixture.Json);
        foreach (var (name, group) in new[] { ("Ghana", StakeholderGroup.MemberState), ("ICMC", StakeholderGroup.CivilSociety) })
        {
            var speaker = Delegates.Of(name, group);
            var client = app.ClientFor(speaker, accredit: false);
            await AccreditingHandler.Accredit(app, board.Id, speaker);
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/sessions/{sessionId}/items/{item}/inscriptions", new { }, AppFixture.Json)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await moderator.PostAsJsonAsync($"/api/sessions/{sessionId}/floor", new { }, AppFixture.Json)).StatusCode);

        BrowserPage browser;
        if (who == "visitor") browser = await chromium.NewPage(app.BaseAddress);
        else
        {
            var email = who == "moderator"
                ? (await app.NewModerator()).Email
                : (await app.NewDelegate("Peru", StakeholderGroup.MemberState, board.Id)).Account.Email;
            browser = await chromium.SignedInPage(app.BaseAddress, email);
        }

        await using (browser)
        {
            var response = await browser.Page.GotoAsync($"/sessions/{sessionId}?lang={lang}");
            Assert.Equal(200, response!.Status);
            Assert.Equal(lang, await browser.Page.Locator("html").GetAttributeAsync("lang"));
            await browser.Page.Locator("#room[data-live=connected]").WaitForAsync(Soon);
            if (who != "visitor") Assert.True(await browser.Page.Locator("main form[method=post]").CountAsync() > 0);
            await browser.Page.AssertNoAxeViolations();
            browser.AssertNoErrors();
        }
    }
}
