namespace ConsultationPlatform.Web.Pages.Moderation;

/// <summary>
/// The accreditations to a consultation, for moderators and co-chairs: pending requests with their statements (grant,
/// or refuse with a reason), the granted ones (withdraw, with a reason), the refused and withdrawn ones with the reason.
/// The forms send <see cref="GrantAccreditation"/>, <see cref="Refuse"/> and <see cref="Withdraw"/> through the bus.
/// </summary>
public sealed class AccreditationsModel(IQuerySession session, IMessageBus bus) : SecretariatPage(session)
{
    private readonly IQuerySession _session = session;

    public IReadOnlyList<Accreditation> Accreditations { get; private set; } = [];

    /// <summary>The organisation a form acted on.</summary>
    [BindProperty] public Guid? OrganisationId { get; set; }
    [BindProperty] public string? Reason { get; set; }

    /// <summary>The form refused: "refuse" or "withdraw" (its reason is shown again, marked invalid, in that form only).</summary>
    public string? FailedForm { get; private set; }

    protected override string PathOf(Guid consultationId) => PageLinks.Accreditations(consultationId);

    protected override AccessAct Act => AccessAct.DecideAccreditation;

    public Task<IActionResult> OnGetAsync(Guid consultationId, CancellationToken ct) => Show(consultationId, ct);

    public async Task<IActionResult> OnPostGrantAsync(Guid consultationId, CancellationToken ct) =>
        await After(consultationId, await bus.TryAsync(User, actor => new GrantAccreditation(consultationId, Target, actor), ct), "granted", ct);

    public async Task<IActionResult> OnPostRefuseAsync(Guid consultationId, CancellationToken ct)
    {
        FailedForm = "refuse";
        return await After(consultationId,
            await bus.TryAsync(User, actor => new Refuse(consultationId, Target, new RefuseAccreditation(Reason), actor), ct), "refused", ct);
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid consultationId, CancellationToken ct)
    {
        FailedForm = "withdraw";
        return await After(consultationId,
            await bus.TryAsync(User, actor => new Withdraw(consultationId, Target, new WithdrawAccreditation(Reason), actor), ct), "withdrawn", ct);
    }

    private Guid Target => OrganisationId ?? Guid.Empty;

    /// <summary>Whether the <paramref name="form"/> of <paramref name="organisationId"/> is the one refused.</summary>
    public bool Refused(string form, Guid organisationId) => Problem is not null && FailedForm == form && OrganisationId == organisationId;

    protected override async Task LoadAsync(Guid consultationId, CancellationToken ct) =>
        Accreditations = (await _session.Query<Accreditation>().Where(a => a.ConsultationId == consultationId).ToListAsync(ct))
            .OrderBy(a => a.OrganisationGroup).ThenBy(a => a.OrganisationName, StringComparer.OrdinalIgnoreCase)
            .ToList();
}
