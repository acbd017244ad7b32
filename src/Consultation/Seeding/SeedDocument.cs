using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Seeding;

/// <summary>A dialogue as transcribed from its source document; the format is described in seeds/README.md.</summary>
public sealed record SeedDocument
{
    public string Slug { get; init; } = "";
    public string? Source { get; init; }
    public string Kind { get; init; } = "round table";
    public int? Number { get; init; }
    public string Title { get; init; } = "";
    public DialogueDetails? Dialogue { get; init; }
    public SessionTime? HeldOn { get; init; }
    public string[] CoChairs { get; init; } = [];
    public SummaryPresenter? SummaryPresentedBy { get; init; }
    public string[] Languages { get; init; } = ["en"];
    public ConsultationPhase InitialPhase { get; init; } = ConsultationPhase.Preparation;
    public string? Preamble { get; init; }
    public string? Closing { get; init; }
    public List<NumberedText> Challenges { get; init; } = [];
    public DeclaredCount? DeclaredActionPointCount { get; init; }
    public List<NumberedText> ActionPoints { get; init; } = [];

    // The framing text around the challenges and action points, as the source words it (see DocumentPart).
    public string? Salutation { get; init; }
    public string? ChallengesIntroduction { get; init; }
    public string? Transition { get; init; }
    public string? ActionPointsIntroduction { get; init; }
    public string? ClosingSalutation { get; init; }
    public string? ClosingThanks { get; init; }

    /// <summary>The source's letterhead lines that are not part of the summary (a web address, a hashtag).</summary>
    public string[] Letterhead { get; init; } = [];

    /// <summary>Slips in the source, kept as written in the texts; each becomes a data-quality note.</summary>
    public List<SourceTypo> Typos { get; init; } = [];

    /// <summary>The text of a framing part, as the seed gives it.</summary>
    public string? TextOf(DocumentPart part) => part switch
    {
        DocumentPart.Salutation => Salutation,
        DocumentPart.Preamble => Preamble,
        DocumentPart.ChallengesIntroduction => ChallengesIntroduction,
        DocumentPart.Transition => Transition,
        DocumentPart.ActionPointsIntroduction => ActionPointsIntroduction,
        DocumentPart.ClosingSalutation => ClosingSalutation,
        DocumentPart.Closing => Closing,
        DocumentPart.ClosingThanks => ClosingThanks,
        _ => null,
    };
}

/// <summary>A slip in the source document: the words as written, and what they probably meant.</summary>
public sealed record SourceTypo(string AsWritten, string? ProbablyMeant);

public sealed record NumberedText(int Number, string Text);

/// <summary>A count the source document states in words, and the words it states it in.</summary>
public sealed record DeclaredCount(int Count, string? Quote);

/// <summary>The streams a seed becomes: the consultation's own, and one per action point.</summary>
public sealed record SeedPlan(
    Guid ConsultationId,
    IReadOnlyList<object> ConsultationEvents,
    IReadOnlyList<(Guid ActionPointId, ActionPointTabled Tabled)> ActionPoints,
    IReadOnlyList<string> Warnings);

public sealed class InvalidSeedException(string message) : Exception(message);

/// <summary>Turns a seed document into events (a pure function): nothing is dropped or renumbered, and
/// whatever in the source does not add up becomes a data-quality note on the consultation.</summary>
public static class SeedPlanner
{

    public static Guid ConsultationIdFor(string slug) => ConsultationIds.Consultation(slug);

    public static Guid ActionPointIdFor(string slug, int number) => ConsultationIds.ActionPoint(slug, number);

