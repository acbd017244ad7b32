using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Accounts;
using ConsultationPlatform.Hosting;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ConsultationPlatform.Tests.Accounts;

/// <summary>The platform in the Development environment: the demo accounts are seeded.</summary>
public sealed class DevelopmentApp : AppFixture
{
    protected override string EnvironmentName => "Development";
}

/// <summary>The platform in the Production environment, with an administrator to bootstrap.</summary>
public sealed class ProductionApp : AppFixture
{
    public const string AdminEmail = "ops@un-dialogue.example";

    protected override string EnvironmentName => "Production";

    protected override IDictionary<string, string?> Settings(TestDatabase database)
    {
        var settings = base.Settings(database);
        settings["Authentication:AllowActingHeaders"] = "false";
        settings["Accounts:AdminEmail"] = AdminEmail;
        return settings;
    }
}

public class DemoAccountsInDevelopmentTests(DevelopmentApp app) : IClassFixture<DevelopmentApp>
{
    private static string Password => new DemoAccountOptions().Password;

    [Fact]
    public async Task every_demo_person_signs_in_with_the_development_password_in_their_roles_and_organisation()
    {
        foreach (var person in DemoAccounts.People)
        {
            var tokens = await app.Tokens(person.Email, Password);
            var me = (await app.BearerClient(tokens.AccessToken).GetFromJsonAsync<AccountView>("/api/account/me", AppFixture.Json))!;
            Assert.Equal(person.Name, me.Name);
            // The moderator and co-chairs hold their roles in Round table 3 only (roles per consultation), no platform-wide one.
            var secretariat = person.Roles.Where(r => r is PlatformRole.Moderator or PlatformRole.CoChair).ToList();
            Assert.Equal(person.Roles.Except(secretariat).DefaultIfEmpty(PlatformRole.Participant).Order(), me.Roles.Order());
            Assert.Equal(secretariat.Select(r => new ConsultationRole(DemoAccounts.RoundTable3, r)), me.ConsultationRoles ?? []);
            Assert.Equal(person.Organisations.Length, me.Organisations.Count);
            if (person.Organisations.Length > 0)
                Assert.Equal(DemoAccounts.Organisations.Single(o => o.Key == person.Organisations[0]).Id, me.ActingFor!.Id);
        }
    }

    [Fact]
    public async Task the_demo_covers_every_role_and_organisation_type_all_named_as_demo_data()
    {
        Assert.Equal(Enum.GetValues<PlatformRole>().Order(), DemoAccounts.People.SelectMany(p => p.Roles).Distinct().Order());
        Assert.Equal(Enum.GetValues<StakeholderGroup>().Order(), DemoAccounts.Organisations.Select(o => o.Type).Distinct().Order());
        Assert.All(DemoAccounts.Organisations, o => Assert.Contains("demo", o.Name, StringComparison.OrdinalIgnoreCase));
        Assert.All(DemoAccounts.People, p => Assert.Contains("Demo", p.Name));
        Assert.All(DemoAccounts.People, p => Assert.EndsWith("@demo.example", p.Email));

        await using var session = app.Store.QuerySession();
        Assert.Equal(DemoAccounts.People.Count, await session.Query<Account>().CountAsync(a => a.IsDemo));
        var nigeria = (await session.LoadAsync<Organisation>(DemoAccounts.Organisations.Single(o => o.Key == "nigeria").Id))!;
        Assert.Equal(new[] { DemoAccounts.ByEmail("cochair.nigeria").Id, DemoAccounts.ByEmail("nigeria").Id }.Order(), nigeria.MemberIds.Order());
    }

