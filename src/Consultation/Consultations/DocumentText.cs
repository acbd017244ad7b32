namespace ConsultationPlatform.Consultations;

/// <summary>
/// The framing parts of an outcome document, in the order they are read: the salutation, the preamble (paragraphs
/// separated by a blank line), the sentence introducing the challenges, the transition from the challenges to the
/// action points, the sentence introducing the action points, the closing salutation, the closing and the thanks.
/// </summary>
public enum DocumentPart
{
    Salutation,
    Preamble,
    ChallengesIntroduction,
    Transition,
    ActionPointsIntroduction,
    ClosingSalutation,
    Closing,
    ClosingThanks,
}

/// <summary>
/// A part of the document's framing text was tabled: from the source document (<see cref="TabledBy"/> null: the
/// importer, including a later restoration of what an earlier transcription lost) or by a co-chair or the secretariat.
/// </summary>
public sealed record DocumentTextTabled(Guid ConsultationId, DocumentPart Part, string Text, Guid? TabledBy = null) : IConsultationEvent;

/// <summary>
/// Details of the source document that an earlier import did not carry were restored from the seed: the slot as the
/// source labels it, the presenter's role.
/// </summary>
public sealed record SourceDetailsRestored(Guid ConsultationId, SessionTime? HeldOn, SummaryPresenter? SummaryPresentedBy) : IConsultationEvent;

/// <summary>The framing text as served: paragraphs split on blank lines.</summary>
public sealed record DocumentTextView(
    string? Salutation,
    IReadOnlyList<string> Preamble,
    string? ChallengesIntroduction,
    string? Transition,
    string? ActionPointsIntroduction,
    string? ClosingSalutation,
    IReadOnlyList<string> Closing,
    string? ClosingThanks)
{
    public static IReadOnlyList<string> Paragraphs(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : text.Replace("\r\n", "\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static DocumentTextView Of(Consultation c) => new(
        c.Salutation, Paragraphs(c.Preamble), c.ChallengesIntroduction, c.Transition, c.ActionPointsIntroduction,
        c.ClosingSalutation, Paragraphs(c.Closing), c.ClosingThanks);
}

public static class DocumentParts
{
    public static string? TextOf(this Consultation c, DocumentPart part) => part switch
    {
        DocumentPart.Salutation => c.Salutation,
        DocumentPart.Preamble => c.Preamble,
        DocumentPart.ChallengesIntroduction => c.ChallengesIntroduction,
        DocumentPart.Transition => c.Transition,
        DocumentPart.ActionPointsIntroduction => c.ActionPointsIntroduction,
        DocumentPart.ClosingSalutation => c.ClosingSalutation,
        DocumentPart.Closing => c.Closing,
        DocumentPart.ClosingThanks => c.ClosingThanks,
        _ => null,
    };

    public static void Set(this Consultation c, DocumentPart part, string text)
    {
        switch (part)
        {
            case DocumentPart.Salutation: c.Salutation = text; break;
            case DocumentPart.Preamble: c.Preamble = text; break;
            case DocumentPart.ChallengesIntroduction: c.ChallengesIntroduction = text; break;
            case DocumentPart.Transition: c.Transition = text; break;
            case DocumentPart.ActionPointsIntroduction: c.ActionPointsIntroduction = text; break;
            case DocumentPart.ClosingSalutation: c.ClosingSalutation = text; break;
            case DocumentPart.Closing: c.Closing = text; break;
            case DocumentPart.ClosingThanks: c.ClosingThanks = text; break;
        }
    }
}
