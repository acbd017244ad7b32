using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Marten;
using Microsoft.Playwright;

namespace ConsultationPlatform.Tests.Web;

/// <summary>
/// The secretariat's pages of a consultation (organisations and delegates, accreditations, moderation rules) and the
/// delegate's accreditation page: each flow in a real browser, refusals shown on the page with nothing changed, who may
/// open them, axe in EN/FR/ES and a phone-sized screen.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SecretariatPagesTests(AppFixture app, Chromium chromium)
{
    private static string Organisations(Guid id) => $"/moderation/{id}/organisations";
    private static string AccreditationsPath(Guid id) => $"/moderation/{id}/accreditations";
    private static string Rules(Guid id) => $"/moderation/{id}/rules";
    private static string Mine(Guid id) => $"/consultations/{id}/accreditation";

    private async Task<Accreditation?> AccreditationOf(Guid consultationId, Guid organisationId)
    {
        await using var session = app.Store.QuerySession();
        return await session.LoadAsync<Accreditation>(Accreditations.IdFor(consultationId, organisationId));
    }

    private async Task<IReadOnlyList<Organisation>> OrganisationsNamed(string part)
    {
        await using var session = app.Store.QuerySession();
        return (await session.Query<Organisation>().ToListAsync()).Where(o => o.Name.Contains(part, StringComparison.Ordinal)).ToList();
    }

    [Fact]
    public async Task a_moderator_registers_an_organisation_and_invites_a_delegate_whose_mail_goes_through_the_outbox()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var moderator = await app.NewModerator();
        var unique = Guid.NewGuid().ToString("N")[..10];
        var name = $"Diaspora Forum {unique}";
        await using var browser = await chromium.SignedInPage(app.BaseAddress, moderator.Email);
        var page = browser.Page;

        // From the console's navigation to the organisations page.
        await page.GotoAsync($"/moderation/{board.Id}?lang=en");
        await page.Locator($"nav.secretariat-nav a[href='{Organisations(board.Id)}']").ClickAsync();
        await page.WaitForURLAsync("**" + Organisations(board.Id));

        // Refused: no name. The problem is on the page, what was typed stays, nothing is registered.
        await page.Locator("#type").SelectOptionAsync("MigrantOrDiasporaOrganisation");
        await page.Locator("#countryOrRegion").FillAsync($"Region {unique}");
        await page.Locator("#register-heading + form button[type=submit]").ClickAsync();
        await page.Locator("#problem").WaitForAsync();
        Assert.Contains("Give the organisation's name.", await page.Locator("#problem").TextContentAsync());
        Assert.Equal("true", await page.Locator("#name").GetAttributeAsync("aria-invalid"));
        Assert.Equal($"Region {unique}", await page.Locator("#countryOrRegion").InputValueAsync());
        Assert.Empty((await OrganisationsNamed(unique)));
        browser.AssertNoErrors(400);
        browser.Errors.Clear();

        // Done, by keyboard from the name field.
        await page.Locator("#name").FillAsync(name);
        await page.TabTo("#register-heading + form button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await page.Done("registered");
        var organisation = Assert.Single(await OrganisationsNamed(unique));
        Assert.Equal(StakeholderGroup.MigrantOrDiasporaOrganisation, organisation.Type);
        Assert.Equal($"Region {unique}", organisation.CountryOrRegion);
        var entry = page.Locator($"#organisation-{organisation.Id:N}");
        Assert.Contains(name, await entry.TextContentAsync());

        // A second registration under the same name is refused (409), the page says so.
        await page.Locator("#name").FillAsync(name.ToUpperInvariant());
        await page.Locator("#type").SelectOptionAsync("CivilSociety");
        await page.Locator("#countryOrRegion").FillAsync("Elsewhere");
        await page.Locator("#register-heading + form button[type=submit]").ClickAsync();
        await page.Locator("#problem").WaitForAsync();
        Assert.Contains("already registered", await page.Locator("#problem").TextContentAsync());
        Assert.Single(await OrganisationsNamed(unique));
        browser.Errors.Clear();

        // Invite a delegate: a bad address is refused in that organisation's form; then the invitation goes out.
        await page.GotoAsync(Organisations(board.Id) + "?q=" + unique);
        entry = page.Locator($"#organisation-{organisation.Id:N}");
        await entry.Locator("summary").ClickAsync();
        await entry.Locator($"#email-{organisation.Id:N}").FillAsync("not an address");
        await entry.Locator($"#invitee-{organisation.Id:N}").FillAsync("Samira Haddad");
        await entry.Locator("form button[type=submit]").ClickAsync();
        await page.Locator("#problem").WaitForAsync();
        entry = page.Locator($"#organisation-{organisation.Id:N}");
        Assert.Equal("true", await entry.Locator($"#email-{organisation.Id:N}").GetAttributeAsync("aria-invalid"));
        Assert.Equal("Samira Haddad", await entry.Locator($"#invitee-{organisation.Id:N}").InputValueAsync());
        await using (var session = app.Store.QuerySession())
            Assert.Empty(await session.Query<ConsultationPlatform.Accounts.Invitation>().Where(i => i.OrganisationId == organisation.Id).ToListAsync());
        browser.Errors.Clear();
        var email = TestAccounts.NewEmail("samira");
        await entry.Locator($"#email-{organisation.Id:N}").FillAsync(email);
        await entry.Locator("form button[type=submit]").ClickAsync();
        await page.Done("invited");
        Assert.Contains($"q={unique}", page.Url);

        var mail = Assert.Single(await app.Outbox(email));
        Assert.Equal("Samira Haddad", mail.ToName);
        Assert.Contains($"as a delegate of {name}", mail.TextBody);
        Assert.Contains("/account/invitation#token=", mail.TextBody);

        // The invited person accepts: the page lists them among the organisation's delegates, with their address.
        var accepted = await app.Http.PostAsJsonAsync("/api/account/invitations/accept",
            new { token = TestAccounts.TokenIn(mail), password = TestAccounts.Password }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        await page.GotoAsync(Organisations(board.Id) + "?q=" + unique);
        var members = await page.Locator($"#organisation-{organisation.Id:N} ul.members").TextContentAsync();
        Assert.Contains("Samira Haddad", members);
        Assert.Contains(email, members);
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task a_delegate_asks_for_accreditation_with_a_statement_and_a_moderator_grants_it_then_withdraws_it()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var (account, organisation) = await app.NewDelegate("Trade Union Confederation", StakeholderGroup.TradeUnion, board.Id, accredited: false);
        var moderator = await app.NewModerator();

        // The delegate, from the board.
        await using (var browser = await chromium.SignedInPage(app.BaseAddress, account.Email))
        {
            var page = browser.Page;
            await page.GotoAsync($"/consultations/{board.Id}?lang=en");
            await page.Locator($"a[href='{Mine(board.Id)}']").ClickAsync();
            await page.WaitForURLAsync("**" + Mine(board.Id));
            Assert.Equal("none", await page.Locator("#accreditation-status strong").GetAttributeAsync("data-status"));

            // Too long a statement: refused, kept, nothing asked.
            var tooLong = new string('x', AccreditationDecisions.MaxTextLength + 1);
            await page.Locator("#statement").EvaluateAsync("(e, v) => { e.removeAttribute('maxlength'); e.value = v; }", tooLong);
            await page.Locator("#ask-heading + form button[type=submit]").ClickAsync();
            await page.Locator("#problem").WaitForAsync();
            Assert.Equal("true", await page.Locator("#statement").GetAttributeAsync("aria-invalid"));
            Assert.Null(await AccreditationOf(board.Id, organisation.Id));
            browser.Errors.Clear();

            await page.Locator("#statement").FillAsync("We represent migrant workers in twelve countries.");
            await page.TabTo("#ask-heading + form button[type=submit]");
            await page.Keyboard.PressAsync("Enter");
            await page.Done("requested");
            Assert.Equal("requested", await page.Locator("#accreditation-status strong").GetAttributeAsync("data-status"));
            Assert.Contains("twelve countries", await page.Locator("main").TextContentAsync());
            browser.AssertNoErrors();
        }

        Assert.Equal(AccreditationStatus.Requested, (await AccreditationOf(board.Id, organisation.Id))!.Status);

        // The moderator: refusing without a reason is refused; granting is done.
        await using (var browser = await chromium.SignedInPage(app.BaseAddress, moderator.Email))
        {
            var page = browser.Page;
            await page.GotoAsync($"/moderation/{board.Id}?lang=en");
            await page.Locator($"nav.secretariat-nav a[href='{AccreditationsPath(board.Id)}']").ClickAsync();
            await page.WaitForURLAsync("**" + AccreditationsPath(board.Id));
            var entry = page.Locator($"#accreditations-requested-section #accreditation-{organisation.Id:N}");
            Assert.Contains("twelve countries", await entry.TextContentAsync());

            await entry.Locator("form[action*=refuse] button").ClickAsync();
            await page.Locator("#problem").WaitForAsync();
            Assert.Contains("Give the reason for refusing", await page.Locator("#problem").TextContentAsync());
            Assert.Equal(AccreditationStatus.Requested, (await AccreditationOf(board.Id, organisation.Id))!.Status);
            browser.Errors.Clear();

            await page.Locator($"#accreditation-{organisation.Id:N} form[action*=grant] button").ClickAsync();
            await page.Done("granted");
            Assert.Equal(AccreditationStatus.Granted, (await AccreditationOf(board.Id, organisation.Id))!.Status);
            entry = page.Locator($"#accreditations-granted-section #accreditation-{organisation.Id:N}");
            await entry.WaitForAsync();

            // Withdrawing a granted accreditation needs a reason too.
            await entry.Locator("form[action*=withdraw] button").ClickAsync();
            await page.Locator("#problem").WaitForAsync();
            Assert.Equal(AccreditationStatus.Granted, (await AccreditationOf(board.Id, organisation.Id))!.Status);
            browser.Errors.Clear();
            entry = page.Locator($"#accreditation-{organisation.Id:N}");
            await entry.Locator($"#withdraw-{organisation.Id:N}").FillAsync("The organisation left the dialogue.");
            await entry.Locator("form[action*=withdraw] button").ClickAsync();
            await page.Done("withdrawn");
            await page.Locator($"#accreditations-withdrawn-section #accreditation-{organisation.Id:N}").WaitForAsync();
            browser.AssertNoErrors();
        }

        var withdrawn = (await AccreditationOf(board.Id, organisation.Id))!;
        Assert.Equal(AccreditationStatus.Withdrawn, withdrawn.Status);
        Assert.Equal("The organisation left the dialogue.", withdrawn.Reason);

        // The delegate sees it, with the reason, and may ask again.
        var visitor = new Visitor(app);
        await visitor.SignIn(account.Email);
        var (status, mine) = await visitor.Page(Mine(board.Id) + "?lang=en");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("withdrawn", mine.QuerySelector("#accreditation-status strong")!.GetAttribute("data-status"));
        Assert.Contains("The organisation left the dialogue.", mine.QuerySelector("main")!.TextContent);
        Assert.NotNull(mine.QuerySelector("#statement"));
    }

    [Fact]
    public async Task a_refused_request_shows_its_reason_to_the_delegate_and_a_pending_one_can_be_withdrawn()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var (account, organisation) = await app.NewDelegate("Academic Network", StakeholderGroup.Academia, board.Id, accredited: false);
        var delegateVisitor = new Visitor(app);
        await delegateVisitor.SignIn(account.Email);
        var asked = await delegateVisitor.Post(Mine(board.Id), new() { ["statement"] = "Research on remittances." }, Mine(board.Id));
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Equal($"{Mine(board.Id)}?done=requested#done", asked.Headers.Location!.OriginalString);

        // Asking twice: a 409 on the page, nothing changed.
        var (status, page, _) = await delegateVisitor.Submit(Mine(board.Id), new() { ["statement"] = "Again" }, Mine(board.Id));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.NotNull(page.QuerySelector("#problem"));

        var moderator = new Visitor(app);
        await moderator.SignIn((await app.NewModerator()).Email);
        var refused = await moderator.Post(AccreditationsPath(board.Id) + "?handler=refuse",
            new() { ["organisationId"] = organisation.Id.ToString(), ["reason"] = "Not a migration body." }, AccreditationsPath(board.Id));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);

        var (_, mine) = await delegateVisitor.Page(Mine(board.Id) + "?lang=en");
        Assert.Equal("refused", mine.QuerySelector("#accreditation-status strong")!.GetAttribute("data-status"));
        Assert.Contains("Not a migration body.", mine.QuerySelector("main")!.TextContent);

        // Asked again, then withdrawn by the delegate (no reason needed for one's own).
        Assert.Equal(HttpStatusCode.Redirect, (await delegateVisitor.Post(Mine(board.Id), new() { ["statement"] = "Second try." }, Mine(board.Id))).StatusCode);
        var withdrawn = await delegateVisitor.Post(Mine(board.Id) + "?handler=withdraw", new(), Mine(board.Id));
        Assert.Equal($"{Mine(board.Id)}?done=withdrawn#done", withdrawn.Headers.Location!.OriginalString);
        Assert.Equal(AccreditationStatus.Withdrawn, (await AccreditationOf(board.Id, organisation.Id))!.Status);
    }

    [Fact]
    public async Task a_moderator_sets_the_rules_and_a_screen_that_saw_older_rules_is_told()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var moderator = await app.NewModerator();
        await using (var browser = await chromium.SignedInPage(app.BaseAddress, moderator.Email))
        {
            var page = browser.Page;
            await page.GotoAsync($"/moderation/{board.Id}?lang=en");
            await page.Locator($"nav.secretariat-nav a[href='{Rules(board.Id)}']").ClickAsync();
            await page.WaitForURLAsync("**" + Rules(board.Id));
            Assert.True(await page.Locator("#pre").IsCheckedAsync());
            Assert.True(await page.Locator("#early-no").IsCheckedAsync());

            await page.Locator("#post").CheckAsync();
            await page.TabTo("#early-no");
            await page.Keyboard.PressAsync("ArrowUp"); // the radio group moves to "yes"
            Assert.True(await page.Locator("#early-yes").IsCheckedAsync());
            await page.Locator("main form button[type=submit]").ClickAsync();
            await page.Done("set");
            Assert.True(await page.Locator("#post").IsCheckedAsync());
            Assert.True(await page.Locator("#early-yes").IsCheckedAsync());
            browser.AssertNoErrors();
        }

        var rules = (await app.Http.GetFromJsonAsync<ConsultationRules>($"/api/consultations/{board.Id}/rules", AppFixture.Json))!;
        Assert.False(rules.InputsPreModerated);
        Assert.True(rules.AllowsEarlyEndorsement);

        // A form from before that change (an older version): 409 on the page, the rules stay.
        var visitor = new Visitor(app);
        await visitor.SignIn(moderator.Email);
        var (status, page2, _) = await visitor.Submit(Rules(board.Id),
            new() { ["version"] = (rules.Version - 1).ToString(), ["inputsPreModerated"] = "true", ["allowsEarlyEndorsement"] = "false" }, Rules(board.Id));
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.NotNull(page2.QuerySelector("#problem"));
        // Nothing said for one of the rules: 400.
        (status, page2, _) = await visitor.Submit(Rules(board.Id), new() { ["inputsPreModerated"] = "true" }, Rules(board.Id));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        var after = (await app.Http.GetFromJsonAsync<ConsultationRules>($"/api/consultations/{board.Id}/rules", AppFixture.Json))!;
        Assert.Equal(rules, after);
    }

    [Fact]
    public async Task the_anonymous_sign_in_and_delegates_get_a_403_page_and_change_nothing()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var (account, organisation) = await app.NewDelegate("Curious State", StakeholderGroup.MemberState, board.Id, accredited: false);
        await app.NewDelegate("Pending Society", StakeholderGroup.CivilSociety, board.Id, accredited: false);
        foreach (var path in new[] { Organisations(board.Id), AccreditationsPath(board.Id), Rules(board.Id), Mine(board.Id) })
        {
            var anonymous = await new Visitor(app).Response(path);
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.Equal($"/account/sign-in?returnUrl={Uri.EscapeDataString(path)}", anonymous.Headers.Location!.OriginalString);
        }

        var visitor = new Visitor(app);
        await visitor.SignIn(account.Email);
        foreach (var path in new[] { Organisations(board.Id), AccreditationsPath(board.Id), Rules(board.Id) })
        {
            var (status, page) = await visitor.Page(path);
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Null(page.QuerySelector("main form[method=post]"));
        }

        var unique = Guid.NewGuid().ToString("N")[..10];
        var register = await visitor.Post(Organisations(board.Id), new() { ["name"] = $"Sneaky {unique}", ["type"] = "CivilSociety", ["countryOrRegion"] = "X" }, "/account");
        Assert.Equal(HttpStatusCode.Forbidden, register.StatusCode);
        Assert.Empty(await OrganisationsNamed(unique));
        var invite = await visitor.Post(Organisations(board.Id) + "?handler=invite",
            new() { ["organisationId"] = organisation.Id.ToString(), ["inviteEmail"] = TestAccounts.NewEmail(), ["inviteName"] = "X" }, "/account");
        Assert.Equal(HttpStatusCode.Forbidden, invite.StatusCode);
        var grant = await visitor.Post(AccreditationsPath(board.Id) + "?handler=grant", new() { ["organisationId"] = organisation.Id.ToString() }, "/account");
        Assert.Equal(HttpStatusCode.Forbidden, grant.StatusCode);
        var rules = await visitor.Post(Rules(board.Id), new() { ["inputsPreModerated"] = "false", ["allowsEarlyEndorsement"] = "true" }, "/account");
        Assert.Equal(HttpStatusCode.Forbidden, rules.StatusCode);
        Assert.True((await app.Http.GetFromJsonAsync<ConsultationRules>($"/api/consultations/{board.Id}/rules", AppFixture.Json))!.InputsPreModerated);
        Assert.Null(await AccreditationOf(board.Id, organisation.Id));

        // No such consultation: a 404 page.
        var moderator = new Visitor(app);
        await moderator.SignIn((await app.NewModerator()).Email);
        Assert.Equal(HttpStatusCode.NotFound, (await moderator.Page(Rules(Guid.NewGuid()))).Status);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    [InlineData("es")]
    public async Task the_secretariat_pages_and_the_delegates_page_have_no_axe_violation_and_fit_390_px(string lang)
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var unique = Guid.NewGuid().ToString("N")[..10];
        var (account, organisation) = await app.NewDelegate($"Axe Society {unique}", StakeholderGroup.CivilSociety, board.Id, accredited: false);
        var delegateVisitor = new Visitor(app);
        await delegateVisitor.SignIn(account.Email);
        var asked = await delegateVisitor.Post(Mine(board.Id), new() { ["statement"] = "We work with migrants in ports." }, Mine(board.Id));
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Equal(AccreditationStatus.Requested, (await AccreditationOf(board.Id, organisation.Id))!.Status);
        await app.NewDelegate($"Axe State {unique}", StakeholderGroup.MemberState, board.Id);
        var moderator = await app.NewModerator();

        await using (var browser = await chromium.SignedInPage(app.BaseAddress, moderator.Email))
        {
            var page = browser.Page;
            foreach (var (path, name) in new[] { (Organisations(board.Id) + $"?q={unique}&", "organisations"), (AccreditationsPath(board.Id) + "?", "accreditations"), (Rules(board.Id) + "?", "rules") })
            {
                foreach (var width in new[] { 1280, 390 })
                {
                    await page.SetViewportSizeAsync(width, 844);
                    var response = await page.GotoAsync($"{path}lang={lang}");
                    Assert.Equal(200, response!.Status);
                    Assert.Equal(lang, await page.Locator("html").GetAttributeAsync("lang"));
                    if (width == 390)
                        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), $"The {name} page scrolls sideways at 390 px.");
                    else
                        await page.Screenshot($"secretariat-{name}-{lang}");
                    await page.AssertNoAxeViolations();
                }
            }

            // A refusal on the page is accessible too.
            await page.SetViewportSizeAsync(390, 844);
            await page.GotoAsync($"{Organisations(board.Id)}?lang={lang}&q={unique}");
            await page.Locator("#register-heading + form button[type=submit]").ClickAsync();
            await page.Locator("#problem").WaitForAsync();
            await page.AssertNoAxeViolations();
            browser.AssertNoErrors(400);
        }

        await using (var browser = await chromium.SignedInPage(app.BaseAddress, account.Email))
        {
            var page = browser.Page;
            await page.SetViewportSizeAsync(390, 844);
            var response = await page.GotoAsync($"{Mine(board.Id)}?lang={lang}");
            Assert.Equal(200, response!.Status);
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 390"), "The accreditation page scrolls sideways at 390 px.");
            await page.Screenshot($"my-accreditation-{lang}");
            await page.AssertNoAxeViolations();
            browser.AssertNoErrors();
        }
    }
}
