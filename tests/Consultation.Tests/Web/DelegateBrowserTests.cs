using System.Net.Http.Json;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Microsoft.Playwright;

namespace ConsultationPlatform.Tests.Web;

/// <summary>The delegates' pages in a real browser: accessible in each language; the invitation link as the mail gives it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DelegateBrowserTests(AppFixture app, Chromium chromium)
{
    public static TheoryData<string, string> Pages()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in new[] { "rebase", "my items", "invitation" })
        foreach (var lang in ConsultationPlatform.Web.WebFront.Languages)
            data.Add(page, lang);
        // The point page (in every language elsewhere) with the forms a proposer and a reader of inputs get: the same markup in every language.
        data.Add("action point as a proposer", "en");
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task every_page_of_the_delegates_flows_has_no_axe_violation(string page, string lang)
    {
        var scenario = await DelegateScenario.For(app);
        await using var browser = page == "invitation"
            ? await chromium.NewPage(app.BaseAddress)
            : await chromium.SignedInPage(app.BaseAddress, scenario.DelegateEmail);
        var path = page switch
        {
            "action point as a proposer" => scenario.PointPath,
            "rebase" => scenario.RebasePath,
            "my items" => "/account/items",
            _ => scenario.InvitationPath,
        };
        var response = await browser.Page.GotoAsync($"{path}{(path.Contains('?') ? '&' : '?')}lang={lang}");
        Assert.Equal(200, response!.Status);
        if (page == "action point as a proposer")
        {
            // Everything a delegate can open: the flag form too.
            Assert.True(await browser.Page.Locator("article.amendment form[action*=withdrawAmendment]").CountAsync() > 0);
            Assert.True(await browser.Page.Locator("article.amendment form[action*=coSponsor]").CountAsync() > 0);
            await browser.Page.Locator("details.flag summary").First.ClickAsync();
        }

        await browser.Page.Screenshot($"{page.Replace(' ', '-')}-{lang}");
        if (page == "action point as a proposer" && lang == "en")
        {
            await browser.Page.Screenshot("point-amendments-en", "section[aria-labelledby=amendments-heading]");
            await browser.Page.Screenshot("point-inputs-en", "section[aria-labelledby=inputs-heading]");
        }
        await browser.Page.AssertNoAxeViolations();
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task the_invitation_link_of_the_mail_fills_the_form_and_the_new_delegate_is_signed_in()
    {
        var organisation = await app.NewOrganisation("Linked Network", StakeholderGroup.CivilSociety);
        var email = TestAccounts.NewEmail("linked");
        await WebPeople.Ok(app.ClientFor(Delegates.Moderator()).PostAsJsonAsync($"/api/organisations/{organisation.Id}/invitations",
            new { email, name = "Lina Haddad" }, AppFixture.Json));
        var mail = Assert.Single(await app.Outbox(email));
        var token = TestAccounts.TokenIn(mail);
        Assert.Contains($"/account/invitation#token={token}", mail.TextBody);

        await using var browser = await chromium.NewPage(app.BaseAddress);
        var page = browser.Page;
        await page.GotoAsync($"/account/invitation?lang=en#token={token}");
        // The token moved into the form, and out of the address.
        await page.WaitForFunctionAsync("() => document.querySelector('#token').value.length > 0");
        Assert.Equal(token, await page.Locator("#token").InputValueAsync());
        Assert.DoesNotContain("token", page.Url);
        await page.Locator("#password").FillAsync(TestAccounts.Password);
        await page.Locator("#confirmPassword").FillAsync(TestAccounts.Password);
        await page.Locator("#invitation-form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/account?welcome=true");
        Assert.Contains("Lina Haddad", await page.Locator(".facts").TextContentAsync());
        Assert.Contains(organisation.Name, await page.Locator("header .account").TextContentAsync());
        browser.AssertNoErrors();
    }
}
