using System.Net.Http.Json;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Tests.Support;
using Marten;
using Microsoft.Playwright;

namespace ConsultationPlatform.Tests.Web;

/// <summary>The flows end to end, through the pages only, in real browsers; the console's main actions by keyboard alone.</summary>
[Collection(PlatformCollection.Name)]
public sealed class EndToEndTests(AppFixture app, Chromium chromium)
{
    private static readonly PageWaitForFunctionOptions Soon = new() { Timeout = 15000 };

    [Fact]
    public async Task an_amendment_proposed_on_the_page_and_accepted_in_the_console_makes_version_2_and_the_governments_endorsement_stays_for_version_1_until_confirmed()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting, allowsEarlyEndorsement: true);
        var point = board.ActionPoints.Single(p => p.Number == 6);
        var (government, state) = await app.NewDelegate("Costa Rica", StakeholderGroup.MemberState, board.Id);
        var (proposer, _) = await app.NewDelegate("Diaspora Council", StakeholderGroup.MigrantOrDiasporaOrganisation, board.Id);
        var moderator = await app.NewModerator(PlatformRole.CoChair);
        var path = $"/action-points/{point.Id}";

        await using var governmentBrowser = await chromium.SignedInPage(app.BaseAddress, government.Email);
        await using var proposerBrowser = await chromium.SignedInPage(app.BaseAddress, proposer.Email);
        await using var moderatorBrowser = await chromium.SignedInPage(app.BaseAddress, moderator.Email);
        await using var publicBrowser = await chromium.NewPage(app.BaseAddress);
        var governmentPage = governmentBrowser.Page;

        // The government endorses version 1 on the page.
        await governmentPage.GotoAsync($"{path}?lang=en");
        await governmentPage.Locator("#endorse button[type=submit]:not(.secondary)").ClickAsync();
        await governmentPage.Done("endorsed");

        // The public follows the point's page, live.
        var publicPage = publicBrowser.Page;
        await publicPage.GotoAsync($"{path}?lang=en");
        await publicPage.EvaluateAsync("() => { window.__openedOnce = true; }");
        await publicPage.Locator("#point-live[data-live=connected]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 10000 });
        Assert.Contains("the current version", await GovernmentRow(publicPage, state.Name));

        // A delegate proposes an amendment on the page, seeing its changes as it types.
        var proposerPage = proposerBrowser.Page;
        await proposerPage.GotoAsync($"{path}?lang=en");
        var amended = point.Text.Replace("Continue to engage", "Engage fully");
        await proposerPage.Locator("#amendmentText").FillAsync(amended);
        await proposerPage.Locator("[data-diff-preview-for=amendmentText] ins").WaitForAsync();
        await proposerPage.Locator("#rationale").FillAsync("A firmer commitment.");
        await proposerPage.Locator("#propose ~ form button[type=submit]:not(.secondary)").ClickAsync();
        await proposerPage.Done("proposed");
        var amendment = Assert.Single((await app.Http.GetFromJsonAsync<ActionPointDetails>($"/api/action-points/{point.Id}", AppFixture.Json))!.Amendments);

        // A co-chair accepts it in the console, by keyboard alone.
        var console = moderatorBrowser.Page;
        await console.GotoAsync($"/moderation/{board.Id}?lang=en");
        await console.Locator("#console[data-live=connected]").WaitForAsync(new LocatorWaitForOptions { Timeout = 10000 });
        await console.TabTo("nav.toc a[href='#amendments']");
        await console.Keyboard.PressAsync("Enter");
        await console.TabTo($"#amendment-{amendment.Id} form[action*=accept] button");
        Assert.Contains("Engage fully", await console.Locator($"#amendment-{amendment.Id} .diff ins").TextContentAsync());
        await console.Keyboard.PressAsync("Enter");
        await console.Done("accepted");
        Assert.Equal("The amendment is accepted: the action point has a new version.", await console.Locator("#done").TextContentAsync());

        // The public page shows version 2 and the diff at once, without reload; the government stands for version 1.
        await publicPage.WaitForFunctionAsync("() => document.querySelector('[data-live-part=summary]').dataset.version === '2'", null, Soon);
        Assert.Equal(amended, (await publicPage.Locator(".current-text").TextContentAsync())!.Trim());
        Assert.Equal("Changes from version 1 to version 2", await publicPage.Locator("#diff-heading").TextContentAsync());
        Assert.Contains("Engage fully", await publicPage.Locator("#diff-heading ~ .diff ins").TextContentAsync());
        Assert.Contains("for version 1", await GovernmentRow(publicPage, state.Name));
        Assert.True(await publicPage.EvaluateAsync<bool>("() => window.__openedOnce === true"));

        // The government sees what changed and confirms version 2; the public page follows.
        await governmentPage.GotoAsync($"{path}?lang=en");
        var endorse = governmentPage.Locator("#endorse");
        Assert.Contains($"{state.Name} endorsed version 1; version 2 differs", await endorse.TextContentAsync());
        Assert.Contains("Engage fully", await endorse.Locator(".diff ins").First.TextContentAsync());
        await endorse.Locator("button", new LocatorLocatorOptions { HasText = "Confirm for version 2" }).ClickAsync();
        await governmentPage.Done("endorsed");
        await publicPage.WaitForFunctionAsync(
            "name => [...document.querySelectorAll('[data-live-part=endorsements] tbody tr')].some(r => r.textContent.includes(name) && r.textContent.includes('the current version'))",
            state.Name, Soon);

        foreach (var browser in new[] { governmentBrowser, proposerBrowser, moderatorBrowser, publicBrowser }) browser.AssertNoErrors();
    }

    [Fact]
    public async Task keyboard_only_a_moderator_publishes_and_rejects_inputs_decides_accreditations_and_moves_the_phase()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var author = Delegates.CivilSociety("Keyboard Network");
        var toPublish = await app.PendingInput(board.Id, author, "To publish");
        var toReject = await app.PendingInput(board.Id, author, "To reject");
        var toGrant = await app.AccreditationRequest(board.Id, "Granted by keyboard", "We are migrants' associations.");
        var toRefuse = await app.AccreditationRequest(board.Id, "Refused by keyboard", "We sell visas.");
        var moderator = await app.NewModerator();
        await using var browser = await chromium.SignedInPage(app.BaseAddress, moderator.Email);
        var page = browser.Page;
        await page.GotoAsync($"/moderation/{board.Id}?lang=en");

        await page.TabTo($"#input-{toPublish} form[action*=publish] button");
        await page.Keyboard.PressAsync("Enter");
        await page.Done("published");

        await page.TabTo($"#reject-input-{toReject}");
        await page.Keyboard.TypeAsync("Not about this consultation.");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.Done("inputRejected");

        await page.TabTo($"#accreditation-{toGrant.OrganisationId} form[action*=grant] button");
        await page.Keyboard.PressAsync("Enter");
        await page.Done("granted");

        await page.TabTo($"#refuse-{toRefuse.OrganisationId}");
        await page.Keyboard.TypeAsync("A business, not a stakeholder of this dialogue.");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await page.Done("refused");

        await page.TabTo("#forward-reason");
        await page.Keyboard.TypeAsync("The inputs are in.");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Move forward to: Drafting", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        await page.Keyboard.PressAsync("Enter");
        await page.Done("phase");
        Assert.Equal("Drafting", await page.Locator("#phase .phase").TextContentAsync());

        await using var session = app.Store.QuerySession();
        var inputs = await session.LoadManyAsync<Submission>([toPublish, toReject]);
        Assert.Equal(SubmissionStatus.Published, inputs.Single(s => s.Id == toPublish).Status);
        Assert.Equal("Not about this consultation.", inputs.Single(s => s.Id == toReject).RejectionReason);
        var accreditations = await session.Query<Accreditation>().Where(a => a.ConsultationId == board.Id).ToListAsync();
        Assert.Equal(AccreditationStatus.Granted, accreditations.Single(a => a.OrganisationId == toGrant.OrganisationId).Status);
        Assert.Equal("A business, not a stakeholder of this dialogue.", accreditations.Single(a => a.OrganisationId == toRefuse.OrganisationId).Reason);
        var phases = await app.Http.GetFromJsonAsync<PhaseHistory>($"/api/consultations/{board.Id}/phases", AppFixture.Json);
        Assert.Equal((ConsultationPhase.Drafting, "The inputs are in."), (phases!.Phase, phases.Changes[^1].Reason));
        browser.AssertNoErrors();
    }

    private static async Task<string> GovernmentRow(IPage page, string name) =>
        (await page.Locator("[data-live-part=endorsements] tbody tr", new PageLocatorOptions { HasText = name }).TextContentAsync())!;
}
