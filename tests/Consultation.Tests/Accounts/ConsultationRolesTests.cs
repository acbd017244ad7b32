using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Accounts;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.LiveSessions;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Tests.Support;
using Marten;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace ConsultationPlatform.Tests.Accounts;

/// <summary>Roles per consultation, through the API: appointing, revoking, and a moderator of A being nobody special in B.</summary>
[Collection(PlatformCollection.Name)]
public class ConsultationRolesTests(AppFixture app)
{
    private static readonly Actor Admin = Delegates.Of("Secretariat", StakeholderGroup.CivilSociety, PlatformRole.Admin) with { OrganisationId = Guid.Empty };

    [Fact]
    public async Task an_admin_appoints_an_existing_account_at_once_lists_and_revokes_it()
    {
        var consultation = await app.NewConsultation(ConsultationPhase.Inputs);
        var other = await app.NewConsultation(ConsultationPhase.Inputs);
        var account = await app.NewAccount(name: "Ines Moderator");
        var admin = app.ClientFor(Admin);

        var response = await admin.PostAsJsonAsync($"/api/consultations/{consultation.Id}/roles",
            new { email = account.Email, name = "Ines Moderator", role = "moderator" }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = (await response.Content.ReadFromJsonAsync<ConsultationAppointmentResult>(AppFixture.Json))!;
        Assert.Equal((account.Id, false), (result.PersonId, result.Invited));
        // Appointing twice changes nothing.
        (await admin.PostAsJsonAsync($"/api/consultations/{consultation.Id}/roles",
            new { email = account.Email, name = "Ines Moderator", role = "moderator" }, AppFixture.Json)).EnsureSuccessStatusCode();

        var holders = (await admin.GetFromJsonAsync<List<ConsultationRoleHolder>>($"/api/consultations/{consultation.Id}/roles", AppFixture.Json))!;
        var holder = Assert.Single(holders);
        Assert.Equal((account.Id, account.Email), (holder.PersonId, holder.Email));
        Assert.Equal([PlatformRole.Moderator], holder.Roles);
        Assert.Empty((await admin.GetFromJsonAsync<List<ConsultationRoleHolder>>($"/api/consultations/{other.Id}/roles", AppFixture.Json))!);

        await using (var session = app.Store.QuerySession())
        {
            var events = await session.Events.FetchStreamAsync(ConsultationRoles.IdFor(consultation.Id, account.Id));
            var granted = Assert.IsType<ConsultationRoleGranted>(Assert.Single(events).Data);
            Assert.Equal(new ConsultationRoleGranted(account.Id, consultation.Id, PlatformRole.Moderator, Admin.PersonId), granted);
        }

        // Signed in with the account: the role in that consultation is in the claims, and acts there are allowed, not elsewhere.
        var moderator = await app.SignedInClient(account);
        Assert.Equal(HttpStatusCode.OK, (await moderator.GetAsync($"/api/consultations/{consultation.Id}/moderation-queue")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.GetAsync($"/api/consultations/{other.Id}/moderation-queue")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/consultations/{consultation.Id}/roles/{account.Id}/moderator")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/consultations/{consultation.Id}/roles/{account.Id}/moderator")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.DeleteAsync($"/api/consultations/{consultation.Id}/roles/{account.Id}/admin")).StatusCode);
        Assert.Empty((await admin.GetFromJsonAsync<List<ConsultationRoleHolder>>($"/api/consultations/{consultation.Id}/roles", AppFixture.Json))!);
        var signedInAgain = await app.SignedInClient(account);
        Assert.Equal(HttpStatusCode.Forbidden, (await signedInAgain.GetAsync($"/api/consultations/{consultation.Id}/moderation-queue")).StatusCode);
    }

    [Fact]
    public async Task appointing_a_newcomer_sends_an_invitation_that_makes_them_co_chair_of_that_consultation_only()
    {
        var consultation = await app.NewConsultation(ConsultationPhase.Inputs);
        var email = TestAccounts.NewEmail("cochair");
        var response = await app.ClientFor(Admin).PostAsJsonAsync($"/api/consultations/{consultation.Id}/roles",
            new { email, name = "Kofi Mensah", role = "coChair" }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<ConsultationAppointmentResult>(AppFixture.Json))!.Invited);

