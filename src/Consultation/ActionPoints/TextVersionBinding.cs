namespace ConsultationPlatform.ActionPoints;

/// <summary>
/// An act bound to the version of a point's text its author read (an endorsement, a position): the version must
/// exist, and be the current one, or the act is refused with the current text so the author can read it first.
/// </summary>
public static class TextVersionBinding
{
    /// <summary>Adds a <c>version</c> error when the point has no such version.</summary>
    public static void CheckExists(List<(string, string)> errors, ActionPoint point, int version)
    {
        if (version < 1 || version > point.Current.Number)
            errors.Add(("version", $"Action point {point.Number} has versions 1 to {point.Current.Number}; there is no version {version}."));
    }

    /// <summary>
    /// A 409 <c>stale-version</c> problem, with the current version and text, when the act was made on an older text.
    /// <paramref name="youActedOn"/>: "endorsed", "stated a position on"; <paramref name="actAgain"/>: "endorse that version".
    /// </summary>
    public static ProblemDetails CheckCurrent(ActionPoint point, int version, string youActedOn, string actAgain) =>
        version == point.Current.Number
            ? Problems.None
            : Problems.Conflict(
                "The text has changed",
                $"You {youActedOn} version {version} of action point {point.Number}, but its current text is version {point.Current.Number}. " +
                $"Read the current text and {actAgain}.",
                "stale-version",
                new Dictionary<string, object?> { ["currentVersion"] = point.Current.Number, ["currentText"] = point.Current.Text });
}
