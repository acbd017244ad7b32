using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Amendments;
using ConsultationPlatform.Tests.Support;
using Microsoft.Playwright;

namespace ConsultationPlatform.Tests.Web;

/// <summary>The action point page live, and the amendment editor's word diff drawn in the browser as it is typed.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PointLiveTests(AppFixture app, Chromium chromium)
{
    [Fact]
    public async Task the_point_page_redraws_what_a_change_touches_without_reload_keeping_the_amendment_being_written()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting, allowsEarlyEndorsement: true);
        var point = board.ActionPoints.Single(p => p.Number == 1);
        var (account, _) = await app.NewDelegate("Drafting Network", StakeholderGroup.CivilSociety, board.Id);
        await using var reader = await chromium.NewPage(app.BaseAddress);
        await using var writer = await chromium.SignedInPage(app.BaseAddress, account.Email);
        foreach (var page in new[] { reader.Page, writer.Page })
        {
            await page.GotoAsync($"/action-points/{point.Id}?lang=en");
            await page.EvaluateAsync("() => { window.__openedOnce = true; }");
            await page.Locator("#point-live[data-live=connected]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 10000 });
        }

        // The delegate is writing an amendment to version 1.
        var editor = writer.Page.Locator("#amendmentText");
        var draft = point.Text.Replace("whole-of-government approach", "whole-of-society approach");
        await editor.FillAsync(draft);

        // A state endorses: the tally and the table change on both pages within a second.
        var clock = Stopwatch.StartNew();
        await WebPeople.Ok(app.ClientFor(Delegates.State("Ecuador")).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = 1 }, AppFixture.Json));
        var committed = clock.Elapsed;
        await reader.Page.WaitForFunctionAsync("() => document.querySelector('[data-live-part=endorsements] .tally dd').textContent === '1'",
            null, new PageWaitForFunctionOptions { Timeout = 15000 });
        var shown = clock.Elapsed - committed;
        Assert.True(shown < TimeSpan.FromSeconds(1), $"The endorsement reached the point page {shown.TotalMilliseconds:F0} ms after it was committed; it must within a second.");
        Assert.Contains("Ecuador", await reader.Page.Locator("[data-live-part=endorsements] table").TextContentAsync());

        // Someone else's amendment is accepted: version 2, the diff, the amendment's fate; the draft stays as typed.
        var api = new AmendmentApi(app);
        var other = await api.Proposed(Delegates.CivilSociety("Faster Drafters"), point.Id, 1, point.Text.Replace("coherent migration policies", "coherent and humane migration policies"));
        await WebPeople.Ok(api.Accept(Delegates.Moderator(), other));
        await reader.Page.WaitForFunctionAsync("() => document.querySelector('[data-live-part=summary]').dataset.version === '2'",
            null, new PageWaitForFunctionOptions { Timeout = 15000 });
        Assert.Contains("coherent and humane migration policies", await reader.Page.Locator(".current-text").TextContentAsync());
        Assert.Contains("for version 1", await reader.Page.Locator("[data-live-part=endorsements] table").TextContentAsync());
        Assert.Contains("Accepted", await reader.Page.Locator($"article.amendment:has(#amendment-{other})").TextContentAsync());
        Assert.Contains("and humane", await reader.Page.Locator("#diff-heading ~ .diff ins").First.TextContentAsync());
        await reader.Page.WaitForFunctionAsync("() => document.querySelector('#live-announcer').textContent.includes('version 2')",
            null, new PageWaitForFunctionOptions { Timeout = 15000 });

        await writer.Page.WaitForFunctionAsync("() => document.querySelector('[data-live-part=summary]').dataset.version === '2'",
            null, new PageWaitForFunctionOptions { Timeout = 15000 });
        Assert.Equal(draft, await editor.InputValueAsync());
        Assert.Equal("1", await writer.Page.Locator("#propose ~ form input[name=baseVersion]").InputValueAsync());
        Assert.Contains("now at version 2", await writer.Page.Locator("[data-field=propose-behind]").TextContentAsync());

        foreach (var browser in new[] { reader, writer })
        {
            Assert.True(await browser.Page.EvaluateAsync<bool>("() => window.__openedOnce === true"));
            browser.AssertNoErrors();
        }
    }

    [Fact]
    public async Task the_amendment_editor_draws_its_word_diff_as_it_is_typed()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var point = board.ActionPoints.Single(p => p.Number == 6);
        var (account, _) = await app.NewDelegate("Typing Network", StakeholderGroup.CivilSociety, board.Id);
        await using var browser = await chromium.SignedInPage(app.BaseAddress, account.Email);
        var page = browser.Page;
        await page.GotoAsync($"/action-points/{point.Id}?lang=fr");
        var preview = page.Locator("[data-diff-preview-for=amendmentText]");
        Assert.True(await preview.IsHiddenAsync());

        // Keyboard only: select the words and type over them.
        await page.TabTo("#amendmentText");
        await page.Keyboard.PressAsync("Control+Home");
        for (var i = 0; i < "Continue to engage".Length; i++) await page.Keyboard.PressAsync("Shift+ArrowRight");
        await page.Keyboard.TypeAsync("Engage fully");
        await preview.Locator("ins").WaitForAsync(new LocatorWaitForOptions { Timeout = 2000 });
        Assert.True(await preview.IsVisibleAsync());
        Assert.Equal("[ajouté : Engage fully ]", await Text(preview.Locator("ins")));
        Assert.Equal("[supprimé : Continue to engage ]", await Text(preview.Locator("del")));
        Assert.Equal("Vos modifications de la version 1", await preview.Locator("h4").TextContentAsync());
        // Once typing pauses, the count of changes is said politely.
        await page.WaitForFunctionAsync("() => document.querySelector('[data-diff-summary]').textContent.includes('mots ajoutés')",
            null, new PageWaitForFunctionOptions { Timeout = 15000 });
        Assert.Equal("polite", await preview.Locator("[data-diff-summary]").GetAttributeAsync("aria-live"));
        browser.AssertNoErrors();
    }

    private static readonly (string From, string To)[] Pairs =
    [
        ("Continue to engage in the GFMD as the leading platform.", "Engage fully in the GFMD as the leading platform."),
        ("Recognize the civil society as important actors.", "Recognize civil society as important and essential actors, not only as grassroots actors."),
        ("Adopt a human rights-based approach; governments should consider ratifying.", "Adopt a rights-based approach. Governments should ratify, without delay."),
        ("L’État s’engage à protéger les migrants.", "L’État s’engage pleinement à protéger tous les migrants."),
        ("A B C D E F", "A X C Y E Z"),
        ("  Leading spaces\r\nand lines.", "Leading spaces\nand more lines."),
        ("", "Something new."),
        ("Same text.", "Same text."),
    ];

    /// <summary>The browser splits and diffs as the server does (the server's diff is the reference).</summary>
    [Fact]
    public async Task the_browsers_word_diff_agrees_with_the_servers()
    {
        await using var browser = await chromium.NewPage(app.BaseAddress);
        var scenario = await WebScenario.For(app);
        await browser.Page.GotoAsync(scenario.PointPath);
        var results = await browser.Page.EvaluateAsync<JsonElement>(
            "async (pairs) => { const m = await import(document.querySelector('script[src*=worddiff]').src); " +
            "return pairs.map(([from, to]) => ({ words: m.words(to), segments: m.diff(from, to) })); }",
            Pairs.Select(p => new[] { p.From, p.To }).ToArray());
        foreach (var ((from, to), result) in Pairs.Zip(results.EnumerateArray()))
        {
            Assert.Equal(WordChunker.Words(to), result.GetProperty("words").EnumerateArray().Select(w => w.GetString()!).ToArray());
            var segments = result.GetProperty("segments").EnumerateArray()
                .Select(s => new DiffSegment(s.GetProperty("kind").GetString() switch
                {
                    "inserted" => SegmentKind.Inserted,
                    "deleted" => SegmentKind.Deleted,
                    _ => SegmentKind.Unchanged,
                }, s.GetProperty("text").GetString()!)).ToList();
            Assert.True(WordDiff.Diff(from, to).SequenceEqual(segments), $"The browser's diff of \"{from}\" to \"{to}\" differs from the server's.");
        }
    }

    private static async Task<string> Text(ILocator locator) => (await locator.First.TextContentAsync())!;
}
