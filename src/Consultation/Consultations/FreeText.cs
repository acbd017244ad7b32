using System.Globalization;
using System.Text;

namespace ConsultationPlatform.Consultations;

/// <summary>
/// The one rule set for the free text people type (names, titles, bodies, reasons), applied to every string of
/// every request body by <c>Infrastructure/Input/RequestInputGuard</c> and by the domain checks:
/// <list type="bullet">
/// <item>text is stored in Unicode normal form C (<see cref="Normalise"/>);</item>
/// <item>control characters other than tab, line feed and carriage return are refused: they are invisible to
/// readers, and PostgreSQL's jsonb cannot store U+0000 at all;</item>
/// <item>every field has a maximum length (<see cref="MaxLengthOf"/>), counted in UTF-16 code units after trimming;</item>
/// <item>text made only of invisible characters (spaces, zero-width characters, a byte order mark) is blank
/// (<see cref="Clean"/> returns null), so a required title or body made of them is refused as missing;</item>
/// <item>bidirectional controls: the explicit embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) are
/// refused in names, titles and addresses (one short run of text, where an override can disguise what is shown,
/// e.g. a reversed name or address), and refused elsewhere when unbalanced (a push without its pop, or a pop without
/// a push), because they would then reorder the text that follows them on the page. The implicit marks
/// (U+200E, U+200F, U+061C), which change no order by themselves, are allowed everywhere.</item>
/// </list>
/// </summary>
public static class FreeText
{
    /// <summary>The longest reason (for a phase move, a rejection, a hiding, a flag).</summary>
    public const int MaxReasonLength = 1000;

    // The limits every field has, whatever route it comes by. They lie above the tighter limits the domain checks
    // set for the fields it knows (a title 200 or 300, a reason 1,000 or 2,000, an input 10,000, a preamble 20,000), so
    // that a request with several faults still gets them all named at once by the domain's check.

    /// <summary>The longest name, title, address or other one-line field.</summary>
    public const int MaxShortLength = 500;

    /// <summary>The longest field that is neither a name nor a long text (reasons, reservations, tokens, passwords).</summary>
    public const int MaxDefaultLength = 4_000;

    /// <summary>The longest long text (an input's body, an amendment's text and rationale, a preamble, a statement).</summary>
    public const int MaxLongTextLength = 40_000;

    private static readonly HashSet<string> LongTextFields = new(StringComparer.OrdinalIgnoreCase)
        { "body", "text", "rationale", "preamble", "closing", "statement" };

    private static readonly HashSet<string> ShortFields = new(StringComparer.OrdinalIgnoreCase)
        { "title", "email", "kind", "place", "countryOrRegion", "slug", "language", "languages", "role", "phase", "type", "coChairs" };

    /// <summary>The maximum length of a field, by its JSON name (the last segment of its path).</summary>
    public static int MaxLengthOf(string field) =>
        LongTextFields.Contains(field) ? MaxLongTextLength
        : IsNameLike(field) ? MaxShortLength
        : MaxDefaultLength;

    /// <summary>Names, titles and addresses: one short run of text.</summary>
    public static bool IsNameLike(string field) =>
        ShortFields.Contains(field) || field.EndsWith("name", StringComparison.OrdinalIgnoreCase);

    /// <summary>The text in Unicode normal form C (composed), as it is stored.</summary>
    public static string Normalise(string text) => text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);

    /// <summary>The trimmed text, or null when there is none: empty, or only spaces and invisible characters.</summary>
    public static string? Clean(string? text) => IsBlank(text) ? null : text!.Trim();

    /// <summary>True when the text shows nothing: null, empty, or only white space and invisible characters (zero-width, BOM).</summary>
    public static bool IsBlank([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] string? text)
    {
        if (string.IsNullOrEmpty(text)) return true;
        foreach (var rune in text.EnumerateRunes())
            if (!IsInvisible(rune)) return false;
        return true;
    }

    private static bool IsInvisible(Rune rune) =>
        Rune.IsWhiteSpace(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.Control
        // Characters that are letters or symbols by category but draw nothing.
        || rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800 or 0x034F or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF);

    public static bool HasControlCharacters(string text) =>
        text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'));

    private static bool IsBidiPush(char c) => c is (>= '\u202A' and <= '\u202E') and not '\u202C' or (>= '\u2066' and <= '\u2068');

    private static bool IsBidiPop(char c) => c is '\u202C' or '\u2069';

    public static bool HasBidiControls(string text) => text.Any(c => IsBidiPush(c) || IsBidiPop(c));

    /// <summary>True when an embedding, override or isolate is opened and not closed, or closed and not opened.</summary>
    public static bool HasUnbalancedBidiControls(string text)
    {
        var depth = 0;
        foreach (var c in text)
        {
            if (IsBidiPush(c)) depth++;
            else if (IsBidiPop(c) && --depth < 0) return true;
        }

        return depth != 0;
    }

    /// <summary>
    /// What is wrong with a value of a field by the rules above (length, control and bidi characters), or null.
    /// <paramref name="what"/> names the field in the message ("The rationale"; default "The {field}").
    /// </summary>
    public static string? Problem(string field, string text, int? maxLength = null, string? what = null)
    {
        var max = maxLength ?? MaxLengthOf(field);
        var length = text.Trim().Length;
        if (length > max) return $"{what ?? $"The {field}"} is at most {max} characters; it has {length}.";
        if (HasControlCharacters(text)) return $"The {field} contains control characters (such as U+0000), which cannot be stored.";
        if (IsNameLike(field) ? HasBidiControls(text) : HasUnbalancedBidiControls(text))
            return IsNameLike(field)
                ? $"The {field} contains bidirectional embedding, override or isolate characters (U+202A–U+202E, U+2066–U+2069), which are not allowed in names."
                : $"The {field} contains unbalanced bidirectional embedding, override or isolate characters (U+202A–U+202E, U+2066–U+2069).";
        return null;
    }

    /// <summary>
    /// Adds an error for <paramref name="field"/> when the text is missing (if required), too long, or has control
    /// characters. An optional text that is given but shows nothing (only zero-width or other invisible characters,
    /// not just spaces) is refused too: it would be stored as a text nobody can read.
    /// </summary>
    public static void Check(List<(string Field, string Message)> errors, string field, string? text, int maxLength,
        bool required, string? whatIsMissing = null, string? what = null)
    {
        var clean = Clean(text);
        if (clean is null)
        {
            if (required) errors.Add((field, whatIsMissing ?? $"The {field} is required."));
            else if (!string.IsNullOrWhiteSpace(text))
                errors.Add((field, $"{what ?? $"The {field}"} shows no visible text (only invisible characters); write it, or leave it empty."));
            return;
        }

        if (Problem(field, clean, maxLength, what) is { } problem) errors.Add((field, problem));
    }

    /// <summary>An optional free text as it is stored: trimmed, in normal form C, or null when it shows nothing.</summary>
    public static string? Optional(string? text) => Clean(text) is { } clean ? Normalise(clean) : null;
}
