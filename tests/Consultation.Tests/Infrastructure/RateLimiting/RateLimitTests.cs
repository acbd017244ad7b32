using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Accounts;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Infrastructure.RateLimiting;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ConsultationPlatform.Tests.Infrastructure.RateLimiting;

/// <summary>
/// The platform with small budgets (the production partitions, the production code), behind a "proxy": loopback is a
/// trusted proxy, so each test chooses the client address it comes from with <c>X-Forwarded-For</c>, as nginx would
/// append it, and the tests do not spend each other's budgets. No budget refills within a test (one token an hour).
/// </summary>
public sealed class RateLimitedApp : AppFixture
{
    public const int Writes = 3, SignIns = 3, Invitations = 2, AnonymousReads = 50;

    protected override IDictionary<string, string?> Settings(TestDatabase database)
    {
        var settings = base.Settings(database);
        settings["RateLimits:TrustedProxies:0"] = "127.0.0.1";
        foreach (var (budget, burst) in new[] { ("Writes", Writes), ("SignIn", SignIns), ("Invitations", Invitations), ("AnonymousReads", AnonymousReads) })
        {
            settings[$"RateLimits:{budget}:Burst"] = burst.ToString();
            settings[$"RateLimits:{budget}:Refill"] = "1";
            settings[$"RateLimits:{budget}:PeriodSeconds"] = "3600";
        }

        return settings;
    }

    /// <summary>A client whose requests come, as far as the platform can tell, from <paramref name="address"/>.</summary>
    public HttpClient From(string address, Actor? actor = null)
    {
        var client = actor is null ? new HttpClient { BaseAddress = BaseAddress } : this.ClientFor(actor);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }
}

/// <summary>The platform with small budgets and no trusted proxy: X-Forwarded-For is the client's own word, and ignored.</summary>
public sealed class UnproxiedRateLimitedApp : AppFixture
{
    public const int AnonymousReads = 20;

    protected override IDictionary<string, string?> Settings(TestDatabase database)
    {
        var settings = base.Settings(database);
        settings["RateLimits:AnonymousReads:Burst"] = AnonymousReads.ToString();
        settings["RateLimits:AnonymousReads:Refill"] = "1";
        settings["RateLimits:AnonymousReads:PeriodSeconds"] = "3600";
        return settings;
    }
}

