using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultationPlatform.Consultations.History;

namespace ConsultationPlatform.Privacy;

/// <summary>
/// Whom an erasure is for, and what is known of them: their id, their email address (from their account, if any)
/// and the amendments they proposed that were accepted (whose text became the negotiated text and stays).
/// </summary>
public sealed record ErasureSubject(Guid PersonId, string? Email, IReadOnlySet<Guid> AcceptedAmendments)
{
    public string Id => PersonId.ToString();
}

/// <summary>
/// Where a person's data is in an event, and how it is masked: pure functions over the event's stored JSON (its data
/// and its headers), so that the store, the history of changes and the public log are masked by the same rules.
/// docs/privacy.md lists what is masked and what stays (the record of what an organisation did).
/// <list type="bullet">
/// <item>Names: any object that carries the person's id as <c>personId</c> loses the name beside it
/// (<c>personName</c>, <c>name</c>): a sponsor, an author, a flag, a member; any top-level <c>xxxBy</c> that is the
/// person loses <c>xxxByName</c> (a decision, a summary, a translation); the <c>person_name</c> header of every event the
/// person caused.</item>
/// <item>Free text the person wrote (<see cref="Authored"/>): an input's title and body, an amendment's rationale (and
/// its text unless accepted), a flag's reason, an accreditation request's statement, a statement in a session (and its link).</item>
/// <item>Their email address, wherever it appears as a whole value.</item>
/// </list>
/// Ids stay: they name no one once the account is gone, and they keep the record whole (whose own items, which
/// organisation acted). Masking is idempotent: a masked event masked again does not change.
/// </summary>
public static class PersonalData
{
    /// <summary>What replaces masked text.</summary>
    public const string Erased = "[erased on request]";

    /// <summary>What replaces masked HTML (an input's rendered body).</summary>
    public const string ErasedHtml = "<p>[erased on request]</p>";

    private sealed record AuthoredText(Func<JsonObject, string?> Author, Func<JsonObject, ErasureSubject, IEnumerable<string>> Fields);

    private static string? Str(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>
    /// The free text of an event that its author wrote, by event type (Marten's type name): who the author is, and
    /// which fields are theirs. The secretariat's reasons (for rejecting, hiding, refusing) are the record of the
    /// secretariat's acts and stay; the negotiated text stays.
    /// </summary>
    private static readonly Dictionary<string, AuthoredText> Authored = new()
    {
        ["submission_received"] = new(d => Str(d["personId"]), (_, _) => ["title", "bodyMarkdown", "bodyHtml"]),
        ["submission_flagged"] = new(d => Str(d["flaggedBy"]), (_, _) => ["reason"]),
        ["amendment_proposed"] = new(d => Str((d["proposedBy"] as JsonObject)?["personId"]),
            (d, s) => IsAccepted(d, s) ? ["rationale"] : ["rationale", "text"]),
        ["amendment_rebased"] = new(d => Str(d["rebasedBy"]), (d, s) => IsAccepted(d, s) ? [] : ["text"]),
        ["accreditation_requested"] = new(d => Str(d["requestedBy"]), (_, _) => ["statement"]),
        ["statement_delivered"] = new(d => Str(d["deliveredBy"]), (_, _) => ["text", "link"]),
    };

    private static bool IsAccepted(JsonObject data, ErasureSubject subject) =>
        Guid.TryParse(Str(data["amendmentId"]), out var id) && subject.AcceptedAmendments.Contains(id);

    /// <summary>Masks the person's data in an event's JSON data, in place; true when something changed.</summary>
    public static bool MaskData(JsonObject data, string eventTypeName, ErasureSubject subject)
    {
        var changed = false;
        if (Authored.TryGetValue(eventTypeName, out var authored) && string.Equals(authored.Author(data), subject.Id, StringComparison.OrdinalIgnoreCase))
        {
            foreach (var field in authored.Fields(data, subject))
            {
                if (Str(data[field]) is not { } value) continue;
                var masked = field == "bodyHtml" ? ErasedHtml : field == "link" ? null : Erased;
                if (value == masked) continue;
                data[field] = masked;
                changed = true;
            }
        }

        // xxxBy: the person → xxxByName masked.
        foreach (var (name, value) in data.ToList())
        {
            if (!name.EndsWith("By", StringComparison.Ordinal) || !string.Equals(Str(value), subject.Id, StringComparison.OrdinalIgnoreCase)) continue;
            changed |= Replace(data, name + "Name");
        }

        return MaskNames(data, subject) | changed;
    }

    /// <summary>Masks the person's name in the headers an event was stamped with (the actor), in place; true when something changed.</summary>
    public static bool MaskHeaders(JsonObject headers, ErasureSubject subject) =>
        string.Equals(Str(headers[ChangeClassifier.PersonIdHeader]), subject.Id, StringComparison.OrdinalIgnoreCase)
        && Replace(headers, ChangeClassifier.PersonNameHeader);

    /// <summary>The person's name beside their id, and their email address, anywhere in the tree.</summary>
    private static bool MaskNames(JsonNode? node, ErasureSubject subject)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject o:
                if (string.Equals(Str(o["personId"]), subject.Id, StringComparison.OrdinalIgnoreCase))
                {
                    changed |= Replace(o, "personName");
                    changed |= Replace(o, "name");
                }

                foreach (var (name, child) in o.ToList())
                {
                    if (subject.Email is { Length: > 0 } email && string.Equals(Str(child)?.Trim(), email, StringComparison.OrdinalIgnoreCase))
                    {
                        o[name] = Erased;
                        changed = true;
                    }
                    else changed |= MaskNames(child, subject);
                }

                break;
            case JsonArray a:
                foreach (var child in a) changed |= MaskNames(child, subject);
                break;
        }

        return changed;
    }

    private static bool Replace(JsonObject o, string property)
    {
        if (Str(o[property]) is not { } value || value == Erased) return false;
        o[property] = Erased;
        return true;
    }
}
