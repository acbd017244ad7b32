using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.Amendments;

[Collection(PlatformCollection.Name)]
public class AmendmentEndpointTests(AppFixture app)
{
    private readonly AmendmentApi _api = new(app);

    // Action point 1 of Round table 3:
    // "Pursue a whole-of-government approach with the necessary resources to implement coherent migration policies in a coordinated manner."
    private static string Adequate(string text) => text.Replace("the necessary resources", "adequate resources");
    private static string Sufficient(string text) => text.Replace("the necessary resources", "sufficient resources");
    private static string Transparent(string text) => text.Replace("a coordinated manner", "a coordinated and transparent manner");

    [Fact]
    public async Task a_proposal_is_201_with_its_location_and_reads_back_with_its_diff_against_its_base()
    {
        var point = await _api.Point(1);
        var proposer = Delegates.CivilSociety();
        var response = await _api.Propose(proposer, point.Id, 1, Adequate(point.Text), "Resources should be adequate, not merely necessary.");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<AmendmentProposal>(AppFixture.Json))!;
        Assert.Equal($"/api/amendments/{created.AmendmentId}", response.Headers.Location?.OriginalString);
        Assert.Equal((point.Id, 1, AmendmentStatus.Open), (created.ActionPointId, created.BaseVersion, created.Status));

        var amendment = await _api.Amendment(created.AmendmentId);
        Assert.Equal((AmendmentStatus.Open, 1, 1, point.Text, Adequate(point.Text)),
            (amendment.Status, amendment.BaseVersion, amendment.ActionPointNumber, amendment.BaseText, amendment.Text));
        Assert.Equal("Resources should be adequate, not merely necessary.", amendment.Rationale);
        Assert.Equal((proposer.PersonId, proposer.OrganisationId, StakeholderGroup.CivilSociety),
            (amendment.ProposedBy.PersonId, amendment.ProposedBy.OrganisationId, amendment.ProposedBy.OrganisationGroup));
        Assert.True(amendment.BasedOnCurrentVersion);
        Assert.NotNull(amendment.ProposedAt);
        Assert.Equal(
            [
                new DiffSegment(SegmentKind.Unchanged, "Pursue a whole-of-government approach with "),
                new DiffSegment(SegmentKind.Deleted, "the necessary "),
                new DiffSegment(SegmentKind.Inserted, "adequate "),
                new DiffSegment(SegmentKind.Unchanged, "resources to implement coherent migration policies in a coordinated manner."),
            ],
            amendment.Diff);

