using ConsultationPlatform.Tests.Accounts;
using ConsultationPlatform.Tests.Support;
using Microsoft.Playwright;

namespace ConsultationPlatform.Tests.Web;

/// <summary>What the account security pages share in the browser tests: a phone-sized window, axe in EN/FR/ES, no sideways scroll.</summary>
internal static class AccountSecuritySteps
{
    public static readonly string[] AxeLanguages = ["en", "fr", "es"];

    public static async Task Phone(this IPage page) => await page.SetViewportSizeAsync(390, 844);

    /// <summary>axe-core finds nothing on the page in each of EN/FR/ES (reloaded with ?lang=), then back in English.</summary>
    public static async Task AssertAccessibleInThreeLanguages(this IPage page)
    {
        var url = System.Text.RegularExpressions.Regex.Replace(page.Url, @"[?&]lang=[a-zA-Z-]*$", "");
        foreach (var lang in AxeLanguages)
        {
            await page.GotoAsync($"{url}{(url.Contains('?') ? '&' : '?')}lang={lang}");
            Assert.Equal(lang, await page.Locator("html").GetAttributeAsync("lang"));
            await page.AssertNoAxeViolations();
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
                $"{page.Url} scrolls sideways at {await page.EvaluateAsync<int>("() => window.innerWidth")} px.");
        }

        await page.GotoAsync($"{url}{(url.Contains('?') ? '&' : '?')}lang=en");
    }

    public static async Task SignInWithPassword(this IPage page, string email, string password)
    {
        await page.GotoAsync("/account/sign-in?lang=en");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("main button[type=submit]").ClickAsync();
        await page.WaitForLoadStateAsync();
    }
}

/// <summary>Password reset in a browser, the mail read from a real SMTP server (<see cref="SmtpSinkFixture"/>).</summary>
[Collection(SmtpSinkCollection.Name)]
public sealed class PasswordResetBrowserTests(SmtpSinkFixture app, Chromium chromium)
{
    private const string NewPassword = "Brand-New-Passphrase-2013";

    [Fact]
    public async Task forgot_password_mails_a_link_through_smtp_that_sets_a_new_password_once()
    {
        var account = await app.NewAccount(name: "Amina Yusuf");
        await using var browser = await chromium.NewPage(app.BaseAddress);
        var page = browser.Page;
        await page.Phone();

        // From the sign-in page, by keyboard.
        await page.GotoAsync("/account/sign-in?lang=en");
        await page.FollowWithKeyboard("#forgot-password", "**/account/forgot-password**");
        await page.AssertAccessibleInThreeLanguages();
        await page.Locator("#email").FillAsync(account.Email);
        await page.Locator("main button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/account/forgot-password?sent=true");
        Assert.Contains("If this address has an account", await page.Locator("#sent").TextContentAsync());
        await page.AssertAccessibleInThreeLanguages();

        // The mail crossed SMTP; its link opens the reset page.
        var mail = Assert.Single(await app.MailsTo(account.Email));
        var link = SmtpSinkFixture.LinkIn(mail, "/account/reset-password?");
        await page.GotoAsync(SmtpSinkFixture.PathOf(link));
        Assert.Equal(account.Email, await page.Locator("#email").InputValueAsync());
        await page.AssertAccessibleInThreeLanguages();
        await page.GotoAsync(SmtpSinkFixture.PathOf(link));

        // Two different passwords are refused; then the new one is set.
        await page.Locator("#password").FillAsync(NewPassword);
        await page.Locator("#confirmPassword").FillAsync(NewPassword + "x");
        await page.Locator("main button[type=submit]").ClickAsync();
        await page.Locator("#problem").WaitForAsync();
        Assert.Contains("two passwords differ", await page.Locator("#problem").TextContentAsync());
        await page.Locator("#password").FillAsync(NewPassword);
        await page.Locator("#confirmPassword").FillAsync(NewPassword);
        await page.Locator("main button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/account/sign-in?reset=true");
        Assert.Contains("Your password has been changed", await page.Locator("#reset-done").TextContentAsync());

        // The new password signs in; the old one no longer does.
        await page.Locator("#email").FillAsync(account.Email);
        await page.Locator("#password").FillAsync(NewPassword);
        await page.Locator("main button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/account");
        await using (var other = await chromium.NewPage(app.BaseAddress))
        {
            await other.Page.SignInWithPassword(account.Email, TestAccounts.Password);
            Assert.EndsWith("/account/sign-in", new Uri(other.Page.Url).AbsolutePath);
            Assert.Contains("The email address or the password is wrong", await other.Page.Locator("#problem").TextContentAsync());

            // The link a second time: refused, with the way to a new one.
            await other.Page.GotoAsync(SmtpSinkFixture.PathOf(link));
            await other.Page.Locator("#password").FillAsync("Yet-Another-Passphrase-77");
            await other.Page.Locator("#confirmPassword").FillAsync("Yet-Another-Passphrase-77");
            await other.Page.Locator("main button[type=submit]").ClickAsync();
            await other.Page.Locator("#problem").WaitForAsync();
            Assert.Contains("used already", await other.Page.Locator("#problem").TextContentAsync());
            Assert.Equal(1, await other.Page.Locator("main a[href='/account/forgot-password']").CountAsync());
            await other.Page.AssertNoAxeViolations();
        }

        Assert.Equal(System.Net.HttpStatusCode.OK, (await app.SignIn(account.Email, NewPassword)).StatusCode);
        browser.AssertNoErrors(400); // the refusal of two different passwords
    }

