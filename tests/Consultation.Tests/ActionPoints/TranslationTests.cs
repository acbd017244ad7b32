using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Amendments;
using ConsultationPlatform.Tests.Support;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.ActionPoints;

/// <summary>The test steps of parallel texts, shared with the accessibility tests.</summary>
public static class TranslationSteps
{
    public static readonly Actor Moderator = Delegates.Moderator();

    public static Task<HttpResponseMessage> Add(AppFixture app, Actor actor, Guid pointId, object body) =>
        app.ClientFor(actor).PostAsJsonAsync($"/api/action-points/{pointId}/translations", body, AppFixture.Json);

    public static async Task<ParallelTexts> Read(AppFixture app, Guid pointId) =>
        (await app.Http.GetFromJsonAsync<ParallelTexts>($"/api/action-points/{pointId}/translations", AppFixture.Json))!;

    /// <summary>The point carries an Arabic translation (added once); returns its language, to show it with <c>?text=</c>.</summary>
    public static async Task<string> Translated(AppFixture app, Guid pointId)
    {
        if ((await Read(app, pointId)).Translations.All(t => t.Language != "ar"))
            Assert.Equal(HttpStatusCode.Created, (await Add(app, Moderator, pointId, new AddTranslation(1, "ar",
                "احتضان مفهوم الشراكات الثنائية والمتعددة الأطراف بين جميع أصحاب المصلحة.", Official: false))).StatusCode);
        return "ar";
    }
}

[Collection(PlatformCollection.Name)]
public sealed class TranslationTests(AppFixture app)
{
    private readonly AmendmentApi _api = new(app);
    private static readonly Actor Moderator = TranslationSteps.Moderator;

    private async Task<int> StreamVersion(Guid pointId)
    {
        await using var session = app.Store.QuerySession();
        return (int)(await session.Events.FetchStreamStateAsync(pointId))!.Version;
    }

    [Fact]
    public async Task a_translation_never_changes_the_negotiated_text_and_amendments_always_target_the_negotiated_version()
    {
        var point = await _api.Point();
        const string french = "Adopter le concept de partenariats bilatéraux et multilatéraux entre toutes les parties prenantes.";
        var added = await TranslationSteps.Add(app, Moderator, point.Id, new AddTranslation(1, "fr", french, Official: true));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        var read = (await app.Http.GetFromJsonAsync<ActionPointDetails>($"/api/action-points/{point.Id}", AppFixture.Json))!;
        Assert.Equal((1, point.Text), (read.Version, read.Text));
        Assert.Equal(1, await StreamVersion(point.Id));
        var texts = await TranslationSteps.Read(app, point.Id);
        Assert.Equal(("en", 1), (texts.NegotiatedLanguage, texts.CurrentVersion));
        var fr = Assert.Single(texts.Translations);
        Assert.Equal(("fr", 1, true, true, french), (fr.Language, fr.Version, fr.Official, fr.OfCurrentVersion, fr.Text));

        // An amendment names version 1, the negotiated text's, and amends that text, whatever translations there are.
        var proposer = Delegates.CivilSociety("Translation test NGO " + Guid.NewGuid().ToString("N")[..6]);
        var amended = point.Text + " Including diaspora associations.";
        var amendment = await _api.Proposed(proposer, point.Id, 1, amended);
        Assert.Equal(HttpStatusCode.OK, (await _api.Accept(Moderator, amendment)).StatusCode);
        read = (await app.Http.GetFromJsonAsync<ActionPointDetails>($"/api/action-points/{point.Id}", AppFixture.Json))!;
        Assert.Equal((2, amended), (read.Version, read.Text));
        Assert.Equal(2, await StreamVersion(point.Id));

        // The French text still translates version 1, and says so; a new translation of version 2 moves nothing either.
        fr = Assert.Single((await TranslationSteps.Read(app, point.Id)).Translations);
        Assert.Equal((1, false), (fr.Version, fr.OfCurrentVersion));
        Assert.Equal(HttpStatusCode.Created,
            (await TranslationSteps.Add(app, Moderator, point.Id, new AddTranslation(2, "zh-hans", "接纳伙伴关系的概念。"))).StatusCode);
        Assert.Equal(2, await StreamVersion(point.Id));
        var zh = (await TranslationSteps.Read(app, point.Id)).Translations.Single(t => t.Language == "zh-Hans");
        Assert.Equal((2, false, true), (zh.Version, zh.Official, zh.OfCurrentVersion));
        var next = await _api.Propose(proposer, point.Id, 2, amended + " And local authorities.");
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);

