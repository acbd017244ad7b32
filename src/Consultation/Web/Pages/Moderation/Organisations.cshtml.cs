namespace ConsultationPlatform.Web.Pages.Moderation;

/// <summary>
/// The organisations, for moderators and co-chairs: every registered organisation with its delegates (and their
/// addresses), a form to register one (<see cref="Register"/>) and, under each, a form to invite a delegate by email
/// (<see cref="Invite"/>; the mail goes through the outbox). Organisations are the platform's, not one consultation's:
/// the page sits in the console of the consultation the moderator works on.
/// </summary>
public sealed class OrganisationsModel(IQuerySession session, IMessageBus bus) : SecretariatPage(session)
{
    private readonly IQuerySession _session = session;

    public sealed record Entry(Organisation Organisation, IReadOnlyList<MemberView> Members);

    public IReadOnlyList<Entry> Entries { get; private set; } = [];

    /// <summary>A part of the name to look for (the list of a real platform is long).</summary>
    [BindProperty(SupportsGet = true, Name = "q")] public string? Query { get; set; }

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public StakeholderGroup? Type { get; set; }
    [BindProperty] public string? CountryOrRegion { get; set; }

    /// <summary>The organisation an invitation form was sent for (to show what was typed, and the problem, in that form).</summary>
    [BindProperty] public Guid? OrganisationId { get; set; }
    [BindProperty] public string? InviteEmail { get; set; }
    [BindProperty] public string? InviteName { get; set; }

    /// <summary>Which form the problem belongs to: "register" or "invite".</summary>
    public string? FailedForm { get; private set; }

    protected override string PathOf(Guid consultationId) => PageLinks.Organisations(consultationId);

    protected override AccessAct Act => AccessAct.RegisterOrganisation;

    public Task<IActionResult> OnGetAsync(Guid consultationId, CancellationToken ct) => Show(consultationId, ct);

    public async Task<IActionResult> OnPostAsync(Guid consultationId, CancellationToken ct)
    {
        FailedForm = "register";
        var problem = await bus.TryAsync(User, actor => new Register(new RegisterOrganisation(Name, Type, CountryOrRegion), actor), ct);
        return await After(consultationId, problem, "registered", ct, Find(Name));
    }

    public async Task<IActionResult> OnPostInviteAsync(Guid consultationId, CancellationToken ct)
    {
        FailedForm = "invite";
        var problem = await bus.TryAsync(User, actor => new Invite(OrganisationId ?? Guid.Empty, new InvitePerson(InviteEmail, InviteName), actor), ct);
        return await After(consultationId, problem, "invited", ct, Find(Query));
    }

    private static string? Find(string? name) => string.IsNullOrWhiteSpace(name) ? null : "&q=" + Uri.EscapeDataString(name.Trim());

    /// <summary>Whether the invitation form of <paramref name="organisationId"/> is the one refused.</summary>
    public bool InviteRefused(Guid organisationId) => Problem is not null && FailedForm == "invite" && OrganisationId == organisationId;

    protected override async Task LoadAsync(Guid consultationId, CancellationToken ct)
    {
        var query = Query?.Trim();
        var organisations = (await _session.Query<Organisation>().ToListAsync(ct))
            .Where(o => string.IsNullOrEmpty(query) || o.Name.Contains(query, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var memberIds = organisations.SelectMany(o => o.MemberIds).Distinct().ToArray();
        var emails = memberIds.Length == 0
            ? new Dictionary<Guid, string>()
            : (await _session.LoadManyAsync<ConsultationPlatform.Accounts.Account>(ct, memberIds)).ToDictionary(a => a.Id, a => a.Email);
        Entries = organisations
            .OrderBy(o => o.Type).ThenBy(o => o.Name, StringComparer.OrdinalIgnoreCase)
            .Select(o => new Entry(o, o.Members.Select(m => new MemberView(m.PersonId, m.Name, emails.GetValueOrDefault(m.PersonId))).ToList()))
            .ToList();
    }
}
