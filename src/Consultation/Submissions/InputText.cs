using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;

namespace ConsultationPlatform.Submissions;

/// <summary>
/// Renders the Markdown of an input to HTML that is safe to put on any page, in two independent layers:
/// Markdig with raw HTML disabled (so <c>&lt;script&gt;</c> typed in the body becomes visible text, never markup),
/// then HtmlSanitizer over the result with a list of tags limited to what Markdown produces and links limited to
/// http, https and mailto (so <c>[x](javascript:…)</c> is plain text, and no event-handler attribute survives).
/// Images are not rendered as images: a page of inputs makes no requests to servers the authors choose (light pages
/// for weak connections, no tracking pixels); the sanitizer drops <c>img</c> and keeps nothing of it.
/// Links get <c>rel="nofollow ugc noopener noreferrer"</c>.
/// </summary>
public static class MarkdownRendering
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    private static readonly string[] AllowedTags =
    [
        "p", "br", "hr", "em", "strong", "del", "ins", "sub", "sup", "mark", "code", "pre", "blockquote",
        "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6",
        "table", "thead", "tbody", "tr", "th", "td",
    ];

    public static string ToHtml(string markdown) => Sanitize(Markdown.ToHtml(markdown, Pipeline));

    /// <summary>The second layer on its own (a new sanitizer each call: its configuration is not shared between threads).</summary>
    public static string Sanitize(string html)
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedTags.Clear();
        sanitizer.AllowedTags.UnionWith(AllowedTags);
        sanitizer.AllowedAttributes.Clear();
        sanitizer.AllowedAttributes.UnionWith(["href", "title", "start", "align"]);
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.AllowedClasses.Clear();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto"]);
        sanitizer.AllowedAtRules.Clear();
        sanitizer.KeepChildNodes = true;
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement { LocalName: "a" } link && link.HasAttribute("href"))
                link.SetAttribute("rel", "nofollow ugc noopener noreferrer");
        };
        // A link whose address was refused (javascript:, data:…) is plain text, not an anchor that looks like a link and leads nowhere.
        sanitizer.PostProcessDom += (_, e) =>
        {
            foreach (var anchor in e.Document.QuerySelectorAll("a:not([href])").ToList())
            {
                while (anchor.FirstChild is { } child) anchor.Parent!.InsertBefore(child, anchor);
                anchor.Remove();
            }
        };
        return sanitizer.Sanitize(html).Trim();
    }
}

/// <summary>
/// Language tags (BCP 47). The check is a strict regular expression of the RFC 5646 <c>langtag</c> grammar
/// (language with up to three extended subtags, script, region, variants, extensions, private use), plus RFC 5646's
/// rule that no variant and no extension singleton repeats, and a length limit of 35 characters. It is not
/// <see cref="System.Globalization.CultureInfo"/>: which cultures that knows depends on the ICU data installed
/// on the server, so the same input could be accepted on one machine and refused on another, and it accepts
/// names that are not language tags. The cost of the regular expression: a well-formed tag whose subtags are not
/// registered (e.g. <c>qq</c>) passes; readers see the tag as given. One tightening of the grammar: the primary
/// language subtag has 2 or 3 letters. RFC 5646 reserves 4 letters and allows 5–8 for registered languages, but the
/// IANA registry holds none of either, and allowing them would let words like <c>english</c> pass as tags.
/// Grandfathered tags (<c>i-klingon</c>) and tags that are only private use (<c>x-foo</c>) are refused. Accepted tags are stored in their canonical case
/// (<c>zh-Hant-TW</c>, <c>es-419</c>, <c>sr-Latn-RS</c>).
/// </summary>
public static partial class LanguageTags
{
    public const int MaxLength = 35;

    [GeneratedRegex(
        """
        ^(?<language>[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3})
        (?:-(?<script>[A-Za-z]{4}))?
        (?:-(?<region>[A-Za-z]{2}|[0-9]{3}))?
        (?:-(?<variant>[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*
        (?:-(?<extension>[0-9A-WYZa-wyz](?:-[A-Za-z0-9]{2,8})+))*
        (?:-(?<privateuse>[Xx](?:-[A-Za-z0-9]{1,8})+))?\z
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex LangTag();

    /// <summary>The tag in canonical case, or null when it is not a well-formed BCP 47 language tag.</summary>
    public static string? Normalise(string? tag)
    {
        if (string.IsNullOrEmpty(tag) || tag.Length > MaxLength) return null;
        var match = LangTag().Match(tag);
        if (!match.Success) return null;

        var variants = match.Groups["variant"].Captures.Select(c => c.Value.ToLowerInvariant()).ToList();
        var singletons = match.Groups["extension"].Captures.Select(c => char.ToLowerInvariant(c.Value[0])).ToList();
        if (variants.Distinct().Count() != variants.Count || singletons.Distinct().Count() != singletons.Count) return null;

        var parts = tag.Split('-');
        var canonical = new List<string>(parts.Length);
        var afterSingleton = false;
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (i > 0 && !afterSingleton && part.Length == 4 && part.All(char.IsAsciiLetter))
                canonical.Add(char.ToUpperInvariant(part[0]) + part[1..].ToLowerInvariant());
            else if (i > 0 && !afterSingleton && part.Length == 2 && part.All(char.IsAsciiLetter))
                canonical.Add(part.ToUpperInvariant());
            else
                canonical.Add(part.ToLowerInvariant());
            if (part.Length == 1) afterSingleton = true;
        }

        return string.Join('-', canonical);
    }
}
