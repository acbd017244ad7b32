using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Parser;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.Web;

/// <summary>The pages' forms over HTTP: antiforgery, sign-in, and refusals that change nothing.</summary>
[Collection(PlatformCollection.Name)]
public sealed class FormTests(AppFixture app)
{
    [Fact]
    public async Task every_form_on_the_pages_carries_an_antiforgery_token()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var organisation = await app.NewOrganisation("Chile", StakeholderGroup.MemberState);
        var account = await app.NewAccount(organisations: organisation);
        var visitor = new Visitor(app);
        await visitor.SignIn(account.Email);
        foreach (var path in new[] { "/account/sign-in", "/account", $"/consultations/{board.Id}", $"/action-points/{board.ActionPoints[0].Id}" })
        {
            var page = new HtmlParser().ParseDocument(await visitor.Get(path));
            var forms = page.QuerySelectorAll("form[method=post]");
            Assert.NotEmpty(forms);
            Assert.All(forms, form => Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]")));
        }
    }

    [Fact]
    public async Task a_form_post_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = board.ActionPoints[0];
        var organisation = await app.NewOrganisation("Norway", StakeholderGroup.MemberState);
        await app.Accredit(board.Id, organisation);
        var visitor = new Visitor(app);
        await visitor.SignIn((await app.NewAccount(organisations: organisation)).Email);

        var response = await visitor.Post($"/action-points/{point.Id}?handler=endorse", new() { ["version"] = "1" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await Endorsements(point.Id));
    }

    [Fact]
    public async Task signing_in_with_a_wrong_password_says_so_in_the_readers_language()
    {
        var account = await app.NewAccount();
        var visitor = new Visitor(app);
        var response = await visitor.Post("/account/sign-in?lang=fr", new() { ["email"] = account.Email, ["password"] = "not the password" }, "/account/sign-in?lang=fr");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("L’adresse électronique ou le mot de passe est incorrect.", page.QuerySelector("[role=alert] .error")!.TextContent);
        Assert.Null(page.QuerySelector("#password")!.GetAttribute("value"));
    }

    [Fact]
    public async Task an_anonymous_form_post_is_sent_to_sign_in_and_changes_nothing()
    {
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = board.ActionPoints[0];
        var visitor = new Visitor(app);
        // The point's page shows an anonymous reader no form; a token from the sign-in page is as valid.
        var response = await visitor.Post($"/action-points/{point.Id}?handler=endorse", new() { ["version"] = "1" }, "/account/sign-in");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.OriginalString);
        Assert.Empty(await Endorsements(point.Id));
    }

    [Fact]
    public async Task a_civil_society_delegate_cannot_endorse_through_the_page_either()
    {
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = board.ActionPoints[0];
        var organisation = await app.NewOrganisation("Workers Forum", StakeholderGroup.CivilSociety);
        await app.Accredit(board.Id, organisation);
        var visitor = new Visitor(app);
        await visitor.SignIn((await app.NewAccount(organisations: organisation)).Email);

        var response = await visitor.Post($"/action-points/{point.Id}?handler=endorse", new() { ["version"] = "1" }, $"/action-points/{point.Id}");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("Your role does not allow this.", page.QuerySelector("#problem .error")!.TextContent);
        Assert.Empty(await Endorsements(point.Id));
    }

    [Fact]
    public async Task endorsing_a_stale_version_through_the_page_is_refused_with_the_apis_reason()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting, allowsEarlyEndorsement: true);
        var point = board.ActionPoints[0];
        var organisation = await app.NewOrganisation("Japan", StakeholderGroup.MemberState);
        await app.Accredit(board.Id, organisation);
        var visitor = new Visitor(app);
        await visitor.SignIn((await app.NewAccount(organisations: organisation)).Email);

        var response = await visitor.Post($"/action-points/{point.Id}?handler=endorse", new() { ["version"] = "3" }, $"/action-points/{point.Id}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Contains("there is no version 3", page.QuerySelector("#problem li")!.TextContent);
        Assert.Empty(await Endorsements(point.Id));
    }

    [Fact]
    public async Task choosing_an_organisation_one_does_not_belong_to_is_refused()
    {
        var mine = await app.NewOrganisation("Own Network", StakeholderGroup.CivilSociety);
        var other = await app.NewOrganisation("Other Network", StakeholderGroup.CivilSociety);
        var account = await app.NewAccount(organisations: mine);
        var visitor = new Visitor(app);
        await visitor.SignIn(account.Email);

        var response = await visitor.Post("/account", new() { ["organisationId"] = other.Id.ToString() }, "/account");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var chosen = await visitor.Post("/account", new() { ["organisationId"] = mine.Id.ToString() }, "/account");
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
    }

    private async Task<IReadOnlyList<EndorsementView>> Endorsements(Guid pointId) =>
        (await app.Http.GetFromJsonAsync<ActionPointDetails>($"/api/action-points/{pointId}", AppFixture.Json))!.Endorsements;
}
