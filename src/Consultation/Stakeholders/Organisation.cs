namespace ConsultationPlatform.Stakeholders;

// ---- Events of an organisation stream ----

/// <summary>A moderator registered an organisation of a stakeholder group, from a country or a region.</summary>
public sealed record OrganisationRegistered(
    Guid OrganisationId,
    string Name,
    StakeholderGroup Type,
    string CountryOrRegion,
    Guid RegisteredBy);

/// <summary>A person became a delegate of the organisation (by accepting an invitation to it).</summary>
public sealed record PersonJoinedOrganisation(Guid OrganisationId, Guid PersonId, string PersonName);

/// <summary>A person no longer belongs to the organisation: their personal data was erased on request (Privacy/Erasure.cs).</summary>
public sealed record PersonRemovedFromOrganisation(Guid OrganisationId, Guid PersonId, Guid RemovedBy);

public sealed record OrganisationMember(Guid PersonId, string Name);

/// <summary>An organisation and its people, rebuilt from its events.</summary>
public sealed class Organisation
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string Name { get; set; } = "";
    public StakeholderGroup Type { get; set; }
    public string CountryOrRegion { get; set; } = "";
    public List<OrganisationMember> Members { get; set; } = [];

    /// <summary>The people of the organisation, kept apart so that "organisations of a person" is one indexed query.</summary>
    public List<Guid> MemberIds { get; set; } = [];

    public bool HasMember(Guid personId) => MemberIds.Contains(personId);

    public static Organisation Create(OrganisationRegistered e) => new()
    {
        Id = e.OrganisationId,
        Name = e.Name,
        Type = e.Type,
        CountryOrRegion = e.CountryOrRegion,
    };

    public void Apply(PersonJoinedOrganisation e)
    {
        if (MemberIds.Contains(e.PersonId)) return;
        MemberIds.Add(e.PersonId);
        Members.Add(new OrganisationMember(e.PersonId, e.PersonName));
    }

    public void Apply(PersonRemovedFromOrganisation e)
    {
        MemberIds.Remove(e.PersonId);
        Members.RemoveAll(m => m.PersonId == e.PersonId);
    }
}
