using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultationPlatform.Consultations.History;

namespace ConsultationPlatform.Outcome.OpenData;

/// <summary>
/// The public event log of a consultation as NDJSON: one record a line, each carrying the SHA-256 of its canonical
/// form and the hash of the record before it, so that a record rewritten, removed, inserted or moved breaks the chain
/// at the first line that differs. docs/open-data.md gives the format and the algorithm; <see cref="Verify"/> is it.
/// </summary>
public static class PublicLog
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// Properties never written into the log, wherever they appear: people (the public audit names organisations only).
    /// A top-level property whose name ends in <c>By</c> and holds a person's id (<c>givenBy</c>, <c>decidedBy</c>…),
    /// and any ending in <c>ByName</c>, go too.
    /// </summary>
    private static readonly HashSet<string> PersonalProperties = ["personId", "personName", "email", "authorId"];

    /// <summary>The records of the log, in the order of the public history, chained from <see cref="Genesis"/>.</summary>
    public static IEnumerable<JsonObject> Records(IEnumerable<ConsultationChange> publicChanges)
    {
        var previous = Genesis;
        var line = 0L;
        foreach (var change in publicChanges)
        {
            if (change.Audience != ChangeAudience.Public) continue;
            var record = new JsonObject
            {
                ["seq"] = ++line,
                ["position"] = change.Id,
                ["consultationId"] = change.ConsultationId.ToString(),
                ["streamId"] = change.StreamId.ToString(),
                ["type"] = change.Type,
                ["at"] = change.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'"),
                ["actionPointId"] = change.ActionPointId?.ToString(),
                ["organisationId"] = change.ActorOrganisationId?.ToString(),
                ["organisation"] = change.ActorOrganisationName,
                ["data"] = Redact(JsonNode.Parse(change.Data.GetRawText())),
                ["prev"] = previous,
            };
            record["hash"] = previous = Hash(record);
            yield return record;
        }
    }

    /// <summary>One line of the file: the record in canonical form (so the line is exactly what is hashed, plus its hash).</summary>
    public static string Line(JsonObject record) => Canonical(record);

    /// <summary>The SHA-256 (lowercase hex) of the canonical form of the record without its <c>hash</c> member.</summary>
    public static string Hash(JsonObject record)
    {
        var without = new JsonObject();
        foreach (var (name, value) in record)
            if (name != "hash") without[name] = value?.DeepClone();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(without))));
    }

    /// <summary>
    /// The canonical JSON form: no whitespace; object members sorted by name in ordinal (UTF-16 code unit) order;
    /// strings with only <c>"</c>, <c>\</c> and the control characters below U+0020 escaped (<c>\b \f \n \r \t</c>, else
    /// <c>\u00xx</c> in lowercase hex), everything else as itself in UTF-8; numbers, <c>true</c>, <c>false</c> and
    /// <c>null</c> as written (the log holds integers only); arrays in their order.
    /// </summary>
    public static string Canonical(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    private static void Write(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject o:
                text.Append('{');
                var first = true;
                foreach (var (name, value) in o.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first) text.Append(',');
                    first = false;
                    String(name, text);
                    text.Append(':');
                    Write(value, text);
                }

                text.Append('}');
                break;
            case JsonArray a:
                text.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0) text.Append(',');
                    Write(a[i], text);
                }

                text.Append(']');
                break;
            case JsonValue v:
                if (v.GetValueKind() == JsonValueKind.String) String(v.GetValue<string>(), text);
                else text.Append(v.ToJsonString());
                break;
        }
    }

    private static void String(string value, StringBuilder text)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c < ' ') text.Append("\\u").Append(((int)c).ToString("x4"));
                    else text.Append(c);
                    break;
            }
        }

        text.Append('"');
    }

    /// <summary>The event as the public may read it: without the people in it (see <see cref="PersonalProperties"/>).</summary>
    public static JsonNode? Redact(JsonNode? data)
    {
        if (data is JsonObject top)
        {
            foreach (var name in top.Select(p => p.Key).ToList())
            {
                var value = top[name];
                if (name.EndsWith("ByName", StringComparison.Ordinal)
                    || (name.EndsWith("By", StringComparison.Ordinal) && value is JsonValue v && v.GetValueKind() == JsonValueKind.String))
                    top.Remove(name);
            }
        }

        Strip(data);
        return data;

        static void Strip(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var name in o.Select(p => p.Key).Where(PersonalProperties.Contains).ToList()) o.Remove(name);
                    foreach (var (_, child) in o) Strip(child);
                    break;
                case JsonArray a:
                    foreach (var child in a) Strip(child);
                    break;
            }
        }
    }

    /// <summary>What the verifier found: nothing wrong (<see cref="FirstBadLine"/> null), or the first bad line and why.</summary>
    public sealed record Verdict(long Records, string? Head, long? FirstBadLine, string? Reason)
    {
        public bool Intact => FirstBadLine is null;
    }

    /// <summary>
    /// Checks a log line by line: each line a JSON object in canonical form; its <c>seq</c> its line number; its
    /// <c>prev</c> the <c>hash</c> of the line before (<see cref="Genesis"/> for the first); its <c>hash</c> the SHA-256 of
    /// its canonical form without <c>hash</c>. Stops at the first line that fails, and names it.
    /// </summary>
    public static Verdict Verify(IEnumerable<string> lines)
    {
        var previous = Genesis;
        long number = 0;
        foreach (var line in lines)
        {
            number++;
            if (line.Length == 0) return new(number - 1, previous, number, "an empty line (every line is a record)");
            JsonObject? record;
            try
            {
                record = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException e)
            {
                return new(number - 1, previous, number, "not JSON: " + e.Message);
            }

            if (record is null) return new(number - 1, previous, number, "not a JSON object");
            if (record["hash"]?.GetValueKind() != JsonValueKind.String || record["prev"]?.GetValueKind() != JsonValueKind.String)
                return new(number - 1, previous, number, "no hash or prev");
            var hash = record["hash"]!.GetValue<string>();
            if (Hash(record) != hash) return new(number - 1, previous, number, "its hash does not match its content (the record was altered)");
            if (record["prev"]!.GetValue<string>() != previous)
                return new(number - 1, previous, number,
                    number == 1 ? "the first record does not start the chain (records before it were removed)"
                        : $"its prev is not the hash of line {number - 1} (a record was removed, inserted or moved before it)");
            if (record["seq"] is not JsonValue seq || seq.GetValueKind() != JsonValueKind.Number || seq.ToJsonString() != number.ToString())
                return new(number - 1, previous, number, $"its seq is not {number}");
            if (Canonical(record) != line) return new(number - 1, previous, number, "the line is not in canonical form");
            previous = hash;
        }

        return new(number, previous, null, null);
    }
}