public sealed class RateLimitTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<ProblemDetails> AssertTooManyRequests(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>(AppFixture.Json, Ct))!;
        Assert.Equal(RateLimits.ProblemType, problem.Type);
        Assert.Equal(429, problem.Status);
        return problem;
    }

    private static Task<HttpResponseMessage> SignIn(HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/api/account/login", new { email, password }, AppFixture.Json, Ct);

    private async Task<Account> Reload(Account account)
    {
        await using var session = app.Store.QuerySession();
        return (await session.LoadAsync<Account>(account.Id, Ct))!;
    }

    [Fact]
    public async Task sign_ins_over_the_limit_from_one_address_get_a_429_problem_with_retry_after_and_are_not_attempted()
    {
        var account = await app.NewAccount();
        using var attacker = app.From("198.51.100.10");
        for (var i = 0; i < RateLimitedApp.SignIns; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await SignIn(attacker, account.Email, "wrong guess " + i)).StatusCode);
        Assert.Equal(RateLimitedApp.SignIns, (await Reload(account)).AccessFailedCount);

        // Over the limit, even the right password (and the email written otherwise) is refused without being checked.
        await AssertTooManyRequests(await SignIn(attacker, account.Email, "yet another guess"));
        await AssertTooManyRequests(await SignIn(attacker, "  " + account.Email.ToUpperInvariant(), TestAccounts.Password));
        var after = await Reload(account);
        Assert.Equal(RateLimitedApp.SignIns, after.AccessFailedCount);
        Assert.Null(after.LockoutEnd);

        // In the language of the request, like every problem.
        using var french = new HttpRequestMessage(HttpMethod.Post, "/api/account/login")
        {
            Content = JsonContent.Create(new { email = account.Email, password = TestAccounts.Password }),
        };
        french.Headers.AcceptLanguage.ParseAdd("fr");
        var problem = await AssertTooManyRequests(await attacker.SendAsync(french, Ct));
        Assert.Equal("Trop de requêtes", problem.Title);
        Assert.Contains("Réessayez", problem.Detail);

        // Per address and email: the same address signs in other people (a venue behind one NAT), and the person
        // themself signs in from elsewhere.
        var colleague = await app.NewAccount();
        Assert.Equal(HttpStatusCode.OK, (await SignIn(attacker, colleague.Email, TestAccounts.Password)).StatusCode);
        using var elsewhere = app.From("198.51.100.11");
        Assert.Equal(HttpStatusCode.OK, (await SignIn(elsewhere, account.Email, TestAccounts.Password)).StatusCode);
    }

    [Fact]
    public async Task the_sign_in_page_is_limited_per_address_and_email_like_the_api()
    {
        var email = TestAccounts.NewEmail();
        using var client = app.From("198.51.100.20");
        Task<HttpResponseMessage> Post() => client.PostAsync("/account/sign-in",
            new FormUrlEncodedContent([new("Email", email), new("Password", "guess")]), Ct);
        for (var i = 0; i < RateLimitedApp.SignIns; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await Post()).StatusCode);
        var refused = await Post();
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task writes_are_limited_per_account_a_refused_write_appends_nothing_and_another_account_at_the_same_moment_is_not_limited()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var first = Delegates.State("Rate-limited state");
        var second = Delegates.State("Other state at the same venue");
        // Both at one venue, behind one address.
        using var firstClient = app.From("203.0.113.30", first);
        using var secondClient = app.From("203.0.113.30", second);
        Task<HttpResponseMessage> Submit(HttpClient client, int n) => client.PostAsJsonAsync(
            $"/api/consultations/{board.Id}/submissions",
            new { body = $"Input number {n} on remittances.", language = "en", title = (string?)null, actionPointId = (Guid?)null },
            AppFixture.Json, Ct);

        for (var i = 0; i < RateLimitedApp.Writes; i++)
            Assert.Equal(HttpStatusCode.Created, (await Submit(firstClient, i)).StatusCode);

        var before = await EventCount();
        using var refusedRequest = new HttpRequestMessage(HttpMethod.Post, $"/api/consultations/{board.Id}/submissions")
        {
            Content = JsonContent.Create(new { body = "One too many.", language = "en" }),
        };
        refusedRequest.Headers.Add("Idempotency-Key", "rate-limited-" + Guid.NewGuid());
        await AssertTooManyRequests(await firstClient.SendAsync(refusedRequest, Ct));
        Assert.Equal(before, await EventCount());

        Assert.Equal(HttpStatusCode.Created, (await Submit(secondClient, 0)).StatusCode);
        // Reads by the limited person go on.
        Assert.Equal(HttpStatusCode.OK, (await firstClient.GetAsync($"/api/consultations/{board.Id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task invitations_are_limited_per_address_whoever_sends_them()
    {
        var organisation = await app.NewOrganisation("Invited organisation", StakeholderGroup.CivilSociety);
        var moderators = Enumerable.Range(0, 2).Select(_ => Delegates.Moderator()).ToArray();
        Task<HttpResponseMessage> Invite(HttpClient client, string email) => client.PostAsJsonAsync(
            $"/api/organisations/{organisation.Id}/invitations", new { email, name = "Invited Person" }, AppFixture.Json, Ct);

        using var one = app.From("203.0.113.40", moderators[0]);
        for (var i = 0; i < RateLimitedApp.Invitations; i++)
            Assert.Equal(HttpStatusCode.OK, (await Invite(one, TestAccounts.NewEmail("invited"))).StatusCode);

        // Another moderator, with writes to spare, at the same address.
        using var other = app.From("203.0.113.40", moderators[1]);
        var refusedEmail = TestAccounts.NewEmail("refused");
        await AssertTooManyRequests(await Invite(other, refusedEmail));
        await using (var session = app.Store.QuerySession())
            Assert.False(await session.Query<Invitation>().AnyAsync(i => i.Email == refusedEmail, Ct));

        using var elsewhere = app.From("203.0.113.41", moderators[1]);
        Assert.Equal(HttpStatusCode.OK, (await Invite(elsewhere, TestAccounts.NewEmail("invited"))).StatusCode);
    }

    [Fact]
    public async Task anonymous_reads_are_limited_per_address_but_not_static_files_health_or_people_signed_in()
    {
        using var visitor = app.From("192.0.2.50");
        for (var i = 0; i < RateLimitedApp.AnonymousReads; i++)
            Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/api/consultations", Ct)).StatusCode);
        await AssertTooManyRequests(await visitor.GetAsync("/api/consultations", Ct));

        // A browser asking for a page gets a page, in its language, with Retry-After.
        using var page = new HttpRequestMessage(HttpMethod.Get, "/");
        page.Headers.Accept.ParseAdd("text/html");
        page.Headers.AcceptLanguage.ParseAdd("es");
        var refusedPage = await visitor.SendAsync(page, Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedPage.StatusCode);
        Assert.Equal("text/html", refusedPage.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refusedPage.Headers.RetryAfter?.Delta);
        Assert.Contains("Demasiadas solicitudes", await refusedPage.Content.ReadAsStringAsync(Ct));

        // Not counted: the static files of the pages, the health checks; nor the reads of someone signed in.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/css/site.css", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/health/live", Ct)).StatusCode);
        }

        using var signedIn = app.From("192.0.2.50", Delegates.State("Reader state"));
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/consultations", Ct)).StatusCode);

        // Another address is not limited.
        using var neighbour = app.From("192.0.2.51");
        Assert.Equal(HttpStatusCode.OK, (await neighbour.GetAsync("/api/consultations", Ct)).StatusCode);
    }

    [Fact]
    public async Task what_a_client_writes_itself_in_x_forwarded_for_before_the_proxys_entry_gives_it_no_new_budget()
    {
        // nginx appends the address it saw: "what the client claimed, the real one". Only the last entry is believed.
        for (var i = 0; i < RateLimitedApp.AnonymousReads; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/consultations");
            request.Headers.Add("X-Forwarded-For", $"10.9.{i / 250}.{i % 250}, 192.0.2.60");
            using var client = new HttpClient { BaseAddress = app.BaseAddress };
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request, Ct)).StatusCode);
        }

        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/api/consultations");
        spoofed.Headers.Add("X-Forwarded-For", "10.99.99.99, 192.0.2.60");
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        await AssertTooManyRequests(await http.SendAsync(spoofed, Ct));
    }

    [Fact]
    public async Task the_api_description_says_every_operation_may_answer_429_with_a_problem_and_retry_after()
    {
        using var document = System.Text.Json.JsonDocument.Parse(await app.Http.GetStringAsync("/openapi/v1.json", Ct));
        var root = document.RootElement;
        Assert.True(root.GetProperty("components").GetProperty("schemas").TryGetProperty("ProblemDetails", out _));
        var operations = root.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Name: $"{op.Name} {path.Name}", Operation: op.Value)))
            .ToList();
        Assert.True(operations.Count > 40);
        var without = operations.Where(o =>
                !o.Operation.GetProperty("responses").TryGetProperty("429", out var response)
                || !response.GetProperty("headers").TryGetProperty("Retry-After", out _)
                || response.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString()
                    != "#/components/schemas/ProblemDetails")
            .Select(o => o.Name).ToList();
        Assert.True(without.Count == 0, "No 429 problem declared: " + string.Join(", ", without));
    }

    private async Task<long> EventCount()
    {
        await using var session = app.Store.QuerySession();
        return await session.Events.QueryAllRawEvents().LongCountAsync(Ct);
    }
}

