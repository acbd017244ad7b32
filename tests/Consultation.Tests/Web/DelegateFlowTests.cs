using System.Net.Http.Json;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Tests.Support;
using Marten;
using Microsoft.Playwright;

namespace ConsultationPlatform.Tests.Web;

/// <summary>Delegates and governments in a real browser, signed in with real accounts: keyboard only where it says so.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DelegateFlowTests(AppFixture app, Chromium chromium)
{
    [Fact]
    public async Task keyboard_only_a_government_delegate_signs_in_and_endorses_with_a_reservation()
    {
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = board.ActionPoints.Single(p => p.Number == 5);
        var (account, organisation) = await Delegate("Kenya", StakeholderGroup.MemberState, board.Id);
        await using var browser = await chromium.NewPage(app.BaseAddress);
        var page = browser.Page;

        await page.GotoAsync($"/action-points/{point.Id}");
        await page.FollowWithKeyboard("#endorse a[href^='/account/sign-in']", "**/account/sign-in**");
        await page.TabTo("#email");
        await page.Keyboard.TypeAsync(account.Email);
        await page.TabTo("#password");
        await page.Keyboard.TypeAsync(TestAccounts.Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/action-points/{point.Id}", new PageWaitForURLOptions { Timeout = 60000 });

        await page.TabTo("#reservation");
        await page.Keyboard.TypeAsync("Subject to the budget.");
        await page.TabTo("#endorse button[type=submit]:not(.secondary)");
        Assert.Equal("Endorse version 1", (await page.EvaluateAsync<string>("() => document.activeElement.textContent")).Trim());
        await page.Keyboard.PressAsync("Enter");
        await page.Done("endorsed");

        Assert.Equal("Your endorsement of version 1 is recorded.", await page.Locator("#endorse .notice").TextContentAsync());
        var row = page.Locator("table tbody tr", new PageLocatorOptions { HasText = organisation.Name });
        Assert.Contains("the current version", await row.TextContentAsync());
        Assert.Contains("Subject to the budget.", await row.TextContentAsync());
        var details = await app.Http.GetFromJsonAsync<ActionPointDetails>($"/api/action-points/{point.Id}", AppFixture.Json);
        var endorsement = Assert.Single(details!.Endorsements);
        Assert.Equal((organisation.Id, 1, "Subject to the budget."), (endorsement.StakeholderId, endorsement.ForVersion, endorsement.Reservation));
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task keyboard_only_a_delegate_previews_and_submits_an_input()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var (account, organisation) = await Delegate("Migrant Rights Network", StakeholderGroup.CivilSociety, board.Id);
        await using var browser = await chromium.NewPage(app.BaseAddress);
        var page = browser.Page;
        await page.SignIn(account.Email, $"/consultations/{board.Id}");

        await page.TabTo("#inputTitle");
        await page.Keyboard.TypeAsync("Portable pensions");
        await page.TabTo("#inputPoint");
        await page.Keyboard.PressAsync("ArrowDown"); // action point 1
        await page.TabTo("#inputBody");
        await page.Keyboard.TypeAsync("Pensions should **follow** migrant workers.");
        await page.TabTo("#submit button.secondary");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#preview-heading").WaitForAsync();
        Assert.Equal("follow", await page.Locator(".preview strong").TextContentAsync());
        Assert.Equal("Pensions should **follow** migrant workers.", await page.Locator("#inputBody").InputValueAsync());

        await page.TabTo("#submit button[type=submit]:not(.secondary)");
        await page.Keyboard.PressAsync("Enter");
        await page.Done("submitted");
        Assert.Contains("received", await page.Locator("#submit .notice").TextContentAsync());

        await using var session = app.Store.QuerySession();
        var submission = Assert.Single(await session.Query<Submission>().Where(s => s.ConsultationId == board.Id).ToListAsync());
        Assert.Equal(("Portable pensions", "Pensions should **follow** migrant workers.", organisation.Id, board.ActionPoints.Single(p => p.Number == 1).Id),
            (submission.Title, submission.BodyMarkdown, submission.Author.OrganisationId, submission.ActionPointId));
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task after_an_amendment_is_accepted_the_government_sees_the_diff_and_confirms_the_new_version_live_on_the_board()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting, allowsEarlyEndorsement: true);
        var point = board.ActionPoints.Single(p => p.Number == 6);
        var (government, state) = await Delegate("Peru", StakeholderGroup.MemberState, board.Id);
        var (proposer, _) = await Delegate("Diaspora Forum", StakeholderGroup.MigrantOrDiasporaOrganisation, board.Id);

        await using var governmentBrowser = await chromium.NewPage(app.BaseAddress);
        await using var proposerBrowser = await chromium.NewPage(app.BaseAddress);
        await using var publicBrowser = await chromium.NewPage(app.BaseAddress);
        var governmentPage = governmentBrowser.Page;
        var proposerPage = proposerBrowser.Page;
        var boardPage = publicBrowser.Page;

        await governmentPage.SignIn(government.Email, $"/action-points/{point.Id}");
        await governmentPage.Locator("#endorse button[type=submit]:not(.secondary)").ClickAsync();
        await governmentPage.Done("endorsed");

        await boardPage.GotoAsync($"/consultations/{board.Id}");
        await boardPage.Locator("#board[data-live=connected]").WaitForAsync();
        var entry = boardPage.Locator("#point-6");
        Assert.Equal("1", await entry.Locator("[data-field=current]").TextContentAsync());

        await proposerPage.SignIn(proposer.Email, $"/action-points/{point.Id}");
        var amended = point.Text.Replace("Continue to engage", "Engage fully");
        await proposerPage.Locator("#amendmentText").FillAsync(amended);
        await proposerPage.Locator("#rationale").FillAsync("Stronger commitment.");
        await proposerPage.Locator("form[action*=propose] button:not(.secondary)").ClickAsync();
        await proposerPage.Done("proposed");
        Assert.Contains("Open", await proposerPage.Locator("article.amendment").TextContentAsync());

        var amendment = Assert.Single((await app.Http.GetFromJsonAsync<ActionPointDetails>($"/api/action-points/{point.Id}", AppFixture.Json))!.Amendments);
        var accepted = await app.ClientFor(Delegates.Moderator()).PostAsync($"/api/amendments/{amendment.Id}/accept", null);
        Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());

        // Live on the open board: version 2, and the government counted apart, for version 1.
        await boardPage.WaitForFunctionAsync("() => document.querySelector('#point-6 [data-field=version]').textContent === 'Version 2'");
        Assert.Equal(amended, await entry.Locator("[data-field=text]").TextContentAsync());
        Assert.Equal("0", await entry.Locator("[data-field=current]").TextContentAsync());
        Assert.Equal("1", await entry.Locator("[data-field=earlier]").TextContentAsync());

        await governmentPage.GotoAsync($"/action-points/{point.Id}");
        var endorse = governmentPage.Locator("#endorse");
        Assert.Contains($"{state.Name} endorsed version 1; version 2 differs", await endorse.TextContentAsync());
        Assert.Equal("Engage fully", (await endorse.Locator(".diff ins").First.TextContentAsync())!.Replace("[added: ", "").Replace("]", "").Trim());
        Assert.Contains("for version 1", await governmentPage.Locator("table tbody tr", new PageLocatorOptions { HasText = state.Name }).TextContentAsync());
        await endorse.Locator("button", new LocatorLocatorOptions { HasText = "Confirm for version 2" }).ClickAsync();
        await governmentPage.Done("endorsed");

        await boardPage.WaitForFunctionAsync("() => document.querySelector('#point-6 [data-field=current]').textContent === '1'");
        Assert.Equal("0", await entry.Locator("[data-field=earlier]").TextContentAsync());
        Assert.True(await entry.Locator("[data-field=earlier-block]").IsHiddenAsync());
        foreach (var browser in new[] { governmentBrowser, proposerBrowser, publicBrowser }) browser.AssertNoErrors();
    }

    private async Task<(ConsultationPlatform.Accounts.Account, Organisation)> Delegate(string name, StakeholderGroup group, Guid consultationId)
    {
        var organisation = await app.NewOrganisation(name, group);
        await app.Accredit(consultationId, organisation);
        return (await app.NewAccount(name: $"Delegate of {name}", organisations: organisation), organisation);
    }
}
