using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Amendments;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.ActionPoints;

[Collection(PlatformCollection.Name)]
public class ActionPointEndpointTests(AppFixture app)
{
    private readonly AmendmentApi _api = new(app);

    private Task<HttpResponseMessage> Endorse(Actor actor, Guid pointId, int version) =>
        app.ClientFor(actor).PostAsJsonAsync($"/api/action-points/{pointId}/endorsements", new { version }, AppFixture.Json);

    /// <summary>Point 8 of a consultation of its own, amended once (version 2) by an accepted amendment.</summary>
    private async Task<(BoardActionPoint Point, Guid AmendmentId, string Version2)> AmendedPoint(bool allowsEarlyEndorsement = false)
    {
        var point = await _api.Point(8, allowsEarlyEndorsement: allowsEarlyEndorsement);
        var version2 = point.Text.Replace("further consider ratifying", "ratify");
        var id = await _api.Proposed(Delegates.CivilSociety(), point.Id, 1, version2);
        (await _api.Accept(Delegates.Moderator(), id)).EnsureSuccessStatusCode();
        return (point, id, version2);
    }

    [Fact]
    public async Task an_action_point_shows_its_current_text_every_version_and_its_amendments_with_their_status()
    {
        var (point, acceptedId, version2) = await AmendedPoint();
        var open = await _api.Proposed(Delegates.State("Philippines"), point.Id, 2, version2 + " Including migrant domestic workers.");
        var caritas = Delegates.CivilSociety("Caritas");
        var withdrawn = await _api.Proposed(caritas, point.Id, 1, point.Text.Replace("Adopt", "Embrace"));
        Assert.Equal(HttpStatusCode.OK, (await _api.Act(caritas, withdrawn, "withdraw")).StatusCode);
        var details = await _api.ActionPoint(point.Id);

        Assert.Equal((point.Id, 8, 2, version2), (details.Id, details.Number, details.Version, details.Text));
        Assert.Equal((await app.Board(details.ConsultationId)).Id, details.ConsultationId);
        Assert.Equal([(1, point.Text, false, (Guid?)null), (2, version2, true, (Guid?)acceptedId)],
            details.Versions.Select(v => (v.Number, v.Text, v.IsCurrent, v.AmendmentId)));
        Assert.Equal([acceptedId, open, withdrawn], details.Amendments.Select(a => a.Id));
        Assert.Equal(AmendmentStatus.Accepted, details.Amendments[0].Status);
        Assert.Equal((AmendmentStatus.Open, 2, $"/api/amendments/{open}"),
            (details.Amendments[1].Status, details.Amendments[1].BaseVersion, details.Amendments[1].Href));
        Assert.Equal(AmendmentStatus.Withdrawn, details.Amendments[2].Status);
    }

    [Fact]
    public async Task endorsements_of_an_earlier_version_are_shown_for_that_version_not_as_endorsing_the_current_text()
    {
        var point = await _api.Point(8, allowsEarlyEndorsement: true);
        var ghana = Delegates.State("Ghana");
        (await Endorse(ghana, point.Id, 1)).EnsureSuccessStatusCode();

        var version2 = point.Text.Replace("further consider ratifying", "ratify");
        var id = await _api.Proposed(Delegates.CivilSociety(), point.Id, 1, version2);
        (await _api.Accept(Delegates.Moderator(), id)).EnsureSuccessStatusCode();
        var iom = Delegates.Of("International Organization for Migration", StakeholderGroup.IntergovernmentalOrganisation);
        (await Endorse(iom, point.Id, 2)).EnsureSuccessStatusCode();

        var details = await _api.ActionPoint(point.Id);
        var byStakeholder = details.Endorsements.ToDictionary(e => e.StakeholderId);
        Assert.Equal(2, details.Endorsements.Count);
        Assert.Equal((1, false, "for version 1"), (byStakeholder[ghana.OrganisationId].ForVersion,
            byStakeholder[ghana.OrganisationId].ForCurrentVersion, byStakeholder[ghana.OrganisationId].Standing));
        Assert.Equal((2, true, "current version"), (byStakeholder[iom.OrganisationId].ForVersion,
            byStakeholder[iom.OrganisationId].ForCurrentVersion, byStakeholder[iom.OrganisationId].Standing));
        Assert.Equal((1, 1), (details.EndorsementTally.OfCurrentVersion, details.EndorsementTally.OfEarlierVersions));
        Assert.Equal(1, details.EndorsementTally.EarlierByGroup[StakeholderGroup.MemberState]);

        (await Endorse(ghana, point.Id, 2)).EnsureSuccessStatusCode();
        var confirmed = (await _api.ActionPoint(point.Id)).Endorsements.Single(e => e.StakeholderId == ghana.OrganisationId);
        Assert.Equal("current version", confirmed.Standing);
    }

