using ConsultationPlatform.Common;

namespace ConsultationPlatform.Tests.Common;

public class DeterministicGuidTests
{
    [Fact]
    public void matches_the_rfc_version_5_test_vector()
    {
        // uuid5(NAMESPACE_DNS, "python.org") as computed by Python's uuid module.
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        Assert.Equal(new Guid("886313e1-3b8a-5372-9b90-0c9aee199e5d"), DeterministicGuid.Create(dns, "python.org"));
    }

    [Fact]
    public void the_same_name_gives_the_same_id_and_another_name_another()
    {
        var ns = Guid.NewGuid();
        Assert.Equal(DeterministicGuid.Create(ns, "a", 1), DeterministicGuid.Create(ns, "a", 1));
        Assert.NotEqual(DeterministicGuid.Create(ns, "a", 1), DeterministicGuid.Create(ns, "a", 2));
    }
}
