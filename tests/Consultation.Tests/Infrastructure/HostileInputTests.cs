using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultationPlatform.Hosting;
using ConsultationPlatform.Infrastructure.Input;
using ConsultationPlatform.Tests.Stakeholders;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ConsultationPlatform.Tests.Infrastructure;

/// <summary>
/// Every write route of the OpenAPI document (read at test time, so a new route is covered without a line here),
/// sent hostile input: a JSON null body, malformed JSON (an array, a truncated object, a bare string, a number, deep
/// nesting), an all-zero GUID in each id segment of the path, a NUL character in each string field of the request
/// schema, a non-GUID where the schema says uuid, and a body beyond the size limit. Each is sent as an administrator,
/// a moderator, two delegates and the anonymous (so that one of them gets past authorization on every route), with
/// the real ids of a consultation that has one of everything. No answer may be a 5xx; every answer that is not a
/// refusal of the caller (401, 403) is the 4xx problem that names what is wrong; and nothing in the store changes.
/// </summary>
public sealed class HostileInputTests(AuthorizationMatrixTests.World world, ITestOutputHelper output)
    : IClassFixture<AuthorizationMatrixTests.World>
{
    private static readonly Persona[] Callers = [Persona.Admin, Persona.Moderator, Persona.CivilSociety, Persona.MemberState, Persona.Anonymous];

    private sealed record Attack(string Name, string Body, Func<int, JsonNode?, string?> Check);

    [Fact]
    public async Task no_hostile_request_to_any_write_route_gets_a_5xx_or_changes_anything()
    {
        using var document = JsonDocument.Parse(await world.Http.GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;
        var routes = root.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(op => op.Name is "post" or "put" or "patch" or "delete")
                .Select(op => (Method: op.Name.ToUpperInvariant(), Path: path.Name, Operation: op.Value)))
            .ToList();
        Assert.True(routes.Count >= 29, $"only {routes.Count} write routes in the OpenAPI document");

        await world.App.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var before = await RowCounts();

        var sent = 0;
        var serverErrors = new List<string>();
        var wrong = new List<string>();
        foreach (var (method, pattern, operation) in routes)
        {
            var attacks = AttacksOn(pattern, operation, root).ToList();
            foreach (var (path, attack) in attacks)
            foreach (var caller in Callers)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(attack.Body) };
                using var response = await world.ClientFor(caller).SendAsync(request);
                sent++;
                var status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync();
                if (status >= 500)
                {
                    serverErrors.Add($"{method} {pattern} [{attack.Name}] as {caller}: {status} {text[..Math.Min(200, text.Length)]}");
                    continue;
                }

                if (status is 401 or 403) continue;
                JsonNode? problem = null;
                try { problem = JsonNode.Parse(text); } catch (JsonException) { }
                if (attack.Check(status, problem) is { } why)
                    wrong.Add($"{method} {pattern} [{attack.Name}] as {caller}: {status}, {why}: {text[..Math.Min(200, text.Length)]}");
            }
        }

        await world.App.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var after = await RowCounts();
        var changed = before.Keys.Union(after.Keys)
            .Where(t => before.GetValueOrDefault(t) != after.GetValueOrDefault(t))
            .Select(t => $"{t}: {before.GetValueOrDefault(t)} → {after.GetValueOrDefault(t)}").ToList();

        output.WriteLine($"{routes.Count} write routes; {sent} hostile requests sent; {serverErrors.Count} answered 5xx; " +
                         $"{wrong.Count} answered otherwise than the problem expected; tables changed: {changed.Count}.");
        Assert.True(serverErrors.Count == 0, $"{serverErrors.Count} of {sent} requests got a 5xx:\n" + string.Join("\n", serverErrors.Take(40)));
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {sent} requests got another answer than the problem naming the field:\n" + string.Join("\n", wrong.Take(40)));
        Assert.True(changed.Count == 0, "Refused requests changed the store: " + string.Join(", ", changed));
    }

    /// <summary>Each hostile request for one route: the path it goes to, and what it sends.</summary>
    private IEnumerable<(string Path, Attack Attack)> AttacksOn(string pattern, JsonElement operation, JsonElement root)
    {
        var path = world.Fill(pattern);
        var schema = RequestSchema(operation, root);
        var sample = schema is null ? new JsonObject() : Sample(schema.Value, root, "") as JsonObject ?? new JsonObject();

        static string? NamesBody(int status, JsonNode? problem) =>
            status != 400 ? "expected 400" : Errors(problem)?.ContainsKey("body") == true ? null : "expected an error for 'body'";

        foreach (var (name, raw) in new[]
                 {
                     ("null body", "null"), ("array", "[]"), ("truncated object", "{"), ("bare string", "\"text\""),
                     ("number", "42"), ("deep nesting", new string('[', 200) + new string(']', 200)),
                     ("deep objects", string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100)),
                 })
            yield return (path, new Attack(name, raw, NamesBody));

        yield return (path, new Attack("oversized body", new JsonObject { ["padding"] = new string('x', 300 * 1024) }.ToJsonString(),
            (status, _) => status == 413 ? null : "expected 413"));

        // The all-zero GUID in each id segment: an unknown id.
        var segments = pattern.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (!segments[i].StartsWith('{') || segments[i] == "{role}") continue;
            var withEmpty = world.Fill(string.Join('/', segments.Select((s, j) => j == i ? Guid.Empty.ToString() : s)));
            yield return (withEmpty, new Attack($"empty GUID as {segments[i]}", sample.ToJsonString(),
                (status, _) => status == 404 ? null : "expected 404"));
        }

        // A NUL in each string field, and a non-GUID in each uuid field.
        foreach (var (field, kind) in Fields(sample, ""))
        {
            var withNul = sample.DeepClone().AsObject();
            Set(withNul, field, JsonValue.Create(kind == "uuid" ? "not-a-guid" : "a\u0000b"));
            var label = kind == "uuid" ? $"non-GUID in {field}" : $"NUL in {field}";
            yield return (path, new Attack(label, withNul.ToJsonString(), (status, problem) =>
                status != 400 ? "expected 400"
                : Errors(problem)?.ContainsKey(field) == true ? null : $"expected an error for '{field}'"));
        }
    }

    private static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    private static JsonObject? Errors(JsonNode? problem) => problem?["errors"] as JsonObject;

    private static JsonElement? RequestSchema(JsonElement operation, JsonElement root) =>
        operation.TryGetProperty("requestBody", out var body)
        && body.GetProperty("content").EnumerateObject().FirstOrDefault(c => c.Name.Contains("json")) is { Value: var content }
        && content.ValueKind == JsonValueKind.Object && content.TryGetProperty("schema", out var schema)
            ? Resolve(schema, root)
            : null;

    private static JsonElement Resolve(JsonElement schema, JsonElement root)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return Resolve(root.GetProperty("components").GetProperty("schemas").GetProperty(name), root);
        }

        return schema;
    }

    /// <summary>A plausible value for a schema, so that the one hostile field is the only thing wrong.</summary>
    private JsonNode? Sample(JsonElement schema, JsonElement root, string name)
    {
        schema = Resolve(schema, root);
        if (schema.TryGetProperty("enum", out var values))
            return values.EnumerateArray().Select(v => JsonNode.Parse(v.GetRawText())).FirstOrDefault(v => v is not null);
        if (schema.TryGetProperty("oneOf", out var oneOf) || schema.TryGetProperty("anyOf", out oneOf))
            return oneOf.EnumerateArray().Select(s => Sample(s, root, name)).FirstOrDefault(v => v is not null);
        var types = !schema.TryGetProperty("type", out var type) ? []
            : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToArray() : [type.GetString()!];
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (types.Contains("object") || schema.TryGetProperty("properties", out _))
        {
            var result = new JsonObject();
            if (schema.TryGetProperty("properties", out var properties))
                foreach (var property in properties.EnumerateObject())
                    result[property.Name] = Sample(property.Value, root, property.Name);
            return result;
        }

        if (types.Contains("array"))
            return new JsonArray(schema.TryGetProperty("items", out var items) ? Sample(items, root, name) : JsonValue.Create("x"));
        if (types.Contains("integer") || types.Contains("number")) return JsonValue.Create(1);
        if (types.Contains("boolean")) return JsonValue.Create(false);
        if (types.Contains("string"))
            return JsonValue.Create(format switch
            {
                "uuid" => name.Contains("organisation", StringComparison.OrdinalIgnoreCase) ? world.Organisation.ToString() : world.Point.ToString(),
                "date" => "2026-01-01",
                "date-time" => "2026-01-01T00:00:00Z",
                _ => name switch
                {
                    "email" => $"hostile-{Guid.NewGuid():N}@example.org",
                    "language" or "languages" => "en",
                    "slug" => "hostile-" + Guid.NewGuid().ToString("N")[..8],
                    "text" => world.PointText + " Changed.",
                    _ => "Plausible " + name,
                },
            });
        return null;
    }

    /// <summary>The string fields of a sample, by path ("dialogue.name", "coChairs[0]"), and which are uuids.</summary>
    private static IEnumerable<(string Path, string Kind)> Fields(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                foreach (var field in Fields(value, path.Length == 0 ? name : $"{path}.{name}"))
                    yield return field;
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                foreach (var field in Fields(array[i], $"{path}[{i}]"))
                    yield return field;
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                yield return (path, Guid.TryParse(value.GetValue<string>(), out _) ? "uuid" : "string");
                break;
        }
    }

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        JsonNode parent = root;
        var parts = path.Replace("[", ".[").Split('.');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            var last = i == parts.Length - 1;
            if (part.StartsWith('['))
            {
                var index = int.Parse(part[1..^1]);
                if (last) parent.AsArray()[index] = value;
                else parent = parent.AsArray()[index]!;
            }
            else if (last) parent.AsObject()[part] = value;
            else parent = parent.AsObject()[part]!;
        }
    }

    /// <summary>The rows of the event store and of every document table.</summary>
    private async Task<Dictionary<string, long>> RowCounts()
    {
        var connectionString = world.App.Services.GetRequiredService<DatabaseSettings>().ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
                         "select table_name from information_schema.tables where table_schema = 'consultation' " +
                         "and (table_name like 'mt_doc_%' or table_name in ('mt_events', 'mt_streams'))", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));

        var counts = new Dictionary<string, long>();
        foreach (var table in tables)
        {
            await using var count = new NpgsqlCommand($"select count(*) from consultation.\"{table}\"", connection);
            counts[table] = (long)(await count.ExecuteScalarAsync())!;
        }

        return counts;
    }
}
