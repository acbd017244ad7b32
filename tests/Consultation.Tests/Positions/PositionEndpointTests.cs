using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Positions;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Amendments;
using ConsultationPlatform.Tests.Support;
using Marten.Events;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.Positions;

[Collection(PlatformCollection.Name)]
public class PositionEndpointTests(AppFixture app)
{
    private async Task<(Guid ConsultationId, BoardActionPoint Point)> Point(ConsultationPhase phase = ConsultationPhase.Endorsement, bool early = false)
    {
        var board = await app.NewConsultation(phase, early);
        return (board.Id, board.ActionPoints.Single(p => p.Number == 4));
    }

    private Task<HttpResponseMessage> State(Actor actor, Guid pointId, object body, bool accredit = true) =>
        app.ClientFor(actor, accredit).PostAsJsonAsync($"/api/action-points/{pointId}/positions", body, AppFixture.Json);

    private async Task<PointPositions> Positions(Guid pointId) =>
        (await app.Http.GetFromJsonAsync<PointPositions>($"/api/action-points/{pointId}/positions", AppFixture.Json))!;

    private static async Task<ProblemDetails> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ProblemDetails>(AppFixture.Json))!;
    }

    private static async Task<ValidationProblemDetails> Invalid(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(AppFixture.Json))!;
    }

    [Fact]
    public async Task a_civil_society_organisation_states_changes_and_withdraws_its_position_and_the_consensus_shows_it_apart_from_endorsements()
    {
        var (consultationId, point) = await Point();
        var forum = Delegates.CivilSociety("Forum " + Guid.NewGuid().ToString("N")[..6]);
        var union = Delegates.Of("Union " + Guid.NewGuid().ToString("N")[..6], StakeholderGroup.TradeUnion);
        var ghana = Delegates.State("Ghana " + Guid.NewGuid().ToString("N")[..6]);

        var stated = await State(forum, point.Id, new { version = 1, stance = "cannotSupport", reason = "It leaves out migrants in an irregular situation." });
        Assert.Equal(HttpStatusCode.OK, stated.StatusCode);
        var receipt = (await stated.Content.ReadFromJsonAsync<PositionReceipt>(AppFixture.Json))!;
        Assert.True(receipt.Changed);
        Assert.Equal((Stance.CannotSupport, 1), (receipt.Stance, receipt.ForVersion));
        (await State(union, point.Id, new { version = 1, stance = "supportWithReservation", reason = "With decent work safeguards." })).EnsureSuccessStatusCode();
        (await app.ClientFor(ghana).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = 1 }, AppFixture.Json)).EnsureSuccessStatusCode();

        var again = (await (await State(forum, point.Id, new { version = 1, stance = "cannotSupport", reason = "It leaves out migrants in an irregular situation." }))
            .Content.ReadFromJsonAsync<PositionReceipt>(AppFixture.Json))!;
        Assert.False(again.Changed);

        var positions = await Positions(point.Id);
        Assert.Equal((0, 1, 1), (positions.Tally.Support, positions.Tally.SupportWithReservation, positions.Tally.CannotSupport));
        Assert.Contains(positions.Positions, p => p.StakeholderId == forum.OrganisationId && p.Reason!.Contains("irregular"));

        // The consensus: governments' endorsements in their own figures, the other stakeholders' positions apart.
        var consensus = (await app.Http.GetFromJsonAsync<Consensus>($"/api/consultations/{consultationId}/consensus", AppFixture.Json))!;
        var entry = consensus.ActionPoints.Single(p => p.ActionPointId == point.Id);
        Assert.Equal(point.Endorsements.OfCurrentVersion + 1, entry.EndorsingCurrentText.Values.Sum());
        Assert.False(entry.EndorsingCurrentText.ContainsKey(StakeholderGroup.CivilSociety));
        Assert.Equal((1, 1), (entry.OtherStakeholders!.CannotSupport, entry.OtherStakeholders.SupportWithReservation));
        Assert.Equal(1, entry.OtherStakeholders.CurrentByGroup[StakeholderGroup.TradeUnion]);

        // Changing it, then withdrawing it.
        (await State(forum, point.Id, new { version = 1, stance = "support" })).EnsureSuccessStatusCode();
        Assert.Equal(1, (await Positions(point.Id)).Tally.Support);
        var withdrawn = await app.ClientFor(forum).DeleteAsync($"/api/action-points/{point.Id}/positions/{forum.OrganisationId}");
        Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);
        Assert.DoesNotContain((await Positions(point.Id)).Positions, p => p.StakeholderId == forum.OrganisationId);
        await Problem(await app.ClientFor(forum).DeleteAsync($"/api/action-points/{point.Id}/positions/{forum.OrganisationId}"), HttpStatusCode.NotFound);

        // In the public audit log, as their own events.
        await app.App.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var audit = (await app.Http.GetFromJsonAsync<AuditLog>($"/api/consultations/{consultationId}/audit?limit=500", AppFixture.Json))!;
        Assert.Contains(audit.Entries, e => e.Type == "position_stated" && e.ActionPointId == point.Id);
        Assert.Contains(audit.Entries, e => e.Type == "position_withdrawn" && e.ActionPointId == point.Id);
        Assert.Contains(audit.Entries, e => e.Type == "endorsement_given" && e.ActionPointId == point.Id);
    }

    [Theory]
    [InlineData(StakeholderGroup.MemberState)]
    [InlineData(StakeholderGroup.ObserverState)]
    [InlineData(StakeholderGroup.IntergovernmentalOrganisation)]
    public async Task governments_and_igos_are_refused_and_nothing_changes(StakeholderGroup group)
    {
        var (_, point) = await Point();
        var problem = await Problem(await State(Delegates.Of("Gov " + group, group), point.Id, new { version = 1, stance = "support" }), HttpStatusCode.Forbidden);
        Assert.Contains("endorse", problem.Detail);
        Assert.Empty((await Positions(point.Id)).Positions);
    }

    [Fact]
    public async Task an_organisation_that_is_not_accredited_is_refused_and_nothing_changes()
    {
        var (_, point) = await Point();
        var problem = await Problem(await State(Delegates.CivilSociety("Unaccredited " + Guid.NewGuid().ToString("N")[..6]), point.Id,
            new { version = 1, stance = "support" }, accredit: false), HttpStatusCode.Forbidden);
        Assert.Contains("not accredited", problem.Detail);
        Assert.Empty((await Positions(point.Id)).Positions);
    }

    [Fact]
    public async Task the_anonymous_get_a_401_and_nothing_changes()
    {
        var (_, point) = await Point();
        var response = await app.Http.PostAsJsonAsync($"/api/action-points/{point.Id}/positions", new { version = 1, stance = "support" }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty((await Positions(point.Id)).Positions);
    }

    [Theory]
    [InlineData(ConsultationPhase.Inputs, false)]
    [InlineData(ConsultationPhase.Drafting, false)]
    [InlineData(ConsultationPhase.Concluded, false)]
    public async Task outside_the_phases_of_endorsing_it_is_a_wrong_phase_409_and_nothing_changes(ConsultationPhase phase, bool early)
    {
        var (_, point) = await Point(phase, early);
        var problem = await Problem(await State(Delegates.CivilSociety(), point.Id, new { version = 1, stance = "support" }), HttpStatusCode.Conflict);
        Assert.Equal("https://consultation.dev/problems/wrong-phase", problem.Type);
        Assert.Empty((await Positions(point.Id)).Positions);
    }

    [Fact]
    public async Task a_position_on_a_stale_version_is_a_409_with_the_current_text_and_nothing_changes()
    {
        var api = new AmendmentApi(app);
        var (_, point) = await Point(ConsultationPhase.Drafting, early: true);
        var amendment = await api.Proposed(Delegates.State("Proposer " + Guid.NewGuid().ToString("N")[..6]), point.Id, 1, point.Text + " With a budget.");
        (await api.Accept(Delegates.Moderator(), amendment)).EnsureSuccessStatusCode();

        var response = await State(Delegates.CivilSociety(), point.Id, new { version = 1, stance = "support" });
        var problem = await Problem(response, HttpStatusCode.Conflict);
        Assert.Equal("https://consultation.dev/problems/stale-version", problem.Type);
        Assert.Equal(2, ((System.Text.Json.JsonElement)problem.Extensions["currentVersion"]!).GetInt32());
        Assert.EndsWith("With a budget.", ((System.Text.Json.JsonElement)problem.Extensions["currentText"]!).GetString());
        Assert.Empty((await Positions(point.Id)).Positions);

        Assert.Equal(HttpStatusCode.OK, (await State(Delegates.CivilSociety(), point.Id, new { version = 2, stance = "support" })).StatusCode);
    }

    [Fact]
    public async Task cannot_support_without_a_reason_is_a_400_naming_the_reason_and_nothing_changes()
    {
        var (_, point) = await Point();
        var problem = await Invalid(await State(Delegates.CivilSociety(), point.Id, new { version = 1, stance = "cannotSupport", reason = "  " }));
        Assert.Equal(["reason"], problem.Errors.Keys);
        Assert.Empty((await Positions(point.Id)).Positions);
    }

    [Fact]
    public async Task bad_input_is_a_400_naming_the_field_and_nothing_changes()
    {
        var (_, point) = await Point();
        var forum = Delegates.CivilSociety();
        Assert.Contains("stance", (await Invalid(await State(forum, point.Id, new { version = 1 }))).Errors.Keys);
        Assert.Contains("version", (await Invalid(await State(forum, point.Id, new { version = 9, stance = "support" }))).Errors.Keys);
        Assert.Contains("reason", (await Invalid(await State(forum, point.Id,
            new { version = 1, stance = "cannotSupport", reason = new string('x', PositionDecisions.MaxReasonLength + 1) }))).Errors.Keys);
        var unknownStance = await State(forum, point.Id, new { version = 1, stance = "maybe" });
        Assert.Equal(HttpStatusCode.BadRequest, unknownStance.StatusCode);
        Assert.Contains("stance", await unknownStance.Content.ReadAsStringAsync());
        Assert.Empty((await Positions(point.Id)).Positions);
    }

    [Fact]
    public async Task unknown_ids_are_404_problems()
    {
        var unknown = Guid.NewGuid();
        await Problem(await State(Delegates.CivilSociety(), unknown, new { version = 1, stance = "support" }), HttpStatusCode.NotFound);
        await Problem(await app.Http.GetAsync($"/api/action-points/{unknown}/positions"), HttpStatusCode.NotFound);
        var forum = Delegates.CivilSociety();
        await Problem(await app.ClientFor(forum).DeleteAsync($"/api/action-points/{unknown}/positions/{forum.OrganisationId}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task nobody_withdraws_another_organisations_position_and_it_stays()
    {
        var (_, point) = await Point();
        var forum = Delegates.CivilSociety("Forum " + Guid.NewGuid().ToString("N")[..6]);
        (await State(forum, point.Id, new { version = 1, stance = "support" })).EnsureSuccessStatusCode();
        await Problem(await app.ClientFor(Delegates.CivilSociety("Other " + Guid.NewGuid().ToString("N")[..6]))
            .DeleteAsync($"/api/action-points/{point.Id}/positions/{forum.OrganisationId}"), HttpStatusCode.Forbidden);
        Assert.Single((await Positions(point.Id)).Positions);
    }
}
