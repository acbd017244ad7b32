using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using CsvHelper;

namespace ConsultationPlatform.Outcome.OpenData;

/// <summary>The datasets as JSON (an array of rows) and as CSV (RFC 4180, UTF-8, a header line then one line a row).</summary>
public static class OpenDataFormats
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true };
        Common.JsonConventions.Apply(json);
        return json;
    }

    /// <summary>The columns of a row type: its constructor's parameters, in order, in camelCase (as in the JSON).</summary>
    public static IReadOnlyList<(string Column, PropertyInfo Property)> Columns(Type rowType) =>
        rowType.GetConstructors().Single().GetParameters()
            .Select(p => (JsonNamingPolicy.CamelCase.ConvertName(p.Name!), rowType.GetProperty(p.Name!)!))
            .ToList();

    public static byte[] ToJson(OpenDataSet set) => JsonSerializer.SerializeToUtf8Bytes(set.Rows, set.Rows.GetType(), Json);

    public static byte[] ToCsv(OpenDataSet set)
    {
        var columns = Columns(set.RowType);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        // RFC 4180 (CsvHelper's default): CRLF after each record, fields quoted when they need it, quotes doubled.
        using (var csv = CsvWriter.Create(text, null, leaveOpen: true))
        {
            foreach (var (column, _) in columns) csv.WriteField(column);
            csv.EndRecord();
            foreach (var row in set.Rows)
            {
                foreach (var (_, property) in columns) csv.WriteField(Cell(property.GetValue(row)));
                csv.EndRecord();
            }
        }

        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.ToString());
    }

    /// <summary>A cell: empty for none, ISO 8601 in UTC for a time, true/false, invariant numbers, ids in their usual form.</summary>
    public static string Cell(object? value) => value switch
    {
        null => "",
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
