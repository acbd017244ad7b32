using System.Text.Json;
using System.Text.RegularExpressions;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Hosting;
using ConsultationPlatform.Seeding;
using JasperFx.Events;

namespace ConsultationPlatform.Tests.Outcome;

/// <summary>Round table 3: its seed, its source document, and the record the seed becomes (built in memory).</summary>
public static partial class SourceDocument
{
    public static string Root => DatabaseSettings.RepositoryRoot()!;

    public static SeedDocument Seed() =>
        JsonSerializer.Deserialize<SeedDocument>(File.ReadAllText(Path.Combine(Root, "seeds", "hld-2013-round-table-3.json")), SeedImporter.Json)!;

    public static string Text() => File.ReadAllText(Path.Combine(Root, "seeds", "sources", "000_42c9a5f5589905f7.txt"));

    /// <summary>The source from the summary's own heading on (before it: the letterhead).</summary>
    public static string Summary()
    {
        var text = Text();
        var heading = text.IndexOf("Round table 3:", StringComparison.Ordinal);
        return text[text.LastIndexOf("High-level Dialogue on International Migration and Development", heading, StringComparison.Ordinal)..];
    }

    /// <summary>The letterhead above the summary.</summary>
    public static string Letterhead() => Text()[..Text().IndexOf(Summary(), StringComparison.Ordinal)];

    /// <summary>The consultation and its points as the seed's events make them.</summary>
    public static (Consultation Consultation, List<ActionPoint> Points) Record(SeedDocument? seed = null)
    {
        var plan = SeedPlanner.Plan(seed ?? Seed());
        var consultation = Consultation.Create((ConsultationCreated)plan.ConsultationEvents[0]);
        foreach (var e in plan.ConsultationEvents.Skip(1)) Apply(consultation, e);
        return (consultation, plan.ActionPoints.Select(p => ActionPoint.Create(new Event<ActionPointTabled>(p.Tabled))).ToList());
    }

    public static void Apply(Consultation consultation, object e)
    {
        switch (e)
        {
            case ChallengeTabled c: consultation.Apply(c); break;
            case DocumentTextTabled d: consultation.Apply(d); break;
            case DataQualityNoteRecorded n: consultation.Apply(n); break;
            case SourceDetailsRestored r: consultation.Apply(r); break;
            default: throw new InvalidOperationException($"Unexpected event {e.GetType().Name}");
        }
    }

    /// <summary>
    /// The words of a text, Markdown syntax aside: emphasis, list bullets, links (their text kept), hard line breaks and
    /// escapes removed; whitespace of any kind is one separator.
    /// </summary>
    public static string[] Words(string markdown)
    {
        var text = Link().Replace(markdown, "$1");
        text = text.Replace("**", "").Replace("\\\n", "\n");
        text = Escaped().Replace(text, "$1");
        text = Bullet().Replace(text, "");
        return text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"\\([\\*_\[\]`<>#])")]
    private static partial Regex Escaped();

    [GeneratedRegex(@"(?m)^\s*- ")]
    private static partial Regex Bullet();
}
