using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Microsoft.Playwright;

namespace ConsultationPlatform.Tests.Web;

/// <summary>The deadline page of the console over HTTP (who may open it, its forms done and refused) and the
/// deadline as the board shows it, without script (UTC) and with it (the reader's time zone, the time left).</summary>
[Collection(PlatformCollection.Name)]
public sealed class PhaseEndPageTests(AppFixture app, Chromium chromium)
{
    private static string PathOf(Guid consultationId) => $"/moderation/{consultationId}/phase-end";

    private async Task<Visitor> Moderator()
    {
        var visitor = new Visitor(app);
        await visitor.SignIn((await app.NewModerator()).Email);
        return visitor;
    }

    private async Task<PhaseEndStatus> Status(Guid consultationId) =>
        (await app.Http.GetFromJsonAsync<PhaseEndStatus>($"/api/consultations/{consultationId}/phase-end", AppFixture.Json))!;

    [Fact]
    public async Task the_anonymous_are_sent_to_sign_in_and_delegates_get_a_403_page()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var path = PathOf(board.Id);
        var anonymous = await new Visitor(app).Response(path);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal($"/account/sign-in?returnUrl={Uri.EscapeDataString(path)}", anonymous.Headers.Location!.OriginalString);

        var (account, _) = await app.NewDelegate("Deadline State", StakeholderGroup.MemberState, board.Id);
        var visitor = new Visitor(app);
        await visitor.SignIn(account.Email);
        var (status, page) = await visitor.Page(path);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Null(page.QuerySelector("main form[method=post]"));
        var post = await visitor.Post(path, new() { ["endsAt"] = "2028-01-15T10:00", ["timeZone"] = "UTC" }, "/account");
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Null((await Status(board.Id)).EndsAt);
    }

    [Fact]
    public async Task a_moderator_schedules_in_a_time_zone_the_board_shows_it_in_utc_and_the_moderator_calls_it_off()
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var path = PathOf(board.Id);
        var moderator = await Moderator();
        var (status, page) = await moderator.Page(path + "?lang=en");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("No end is scheduled", page.QuerySelector("main")!.TextContent);
        Assert.Null(page.QuerySelector("form[action*=cancel]"));

        var done = await moderator.Post(path, new() { ["endsAt"] = "2028-01-15T10:00", ["timeZone"] = "Europe/Paris", ["phase"] = "Inputs" }, path);
        Assert.True(done.StatusCode == HttpStatusCode.Redirect, await done.Content.ReadAsStringAsync());
        Assert.Equal($"{path}?done=scheduled#done", done.Headers.Location!.OriginalString);
        var scheduled = await Status(board.Id);
        Assert.Equal(new DateTimeOffset(2028, 1, 15, 9, 0, 0, TimeSpan.Zero), scheduled.EndsAt);

        // Without script: UTC in a <time datetime>, on the board and on the page.
        foreach (var shown in new[] { $"/consultations/{board.Id}", path })
        {
            var (_, html) = await moderator.Page(shown);
            var time = html.QuerySelector("time[data-deadline]")!;
            Assert.Equal("2028-01-15T09:00:00Z", time.GetAttribute("datetime"));
            Assert.Contains("09:00 UTC", time.TextContent);
        }

        var (_, console) = await moderator.Page($"/moderation/{board.Id}");
        Assert.Equal("2028-01-15T09:00:00Z", console.QuerySelector("#phase time[data-deadline]")!.GetAttribute("datetime"));
        Assert.NotNull(console.QuerySelector($"#phase a[href='{path}']"));

        var cancelled = await moderator.Post(path + "?handler=cancel", new(), path);
        Assert.Equal(HttpStatusCode.Redirect, cancelled.StatusCode);
        Assert.Null((await Status(board.Id)).EndsAt);
        var (_, after) = await moderator.Page($"/consultations/{board.Id}");
        Assert.Null(after.QuerySelector("time[data-deadline]"));
    }

    [Fact]
    public async Task a_refused_form_shows_the_problem_and_keeps_what_was_typed_and_changes_nothing()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var path = PathOf(board.Id);
        var moderator = await Moderator();

        var (status, page, _) = await moderator.Submit(path, new() { ["endsAt"] = "2001-01-01T10:00", ["timeZone"] = "UTC" }, path);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(page.QuerySelector("#problem"));
        Assert.Equal("true", page.QuerySelector("#endsAt")!.GetAttribute("aria-invalid"));
        Assert.Equal("2001-01-01T10:00", page.QuerySelector("#endsAt")!.GetAttribute("value"));

        (status, page, _) = await moderator.Submit(path, new() { ["endsAt"] = "", ["timeZone"] = "UTC" }, path);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, page, _) = await moderator.Submit(path, new() { ["endsAt"] = "2028-01-15T10:00", ["timeZone"] = "Mars/Olympus" }, path);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("true", page.QuerySelector("#timeZone")!.GetAttribute("aria-invalid"));
        // A screen that saw another phase.
        (status, page, _) = await moderator.Submit(path, new() { ["endsAt"] = "2028-01-15T10:00", ["timeZone"] = "UTC", ["phase"] = "Inputs" }, path);
        Assert.Equal(HttpStatusCode.Conflict, status);
        (status, _, _) = await moderator.Submit(path + "?handler=cancel", new(), path);
        Assert.Equal(HttpStatusCode.Conflict, status);

        Assert.Null((await Status(board.Id)).EndsAt);
        Assert.Equal(ConsultationPhase.Drafting, (await Status(board.Id)).Phase);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    [InlineData("es")]
    public async Task the_deadline_page_has_no_axe_violation_and_the_board_shows_the_time_left_in_the_readers_zone(string lang)
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var moderator = await app.NewModerator();
        var scheduled = await app.ClientFor(Delegates.Moderator()).PutAsJsonAsync($"/api/consultations/{board.Id}/phase-end",
            new { endsAt = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(3).AddHours(10), TimeSpan.Zero) }, AppFixture.Json);
        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);

        await using var browser = await chromium.SignedInPage(app.BaseAddress, moderator.Email);
        var tab = browser.Page;
        // A reader in Tokyo (UTC+9): 10:00 UTC is 19:00 there.
        var cdp = await tab.Context.NewCDPSessionAsync(tab);
        await cdp.SendAsync("Emulation.setTimezoneOverride", new Dictionary<string, object> { ["timezoneId"] = "Asia/Tokyo" });
        var response = await tab.GotoAsync($"{PathOf(board.Id)}?lang={lang}");
        Assert.Equal(200, response!.Status);
        Assert.Equal(lang, await tab.Locator("html").GetAttributeAsync("lang"));
        // deadline.js wrote the time left next to the localised time.
        await tab.WaitForFunctionAsync("() => document.querySelector('[data-time-left]')?.textContent.trim().length > 0",
            null, new PageWaitForFunctionOptions { Timeout = 10000 });
        var local = await tab.Locator("time[data-deadline]").TextContentAsync() ?? "";
        Assert.Contains(lang == "en" ? "7:00" : "19:00", local);
        Assert.DoesNotContain("10:00", local);
        await tab.Screenshot($"phase-end-{lang}");
        await tab.AssertNoAxeViolations();
        browser.AssertNoErrors();

        await tab.GotoAsync($"/consultations/{board.Id}?lang={lang}");
        await tab.Locator("#board[data-live=connected]").WaitForAsync(new LocatorWaitForOptions { Timeout = 10000 });
        await tab.WaitForFunctionAsync("() => document.querySelector('[data-time-left]')?.textContent.trim().length > 0",
            null, new PageWaitForFunctionOptions { Timeout = 10000 });
        await tab.AssertNoAxeViolations();
        browser.AssertNoErrors();
    }
}
