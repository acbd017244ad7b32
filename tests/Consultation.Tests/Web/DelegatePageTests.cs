using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Moderation;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Tests.Amendments;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.Web;

/// <summary>The delegates' flows on the pages over HTTP: co-sponsor, withdraw, rebase, flag, my items, accepting an invitation.</summary>
[Collection(PlatformCollection.Name)]
public sealed class DelegatePageTests(AppFixture app)
{
    private AmendmentApi Api => new(app);

    private async Task<(Visitor Visitor, Organisation Organisation)> Delegate(string name, StakeholderGroup group, Guid consultationId)
    {
        var (account, organisation) = await app.NewDelegate(name, group, consultationId);
        var visitor = new Visitor(app);
        await visitor.SignIn(account.Email);
        return (visitor, organisation);
    }

    /// <summary>An amendment proposed through the page by the visitor's organisation.</summary>
    private async Task<Guid> ProposeOnPage(Visitor visitor, Guid pointId, int baseVersion, string text)
    {
        var point = $"/action-points/{pointId}";
        var proposed = await visitor.Post($"{point}?handler=propose",
            new() { ["baseVersion"] = baseVersion.ToString(), ["amendmentText"] = text, ["rationale"] = "Clearer." }, point);
        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        return (await Api.ActionPoint(pointId)).Amendments[^1].Id;
    }

    [Fact]
    public async Task another_organisation_co_sponsors_an_amendment_on_the_point_page_and_the_proposer_cannot()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var point = board.ActionPoints.Single(p => p.Number == 1);
        var (proposer, _) = await Delegate("Proposing Network", StakeholderGroup.CivilSociety, board.Id);
        var (supporter, supporting) = await Delegate("Supporting State", StakeholderGroup.MemberState, board.Id);
        var amendment = await ProposeOnPage(proposer, point.Id, 1, point.Text + " With adequate funding.");
        var path = $"/action-points/{point.Id}";

        // The proposer is offered no co-sponsorship (and a post is refused, changing nothing).
        var (_, proposerPage) = await proposer.Page(path + "?lang=en");
        Assert.Null(proposerPage.QuerySelector($"form[action*=coSponsor] input[value='{amendment}']"));
        var (refused, refusedPage, _) = await proposer.Submit($"{path}?handler=coSponsor&lang=en", new() { ["target"] = amendment.ToString() }, path);
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Contains("cannot also co-sponsor it", refusedPage.QuerySelector($"article.amendment #problem")!.TextContent);
        Assert.Empty((await Api.Amendment(amendment)).CoSponsors);

