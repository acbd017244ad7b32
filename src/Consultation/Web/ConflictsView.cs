using ConsultationPlatform.Amendments;

namespace ConsultationPlatform.Web;

/// <summary>The regions where an amendment and the point's later versions changed the same words, as a page shows them.</summary>
public sealed record ConflictsView(IReadOnlyList<ConflictRegion> Regions, int BaseVersion, int CurrentVersion, string ContentLanguage);