public sealed class UntrustedForwardedForTests(UnproxiedRateLimitedApp app) : IClassFixture<UnproxiedRateLimitedApp>
{
    [Fact]
    public async Task without_a_trusted_proxy_x_forwarded_for_is_ignored_and_the_connections_address_is_counted()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new HttpClient { BaseAddress = app.BaseAddress };
        for (var i = 0; i <= UnproxiedRateLimitedApp.AnonymousReads; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/consultations");
            request.Headers.Add("X-Forwarded-For", $"10.8.{i / 250}.{i % 250}");
            var response = await client.SendAsync(request, ct);
            Assert.Equal(i < UnproxiedRateLimitedApp.AnonymousReads ? HttpStatusCode.OK : HttpStatusCode.TooManyRequests, response.StatusCode);
        }
    }
}

public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("proxy.internal")]
    public void a_trusted_proxy_that_is_not_an_address_or_a_network_stops_the_start_with_its_name(string proxy)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["RateLimits:TrustedProxies:0"] = proxy }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddConsultationRateLimits(configuration));
        Assert.Contains(proxy, error.Message);
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void an_address_is_counted_as_itself_and_an_ipv6_address_by_its_64_network(string address, string key) =>
        Assert.Equal(key, RateLimits.AddressKey(IPAddress.Parse(address)));

}

