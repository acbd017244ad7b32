using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ConsultationPlatform.Accounts;
using ConsultationPlatform.Infrastructure.Email;
using ConsultationPlatform.Stakeholders;
using Marten;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ConsultationPlatform.Tests.Support;

/// <summary>Real accounts and organisations for tests of sign-in: each call makes new ones, with addresses of their own.</summary>
public static class TestAccounts
{
    public const string Password = "Correct-Horse-Battery-42";

    public static string NewEmail(string prefix = "person") => $"{prefix}-{Guid.NewGuid():N}@test.example";

    /// <summary>Registers an organisation directly in the event store.</summary>
    public static async Task<Organisation> NewOrganisation(this AppFixture app, string name, StakeholderGroup type, string countryOrRegion = "Somewhere")
    {
        var id = Guid.CreateVersion7();
        await using var session = app.Store.LightweightSession();
        session.Events.StartStream<Organisation>(id, new OrganisationRegistered(id, $"{name} {id.ToString("N")[^8..]}", type, countryOrRegion, Guid.Empty));
        await session.SaveChangesAsync();
        return (await session.LoadAsync<Organisation>(id))!;
    }

    /// <summary>An account made through Identity's UserManager (so with a real password hash), member of the organisations given.</summary>
    public static async Task<Account> NewAccount(this AppFixture app, string? email = null, string name = "Test Person",
        PlatformRole[]? roles = null, params Organisation[] organisations)
    {
        var account = Account.New(Guid.CreateVersion7(), email ?? NewEmail(), name, roles ?? [PlatformRole.Participant], DateTimeOffset.UtcNow);
        await using (var scope = app.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            var result = await users.CreateAsync(account, Password);
            Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        await using var session = app.Store.LightweightSession();
        foreach (var organisation in organisations)
            session.Events.Append(organisation.Id, new PersonJoinedOrganisation(organisation.Id, account.Id, name));
        await session.SaveChangesAsync();
        return account;
    }

    public static async Task Accredit(this AppFixture app, Guid consultationId, Organisation organisation)
    {
        var id = Accreditations.IdFor(consultationId, organisation.Id);
        await using var session = app.Store.LightweightSession();
        session.Events.StartStream<Accreditation>(id,
            new AccreditationRequested(id, consultationId, organisation.Id, organisation.Name, organisation.Type, null, Guid.Empty),
            new AccreditationGranted(id, consultationId, organisation.Id, Guid.Empty));
        await session.SaveChangesAsync();
    }

    public static Task<HttpResponseMessage> SignIn(this AppFixture app, string email, string password = Password) =>
        app.Http.PostAsJsonAsync("/api/account/login", new { email, password }, AppFixture.Json);

    public static async Task<AccessTokenResponse> Tokens(this AppFixture app, string email, string password = Password)
    {
        var response = await app.SignIn(email, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AccessTokenResponse>(AppFixture.Json))!;
    }

    public static HttpClient BearerClient(this AppFixture app, string accessToken)
    {
        var client = new HttpClient { BaseAddress = app.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>A client signed in with a bearer token as the account.</summary>
    public static async Task<HttpClient> SignedInClient(this AppFixture app, Account account) =>
        app.BearerClient((await app.Tokens(account.Email)).AccessToken);

    /// <summary>A client that keeps cookies, like a browser.</summary>
    public static HttpClient CookieClient(this AppFixture app, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), UseCookies = true }) { BaseAddress = app.BaseAddress };

    /// <summary>The mails written to the outbox for an address, oldest first; waits for the mail queue up to a few seconds.</summary>
    public static async Task<IReadOnlyList<OutboxEmail>> Outbox(this AppFixture app, string to, int atLeast = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            await using var session = app.Store.QuerySession();
            var mails = await session.Query<OutboxEmail>().Where(m => m.To == to).OrderBy(m => m.WrittenAt).ToListAsync();
            if (mails.Count >= atLeast || DateTime.UtcNow > deadline) return mails;
            await Task.Delay(100);
        }
    }

    /// <summary>The token of an invitation, as the invitee reads it in the mail's link.</summary>
    public static string TokenIn(OutboxEmail mail)
    {
        var marker = "#token=";
        var start = mail.TextBody.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, "The mail carries no invitation link.");
        start += marker.Length;
        var end = start;
        while (end < mail.TextBody.Length && !char.IsWhiteSpace(mail.TextBody[end])) end++;
        return mail.TextBody[start..end];
    }
}