        var mail = Assert.Single(await app.Outbox(email));
        Assert.Contains("to serve as a co-chair of the consultation", mail.TextBody);
        var accepted = await app.Http.PostAsJsonAsync("/api/account/invitations/accept",
            new { token = TestAccounts.TokenIn(mail), password = TestAccounts.Password }, AppFixture.Json);
        var person = (await accepted.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<InvitationAccepted>(AppFixture.Json))!;

        var me = (await (await app.SignedInClient(new Account { Email = email })).GetFromJsonAsync<AccountView>("/api/account/me", AppFixture.Json))!;
        Assert.Equal([PlatformRole.Participant], me.Roles); // no platform-wide role
        await using var session = app.Store.QuerySession();
        var appointment = (await session.LoadAsync<ConsultationAppointment>(ConsultationRoles.IdFor(consultation.Id, person.PersonId)))!;
        Assert.Equal([PlatformRole.CoChair], appointment.Roles);
    }

    [Fact]
    public async Task only_admins_appoint_and_bad_input_changes_nothing()
    {
        var consultation = await app.NewConsultation(ConsultationPhase.Inputs);
        var ownModerator = app.ClientFor(Delegates.ModeratorOf(consultation.Id));
        var email = TestAccounts.NewEmail("nobody");
        Assert.Equal(HttpStatusCode.Forbidden, (await ownModerator.PostAsJsonAsync($"/api/consultations/{consultation.Id}/roles",
            new { email, name = "Me", role = "moderator" }, AppFixture.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ownModerator.GetAsync($"/api/consultations/{consultation.Id}/roles")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ownModerator.DeleteAsync($"/api/consultations/{consultation.Id}/roles/{Guid.NewGuid()}/moderator")).StatusCode);

        var admin = app.ClientFor(Admin);
        var invalid = await admin.PostAsJsonAsync($"/api/consultations/{consultation.Id}/roles", new { email = "nope", name = "", role = "admin" }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = (await invalid.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>(AppFixture.Json))!;
        Assert.Equal(["email", "name", "role"], problem.Errors.Keys.Order());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync($"/api/consultations/{Guid.NewGuid()}/roles",
            new { email, name = "Me", role = "moderator" }, AppFixture.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/consultations/{Guid.NewGuid()}/roles")).StatusCode);
        Assert.Empty(await app.Outbox(email));
        Assert.Empty((await admin.GetFromJsonAsync<List<ConsultationRoleHolder>>($"/api/consultations/{consultation.Id}/roles", AppFixture.Json))!);
    }

    [Fact]
    public async Task a_moderator_of_one_consultation_is_refused_the_secretariats_acts_in_another()
    {
        var mine = await app.NewConsultation(ConsultationPhase.Inputs);
        var theirs = await app.NewConsultation(ConsultationPhase.Inputs);
        var moderator = app.ClientFor(Delegates.ModeratorOf(mine.Id));
        var theirModerator = app.ClientFor(Delegates.ModeratorOf(theirs.Id));
        var delegateOf = Delegates.CivilSociety();

        // Moderating an input.
        var submitted = await app.ClientFor(delegateOf).PostAsJsonAsync($"/api/consultations/{theirs.Id}/submissions", new { body = "An input.", language = "en" }, AppFixture.Json);
        var input = (await submitted.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<SubmissionCreated>(AppFixture.Json))!.Id;
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.PostAsync($"/api/submissions/{input}/publish", null)).StatusCode);
        // The pending input is private: the moderator of another consultation does not even find it.
        Assert.Equal(HttpStatusCode.NotFound, (await moderator.GetAsync($"/api/submissions/{input}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await theirModerator.GetAsync($"/api/submissions/{input}")).StatusCode);

        // Granting an accreditation.
        var organisation = await app.NewOrganisation("Forum", StakeholderGroup.CivilSociety);
        var asker = await app.NewAccount(null, "Forum delegate", null, organisation);
        var askerClient = await app.SignedInClient(asker);
        (await askerClient.PostAsJsonAsync($"/api/consultations/{theirs.Id}/accreditations", new { statement = "We work on migration." }, AppFixture.Json))
            .EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.PostAsync($"/api/consultations/{theirs.Id}/accreditations/{organisation.Id}/grant", null)).StatusCode);

        // Changing the phase.
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.PostAsJsonAsync($"/api/consultations/{theirs.Id}/phase", new { phase = "drafting" }, AppFixture.Json)).StatusCode);

        // Scheduling and opening a session.
        var session = new
        {
            title = "A session", starts = "2026-01-01T09:00:00Z", ends = "2026-01-01T12:00:00Z", timeZone = "UTC",
            agenda = new[] { new { kind = "challenge", number = 1 } },
        };
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.PostAsJsonAsync($"/api/consultations/{theirs.Id}/sessions", session, AppFixture.Json)).StatusCode);
        var scheduled = await theirModerator.PostAsJsonAsync($"/api/consultations/{theirs.Id}/sessions", session, AppFixture.Json);
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        var sessionId = Guid.Parse(scheduled.Headers.Location!.ToString().Split('/')[^1]);
        Assert.Equal(HttpStatusCode.Forbidden, (await moderator.PostAsync($"/api/sessions/{sessionId}/open", null)).StatusCode);

        // Their own moderator does each of these; nothing above changed anything.
        Assert.Equal(HttpStatusCode.NoContent, (await theirModerator.PostAsync($"/api/sessions/{sessionId}/open", null)).StatusCode);
        (await theirModerator.PostAsync($"/api/submissions/{input}/publish", null)).EnsureSuccessStatusCode();
        (await theirModerator.PostAsync($"/api/consultations/{theirs.Id}/accreditations/{organisation.Id}/grant", null)).EnsureSuccessStatusCode();
        (await theirModerator.PostAsJsonAsync($"/api/consultations/{theirs.Id}/phase", new { phase = "drafting" }, AppFixture.Json)).EnsureSuccessStatusCode();
        Assert.Equal(ConsultationPhase.Drafting, (await app.Board(theirs.Id)).Phase);
        // And the moderator of the first consultation still acts there.
        (await moderator.PostAsJsonAsync($"/api/consultations/{mine.Id}/phase", new { phase = "drafting" }, AppFixture.Json)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task the_moderation_stream_is_only_for_the_consultations_one_moderates()
    {
        var mine = await app.NewConsultation(ConsultationPhase.Inputs);
        var theirs = await app.NewConsultation(ConsultationPhase.Inputs);
        await using var hub = app.HubClient(Delegates.ModeratorOf(mine.Id));
        await hub.StartAsync();
        var joined = await hub.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinModeration), mine.Id, (long?)null);
        Assert.NotNull(joined);
        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinModeration), theirs.Id, (long?)null));
        Assert.Contains("Only moderators and co-chairs", refused.Message);
    }
}

