using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.LiveSessions;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using ConsultationPlatform.Tests.Web;
using Microsoft.Playwright;

namespace ConsultationPlatform.Tests.LiveSessions;

/// <summary>
/// The schedule form and the approval of statements in a browser: a co-chair schedules a session from the board (by
/// keyboard, axe 0), a delegate's statement waits for approval (the visitor's page never shows it), the chair approves
/// it and the visitor's page shows it live. Screenshots (SCREENSHOTS=folder) of the chair, the delegate and the visitor
/// at 1280 and 390 px, in English, French and Arabic.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SessionPagesBrowserTests(AppFixture app, Chromium chromium)
{
    private static readonly LocatorWaitForOptions Soon = new() { Timeout = 15000 };

    private static async Task Press(IPage page, string handler, string? done = null)
    {
        await page.Locator($"form[action$=\"handler={handler}\"] button[type=submit]").First.ClickAsync();
        await page.Done(done ?? handler);
    }

    private static Task Sees(IPage page, string selector, string text) =>
        page.Locator(selector, new PageLocatorOptions { HasText = text }).First.WaitForAsync(Soon);

    [Fact]
    public async Task a_co_chair_schedules_from_the_board_and_approves_a_statement_the_visitor_sees_only_once_approved()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var chairAccount = await app.NewModerator(PlatformRole.CoChair);
        var (ghanaAccount, _) = await app.NewDelegate("Ghana", StakeholderGroup.MemberState, board.Id);

        // The schedule form, reached from the board's sessions list, filled by keyboard.
        await using var chairBrowser = await chromium.SignedInPage(app.BaseAddress, chairAccount.Email);
        var chair = chairBrowser.Page;
        await chair.GotoAsync($"/consultations/{board.Id}?lang=en");
        await chair.Locator("#sessions a[href$='/sessions/new']").ClickAsync();
        await chair.Locator("form.schedule").WaitForAsync(Soon);
        await chair.AssertNoAxeViolations();
        await Shots(chair, "schedule-moderator", $"/consultations/{board.Id}/sessions/new");
        await chair.GotoAsync($"/consultations/{board.Id}/sessions/new?lang=en");
        await chair.TabTo("#title");
        await chair.Keyboard.TypeAsync("Round table 3, online");
        await chair.Locator("#timeZone").SelectOptionAsync("Europe/Zurich");
        await chair.Locator("#kind-4").SelectOptionAsync("free");
        await chair.Locator("#itemTitle-4").FillAsync("Any other business");
        await chair.TabTo("#needApproval");
        await chair.Keyboard.PressAsync("Space");
        // A refusal first: the end before the start is named in the form, and what was typed stays.
        await chair.Locator("#ends").FillAsync("2020-01-01T09:00");
        await chair.Locator("form.schedule button[type=submit]").ClickAsync();
        await Sees(chair, "#problem", "A session ends after it starts.");
        Assert.Equal("Round table 3, online", await chair.Locator("#title").InputValueAsync());
        await chair.AssertNoAxeViolations();
        await chair.Locator("#ends").FillAsync(DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd") + "T23:00");
        await chair.TabTo("form.schedule button[type=submit]");
        await chair.Keyboard.PressAsync("Enter");
        await chair.Done("scheduled");
        var sessionId = Guid.Parse(new Uri(chair.Url).AbsolutePath.Split('/')[^1]);
        var room = (await app.Http.GetFromJsonAsync<SessionRoom>($"/api/sessions/{sessionId}", AppFixture.Json))!;
        Assert.Equal(("Europe/Zurich", true, 4), (room.TimeZone, room.StatementsNeedApproval, room.Agenda.Count));
        var path = $"/sessions/{sessionId}?lang=en";

        await using var visitorBrowser = await chromium.NewPage(app.BaseAddress);
        var visitor = visitorBrowser.Page;
        await visitor.GotoAsync(path);
        await visitor.Locator("#room[data-live=connected]").WaitForAsync(Soon);

        await chair.GotoAsync(path);
        await Press(chair, "open", "opened");
        await Press(chair, "takeUp", "takenUp");
        await Press(chair, "openList", "listOpened");
        await using var ghanaBrowser = await chromium.SignedInPage(app.BaseAddress, ghanaAccount.Email);
        var ghana = ghanaBrowser.Page;
        await ghana.GotoAsync(path);
        await ghana.Locator("#behalf-1").FillAsync("African Group");
        await Press(ghana, "inscribe", "inscribed");
        await Press(chair, "floor");
        await Sees(visitor, ".floor-speaker", "Ghana");

        // Ghana delivers; the statement waits for the chair: Ghana and the chair see it, marked; the visitor does not.
        await ghana.GotoAsync(path);
        Assert.Contains("once the chair approves it", await ghana.Locator("#mine").TextContentAsync());
        await ghana.Locator("#statement-text").FillAsync("Ghana, for the African Group, calls for portable social protection.");
        await Press(ghana, "statement");
        await Sees(ghana, "#statements li.awaiting", "portable social protection");
        await chair.GotoAsync(path);
        await Sees(chair, "#statements li.awaiting", "portable social protection");
        await chair.AssertNoAxeViolations();
        await visitor.ReloadAsync();
        Assert.DoesNotContain("portable social protection", await visitor.Locator("#statements").TextContentAsync());

        await Shots(chair, "room-moderator", $"/sessions/{sessionId}");
        await Shots(ghana, "room-delegate", $"/sessions/{sessionId}");
        await Shots(visitor, "room-visitor", $"/sessions/{sessionId}");
        await visitor.GotoAsync(path);
        await visitor.Locator("#room[data-live=connected]").WaitForAsync(Soon);

        // Approved: the visitor's page shows it live, without a reload.
        await chair.GotoAsync(path);
        await visitor.EvaluateAsync("() => { window.__openedOnce = true; }");
        await Press(chair, "approve", "approved");
        await Sees(visitor, "#statements", "portable social protection");
        Assert.True(await visitor.EvaluateAsync<bool>("() => window.__openedOnce === true"));

        // Closed, the summary drafted then published, citing the statement.
        await Press(chair, "close", "closed");
        await chair.Locator("#summary-text").FillAsync("The co-chairs thank the **African Group** for its statement.");
        await chair.Locator("#chair input[name=cites]").First.CheckAsync();
        await Press(chair, "draft");
        await Sees(chair, "#summary-form .notice", "A draft is saved");
        Assert.DoesNotContain("thank the", await visitor.Locator("#summary").TextContentAsync());
        await chair.AssertNoAxeViolations();
        await chair.Locator("#summary-form button[formaction$='handler=summary']").ClickAsync();
        await chair.Done("summary");
        await Sees(visitor, "#summary", "The co-chairs thank the African Group for its statement.");
        await Shots(chair, "closed-moderator", $"/sessions/{sessionId}");
        await Shots(visitor, "closed-visitor", $"/sessions/{sessionId}");
        visitorBrowser.AssertNoErrors(); // (the chair's browser saw the refused form's 400, on purpose)
    }

    /// <summary>The page at 1280 and 390 px, in English, French and Arabic (when SCREENSHOTS is set).</summary>
    private static async Task Shots(IPage page, string name, string path)
    {
        if (Environment.GetEnvironmentVariable("SCREENSHOTS") is not { Length: > 0 }) return;
        foreach (var lang in new[] { "en", "fr", "ar" })
        {
            await page.GotoAsync($"{path}?lang={lang}");
            foreach (var width in new[] { 1280, 390 })
            {
                await page.SetViewportSizeAsync(width, width == 390 ? 844 : 900);
                await page.Screenshot($"{name}-{lang}-{width}");
            }
        }

        await page.SetViewportSizeAsync(1280, 900);
    }
}
