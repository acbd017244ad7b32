using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ConsultationPlatform.Tests.Stakeholders;

[Collection(PlatformCollection.Name)]
public class OrganisationEndpointTests(AppFixture app)
{
    private static string Unique(string name) => $"{name} {Guid.NewGuid().ToString("N")[..8]}";

    [Fact]
    public async Task a_moderator_registers_an_organisation_that_everyone_can_read()
    {
        var name = Unique("Migrant Forum in Asia");
        var response = await app.ClientFor(Delegates.Moderator())
            .PostAsJsonAsync("/api/organisations", new { name, type = "civilSociety", countryOrRegion = "Asia and the Pacific" }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<CreationResponse<Guid>>(AppFixture.Json))!;
        Assert.Equal($"/api/organisations/{created.Value}", response.Headers.Location?.OriginalString);

        var organisation = (await app.Http.GetFromJsonAsync<OrganisationView>($"/api/organisations/{created.Value}", AppFixture.Json))!;
        Assert.Equal((name, StakeholderGroup.CivilSociety, "Asia and the Pacific"), (organisation.Name, organisation.Type, organisation.CountryOrRegion));
        var all = (await app.Http.GetFromJsonAsync<List<OrganisationView>>("/api/organisations", AppFixture.Json))!;
        Assert.Contains(all, o => o.Id == created.Value);
    }

    [Fact]
    public async Task a_participant_cannot_register_an_organisation_and_nothing_is_recorded()
    {
        var name = Unique("Self-made Council");
        var response = await app.ClientFor(Delegates.CivilSociety())
            .PostAsJsonAsync("/api/organisations", new { name, type = "privateSector", countryOrRegion = "Global" }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await using var session = app.Store.QuerySession();
        Assert.False(await session.Query<Organisation>().AnyAsync(o => o.Name == name));
    }

    [Fact]
    public async Task bad_input_is_a_400_naming_each_field_and_a_taken_name_a_409()
    {
        var moderator = app.ClientFor(Delegates.Moderator());
        var invalid = await moderator.PostAsJsonAsync("/api/organisations", new { name = " ", countryOrRegion = "" }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = (await invalid.Content.ReadFromJsonAsync<ValidationProblemDetails>(AppFixture.Json))!;
        Assert.Equal(new[] { "countryOrRegion", "name", "type" }, problem.Errors.Keys.Order());

        var unknownType = await moderator.PostAsJsonAsync("/api/organisations", new { name = "X", type = "guild", countryOrRegion = "Y" }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, unknownType.StatusCode);

        var existing = await app.NewOrganisation("Institute for Migration Studies", StakeholderGroup.Academia);
        var taken = await moderator.PostAsJsonAsync("/api/organisations",
            new { name = existing.Name.ToUpperInvariant(), type = "academia", countryOrRegion = "Africa" }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
    }

    [Fact]
    public async Task an_unknown_organisation_is_a_404_problem()
    {
        var response = await app.Http.GetAsync($"/api/organisations/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task members_are_seen_by_the_organisation_and_the_secretariat_and_addresses_only_by_the_secretariat()
    {
        var organisation = await app.NewOrganisation("Diaspora Forum", StakeholderGroup.MigrantOrDiasporaOrganisation);
        var account = await app.NewAccount(name: "Fatou Diallo", organisations: organisation);

        var moderatorView = (await app.ClientFor(Delegates.Moderator())
            .GetFromJsonAsync<List<MemberView>>($"/api/organisations/{organisation.Id}/members", AppFixture.Json))!;
        Assert.Equal(account.Email, Assert.Single(moderatorView).Email);

        var own = await (await app.SignedInClient(account)).GetAsync($"/api/organisations/{organisation.Id}/members");
        var ownView = (await own.Content.ReadFromJsonAsync<List<MemberView>>(AppFixture.Json))!;
        Assert.Equal("Fatou Diallo", Assert.Single(ownView).Name);
        Assert.Null(ownView[0].Email);
        Assert.DoesNotContain("@", await own.Content.ReadAsStringAsync());

        var outsider = await app.ClientFor(Delegates.State()).GetAsync($"/api/organisations/{organisation.Id}/members");
        Assert.Equal(HttpStatusCode.Forbidden, outsider.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Http.GetAsync($"/api/organisations/{organisation.Id}/members")).StatusCode);
    }

    [Fact]
    public async Task the_public_organisation_responses_carry_no_people_and_no_addresses()
    {
        var organisation = await app.NewOrganisation("Private Council", StakeholderGroup.PrivateSector);
        var account = await app.NewAccount(organisations: organisation);
        var one = await app.Http.GetStringAsync($"/api/organisations/{organisation.Id}");
        var all = await app.Http.GetStringAsync("/api/organisations");
        foreach (var body in new[] { one, all })
        {
            Assert.DoesNotContain("@", body);
            Assert.DoesNotContain(account.Id.ToString(), body);
        }
    }
}
