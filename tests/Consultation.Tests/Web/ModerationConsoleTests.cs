using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Moderation;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.Web;

/// <summary>The moderators' console over HTTP: who may open it, and each of its forms, done and refused.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ModerationConsoleTests(AppFixture app)
{
    private async Task<Visitor> SignedIn(ConsultationPlatform.Accounts.Account account)
    {
        var visitor = new Visitor(app);
        await visitor.SignIn(account.Email);
        return visitor;
    }

    private async Task<Visitor> Moderator(PlatformRole role = PlatformRole.Moderator) => await SignedIn(await app.NewModerator(role));

    private async Task<ModerationQueue> Queue(Guid consultationId) =>
        (await app.ClientFor(Delegates.Moderator()).GetFromJsonAsync<ModerationQueue>($"/api/consultations/{consultationId}/moderation-queue", AppFixture.Json))!;

    private async Task<Submission> Input(Guid id)
    {
        await using var session = app.Store.QuerySession();
        return (await session.LoadAsync<Submission>(id))!;
    }

    [Fact]
    public async Task the_anonymous_are_sent_to_sign_in_and_delegates_are_refused_with_a_403_page()
    {
        var scenario = await ConsoleScenario.For(app);
        foreach (var path in new[] { "/moderation", scenario.ConsolePath })
        {
            var anonymous = await new Visitor(app).Response(path);
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.Equal($"/account/sign-in?returnUrl={Uri.EscapeDataString(path)}", anonymous.Headers.Location!.OriginalString);

            var (delegateAccount, _) = await app.NewDelegate("Curious State", StakeholderGroup.MemberState, scenario.Board.Id);
            var (status, page) = await (await SignedIn(delegateAccount)).Page(path + "?lang=es");
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Equal("Acceso denegado", page.QuerySelector("h1")!.TextContent);
            Assert.Null(page.QuerySelector("[data-queue]"));
        }

        var (fragmentStatus, _) = await (await SignedIn((await app.NewDelegate("Curious NGO", StakeholderGroup.CivilSociety, scenario.Board.Id)).Account))
            .Page(scenario.ConsolePath + "?handler=live");
        Assert.Equal(HttpStatusCode.Forbidden, fragmentStatus);
    }

    [Theory]
    [InlineData(PlatformRole.Moderator)]
    [InlineData(PlatformRole.CoChair)]
    public async Task moderators_and_co_chairs_see_every_part_of_the_queue(PlatformRole role)
    {
        var scenario = await ConsoleScenario.For(app);
        var visitor = await Moderator(role);
        var (status, page) = await visitor.Page(scenario.ConsolePath + "?lang=en");
        Assert.Equal(HttpStatusCode.OK, status);

        var pending = page.QuerySelector($"[data-queue=pendingInputs] [data-item-id='{scenario.PendingInputId}']")!;
        Assert.Equal("Portable pensions", pending.QuerySelector("h3")!.TextContent);
        Assert.Equal("portable", pending.QuerySelector(".input-body strong")!.TextContent);
        Assert.Contains("Action point 1", pending.TextContent);
        Assert.Equal(2, page.QuerySelectorAll("[data-queue=pendingInputs] > li").Length);
        Assert.Equal("2", page.QuerySelector("nav [data-count=pendingInputs]")!.TextContent);

        var flagged = page.QuerySelector($"[data-queue=flaggedInputs] [data-item-id='{scenario.FlaggedInputId}']")!;
        Assert.Contains("Insults another delegation.", flagged.QuerySelector(".flags")!.TextContent);
        Assert.Contains("Flags: 1", flagged.TextContent);

        var amendment = page.QuerySelector($"[data-queue=amendmentsAwaitingDecision] [data-item-id='{scenario.OpenAmendmentId}']")!;
        Assert.StartsWith("Action point 2: amendment by Development Network", amendment.QuerySelector("h3")!.TextContent);
        Assert.Contains("unmissable", amendment.QuerySelector(".diff ins")!.TextContent);
        Assert.Contains("unique", amendment.QuerySelector(".diff del")!.TextContent);

        var rebase = page.QuerySelector($"#rebase-{scenario.RebaseAmendmentId}")!;
        Assert.Equal("important", rebase.QuerySelector(".conflicts mark")!.TextContent.Trim());
        var regions = rebase.QuerySelectorAll(".conflicts dd").Select(d => d.TextContent.Trim()).ToList();
        Assert.Equal(["important", "essential", "indispensable"], regions);

        var request = page.QuerySelector($"[data-queue=accreditationRequests] [data-item-id='{scenario.RequestingOrganisationId}']")!;
        Assert.Contains("We train diaspora entrepreneurs.", request.TextContent);

        // The phase: forward to endorsement, or back to inputs or preparation.
        Assert.Equal("Move forward to: Endorsement", page.QuerySelector("#phase form button")!.TextContent);
        Assert.Equal(["Inputs", "Preparation"], page.QuerySelectorAll("#back-phase option").Select(o => o.TextContent).ToList());
    }

    [Fact]
    public async Task the_audit_log_shows_moderators_the_private_acts_and_who_did_them()
    {
        var scenario = await ConsoleScenario.For(app);
        var (_, page) = await (await Moderator()).Page(scenario.ConsolePath + "?lang=en");
        var entries = page.QuerySelectorAll("#audit ol.history > li").Select(li => li.TextContent).ToList();
        Assert.Contains(entries, e => e.Contains("Input received") && e.Contains("private") && e.Contains("Migrant Workers Alliance"));
        Assert.Contains(entries, e => e.Contains("Input flagged") && e.Contains("private") && e.Contains("Delegate of Flagging State"));
        Assert.Contains(entries, e => e.Contains("Amendment found in conflict") && !e.Contains("private"));
        Assert.Contains(entries, e => e.Contains("Accreditation requested") && e.Contains("private"));

        // The public history has none of the private part.
        var (_, history) = await new Visitor(app).Page($"/consultations/{scenario.Board.Id}/history?lang=en");
        Assert.DoesNotContain(history.QuerySelectorAll("ol.history > li"), li => li.TextContent.Contains("Input received") || li.TextContent.Contains("flagged"));
    }

    [Fact]
    public async Task the_moderation_home_lists_what_waits_in_each_consultation()
    {
        var scenario = await ConsoleScenario.For(app);
        var (status, page) = await (await Moderator()).Page("/moderation?lang=en");
        Assert.Equal(HttpStatusCode.OK, status);
        var card = page.QuerySelectorAll("li.card").Single(c => c.QuerySelector($"a[href='{scenario.ConsolePath}']") is not null);
        // 2 inputs, 1 flagged input, 1 open amendment (the other needs a rebase first), 1 accreditation request.
        Assert.Contains("5 waiting", card.TextContent);
        Assert.Equal(["2", "1", "1", "1"], card.QuerySelectorAll(".tally dd").Select(d => d.TextContent).ToList());
    }

    [Fact]
    public async Task publishing_and_rejecting_inputs_in_the_console()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var author = Delegates.CivilSociety("Remittance Forum");
        var first = await app.PendingInput(board.Id, author, "First");
        var second = await app.PendingInput(board.Id, author, "Second");
        var visitor = await Moderator();
        var console = $"/moderation/{board.Id}";

        var published = await visitor.Post($"{console}?handler=publish", new() { ["target"] = first.ToString() }, console);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        Assert.Equal($"{console}?done=published#done", published.Headers.Location!.OriginalString);
        Assert.Equal(SubmissionStatus.Published, (await Input(first)).Status);
        var (_, after) = await visitor.Page($"{console}?done=published&lang=en");
        Assert.Equal("The input is published.", after.QuerySelector("#done")!.TextContent);
        Assert.Null(after.QuerySelector($"[data-item-id='{first}']"));

        // Without a reason: refused, the reason's rule said, nothing changed.
        var (status, page, _) = await visitor.Submit($"{console}?handler=rejectInput&lang=en", new() { ["target"] = second.ToString(), ["reason"] = " " }, console);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Rejecting an input needs a reason", page.QuerySelector("#problem li")!.TextContent);
        Assert.Equal(SubmissionStatus.Received, (await Input(second)).Status);

        var rejected = await visitor.Post($"{console}?handler=rejectInput", new() { ["target"] = second.ToString(), ["reason"] = "Off topic." }, console);
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        var input = await Input(second);
        Assert.Equal((SubmissionStatus.Rejected, "Off topic."), (input.Status, input.RejectionReason));
        Assert.Empty((await Queue(board.Id)).PendingInputs);

        // Publishing it again: the input is no longer waiting.
        var (again, againPage, _) = await visitor.Submit($"{console}?handler=publish&lang=fr", new() { ["target"] = first.ToString() }, console);
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal("Ce n’est pas possible maintenant :", againPage.QuerySelector("#problem .error")!.TextContent);
    }

    [Fact]
    public async Task hiding_a_flagged_input_needs_a_reason()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var flagged = await app.FlaggedInput(board.Id, "To hide", "Spam.");
        var visitor = await Moderator();
        var console = $"/moderation/{board.Id}";

        var (status, page, _) = await visitor.Submit($"{console}?handler=hide&lang=en", new() { ["target"] = flagged.ToString() }, console);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Hiding an input needs a reason", page.QuerySelector("#problem")!.TextContent);
        Assert.Equal(SubmissionStatus.Published, (await Input(flagged)).Status);

        var hidden = await visitor.Post($"{console}?handler=hide", new() { ["target"] = flagged.ToString(), ["reason"] = "Advertising, not an input." }, console);
        Assert.Equal(HttpStatusCode.Redirect, hidden.StatusCode);
        var input = await Input(flagged);
        Assert.Equal((SubmissionStatus.Hidden, "Advertising, not an input."), (input.Status, input.HiddenReason));
        Assert.Empty((await Queue(board.Id)).FlaggedInputs);
    }

    [Fact]
    public async Task granting_and_refusing_accreditation_requests_in_the_console()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var granted = await app.AccreditationRequest(board.Id, "Granted Network", "We work on remittances.");
        var refused = await app.AccreditationRequest(board.Id, "Refused Company", "We sell transfers.");
        var visitor = await Moderator();
        var console = $"/moderation/{board.Id}";

        var grant = await visitor.Post($"{console}?handler=grant", new() { ["target"] = granted.OrganisationId.ToString() }, console);
        Assert.Equal(HttpStatusCode.Redirect, grant.StatusCode);

        var (status, page, _) = await visitor.Submit($"{console}?handler=refuse&lang=en", new() { ["target"] = refused.OrganisationId.ToString() }, console);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Give the reason for refusing", page.QuerySelector("#problem")!.TextContent);
        Assert.Single((await Queue(board.Id)).AccreditationRequests);

        var refuse = await visitor.Post($"{console}?handler=refuse", new() { ["target"] = refused.OrganisationId.ToString(), ["reason"] = "Not a stakeholder of this dialogue." }, console);
        Assert.Equal(HttpStatusCode.Redirect, refuse.StatusCode);

        await using var session = app.Store.QuerySession();
        var accreditations = await Marten.QueryableExtensions.ToListAsync(session.Query<Accreditation>().Where(a => a.ConsultationId == board.Id));
        Assert.Equal(AccreditationStatus.Granted, accreditations.Single(a => a.OrganisationId == granted.OrganisationId).Status);
        var refusal = accreditations.Single(a => a.OrganisationId == refused.OrganisationId);
        Assert.Equal((AccreditationStatus.Refused, "Not a stakeholder of this dialogue."), (refusal.Status, refusal.Reason));
    }

    [Fact]
    public async Task moving_the_phase_forward_and_back_with_a_reason()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var visitor = await Moderator();
        var console = $"/moderation/{board.Id}";
        var version = await ConsultationVersion(board.Id);

        var forward = await visitor.Post($"{console}?handler=phase", new() { ["phase"] = "Drafting", ["version"] = version.ToString() }, console);
        Assert.Equal(HttpStatusCode.Redirect, forward.StatusCode);
        Assert.Equal(ConsultationPhase.Drafting, (await app.Board(board.Id)).Phase);

        // Back without a reason: refused, said in the reader's language and the rule's words.
        var (status, page, _) = await visitor.Submit($"{console}?handler=phase&lang=en",
            new() { ["phase"] = "Inputs", ["version"] = (version + 1).ToString(), ["reason"] = "" }, console);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Moving back from drafting to inputs needs a reason", page.QuerySelector("#problem")!.TextContent);

        // A screen read before the last move is stale: refused, nothing moves.
        var (stale, stalePage, _) = await visitor.Submit($"{console}?handler=phase&lang=en",
            new() { ["phase"] = "Inputs", ["version"] = version.ToString(), ["reason"] = "More inputs came." }, console);
        Assert.Equal(HttpStatusCode.Conflict, stale);
        Assert.Contains("Reload it and decide again", stalePage.QuerySelector("#problem")!.TextContent);
        Assert.Equal("More inputs came.", stalePage.QuerySelector("#back-reason")!.TextContent);
        Assert.Equal(ConsultationPhase.Drafting, (await app.Board(board.Id)).Phase);

        var back = await visitor.Post($"{console}?handler=phase",
            new() { ["phase"] = "Inputs", ["version"] = (version + 1).ToString(), ["reason"] = "More inputs came." }, console);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        var phases = await app.Http.GetFromJsonAsync<PhaseHistory>($"/api/consultations/{board.Id}/phases", AppFixture.Json);
        Assert.Equal((ConsultationPhase.Inputs, "More inputs came."), (phases!.Phase, phases.Changes[^1].Reason));
    }

    [Fact]
    public async Task accepting_an_amendment_makes_a_new_version_and_a_conflict_is_shown_region_by_region()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var api = new Amendments.AmendmentApi(app);
        var point = board.ActionPoints.Single(p => p.Number == 6);
        var clean = await api.Proposed(Delegates.CivilSociety("Clean Amenders"), point.Id, 1, point.Text.Replace("Continue to engage", "Engage fully"));
        var (_, conflicting, conflictPoint) = await app.ConflictingAmendments(board);
        var visitor = await Moderator();
        var console = $"/moderation/{board.Id}";

        var accepted = await visitor.Post($"{console}?handler=accept", new() { ["target"] = clean.ToString() }, console);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var details = await api.ActionPoint(point.Id);
        Assert.Equal((2, point.Text.Replace("Continue to engage", "Engage fully")), (details.Version, details.Text));

        var (status, page, _) = await visitor.Submit($"{console}?handler=accept&lang=en", new() { ["target"] = conflicting.ToString() }, console);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("now needs its proposer to rebase it onto version 2", page.QuerySelector("#problem")!.TextContent);
        var report = page.QuerySelector(".conflict-report")!;
        Assert.Equal(["important", "essential", "indispensable"], report.QuerySelectorAll("dd").Select(d => d.TextContent.Trim()).ToList());
        Assert.Equal(["Version 1 had", "Version 2 has", "The amendment has"], report.QuerySelectorAll("dt").Select(d => d.TextContent).ToList());
        Assert.Equal(AmendmentStatus.NeedsRebase, (await api.Amendment(conflicting)).Status);
        Assert.Equal(2, (await api.ActionPoint(conflictPoint)).Version);
        Assert.NotNull(page.QuerySelector($"#rebase-{conflicting}"));
    }

    [Fact]
    public async Task rejecting_an_amendment_needs_a_reason_everybody_then_reads()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var api = new Amendments.AmendmentApi(app);
        var point = board.ActionPoints.Single(p => p.Number == 7);
        var amendment = await api.Proposed(Delegates.CivilSociety("Rejected Amenders"), point.Id, 1, point.Text + " And more.");
        var visitor = await Moderator();
        var console = $"/moderation/{board.Id}";

        var (status, page, _) = await visitor.Submit($"{console}?handler=rejectAmendment&lang=en", new() { ["target"] = amendment.ToString(), ["reason"] = "" }, console);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("The reason is required.", page.QuerySelector("#problem")!.TextContent);
        Assert.Equal(AmendmentStatus.Open, (await api.Amendment(amendment)).Status);

        var rejected = await visitor.Post($"{console}?handler=rejectAmendment", new() { ["target"] = amendment.ToString(), ["reason"] = "Out of scope." }, console);
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        var view = await api.Amendment(amendment);
        Assert.Equal((AmendmentStatus.Rejected, "Out of scope."), (view.Status, view.RejectionReason));
        var (_, pointPage) = await new Visitor(app).Page($"/action-points/{point.Id}?lang=en");
        Assert.Contains("Out of scope.", pointPage.QuerySelector("article.amendment")!.TextContent);
    }

    [Fact]
    public async Task a_delegate_posting_a_console_form_is_refused_and_nothing_changes()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var pending = await app.PendingInput(board.Id, Delegates.CivilSociety("Patient Network"), "Waiting");
        var (account, _) = await app.NewDelegate("Impatient State", StakeholderGroup.MemberState, board.Id);
        var visitor = await SignedIn(account);
        var console = $"/moderation/{board.Id}";

        // The console shows a delegate no form; a token from the board is as valid.
        var (status, page, _) = await visitor.Submit($"{console}?handler=publish", new() { ["target"] = pending.ToString() }, $"/consultations/{board.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Null(page.QuerySelector("[data-queue]"));
        Assert.Equal(SubmissionStatus.Received, (await Input(pending)).Status);

        var anonymous = await new Visitor(app).Post($"{console}?handler=publish", new() { ["target"] = pending.ToString() }, "/account/sign-in");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/sign-in", anonymous.Headers.Location!.OriginalString);
        Assert.Equal(SubmissionStatus.Received, (await Input(pending)).Status);
    }

    private async Task<int> ConsultationVersion(Guid consultationId) =>
        (int)(await app.Http.GetFromJsonAsync<PhaseHistory>($"/api/consultations/{consultationId}/phases", AppFixture.Json))!.Version;
}