    [Fact]
    public async Task an_unknown_address_gets_the_same_page_and_no_mail()
    {
        var nobody = TestAccounts.NewEmail("nobody");
        await using var browser = await chromium.NewPage(app.BaseAddress, javaScript: false);
        await browser.Page.GotoAsync("/account/forgot-password?lang=en");
        await browser.Page.Locator("#email").FillAsync(nobody);
        await browser.Page.Locator("main button[type=submit]").ClickAsync();
        await browser.Page.WaitForURLAsync("**/account/forgot-password?sent=true");
        Assert.Contains("If this address has an account", await browser.Page.Locator("#sent").TextContentAsync());
        Assert.Empty(await app.MailsTo(nobody, wait: TimeSpan.FromSeconds(2)));

        await browser.Page.GotoAsync("/account/forgot-password?lang=en");
        await browser.Page.Locator("#email").FillAsync("not an address");
        var refused = await browser.Page.RunAndWaitForResponseAsync(() => browser.Page.Locator("main button[type=submit]").ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains("/account/forgot-password"));
        Assert.Equal(400, refused.Status);
        Assert.Contains("Give the email address of your account", await browser.Page.Locator("#problem").TextContentAsync());
    }
}

/// <summary>Two-factor sign-in in a browser: set up from the account page with a code computed by RFC 6238 (<see cref="Totp"/>).</summary>
[Collection(PlatformCollection.Name)]
public sealed class TwoFactorBrowserTests(AppFixture app, Chromium chromium)
{
    private static string WrongCode(string right) => ((int.Parse(right) + 500_000) % 1_000_000).ToString("D6");

    private async Task<IPage> SecondStep(BrowserPage browser, string email)
    {
        await browser.Page.Phone();
        await browser.Page.SignInWithPassword(email, TestAccounts.Password);
        await browser.Page.WaitForURLAsync("**/account/sign-in/two-factor**");
        return browser.Page;
    }

