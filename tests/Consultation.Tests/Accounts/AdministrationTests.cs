using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Accounts;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ConsultationPlatform.Tests.Accounts;

[Collection(PlatformCollection.Name)]
public class AdministrationTests(AppFixture app)
{
    private static readonly Actor Admin = Delegates.Of("Secretariat", StakeholderGroup.CivilSociety, PlatformRole.Admin) with { OrganisationId = Guid.Empty };

    private static object NewConsultation(string slug) => new
    {
        slug,
        title = "Round table 4: Promoting safe, orderly and regular migration",
        kind = "round table",
        number = 4,
        dialogue = new { name = "High-level Dialogue on International Migration and Development", theme = (string?)null, place = "New York", startDate = "2013-10-03", endDate = "2013-10-04" },
        coChairs = new[] { "Mexico", "Philippines" },
        languages = new[] { "en", "fr", "es" },
    };

    [Fact]
    public async Task an_admin_creates_a_consultation_in_the_preparation_phase_recording_who_did()
    {
        var slug = "test-rt4-" + Guid.NewGuid().ToString("N")[..8];
        var response = await app.ClientFor(Admin).PostAsJsonAsync("/api/consultations", NewConsultation(slug), AppFixture.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<CreationResponse<Guid>>(AppFixture.Json))!.Value;
        Assert.Equal(ConsultationCreation.IdFor(slug), id);

        var board = await app.Board(id);
        Assert.Equal((slug, ConsultationPhase.Preparation), (board.Slug, board.Phase));
        await using var session = app.Store.QuerySession();
        var created = Assert.IsType<ConsultationCreated>((await session.Events.FetchStreamAsync(id)).Single().Data);
        Assert.Equal(Admin.PersonId, created.CreatedBy);
        Assert.Equal(["Mexico", "Philippines"], created.CoChairs);
    }

