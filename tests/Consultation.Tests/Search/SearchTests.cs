using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Search;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Tests.Support;
using Marten.Events;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.Search;

/// <summary>
/// Search end to end, on the real index (the async projection) and PostgreSQL's own stemmers. What each stemmer does was
/// tried in psql first (PostgreSQL 15): english 'migrants' → 'migrant'; french 'migrantes' and 'migrant' → 'migr', but
/// 'envois' stays 'envois' and 'envoi' 'envoi'; spanish 'remesas' → 'remes' like 'remesa', 'trabajadores' → 'trabaj';
/// simple (any other language) keeps every word as written.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SearchTests(AppFixture app)
{
    private static readonly Actor Moderator = Delegates.Moderator();

    private static string Token() => "tok" + Guid.NewGuid().ToString("N")[..12];

    private async Task<ConsultationBoard> Consultation(ConsultationPhase phase = ConsultationPhase.Inputs, bool preModerated = true)
    {
        var board = await app.NewConsultation(phase);
        if (!preModerated)
            (await app.ClientFor(Moderator).PutAsJsonAsync($"/api/consultations/{board.Id}/rules",
                new { inputsPreModerated = false, allowsEarlyEndorsement = false }, AppFixture.Json)).EnsureSuccessStatusCode();
        return board;
    }

    private async Task<Guid> Submit(Actor author, Guid consultationId, string body, string language = "en", string? title = null, Guid? pointId = null)
    {
        var response = await app.ClientFor(author).PostAsJsonAsync($"/api/consultations/{consultationId}/submissions",
            new SubmitInput(body, language, title, pointId), AppFixture.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SubmissionCreated>(AppFixture.Json))!.Id;
    }

    private async Task Moderate(Guid submissionId, string act, string? reason = null) =>
        Assert.Equal(HttpStatusCode.NoContent,
            (await app.ClientFor(Moderator).PostAsJsonAsync($"/api/submissions/{submissionId}/{act}", new { reason }, AppFixture.Json)).StatusCode);

    private async Task<SearchResults> Search(Actor? reader, string query)
    {
        await app.App.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var client = reader is null ? app.Http : app.ClientFor(reader);
        var response = await client.GetAsync("/api/search?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SearchResults>(AppFixture.Json))!;
    }

    private Task<SearchResults> Search(Actor? reader, Guid consultationId, string words, string filters = "") =>
        Search(reader, $"q={Uri.EscapeDataString(words)}&consultation={consultationId}{filters}");

    [Fact]
    public async Task pending_rejected_and_hidden_inputs_reach_only_those_who_may_see_them()
    {
        var board = await Consultation();
        var author = Delegates.CivilSociety("Search author " + Guid.NewGuid().ToString("N")[..6]);
        var other = Delegates.CivilSociety("Another organisation " + Guid.NewGuid().ToString("N")[..6]);
        var (pendingWord, rejectedWord, hiddenWord, publishedWord) = (Token(), Token(), Token(), Token());
        var pending = await Submit(author, board.Id, $"Pending input {pendingWord}.");
        var rejected = await Submit(author, board.Id, $"Rejected input {rejectedWord}.");
        await Moderate(rejected, "reject", "Off topic.");
        var hidden = await Submit(author, board.Id, $"Hidden input {hiddenWord}.");
        await Moderate(hidden, "publish");
        await Moderate(hidden, "hide", "Abusive.");
        var published = await Submit(author, board.Id, $"Published input {publishedWord}.");
        await Moderate(published, "publish");

        foreach (var reader in new[] { null, other, Delegates.State("Search reader state") })
        {
            Assert.Empty((await Search(reader, board.Id, pendingWord)).Hits);
            Assert.Empty((await Search(reader, board.Id, rejectedWord)).Hits);
            Assert.Empty((await Search(reader, board.Id, hiddenWord)).Hits);
            Assert.Equal(published, Assert.Single((await Search(reader, board.Id, publishedWord)).Hits).Id);
        }

        // Nor through a filter, or words that match several of them at once.
        Assert.Equal([published], (await Search(null, board.Id, "input", "&kind=input")).Hits.Select(h => h.Id));

        // Their author sees them all, marked as not public; so does the secretariat.
        foreach (var reader in new[] { author, Moderator })
        {
            var own = Assert.Single((await Search(reader, board.Id, pendingWord)).Hits);
            Assert.Equal((pending, false, "received"), (own.Id, own.Public, own.Status));
            Assert.Equal("rejected", Assert.Single((await Search(reader, board.Id, rejectedWord)).Hits).Status);
            Assert.Equal("hidden", Assert.Single((await Search(reader, board.Id, hiddenWord)).Hits).Status);
        }
    }

    [Fact]
    public async Task english_finds_inflected_forms_ranks_the_closer_match_first_and_marks_the_words_found()
    {
        var board = await Consultation(preModerated: false);
        var author = Delegates.CivilSociety("English author " + Guid.NewGuid().ToString("N")[..6]);
        var word = Token();
        var strong = await Submit(author, board.Id, $"Every migrant worker deserves decent work; migrant rights are human rights. {word}",
            title: "Protecting migrant workers");
        var weak = await Submit(author, board.Id, $"Remittances matter, and so does the cost of sending them; one migrant told us. {word}");

        // The consultation is the test's own: its inputs are these two (its point 4 speaks of migrants too: kind=input leaves it out).
        var results = await Search(null, board.Id, "migrants", "&kind=input");
        Assert.Equal([strong, weak], results.Hits.Select(h => h.Id));
        Assert.True(results.Hits[0].Rank > results.Hits[1].Rank);
        Assert.Equal(2, results.Total);
        var snippet = results.Hits[1].Snippet;
        Assert.Contains(new SnippetPart("migrant", true), snippet);
        Assert.Contains(snippet, p => !p.Hit && p.Text.Contains("Remittances matter"));
        Assert.Contains(new SnippetPart("migrant", true), results.Hits[0].Title);
        Assert.Equal("en", results.Hits[0].Language);

        // English stems: "remittance" finds "Remittances"; the word as written in another language's stemming does not matter.
        Assert.Equal([weak], (await Search(null, board.Id, $"remittance {word}")).Hits.Select(h => h.Id));
        Assert.Empty((await Search(null, board.Id, $"migrations {word}")).Hits);
    }

    [Fact]
    public async Task french_is_stemmed_as_the_french_configuration_does()
    {
        var board = await Consultation(preModerated: false);
        var author = Delegates.CivilSociety("French author " + Guid.NewGuid().ToString("N")[..6]);
        var word = Token();
        var input = await Submit(author, board.Id, $"Les travailleuses migrantes et leurs envois de fonds. {word}", "fr");

        var hit = Assert.Single((await Search(null, board.Id, $"migrant {word}")).Hits);
        Assert.Equal((input, "fr"), (hit.Id, hit.Language));
        Assert.Contains(new SnippetPart("migrantes", true), hit.Snippet);
        Assert.Single((await Search(null, board.Id, $"travailleuse {word}")).Hits);
        // The French snowball stemmer leaves "envois" and "envoi" apart: the search says so too.
        Assert.Single((await Search(null, board.Id, $"envois {word}")).Hits);
        Assert.Empty((await Search(null, board.Id, $"envoi {word}")).Hits);
        Assert.Equal(input, Assert.Single((await Search(null, board.Id, $"migrants {word}", "&language=fr")).Hits).Id);
        Assert.Empty((await Search(null, board.Id, $"migrants {word}", "&language=es")).Hits);
    }

    [Fact]
    public async Task spanish_is_stemmed_and_other_languages_are_matched_word_for_word()
    {
        var board = await Consultation(preModerated: false);
        var author = Delegates.CivilSociety("Spanish author " + Guid.NewGuid().ToString("N")[..6]);
        var word = Token();
        var spanish = await Submit(author, board.Id, $"Las remesas de los trabajadores migrantes deben costar menos. {word}", "es");
        var russian = await Submit(author, board.Id, $"Денежные переводы мигрантов. {word}", "ru");

        var hit = Assert.Single((await Search(null, board.Id, $"remesa trabajador {word}")).Hits);
        Assert.Equal((spanish, "es"), (hit.Id, hit.Language));
        Assert.Contains(new SnippetPart("remesas", true), hit.Snippet);
        Assert.Contains(new SnippetPart("trabajadores", true), hit.Snippet);

        // Russian is indexed with 'simple': the word as written, lower-cased, and no other form of it.
        Assert.Equal(russian, Assert.Single((await Search(null, board.Id, $"мигрантов {word}")).Hits).Id);
        Assert.Empty((await Search(null, board.Id, $"мигрант {word}")).Hits);
    }

    [Fact]
    public async Task amendments_are_found_by_text_and_rationale_and_points_by_their_current_text_with_the_filters()
    {
        var board = await Consultation(ConsultationPhase.Drafting);
        var proposer = Delegates.CivilSociety("Amending NGO " + Guid.NewGuid().ToString("N")[..6]);
        var point = board.ActionPoints.Single(p => p.Number == 4);
        var word = Token();
        var response = await app.ClientFor(proposer).PostAsJsonAsync($"/api/action-points/{point.Id}/amendments",
            new ProposeAmendment(point.Version, point.Text + " Including diaspora associations.", $"Diaspora voices are missing. {word}"), AppFixture.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var amendment = (await response.Content.ReadFromJsonAsync<AmendmentProposal>(AppFixture.Json))!.AmendmentId;

        var byRationale = Assert.Single((await Search(null, board.Id, word)).Hits);
        Assert.Equal((amendment, SearchKind.Amendment, point.Id, 4, StakeholderGroup.CivilSociety, ConsultationPhase.Drafting),
            (byRationale.Id, byRationale.Kind, byRationale.ActionPointId, byRationale.ActionPointNumber, byRationale.Group, byRationale.Phase));
        Assert.Single((await Search(null, board.Id, word, "&kind=amendment&group=civilSociety&phase=drafting&point=" + point.Id)).Hits);
        Assert.Empty((await Search(null, board.Id, word, "&kind=input")).Hits);
        Assert.Empty((await Search(null, board.Id, word, "&group=memberState")).Hits);
        Assert.Empty((await Search(null, board.Id, word, "&phase=inputs")).Hits);

        // The point's negotiated text: "partnership" finds point 4's "partnerships" (and the amendment, which repeats it).
        var points = await Search(null, board.Id, "partnership", "&kind=actionPoint");
        var found = Assert.Single(points.Hits);
        Assert.Equal((point.Id, SearchKind.ActionPoint, "en"), (found.Id, found.Kind, found.Language));
        Assert.Contains(new SnippetPart("partnerships", true), found.Snippet);
        Assert.Equal(2, (await Search(null, board.Id, "partnership", "&point=" + point.Id)).Total);
    }

    [Fact]
    public async Task a_point_deleted_or_merged_away_is_no_longer_found_and_an_added_one_is()
    {
        var board = await Consultation(ConsultationPhase.Drafting);
        var moderator = app.ClientFor(Moderator);
        var proposer = app.ClientFor(Delegates.CivilSociety("Restructuring NGO " + Guid.NewGuid().ToString("N")[..6]));
        var three = board.ActionPoints.Single(p => p.Number == 3);
        var five = board.ActionPoints.Single(p => p.Number == 5);
        var six = board.ActionPoints.Single(p => p.Number == 6);
        var deleted = Token();
        var added = Token();

        async Task<Guid> Propose(string path, object body)
        {
            var response = await proposer.PostAsJsonAsync(path, body, AppFixture.Json);
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<AmendmentProposal>(AppFixture.Json))!.AmendmentId;
        }

        async Task Accept(Guid amendment)
        {
            var response = await moderator.PostAsync($"/api/amendments/{amendment}/accept", null);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        // Point 3 given a word of its own first, so that a search for it finds exactly that point.
        var reworded = await Propose($"/api/action-points/{three.Id}/amendments", new ProposeAmendment(1, three.Text + " " + deleted, "A marker."));
        await Accept(reworded);
        var before = Assert.Single((await Search(null, board.Id, deleted, "&kind=actionPoint")).Hits);
        Assert.Equal(three.Id, before.Id);
        // "GFMD informal" is in point 6 only.
        Assert.Equal(six.Id, Assert.Single((await Search(null, board.Id, "GFMD informal", "&kind=actionPoint")).Hits).Id);

        await Accept(await Propose($"/api/action-points/{three.Id}/amendments/delete", new { baseVersion = 2, rationale = "Covered elsewhere." }));
        await Accept(await Propose($"/api/action-points/{five.Id}/amendments/merge",
            new { baseVersion = 1, mergeWith = six.Id, mergeWithBaseVersion = 1, text = five.Text + " " + six.Text, rationale = "One point." }));
        await Accept(await Propose($"/api/consultations/{board.Id}/amendments/add-point",
            new { text = $"Gather data on migrants' remittances {added}.", rationale = "Missing." }));

        Assert.Empty((await Search(null, board.Id, deleted, "&kind=actionPoint")).Hits);
        // Point 6's words are now in point 5's merged text only.
        Assert.Equal(five.Id, Assert.Single((await Search(null, board.Id, "GFMD informal", "&kind=actionPoint")).Hits).Id);
        var found = Assert.Single((await Search(null, board.Id, added, "&kind=actionPoint")).Hits);
        Assert.Equal(9, found.ActionPointNumber);
    }

    [Fact]
    public async Task a_bad_query_is_a_400_problem_by_field_in_the_language_asked_for()
    {
        var response = await app.Http.GetAsync("/api/search?kind=poem&phase=later&limit=1000");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(AppFixture.Json))!;
        Assert.Equal(["kind", "limit", "phase", "q"], problem.Errors.Keys.Order());
        Assert.Equal("The request is not valid", problem.Title);

        using var french = new HttpRequestMessage(HttpMethod.Get, "/api/search?language=not_a_tag&q=x");
        french.Headers.AcceptLanguage.ParseAdd("fr-FR, fr;q=0.9");
        using var client = new HttpClient { BaseAddress = app.BaseAddress }; // no language cookie from another test
        var refused = await client.SendAsync(french);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("fr", refused.Content.Headers.ContentLanguage.Single());
        var translated = (await refused.Content.ReadFromJsonAsync<ValidationProblemDetails>(AppFixture.Json))!;
        Assert.Equal("La requête n’est pas valide", translated.Title);
        Assert.Equal(["language"], translated.Errors.Keys);
    }

    [Fact]
    public async Task the_search_page_shows_snippets_as_text_with_the_hits_marked_never_as_markup()
    {
        var board = await Consultation(preModerated: false);
        var author = Delegates.CivilSociety("Markup author " + Guid.NewGuid().ToString("N")[..6]);
        var word = Token();
        await Submit(author, board.Id, $"Migrants <script>alert(1)</script> pay fees < 3% & more {word}");
        await app.App.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var html = await app.Http.GetStringAsync($"/search?q=migrant+{word}&consultation={board.Id}&lang=en");
        Assert.Contains($"<mark>{word}</mark>", html);
        Assert.Contains("<mark>Migrants</mark>", html);
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("fees &lt; 3% &amp; more", html);
        Assert.Contains("Results: 1", html);
    }

    [Fact]
    public void a_headline_is_cut_into_text_and_hits_at_the_markers_only()
    {
        var (s, e) = (SearchTables.HitStart, SearchTables.HitEnd);
        Assert.Equal(
            [new SnippetPart("Cheaper ", false), new SnippetPart("remittances", true), new SnippetPart(" <b>now</b> for ", false), new SnippetPart("migrants", true)],
            SearchReads.Parts($"Cheaper {s}remittances{e} <b>now</b> for {s}migrants{e}"));
        // A phrase: adjacent hits read as one.
        Assert.Equal([new SnippetPart("decent work", true)], SearchReads.Parts($"{s}decent{e}{s} {e}{s}work{e}"));
        Assert.Equal("plain text", SearchTables.Plain($"plain{s}text{e}"));
        Assert.DoesNotContain(s, SearchTables.Plain($"a{s}b"));
    }

    [Theory]
    [InlineData("en", "english")]
    [InlineData("en-GB", "english")]
    [InlineData("fr-CA", "french")]
    [InlineData("es-419", "spanish")]
    [InlineData("ar", "simple")]
    [InlineData("zh-Hans", "simple")]
    [InlineData("ru", "simple")]
    [InlineData("", "simple")]
    public void the_configuration_follows_the_language_tag(string tag, string configuration) =>
        Assert.Equal(configuration, SearchLanguages.ConfigurationFor(tag));
}
