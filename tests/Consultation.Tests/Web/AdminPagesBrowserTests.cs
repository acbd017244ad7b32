using System.Net;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Microsoft.Playwright;

namespace ConsultationPlatform.Tests.Web;

/// <summary>
/// The administrators' pages (/admin/consultations and a consultation's moderators and co-chairs): an administrator
/// opens a consultation and appoints a moderator, on a phone-sized screen, with no axe violation; the moderator then
/// finds that consultation's console, and not another's. Over HTTP: who may open the pages, a refused form.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AdminPagesBrowserTests(AppFixture app, Chromium chromium)
{
    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    [InlineData("es")]
    public async Task an_admin_opens_a_consultation_and_appoints_a_moderator_who_then_sees_its_console_and_not_another(string lang)
    {
        var admin = await app.NewAccount(name: "Page Admin", roles: [PlatformRole.Admin]);
        var moderator = await app.NewAccount(name: "Lucía Moderadora");
        var another = await app.NewConsultation(ConsultationPhase.Inputs);
        var slug = $"test-admin-{lang}-{Guid.NewGuid():N}"[..40];

        await using (var browser = await chromium.SignedInPage(app.BaseAddress, admin.Email))
        {
            var tab = browser.Page;
            await tab.SetViewportSizeAsync(390, 844);
            // The way in: the account page links administrators to their pages.
            await tab.GotoAsync($"/account?lang={lang}");
            await tab.Locator("main a[href='/admin/consultations']").ClickAsync();
            await tab.WaitForURLAsync("**/admin/consultations**");
            await tab.AssertNoAxeViolations();

            await tab.Locator("#slug").FillAsync(slug);
            await tab.Locator("#consultationTitle").FillAsync("Round table 5: Migrants' rights");
            await tab.Locator("#dialogueName").FillAsync("High-level Dialogue");
            await tab.Locator("#place").FillAsync("Geneva");
            await tab.Locator("#startDate").FillAsync("2027-03-01");
            await tab.Locator("#endDate").FillAsync("2027-03-02");
            await tab.TabTo("main form[aria-labelledby=new] button[type=submit]");
            await tab.Keyboard.PressAsync("Enter");
            await tab.WaitForURLAsync("**created=**", new PageWaitForURLOptions { Timeout = 20000 });
            var id = ConsultationCreation.IdFor(slug);
            Assert.Equal(ConsultationPhase.Preparation, (await app.Board(id)).Phase);
            Assert.True(await tab.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "The list of consultations is wider than 390 px.");
            await tab.Screenshot($"admin-consultations-{lang}");
            await tab.AssertNoAxeViolations();

            await tab.Locator($"#created a[href='/admin/consultations/{id}/roles']").ClickAsync();
            await tab.WaitForURLAsync($"**/admin/consultations/{id}/roles**");
            await tab.AssertNoAxeViolations();
            await tab.Locator("#email").FillAsync(moderator.Email);
            await tab.Locator("#name").FillAsync(moderator.DisplayName);
            await tab.Locator("#role").SelectOptionAsync("Moderator");
            await tab.TabTo("main form[aria-labelledby=appoint] button[type=submit]");
            await tab.Keyboard.PressAsync("Enter");
            await tab.Done("appointed");
            Assert.Contains(moderator.Email, await tab.Locator("main").TextContentAsync());
            Assert.True(await tab.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "The roles page is wider than 390 px.");
            await tab.Screenshot($"admin-roles-{lang}");
            await tab.AssertNoAxeViolations();
            browser.AssertNoErrors();
        }

        await using (var browser = await chromium.SignedInPage(app.BaseAddress, moderator.Email))
        {
            var tab = browser.Page;
            var id = ConsultationCreation.IdFor(slug);
            await tab.GotoAsync($"/moderation?lang={lang}");
            Assert.Equal(1, await tab.Locator($"main a[href='/moderation/{id}']").CountAsync());
            Assert.Equal(0, await tab.Locator($"main a[href='/moderation/{another.Id}']").CountAsync());
            var console = await tab.GotoAsync($"/moderation/{id}?lang={lang}");
            Assert.Equal(200, console!.Status);
            var refused = await tab.GotoAsync($"/moderation/{another.Id}?lang={lang}");
            Assert.Equal(403, refused!.Status);
        }
    }

    [Fact]
    public async Task only_admins_open_the_pages_and_a_refused_form_keeps_what_was_typed_and_changes_nothing()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var roles = $"/admin/consultations/{board.Id}/roles";
        var anonymous = await new Visitor(app).Response("/admin/consultations");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);

        var moderator = new Visitor(app);
        await moderator.SignIn((await app.NewModerator()).Email);
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.Page("/admin/consultations")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.Page(roles)).Status);

        var admin = new Visitor(app);
        await admin.SignIn((await app.NewAccount(roles: [PlatformRole.Admin])).Email);
        var (status, page, _) = await admin.Submit("/admin/consultations",
            new() { ["slug"] = "Not A Slug", ["consultationTitle"] = "Kept title", ["dialogueName"] = "D", ["place"] = "P", ["startDate"] = "2027-01-02", ["endDate"] = "2027-01-01" },
            "/admin/consultations");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(page.QuerySelector("#problem"));
        Assert.Equal("true", page.QuerySelector("#slug")!.GetAttribute("aria-invalid"));
        Assert.Equal("Kept title", page.QuerySelector("#consultationTitle")!.GetAttribute("value"));

        var email = TestAccounts.NewEmail("invitee");
        (status, page, _) = await admin.Submit(roles, new() { ["email"] = "nope", ["name"] = "", ["role"] = "Moderator" }, roles);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("true", page.QuerySelector("#email")!.GetAttribute("aria-invalid"));
        // A newcomer is invited; revoking a role nobody holds is a 404 page that changes nothing.
        var invited = await admin.Post(roles, new() { ["email"] = email, ["name"] = "New Person", ["role"] = "CoChair" }, roles);
        Assert.Equal($"{roles}?done=invited#done", invited.Headers.Location!.OriginalString);
        Assert.Single(await app.Outbox(email));
        (status, _, _) = await admin.Submit(roles + "?handler=revoke", new() { ["personId"] = Guid.NewGuid().ToString(), ["revoked"] = "Moderator" }, roles);
        Assert.Equal(HttpStatusCode.NotFound, status);

        // Appointed, then revoked from the page.
        var person = await app.NewAccount(name: "Revocable Person");
        var appointed = await admin.Post(roles, new() { ["email"] = person.Email, ["name"] = "Revocable Person", ["role"] = "Moderator" }, roles);
        Assert.Equal($"{roles}?done=appointed#done", appointed.Headers.Location!.OriginalString);
        var (_, listed) = await admin.Page(roles);
        Assert.NotNull(listed.QuerySelector($"input[name=personId][value='{person.Id}']"));
        var revoked = await admin.Post(roles + "?handler=revoke", new() { ["personId"] = person.Id.ToString(), ["revoked"] = "Moderator" }, roles);
        Assert.Equal($"{roles}?done=revoked#done", revoked.Headers.Location!.OriginalString);
        (_, listed) = await admin.Page(roles);
        Assert.Null(listed.QuerySelector($"input[name=personId][value='{person.Id}']"));
    }
}
