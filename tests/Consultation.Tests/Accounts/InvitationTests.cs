using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Accounts;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.Accounts;

[Collection(PlatformCollection.Name)]
public class InvitationTests(AppFixture app)
{
    private async Task<(Organisation Organisation, string Email, string Token, InvitationReceipt Receipt)> Invite(string name = "Amina Yusuf")
    {
        var organisation = await app.NewOrganisation("Migrant Rights Network", StakeholderGroup.CivilSociety);
        var email = TestAccounts.NewEmail("invitee");
        var response = await app.ClientFor(Delegates.Moderator())
            .PostAsJsonAsync($"/api/organisations/{organisation.Id}/invitations", new { email, name }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var receipt = System.Text.Json.JsonSerializer.Deserialize<InvitationReceipt>(body, AppFixture.Json)!;
        var mail = Assert.Single(await app.Outbox(email));
        var token = TestAccounts.TokenIn(mail);
        Assert.DoesNotContain(token, body);
        return (organisation, email, token, receipt);
    }

    private Task<HttpResponseMessage> Accept(string token, string password = TestAccounts.Password, string? name = null) =>
        app.Http.PostAsJsonAsync("/api/account/invitations/accept", new { token, password, name }, AppFixture.Json);

    private static async Task<ProblemDetails> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ProblemDetails>(AppFixture.Json))!;
    }

    [Fact]
    public async Task the_invitation_mail_names_the_organisation_and_carries_a_one_time_link()
    {
        var (organisation, email, token, receipt) = await Invite();
        var mail = (await app.Outbox(email)).Single();
        Assert.Equal("Amina Yusuf", mail.ToName);
        Assert.Equal("Your invitation to the Consultation platform", mail.Subject);
        Assert.Contains("Dear Amina Yusuf", mail.TextBody);
        Assert.Contains($"as a delegate of {organisation.Name}", mail.TextBody);
        Assert.Contains($"/account/invitation#token={token}", mail.TextBody);
        Assert.Contains(receipt.ExpiresAt.ToString("u"), mail.TextBody);
        Assert.True(receipt.ExpiresAt > DateTimeOffset.UtcNow.AddDays(6));

        // Only the hash of the token is stored.
        await using var session = app.Store.QuerySession();
        var invitation = (await session.LoadAsync<Invitation>(receipt.InvitationId))!;
        Assert.Equal(InvitationTokens.Hash(token), invitation.TokenHash);
        Assert.DoesNotContain(token, System.Text.Json.JsonSerializer.Serialize(invitation));
    }

    [Fact]
    public async Task accepting_creates_the_account_joins_the_organisation_and_the_person_signs_in_acting_for_it()
    {
        var (organisation, email, token, _) = await Invite();

        var accepted = await Accept(token, name: "Amina Y.");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var result = (await accepted.Content.ReadFromJsonAsync<InvitationAccepted>(AppFixture.Json))!;
        Assert.True(result.AccountCreated);
        Assert.Equal(organisation.Id, result.OrganisationId);

        var me = (await (await app.SignedInClient(new Account { Email = email })).GetFromJsonAsync<AccountView>("/api/account/me", AppFixture.Json))!;
        Assert.Equal(result.PersonId, me.PersonId);
        Assert.Equal("Amina Y.", me.Name);
        Assert.Equal(organisation.Id, me.ActingFor!.Id);
        Assert.Equal([PlatformRole.Participant], me.Roles);

        await using var session = app.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(organisation.Id);
        var joined = Assert.IsType<PersonJoinedOrganisation>(events.Last().Data);
        Assert.Equal(result.PersonId, joined.PersonId);
    }

    [Fact]
    public async Task an_invitation_is_accepted_once_and_a_second_use_is_a_410_problem()
    {
        var (_, _, token, _) = await Invite();
        Assert.Equal(HttpStatusCode.OK, (await Accept(token)).StatusCode);

        var again = await Problem(await Accept(token, "Another-Password-99"), HttpStatusCode.Gone);
        Assert.Equal("https://consultation.dev/problems/invitation-used", again.Type);
    }

    [Fact]
    public async Task an_expired_invitation_is_a_410_problem_and_creates_no_account()
    {
        var (_, email, token, receipt) = await Invite();
        await using (var session = app.Store.LightweightSession())
        {
            var invitation = (await session.LoadAsync<Invitation>(receipt.InvitationId))!;
            invitation.ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            session.Update(invitation);
            await session.SaveChangesAsync();
        }

        var expired = await Problem(await Accept(token), HttpStatusCode.Gone);
        Assert.Equal("https://consultation.dev/problems/invitation-expired", expired.Type);
        await using var query = app.Store.QuerySession();
        Assert.False(await query.Query<Account>().AnyAsync(a => a.NormalizedEmail == Account.Normalize(email)));
    }

    [Fact]
    public async Task an_unknown_token_is_a_404_problem()
    {
        var unknown = await Problem(await Accept("made-up-token"), HttpStatusCode.NotFound);
        Assert.Equal("https://consultation.dev/problems/invitation-unknown", unknown.Type);
    }

    [Fact]
    public async Task a_weak_password_is_a_400_naming_the_password_and_the_invitation_stays_usable()
    {
        var (_, _, token, _) = await Invite();
        var weak = await Accept(token, "short");
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        var problem = (await weak.Content.ReadFromJsonAsync<ValidationProblemDetails>(AppFixture.Json))!;
        Assert.Equal(["password"], problem.Errors.Keys);

        var missing = await app.Http.PostAsJsonAsync("/api/account/invitations/accept", new { }, AppFixture.Json);
        var fields = (await missing.Content.ReadFromJsonAsync<ValidationProblemDetails>(AppFixture.Json))!;
        Assert.Equal(new[] { "password", "token" }, fields.Errors.Keys.Order());

        Assert.Equal(HttpStatusCode.OK, (await Accept(token)).StatusCode);
    }

    [Fact]
    public async Task a_person_with_an_account_joins_a_second_organisation_by_giving_their_password()
    {
        var first = await app.NewOrganisation("Diaspora Forum", StakeholderGroup.MigrantOrDiasporaOrganisation);
        var account = await app.NewAccount(organisations: first);
        var second = await app.NewOrganisation("Lakeside City", StakeholderGroup.LocalAuthority);
        (await app.ClientFor(Delegates.Moderator())
            .PostAsJsonAsync($"/api/organisations/{second.Id}/invitations", new { email = account.Email, name = "Test Person" }, AppFixture.Json))
            .EnsureSuccessStatusCode();
        var token = TestAccounts.TokenIn((await app.Outbox(account.Email)).Single());

        var wrong = await Accept(token, "Not-The-Password-1");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);

        var accepted = (await (await Accept(token)).Content.ReadFromJsonAsync<InvitationAccepted>(AppFixture.Json))!;
        Assert.False(accepted.AccountCreated);
        Assert.Equal(account.Id, accepted.PersonId);
        var me = (await (await app.SignedInClient(account)).GetFromJsonAsync<AccountView>("/api/account/me", AppFixture.Json))!;
        Assert.Equal(new[] { first.Id, second.Id }.Order(), me.Organisations.Select(o => o.Id).Order());
    }

    [Fact]
    public async Task only_moderators_and_co_chairs_invite_and_bad_input_is_a_400_naming_each_field()
    {
        var organisation = await app.NewOrganisation("Business Council", StakeholderGroup.PrivateSector);
        var email = TestAccounts.NewEmail("uninvited");
        var participant = await app.ClientFor(Delegates.State("Peru"))
            .PostAsJsonAsync($"/api/organisations/{organisation.Id}/invitations", new { email, name = "X" }, AppFixture.Json);
        await Problem(participant, HttpStatusCode.Forbidden);
        var anonymous = await app.Http.PostAsJsonAsync($"/api/organisations/{organisation.Id}/invitations", new { email, name = "X" }, AppFixture.Json);
        await Problem(anonymous, HttpStatusCode.Unauthorized);

        var coChair = app.ClientFor(Delegates.Of("Switzerland", StakeholderGroup.MemberState, PlatformRole.CoChair));
        var invalid = await coChair.PostAsJsonAsync($"/api/organisations/{organisation.Id}/invitations", new { email = "not-an-address", name = "" }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problem = (await invalid.Content.ReadFromJsonAsync<ValidationProblemDetails>(AppFixture.Json))!;
        Assert.Equal(new[] { "email", "name" }, problem.Errors.Keys.Order());
        var unknown = await coChair.PostAsJsonAsync($"/api/organisations/{Guid.NewGuid()}/invitations", new { email, name = "X" }, AppFixture.Json);
        await Problem(unknown, HttpStatusCode.NotFound);

        // A real signal instead of a clock: an accepted invitation sent after the refused ones goes through the same
        // mail queue; once its mail is in the outbox, a mail for the refused ones would have been written too.
        var sentinel = TestAccounts.NewEmail("invited-after");
        (await coChair.PostAsJsonAsync($"/api/organisations/{organisation.Id}/invitations", new { email = sentinel, name = "After" }, AppFixture.Json)).EnsureSuccessStatusCode();
        Assert.NotEmpty(await app.Outbox(sentinel));
        await using var session = app.Store.QuerySession();
        Assert.False(await session.Query<Invitation>().AnyAsync(i => i.Email == email));
        Assert.Empty(await app.Outbox(email, atLeast: 0));
    }

    [Fact]
    public async Task inviting_someone_who_is_already_a_delegate_is_a_409()
    {
        var organisation = await app.NewOrganisation("Workers Union", StakeholderGroup.TradeUnion);
        var account = await app.NewAccount(organisations: organisation);
        var response = await app.ClientFor(Delegates.Moderator())
            .PostAsJsonAsync($"/api/organisations/{organisation.Id}/invitations", new { email = account.Email.ToUpperInvariant(), name = "Again" }, AppFixture.Json);
        await Problem(response, HttpStatusCode.Conflict);
    }
}
