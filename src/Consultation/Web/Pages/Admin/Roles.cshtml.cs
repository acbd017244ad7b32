using ConsultationPlatform.Accounts;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Web.Pages.Moderation;

namespace ConsultationPlatform.Web.Pages.Admin;

/// <summary>
/// The moderators and co-chairs of one consultation, for administrators: the form to appoint one by email (an account
/// gets the role at once, anyone else an invitation) and a button to revoke each role. The forms send the acts of
/// Accounts/ConsultationRoles.cs through the message bus, as the API does.
/// </summary>
public sealed class RolesModel(IQuerySession session, IMessageBus bus) : SecretariatPage(session)
{
    private readonly IQuerySession _session = session;

    public static string Path(Guid consultationId) => $"/admin/consultations/{consultationId}/roles";

    protected override string PathOf(Guid consultationId) => Path(consultationId);

    /// <summary>Only administrators appoint (a moderator of the consultation does not).</summary>
    protected override AccessAct Act => AccessAct.AppointModerators;

    public IReadOnlyList<ConsultationRoleHolder> Holders { get; private set; } = [];

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public PlatformRole? Role { get; set; }

    public Task<IActionResult> OnGetAsync(Guid consultationId, CancellationToken ct) => Show(consultationId, ct);

    public async Task<IActionResult> OnPostAsync(Guid consultationId, CancellationToken ct)
    {
        if (Actor.From(User) is null) return SignIn(consultationId);
        var (appointed, problem) = await bus.DoAsync(User, actor => new AppointToConsultation(consultationId, Email, Name, Role, actor), ct);
        return await After(consultationId, problem, appointed?.Invited == true ? "invited" : "appointed", ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid consultationId, Guid personId, string? revoked, CancellationToken ct)
    {
        if (Actor.From(User) is null) return SignIn(consultationId);
        var problem = await bus.TryAsync(User, actor => new RevokeConsultationRole(consultationId, personId, revoked ?? "", actor), ct);
        return await After(consultationId, problem, "revoked", ct);
    }

    protected override async Task LoadAsync(Guid consultationId, CancellationToken ct) =>
        Holders = await ConsultationRoleEndpoints.Holders(_session, consultationId, ct);
}