    [Fact]
    public async Task an_unknown_action_point_is_a_404_problem()
    {
        await AmendmentApi.Problem(await app.Http.GetAsync($"/api/action-points/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await AmendmentApi.Problem(await app.Http.GetAsync($"/api/action-points/{Guid.NewGuid()}/diff?from=1&to=2"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task two_versions_compare_as_a_word_level_diff_in_either_direction()
    {
        var (point, _, version2) = await AmendedPoint();

        var forward = (await app.Http.GetFromJsonAsync<ActionPointDiff>($"/api/action-points/{point.Id}/diff?from=1&to=2", AppFixture.Json))!;
        Assert.Equal((point.Id, 1, 2), (forward.ActionPointId, forward.From, forward.To));
        Assert.Equal(
            [
                new DiffSegment(SegmentKind.Deleted, "further consider ratifying "),
                new DiffSegment(SegmentKind.Inserted, "ratify "),
            ],
            forward.Segments.Where(s => s.Kind != SegmentKind.Unchanged));
        Assert.Equal(point.Text, string.Concat(forward.Segments.Where(s => s.Kind != SegmentKind.Inserted).Select(s => s.Text)));
        Assert.Equal(version2, string.Concat(forward.Segments.Where(s => s.Kind != SegmentKind.Deleted).Select(s => s.Text)));

        var backward = (await app.Http.GetFromJsonAsync<ActionPointDiff>($"/api/action-points/{point.Id}/diff?from=2&to=1", AppFixture.Json))!;
        Assert.Equal([new DiffSegment(SegmentKind.Deleted, "ratify "), new DiffSegment(SegmentKind.Inserted, "further consider ratifying ")],
            backward.Segments.Where(s => s.Kind != SegmentKind.Unchanged));

        var same = (await app.Http.GetFromJsonAsync<ActionPointDiff>($"/api/action-points/{point.Id}/diff?from=2&to=2", AppFixture.Json))!;
        Assert.Equal([new DiffSegment(SegmentKind.Unchanged, version2)], same.Segments);

        var byDefault = (await app.Http.GetFromJsonAsync<ActionPointDiff>($"/api/action-points/{point.Id}/diff", AppFixture.Json))!;
        Assert.Equal((1, 2), (byDefault.From, byDefault.To));
    }

    [Fact]
    public async Task versions_that_do_not_exist_are_a_400_problem_naming_each()
    {
        var (point, _, _) = await AmendedPoint();
        var both = await AmendmentApi.Invalid(await app.Http.GetAsync($"/api/action-points/{point.Id}/diff?from=0&to=3"));
        Assert.Equal(["from", "to"], both.Errors.Keys.Order());
        var to = await AmendmentApi.Invalid(await app.Http.GetAsync($"/api/action-points/{point.Id}/diff?from=1&to=9"));
        Assert.Equal(["to"], to.Errors.Keys);
    }

    [Fact]
    public async Task the_action_point_endpoints_are_in_the_openapi_document()
    {
        var document = await app.Http.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[]
                 {
                     "/api/action-points/{actionPointId}", "/api/action-points/{actionPointId}/diff", "/api/action-points/{actionPointId}/amendments",
                     "/api/amendments/{amendmentId}", "/api/amendments/{amendmentId}/cosponsors", "/api/amendments/{amendmentId}/withdraw",
                     "/api/amendments/{amendmentId}/accept", "/api/amendments/{amendmentId}/reject", "/api/amendments/{amendmentId}/rebase",
                 })
            Assert.Contains($"\"{path}\"", document);
    }
}