    [Fact]
    public async Task round_table_3_accredits_the_demo_organisations_except_a_pending_and_an_unasked_one()
    {
        var path = $"/api/consultations/{DemoAccounts.RoundTable3}/accreditations";
        var publicList = (await app.Http.GetFromJsonAsync<List<AccreditationView>>(path, AppFixture.Json))!;
        var expected = DemoAccounts.Organisations.Where(o => o.RoundTable3 == DemoAccreditation.Granted).Select(o => o.Id).Order();
        Assert.Equal(expected, publicList.Select(a => a.OrganisationId).Order());

        var moderator = app.BearerClient((await app.Tokens("moderator@demo.example", Password)).AccessToken);
        var all = (await moderator.GetFromJsonAsync<List<AccreditationView>>(path, AppFixture.Json))!;
        var union = DemoAccounts.Organisations.Single(o => o.Key == "trade-union");
        Assert.Equal(AccreditationStatus.Requested, Assert.Single(all, a => a.OrganisationId == union.Id).Status);
        Assert.DoesNotContain(all, a => a.OrganisationId == DemoAccounts.Organisations.Single(o => o.Key == "academia").Id);

        var granted = await moderator.PostAsJsonAsync($"{path}/{union.Id}/grant", new { }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
    }

    /// <summary>
    /// Every public GET endpoint of the app (from its endpoint data source), called anonymously on the demo data:
    /// none carries an email address or the private statement of an accreditation request (the trade union's is pending).
    /// </summary>
    [Fact]
    public async Task no_public_response_carries_addresses_or_private_accreditation_details()
    {
        var union = DemoAccounts.Organisations.Single(o => o.Key == "trade-union").Id;
        var values = new Dictionary<string, string>
        {
            ["id"] = DemoAccounts.RoundTable3.ToString(),
            ["consultationId"] = DemoAccounts.RoundTable3.ToString(),
            ["organisationId"] = union.ToString(),
        };
        var endpoints = ((Microsoft.AspNetCore.Routing.IEndpointRouteBuilder)app.App).DataSources
            .SelectMany(d => d.Endpoints)
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>() is null)
            .Select(e => e.RoutePattern)
            .Where(p => p.RawText!.StartsWith("/api/", StringComparison.Ordinal) && p.Parameters.All(x => values.ContainsKey(x.Name)))
            // The interactive API reference serves its own page, scripts and styles (no data of the platform's).
            .Where(p => !p.RawText!.StartsWith("/api/reference", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(endpoints, p => p.RawText == "/api/consultations/{consultationId}/accreditations");
        Assert.Contains(endpoints, p => p.RawText == "/api/organisations");
        Assert.Contains(endpoints, p => p.RawText == "/api/consultations/{consultationId}/accreditations/{organisationId}");

        foreach (var pattern in endpoints)
        {
            var path = pattern.Parameters.Aggregate(pattern.RawText!, (text, parameter) => text.Replace("{" + parameter.Name + "}", values[parameter.Name]));
            // Search needs words: the demo organisations' own (what it finds must not carry their addresses either).
            if (path == "/api/search") path += "?q=" + Uri.EscapeDataString("trade union or organisation or demo");
            var response = await app.Http.GetAsync(path);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
            // An archive (open data) is read through: what matters is the text of the files in it, not the compressed bytes.
            var texts = response.Content.Headers.ContentType?.MediaType == "application/zip"
                ? Unzipped(await response.Content.ReadAsByteArrayAsync())
                : [await response.Content.ReadAsStringAsync()];
            foreach (var body in texts)
            {
                Assert.DoesNotContain("@", body);
                Assert.DoesNotContain("Demo data: asking", body);
            }
        }
    }

    private static List<string> Unzipped(byte[] archive)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(archive));
        return zip.Entries.Select(e => new StreamReader(e.Open()).ReadToEnd()).ToList();
    }

    [Fact]
    public async Task seeding_again_changes_nothing()
    {
        var demo = app.App.Services.GetServices<IHostedService>().OfType<DemoAccounts>().Single();
        await using var session = app.Store.QuerySession();
        var before = await session.Events.QueryAllRawEvents().CountAsync();
        await demo.Seed(CancellationToken.None);
        Assert.Equal(before, await session.Events.QueryAllRawEvents().CountAsync());
        Assert.Equal(DemoAccounts.People.Count, await session.Query<Account>().CountAsync(a => a.IsDemo));
    }
}

public class NoDemoAccountsInProductionTests(ProductionApp app) : IClassFixture<ProductionApp>
{
    [Fact]
    public async Task there_are_no_demo_accounts_or_organisations_and_signing_in_as_one_fails()
    {
        await using var session = app.Store.QuerySession();
        Assert.False(await session.Query<Account>().AnyAsync(a => a.IsDemo));
        Assert.Equal(0, await session.Query<Account>().CountAsync());
        Assert.False(await session.Query<Organisation>().AnyAsync());
        Assert.DoesNotContain(app.App.Services.GetServices<IHostedService>(), s => s is DemoAccounts);

        var signIn = await app.SignIn("moderator@demo.example", new DemoAccountOptions().Password);
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
    }

    [Fact]
    public async Task acting_headers_sign_nobody_in()
    {
        var response = await app.ClientFor(Delegates.Of("Admin", StakeholderGroup.MemberState, PlatformRole.Admin)).GetAsync("/api/account/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task the_configured_address_is_invited_to_be_the_first_administrator()
    {
        var mail = Assert.Single(await app.Outbox(ProductionApp.AdminEmail));
        Assert.Contains("to serve as an administrator", mail.TextBody);
        await using var session = app.Store.QuerySession();
        var invitation = await session.Query<Invitation>().SingleAsync(i => i.Email == ProductionApp.AdminEmail);
        Assert.Equal(PlatformRole.Admin, invitation.Role);
    }

    [Fact]
    public void the_acting_headers_cannot_be_switched_on_in_production()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ConsultationApp.Build(["--environment", "Production"], b =>
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Consultation"] = "Host=127.0.0.1;Database=unused",
                ["Authentication:AllowActingHeaders"] = "true",
            })));
        Assert.Contains("AllowActingHeaders", error.Message);
    }
}