        // The page: the reader picks French; the negotiated text stays on top, the translation says it is of version 1.
        var page = await app.Http.GetStringAsync($"/action-points/{point.Id}?text=fr&lang=en");
        Assert.Contains(amended, page);
        Assert.Contains(french, page);
        Assert.Contains("Official translation", page);
        Assert.Contains("This translates version 1; the negotiated text is now at version 2.", page);
        Assert.Contains("<blockquote lang=\"fr\" dir=\"auto\">", page);
    }

    [Fact]
    public async Task only_the_secretariat_adds_translations_and_bad_ones_change_nothing()
    {
        var point = await _api.Point();
        var valid = new AddTranslation(1, "ru", "Текст.");
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await app.Http.PostAsJsonAsync($"/api/action-points/{point.Id}/translations", valid, AppFixture.Json)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await TranslationSteps.Add(app, Delegates.State("Translating state"), point.Id, valid)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await TranslationSteps.Add(app, Moderator, Guid.NewGuid(), valid)).StatusCode);

        foreach (var (body, field) in new (AddTranslation, string)[]
                 {
                     (valid with { Language = "russian" }, "language"),
                     (valid with { Language = "en" }, "language"),
                     (valid with { Text = " " }, "text"),
                     (valid with { Version = 2 }, "version"),
                     (valid with { Version = null }, "version"),
                 })
        {
            var response = await TranslationSteps.Add(app, Moderator, point.Id, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(field, (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(AppFixture.Json))!.Errors.Keys);
        }

        Assert.Empty((await TranslationSteps.Read(app, point.Id)).Translations);
        Assert.Equal(1, await StreamVersion(point.Id));
    }

    [Theory]
    [InlineData("ar", "ar", "غير موجود", "نقطة عمل")]
    [InlineData("zh-CN,zh;q=0.9", "zh-Hans", "未找到", "行动要点")]
    [InlineData("es-ES", "es", "No encontrado", "punto de acción")]
    public async Task problems_follow_the_accept_language_of_the_request(string acceptLanguage, string culture, string title, string noun)
    {
        var id = Guid.NewGuid();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/action-points/{id}");
        request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        using var client = new HttpClient { BaseAddress = app.BaseAddress }; // no language cookie from another test
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(culture, response.Content.Headers.ContentLanguage.Single());
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>(AppFixture.Json))!;
        Assert.Equal(title, problem.Title);
        Assert.Contains(noun, problem.Detail);
        Assert.Contains(id.ToString(), problem.Detail);
        Assert.Equal("https://consultation.dev/problems/not-found", problem.Type);
    }

    [Fact]
    public async Task a_refusal_is_in_russian_for_a_russian_reader_and_english_stays_as_written()
    {
        var point = await _api.Point();
        var client = app.ClientFor(Delegates.State("Russian reader state"));
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("ru-RU");
        var response = await client.PostAsJsonAsync($"/api/action-points/{point.Id}/translations", new AddTranslation(1, "ru", "Текст."), AppFixture.Json);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Ваша роль этого не позволяет", (await response.Content.ReadFromJsonAsync<ProblemDetails>(AppFixture.Json))!.Title);

        using var plain = new HttpClient { BaseAddress = app.BaseAddress };
        var english = await plain.GetAsync($"/api/action-points/{Guid.NewGuid()}");
        Assert.Equal("No such action point", (await english.Content.ReadFromJsonAsync<ProblemDetails>(AppFixture.Json))!.Title);
        Assert.Empty(english.Content.Headers.ContentLanguage);
    }
}
