using System.Text.Json;
using System.Text.Json.Serialization;

namespace ConsultationPlatform.Common;

/// <summary>How the platform writes JSON everywhere (API, hub, history, open data): camel case, enums by name.</summary>
public static class JsonConventions
{
    public static void Apply(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    }
}
