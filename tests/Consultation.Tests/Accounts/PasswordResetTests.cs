using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Accounts;
using ConsultationPlatform.Tests.Support;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsultationPlatform.Tests.Accounts;

/// <summary>Password reset over the API, the mail read from a real SMTP server (<see cref="SmtpSinkFixture"/>).</summary>
[Collection(SmtpSinkCollection.Name)]
public class PasswordResetTests(SmtpSinkFixture app)
{
    private const string NewPassword = "Brand-New-Passphrase-2013";

    private Task<HttpResponseMessage> Forgot(string email) =>
        app.Http.PostAsJsonAsync("/api/account/forgot-password", new { email }, AppFixture.Json);

    private Task<HttpResponseMessage> Reset(string? email, string? token, string? password) =>
        app.Http.PostAsJsonAsync("/api/account/reset-password", new { email, token, password }, AppFixture.Json);

    private static async Task<ValidationProblemDetails> Problem(HttpResponseMessage response, params string[] fields)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(AppFixture.Json))!;
        Assert.Equal("https://consultation.dev/problems/validation", problem.Type);
        Assert.Equal(fields.Order(), problem.Errors.Keys.Order());
        return problem;
    }

    /// <summary>Asks for a reset and reads the token from the link of the mail that crossed SMTP.</summary>
    private async Task<(string Link, string Token)> AskAndRead(Account account, int mailsBefore = 0)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await Forgot(account.Email)).StatusCode);
        var mails = await app.MailsTo(account.Email, mailsBefore + 1);
        Assert.Equal(mailsBefore + 1, mails.Count);
        var link = SmtpSinkFixture.LinkIn(mails[^1], "/account/reset-password?");
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(link).Query);
        Assert.Equal(account.Email, query["email"].ToString());
        return (link, query["token"].ToString());
    }

    [Fact]
    public async Task the_reset_mail_crosses_smtp_from_the_configured_sender_with_a_one_hour_link()
    {
        var account = await app.NewAccount(name: "Amina Yusuf");
        var before = DateTimeOffset.UtcNow;
        Assert.Equal(HttpStatusCode.Accepted, (await Forgot(account.Email)).StatusCode);

        var mail = Assert.Single(await app.MailsTo(account.Email));
        Assert.Equal("\"HLD Secretariat\" <secretariat@dialogue.example>", mail.From.ToString());
        Assert.Equal("Amina Yusuf", mail.To.Mailboxes.Single().Name);
        Assert.Equal("Reset your password on the Consultation platform", mail.Subject);
        Assert.Contains("Dear Amina Yusuf", mail.TextBody);
        SmtpSinkFixture.LinkIn(mail, "/account/reset-password?email=");
        var lifetime = app.App.Services.GetRequiredService<IOptions<AccountSettings>>().Value.PasswordResetLifetime;
        Assert.Equal(TimeSpan.FromHours(1), lifetime);
        var until = System.Text.RegularExpressions.Regex.Match(mail.TextBody ?? "", @"until (\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ)").Groups[1].Value;
        var expires = DateTimeOffset.Parse(until, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires, before.AddHours(1).AddSeconds(-2), DateTimeOffset.UtcNow.AddHours(1).AddSeconds(2));
    }

    [Fact]
    public async Task an_unknown_address_gets_the_same_answer_and_no_mail_and_a_malformed_one_a_problem()
    {
        var nobody = TestAccounts.NewEmail("nobody");
        var unknown = await Forgot(nobody);
        var account = await app.NewAccount();
        var known = await Forgot(account.Email);
        Assert.Equal((HttpStatusCode.Accepted, ""), (unknown.StatusCode, await unknown.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.Accepted, ""), (known.StatusCode, await known.Content.ReadAsStringAsync()));
        Assert.Single(await app.MailsTo(account.Email));
        Assert.Empty(await app.MailsTo(nobody, wait: TimeSpan.FromSeconds(2)));

        await Problem(await Forgot("not an address"), "email");
        await Problem(await Forgot(""), "email");
    }

    [Fact]
    public async Task the_link_sets_a_new_password_once_the_old_one_and_the_old_sessions_stop_working()
    {
        var account = await app.NewAccount();
        var oldTokens = await app.Tokens(account.Email);
        var (_, token) = await AskAndRead(account);

        Assert.Equal(HttpStatusCode.NoContent, (await Reset(account.Email, token, NewPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.SignIn(account.Email)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.SignIn(account.Email, NewPassword)).StatusCode);
        // The new security stamp: the refresh token of the session before the reset is refused.
        var refresh = await app.Http.PostAsJsonAsync("/api/account/refresh", new { refreshToken = oldTokens.RefreshToken }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);

        // The link a second time: spent.
        var again = await Problem(await Reset(account.Email, token, "Another-Passphrase-2014"), "token");
        Assert.Contains("used already", again.Errors["token"].Single());
        Assert.Equal(HttpStatusCode.OK, (await app.SignIn(account.Email, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task a_weak_password_is_refused_with_identity_rules_and_leaves_the_link_usable()
    {
        var account = await app.NewAccount();
        var (_, token) = await AskAndRead(account);

        var weak = await Problem(await Reset(account.Email, token, "short"), "password");
        Assert.Contains(weak.Errors["password"], m => m.Contains("12 characters"));
        Assert.Equal(HttpStatusCode.OK, (await app.SignIn(account.Email)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Reset(account.Email, token, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task a_forged_token_another_accounts_token_or_missing_fields_are_refused_and_change_nothing()
    {
        var account = await app.NewAccount();
        var other = await app.NewAccount();
        var (_, othersToken) = await AskAndRead(other);

        await Problem(await Reset(account.Email, "bm90LWEtdG9rZW4", NewPassword), "token");
        await Problem(await Reset(account.Email, othersToken, NewPassword), "token");
        await Problem(await Reset(TestAccounts.NewEmail("nobody"), othersToken, NewPassword), "token");
        await Problem(await Reset(null, null, null), "email", "token", "password");
        Assert.Equal(HttpStatusCode.OK, (await app.SignIn(account.Email)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.SignIn(other.Email)).StatusCode);
    }
}
