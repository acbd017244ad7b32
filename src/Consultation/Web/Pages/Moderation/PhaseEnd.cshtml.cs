using ConsultationPlatform.Consultations;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsultationPlatform.Web.Pages.Moderation;

/// <summary>
/// The deadline of the current phase, for moderators and co-chairs: when it ends (in UTC and, with script, in the
/// reader's time zone), a form to schedule or change it (a local date and time in a time zone) and one to call it off.
/// The forms send the acts of Consultations/Deadlines through the message bus, as the API does.
/// </summary>
public sealed class PhaseEndModel(IQuerySession session, IMessageBus bus, TimeProvider time) : SecretariatPage(session)
{
    [BindProperty] public DateTime? EndsAt { get; set; }
    [BindProperty] public string? TimeZone { get; set; }
    [BindProperty] public ConsultationPhase? Phase { get; set; }
    [BindProperty] public int? Version { get; set; }

    public static string Path(Guid consultationId) => $"{PageLinks.Console(consultationId)}/phase-end";

    protected override string PathOf(Guid consultationId) => Path(consultationId);

    protected override AccessAct Act => AccessAct.ChangePhase;

    public async Task<IActionResult> OnGetAsync(Guid consultationId, CancellationToken ct)
    {
        if (await Admit(consultationId, ct) is { } refused) return refused;
        TimeZone ??= "UTC";
        EndsAt ??= Consultation!.PhaseEnd?.EndsAt.UtcDateTime ?? time.GetUtcNow().UtcDateTime.Date.AddDays(1).AddHours(17);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid consultationId, CancellationToken ct)
    {
        if (Actor.From(User) is null) return SignIn(consultationId);
        var zoneId = string.IsNullOrWhiteSpace(TimeZone) ? "UTC" : TimeZone.Trim();
        // What only a form has: a local time to read in a zone. Everything else is the act's decision.
        DateTimeOffset? endsAt = null;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
            return await After(consultationId, Problems.Invalid(("timeZone", $"{zoneId} is not a time zone this server knows.")), "scheduled", ct);
        if (EndsAt is { } local)
        {
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            if (zone.IsInvalidTime(unspecified))
                return await After(consultationId, Problems.Invalid(("endsAt", $"{local:yyyy-MM-dd HH:mm} does not exist in {zone.Id} (the clocks change then).")), "scheduled", ct);
            endsAt = new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified)).ToUniversalTime();
        }

        var problem = await bus.TryAsync(User, actor => new SchedulePhaseEnd(consultationId, new SchedulePhaseEndForm(endsAt, Phase, Version), actor), ct);
        return await After(consultationId, problem, "scheduled", ct);
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid consultationId, CancellationToken ct)
    {
        if (Actor.From(User) is null) return SignIn(consultationId);
        var problem = await bus.TryAsync(User, actor => new CancelPhaseEnd(consultationId, actor), ct);
        return await After(consultationId, problem, "cancelled", ct);
    }
}
