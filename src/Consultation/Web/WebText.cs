using Microsoft.Extensions.Localization;

namespace ConsultationPlatform.Web;

/// <summary>Words the pages' scripts need, in the reader's language (JSON for a data attribute).</summary>
public static class WebText
{
    /// <summary>For worddiff.js: the hidden words around changes (as _Diff draws them) and the summary of a preview.</summary>
    public static string DiffLabels(IStringLocalizer t) => LiveText.Labels(new Dictionary<string, object>
    {
        ["added"] = t["DiffAddedStart"].Value,
        ["removed"] = t["DiffRemovedStart"].Value,
        ["end"] = t["DiffEnd"].Value,
        ["summary"] = t["DiffSummary"].Value,
        ["unchanged"] = t["DiffUnchanged"].Value,
    });
}
