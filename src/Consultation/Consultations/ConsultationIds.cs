namespace ConsultationPlatform.Consultations;

/// <summary>
/// The ids of a consultation and of its tabled action points follow from the consultation's slug (and the point's
/// number): a slug names one consultation, whether an administrator created it or a seed imported it.
/// </summary>
public static class ConsultationIds
{
    private static readonly Guid ConsultationNamespace = new("0d6bb1c4-5f0e-4c7e-9a54-2b4f9f3f2a01");
    private static readonly Guid ActionPointNamespace = new("8a0f5c4e-7f1b-4f0f-8d0e-5e9b6d3c2b02");

    public static Guid Consultation(string slug) => DeterministicGuid.Create(ConsultationNamespace, slug);

    public static Guid ActionPoint(string slug, int number) => DeterministicGuid.Create(ActionPointNamespace, slug, number);
}