    [Fact]
    public async Task a_person_turns_on_two_factor_signs_in_with_a_code_and_with_each_recovery_code_once()
    {
        var account = await app.NewAccount(name: "Kofi Mensah");
        string key;
        List<string> codes;
        await using (var browser = await chromium.NewPage(app.BaseAddress))
        {
            var page = browser.Page;
            await page.Phone();
            await page.SignIn(account.Email, "/account");
            await page.TabTo("#two-factor-link");
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForURLAsync("**/account/two-factor");
            await page.AssertAccessibleInThreeLanguages();
            key = (await page.Locator("#shared-key").TextContentAsync())!.Replace(" ", "").ToUpperInvariant();
            Assert.Equal($"otpauth://totp/Consultation:{Uri.EscapeDataString(account.Email)}?secret={key}&issuer=Consultation&digits=6",
                await page.Locator("#authenticator-uri").TextContentAsync());

            await page.Locator("#code").FillAsync(WrongCode(Totp.Code(key, DateTimeOffset.UtcNow)));
            await page.Locator("#enable").ClickAsync();
            await page.Locator("#problem").WaitForAsync();
            Assert.Contains("not the one the app should show now", await page.Locator("#problem").TextContentAsync());
            Assert.Equal(1, await page.Locator("#shared-key").CountAsync());

            await page.Locator("#code").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
            await page.Locator("#enable").ClickAsync();
            await page.Locator("#recovery-codes").WaitForAsync();
            codes = (await page.Locator("#recovery-codes li code").AllTextContentsAsync()).ToList();
            Assert.Equal(10, codes.Count);
            Assert.Contains("Two-factor sign-in is on", await page.Locator("#two-factor-state").TextContentAsync());
            await page.AssertNoAxeViolations();
            // Shown once: the page seen again has no codes, but the count of those left.
            await page.GotoAsync("/account/two-factor?lang=en");
            Assert.Equal(0, await page.Locator("#recovery-codes").CountAsync());
            Assert.Contains("Recovery codes left: 10.", await page.Locator("main").TextContentAsync());
            await page.AssertAccessibleInThreeLanguages();
            browser.AssertNoErrors(400);
        }

        // The password alone no longer signs in: the code page asks; a wrong code is refused, the right one lets in.
        await using (var browser = await chromium.NewPage(app.BaseAddress))
        {
            var page = await SecondStep(browser, account.Email);
            await page.AssertAccessibleInThreeLanguages();
            await page.Locator("#code").FillAsync(WrongCode(Totp.Code(key, DateTimeOffset.UtcNow)));
            await page.Locator("main button[type=submit]").ClickAsync();
            await page.Locator("#problem").WaitForAsync();
            Assert.Contains("not the one the app shows now", await page.Locator("#problem").TextContentAsync());
            Assert.Equal(0, (await browser.Context.CookiesAsync()).Count(c => c.Name == "consultation.auth"));
            await page.Locator("#code").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
            await page.Locator("main button[type=submit]").ClickAsync();
            await page.WaitForURLAsync("**/account");
            Assert.Contains("Kofi Mensah", await page.Locator("main").TextContentAsync());
        }

        // A recovery code lets in once.
        await using (var browser = await chromium.NewPage(app.BaseAddress))
        {
            var page = await SecondStep(browser, account.Email);
            await page.Locator("#recoveryCode").FillAsync(codes[0]);
            await page.Locator("main button[type=submit]").ClickAsync();
            await page.WaitForURLAsync("**/account");
        }

        await using (var browser = await chromium.NewPage(app.BaseAddress))
        {
            var page = await SecondStep(browser, account.Email);
            await page.Locator("#recoveryCode").FillAsync(codes[0]);
            await page.Locator("main button[type=submit]").ClickAsync();
            await page.Locator("#problem").WaitForAsync();
            Assert.Contains("not valid, or has been used already", await page.Locator("#problem").TextContentAsync());
            Assert.EndsWith("/account/sign-in/two-factor", new Uri(page.Url).AbsolutePath);

            // Signed in with another code, the person turns two-factor sign-in off: the password alone signs in again.
            await page.Locator("#recoveryCode").FillAsync(codes[1]);
            await page.Locator("main button[type=submit]").ClickAsync();
            await page.WaitForURLAsync("**/account");
            await page.GotoAsync("/account/two-factor?lang=en");
            await page.Locator("#disable").ClickAsync();
            await page.WaitForURLAsync("**/account/two-factor?done=disabled");
            Assert.Contains("Two-factor sign-in is off", await page.Locator("#two-factor-state").TextContentAsync());
        }

        await using (var browser = await chromium.NewPage(app.BaseAddress))
        {
            await browser.Page.SignIn(account.Email, "/account");
        }
    }

    [Fact]
    public async Task the_code_page_without_a_password_first_says_to_sign_in_and_has_no_form()
    {
        // With scripts on: axe-core runs as a script in the page (on a page without JavaScript it would never answer).
        await using var browser = await chromium.NewPage(app.BaseAddress);
        var response = await browser.Page.GotoAsync("/account/sign-in/two-factor?lang=en");
        Assert.Equal(200, response!.Status);
        Assert.Contains("Sign in with your email address and password first", await browser.Page.Locator("#first-step").TextContentAsync());
        Assert.Equal(0, await browser.Page.Locator("main form").CountAsync());
        await browser.Page.AssertNoAxeViolations();
    }
}
