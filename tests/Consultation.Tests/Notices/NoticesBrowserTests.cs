using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using ConsultationPlatform.Tests.Web;
using Microsoft.Playwright;
using MimeKit;

namespace ConsultationPlatform.Tests.Notices;

/// <summary>The notices page in a browser: preferences through the form, the inbox live, the unsubscribe link of a real mail.</summary>
[Collection(SmtpSinkCollection.Name)]
public sealed class NoticesBrowserTests(SmtpSinkFixture app, Chromium chromium)
{
    [Fact]
    public async Task a_member_chooses_immediate_mail_sees_the_notice_arrive_live_and_unsubscribes_from_the_mail()
    {
        var consultation = await app.NewConsultation(ConsultationPhase.Inputs);
        var organisation = await app.NewOrganisation("Diaspora Voices", StakeholderGroup.MigrantOrDiasporaOrganisation);
        var account = await app.NewAccount(name: "Lina Haddad", organisations: organisation);
        await app.Accredit(consultation.Id, organisation);

        await using var browser = await chromium.NewPage(app.BaseAddress);
        var page = browser.Page;
        await page.Phone();
        await page.SignInWithPassword(account.Email, TestAccounts.Password);

        // From the account page to the notices page.
        await page.GotoAsync("/account?lang=en");
        await page.Locator("#notices-link").ClickAsync();
        await page.WaitForURLAsync("**/account/notices**");
        Assert.Equal("Unread: 0", await page.Locator("#unread").TextContentAsync());
        await page.AssertAccessibleInThreeLanguages();

        // Only phase changes, in the app and by mail at once.
        foreach (var kind in new[] { "decision", "newVersion", "deadline", "reply" })
            await page.Locator($"#kind-{kind}").UncheckAsync();
        await page.Locator("#email-immediate").CheckAsync();
        await page.Locator("#save-preferences").ClickAsync();
        await page.WaitForURLAsync("**/account/notices?done=saved");
        Assert.True(await page.Locator("#kind-phaseChange").IsCheckedAsync());
        Assert.False(await page.Locator("#kind-decision").IsCheckedAsync());
        Assert.True(await page.Locator("#email-immediate").IsCheckedAsync());
        await page.Locator("#items-live[data-live=connected]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 10000 });

        // The phase moves: the notice appears on the open page, live, unread.
        (await app.ClientFor(Delegates.Moderator()).PostAsJsonAsync($"/api/consultations/{consultation.Id}/phase", new { phase = "drafting" }, AppFixture.Json))
            .EnsureSuccessStatusCode();
        await page.Locator("#inbox li.unread").WaitForAsync(new LocatorWaitForOptions { Timeout = 15000 });
        Assert.Contains("moved to its drafting phase", await page.Locator("#inbox li.unread").TextContentAsync());
        Assert.Equal("Unread: 1", await page.Locator("#unread").TextContentAsync());
        await page.AssertAccessibleInThreeLanguages();
        await page.Locator("#mark-read").ClickAsync();
        await page.WaitForURLAsync("**/account/notices?done=read");
        Assert.Equal("Unread: 0", await page.Locator("#unread").TextContentAsync());
        Assert.Equal(1, await page.Locator("#inbox li.read").CountAsync());
        await page.Screenshot("notices-390-en");
        if (Environment.GetEnvironmentVariable("SCREENSHOTS") is { Length: > 0 })
        {
            // For people to look at: the same page at desktop width, in French.
            await page.SetViewportSizeAsync(1280, 900);
            await page.GotoAsync("/account/notices?lang=fr");
            await page.Screenshot("notices-1280-fr");
            await page.Phone();
        }

        // The mail came, with its link: opened in a browser it asks first; confirming turns the mails off.
        var mail = Assert.Single(await app.MailsTo(account.Email));
        var link = mail.Headers[HeaderId.ListUnsubscribe]![1..^1];
        await page.GotoAsync(SmtpSinkFixture.PathOf(link));
        await page.AssertAccessibleInThreeLanguages();
        await page.Locator("#confirm-unsubscribe").ClickAsync();
        await page.Locator("#unsubscribed").WaitForAsync();
        await page.AssertAccessibleInThreeLanguages();
        await page.GotoAsync("/account/notices?lang=en");
        Assert.True(await page.Locator("#email-off").IsCheckedAsync());
        Assert.True(await page.Locator("#in-app").IsCheckedAsync());
        browser.AssertNoErrors();
    }
}
