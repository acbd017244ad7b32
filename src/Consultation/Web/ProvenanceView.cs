using System.Globalization;
using ConsultationPlatform.Outcome.Provenance;
using Microsoft.Extensions.Localization;

namespace ConsultationPlatform.Web;

/// <summary>The provenance of a point's text as the point page shows it, with its sentences described in the reader's language.</summary>
public sealed record ProvenanceView(ActionPointProvenance Provenance, string Language)
{
    /// <summary>"tabled text (version 1)", or "version 2, proposed by …, co-sponsored by …, accepted by … on …".</summary>
    public string Origin(IStringLocalizer t, VersionOrigin origin)
    {
        var of = origin.ActionPointNumber is { } number ? $"{t["ActionPointN", number]}, " : "";
        if (origin.AmendmentId is null) return of + (origin.Version == 1 ? t["ProvenanceTabled"] : t["ProvenanceVersion", origin.Version]);
        var parts = new List<string> { of + t["ProvenanceVersion", origin.Version] };
        if (origin.ProposedBy is { } proposer) parts.Add(t["ProvenanceProposedBy", proposer.OrganisationName]);
        if (origin.CoSponsoredBy.Count > 0) parts.Add(t["ProvenanceCoSponsoredBy", string.Join(", ", origin.CoSponsoredBy.Select(s => s.OrganisationName))]);
        if (origin.AcceptedBy is { } by) parts.Add(t["ProvenanceAcceptedBy", by, PageLinks.Date(origin.AcceptedAt ?? origin.At)]);
        return string.Join(", ", parts);
    }

    /// <summary>Where a sentence's words come from, in one line (the hover and focus tip).</summary>
    public string Describe(IStringLocalizer t, SentenceProvenance sentence) =>
        $"{t["ProvenanceWords"]} " + string.Join("; ", From(sentence).Select(o => Origin(t, OriginOf(o))));

    /// <summary>Every origin of a sentence's words: this point's versions, then those of points merged into it.</summary>
    public static IReadOnlyList<OriginRef> From(SentenceProvenance sentence) =>
        sentence.From ?? sentence.Versions.Select(v => new OriginRef(null, v)).ToList();

    public VersionOrigin OriginOf(OriginRef o) =>
        Provenance.Origins.First(x => x.ActionPointId == o.ActionPointId && x.Version == o.Version);
}