    public static SeedPlan Plan(SeedDocument seed)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(seed.Slug)) errors.Add("slug is required");
        if (string.IsNullOrWhiteSpace(seed.Title)) errors.Add("title is required");
        if (seed.Dialogue is null) errors.Add("dialogue is required");
        if (seed.ActionPoints.Any(p => string.IsNullOrWhiteSpace(p.Text))) errors.Add("every action point needs its text");
        if (seed.Challenges.Any(c => string.IsNullOrWhiteSpace(c.Text))) errors.Add("every challenge needs its text");
        if (errors.Count > 0) throw new InvalidSeedException($"Seed '{seed.Slug}': {string.Join("; ", errors)}.");

        var id = ConsultationIdFor(seed.Slug);
        var events = new List<object>
        {
            new ConsultationCreated(id, seed.Slug, seed.Title, seed.Kind, seed.Number, seed.Dialogue!, seed.HeldOn,
                seed.CoChairs, seed.SummaryPresentedBy, seed.Languages, seed.InitialPhase, seed.Preamble, seed.Closing,
                seed.Source),
        };
        events.AddRange(FramingText(seed).Select(p => new DocumentTextTabled(id, p.Part, p.Text)));
        events.AddRange(seed.Challenges.Select(c => new ChallengeTabled(id, c.Number, c.Text.Trim())));

        var notes = DataQualityNotes(seed).ToList();
        events.AddRange(notes.Select(n => new DataQualityNoteRecorded(id, n.Code, n.Message)));

        var points = seed.ActionPoints
            .Select(p => (ActionPointIdFor(seed.Slug, p.Number), new ActionPointTabled(ActionPointIdFor(seed.Slug, p.Number), id, p.Number, p.Text.Trim())))
            .ToList();
        return new SeedPlan(id, events, points, notes.Select(n => n.Message).ToList());
    }

    /// <summary>The framing parts the creation event does not carry (it carries the preamble and the closing).</summary>
    private static IEnumerable<(DocumentPart Part, string Text)> FramingText(SeedDocument seed) =>
        Enum.GetValues<DocumentPart>()
            .Where(p => p is not (DocumentPart.Preamble or DocumentPart.Closing))
            .Select(p => (p, seed.TextOf(p)))
            .Where(p => !string.IsNullOrWhiteSpace(p.Item2))
            .Select(p => (p.p, p.Item2!.Trim()));

    /// <summary>
    /// What an earlier import of the same seed lacks, as events (a pure function; nothing when nothing is missing, so
    /// importing again is idempotent). A framing part is restored when the stored one is missing, or differs from the
    /// seed's only in its layout (paragraphs, line breaks): a text a co-chair wrote is never overwritten. The slot's
    /// label and the presenter's role are restored when missing; data-quality notes the store does not hold are added.
    /// </summary>
    public static IReadOnlyList<object> Restoration(SeedDocument seed, Consultation stored)
    {
        var events = new List<object>();
        foreach (var part in Enum.GetValues<DocumentPart>())
        {
            var text = seed.TextOf(part)?.Trim();
            if (string.IsNullOrWhiteSpace(text)) continue;
            var have = stored.TextOf(part);
            if (have is null || (have != text && Collapse(have) == Collapse(text)))
                events.Add(new DocumentTextTabled(stored.Id, part, text));
        }

        var heldOn = stored.HeldOn is { Label: null } h && seed.HeldOn?.Label is { } label ? h with { Label = label } : null;
        var presenter = stored.SummaryPresentedBy is { Role: null } s && seed.SummaryPresentedBy?.Role is { } role ? s with { Role = role } : null;
        if (heldOn is not null || presenter is not null)
            events.Add(new SourceDetailsRestored(stored.Id, heldOn, presenter));

        events.AddRange(DataQualityNotes(seed)
            .Where(n => !stored.DataQualityNotes.Any(k => k.Code == n.Code && k.Message == n.Message))
            .Select(n => new DataQualityNoteRecorded(stored.Id, n.Code, n.Message)));
        return events;
    }

    private static string Collapse(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();

    public static IEnumerable<DataQualityNote> DataQualityNotes(SeedDocument seed)
    {
        if (seed.DeclaredActionPointCount is { } declared && declared.Count != seed.ActionPoints.Count)
        {
            var quote = declared.Quote is null ? "" : $" (\"{declared.Quote}\")";
            yield return new DataQualityNote("action-point-count-mismatch",
                $"The source document announces {declared.Count} action points{quote} but lists {seed.ActionPoints.Count}; " +
                $"all {seed.ActionPoints.Count} are kept as numbered in the source.");
        }

        foreach (var (what, items) in new[] { ("action point", seed.ActionPoints), ("challenge", seed.Challenges) })
        {
            foreach (var duplicate in items.GroupBy(i => i.Number).Where(g => g.Count() > 1))
                yield return new DataQualityNote($"duplicate-{what.Replace(' ', '-')}-number",
                    $"The source document numbers {duplicate.Count()} {what}s as {duplicate.Key}; all are kept.");

            var numbers = items.Select(i => i.Number).Distinct().Order().ToList();
            var expected = Enumerable.Range(1, numbers.Count).ToList();
            if (numbers.Count > 0 && !numbers.SequenceEqual(expected))
                yield return new DataQualityNote($"{what.Replace(' ', '-')}-numbering-gap",
                    $"The {what}s are numbered {string.Join(", ", numbers)}, not 1 to {numbers.Count}; the source numbering is kept.");
        }

        foreach (var typo in seed.Typos)
        {
            var where = Places(seed, typo.AsWritten).ToList();
            var meant = typo.ProbablyMeant is null ? "" : $", probably for \u201c{typo.ProbablyMeant}\u201d";
            yield return where.Count == 0
                ? new DataQualityNote("typo-not-found", $"The seed lists the slip \u201c{typo.AsWritten}\u201d, but no text of the seed contains it.")
                : new DataQualityNote("typo-kept-as-written",
                    $"The source writes \u201c{typo.AsWritten}\u201d ({string.Join(", ", where)}){meant}; it is kept as written.");
        }
    }

    /// <summary>Where in the seed's texts some words occur ("action point 6", "the salutation").</summary>
    private static IEnumerable<string> Places(SeedDocument seed, string words)
    {
        foreach (var part in Enum.GetValues<DocumentPart>())
            if (seed.TextOf(part)?.Contains(words, StringComparison.Ordinal) == true)
                yield return "the " + System.Text.RegularExpressions.Regex.Replace(part.ToString(), "(?<!^)([A-Z])", " $1").ToLowerInvariant();
        foreach (var c in seed.Challenges.Where(c => c.Text.Contains(words, StringComparison.Ordinal)))
            yield return $"challenge {c.Number}";
        foreach (var p in seed.ActionPoints.Where(p => p.Text.Contains(words, StringComparison.Ordinal)))
            yield return $"action point {p.Number}";
    }
}
