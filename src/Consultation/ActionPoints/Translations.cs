using ConsultationPlatform.Consultations;
using ConsultationPlatform.Submissions;
using JasperFx.Events;

namespace ConsultationPlatform.ActionPoints;

// ---- Parallel texts: translations of an action point's text. They live on a stream of their own (one per point), so
// the point's stream keeps only the negotiated text: its version stays the text version that amendments target and
// endorsements name. A translation is bound to the version it translates; a newer negotiated text leaves it as it was. ----

/// <summary>A moderator or co-chair added a translation of one version of an action point's text.</summary>
public sealed record ActionPointTranslationAdded(
    Guid ActionPointId,
    Guid ConsultationId,
    int Version,
    string Language,
    string Text,
    bool Official,
    Guid AddedBy,
    string AddedByName) : IActionPointEvent;

/// <summary>One translation: the language (BCP 47), the version of the negotiated text it translates, official or not.</summary>
public sealed record ActionPointTranslation(string Language, int Version, string Text, bool Official, DateTimeOffset? At, string AddedByName);

/// <summary>The translations of one action point (every one kept; the latest per language is the one shown).</summary>
public sealed class ActionPointTranslations
{
    private static readonly Guid Namespace = new("3f1b7a52-8d0e-4c61-9a57-2c4b6f0d9e21");

    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid ActionPointId { get; set; }
    public List<ActionPointTranslation> Translations { get; set; } = [];

    /// <summary>The stream of a point's translations (name-based: the same point always has the same one).</summary>
    public static Guid StreamFor(Guid actionPointId) => DeterministicGuid.Create(Namespace, actionPointId.ToString());

    public static ActionPointTranslations Create(IEvent<ActionPointTranslationAdded> e)
    {
        var translations = new ActionPointTranslations { Id = e.StreamId, ActionPointId = e.Data.ActionPointId };
        translations.Apply(e);
        return translations;
    }

    public void Apply(IEvent<ActionPointTranslationAdded> e) =>
        Translations.Add(new ActionPointTranslation(e.Data.Language, e.Data.Version, e.Data.Text, e.Data.Official,
            e.Timestamp == default ? null : e.Timestamp, e.Data.AddedByName));

    /// <summary>The latest translation into each language, by language.</summary>
    public IReadOnlyList<ActionPointTranslation> Latest() =>
        Translations.GroupBy(t => t.Language, StringComparer.OrdinalIgnoreCase).Select(g => g.Last()).OrderBy(t => t.Language, StringComparer.Ordinal).ToList();
}

/// <summary>A translation as read: with whether it translates the current negotiated text.</summary>
public sealed record TranslationView(string Language, int Version, bool Official, bool OfCurrentVersion, string Text, DateTimeOffset? At);

public sealed record ParallelTexts(Guid ActionPointId, string NegotiatedLanguage, int CurrentVersion, IReadOnlyList<TranslationView> Translations);

/// <summary>A moderator or co-chair adds a translation of version <see cref="Version"/> of the point's text.</summary>
public sealed record AddTranslation(int? Version, string? Language, string? Text, bool Official = false);

public static class TranslationDecisions
{
    public const int MaxLength = 20_000;

    /// <summary>The language the negotiated text is written in: the consultation's first language.</summary>
    public static string NegotiatedLanguage(Consultation consultation) => consultation.Languages.FirstOrDefault() ?? "en";

    public static Refused? Check(Actor? actor, AddTranslation command, ActionPoint point, Consultation consultation)
    {
        var access = AccessRules.Check(actor?.In(consultation.Id), AccessAct.AddTranslation);
        if (access is not null) return access;
        var errors = new List<(string, string)>();
        var language = LanguageTags.Normalise(command.Language?.Trim());
        if (language is null) errors.Add(("language", "A BCP 47 language tag, such as ar, zh-Hans or ru."));
        else if (string.Equals(language, NegotiatedLanguage(consultation), StringComparison.OrdinalIgnoreCase))
            errors.Add(("language", $"The negotiated text is in {language} already: a translation is into another language."));
        if (string.IsNullOrWhiteSpace(command.Text)) errors.Add(("text", "Give the translated text."));
        else if (command.Text.Length > MaxLength) errors.Add(("text", $"At most {MaxLength:N0} characters."));
        if (command.Version is not { } version) errors.Add(("version", "Name the version of the text this translates."));
        else if (version < 1 || version > point.Current.Number) errors.Add(("version", $"The point has versions 1 to {point.Current.Number}."));
        return errors.Count > 0 ? new Refused.Invalid(errors.ToArray()) : null;
    }

