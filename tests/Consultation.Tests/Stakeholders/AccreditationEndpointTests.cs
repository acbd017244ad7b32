using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.Stakeholders;

[Collection(PlatformCollection.Name)]
public class AccreditationEndpointTests(AppFixture app)
{
    /// <summary>A consultation of the test's own, and a delegate of a registered organisation of the group given.</summary>
    private async Task<(Guid ConsultationId, Actor Delegate)> Setting(StakeholderGroup group = StakeholderGroup.CivilSociety)
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var organisation = await app.NewOrganisation("Migrant Forum", group);
        var delegateOf = Delegates.Of(organisation.Name, group) with { OrganisationId = organisation.Id };
        return (board.Id, delegateOf);
    }

    private static string Path(Guid consultationId, Guid? organisationId = null, string? act = null) =>
        $"/api/consultations/{consultationId}/accreditations" + (organisationId is null ? "" : $"/{organisationId}") + (act is null ? "" : "/" + act);

    private Task<HttpResponseMessage> Ask(Actor who, Guid consultationId, string? statement = "We run migrant resource centres.") =>
        app.ClientFor(who, accredit: false).PostAsJsonAsync(Path(consultationId), new { statement }, AppFixture.Json);

    private Task<HttpResponseMessage> Decide(Actor who, Guid consultationId, Guid organisationId, string act, string? reason = null) =>
        app.ClientFor(who, accredit: false).PostAsJsonAsync(Path(consultationId, organisationId, act), new { reason }, AppFixture.Json);

    private async Task<IReadOnlyList<AccreditationView>> List(Guid consultationId, Actor? viewer = null) =>
        (await (viewer is null ? app.Http : app.ClientFor(viewer, accredit: false)).GetFromJsonAsync<List<AccreditationView>>(Path(consultationId), AppFixture.Json))!;

    private async Task<IReadOnlyList<Type>> Events(Guid consultationId, Guid organisationId)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(Accreditations.IdFor(consultationId, organisationId))).Select(e => e.EventType).ToList();
    }

    private static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task a_request_is_private_until_a_moderator_grants_it_then_public_until_withdrawn()
    {
        var (consultationId, forum) = await Setting();

        var asked = await Ask(forum, consultationId);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Equal(AccreditationStatus.Requested, (await asked.Content.ReadFromJsonAsync<AccreditationView>(AppFixture.Json))!.Status);
        Assert.DoesNotContain(await List(consultationId), a => a.OrganisationId == forum.OrganisationId);
        Assert.DoesNotContain(await List(consultationId, Delegates.State()), a => a.OrganisationId == forum.OrganisationId);
        Assert.Contains(await List(consultationId, forum), a => a.OrganisationId == forum.OrganisationId);
        var pendingForModerator = Assert.Single(await List(consultationId, Delegates.Moderator()), a => a.OrganisationId == forum.OrganisationId);
        Assert.Equal("We run migrant resource centres.", pendingForModerator.Statement);
        await AssertProblem(await app.Http.GetAsync(Path(consultationId, forum.OrganisationId)), HttpStatusCode.NotFound);

        var granted = await Decide(Delegates.Moderator(), consultationId, forum.OrganisationId, "grant");
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        var publicView = Assert.Single(await List(consultationId), a => a.OrganisationId == forum.OrganisationId);
        Assert.Equal(AccreditationStatus.Granted, publicView.Status);
        Assert.Null(publicView.Statement);
        Assert.Equal(HttpStatusCode.OK, (await app.Http.GetAsync(Path(consultationId, forum.OrganisationId))).StatusCode);
        await using (var session = app.Store.QuerySession())
            Assert.True(await Accreditations.IsAccredited(session, consultationId, forum.OrganisationId, CancellationToken.None));

        var withdrawn = await Decide(forum, consultationId, forum.OrganisationId, "withdraw");
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.DoesNotContain(await List(consultationId), a => a.OrganisationId == forum.OrganisationId);
        Assert.Equal([typeof(AccreditationRequested), typeof(AccreditationGranted), typeof(AccreditationWithdrawn)],
            await Events(consultationId, forum.OrganisationId));
    }

    [Fact]
    public async Task a_refusal_carries_its_reason_to_the_organisation_and_it_may_ask_again()
    {
        var (consultationId, forum) = await Setting(StakeholderGroup.PrivateSector);
        (await Ask(forum, consultationId)).EnsureSuccessStatusCode();

        var noReason = await Decide(Delegates.Moderator(), consultationId, forum.OrganisationId, "refuse", " ");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("reason", (await noReason.Content.ReadFromJsonAsync<ValidationProblemDetails>(AppFixture.Json))!.Errors.Keys);

        var coChair = Delegates.Of("Nigeria", StakeholderGroup.MemberState, PlatformRole.CoChair);
        Assert.Equal(HttpStatusCode.OK, (await Decide(coChair, consultationId, forum.OrganisationId, "refuse", "Please describe your work with migrants.")).StatusCode);
        var own = (await app.ClientFor(forum, accredit: false).GetFromJsonAsync<AccreditationView>(Path(consultationId, forum.OrganisationId), AppFixture.Json))!;
        Assert.Equal((AccreditationStatus.Refused, "Please describe your work with migrants."), (own.Status, own.Reason));
        await AssertProblem(await app.ClientFor(Delegates.State(), accredit: false).GetAsync(Path(consultationId, forum.OrganisationId)), HttpStatusCode.NotFound);
        Assert.DoesNotContain("describe your work", await app.Http.GetStringAsync(Path(consultationId)));

        await AssertProblem(await Decide(Delegates.Moderator(), consultationId, forum.OrganisationId, "grant"), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await Ask(forum, consultationId, "We recruit fairly.")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Decide(Delegates.Moderator(), consultationId, forum.OrganisationId, "grant")).StatusCode);
        Assert.Equal(
            [typeof(AccreditationRequested), typeof(AccreditationRefused), typeof(AccreditationRequested), typeof(AccreditationGranted)],
            await Events(consultationId, forum.OrganisationId));
    }

    [Fact]
    public async Task only_moderators_and_co_chairs_decide_and_a_refused_decision_changes_nothing()
    {
        var (consultationId, forum) = await Setting();
        (await Ask(forum, consultationId)).EnsureSuccessStatusCode();

        foreach (var who in new[] { forum, Delegates.State("Peru"), Delegates.Of("Admin", StakeholderGroup.CivilSociety, PlatformRole.Admin) })
        {
            await AssertProblem(await Decide(who, consultationId, forum.OrganisationId, "grant"), HttpStatusCode.Forbidden);
            await AssertProblem(await Decide(who, consultationId, forum.OrganisationId, "refuse", "No."), HttpStatusCode.Forbidden);
        }

        await AssertProblem(await app.Http.PostAsJsonAsync(Path(consultationId, forum.OrganisationId, "grant"), new { }, AppFixture.Json), HttpStatusCode.Unauthorized);
        await AssertProblem(await Decide(Delegates.State("Peru"), consultationId, forum.OrganisationId, "withdraw", "Not theirs"), HttpStatusCode.Forbidden);
        Assert.Equal([typeof(AccreditationRequested)], await Events(consultationId, forum.OrganisationId));
    }

    [Fact]
    public async Task the_secretariat_withdraws_an_accreditation_only_with_a_reason()
    {
        var (consultationId, state) = await Setting(StakeholderGroup.MemberState);
        (await Ask(state, consultationId)).EnsureSuccessStatusCode();
        (await Decide(Delegates.Moderator(), consultationId, state.OrganisationId, "grant")).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.BadRequest, (await Decide(Delegates.Moderator(), consultationId, state.OrganisationId, "withdraw")).StatusCode);
        var withdrawn = await Decide(Delegates.Moderator(), consultationId, state.OrganisationId, "withdraw", "Accredited twice by mistake.");
        Assert.Equal(AccreditationStatus.Withdrawn, (await withdrawn.Content.ReadFromJsonAsync<AccreditationView>(AppFixture.Json))!.Status);
        await AssertProblem(await Decide(state, consultationId, state.OrganisationId, "withdraw"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task asking_twice_acting_for_no_organisation_or_for_an_unknown_consultation_is_refused()
    {
        var (consultationId, forum) = await Setting();
        (await Ask(forum, consultationId)).EnsureSuccessStatusCode();
        await AssertProblem(await Ask(forum, consultationId), HttpStatusCode.Conflict);
        await AssertProblem(await Ask(Delegates.Moderator(), consultationId), HttpStatusCode.Forbidden);
        await AssertProblem(await Ask(forum, Guid.NewGuid()), HttpStatusCode.NotFound);
        await AssertProblem(await Ask(Delegates.CivilSociety("Unregistered Network"), consultationId), HttpStatusCode.NotFound);
        await AssertProblem(await app.Http.PostAsJsonAsync(Path(consultationId), new { }, AppFixture.Json), HttpStatusCode.Unauthorized);
        await AssertProblem(await Decide(Delegates.Moderator(), consultationId, Guid.NewGuid(), "grant"), HttpStatusCode.NotFound);
        await AssertProblem(await app.Http.GetAsync(Path(Guid.NewGuid())), HttpStatusCode.NotFound);

        var other = await app.NewOrganisation("Talkative Network", StakeholderGroup.CivilSociety);
        var tooLong = await Ask(Delegates.CivilSociety(other.Name) with { OrganisationId = other.Id }, consultationId, new string('s', 2001));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal([typeof(AccreditationRequested)], await Events(consultationId, forum.OrganisationId));
    }

    [Fact]
    public async Task a_real_delegate_asks_for_the_organisation_their_account_acts_for()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var union = await app.NewOrganisation("Migrant Workers Union", StakeholderGroup.TradeUnion);
        var account = await app.NewAccount(organisations: union);
        var client = await app.SignedInClient(account);

        var response = await client.PostAsJsonAsync(Path(board.Id), new { }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var session = app.Store.QuerySession();
        var accreditation = (await session.LoadAsync<Accreditation>(Accreditations.IdFor(board.Id, union.Id)))!;
        Assert.Equal((union.Id, account.Id, AccreditationStatus.Requested), (accreditation.OrganisationId, accreditation.RequestedBy, accreditation.Status));
    }
}
