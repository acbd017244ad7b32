using System.Text.RegularExpressions;

namespace ConsultationPlatform.Consultations;

/// <summary>An administrator opens a new consultation; it starts in the preparation phase.</summary>
public sealed record CreateConsultation(
    string? Slug,
    string? Title,
    DialogueDetails? Dialogue,
    string? Kind = null,
    int? Number = null,
    string[]? CoChairs = null,
    string[]? Languages = null,
    string? Preamble = null);

public static partial class ConsultationCreation
{
    public const int MaxSlugLength = 80;
    public const int MaxTitleLength = 300;
    public const int MaxPreambleLength = 20_000;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]
    private static partial Regex LanguagePattern();

    /// <summary>A consultation's id follows from its slug, as for seeded ones: a slug names one consultation.</summary>
    public static Guid IdFor(string slug) => ConsultationIds.Consultation(slug);

    public static Refused? Check(Actor actor, CreateConsultation command, bool slugTaken)
    {
        var access = AccessRules.Check(actor, AccessAct.CreateConsultation);
        if (access is not null) return access;

        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(command.Slug) || command.Slug.Length > MaxSlugLength || !SlugPattern().IsMatch(command.Slug))
            errors.Add(("slug", $"A slug is lower-case letters and digits in words joined by hyphens, at most {MaxSlugLength} characters (e.g. hld-2013-round-table-4)."));
        if (FreeText.IsBlank(command.Title)) errors.Add(("title", "Give the consultation's title."));
        else if (command.Title.Length > MaxTitleLength) errors.Add(("title", $"A title is at most {MaxTitleLength} characters."));
        if (command.Dialogue is not { } dialogue)
            errors.Add(("dialogue", "Give the dialogue the consultation belongs to: name, place, start and end dates."));
        else
        {
            if (FreeText.IsBlank(dialogue.Name)) errors.Add(("dialogue.name", "Give the dialogue's name."));
            if (FreeText.IsBlank(dialogue.Place)) errors.Add(("dialogue.place", "Give the place of the dialogue."));
            if (dialogue.EndDate < dialogue.StartDate) errors.Add(("dialogue.endDate", "The dialogue cannot end before it starts."));
        }

        if (command.Languages is { } languages && (languages.Length == 0 || languages.Any(l => l is null || !LanguagePattern().IsMatch(l))))
            errors.Add(("languages", "Languages are BCP 47 codes such as en, fr, es, ar, zh, ru."));
        if (command.CoChairs is { } coChairs && coChairs.Any(FreeText.IsBlank))
            errors.Add(("coChairs", "A co-chair needs a name."));
        if (command.Number is < 1) errors.Add(("number", "A number counts from 1."));
        if (command.Preamble is { Length: > MaxPreambleLength }) errors.Add(("preamble", $"A preamble is at most {MaxPreambleLength} characters."));
        if (errors.Count > 0) return new Refused.Invalid(errors.ToArray());

        return slugTaken
            ? new Refused.Conflict("The slug is taken", $"There is a consultation with the slug '{command.Slug}' already.", "slug-taken")
            : null;
    }

    public static ConsultationCreated Create(Actor actor, CreateConsultation command) => new(
        IdFor(command.Slug!),
        command.Slug!,
        command.Title!.Trim(),
        FreeText.IsBlank(command.Kind) ? "round table" : command.Kind.Trim(),
        command.Number,
        command.Dialogue!,
        HeldOn: null,
        CoChairs: command.CoChairs?.Select(c => c.Trim()).ToArray() ?? [],
        SummaryPresentedBy: null,
        Languages: command.Languages ?? ["en"],
        Phase: ConsultationPhase.Preparation,
        Preamble: FreeText.IsBlank(command.Preamble) ? null : command.Preamble.Trim(),
        Closing: null,
        SourceDocument: null,
        CreatedBy: actor.PersonId);
}

/// <summary>The act: an administrator opens a consultation. Sent by the API endpoint below and by the administrators'
/// page (/admin/consultations): one way in. Answers where the consultation is.</summary>
public sealed record OpenConsultation(CreateConsultation Form, Actor Actor) : IAct<CreationResponse<Guid>>;

/// <summary>The one handler of <see cref="OpenConsultation"/>: the new consultation's stream is started in the session,
/// which Wolverine commits.</summary>
public static class OpenConsultationHandler
{
    /// <summary>The consultation with the slug asked for, if there is one already.</summary>
    public static async Task<Consultation?> LoadAsync(OpenConsultation act, IQuerySession session, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(act.Form.Slug) ? null : await session.LoadAsync<Consultation>(ConsultationCreation.IdFor(act.Form.Slug), ct);

    public static Outcome<CreationResponse<Guid>> Handle(OpenConsultation act, Consultation? sameSlug, IDocumentSession session)
    {
        if (ConsultationCreation.Check(act.Actor, act.Form, slugTaken: sameSlug is not null) is { } refused) return refused;
        var created = ConsultationCreation.Create(act.Actor, act.Form);
        session.Events.StartStream<Consultation>(created.ConsultationId, created);
        return new CreationResponse<Guid>($"/api/consultations/{created.ConsultationId}", created.ConsultationId);
    }
}

/// <summary>The HTTP way in to <see cref="OpenConsultation"/>.</summary>
public static class CreateConsultationEndpoint
{
    [WolverinePost("/api/consultations", OperationId = "CreateConsultation")]
    [RequestSizeLimit(Infrastructure.Input.RequestInputGuard.LongTextBodyLimit)] // long texts
    [Authorize]
    [Tags("Consultations")]
    [ProducesResponseType<CreationResponse<Guid>>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(CreateConsultation command, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new OpenConsultation(command, Actor.Require(user)), ct)).ToHttp(created => Results.Created(created.Url, created));
}