        var onThePoint = Assert.Single((await _api.ActionPoint(point.Id)).Amendments);
        Assert.Equal((created.AmendmentId, AmendmentStatus.Open), (onThePoint.Id, onThePoint.Status));
    }

    [Fact]
    public async Task an_unknown_action_point_or_amendment_is_a_404_problem_for_every_endpoint()
    {
        var unknown = Guid.NewGuid();
        await AmendmentApi.Problem(await _api.Propose(Delegates.CivilSociety(), unknown, 1, "Text"), HttpStatusCode.NotFound);
        await AmendmentApi.Problem(await app.Http.GetAsync($"/api/amendments/{unknown}"), HttpStatusCode.NotFound);
        await AmendmentApi.Problem(await _api.Act(Delegates.State(), unknown, "cosponsors"), HttpStatusCode.NotFound);
        await AmendmentApi.Problem(await _api.Act(Delegates.CivilSociety(), unknown, "withdraw"), HttpStatusCode.NotFound);
        await AmendmentApi.Problem(await _api.Accept(Delegates.Moderator(), unknown), HttpStatusCode.NotFound);
        await AmendmentApi.Problem(await _api.Act(Delegates.Moderator(), unknown, "reject", new { reason = "No." }), HttpStatusCode.NotFound);
        await AmendmentApi.Problem(await _api.Act(Delegates.CivilSociety(), unknown, "rebase", new { baseVersion = 1, text = "Text" }),
            HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task an_anonymous_request_is_a_401_problem_and_records_nothing()
    {
        var point = await _api.Point(1);
        var propose = await app.Http.PostAsJsonAsync($"/api/action-points/{point.Id}/amendments",
            new { baseVersion = 1, text = Adequate(point.Text), rationale = "r" });
        await AmendmentApi.Problem(propose, HttpStatusCode.Unauthorized);

        var id = await _api.Proposed(Delegates.CivilSociety(), point.Id, 1, Adequate(point.Text));
        await AmendmentApi.Problem(await app.Http.PostAsync($"/api/amendments/{id}/accept", null), HttpStatusCode.Unauthorized);
        await AmendmentApi.Problem(await app.Http.PostAsync($"/api/amendments/{id}/cosponsors", null), HttpStatusCode.Unauthorized);

        var after = await _api.ActionPoint(point.Id);
        Assert.Equal(1, after.Version);
        Assert.Equal(AmendmentStatus.Open, Assert.Single(after.Amendments).Status);
        Assert.Empty((await _api.Amendment(id)).CoSponsors);
    }

    [Fact]
    public async Task proposing_while_the_seeded_round_table_collects_inputs_is_a_409_wrong_phase_and_records_nothing()
    {
        var board = await app.Board((await app.RoundTable3()).Id);
        var point = board.ActionPoints[0];
        var problem = await AmendmentApi.Problem(await _api.Propose(Delegates.CivilSociety(), point.Id, point.Version, point.Text + " Amended."),
            HttpStatusCode.Conflict);
        Assert.Equal("https://consultation.dev/problems/wrong-phase", problem.Type);
        Assert.Empty((await _api.ActionPoint(point.Id)).Amendments);
    }

    [Fact]
    public async Task empty_or_oversize_fields_are_a_400_problem_naming_each_field_and_record_nothing()
    {
        var point = await _api.Point(2);
        var delegate_ = Delegates.CivilSociety();

        var empty = await AmendmentApi.Invalid(await _api.Propose(delegate_, point.Id, 1, "", ""));
        Assert.Equal(["rationale", "text"], empty.Errors.Keys.Order());

        var oversize = new string('x', AmendmentDecisions.MaxTextLength + 1);
        var tooLong = await AmendmentApi.Invalid(await _api.Propose(delegate_, point.Id, 1, oversize, oversize));
        Assert.Equal(["rationale", "text"], tooLong.Errors.Keys.Order());

        var missing = await AmendmentApi.Invalid(await app.ClientFor(delegate_)
            .PostAsJsonAsync($"/api/action-points/{point.Id}/amendments", new { baseVersion = 1 }));
        Assert.Equal(["rationale", "text"], missing.Errors.Keys.Order());

        Assert.Empty((await _api.ActionPoint(point.Id)).Amendments);
    }

    [Fact]
    public async Task a_base_version_that_does_not_exist_or_a_text_identical_to_the_base_is_a_400_problem()
    {
        var point = await _api.Point(3);
        var delegate_ = Delegates.CivilSociety();

        var noSuchVersion = await AmendmentApi.Invalid(await _api.Propose(delegate_, point.Id, 2, point.Text + " More."));
        Assert.Equal(["baseVersion"], noSuchVersion.Errors.Keys);
        var zero = await AmendmentApi.Invalid(await _api.Propose(delegate_, point.Id, 0, point.Text + " More."));
        Assert.Equal(["baseVersion"], zero.Errors.Keys);
        var identical = await AmendmentApi.Invalid(await _api.Propose(delegate_, point.Id, 1, "  " + point.Text + "\n"));
        Assert.Equal(["text"], identical.Errors.Keys);

        Assert.Empty((await _api.ActionPoint(point.Id)).Amendments);
    }

    [Fact]
    public async Task a_malformed_body_is_a_400_problem()
    {
        var point = await _api.Point(3);
        var response = await app.ClientFor(Delegates.CivilSociety()).PostAsync($"/api/action-points/{point.Id}/amendments",
            new StringContent("{\"baseVersion\": ", System.Text.Encoding.UTF8, "application/json"));
        await AmendmentApi.Problem(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task a_delegate_without_an_organisation_cannot_propose()
    {
        var point = await _api.Point(3);
        await AmendmentApi.Problem(await _api.Propose(Delegates.Moderator(), point.Id, 1, point.Text + " More."), HttpStatusCode.Forbidden);
        Assert.Empty((await _api.ActionPoint(point.Id)).Amendments);
    }

    [Fact]
    public async Task other_organisations_co_sponsor_once_each_and_the_proposers_organisation_cannot()
    {
        var point = await _api.Point(1);
        var proposer = Delegates.CivilSociety();
        var id = await _api.Proposed(proposer, point.Id, 1, Adequate(point.Text));
        var ghana = Delegates.State("Ghana");
        var academia = Delegates.Of("University of Oxford", StakeholderGroup.Academia);

        var first = await _api.Act(ghana, id, "cosponsors");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Single((await first.Content.ReadFromJsonAsync<Amendment>(AppFixture.Json))!.CoSponsors);
        Assert.Equal(HttpStatusCode.OK, (await _api.Act(ghana with { PersonId = Guid.NewGuid() }, id, "cosponsors")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _api.Act(academia, id, "cosponsors")).StatusCode);

        var colleague = proposer with { PersonId = Guid.NewGuid(), PersonName = "A colleague" };
        await AmendmentApi.Problem(await _api.Act(colleague, id, "cosponsors"), HttpStatusCode.Forbidden);

        var amendment = await _api.Amendment(id);
        Assert.Equal([ghana.OrganisationId, academia.OrganisationId], amendment.CoSponsors.Select(s => s.OrganisationId));
        Assert.Equal(ghana.PersonId, amendment.CoSponsors[0].PersonId);
    }

    [Fact]
    public async Task only_the_proposing_organisation_withdraws_and_a_withdrawn_amendment_is_closed()
    {
        var point = await _api.Point(1);
        var proposer = Delegates.CivilSociety();
        var id = await _api.Proposed(proposer, point.Id, 1, Adequate(point.Text));

        await AmendmentApi.Problem(await _api.Act(Delegates.CivilSociety("Another NGO"), id, "withdraw"), HttpStatusCode.Forbidden);
        await AmendmentApi.Problem(await _api.Act(Delegates.Moderator(), id, "withdraw"), HttpStatusCode.Forbidden);
        Assert.Equal(AmendmentStatus.Open, (await _api.Amendment(id)).Status);

        var withdrawn = await _api.Act(proposer, id, "withdraw");
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal(AmendmentStatus.Withdrawn, (await withdrawn.Content.ReadFromJsonAsync<Amendment>(AppFixture.Json))!.Status);

        var twice = await AmendmentApi.Problem(await _api.Act(proposer, id, "withdraw"), HttpStatusCode.Conflict);
        Assert.Equal("https://consultation.dev/problems/amendment-closed", twice.Type);
        await AmendmentApi.Problem(await _api.Accept(Delegates.Moderator(), id), HttpStatusCode.Conflict);
        await AmendmentApi.Problem(await _api.Act(Delegates.State(), id, "cosponsors"), HttpStatusCode.Conflict);
        Assert.Equal(1, (await _api.ActionPoint(point.Id)).Version);
    }

    [Fact]
    public async Task a_civil_society_delegate_cannot_accept_or_reject_and_nothing_changes()
    {
        var point = await _api.Point(1);
        var id = await _api.Proposed(Delegates.CivilSociety(), point.Id, 1, Adequate(point.Text));
        var delegate_ = Delegates.CivilSociety("Another NGO");

        await AmendmentApi.Problem(await _api.Accept(delegate_, id), HttpStatusCode.Forbidden);
        await AmendmentApi.Problem(await _api.Act(delegate_, id, "reject", new { reason = "No." }), HttpStatusCode.Forbidden);
        await AmendmentApi.Problem(await _api.Accept(Delegates.State(), id), HttpStatusCode.Forbidden);

        var after = await _api.ActionPoint(point.Id);
        Assert.Equal((1, point.Text), (after.Version, after.Text));
        Assert.Equal(AmendmentStatus.Open, (await _api.Amendment(id)).Status);
    }

    [Fact]
    public async Task accepting_makes_a_new_version_that_records_the_amendment_its_proposer_and_its_co_sponsors()
    {
        var point = await _api.Point(1);
        var proposer = Delegates.CivilSociety();
        var id = await _api.Proposed(proposer, point.Id, 1, Adequate(point.Text));
        var ghana = Delegates.State("Ghana");
        (await _api.Act(ghana, id, "cosponsors")).EnsureSuccessStatusCode();

        var response = await _api.Accept(Delegates.Moderator(), id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var acceptance = (await response.Content.ReadFromJsonAsync<AmendmentAcceptance>(AppFixture.Json))!;
        Assert.Equal((2, Adequate(point.Text), false), (acceptance.Version, acceptance.Text, acceptance.Merged));

        var after = await _api.ActionPoint(point.Id);
        Assert.Equal((2, Adequate(point.Text)), (after.Version, after.Text));
        var version = after.Versions.Single(v => v.Number == 2);
        Assert.Equal((id, proposer.OrganisationId, true), (version.AmendmentId, version.ProposedBy!.OrganisationId, version.IsCurrent));
        Assert.Equal(ghana.OrganisationId, Assert.Single(version.CoSponsoredBy).OrganisationId);
        Assert.Null(after.Versions.Single(v => v.Number == 1).AmendmentId);

        var amendment = await _api.Amendment(id);
        Assert.Equal((AmendmentStatus.Accepted, (int?)2, "Moderator"), (amendment.Status, amendment.ResultingVersion, amendment.DecidedByName));
        Assert.Equal(AmendmentStatus.Accepted, Assert.Single(after.Amendments).Status);
        Assert.Equal(2, (await app.Board(after.ConsultationId)).ActionPoints.Single(p => p.Id == point.Id).Version);

        await AmendmentApi.Problem(await _api.Accept(Delegates.Moderator(), id), HttpStatusCode.Conflict);
        Assert.Equal(2, (await _api.ActionPoint(point.Id)).Version);
    }

    [Fact]
    public async Task a_proposal_against_a_version_the_point_moved_on_from_merges_when_the_changes_do_not_overlap()
    {
        var point = await _api.Point(1);
        var first = await _api.Proposed(Delegates.CivilSociety(), point.Id, 1, Adequate(point.Text));
        (await _api.Accept(Delegates.Moderator(), first)).EnsureSuccessStatusCode();

        var stale = await _api.Proposed(Delegates.State("Mexico"), point.Id, 1, Transparent(point.Text));
        var view = await _api.Amendment(stale);
        Assert.False(view.BasedOnCurrentVersion);
        Assert.Equal((1, 2), (view.BaseVersion, view.CurrentVersion));

        var response = await _api.Accept(Delegates.Of("Nigeria", StakeholderGroup.MemberState, PlatformRole.CoChair), stale);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var acceptance = (await response.Content.ReadFromJsonAsync<AmendmentAcceptance>(AppFixture.Json))!;
        Assert.True(acceptance.Merged);
        Assert.Equal((1, 2, 3), (acceptance.BaseVersion, acceptance.AppliedToVersion, acceptance.Version));
        Assert.Equal(Transparent(Adequate(point.Text)), (await _api.ActionPoint(point.Id)).Text);
    }

    [Fact]
    public async Task an_overlapping_amendment_is_refused_with_the_conflict_needs_a_rebase_and_is_accepted_once_rebased()
    {
        var point = await _api.Point(1);
        var proposer = Delegates.State("Mexico");
        var winner = await _api.Proposed(Delegates.CivilSociety(), point.Id, 1, Adequate(point.Text));
        var loser = await _api.Proposed(proposer, point.Id, 1, Sufficient(point.Text));
        (await _api.Accept(Delegates.Moderator(), winner)).EnsureSuccessStatusCode();

        var problem = await AmendmentApi.Problem(await _api.Accept(Delegates.Moderator(), loser), HttpStatusCode.Conflict);
        Assert.Equal("https://consultation.dev/problems/amendment-conflict", problem.Type);
        var region = Assert.Single(AmendmentApi.Extension<ConflictRegion[]>(problem, "conflicts"));
        Assert.Equal(("the necessary ", "adequate ", "sufficient "), (region.Base, region.Current, region.Amendment));
        Assert.Equal(("a whole-of-government approach with ", "resources to implement coherent "), (region.Before, region.After));
        Assert.Equal(2, AmendmentApi.Extension<int>(problem, "currentVersion"));

        var needing = await _api.Amendment(loser);
        Assert.Equal(AmendmentStatus.NeedsRebase, needing.Status);
        Assert.Equal(region, Assert.Single(needing.Conflicts));
        var point2 = await _api.ActionPoint(point.Id);
        Assert.Equal((2, Adequate(point.Text)), (point2.Version, point2.Text));

        var again = await AmendmentApi.Problem(await _api.Accept(Delegates.Moderator(), loser), HttpStatusCode.Conflict);
        Assert.Equal("https://consultation.dev/problems/needs-rebase", again.Type);

        var rebaseText = Adequate(point.Text).Replace("adequate resources", "adequate and sufficient resources");
        await AmendmentApi.Problem(await _api.Act(Delegates.State("Peru"), loser, "rebase", new { baseVersion = 2, text = rebaseText }),
            HttpStatusCode.Forbidden);
        var stale = await AmendmentApi.Problem(await _api.Act(proposer, loser, "rebase", new { baseVersion = 1, text = rebaseText }),
            HttpStatusCode.Conflict);
        Assert.Equal("https://consultation.dev/problems/stale-version", stale.Type);
        var identical = await AmendmentApi.Invalid(await _api.Act(proposer, loser, "rebase", new { baseVersion = 2, text = Adequate(point.Text) }));
        Assert.Equal(["text"], identical.Errors.Keys);
        Assert.Equal(AmendmentStatus.NeedsRebase, (await _api.Amendment(loser)).Status);

        var rebased = await _api.Act(proposer, loser, "rebase", new { baseVersion = 2, text = rebaseText });
        Assert.Equal(HttpStatusCode.OK, rebased.StatusCode);
        var reopened = await _api.Amendment(loser);
        Assert.Equal((AmendmentStatus.Open, 2, (int?)1, rebaseText), (reopened.Status, reopened.BaseVersion, reopened.RebasedFrom, reopened.Text));
        Assert.Empty(reopened.Conflicts);
        Assert.Contains(new DiffSegment(SegmentKind.Inserted, "and sufficient "), reopened.Diff);

        (await _api.Accept(Delegates.Moderator(), loser)).EnsureSuccessStatusCode();
        var final = await _api.ActionPoint(point.Id);
        Assert.Equal((3, rebaseText), (final.Version, final.Text));
        Assert.Equal(proposer.OrganisationId, final.Versions.Single(v => v.Number == 3).ProposedBy!.OrganisationId);
    }

    [Fact]
    public async Task a_moderator_rejects_with_a_reason_that_everybody_reads_and_a_rejection_without_one_is_a_400()
    {
        var point = await _api.Point(5);
        var id = await _api.Proposed(Delegates.CivilSociety(), point.Id, 1, point.Text + " And more.");
        var moderator = Delegates.Moderator();

        var noReason = await AmendmentApi.Invalid(await _api.Act(moderator, id, "reject", new { reason = "  " }));
        Assert.Equal(["reason"], noReason.Errors.Keys);
        var tooLong = await AmendmentApi.Invalid(await _api.Act(moderator, id, "reject",
            new { reason = new string('r', AmendmentDecisions.MaxReasonLength + 1) }));
        Assert.Equal(["reason"], tooLong.Errors.Keys);
        Assert.Equal(AmendmentStatus.Open, (await _api.Amendment(id)).Status);

        var rejected = await _api.Act(moderator, id, "reject", new { reason = "Outside the scope of this round table." });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        var amendment = await _api.Amendment(id);
        Assert.Equal((AmendmentStatus.Rejected, "Outside the scope of this round table."), (amendment.Status, amendment.RejectionReason));
        Assert.Equal(1, (await _api.ActionPoint(point.Id)).Version);
        await AmendmentApi.Problem(await _api.Act(moderator, id, "reject", new { reason = "Again." }), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task once_the_consultation_concluded_amendments_are_neither_decided_nor_withdrawn_nor_co_sponsored()
    {
        var point = await _api.Point(6);
        var proposer = Delegates.CivilSociety();
        var id = await _api.Proposed(proposer, point.Id, 1, point.Text + " And more.");
        await _api.MoveTo((await _api.ActionPoint(point.Id)).ConsultationId, ConsultationPhase.Drafting, ConsultationPhase.Concluded);

        foreach (var response in new[]
                 {
                     await _api.Accept(Delegates.Moderator(), id),
                     await _api.Act(Delegates.Moderator(), id, "reject", new { reason = "Late." }),
                     await _api.Act(proposer, id, "withdraw"),
                     await _api.Act(Delegates.State(), id, "cosponsors"),
                     await _api.Act(proposer, id, "rebase", new { baseVersion = 1, text = point.Text + " And less." }),
                 })
        {
            var problem = await AmendmentApi.Problem(response, HttpStatusCode.Conflict);
            Assert.Equal("https://consultation.dev/problems/wrong-phase", problem.Type);
        }

        var amendment = await _api.Amendment(id);
        Assert.Equal((AmendmentStatus.Open, 1), (amendment.Status, amendment.BaseVersion));
        Assert.Empty(amendment.CoSponsors);
        Assert.Equal(1, (await _api.ActionPoint(point.Id)).Version);
    }

    [Fact]
    public async Task open_amendments_are_still_decided_in_the_endorsement_phase_but_no_new_ones_are_proposed()
    {
        var point = await _api.Point(7);
        var id = await _api.Proposed(Delegates.CivilSociety(), point.Id, 1, point.Text + " And more.");
        var consultationId = (await _api.ActionPoint(point.Id)).ConsultationId;
        await _api.MoveTo(consultationId, ConsultationPhase.Drafting, ConsultationPhase.Endorsement);

        await AmendmentApi.Problem(await _api.Propose(Delegates.CivilSociety(), point.Id, 1, point.Text + " Other."), HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await _api.Accept(Delegates.Moderator(), id)).StatusCode);
        Assert.Equal(2, (await _api.ActionPoint(point.Id)).Version);
    }
}
