using System.Security.Claims;
using System.Text.RegularExpressions;
using ConsultationPlatform.Common;
using ConsultationPlatform.Stakeholders;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Marten;

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

    public static ProblemDetails Check(Actor actor, CreateConsultation command, bool slugTaken)
    {
        var access = AccessRules.Check(actor, AccessAct.CreateConsultation);
        if (!access.IsNone()) return access;

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
        if (errors.Count > 0) return Problems.Invalid(errors.ToArray());

        return slugTaken
            ? Problems.Conflict("The slug is taken", $"There is a consultation with the slug '{command.Slug}' already.", "slug-taken")
            : Problems.None;
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

public static class CreateConsultationEndpoint
{
    /// <summary>The consultation with the slug asked for, if there is one already.</summary>
    public static async Task<Consultation?> LoadAsync(CreateConsultation command, IQuerySession session, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(command.Slug) ? null : await session.LoadAsync<Consultation>(ConsultationCreation.IdFor(command.Slug), ct);

    public static ProblemDetails Validate(CreateConsultation command, Consultation? sameSlug, ClaimsPrincipal user) =>
        ConsultationCreation.Check(Actor.Require(user), command, slugTaken: sameSlug is not null);

    [WolverinePost("/api/consultations", OperationId = "CreateConsultation")]
    [RequestSizeLimit(Infrastructure.Input.RequestInputGuard.LongTextBodyLimit)] // long texts
    [Authorize]
    [Tags("Consultations")]
    [ProducesResponseType<CreationResponse<Guid>>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict)]
    public static (CreationResponse<Guid>, IStartStream) Post(CreateConsultation command, ClaimsPrincipal user)
    {
        var created = ConsultationCreation.Create(Actor.Require(user), command);
        return (new CreationResponse<Guid>($"/api/consultations/{created.ConsultationId}", created.ConsultationId),
            MartenOps.StartStream<Consultation>(created.ConsultationId, created));
    }
}