/// <summary>
/// The production budgets (the defaults of <see cref="RateLimitOptions"/>) against a real session, on the limiter
/// itself (no server): every request of a rush acquired at the same instant, the worst case for a token bucket.
/// </summary>
public sealed class SessionRushBudgetTests
{
    private static readonly IPAddress Venue = IPAddress.Parse("203.0.113.200");

    private static PartitionedRateLimiter<HttpContext> ProductionLimiter()
    {
        var services = new ServiceCollection().AddLogging()
            .AddConsultationRateLimits(new ConfigurationBuilder().Build())
            .BuildServiceProvider();
        return services.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter!;
    }

    private static HttpContext Request(string method, string path, Guid? person = null, string? signInEmail = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Connection.RemoteIpAddress = Venue;
        if (person is { } id)
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ActorClaims.PersonId, id.ToString())], "test"));
        if (signInEmail is not null) context.Items[RateLimits.SignInEmailItem] = signInEmail;
        return context;
    }

    [Fact]
    public void five_hundred_delegates_behind_one_venue_address_open_the_pages_sign_in_and_inscribe_at_the_same_instant_unlimited()
    {
        using var limiter = ProductionLimiter();
        var delegates = Enumerable.Range(0, 500).Select(_ => Guid.NewGuid()).ToList();
        var sessionId = Guid.NewGuid();
        var refused = 0;
        foreach (var person in delegates)
        {
            foreach (var request in new[]
                     {
                         Request("GET", "/"),
                         Request("POST", "/api/account/login", signInEmail: $"DELEGATE-{person:N}@STATE.EXAMPLE"),
                         Request("POST", $"/api/sessions/{sessionId}/items/{Guid.NewGuid()}/inscriptions", person),
                         Request("POST", $"/api/sessions/{sessionId}/items/{Guid.NewGuid()}/inscriptions", person),
                     })
            {
                using var lease = limiter.AttemptAcquire(request);
                if (!lease.IsAcquired) refused++;
            }
        }

        Assert.Equal(0, refused);
    }

    [Fact]
    public void one_account_writing_far_faster_than_a_person_and_one_address_guessing_one_password_are_refused()
    {
        using var limiter = ProductionLimiter();
        var script = Guid.NewGuid();
        var writes = Enumerable.Range(0, 300).Count(_ =>
        {
            using var lease = limiter.AttemptAcquire(Request("POST", "/api/consultations/x/submissions", script));
            return lease.IsAcquired;
        });
        Assert.InRange(writes, new RateLimitOptions().Writes.Burst, 299);

        var guesses = Enumerable.Range(0, 100).Count(_ =>
        {
            using var lease = limiter.AttemptAcquire(Request("POST", "/account/sign-in", signInEmail: "TARGET@EXAMPLE.ORG"));
            return lease.IsAcquired;
        });
        Assert.InRange(guesses, new RateLimitOptions().SignIn.Burst, 99);
    }
}
