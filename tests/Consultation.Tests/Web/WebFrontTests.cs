using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using ConsultationPlatform.Tests.Support;
using ConsultationPlatform.Web;

namespace ConsultationPlatform.Tests.Web;

/// <summary>The pages over plain HTTP: languages, headers, compression, static assets, content, and the resource files.</summary>
[Collection(PlatformCollection.Name)]
public sealed partial class WebFrontTests(AppFixture app)
{
    /// <summary>No cookie jar: each request says its own language (or none).</summary>
    private HttpClient Client { get; } = new(new HttpClientHandler { UseCookies = false }) { BaseAddress = app.BaseAddress };

    private async Task<(HttpResponseMessage Response, IHtmlDocument Document)> Get(string path, Action<HttpRequestMessage>? configure = null, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        configure?.Invoke(request);
        var response = await (client ?? Client).SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();
        return (response, new HtmlParser().ParseDocument(html));
    }

    [Theory]
    [InlineData("en", "Consultations", "Skip to content")]
    [InlineData("fr", "Consultations", "Aller au contenu")]
    [InlineData("es", "Consultas", "Ir al contenido")]
    public async Task a_page_answers_in_the_language_asked_for_and_remembers_it(string lang, string heading, string skipLink)
    {
        var (response, page) = await Get($"/?lang={lang}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(lang, page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("ltr", page.DocumentElement.GetAttribute("dir"));
        Assert.Equal(heading, page.QuerySelector("h1")!.TextContent);
        Assert.Equal(skipLink, page.QuerySelector("a.skip-link")!.TextContent);
        Assert.Equal("true", page.QuerySelector($".languages a[lang={lang}]")!.GetAttribute("aria-current"));

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(WebFront.LanguageCookie + "="));
        var (_, remembered) = await Get("/", r => r.Headers.Add("Cookie", cookie.Split(';')[0]));
        Assert.Equal(lang, remembered.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task without_a_choice_the_browser_language_is_used_and_english_otherwise()
    {
        var (_, spanish) = await Get("/", r => r.Headers.Add("Accept-Language", "es-MX,es;q=0.9"));
        Assert.Equal("es", spanish.DocumentElement.GetAttribute("lang"));
        var (_, other) = await Get("/", r => r.Headers.Add("Accept-Language", "de-DE"));
        Assert.Equal("en", other.DocumentElement.GetAttribute("lang"));
        var (response, unknown) = await Get("/?lang=xx");
        Assert.Equal("en", unknown.DocumentElement.GetAttribute("lang"));
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(WebFront.LanguageCookie)));
    }

    [Fact]
    public async Task the_language_switch_keeps_the_page_and_its_query()
    {
        var scenario = await WebScenario.For(app);
        var (_, page) = await Get($"{scenario.PointPath}?from=1&to=2&lang=en");
        var french = page.QuerySelector(".languages a[lang=fr]")!.GetAttribute("href");
        Assert.Equal($"{scenario.PointPath}?from=1&to=2&lang=fr", french);
    }

    [Fact]
    public async Task pages_carry_a_content_security_policy_and_no_inline_script()
    {
        var scenario = await WebScenario.For(app);
        foreach (var path in new[] { "/", scenario.BoardPath, scenario.PointPath, scenario.HistoryPath })
        {
            var (response, page) = await Get(path);
            var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", policy);
            Assert.DoesNotContain("unsafe-inline", policy);
            Assert.DoesNotContain("unsafe-eval", policy);
            Assert.Contains("frame-ancestors 'none'", policy);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.All(page.Scripts, s => Assert.False(string.IsNullOrEmpty(s.Source), $"{path} has an inline script"));
            Assert.Empty(page.QuerySelectorAll("[style]"));
            Assert.DoesNotContain(page.All, e => e.Attributes.Any(a => a.Name.StartsWith("on")));
        }
    }

