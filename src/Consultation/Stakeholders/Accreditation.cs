namespace ConsultationPlatform.Stakeholders;

public enum AccreditationStatus
{
    Requested,
    Granted,
    Refused,
    Withdrawn,
}

// ---- Events of an accreditation stream: one stream per consultation and organisation ----

/// <summary>A delegate asked for their organisation to be accredited to a consultation. Private while pending.</summary>
public sealed record AccreditationRequested(
    Guid AccreditationId,
    Guid ConsultationId,
    Guid OrganisationId,
    string OrganisationName,
    StakeholderGroup OrganisationGroup,
    string? Statement,
    Guid RequestedBy) : IConsultationEvent;

/// <summary>A moderator or co-chair accredited the organisation: its delegates now take part. Public.</summary>
public sealed record AccreditationGranted(Guid AccreditationId, Guid ConsultationId, Guid OrganisationId, Guid GrantedBy) : IConsultationEvent;

/// <summary>A moderator or co-chair refused the request, with the reason. Private (moderators and the organisation).</summary>
public sealed record AccreditationRefused(Guid AccreditationId, Guid ConsultationId, Guid OrganisationId, string Reason, Guid RefusedBy) : IConsultationEvent;

/// <summary>The organisation withdrew its request or accreditation, or the secretariat withdrew it (with a reason).</summary>
public sealed record AccreditationWithdrawn(Guid AccreditationId, Guid ConsultationId, Guid OrganisationId, string? Reason, Guid WithdrawnBy) : IConsultationEvent;

/// <summary>
/// An organisation's accreditation to one consultation. Its id follows from the pair
/// (<see cref="Accreditations.IdFor"/>), so an endpoint learns whether the actor's organisation is accredited with
/// one load by id.
/// </summary>
public sealed class Accreditation
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid ConsultationId { get; set; }
    public Guid OrganisationId { get; set; }
    public string OrganisationName { get; set; } = "";
    public StakeholderGroup OrganisationGroup { get; set; }
    public AccreditationStatus Status { get; set; }
    public string? Statement { get; set; }
    public string? Reason { get; set; }
    public Guid RequestedBy { get; set; }
    public Guid? DecidedBy { get; set; }

    public bool IsGranted => Status == AccreditationStatus.Granted;

    /// <summary>Open: a pending request or a standing accreditation.</summary>
    public bool IsOpen => Status is AccreditationStatus.Requested or AccreditationStatus.Granted;

    public static Accreditation Create(AccreditationRequested e)
    {
        var accreditation = new Accreditation { Id = e.AccreditationId };
        accreditation.Apply(e);
        return accreditation;
    }

    public void Apply(AccreditationRequested e)
    {
        ConsultationId = e.ConsultationId;
        OrganisationId = e.OrganisationId;
        OrganisationName = e.OrganisationName;
        OrganisationGroup = e.OrganisationGroup;
        Statement = e.Statement;
        RequestedBy = e.RequestedBy;
        Status = AccreditationStatus.Requested;
        Reason = null;
        DecidedBy = null;
    }

    public void Apply(AccreditationGranted e)
    {
        Status = AccreditationStatus.Granted;
        DecidedBy = e.GrantedBy;
        Reason = null;
    }

    public void Apply(AccreditationRefused e)
    {
        Status = AccreditationStatus.Refused;
        DecidedBy = e.RefusedBy;
        Reason = e.Reason;
    }

    public void Apply(AccreditationWithdrawn e)
    {
        Status = AccreditationStatus.Withdrawn;
        DecidedBy = e.WithdrawnBy;
        Reason = e.Reason;
    }

    /// <summary>The state after <paramref name="e"/>, leaving this instance (which the session may hold) untouched.</summary>
    public static Accreditation After(Accreditation? current, object e)
    {
        if (current is null) return e is AccreditationRequested requested ? Create(requested) : throw new InvalidOperationException("An accreditation starts with a request.");
        var next = (Accreditation)current.MemberwiseClone();
        switch (e)
        {
            case AccreditationRequested x: next.Apply(x); break;
            case AccreditationGranted x: next.Apply(x); break;
            case AccreditationRefused x: next.Apply(x); break;
            case AccreditationWithdrawn x: next.Apply(x); break;
        }

        return next;
    }
}

/// <summary>How any endpoint learns whether the organisation someone acts for is accredited to a consultation.</summary>
public static class Accreditations
{
    private static readonly Guid Namespace = new("3b8f2f61-0c55-4d0c-b1a4-7d2a9e6c4f21");

    /// <summary>The id of the accreditation stream (and document) of an organisation to a consultation.</summary>
    public static Guid IdFor(Guid consultationId, Guid organisationId) =>
        DeterministicGuid.Create(Namespace, consultationId, organisationId);

    /// <summary>The actor's accreditation to the consultation, if they act for an organisation and it has one.</summary>
    public static async Task<Accreditation?> ForActor(IQuerySession session, Guid consultationId, Actor? actor, CancellationToken ct)
    {
        if (actor is null || actor.OrganisationId == Guid.Empty) return null;
        return await session.LoadAsync<Accreditation>(IdFor(consultationId, actor.OrganisationId), ct);
    }

    public static async Task<bool> IsAccredited(IQuerySession session, Guid consultationId, Guid organisationId, CancellationToken ct) =>
        organisationId != Guid.Empty
        && await session.LoadAsync<Accreditation>(IdFor(consultationId, organisationId), ct) is { IsGranted: true };

    /// <summary>Null-safe, for <c>AccessRules.Check(actor, act, accreditation.Granted())</c>.</summary>
    public static bool Granted(this Accreditation? accreditation) => accreditation is { IsGranted: true };
}
