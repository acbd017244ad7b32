using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Web.Pages.Moderation;

/// <summary>
/// The moderation rules of a consultation, for moderators and co-chairs: whether inputs wait for a moderator
/// (pre-moderation) or are published at once (post-moderation), and whether states may endorse while the text is still
/// being drafted. The form sends <see cref="SetRules"/> through the bus with the version the page showed, so a screen
/// that saw older rules is told (409) rather than overwriting them.
/// </summary>
public sealed class RulesModel(IQuerySession session, IMessageBus bus) : SecretariatPage(session)
{
    [BindProperty] public bool? InputsPreModerated { get; set; }
    [BindProperty] public bool? AllowsEarlyEndorsement { get; set; }
    [BindProperty] public int? Version { get; set; }

    protected override string PathOf(Guid consultationId) => PageLinks.Rules(consultationId);

    protected override AccessAct Act => AccessAct.ChangePhase;

    public Task<IActionResult> OnGetAsync(Guid consultationId, CancellationToken ct) => Show(consultationId, ct);

    public async Task<IActionResult> OnPostAsync(Guid consultationId, CancellationToken ct)
    {
        var problem = await bus.TryAsync(User, actor => new SetRules(consultationId,
            new SetConsultationRules(InputsPreModerated, AllowsEarlyEndorsement, Version), actor), ct);
        return await After(consultationId, problem, "set", ct);
    }

    /// <summary>What a radio shows checked: what was sent when refused, else the rules as they stand.</summary>
    public bool PreModerated => Problem is not null && InputsPreModerated is { } sent ? sent : Consultation!.InputsPreModerated;

    public bool EarlyEndorsement => Problem is not null && AllowsEarlyEndorsement is { } sent ? sent : Consultation!.AllowsEarlyEndorsement;
}