    public static ActionPointTranslationAdded Add(Actor actor, AddTranslation command, ActionPoint point) =>
        new(point.Id, point.ConsultationId, command.Version!.Value, LanguageTags.Normalise(command.Language!.Trim())!, command.Text!.Trim(),
            command.Official, actor.PersonId, actor.PersonName);

    public static ParallelTexts View(ActionPoint point, Consultation? consultation, ActionPointTranslations? translations) =>
        new(point.Id, consultation is null ? "en" : NegotiatedLanguage(consultation), point.Current.Number,
            (translations?.Latest() ?? [])
            .Select(t => new TranslationView(t.Language, t.Version, t.Official, t.Version == point.Current.Number, t.Text, t.At))
            .ToList());
}

public static class TranslationReads
{
    public static async Task<ParallelTexts?> Load(IQuerySession session, Guid actionPointId, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var point = batch.Load<ActionPoint>(actionPointId);
        var translations = batch.Load<ActionPointTranslations>(ActionPointTranslations.StreamFor(actionPointId));
        await batch.Execute(ct);
        if (await point is not { } found) return null;
        var consultation = await session.LoadAsync<Consultation>(found.ConsultationId, ct);
        return TranslationDecisions.View(found, consultation, await translations);
    }
}

/// <summary>The act: add a parallel text (official or unofficial translation) of one version of a point's text
/// (<see cref="AddTranslation"/>). Sent by the API endpoint below and by the point's page: one way in.</summary>
public sealed record Translate(Guid ActionPointId, AddTranslation Form, Actor Actor) : IAct<TranslationView>;

/// <summary>The one handler of <see cref="Translate"/>: appends to the point's translations stream in the session
/// (a stream many translators may write, with no aggregate decided on), which Wolverine commits.</summary>
public static class TranslateHandler
{
    public static async Task<(ActionPoint?, Consultation?)> LoadAsync(Translate act, IQuerySession session, CancellationToken ct)
    {
        var point = await session.LoadAsync<ActionPoint>(act.ActionPointId, ct);
        return (point, point is null ? null : await session.LoadAsync<Consultation>(point.ConsultationId, ct));
    }

    public static Outcome<TranslationView> Handle(Translate act, ActionPoint? point, Consultation? consultation, IDocumentSession session)
    {
        if (AccessRules.Check(act.Actor.InAnyConsultation(), AccessAct.AddTranslation) is { } denied) return denied;
        if (point is null) return new Refused.NotFound("action point", act.ActionPointId);
        if (consultation is null) return new Refused.NotFound("consultation", point.ConsultationId);
        if (TranslationDecisions.Check(act.Actor, act.Form, point, consultation) is { } refused) return refused;
        var added = TranslationDecisions.Add(act.Actor, act.Form, point);
        session.Events.Append(ActionPointTranslations.StreamFor(point.Id), added);
        return new TranslationView(added.Language, added.Version, added.Official, added.Version == point.Current.Number, added.Text, null);
    }
}

/// <summary>The HTTP way in to <see cref="Translate"/>.</summary>
public static class TranslationEndpoints
{
    /// <summary>
    /// Adds a parallel text (official or unofficial translation) of one version of the point's text. The negotiated
    /// text, its version, and what amendments and endorsements name, do not change.
    /// </summary>
    [WolverinePost("/api/action-points/{actionPointId}/translations", OperationId = "AddActionPointTranslation")]
    [Authorize]
    [Tags("Action points")]
    [ProducesResponseType<TranslationView>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(Guid actionPointId, AddTranslation command, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new Translate(actionPointId, command, Actor.Require(user)), ct))
        .ToHttp(added => Results.Created($"/api/action-points/{actionPointId}/translations", added));
}

public static class TranslationQueryEndpoints
{
    /// <summary>The point's parallel texts: the latest translation into each language, with the version each translates.</summary>
    [WolverineGet("/api/action-points/{actionPointId}/translations", OperationId = "GetActionPointTranslations")]
    [Tags("Action points")]
    [ProducesResponseType<ParallelTexts>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid actionPointId, IQuerySession session, CancellationToken ct) =>
        await TranslationReads.Load(session, actionPointId, ct) is { } texts
            ? Results.Ok(texts)
            : Results.Problem(Problems.NotFound("action point", actionPointId));
}