    [Fact]
    public async Task nobody_but_an_admin_creates_a_consultation()
    {
        var slug = "test-denied-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var who in new[] { Delegates.Moderator(), Delegates.Of("Nigeria", StakeholderGroup.MemberState, PlatformRole.CoChair), Delegates.State() })
        {
            var response = await app.ClientFor(who).PostAsJsonAsync("/api/consultations", NewConsultation(slug), AppFixture.Json);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Http.PostAsJsonAsync("/api/consultations", NewConsultation(slug), AppFixture.Json)).StatusCode);
        await using var session = app.Store.QuerySession();
        Assert.Null(await session.Events.FetchStreamStateAsync(ConsultationCreation.IdFor(slug)));
    }

    [Fact]
    public async Task bad_input_is_a_400_naming_each_field_and_a_taken_slug_is_a_409()
    {
        var admin = app.ClientFor(Admin);
        var invalid = await admin.PostAsJsonAsync("/api/consultations", new
        {
            slug = "Not A Slug",
            title = "",
            dialogue = new { name = "", place = "", startDate = "2013-10-04", endDate = "2013-10-03" },
            languages = new[] { "english" },
        }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = (await invalid.Content.ReadFromJsonAsync<ValidationProblemDetails>(AppFixture.Json))!;
        Assert.Equal(new[] { "dialogue.endDate", "dialogue.name", "dialogue.place", "languages", "slug", "title" }, problem.Errors.Keys.Order());

        var taken = await admin.PostAsJsonAsync("/api/consultations", NewConsultation("hld-2013-round-table-3"), AppFixture.Json);
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
    }

    [Fact]
    public async Task appointing_a_newcomer_sends_an_invitation_that_makes_them_a_moderator()
    {
        var email = TestAccounts.NewEmail("moderator");
        var response = await app.ClientFor(Admin).PostAsJsonAsync("/api/admin/moderators", new { email, name = "Ana Ruiz", role = "moderator" }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var appointment = (await response.Content.ReadFromJsonAsync<Appointment>(AppFixture.Json))!;
        Assert.True(appointment.Invited);

        var mail = Assert.Single(await app.Outbox(email));
        Assert.Contains("to serve as a moderator", mail.TextBody);
        var accepted = await app.Http.PostAsJsonAsync("/api/account/invitations/accept",
            new { token = TestAccounts.TokenIn(mail), password = TestAccounts.Password }, AppFixture.Json);
        var person = (await accepted.Content.ReadFromJsonAsync<InvitationAccepted>(AppFixture.Json))!;

        var me = (await (await app.SignedInClient(new Account { Email = email })).GetFromJsonAsync<AccountView>("/api/account/me", AppFixture.Json))!;
        Assert.Equal([PlatformRole.Moderator], me.Roles);
        Assert.Null(me.ActingFor);
        await using var session = app.Store.QuerySession();
        var granted = Assert.IsType<PlatformRoleGranted>((await session.Events.FetchStreamAsync(person.PersonId)).Single().Data);
        Assert.Equal((PlatformRole.Moderator, Admin.PersonId), (granted.Role, granted.GrantedBy));
    }

    [Fact]
    public async Task appointing_someone_with_an_account_gives_the_role_at_once_and_revoking_takes_it_back()
    {
        var nigeria = await app.NewOrganisation("Nigeria", StakeholderGroup.MemberState);
        var account = await app.NewAccount(organisations: nigeria);
        var admin = app.ClientFor(Admin);

        var response = await admin.PostAsJsonAsync("/api/admin/moderators", new { email = account.Email, name = "Co-chair", role = "coChair" }, AppFixture.Json);
        var appointment = (await response.Content.ReadFromJsonAsync<Appointment>(AppFixture.Json))!;
        Assert.Equal((account.Id, false), (appointment.PersonId, appointment.Invited));
        var me = (await (await app.SignedInClient(account)).GetFromJsonAsync<AccountView>("/api/account/me", AppFixture.Json))!;
        Assert.Equal([PlatformRole.Participant, PlatformRole.CoChair], me.Roles);

        var list = (await admin.GetFromJsonAsync<List<ModeratorView>>("/api/admin/moderators", AppFixture.Json))!;
        Assert.Equal(account.Email, Assert.Single(list, m => m.PersonId == account.Id).Email);

        var revoked = await admin.DeleteAsync($"/api/admin/moderators/{account.Id}/coChair");
        Assert.True(revoked.StatusCode == HttpStatusCode.NoContent, await revoked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/admin/moderators/{account.Id}/coChair")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.DeleteAsync($"/api/admin/moderators/{account.Id}/admin")).StatusCode);
        await using var session = app.Store.QuerySession();
        Assert.Equal([PlatformRole.Participant], (await session.LoadAsync<Account>(account.Id))!.Roles);
        Assert.Equal([typeof(PlatformRoleGranted), typeof(PlatformRoleRevoked)],
            (await session.Events.FetchStreamAsync(account.Id)).Select(e => e.EventType));
    }

    [Fact]
    public async Task only_admins_appoint_and_an_appointment_needs_an_address_a_name_and_an_appointable_role()
    {
        var email = TestAccounts.NewEmail("self-appointed");
        var moderator = await app.ClientFor(Delegates.Moderator()).PostAsJsonAsync("/api/admin/moderators", new { email, name = "Me", role = "moderator" }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.Forbidden, moderator.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(Delegates.Moderator()).GetAsync("/api/admin/moderators")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientFor(Delegates.Moderator()).DeleteAsync($"/api/admin/moderators/{Guid.NewGuid()}/moderator")).StatusCode);

        var invalid = await app.ClientFor(Admin).PostAsJsonAsync("/api/admin/moderators", new { email = "nope", name = "", role = "admin" }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = (await invalid.Content.ReadFromJsonAsync<ValidationProblemDetails>(AppFixture.Json))!;
        Assert.Equal(new[] { "email", "name", "role" }, problem.Errors.Keys.Order());

        // A real signal instead of a clock: an accepted appointment sent after the refused ones goes through the same
        // mail queue; once its mail is in the outbox, a mail for the refused ones would have been written too.
        var sentinel = TestAccounts.NewEmail("appointed-after");
        (await app.ClientFor(Admin).PostAsJsonAsync("/api/admin/moderators", new { email = sentinel, name = "After", role = "moderator" }, AppFixture.Json)).EnsureSuccessStatusCode();
        Assert.NotEmpty(await app.Outbox(sentinel));
        Assert.Empty(await app.Outbox(email, atLeast: 0));
    }
}
