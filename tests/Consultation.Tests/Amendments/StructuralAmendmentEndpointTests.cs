using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Outcome.Provenance;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.Amendments;

/// <summary>Amendments that add a point, delete one, or merge two: proposed, accepted, refused, and what the views then show.</summary>
[Collection(PlatformCollection.Name)]
public class StructuralAmendmentEndpointTests(AppFixture app)
{
    private readonly AmendmentApi _api = new(app);

    private const string NewPoint = "Strengthen the collection of data on migration, disaggregated by sex and age.";

    private Task<HttpResponseMessage> ProposeAddition(Actor actor, Guid consultationId, object body) =>
        app.ClientFor(actor).PostAsJsonAsync($"/api/consultations/{consultationId}/amendments/add-point", body, AppFixture.Json);

    private Task<HttpResponseMessage> ProposeDeletion(Actor actor, Guid pointId, object body) =>
        app.ClientFor(actor).PostAsJsonAsync($"/api/action-points/{pointId}/amendments/delete", body, AppFixture.Json);

    private Task<HttpResponseMessage> ProposeMerger(Actor actor, Guid pointId, object body) =>
        app.ClientFor(actor).PostAsJsonAsync($"/api/action-points/{pointId}/amendments/merge", body, AppFixture.Json);

    private static async Task<Guid> Created(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AmendmentProposal>(AppFixture.Json))!.AmendmentId;
    }

    private async Task<AmendmentAcceptance> Accepted(Guid amendmentId)
    {
        var response = await _api.Accept(Delegates.Moderator(), amendmentId);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<AmendmentAcceptance>(AppFixture.Json))!;
    }

    [Fact]
    public async Task an_accepted_addition_tables_a_point_after_the_last_credited_to_its_proposer_and_co_sponsor()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var proposer = Delegates.CivilSociety();
        var id = await Created(await ProposeAddition(proposer, board.Id, new { text = NewPoint, rationale = "Data are missing." }));
        (await _api.Act(Delegates.State("Mexico"), id, "cosponsors")).EnsureSuccessStatusCode();

        var pending = await _api.Amendment(id);
        Assert.Equal((AmendmentKind.AddPoint, AmendmentStatus.Open, "", NewPoint), (pending.Kind, pending.Status, pending.BaseText, pending.Text));

        var accepted = await Accepted(id);
        Assert.Equal((AmendmentKind.AddPoint, 9, 1, NewPoint), (accepted.Kind, accepted.ActionPointNumber, accepted.Version, accepted.Text));

        var after = await app.Board(board.Id);
        var added = after.ActionPoints.Single(p => p.Number == 9);
        Assert.Equal((accepted.ActionPointId, NewPoint, 1), (added.Id, added.Text, added.Version));

        var details = await _api.ActionPoint(added.Id);
        var v1 = Assert.Single(details.Versions);
        Assert.Equal((id, proposer.OrganisationName), (v1.AmendmentId, v1.ProposedBy!.OrganisationName));
        Assert.Equal(["Mexico"], v1.CoSponsoredBy.Select(s => s.OrganisationName));
        Assert.Equal(9, (await _api.Amendment(id)).ActionPointNumber);

        var provenance = (await app.Http.GetFromJsonAsync<ActionPointProvenance>($"/api/action-points/{added.Id}/provenance", AppFixture.Json))!;
        var origin = Assert.Single(provenance.Origins);
        Assert.Equal((id, proposer.OrganisationName), (origin.AmendmentId, origin.ProposedBy!.OrganisationName));

        var markdown = await app.Http.GetStringAsync($"/api/consultations/{board.Id}/summary/markdown");
        Assert.Contains("Action point 9, version 1", markdown);
        Assert.Contains("point added to the text", markdown);
    }

    [Fact]
    public async Task an_accepted_deletion_takes_the_point_out_of_the_text_keeps_its_history_and_its_endorsements_stop_counting()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting, allowsEarlyEndorsement: true);
        var point = board.ActionPoints.Single(p => p.Number == 7);
        var state = Delegates.State();
        (await app.ClientFor(state).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = 1 }, AppFixture.Json))
            .EnsureSuccessStatusCode();
        Assert.Equal(1, (await app.Board(board.Id)).ActionPoints.Single(p => p.Number == 7).EndorsementCount);

        var id = await Created(await ProposeDeletion(Delegates.CivilSociety(), point.Id, new { baseVersion = 1, rationale = "Covered by point 6." }));
        var view = await _api.Amendment(id);
        Assert.Equal((AmendmentKind.DeletePoint, "", point.Text), (view.Kind, view.Text, view.BaseText));
        var accepted = await Accepted(id);
        Assert.Equal((AmendmentKind.DeletePoint, 1), (accepted.Kind, accepted.Version));

        var after = await app.Board(board.Id);
        Assert.DoesNotContain(after.ActionPoints, p => p.Id == point.Id);
        var withdrawn = Assert.Single(after.WithdrawnActionPoints!);
        Assert.Equal((point.Id, 7, ActionPointStatus.Deleted, point.Text, id), (withdrawn.Id, withdrawn.Number, withdrawn.Status, withdrawn.Text, withdrawn.WithdrawnByAmendment));
        Assert.Contains("no longer count", withdrawn.Note);

        var consensus = (await app.Http.GetFromJsonAsync<Consensus>($"/api/consultations/{board.Id}/consensus", AppFixture.Json))!;
        Assert.DoesNotContain(consensus.ActionPoints, p => p.ActionPointId == point.Id);

        var details = await _api.ActionPoint(point.Id);
        Assert.Equal((ActionPointStatus.Deleted, id), (details.Status, details.WithdrawnByAmendment));
        Assert.Single(details.Endorsements); // kept as history
        Assert.NotNull(details.StatusNote);

        // The deleted point takes no further act: no endorsement, no amendment of any kind.
        var endorse = await app.ClientFor(Delegates.State("Mexico")).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = 1 }, AppFixture.Json);
        Assert.EndsWith("point-withdrawn", (await AmendmentApi.Problem(endorse, HttpStatusCode.Conflict)).Type);
        var amend = await _api.Propose(Delegates.CivilSociety(), point.Id, 1, point.Text + " Again.");
        Assert.EndsWith("point-withdrawn", (await AmendmentApi.Problem(amend, HttpStatusCode.Conflict)).Type);
        var again = await ProposeDeletion(Delegates.CivilSociety(), point.Id, new { baseVersion = 1, rationale = "Again." });
        Assert.EndsWith("point-withdrawn", (await AmendmentApi.Problem(again, HttpStatusCode.Conflict)).Type);

        var markdown = await app.Http.GetStringAsync($"/api/consultations/{board.Id}/summary/markdown");
        Assert.Contains("point deleted from the text", markdown);
        Assert.DoesNotContain(point.Text, markdown);

        var page = await app.Http.GetStringAsync($"/consultations/{board.Id}?lang=en");
        Assert.Contains("withdrawn-heading", page);
    }

    [Fact]
    public async Task an_accepted_merger_makes_the_next_version_of_one_point_marks_the_other_merged_into_it_and_traces_words_to_both()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var five = board.ActionPoints.Single(p => p.Number == 5);
        var six = board.ActionPoints.Single(p => p.Number == 6);
        var merged = five.Text + " " + six.Text + " Together.";
        var proposer = Delegates.CivilSociety();
        var id = await Created(await ProposeMerger(proposer, five.Id,
            new { baseVersion = 1, mergeWith = six.Id, mergeWithBaseVersion = 1, text = merged, rationale = "One point on platforms." }));

        var view = await _api.Amendment(id);
        Assert.Equal((AmendmentKind.MergePoints, six.Id, 6, 1), (view.Kind, view.MergeWith, view.MergeWithNumber, view.MergeWithBaseVersion));
        Assert.Contains(view.Id, (await _api.ActionPoint(six.Id)).Amendments.Select(a => a.Id));

        var accepted = await Accepted(id);
        Assert.Equal((AmendmentKind.MergePoints, 2, merged), (accepted.Kind, accepted.Version, accepted.Text));

        var after = await app.Board(board.Id);
        Assert.Equal((merged, 2), after.ActionPoints.Where(p => p.Id == five.Id).Select(p => (p.Text, p.Version)).Single());
        var gone = Assert.Single(after.WithdrawnActionPoints!);
        Assert.Equal((six.Id, ActionPointStatus.Merged, five.Id, 5), (gone.Id, gone.Status, gone.MergedInto, gone.MergedIntoNumber));

        var v2 = (await _api.ActionPoint(five.Id)).Versions.Single(v => v.Number == 2);
        Assert.Equal((six.Id, 6, 1), (v2.MergedFrom, v2.MergedFromNumber, v2.MergedFromVersion));

        // Provenance through the merger: point 5's words keep version 1 of point 5, point 6's words version 1 of point 6,
        // and only the proposer's own word is credited to the merger.
        var p = (await app.Http.GetFromJsonAsync<ActionPointProvenance>($"/api/action-points/{five.Id}/provenance", AppFixture.Json))!;
        Assert.Equal(merged, p.Text);
        // (Where the two texts were joined, the diff may give a full stop or a space to either side: words are compared.)
        static string Words(IEnumerable<ProvenanceSpan> spans) =>
            string.Join(' ', string.Concat(spans.Select(s => s.Text)).Split(' ', '.', ';', ',').Where(w => w.Length > 0));
        static string WordsOf(string text) => string.Join(' ', text.Split(' ', '.', ';', ',').Where(w => w.Length > 0));
        Assert.Equal(WordsOf(five.Text), Words(p.Spans.Where(s => s.ActionPointId is null && s.Version == 1)));
        Assert.Equal(WordsOf(six.Text), Words(p.Spans.Where(s => s.ActionPointId == six.Id)));
        Assert.Equal("Together", Words(p.Spans.Where(s => s.ActionPointId is null && s.Version == 2)));
        Assert.All(p.Spans.Where(s => s.ActionPointId == six.Id), s => Assert.Equal(6, s.ActionPointNumber));
        var fromSix = p.Origins.Single(o => o.ActionPointId == six.Id);
        Assert.Equal((6, 1), (fromSix.ActionPointNumber, fromSix.Version));
        Assert.Equal(id, p.Origins.Single(o => o.ActionPointId is null && o.Version == 2).AmendmentId);
        Assert.Contains(p.Sentences, s => s.From!.Any(o => o.ActionPointId == six.Id));

        var page = await app.Http.GetStringAsync($"/action-points/{five.Id}?lang=en");
        Assert.Contains("Action point 6", page);
        var markdown = await app.Http.GetStringAsync($"/api/consultations/{board.Id}/summary/markdown");
        Assert.Contains("action point 6 merged into this one", markdown);
    }

    [Fact]
    public async Task deleting_or_merging_a_point_waits_for_its_other_pending_amendments_and_a_stale_one_is_refused()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var one = board.ActionPoints.Single(p => p.Number == 1);
        var two = board.ActionPoints.Single(p => p.Number == 2);
        var three = board.ActionPoints.Single(p => p.Number == 3);
        var civil = Delegates.CivilSociety();

        // A text amendment of point 1 is pending: deleting point 1, or merging point 2 into it, is refused until it is decided.
        var replace = await _api.Proposed(Delegates.State("Mexico"), one.Id, 1, one.Text + " Amended.");
        var delete = await Created(await ProposeDeletion(civil, one.Id, new { baseVersion = 1, rationale = "Out." }));
        var merge = await Created(await ProposeMerger(civil, two.Id,
            new { baseVersion = 1, mergeWith = one.Id, mergeWithBaseVersion = 1, text = "Merged.", rationale = "One." }));

        var refused = await AmendmentApi.Problem(await _api.Accept(Delegates.Moderator(), delete), HttpStatusCode.Conflict);
        Assert.EndsWith("pending-amendments", refused.Type);
        Assert.Equal([replace, merge], AmendmentApi.Extension<Guid[]>(refused, "pendingAmendments").Order());
        Assert.EndsWith("pending-amendments", (await AmendmentApi.Problem(await _api.Accept(Delegates.Moderator(), merge), HttpStatusCode.Conflict)).Type);
        Assert.Equal(AmendmentStatus.Open, (await _api.Amendment(delete)).Status);

        // The text amendment is accepted: point 1 is at version 2; the deletion and the merger read version 1: stale.
        Assert.Equal(HttpStatusCode.OK, (await _api.Accept(Delegates.Moderator(), replace)).StatusCode);
        (await _api.Act(civil, merge, "withdraw")).EnsureSuccessStatusCode();
        var stale = await AmendmentApi.Problem(await _api.Accept(Delegates.Moderator(), delete), HttpStatusCode.Conflict);
        Assert.EndsWith("stale-version", stale.Type);
        Assert.Equal(2, AmendmentApi.Extension<int>(stale, "currentVersion"));
        // Not rebased word by word: withdrawn and proposed again.
        var rebase = await _api.Act(civil, delete, "rebase", new { baseVersion = 2, text = "x" });
        Assert.EndsWith("not-rebased", (await AmendmentApi.Problem(rebase, HttpStatusCode.Conflict)).Type);

        // Nothing changed by the refusals.
        var after = await app.Board(board.Id);
        Assert.Equal(8, after.ActionPoints.Count);
        Assert.Empty(after.WithdrawnActionPoints!);

        // A merger of a point already merged away is refused when accepting.
        var mergeA = await Created(await ProposeMerger(civil, two.Id,
            new { baseVersion = 1, mergeWith = three.Id, mergeWithBaseVersion = 1, text = "Two and three.", rationale = "One." }));
        await Accepted(mergeA);
        var late = await ProposeMerger(civil, three.Id,
            new { baseVersion = 1, mergeWith = one.Id, mergeWithBaseVersion = 2, text = "Three and one.", rationale = "One." });
        Assert.EndsWith("point-withdrawn", (await AmendmentApi.Problem(late, HttpStatusCode.Conflict)).Type);
    }

    [Fact]
    public async Task bad_proposals_are_400_problems_by_field_unknown_points_404_the_unaccredited_403_the_wrong_phase_409_and_record_nothing()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var one = board.ActionPoints.Single(p => p.Number == 1);
        var other = await app.NewConsultation(ConsultationPhase.Drafting);
        var civil = Delegates.CivilSociety();

        var blank = await AmendmentApi.Invalid(await ProposeAddition(civil, board.Id, new { text = " ", rationale = "" }));
        Assert.Equal(["rationale", "text"], blank.Errors.Keys.Order());

        var deletion = await AmendmentApi.Invalid(await ProposeDeletion(civil, one.Id, new { baseVersion = 5 }));
        Assert.Equal(["baseVersion", "rationale"], deletion.Errors.Keys.Order());

        var self = await AmendmentApi.Invalid(await ProposeMerger(civil, one.Id,
            new { baseVersion = 1, mergeWith = one.Id, mergeWithBaseVersion = 1, text = "T.", rationale = "R." }));
        Assert.Equal(["mergeWith"], self.Errors.Keys);
        var foreign = await AmendmentApi.Invalid(await ProposeMerger(civil, one.Id,
            new { baseVersion = 1, mergeWith = other.ActionPoints[0].Id, mergeWithBaseVersion = 1, text = "T.", rationale = "R." }));
        Assert.Equal(["mergeWith"], foreign.Errors.Keys);
        var noVersion = await AmendmentApi.Invalid(await ProposeMerger(civil, one.Id,
            new { baseVersion = 1, mergeWith = board.ActionPoints[1].Id, text = "", rationale = "R." }));
        Assert.Equal(["mergeWithBaseVersion", "text"], noVersion.Errors.Keys.Order());

        await AmendmentApi.Problem(await ProposeAddition(civil, Guid.NewGuid(), new { text = "T.", rationale = "R." }), HttpStatusCode.NotFound);
        await AmendmentApi.Problem(await ProposeDeletion(civil, Guid.NewGuid(), new { baseVersion = 1, rationale = "R." }), HttpStatusCode.NotFound);
        await AmendmentApi.Problem(await ProposeMerger(civil, Guid.NewGuid(), new { baseVersion = 1, rationale = "R." }), HttpStatusCode.NotFound);

        var unaccredited = app.ClientFor(Delegates.State("Nowhere"), accredit: false);
        await AmendmentApi.Problem(await unaccredited.PostAsJsonAsync($"/api/consultations/{board.Id}/amendments/add-point",
            new { text = "T.", rationale = "R." }, AppFixture.Json), HttpStatusCode.Forbidden);
        await AmendmentApi.Problem(await app.Http.PostAsJsonAsync($"/api/action-points/{one.Id}/amendments/delete",
            new { baseVersion = 1, rationale = "R." }, AppFixture.Json), HttpStatusCode.Unauthorized);
        // The secretariat decides amendments; it does not propose them.
        await AmendmentApi.Problem(await ProposeDeletion(Delegates.Moderator(), one.Id, new { baseVersion = 1, rationale = "R." }), HttpStatusCode.Forbidden);

        var preparing = await app.NewConsultation(ConsultationPhase.Preparation);
        await AmendmentApi.Problem(await ProposeAddition(civil, preparing.Id, new { text = "T.", rationale = "R." }), HttpStatusCode.Conflict);

        var id = await Created(await ProposeDeletion(civil, one.Id, new { baseVersion = 1, rationale = "R." }));
        await AmendmentApi.Problem(await _api.Accept(Delegates.CivilSociety(), id), HttpStatusCode.Forbidden);

        var after = await _api.ActionPoint(one.Id);
        Assert.Equal((ActionPointStatus.InText, 1), (after.Status, after.Version));
        Assert.Equal([id], after.Amendments.Select(a => a.Id));
        Assert.Equal(8, (await app.Board(board.Id)).ActionPoints.Count);
    }
}