        var (_, page) = await supporter.Page(path + "?lang=en");
        Assert.Equal($"Co-sponsor as {supporting.Name}", page.QuerySelector("form[action*=coSponsor] button")!.TextContent);
        var done = await supporter.Post($"{path}?handler=coSponsor", new() { ["target"] = amendment.ToString() }, path);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"{path}?done=cosponsored&item={amendment}#amendment-{amendment}", done.Headers.Location!.OriginalString);
        Assert.Equal(supporting.Id, Assert.Single((await Api.Amendment(amendment)).CoSponsors).OrganisationId);

        var (_, after) = await supporter.Page($"{path}?done=cosponsored&item={amendment}&lang=en");
        var article = after.QuerySelector("article.amendment")!;
        Assert.Equal("Your organisation co-sponsors this amendment.", article.QuerySelector(".notice")!.TextContent);
        Assert.Contains($"{supporting.Name} co-sponsors this amendment.", article.TextContent);
        Assert.Null(article.QuerySelector("form[action*=coSponsor]"));
    }

    [Fact]
    public async Task only_the_proposing_organisation_withdraws_its_amendment()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var point = board.ActionPoints.Single(p => p.Number == 2);
        var (proposer, _) = await Delegate("Withdrawing Network", StakeholderGroup.CivilSociety, board.Id);
        var (other, _) = await Delegate("Other Network", StakeholderGroup.CivilSociety, board.Id);
        var amendment = await ProposeOnPage(proposer, point.Id, 1, point.Text.Replace("poverty reduction", "inclusive growth"));
        var path = $"/action-points/{point.Id}";

        var (refused, _, _) = await other.Submit($"{path}?handler=withdrawAmendment", new() { ["target"] = amendment.ToString() }, path);
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Equal(AmendmentStatus.Open, (await Api.Amendment(amendment)).Status);

        var withdrawn = await proposer.Post($"{path}?handler=withdrawAmendment", new() { ["target"] = amendment.ToString() }, path);
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal(AmendmentStatus.Withdrawn, (await Api.Amendment(amendment)).Status);
        var (_, page) = await proposer.Page($"{path}?lang=en");
        Assert.Contains("Withdrawn", page.QuerySelector("article.amendment")!.TextContent);
        // Nothing left to act on but the discussion: the only form under a withdrawn amendment is the reply form.
        Assert.All(page.QuerySelectorAll("article.amendment form"), form => Assert.EndsWith("handler=reply", form.GetAttribute("action")));
    }

    [Fact]
    public async Task a_conflicting_amendment_is_restated_from_the_current_text_on_the_rebase_page()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var point = board.ActionPoints.Single(p => p.Number == 3);
        var (proposer, _) = await Delegate("Rebasing Network", StakeholderGroup.CivilSociety, board.Id);
        var mine = await ProposeOnPage(proposer, point.Id, 1, point.Text.Replace("important actors", "indispensable actors"));
        var theirs = await Api.Proposed(Delegates.CivilSociety("Faster Network"), point.Id, 1, point.Text.Replace("important actors", "essential actors"));
        await WebPeople.Ok(Api.Accept(Delegates.Moderator(), theirs));
        Assert.Equal(HttpStatusCode.Conflict, (await Api.Accept(Delegates.Moderator(), mine)).StatusCode);
        var current = point.Text.Replace("important actors", "essential actors");

        // The point page offers the proposer the way to restate it.
        var (_, pointPage) = await proposer.Page($"/action-points/{point.Id}?lang=en");
        var link = pointPage.QuerySelector($"article.amendment a[href='/amendments/{mine}/rebase']")!;
        Assert.Equal("Restate against version 2", link.TextContent);

        var rebase = $"/amendments/{mine}/rebase";
        var (status, page) = await proposer.Page(rebase + "?lang=en");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["important", "essential", "indispensable"], page.QuerySelectorAll(".conflicts dd").Select(d => d.TextContent.Trim()).ToList());
        Assert.Equal(current, page.QuerySelector("#amendmentText")!.TextContent);
        Assert.Equal("2", page.QuerySelector("input[name=baseVersion]")!.GetAttribute("value"));

        // The server draws the changes against the current text (without script).
        var restated = current.Replace("essential actors", "essential and indispensable actors");
        var (_, preview, _) = await proposer.Submit($"{rebase}?handler=preview&lang=en", new() { ["baseVersion"] = "2", ["amendmentText"] = restated }, rebase);
        Assert.Equal("and indispensable ", preview.QuerySelector("[data-diff-output] ins")!.TextContent.Replace("[added: ", "").Replace("]", ""));
        Assert.Equal(restated, preview.QuerySelector("#amendmentText")!.TextContent);

        // Restating against a version that is not the current one is refused, and nothing changes.
        var (stale, stalePage, _) = await proposer.Submit($"{rebase}?lang=en", new() { ["baseVersion"] = "1", ["amendmentText"] = restated }, rebase);
        Assert.Equal(HttpStatusCode.Conflict, stale);
        Assert.Contains("Restate the amendment against the current text", stalePage.QuerySelector("#problem")!.TextContent);
        Assert.Equal(AmendmentStatus.NeedsRebase, (await Api.Amendment(mine)).Status);

        var done = await proposer.Post(rebase, new() { ["baseVersion"] = "2", ["amendmentText"] = restated }, rebase);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/action-points/{point.Id}?done=rebased&item={mine}#amendment-{mine}", done.Headers.Location!.OriginalString);
        var view = await Api.Amendment(mine);
        Assert.Equal((AmendmentStatus.Open, 2, restated, 1), (view.Status, view.BaseVersion, view.Text, view.RebasedFrom));
    }

    [Fact]
    public async Task the_rebase_page_is_the_proposers_only()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var point = board.ActionPoints.Single(p => p.Number == 5);
        var amendment = await Api.Proposed(Delegates.CivilSociety("Someone Else"), point.Id, 1, point.Text + " Also.");
        var rebase = $"/amendments/{amendment}/rebase";

        var anonymous = await new Visitor(app).Response(rebase);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/sign-in", anonymous.Headers.Location!.OriginalString);

        var (other, _) = await Delegate("Not The Proposer", StakeholderGroup.CivilSociety, board.Id);
        var (status, page) = await other.Page(rebase + "?lang=en");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Null(page.QuerySelector("#amendmentText"));
        var (posted, _, _) = await other.Submit(rebase, new() { ["baseVersion"] = "1", ["amendmentText"] = point.Text + " Changed." }, $"/action-points/{point.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, posted);
        Assert.Equal(point.Text + " Also.", (await Api.Amendment(amendment)).Text);

        var (missing, _) = await other.Page($"/amendments/{Guid.NewGuid()}/rebase");
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    [Fact]
    public async Task a_delegate_flags_a_published_input_with_a_reason_once()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var point = board.ActionPoints.Single(p => p.Number == 8);
        var input = await app.PendingInput(board.Id, Delegates.CivilSociety("Loud Network"), "Loud words", pointId: point.Id);
        await WebPeople.Ok(app.ClientFor(Delegates.Moderator()).PostAsync($"/api/submissions/{input}/publish", null));
        var (reader, readerOrganisation) = await Delegate("Careful Reader", StakeholderGroup.Academia, board.Id);
        var path = $"/action-points/{point.Id}";

        var (_, page) = await reader.Page(path + "?lang=en");
        Assert.Equal("Flag for the moderators", page.QuerySelector($"#input-{input} ~ details.flag summary")!.TextContent);

        var (missing, missingPage, _) = await reader.Submit($"{path}?handler=flag&lang=en", new() { ["target"] = input.ToString(), ["flagReason"] = "" }, path);
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        var card = missingPage.QuerySelector($"#input-{input}")!.ParentElement!;
        Assert.Contains("Say why the moderators should look at this input.", card.QuerySelector("#problem")!.TextContent);
        Assert.NotNull(card.QuerySelector("details.flag[open]"));

        var flagged = await reader.Post($"{path}?handler=flag", new() { ["target"] = input.ToString(), ["flagReason"] = "It names a person." }, path);
        Assert.Equal(HttpStatusCode.Redirect, flagged.StatusCode);
        var queue = (await app.ClientFor(Delegates.Moderator()).GetFromJsonAsync<ModerationQueue>($"/api/consultations/{board.Id}/moderation-queue", AppFixture.Json))!;
        var flag = Assert.Single(Assert.Single(queue.FlaggedInputs).FlagsBy);
        Assert.Equal(("It names a person.", readerOrganisation.Id), (flag.Reason, flag.OrganisationId));

        var (again, _, _) = await reader.Submit($"{path}?handler=flag", new() { ["target"] = input.ToString(), ["flagReason"] = "Again." }, path);
        Assert.Equal(HttpStatusCode.Conflict, again);
        var queueAfter = (await app.ClientFor(Delegates.Moderator()).GetFromJsonAsync<ModerationQueue>($"/api/consultations/{board.Id}/moderation-queue", AppFixture.Json))!;
        Assert.Equal(1, queueAfter.FlaggedInputs[0].Flags);
    }

    [Fact]
    public async Task my_items_lists_inputs_amendments_endorsements_and_accreditations_with_their_status()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting, allowsEarlyEndorsement: true);
        var point = board.ActionPoints.Single(p => p.Number == 3);
        var (account, state) = await app.NewDelegate("Itemised State", StakeholderGroup.MemberState, board.Id);
        var visitor = new Visitor(app);
        await visitor.SignIn(account.Email);
        var me = Delegates.Of(state.Name, state.Type) with { OrganisationId = state.Id, PersonId = account.Id };

        var waiting = await app.PendingInput(board.Id, me, "Still waiting");
        var refused = await app.PendingInput(board.Id, me, "Refused one");
        await WebPeople.Ok(app.ClientFor(Delegates.Moderator()).PostAsJsonAsync($"/api/submissions/{refused}/reject", new { reason = "Duplicate of another input." }, AppFixture.Json));
        await WebPeople.Ok(app.ClientFor(me).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = 1, reservation = "On funding." }, AppFixture.Json));
        var mine = await Api.Proposed(me, point.Id, 1, point.Text.Replace("important actors", "indispensable actors"));
        var theirs = await Api.Proposed(Delegates.CivilSociety("Quicker Network"), point.Id, 1, point.Text.Replace("important actors", "essential actors"));
        await WebPeople.Ok(Api.Accept(Delegates.Moderator(), theirs));
        Assert.Equal(HttpStatusCode.Conflict, (await Api.Accept(Delegates.Moderator(), mine)).StatusCode);

        var (status, page) = await visitor.Page("/account/items?lang=en");
        Assert.Equal(HttpStatusCode.OK, status);
        var inputs = page.QuerySelectorAll("#my-inputs-heading ~ div tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(inputs, r => r.Contains("Still waiting") && r.Contains("waiting for moderation"));
        Assert.Contains(inputs, r => r.Contains("Refused one") && r.Contains("rejected") && r.Contains("Duplicate of another input."));

        var amendment = page.QuerySelector("#my-amendments-heading ~ ul li")!;
        Assert.Contains("Needs rebasing", amendment.TextContent);
        Assert.Equal($"/amendments/{mine}/rebase", amendment.QuerySelector("a[href*=rebase]")!.GetAttribute("href"));

        var endorsement = page.QuerySelector("#my-endorsements-heading ~ ul li")!;
        Assert.Contains("for version 1", endorsement.TextContent);
        Assert.Contains("You endorsed version 1; the point is now at version 2.", endorsement.TextContent);

        Assert.Contains("granted", page.QuerySelector("#my-accreditations-heading ~ ul")!.TextContent);

        var anonymous = await new Visitor(app).Response("/account/items");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    [Fact]
    public async Task an_invitation_is_accepted_with_a_chosen_password_and_the_delegate_is_signed_in()
    {
        var organisation = await app.NewOrganisation("Invited Network", StakeholderGroup.CivilSociety);
        var email = TestAccounts.NewEmail("invited");
        await WebPeople.Ok(app.ClientFor(Delegates.Moderator()).PostAsJsonAsync($"/api/organisations/{organisation.Id}/invitations",
            new { email, name = "Amara Diallo" }, AppFixture.Json));
        var token = TestAccounts.TokenIn(Assert.Single(await app.Outbox(email)));
        var path = $"/account/invitation?token={Uri.EscapeDataString(token)}";
        var visitor = new Visitor(app);

        var (status, page) = await visitor.Page(path + "&lang=en");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains($"you are invited as a delegate of {organisation.Name}.", page.QuerySelector(".lead")!.TextContent);
        Assert.Equal("Amara Diallo", page.QuerySelector("#name")!.GetAttribute("value"));
        Assert.Equal(token, page.QuerySelector("input[type=hidden][name=token]")!.GetAttribute("value"));

        // Two different passwords, then one too short: refused, said, nothing made.
        var (differ, differPage, _) = await visitor.Submit("/account/invitation?lang=en",
            new() { ["token"] = token, ["password"] = TestAccounts.Password, ["confirmPassword"] = TestAccounts.Password + "x" }, path);
        Assert.Equal(HttpStatusCode.BadRequest, differ);
        Assert.Contains("The two passwords differ", differPage.QuerySelector("#problem")!.TextContent);
        var (weak, weakPage, _) = await visitor.Submit("/account/invitation?lang=en",
            new() { ["token"] = token, ["password"] = "short", ["confirmPassword"] = "short" }, path);
        Assert.Equal(HttpStatusCode.BadRequest, weak);
        Assert.Contains("at least 12 characters", weakPage.QuerySelector("#problem")!.TextContent);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.SignIn(email)).StatusCode);

        var accepted = await visitor.Post("/account/invitation",
            new() { ["token"] = token, ["name"] = "Amara N. Diallo", ["password"] = TestAccounts.Password, ["confirmPassword"] = TestAccounts.Password }, path);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/account?welcome=true", accepted.Headers.Location!.OriginalString);
        var (_, account) = await visitor.Page("/account?welcome=true&lang=en");
        Assert.Equal("Welcome: your account is ready and you are signed in.", account.QuerySelector(".notice")!.TextContent);
        Assert.Contains("Amara N. Diallo", account.QuerySelector(".facts")!.TextContent);
        Assert.Contains(organisation.Name, account.QuerySelector(".account")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await app.SignIn(email)).StatusCode);

        // The link is spent; a made-up one names nothing.
        var (used, usedPage) = await new Visitor(app).Page(path + "&lang=en");
        Assert.Equal(HttpStatusCode.Gone, used);
        Assert.Contains("can be accepted once", usedPage.QuerySelector("#problem")!.TextContent);
        var (unknown, _) = await new Visitor(app).Page("/account/invitation?token=made-up");
        Assert.Equal(HttpStatusCode.NotFound, unknown);
    }

    [Fact]
    public async Task the_amendment_editor_previews_its_changes_without_script()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var point = board.ActionPoints.Single(p => p.Number == 6);
        var (visitor, _) = await Delegate("Previewing Network", StakeholderGroup.CivilSociety, board.Id);
        var path = $"/action-points/{point.Id}";
        var text = point.Text.Replace("Continue to engage", "Engage fully");

        var (status, page, _) = await visitor.Submit($"{path}?handler=previewAmendment&lang=en",
            new() { ["baseVersion"] = "1", ["amendmentText"] = text, ["rationale"] = "Stronger." }, path);
        Assert.Equal(HttpStatusCode.OK, status);
        var preview = page.QuerySelector("[data-diff-preview-for=amendmentText]")!;
        Assert.False(preview.HasAttribute("hidden"));
        Assert.Equal("Your changes to version 1", preview.QuerySelector("h4")!.TextContent);
        Assert.Contains("Engage fully", preview.QuerySelector("ins")!.TextContent);
        Assert.Contains("Continue to engage", preview.QuerySelector("del")!.TextContent);
        Assert.Equal(text, page.QuerySelector("#amendmentText")!.TextContent);
        Assert.Equal("Stronger.", page.QuerySelector("#rationale")!.TextContent);
        Assert.Empty((await Api.ActionPoint(point.Id)).Amendments);
    }
}
