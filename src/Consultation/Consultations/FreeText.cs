namespace ConsultationPlatform.Consultations;

/// <summary>
/// Checks for the free text people type (reasons, titles, bodies). Lengths are counted in UTF-16 code units
/// (what <see cref="string.Length"/> counts) after trimming. Control characters other than tab, line feed and
/// carriage return are refused: they are invisible to readers, and PostgreSQL's jsonb cannot store U+0000 at all.
/// </summary>
public static class FreeText
{
    /// <summary>The longest reason (for a phase move, a rejection, a hiding, a flag).</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>The trimmed text, or null when there is none.</summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static bool HasControlCharacters(string text) =>
        text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'));

    /// <summary>Adds an error for <paramref name="field"/> when the text is missing (if required), too long, or has control characters.</summary>
    public static void Check(List<(string Field, string Message)> errors, string field, string? text, int maxLength,
        bool required, string? whatIsMissing = null)
    {
        var clean = Clean(text);
        if (clean is null)
        {
            if (required) errors.Add((field, whatIsMissing ?? $"The {field} is required."));
            return;
        }

        if (clean.Length > maxLength)
            errors.Add((field, $"The {field} is at most {maxLength} characters; it has {clean.Length}."));
        if (HasControlCharacters(clean))
            errors.Add((field, $"The {field} contains control characters."));
    }
}
