using System.Net;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Tests.Support;
using Marten;

namespace ConsultationPlatform.Tests.Web;

/// <summary>
/// The inputs on the whole dialogue (about no one action point) have a page of their own, like the inputs on a point:
/// published ones only, each flagged and answered there, in a real browser; at 390 px, axe 0 in English, French and Spanish.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class WholeDialogueInputsBrowserTests(AppFixture app, Chromium chromium)
{
    public static TheoryData<string> Languages() => new("en", "fr", "es");

    [Theory]
    [MemberData(nameof(Languages))]
    public async Task a_delegate_flags_and_answers_an_input_on_the_whole_dialogue_at_390_px(string lang)
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var moderator = app.ClientFor(Delegates.Moderator());
        var general = await app.PendingInput(board.Id, Delegates.CivilSociety("Input Network"), "Remittance costs", "Lower the **cost** of remittances.");
        var onPoint = await app.PendingInput(board.Id, Delegates.CivilSociety("Input Network"), "Portable pensions", pointId: board.ActionPoints[1].Id);
        var pending = await app.PendingInput(board.Id, Delegates.CivilSociety("Input Network"), "Still awaiting moderation");
        foreach (var input in new[] { general, onPoint }) await WebPeople.Ok(moderator.PostAsync($"/api/submissions/{input}/publish", null));
        var (account, organisation) = await app.NewDelegate("Workers United", StakeholderGroup.TradeUnion, board.Id);

        await using var browser = await chromium.SignedInPage(app.BaseAddress, account.Email);
        var page = browser.Page;
        await page.SetViewportSizeAsync(390, 844);

        // From the board's submission section.
        Assert.Equal(200, (await page.GotoAsync($"/consultations/{board.Id}?lang={lang}"))!.Status);
        await page.Locator($"#submit a[href='/consultations/{board.Id}/inputs']").ClickAsync();
        await page.WaitForURLAsync($"**/consultations/{board.Id}/inputs");

        // Only the published inputs on the whole dialogue: not the one on a point, not the one awaiting moderation.
        Assert.Equal(1, await page.Locator("main article.card").CountAsync());
        Assert.Contains("Remittance costs", await page.Locator($"#input-{general}").TextContentAsync());
        Assert.Equal("cost", await page.Locator($"article:has(#input-{general}) .input-body strong").TextContentAsync());
        Assert.Equal(0, await page.Locator($"#input-{onPoint}, #input-{pending}").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "The inputs page scrolls sideways at 390 px.");
        await page.AssertNoAxeViolations();

        // Flagged, by keyboard.
        await page.TabTo($"article:has(#input-{general}) details.flag summary");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("The figure quoted is wrong.");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.Done("flagged");
        Assert.Contains($"/consultations/{board.Id}/inputs", page.Url);
        await using (var session = app.Store.QuerySession())
        {
            var flag = Assert.Single((await session.LoadAsync<Submission>(general))!.Flags);
            Assert.Equal(("The figure quoted is wrong.", organisation.Id), (flag.Reason, flag.OrganisationId));
        }

        // Answered: the author sees the reply awaiting moderation.
        await page.TabTo($"#replies-{general} summary");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("Costs fell by half where fintech was allowed.");
        await page.TabTo($"#replies-{general} form button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await page.Done("replied");
        var thread = page.Locator($"#replies-{general}");
        Assert.Contains("fell by half", await thread.TextContentAsync());
        Assert.Equal(1, await thread.Locator(".reply .status").CountAsync());
        // A person flags an input once: once it is flagged, the page no longer offers a form that could only be refused.
        Assert.Equal(0, await page.Locator($"article:has(#input-{general}) details.flag").CountAsync());
        await page.AssertNoAxeViolations();
        await page.Screenshot($"whole-dialogue-inputs-390-{lang}");
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task a_refused_flag_is_shown_at_its_input_and_changes_nothing()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var input = await app.PendingInput(board.Id, Delegates.CivilSociety("Input Network"), "Remittance costs");
        await WebPeople.Ok(app.ClientFor(Delegates.Moderator()).PostAsync($"/api/submissions/{input}/publish", null));
        var (account, _) = await app.NewDelegate("Workers United", StakeholderGroup.TradeUnion, board.Id);

        await using var browser = await chromium.SignedInPage(app.BaseAddress, account.Email);
        var page = browser.Page;
        await page.GotoAsync($"/consultations/{board.Id}/inputs");
        await page.Locator($"article:has(#input-{input}) details.flag summary").ClickAsync();
        var response = await page.RunAndWaitForResponseAsync(
            () => page.Locator($"article:has(#input-{input}) details.flag button[type=submit]").ClickAsync(),
            r => r.Request.Method == "POST");
        Assert.Equal(400, response.Status);
        var problem = page.Locator($"article:has(#input-{input}) #problem");
        Assert.True(await problem.IsVisibleAsync());
        Assert.True(await page.Locator($"article:has(#input-{input}) details.flag").GetAttributeAsync("open") is not null);

        await using var session = app.Store.QuerySession();
        Assert.Empty((await session.LoadAsync<Submission>(input))!.Flags);
    }

    [Fact]
    public async Task an_unknown_consultation_has_no_inputs_page()
    {
        using var visitor = new HttpClient { BaseAddress = app.BaseAddress };
        var response = await visitor.GetAsync($"/consultations/{Guid.NewGuid()}/inputs");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
