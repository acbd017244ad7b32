using System.Diagnostics;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Tests.Support;
using Microsoft.Playwright;

namespace ConsultationPlatform.Tests.Web;

/// <summary>The moderators' console in a real browser: accessible in each language, and live.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ConsoleBrowserTests(AppFixture app, Chromium chromium)
{
    public static TheoryData<string, string> Pages()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in new[] { "moderation home", "console" })
        foreach (var lang in ConsultationPlatform.Web.WebFront.Languages)
            data.Add(page, lang);
        // A state of the console rather than a page: its markup is the same in every language.
        data.Add("console with a refusal", "en");
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task every_page_a_moderator_sees_has_no_axe_violation(string page, string lang)
    {
        var scenario = await ConsoleScenario.For(app);
        await using var browser = await chromium.SignedInPage(app.BaseAddress, scenario.ModeratorEmail);
        var tab = browser.Page;
        var response = await tab.GotoAsync((page == "moderation home" ? "/moderation" : scenario.ConsolePath) + $"?lang={lang}");
        Assert.Equal(200, response!.Status);
        if (page != "moderation home") await tab.Locator("#console[data-live=connected]").WaitForAsync(new LocatorWaitForOptions { Timeout = 10000 });
        if (page == "console with a refusal")
        {
            // Rejecting without a reason: the console again, with the problem.
            await tab.Locator($"#input-{scenario.PendingInputId} form[action*=rejectInput] button").ClickAsync();
            await tab.Locator("#problem").WaitForAsync();
            Assert.Equal(lang, await tab.Locator("html").GetAttributeAsync("lang"));
        }

        await tab.Screenshot($"{page.Replace(' ', '-')}-{lang}");
        if (page == "console")
            foreach (var part in new[] { "#pending-inputs", "#amendments", "#accreditations" })
                await tab.Screenshot($"{page}-{lang}-{part.TrimStart('#')}", part);
        await tab.AssertNoAxeViolations();
        browser.AssertNoErrors(page == "console with a refusal" ? 400 : null);
    }

    [Fact]
    public async Task the_queue_is_redrawn_live_keeping_what_a_moderator_types()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var author = Delegates.CivilSociety("Live Queue Network");
        var first = await app.PendingInput(board.Id, author, "First waiting");
        var second = await app.PendingInput(board.Id, author, "Second waiting");
        var moderator = await app.NewModerator();
        await using var browser = await chromium.NewPage(app.BaseAddress);
        var page = browser.Page;
        await page.SignIn(moderator.Email, $"/moderation/{board.Id}");
        await page.EvaluateAsync("() => { window.__openedOnce = true; }");
        await page.Locator("#console[data-live=connected]").WaitForAsync(new LocatorWaitForOptions { Timeout = 10000 });

        // A moderator is writing the reason for rejecting the second input.
        var reason = page.Locator($"#reject-input-{second}");
        await reason.FillAsync("Not about migration");
        await reason.FocusAsync();

        // Elsewhere, another moderator publishes the first: it leaves this console at once.
        var clock = Stopwatch.StartNew();
        await WebPeople.Ok(app.ClientFor(Delegates.Moderator()).PostAsync($"/api/submissions/{first}/publish", null));
        var committed = clock.Elapsed;
        await page.Locator($"#input-{first}").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 15000 });
        var shown = clock.Elapsed - committed;
        Assert.True(shown < TimeSpan.FromSeconds(1), $"The decided input left the console {shown.TotalMilliseconds:F0} ms after the decision; it must within a second.");
        Assert.Equal("1", await page.Locator("nav [data-count=pendingInputs]").TextContentAsync());

        // A new input arrives: drawn in place, announced; the reason being typed stays, with the focus.
        var third = await app.PendingInput(board.Id, author, "Third waiting");
        await page.Locator($"#input-{third} h3").WaitForAsync(new LocatorWaitForOptions { Timeout = 15000 });
        Assert.Equal("Third waiting", await page.Locator($"#input-{third} h3").TextContentAsync());
        await page.WaitForFunctionAsync("() => document.querySelector('#live-announcer').textContent.includes('2 inputs to moderate')",
            null, new PageWaitForFunctionOptions { Timeout = 15000 });
        Assert.Equal("Not about migration", await reason.InputValueAsync());
        Assert.Equal($"reject-input-{second}", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__openedOnce === true"));

        // The live audit log has the new input, privately.
        await page.WaitForFunctionAsync("() => document.querySelector('#audit li')?.textContent.includes('Input received')",
            null, new PageWaitForFunctionOptions { Timeout = 15000 });

        // The typed reason is posted as it stands.
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.Done("inputRejected");
        await using var session = app.Store.QuerySession();
        var rejected = await session.LoadAsync<ConsultationPlatform.Submissions.Submission>(second);
        Assert.Equal("Not about migration", rejected!.RejectionReason);
        browser.AssertNoErrors();
    }
}