/// <summary>The migration of platform-wide roles, on an app of its own: it touches every account of its database.</summary>
public class ConsultationRoleMigrationTests(AppFixture app) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task platform_wide_moderators_become_moderators_of_every_consultation_once()
    {
        var first = await app.NewConsultation(ConsultationPhase.Inputs);
        var second = await app.NewConsultation(ConsultationPhase.Drafting);
        var moderator = await app.NewAccount(roles: [PlatformRole.Moderator]);
        var coChair = await app.NewAccount(roles: [PlatformRole.CoChair, PlatformRole.Participant]);

        Assert.True(await ConsultationRoleMigration.Migrate(app.Store, NullLogger.Instance, CancellationToken.None) >= 2);
        Assert.Equal(0, await ConsultationRoleMigration.Migrate(app.Store, NullLogger.Instance, CancellationToken.None)); // idempotent

        await using var session = app.Store.QuerySession();
        foreach (var consultation in new[] { first.Id, second.Id })
        {
            Assert.Equal([PlatformRole.Moderator], (await session.LoadAsync<ConsultationAppointment>(ConsultationRoles.IdFor(consultation, moderator.Id)))!.Roles);
            Assert.Equal([PlatformRole.CoChair], (await session.LoadAsync<ConsultationAppointment>(ConsultationRoles.IdFor(consultation, coChair.Id)))!.Roles);
            Assert.Single(await session.Events.FetchStreamAsync(ConsultationRoles.IdFor(consultation, moderator.Id)));
        }

        Assert.Equal([PlatformRole.Participant], (await session.LoadAsync<Account>(moderator.Id))!.Roles);
        Assert.Equal([PlatformRole.Participant], (await session.LoadAsync<Account>(coChair.Id))!.Roles);
        Assert.IsType<PlatformRoleRevoked>((await session.Events.FetchStreamAsync(moderator.Id)).Last().Data);

        // Signed in: they act as moderator in those consultations through their claims.
        var client = await app.SignedInClient(moderator);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/consultations/{second.Id}/moderation-queue")).StatusCode);
    }
}
