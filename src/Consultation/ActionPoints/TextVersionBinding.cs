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
    /// Why the act is refused when it was made on an older text than the current one (<see cref="Refused.Stale"/>,
    /// with the current version and text), or null.
    /// <paramref name="youActedOn"/>: "endorsed", "stated a position on"; <paramref name="actAgain"/>: "endorse that version".
    /// </summary>
    public static Refused? CheckCurrent(ActionPoint point, int version, string youActedOn, string actAgain) =>
        version == point.Current.Number
            ? null
            : new Refused.Stale(point.Number, version, point.Current.Number, point.Current.Text, youActedOn, actAgain);
}