    [Fact]
    public async Task pages_are_compressed_and_static_assets_fingerprinted_and_cached()
    {
        var scenario = await WebScenario.For(app);
        using var client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None, UseCookies = false }) { BaseAddress = app.BaseAddress };
        var (response, _) = await Get(scenario.BoardPath, r => r.Headers.Add("Accept-Encoding", "br, gzip"), client);
        Assert.Equal("br", response.Content.Headers.ContentEncoding.Single());

        var (_, page) = await Get(scenario.BoardPath);
        var assets = page.QuerySelectorAll("link[rel=stylesheet], script[src]")
            .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")).ToList();
        Assert.Equal(4, assets.Count); // the styles, the SignalR client, live.js (the shared connection), board.js
        var (_, point) = await Get(scenario.PointPath);
        var pointAssets = point.QuerySelectorAll("link[rel=stylesheet], script[src]")
            .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")).ToList();
        Assert.Equal(6, pointAssets.Count); // the styles, outcome.css (the provenance), the SignalR client, live.js, point.js, worddiff.js
        foreach (var asset in assets.Concat(pointAssets).Distinct())
        {
            Assert.Matches(Fingerprinted(), asset);
            var request = new HttpRequestMessage(HttpMethod.Get, asset);
            request.Headers.Add("Accept-Encoding", "gzip");
            var served = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Contains("immutable", served.Headers.CacheControl!.ToString());
            Assert.Equal("gzip", served.Content.Headers.ContentEncoding.Single());
        }
    }

    [GeneratedRegex(@"^/(css|js|lib/signalr)/[a-z.]+\.[a-z0-9]{10}\.(css|js)$")]
    private static partial Regex Fingerprinted();

    [Theory]
    [InlineData("/consultations/{0}")]
    [InlineData("/consultations/no-such-slug")]
    [InlineData("/action-points/{0}")]
    [InlineData("/consultations/{0}/history")]
    public async Task an_unknown_address_answers_a_404_page_in_the_readers_language(string template)
    {
        var (response, page) = await Get(string.Format(template, Guid.NewGuid()) + "?lang=fr");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Introuvable", page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task the_board_shows_each_point_with_its_version_and_consensus_by_group()
    {
        var scenario = await WebScenario.For(app);
        var (_, page) = await Get(scenario.BoardPath + "?lang=en");
        var entry = page.QuerySelector("#point-4")!;
        Assert.Equal("Version 2", entry.QuerySelector("[data-field=version]")!.TextContent);
        Assert.Equal(scenario.Board.ActionPoints.Single(p => p.Number == 4).Text, entry.QuerySelector("[data-field=text]")!.TextContent);
        Assert.Equal("1", entry.QuerySelector("[data-field=current]")!.TextContent); // Mexico, for version 2
        Assert.Equal("0", entry.QuerySelector("[data-field=reservations]")!.TextContent);
        Assert.Equal("2", entry.QuerySelector("[data-field=earlier]")!.TextContent); // Ghana and Uganda, still for version 1
        Assert.Equal("Member states: 1", entry.QuerySelector("[data-field=current-groups]")!.TextContent.Trim());
        Assert.Equal("Member states: 2", entry.QuerySelector("[data-field=earlier-groups]")!.TextContent.Trim());
        Assert.Null(entry.QuerySelector("[data-field=earlier-block]")!.GetAttribute("hidden"));
        Assert.NotNull(page.QuerySelector("#point-1 [data-field=earlier-block]")!.GetAttribute("hidden"));
        Assert.Equal(scenario.Board.Id.ToString(), page.QuerySelector("#board")!.GetAttribute("data-consultation-id"));
        Assert.True(long.Parse(page.QuerySelector("#board")!.GetAttribute("data-position")!) > 0);
    }

    [Fact]
    public async Task the_action_point_page_shows_versions_diff_amendments_endorsements_and_inputs()
    {
        var scenario = await WebScenario.For(app);
        var (_, page) = await Get(scenario.PointPath + "?lang=en");
        Assert.Equal("Action point 4", page.QuerySelector("h1")!.TextContent);
        // The last change by default: version 1 to 2, word by word.
        Assert.Equal("Changes from version 1 to version 2", page.QuerySelector("#diff-heading")!.TextContent);
        Assert.Contains("Promote", page.QuerySelectorAll(".diff ins").Select(i => i.TextContent).First());
        Assert.Contains("Embrace", page.QuerySelectorAll(".diff del").Select(i => i.TextContent).First());
        Assert.Equal(2, page.QuerySelectorAll("ol.versions > li").Length);

        var rows = page.QuerySelectorAll("table tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("Mexico") && r.Contains("the current version"));
        Assert.Contains(rows, r => r.Contains("Ghana") && r.Contains("for version 1") && r.Contains("Subject to national legislation."));

        var amendments = page.QuerySelectorAll("article.amendment").Select(a => a.TextContent).ToList();
        Assert.Contains(amendments, a => a.Contains("Migrant Forum in Asia") && a.Contains("Accepted") && a.Contains("became version 2"));
        Assert.Contains(amendments, a => a.Contains("Business Council") && a.Contains("Rejected") && a.Contains("It replaces the point"));

        var input = page.QuerySelector($"#input-{scenario.SubmissionId}")!.ParentElement!;
        Assert.Equal("Cheaper remittances", input.QuerySelector("h3")!.TextContent);
        Assert.Equal("must", input.QuerySelector(".input-body strong")!.TextContent);
        Assert.Equal(2, input.QuerySelectorAll(".input-body li").Length);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(1, 2)]
    [InlineData(1, 1)]
    public async Task any_two_versions_can_be_compared(int from, int to)
    {
        var scenario = await WebScenario.For(app);
        var (_, page) = await Get($"{scenario.PointPath}?from={from}&to={to}&lang=en");
        Assert.Equal($"Changes from version {from} to version {to}", page.QuerySelector("#diff-heading")!.TextContent);
        Assert.Equal(from.ToString(), page.QuerySelector("select#from option[selected]")!.GetAttribute("value"));
        Assert.Equal(to.ToString(), page.QuerySelector("select#to option[selected]")!.GetAttribute("value"));
        var changes = page.QuerySelectorAll("#versions-heading ~ .diff ins, #versions-heading ~ .diff del").Length;
        if (from == to) Assert.Equal(0, changes);
        else Assert.True(changes >= 2, $"{changes} changes");
    }

    [Fact]
    public async Task comparing_a_version_that_does_not_exist_says_which()
    {
        var scenario = await WebScenario.For(app);
        var (response, page) = await Get(scenario.PointPath + "?from=1&to=9&lang=en");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(page.QuerySelector("#diff-heading"));
        Assert.Contains("there is no version 9", page.QuerySelector(".error[role=alert]")!.TextContent);
    }

    [Fact]
    public async Task the_public_history_lists_public_changes_newest_first_and_nothing_private()
    {
        var scenario = await WebScenario.For(app);
        var (_, page) = await Get(scenario.HistoryPath + "?lang=en");
        var entries = page.QuerySelectorAll("ol.history > li").Select(li => li.TextContent).ToList();
        Assert.Contains(entries, e => e.Contains("Endorsement given") && e.Contains("Mexico"));
        Assert.Contains(entries, e => e.Contains("Amendment accepted"));
        Assert.Contains(entries, e => e.Contains("Input published"));
        Assert.DoesNotContain(entries, e => e.Contains("submission received") || e.Contains("Input received"));
        var positions = entries.Select(e => long.Parse(Regex.Match(e, @"#(\d+)").Groups[1].Value)).ToList();
        Assert.Equal(positions.OrderDescending(), positions);
    }

    [Fact]
    public void every_interface_text_exists_in_all_six_languages()
    {
        var root = RepositoryRoot();
        var resources = Path.Combine(root, "src", "Consultation", "Web", "Resources");
        Dictionary<string, string> Read(string file) => XDocument.Load(Path.Combine(resources, file)).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);
        var english = Read("SharedResource.resx");
        Assert.Equal(["en", "fr", "es", "ar", "zh-Hans", "ru"], ConsultationPlatform.Web.WebFront.Languages);
        foreach (var other in ConsultationPlatform.Web.WebFront.Languages.Skip(1).Select(l => $"SharedResource.{l}.resx"))
        {
            var translated = Read(other);
            Assert.Equal(english.Keys.Order(), translated.Keys.Order());
            Assert.All(translated, t => Assert.False(string.IsNullOrWhiteSpace(t.Value), $"{other}: {t.Key} is empty"));
        }

        var used = Directory.EnumerateFiles(Path.Combine(root, "src", "Consultation", "Web"), "*.cs*", SearchOption.AllDirectories)
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"\b[Tt]\[""([A-Za-z_]+)""").Select(m => m.Groups[1].Value))
            .Distinct().ToList();
        Assert.NotEmpty(used);
        used.AddRange(Enum.GetNames<ConsultationPlatform.Consultations.ConsultationPhase>().SelectMany(p => new[] { $"Phase_{p}", $"PhaseHelp_{p}" }));
        used.AddRange(Enum.GetNames<ConsultationPlatform.Stakeholders.StakeholderGroup>().Select(g => $"Group_{g}"));
        used.AddRange(Enum.GetNames<ConsultationPlatform.Amendments.AmendmentStatus>().Select(a => $"Amendment_{a}"));
        Assert.All(used, key => Assert.True(english.ContainsKey(key), $"The pages use the text {key}, which SharedResource.resx lacks."));
    }

    [Fact]
    public void the_styles_use_logical_properties_only_so_right_to_left_needs_no_other_css()
    {
        var css = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Consultation", "wwwroot", "css", "site.css"));
        var physical = PhysicalProperty().Matches(css).Select(m => m.Value).ToList();
        Assert.True(physical.Count == 0, "Physical (left/right) properties in site.css: " + string.Join(", ", physical));
    }

    [GeneratedRegex(@"(?<![\w-])(margin|padding|border)-(left|right)\b|(?<![\w-])(left|right)\s*:|text-align\s*:\s*(left|right)|float\s*:\s*(left|right)")]
    private static partial Regex PhysicalProperty();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Consultation.sln"))) return dir.FullName;
        throw new InvalidOperationException("The tests run from inside the repository.");
    }
}
