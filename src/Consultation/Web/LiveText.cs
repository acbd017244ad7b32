using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace ConsultationPlatform.Web;

/// <summary>The words a page's script needs, as the JSON of a <c>data-labels</c> attribute.</summary>
public static class LiveText
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static string Labels(Dictionary<string, object> labels) => JsonSerializer.Serialize(labels, Json);
}
