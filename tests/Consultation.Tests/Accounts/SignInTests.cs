using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using ConsultationPlatform.Accounts;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsultationPlatform.Tests.Accounts;

[Collection(PlatformCollection.Name)]
public class SignInTests(AppFixture app)
{
    private BearerTokenOptions BearerOptions =>
        app.App.Services.GetRequiredService<IOptionsMonitor<BearerTokenOptions>>().Get(IdentityConstants.BearerScheme);

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string? type = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (type is null) return;
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>(AppFixture.Json))!;
        Assert.Equal("https://consultation.dev/problems/" + type, problem.Type);
    }

    [Fact]
    public async Task a_bearer_token_from_sign_in_opens_the_api_and_carries_exactly_the_actor_claims()
    {
        var ghana = await app.NewOrganisation("Ghana", StakeholderGroup.MemberState);
        var account = await app.NewAccount(name: "Kofi Mensah", organisations: ghana);

        var tokens = await app.Tokens(account.Email);
        Assert.Equal("Bearer", tokens.TokenType);
        Assert.Equal(30 * 60, tokens.ExpiresIn);

        var me = await app.BearerClient(tokens.AccessToken).GetFromJsonAsync<AccountView>("/api/account/me", AppFixture.Json);
        Assert.Equal(account.Id, me!.PersonId);
        Assert.Equal(ghana.Id, me.ActingFor!.Id);

        var principal = BearerOptions.BearerTokenProtector.Unprotect(tokens.AccessToken)!.Principal;
        var claimTypes = principal.Claims.Select(c => c.Type).Order().ToList();
        Assert.Equal(
            new[] { "AspNet.Identity.SecurityStamp", ClaimTypes.Role, "amr", "name", "org", "org_group", "org_name", "sub" }.Order(),
            claimTypes);
        // How the person signed in, as Identity's sign-in manager says it: with a password ("mfa" after a second factor).
        Assert.Equal("pwd", principal.FindFirstValue("amr"));
        var actor = Actor.From(principal)!;
        Assert.Equal((account.Id, "Kofi Mensah", ghana.Id, ghana.Name, StakeholderGroup.MemberState),
            (actor.PersonId, actor.PersonName, actor.OrganisationId, actor.OrganisationName, actor.OrganisationGroup));
        Assert.Equal([PlatformRole.Participant], actor.Roles);
        Assert.Equal(account.SecurityStamp, principal.FindFirstValue("AspNet.Identity.SecurityStamp"));
    }

    [Fact]
    public async Task a_browser_signs_in_with_an_http_only_same_site_lax_cookie_and_signs_out()
    {
        var account = await app.NewAccount();
        var browser = app.CookieClient();

        var signIn = await browser.PostAsJsonAsync("/api/account/login?useCookies=true", new { email = account.Email, password = TestAccounts.Password });
        Assert.Equal(HttpStatusCode.NoContent, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("consultation.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/account/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.PostAsync("/api/account/logout", null)).StatusCode);
        await AssertProblem(await browser.GetAsync("/api/account/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task an_anonymous_api_call_is_a_401_problem_and_never_a_redirect()
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        var response = await client.GetAsync("/api/account/me");
        await AssertProblem(response, HttpStatusCode.Unauthorized);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task a_signed_in_person_without_the_role_gets_a_403_problem()
    {
        var client = await app.SignedInClient(await app.NewAccount());
        await AssertProblem(await client.GetAsync("/api/admin/moderators"), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task a_wrong_password_and_an_unknown_address_fail_alike_with_a_401_problem()
    {
        var account = await app.NewAccount();
        var wrong = await app.SignIn(account.Email, "Not-The-Password-1");
        var unknown = await app.SignIn(TestAccounts.NewEmail("nobody"), TestAccounts.Password);
        await AssertProblem(wrong, HttpStatusCode.Unauthorized, "sign-in-failed");
        await AssertProblem(unknown, HttpStatusCode.Unauthorized, "sign-in-failed");
    }

    [Fact]
    public async Task a_sign_in_without_email_or_password_is_a_400_naming_both()
    {
        var response = await app.Http.PostAsJsonAsync("/api/account/login", new { email = "" }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(AppFixture.Json))!;
        Assert.Contains("email", problem.Errors.Keys);
        Assert.Contains("password", problem.Errors.Keys);
    }

    [Fact]
    public async Task five_failed_sign_ins_lock_the_account_even_against_the_right_password()
    {
        var account = await app.NewAccount();
        for (var i = 0; i < 5; i++) await app.SignIn(account.Email, "Not-The-Password-" + i);

        var right = await app.SignIn(account.Email);
        await AssertProblem(right, HttpStatusCode.Unauthorized, "locked-out");
        await using var session = app.Store.QuerySession();
        var stored = (await session.LoadAsync<Account>(account.Id))!;
        Assert.True(stored.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(10));
    }

    [Fact]
    public async Task failures_below_the_limit_are_forgotten_after_a_successful_sign_in()
    {
        var account = await app.NewAccount();
        for (var i = 0; i < 4; i++) await app.SignIn(account.Email, "Not-The-Password-" + i);
        Assert.Equal(HttpStatusCode.OK, (await app.SignIn(account.Email)).StatusCode);
        for (var i = 0; i < 4; i++) await app.SignIn(account.Email, "Not-The-Password-" + i);
        Assert.Equal(HttpStatusCode.OK, (await app.SignIn(account.Email)).StatusCode);
    }

    [Fact]
    public async Task an_expired_bearer_token_is_refused_and_the_refresh_token_gets_a_new_one()
    {
        var account = await app.NewAccount();
        var tokens = await app.Tokens(account.Email);

        // The same token as the handler issued it, but past its expiry.
        var ticket = BearerOptions.BearerTokenProtector.Unprotect(tokens.AccessToken)!;
        ticket.Properties.ExpiresUtc = DateTimeOffset.UtcNow.AddSeconds(-1);
        var expired = BearerOptions.BearerTokenProtector.Protect(ticket);
        await AssertProblem(await app.BearerClient(expired).GetAsync("/api/account/me"), HttpStatusCode.Unauthorized);

        var refreshed = await app.Http.PostAsJsonAsync("/api/account/refresh", new { refreshToken = tokens.RefreshToken }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var fresh = (await refreshed.Content.ReadFromJsonAsync<AccessTokenResponse>(AppFixture.Json))!;
        Assert.Equal(HttpStatusCode.OK, (await app.BearerClient(fresh.AccessToken).GetAsync("/api/account/me")).StatusCode);
    }

    [Fact]
    public async Task a_forged_or_expired_refresh_token_is_a_401_problem()
    {
        var account = await app.NewAccount();
        var tokens = await app.Tokens(account.Email);
        var ticket = BearerOptions.RefreshTokenProtector.Unprotect(tokens.RefreshToken)!;
        ticket.Properties.ExpiresUtc = DateTimeOffset.UtcNow.AddSeconds(-1);

        var expired = await app.Http.PostAsJsonAsync("/api/account/refresh",
            new { refreshToken = BearerOptions.RefreshTokenProtector.Protect(ticket) }, AppFixture.Json);
        await AssertProblem(expired, HttpStatusCode.Unauthorized, "refresh-refused");
        var forged = await app.Http.PostAsJsonAsync("/api/account/refresh", new { refreshToken = "not-a-token" }, AppFixture.Json);
        await AssertProblem(forged, HttpStatusCode.Unauthorized, "refresh-refused");
    }

    [Fact]
    public async Task signing_out_everywhere_voids_the_refresh_tokens()
    {
        var account = await app.NewAccount();
        var tokens = await app.Tokens(account.Email);
        var client = app.BearerClient(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/account/logout?everywhere=true", null)).StatusCode);

        var refresh = await app.Http.PostAsJsonAsync("/api/account/refresh", new { refreshToken = tokens.RefreshToken }, AppFixture.Json);
        await AssertProblem(refresh, HttpStatusCode.Unauthorized, "refresh-refused");
    }

    [Fact]
    public async Task a_person_of_two_organisations_chooses_whom_to_act_for_and_the_refreshed_token_carries_it()
    {
        var forum = await app.NewOrganisation("Migrant Forum", StakeholderGroup.CivilSociety);
        var institute = await app.NewOrganisation("Migration Institute", StakeholderGroup.Academia);
        var account = await app.NewAccount(organisations: [forum, institute]);
        var tokens = await app.Tokens(account.Email);
        var client = app.BearerClient(tokens.AccessToken);

        var before = (await client.GetFromJsonAsync<AccountView>("/api/account/me", AppFixture.Json))!;
        Assert.Null(before.ActingFor);
        Assert.Equal(2, before.Organisations.Count);

        var chosen = await client.PostAsJsonAsync("/api/account/acting-organisation", new { organisationId = institute.Id }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
        Assert.Equal(institute.Id, (await chosen.Content.ReadFromJsonAsync<AccountView>(AppFixture.Json))!.ActingFor!.Id);

        var refreshed = await app.Http.PostAsJsonAsync("/api/account/refresh", new { refreshToken = tokens.RefreshToken }, AppFixture.Json);
        var fresh = (await refreshed.Content.ReadFromJsonAsync<AccessTokenResponse>(AppFixture.Json))!;
        var actor = Actor.From(BearerOptions.BearerTokenProtector.Unprotect(fresh.AccessToken)!.Principal)!;
        Assert.Equal(institute.Id, actor.OrganisationId);
        Assert.Equal(StakeholderGroup.Academia, actor.OrganisationGroup);
        Assert.Equal(institute.Name, actor.OrganisationName);
    }

    [Fact]
    public async Task a_browsers_cookie_acts_for_the_chosen_organisation_at_once()
    {
        var forum = await app.NewOrganisation("Migrant Forum", StakeholderGroup.CivilSociety);
        var union = await app.NewOrganisation("Workers Union", StakeholderGroup.TradeUnion);
        var account = await app.NewAccount(organisations: [forum, union]);
        var browser = app.CookieClient();
        (await browser.PostAsJsonAsync("/api/account/login?useCookies=true", new { email = account.Email, password = TestAccounts.Password })).EnsureSuccessStatusCode();

        (await browser.PostAsJsonAsync("/api/account/acting-organisation", new { organisationId = union.Id }, AppFixture.Json)).EnsureSuccessStatusCode();
        var request = await browser.PostAsJsonAsync($"/api/consultations/{Guid.NewGuid()}/accreditations", new { }, AppFixture.Json);
        // The consultation does not exist, but the request got past sign-in as the union's delegate.
        Assert.Equal(HttpStatusCode.NotFound, request.StatusCode);
        var me = (await browser.GetFromJsonAsync<AccountView>("/api/account/me", AppFixture.Json))!;
        Assert.Equal(union.Id, me.ActingFor!.Id);
    }

    [Fact]
    public async Task acting_for_an_organisation_one_does_not_belong_to_is_a_403_and_changes_nothing()
    {
        var own = await app.NewOrganisation("Own Network", StakeholderGroup.CivilSociety);
        var other = await app.NewOrganisation("Switzerland", StakeholderGroup.MemberState);
        var account = await app.NewAccount(organisations: own);
        var client = await app.SignedInClient(account);

        var response = await client.PostAsJsonAsync("/api/account/acting-organisation", new { organisationId = other.Id }, AppFixture.Json);
        await AssertProblem(response, HttpStatusCode.Forbidden, "forbidden");
        var unknown = await client.PostAsJsonAsync("/api/account/acting-organisation", new { organisationId = Guid.NewGuid() }, AppFixture.Json);
        await AssertProblem(unknown, HttpStatusCode.Forbidden);
        var missing = await client.PostAsJsonAsync("/api/account/acting-organisation", new { }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);

        await using var session = app.Store.QuerySession();
        Assert.Null((await session.LoadAsync<Account>(account.Id))!.ActingOrganisationId);
        var me = (await client.GetFromJsonAsync<AccountView>("/api/account/me", AppFixture.Json))!;
        Assert.Equal(own.Id, me.ActingFor!.Id);
    }

    [Fact]
    public async Task the_openapi_document_lists_the_account_routes()
    {
        var document = await app.Http.GetStringAsync("/openapi/v1.json");
        foreach (var route in new[] { "/api/account/login", "/api/account/refresh", "/api/account/acting-organisation", "/api/account/invitations/accept",
                     "/api/organisations", "/api/consultations/{consultationId}/accreditations", "/api/admin/moderators" })
            Assert.Contains($"\"{route}\"", document);
    }
}
