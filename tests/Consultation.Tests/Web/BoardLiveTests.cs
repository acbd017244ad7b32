using System.Text.RegularExpressions;
using System.Diagnostics;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Tests.Support;
using Microsoft.Playwright;

namespace ConsultationPlatform.Tests.Web;

/// <summary>The board in a real browser: live without reload, and complete without JavaScript.</summary>
[Collection(PlatformCollection.Name)]
public sealed class BoardLiveTests(AppFixture app, Chromium chromium)
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task an_endorsement_appears_on_every_open_board_within_a_second_without_reload()
    {
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = board.ActionPoints.Single(p => p.Number == 2);
        await using var english = await chromium.NewPage(app.BaseAddress);
        await using var french = await chromium.NewPage(app.BaseAddress);
        await Open(english.Page, $"/consultations/{board.Id}?lang=en");
        await Open(french.Page, $"/consultations/{board.Id}?lang=fr");
        var entry = $"#point-2";
        Assert.Equal("0", await english.Page.Locator($"{entry} [data-field=current]").TextContentAsync());

        var clock = Stopwatch.StartNew();
        var endorsed = await app.ClientFor(Delegates.State("Philippines")).PostAsJsonAsync(
            $"/api/action-points/{point.Id}/endorsements", new { version = 1, reservation = "On paragraph two." }, AppFixture.Json);
        Assert.True(endorsed.IsSuccessStatusCode, await endorsed.Content.ReadAsStringAsync());
        var committed = clock.Elapsed;

        foreach (var page in new[] { english.Page, french.Page })
            await page.WaitForFunctionAsync(
                "sel => document.querySelector(sel)?.textContent === '1'", $"{entry} [data-field=current]",
                new PageWaitForFunctionOptions { Timeout = 5000 });
        var shown = clock.Elapsed - committed;
        Assert.True(shown < Second, $"The new count reached both boards {shown.TotalMilliseconds:F0} ms after the endorsement was committed; it must within a second.");

        foreach (var page in new[] { english.Page, french.Page })
        {
            // The same document: nothing reloaded it.
            Assert.True(await page.EvaluateAsync<bool>("() => window.__openedOnce === true"));
            Assert.Equal("1", await page.Locator($"{entry} [data-field=reservations]").TextContentAsync());
        }

        Assert.Contains("Member states", await english.Page.Locator($"{entry} [data-field=current-groups]").TextContentAsync());
        Assert.Contains("États membres", await french.Page.Locator($"{entry} [data-field=current-groups]").TextContentAsync());
        Assert.Contains("2", await french.Page.Locator("#live-announcer").TextContentAsync());
        english.AssertNoErrors();
        french.AssertNoErrors();
    }

    [Fact]
    public async Task the_board_is_complete_without_javascript()
    {
        var scenario = await WebScenario.For(app);
        await using var browser = await chromium.NewPage(app.BaseAddress, javaScript: false);
        var response = await browser.Page.GotoAsync(scenario.BoardPath);
        Assert.Equal(200, response!.Status);

        Assert.Equal(scenario.Board.Title, (await browser.Page.Locator("h1").TextContentAsync())?.Trim());
        Assert.Equal(3, await browser.Page.Locator(".challenges li").CountAsync());
        Assert.Equal(scenario.Board.ActionPoints.Count, await browser.Page.Locator("article.point").CountAsync());
        var point = scenario.Board.ActionPoints.Single(p => p.Number == 4);
        var entry = browser.Page.Locator("#point-4");
        Assert.Equal(point.Text, await entry.Locator("[data-field=text]").TextContentAsync());
        Assert.Equal("Version 2", await entry.Locator("[data-field=version]").TextContentAsync());
        Assert.Equal("1", await entry.Locator("[data-field=current]").TextContentAsync());
        Assert.Equal("2", await entry.Locator("[data-field=earlier]").TextContentAsync());
        Assert.True(await entry.Locator("[data-field=earlier-groups]").IsVisibleAsync());
        // Without script nothing claims to be live, and nothing is hidden that the reader needs.
        Assert.Null(await browser.Page.Locator("#board").GetAttributeAsync("data-live"));
        Assert.False(await browser.Page.Locator("#live-status").IsVisibleAsync());
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task a_board_that_lost_its_connection_says_so_and_catches_up_on_what_it_missed()
    {
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = board.ActionPoints.Single(p => p.Number == 3);
        await using var browser = await chromium.NewPage(app.BaseAddress);
        var page = browser.Page;
        await Open(page, $"/consultations/{board.Id}?lang=en");

        await browser.Context.SetOfflineAsync(true);
        await page.Locator("#board[data-live=disconnected]").WaitForAsync(new LocatorWaitForOptions { Timeout = 60000 });
        Assert.True(await page.Locator("#live-status").IsVisibleAsync());
        Assert.Contains("connection was lost", await page.Locator("#live-status").TextContentAsync());
        Assert.Equal("status", await page.Locator("#live-status").GetAttributeAsync("role"));

        // Missed while away: two endorsements of point 3.
        foreach (var state in new[] { "Fiji", "Tonga" })
        {
            var endorsed = await app.ClientFor(Delegates.State(state)).PostAsJsonAsync(
                $"/api/action-points/{point.Id}/endorsements", new { version = 1 }, AppFixture.Json);
            Assert.True(endorsed.IsSuccessStatusCode, await endorsed.Content.ReadAsStringAsync());
        }

        await browser.Context.SetOfflineAsync(false);
        await page.Locator("#board[data-live=connected]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30000 });
        // What is checked here is that nothing missed is lost, not speed (the two-context test holds the second):
        // the whole suite runs beside it, so the daemon may take a few seconds.
        await page.WaitForFunctionAsync("() => document.querySelector('#point-3 [data-field=current]').textContent === '2'",
            null, new PageWaitForFunctionOptions { Timeout = 20000 });
        Assert.False(await page.Locator("#live-status").IsVisibleAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__openedOnce === true"));
    }

    /// <summary>
    /// Issue 10, defect 3: live changes that arrive while the board rejoins (often before the join's reply with what it
    /// missed) must not make it drop the missed ones. Endorsements go on without a pause while the board is cut off,
    /// the phase changes while it is away (a change no later push carries again), and it reconnects during the writes:
    /// in the end it shows the new phase and every endorsement, without a reload. (The race itself is narrow in a
    /// browser: with live.js's hold-and-merge removed this test still passed twice, so it guards the reconnect path
    /// during writes, not that race deterministically.)
    /// </summary>
    [Fact]
    public async Task a_board_that_reconnects_while_writes_go_on_misses_nothing_it_missed()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting, allowsEarlyEndorsement: true);
        var point = board.ActionPoints.Single(p => p.Number == 5);
        await using var browser = await chromium.NewPage(app.BaseAddress);
        var page = browser.Page;
        await Open(page, $"/consultations/{board.Id}?lang=en");
        Assert.Contains("phase-drafting", await page.Locator("[data-field=phase]").GetAttributeAsync("class"));

        var endorsed = 0;
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var response = await app.ClientFor(Delegates.State($"Writer state {i}")).PostAsJsonAsync(
                    $"/api/action-points/{point.Id}/endorsements", new { version = 1 }, AppFixture.Json);
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
                Interlocked.Increment(ref endorsed);
                await Task.Delay(30);
            }
        });

        async Task WritesGoOn()
        {
            var from = Volatile.Read(ref endorsed);
            while (Volatile.Read(ref endorsed) < from + 3)
            {
                Assert.False(writer.IsFaulted, writer.Exception?.ToString());
                await Task.Delay(20);
            }
        }

        await WritesGoOn();
        await browser.Context.SetOfflineAsync(true);
        await page.Locator("#board[data-live=disconnected]").WaitForAsync(new LocatorWaitForOptions { Timeout = 60000 });
        var moved = await app.ClientFor(Delegates.Moderator()).PostAsJsonAsync($"/api/consultations/{board.Id}/phase",
            new { phase = "endorsement" }, AppFixture.Json);
        Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
        await WritesGoOn();
        await browser.Context.SetOfflineAsync(false); // rejoins while the writer keeps writing
        await page.Locator("#board[data-live=connected]").WaitForAsync(new LocatorWaitForOptions { Timeout = 30000 });
        await WritesGoOn();
        stop.Cancel();
        await writer;

        await page.WaitForFunctionAsync("n => document.querySelector('#point-5 [data-field=current]').textContent === n",
            endorsed.ToString(), new PageWaitForFunctionOptions { Timeout = 20000 });
        Assert.Contains("phase-endorsement", await page.Locator("[data-field=phase]").GetAttributeAsync("class"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__openedOnce === true"));
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task a_board_that_never_received_a_change_gets_it_with_the_next_one_without_a_reload()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting, allowsEarlyEndorsement: true);
        var point = board.ActionPoints.Single(p => p.Number == 5);
        await using var browser = await chromium.NewPage(app.BaseAddress);
        var page = browser.Page;
        // Between the server and the page, the push of the phase change is lost: as when the node that committed it
        // dies before pushing it, and the node that takes over starts after it.
        var dropped = 0;
        await page.RouteWebSocketAsync(new Regex("/hubs/consultation"), socket =>
        {
            var server = socket.ConnectToServer();
            socket.OnMessage(frame => { if (frame.Text is { } text) server.Send(text); else server.Send(frame.Binary!); });
            server.OnMessage(frame =>
            {
                if (frame.Text is { } text && text.Contains("consultation_phase_changed") && Interlocked.Exchange(ref dropped, 1) == 0) return;
                if (frame.Text is { } t) socket.Send(t); else socket.Send(frame.Binary!);
            });
        });
        await Open(page, $"/consultations/{board.Id}?lang=en");

        var moved = await app.ClientFor(Delegates.Moderator()).PostAsJsonAsync($"/api/consultations/{board.Id}/phase",
            new { phase = "endorsement" }, AppFixture.Json);
        Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync());
        // The change was pushed, and lost on the way: the page never got it.
        for (var waited = 0; Volatile.Read(ref dropped) == 0; waited += 50)
        {
            Assert.True(waited < 20000, "The phase change was never pushed.");
            await Task.Delay(50);
        }
        Assert.Contains("phase-drafting", await page.Locator("[data-field=phase]").GetAttributeAsync("class"));

        // The next change's batch says which change came before it; the page joins again from the last it saw.
        var endorsed = await app.ClientFor(Delegates.State("After the lost push")).PostAsJsonAsync(
            $"/api/action-points/{point.Id}/endorsements", new { version = 1 }, AppFixture.Json);
        Assert.True(endorsed.IsSuccessStatusCode, await endorsed.Content.ReadAsStringAsync());
        await page.WaitForFunctionAsync("() => document.querySelector('#point-5 [data-field=current]').textContent === '1'",
            null, new PageWaitForFunctionOptions { Timeout = 20000 });
        await page.Locator("[data-field=phase].phase-endorsement").WaitForAsync(new LocatorWaitForOptions { Timeout = 10000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__openedOnce === true"));
        browser.AssertNoErrors();
    }

    /// <summary>Opens the board, marks the document (a reload would lose the mark) and waits until it is live.</summary>
    [Fact]
    public async Task a_point_deleted_merged_away_or_added_by_an_accepted_amendment_leaves_or_joins_the_open_board_without_reload()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var three = board.ActionPoints.Single(p => p.Number == 3);
        var five = board.ActionPoints.Single(p => p.Number == 5);
        var six = board.ActionPoints.Single(p => p.Number == 6);
        var proposer = app.ClientFor(Delegates.CivilSociety());
        var moderator = app.ClientFor(Delegates.Moderator());
        await using var browser = await chromium.NewPage(app.BaseAddress);
        var page = browser.Page;
        await Open(page, $"/consultations/{board.Id}?lang=en");
        Assert.Equal(8, await page.Locator("#board article.point").CountAsync());

        async Task Accepted(string path, object body)
        {
            var proposed = await proposer.PostAsJsonAsync(path, body, AppFixture.Json);
            Assert.True(proposed.IsSuccessStatusCode, await proposed.Content.ReadAsStringAsync());
            var id = (await proposed.Content.ReadFromJsonAsync<ConsultationPlatform.Amendments.AmendmentProposal>(AppFixture.Json))!.AmendmentId;
            var accepted = await moderator.PostAsync($"/api/amendments/{id}/accept", null);
            Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
        }

        Task Until(string condition) => page.WaitForFunctionAsync(condition, null, new PageWaitForFunctionOptions { Timeout = 10000 });

        await Accepted($"/api/action-points/{three.Id}/amendments/delete", new { baseVersion = 1, rationale = "Covered by point 4." });
        await Until($"() => !document.querySelector('#board [data-point-id=\"{three.Id}\"]')");
        Assert.Equal(7, await page.Locator("#board article.point").CountAsync());
        Assert.Contains("Action point 3", await page.Locator(".withdrawn-points").TextContentAsync());
        await Until("() => document.getElementById('live-announcer').textContent.includes('3')");

        var merged = five.Text + " " + six.Text;
        await Accepted($"/api/action-points/{five.Id}/amendments/merge",
            new { baseVersion = 1, mergeWith = six.Id, mergeWithBaseVersion = 1, text = merged, rationale = "One point on platforms." });
        await Until($"() => !document.querySelector('#board [data-point-id=\"{six.Id}\"]')");
        await Until($"() => document.querySelector('#board [data-point-id=\"{five.Id}\"] [data-field=text]')?.textContent === {System.Text.Json.JsonSerializer.Serialize(merged)}");
        Assert.Equal(2, await page.Locator(".withdrawn-points li").CountAsync());

        const string added = "Gather comparable data on the costs of recruitment paid by migrant workers.";
        await Accepted($"/api/consultations/{board.Id}/amendments/add-point", new { text = added, rationale = "Data are missing." });
        await Until("() => document.querySelector('#board #point-9 [data-field=text]')?.textContent === " + System.Text.Json.JsonSerializer.Serialize(added));
        Assert.Equal(["1", "2", "4", "5", "7", "8", "9"], await page.Locator("#board article.point").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.number)"));

        // An endorsement of the new point is drawn live too, and nothing reloaded the page.
        await moderator.PostAsJsonAsync($"/api/consultations/{board.Id}/phase", new { phase = "endorsement" }, AppFixture.Json);
        var newId = await page.Locator("#board #point-9").GetAttributeAsync("data-point-id");
        var endorsed = await app.ClientFor(Delegates.State("Ecuador")).PostAsJsonAsync($"/api/action-points/{newId}/endorsements", new { version = 1 }, AppFixture.Json);
        Assert.True(endorsed.IsSuccessStatusCode, await endorsed.Content.ReadAsStringAsync());
        await Until("() => document.querySelector('#board #point-9 [data-field=current]')?.textContent === '1'");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__openedOnce === true"));
        browser.AssertNoErrors();
    }

    private static async Task Open(IPage page, string path)
    {
        var response = await page.GotoAsync(path);
        Assert.Equal(200, response!.Status);
        await page.EvaluateAsync("() => { window.__openedOnce = true; }");
        await page.Locator("#board[data-live=connected]").WaitForAsync(new LocatorWaitForOptions { Timeout = 10000 });
    }
}
