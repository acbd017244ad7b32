using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Accounts;
using ConsultationPlatform.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.Accounts;

/// <summary>Two-factor sign-in over the API: set up with the key, codes computed here by RFC 6238 (<see cref="Totp"/>).</summary>
[Collection(PlatformCollection.Name)]
public class TwoFactorTests(AppFixture app)
{
    private static async Task<ProblemDetails> Problem(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>(AppFixture.Json))!;
        Assert.Equal("https://consultation.dev/problems/" + type, problem.Type);
        return problem;
    }

    private Task<HttpResponseMessage> SignIn(string email, string? code = null, string? recovery = null) =>
        app.Http.PostAsJsonAsync("/api/account/login",
            new { email, password = TestAccounts.Password, twoFactorCode = code, twoFactorRecoveryCode = recovery }, AppFixture.Json);

    /// <summary>An account with two-factor sign-in on: its key (base32) and its recovery codes.</summary>
    private async Task<(Account Account, string Key, IReadOnlyList<string> Codes)> Enabled()
    {
        var account = await app.NewAccount();
        var client = await app.SignedInClient(account);
        var view = (await client.GetFromJsonAsync<TwoFactorView>("/api/account/two-factor", AppFixture.Json))!;
        Assert.False(view.Enabled);
        var key = view.SharedKey!.Replace(" ", "").ToUpperInvariant();
        var response = await client.PostAsJsonAsync("/api/account/two-factor/enable", new { code = Totp.Code(key, DateTimeOffset.UtcNow) }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var codes = (await response.Content.ReadFromJsonAsync<RecoveryCodes>(AppFixture.Json))!.Codes;
        return (account, key, codes);
    }

    [Fact]
    public async Task the_setup_shows_the_key_and_its_otpauth_uri_and_a_wrong_code_turns_nothing_on()
    {
        var account = await app.NewAccount();
        var client = await app.SignedInClient(account);
        var view = (await client.GetFromJsonAsync<TwoFactorView>("/api/account/two-factor", AppFixture.Json))!;
        var key = view.SharedKey!.Replace(" ", "").ToUpperInvariant();
        Assert.Equal(32, key.Length);
        Assert.Equal($"otpauth://totp/Consultation:{Uri.EscapeDataString(account.Email)}?secret={key}&issuer=Consultation&digits=6", view.AuthenticatorUri);
        // The same key on a second look: it is kept until two-factor sign-in is turned on.
        Assert.Equal(view.SharedKey, (await client.GetFromJsonAsync<TwoFactorView>("/api/account/two-factor", AppFixture.Json))!.SharedKey);

        var now = Totp.Code(key, DateTimeOffset.UtcNow);
        var wrong = ((int.Parse(now) + 500_000) % 1_000_000).ToString("D6");
        var refused = await Problem(await client.PostAsJsonAsync("/api/account/two-factor/enable", new { code = wrong }, AppFixture.Json),
            HttpStatusCode.BadRequest, "validation");
        Assert.Contains("not the one the app should show now", refused.Detail);
        var malformed = await Problem(await client.PostAsJsonAsync("/api/account/two-factor/enable", new { code = "abc" }, AppFixture.Json),
            HttpStatusCode.BadRequest, "validation");
        Assert.Contains("six-digit code", malformed.Detail);
        await using var session = app.Store.QuerySession();
        Assert.False((await session.LoadAsync<Account>(account.Id))!.TwoFactorEnabled);
        Assert.Equal(HttpStatusCode.OK, (await SignIn(account.Email)).StatusCode);
    }

    [Fact]
    public async Task with_two_factor_on_sign_in_needs_the_code_refuses_a_wrong_one_and_takes_each_recovery_code_once()
    {
        var (account, key, codes) = await Enabled();
        Assert.Equal(10, codes.Count);
        Assert.Equal(10, codes.Distinct().Count());
        await using (var session = app.Store.QuerySession())
        {
            var stored = (await session.LoadAsync<Account>(account.Id))!;
            Assert.True(stored.TwoFactorEnabled);
            // Only hashes are kept.
            Assert.DoesNotContain(codes[0], System.Text.Json.JsonSerializer.Serialize(stored));
        }

        await Problem(await SignIn(account.Email), HttpStatusCode.Unauthorized, "two-factor-required");
        var now = Totp.Code(key, DateTimeOffset.UtcNow);
        var wrong = ((int.Parse(now) + 500_000) % 1_000_000).ToString("D6");
        await Problem(await SignIn(account.Email, code: wrong), HttpStatusCode.Unauthorized, "two-factor-failed");

        var signedIn = await SignIn(account.Email, code: Totp.Code(key, DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var tokens = (await signedIn.Content.ReadFromJsonAsync<AccessTokenResponse>(AppFixture.Json))!;
        Assert.Equal(HttpStatusCode.OK, (await app.BearerClient(tokens.AccessToken).GetAsync("/api/account/me")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await SignIn(account.Email, recovery: codes[3])).StatusCode);
        await Problem(await SignIn(account.Email, recovery: codes[3]), HttpStatusCode.Unauthorized, "two-factor-failed");
        var client = app.BearerClient(tokens.AccessToken);
        Assert.Equal(9, (await client.GetFromJsonAsync<TwoFactorView>("/api/account/two-factor", AppFixture.Json))!.RecoveryCodesLeft);
    }

    [Fact]
    public async Task new_recovery_codes_replace_the_old_and_turning_it_off_signs_in_with_the_password_alone()
    {
        var (account, key, codes) = await Enabled();
        var tokens = (await (await SignIn(account.Email, code: Totp.Code(key, DateTimeOffset.UtcNow))).Content
            .ReadFromJsonAsync<AccessTokenResponse>(AppFixture.Json))!;
        var client = app.BearerClient(tokens.AccessToken);

        var fresh = (await (await client.PostAsync("/api/account/two-factor/recovery-codes", null)).Content
            .ReadFromJsonAsync<RecoveryCodes>(AppFixture.Json))!.Codes;
        Assert.Empty(fresh.Intersect(codes));
        await Problem(await SignIn(account.Email, recovery: codes[0]), HttpStatusCode.Unauthorized, "two-factor-failed");
        Assert.Equal(HttpStatusCode.OK, (await SignIn(account.Email, recovery: fresh[0])).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/account/two-factor/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignIn(account.Email)).StatusCode);
        await Problem(await client.PostAsync("/api/account/two-factor/disable", null), HttpStatusCode.Conflict, "two-factor-off");
        await Problem(await client.PostAsync("/api/account/two-factor/recovery-codes", null), HttpStatusCode.Conflict, "two-factor-off");
        // Off, the app's old key is dropped: a new one to set up again.
        var view = (await client.GetFromJsonAsync<TwoFactorView>("/api/account/two-factor", AppFixture.Json))!;
        Assert.NotEqual(key, view.SharedKey!.Replace(" ", "").ToUpperInvariant());
    }
}
