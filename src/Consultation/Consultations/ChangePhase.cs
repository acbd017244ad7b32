using JasperFx.Events;

namespace ConsultationPlatform.Consultations;

/// <summary>One step of a consultation's phase history; the first is the phase it was created in.</summary>
public sealed record PhaseHistoryEntry(
    ConsultationPhase? From,
    ConsultationPhase To,
    PhaseMoveKind? Kind,
    string? Reason,
    Guid? ChangedBy,
    DateTimeOffset? At,
    long Version);

/// <summary>The consultation's phase, its version (to state when moving it) and every phase change, oldest first.</summary>
public sealed record PhaseHistory(Guid ConsultationId, ConsultationPhase Phase, long Version, IReadOnlyList<PhaseHistoryEntry> Changes);

/// <summary>An event of a stream with the metadata the phase history shows.</summary>
public sealed record RecordedEvent(object Data, long Version, DateTimeOffset? At);

public static class PhaseHistories
{
    /// <summary>The phase history from the consultation's own events (a pure function).</summary>
    public static PhaseHistory Build(Guid consultationId, IEnumerable<RecordedEvent> events)
    {
        var changes = new List<PhaseHistoryEntry>();
        var phase = ConsultationPhase.Preparation;
        long version = 0;
        foreach (var e in events)
        {
            version = Math.Max(version, e.Version);
            switch (e.Data)
            {
                case ConsultationCreated created:
                    phase = created.Phase;
                    changes.Add(new PhaseHistoryEntry(null, created.Phase, null, null, null, e.At, e.Version));
                    break;
                case ConsultationPhaseChanged changed:
                    phase = changed.To;
                    changes.Add(new PhaseHistoryEntry(changed.From, changed.To, PhaseMoves.KindOf(changed.From, changed.To),
                        changed.Reason, changed.ChangedBy, e.At, e.Version));
                    break;
            }
        }

        return new PhaseHistory(consultationId, phase, version, changes);
    }
}

/// <summary>The act: a moderator or co-chair moves the consultation to another phase (<see cref="ChangePhase"/>): forward
/// to the next one, or back to any earlier one with a reason. Sent by the API endpoint below and by the moderators'
/// console (<c>Web/Pages/Moderation/Console.cshtml.cs</c>): one way in.</summary>
public sealed record MovePhase(Guid ConsultationId, ChangePhase Form, Actor Actor) : IAct<PhaseChangeReceipt>;

/// <summary>The one handler of <see cref="MovePhase"/>.</summary>
public static class MovePhaseHandler
{
    public static (Outcome<PhaseChangeReceipt>, Events) Handle(MovePhase act, [WriteAggregate(Required = false)] Consultation? consultation)
    {
        if (consultation is null) return (new Refused.NotFound("consultation", act.ConsultationId), []);
        if (PhaseMoves.Check(act.Actor, act.Form, consultation) is { } refused) return (refused, []);
        var changed = PhaseMoves.Move(act.Actor, act.Form, consultation);
        var receipt = new PhaseChangeReceipt(consultation.Id, changed.From, changed.To, PhaseMoves.KindOf(changed.From, changed.To),
            changed.Reason, consultation.Version + 1);
        return (receipt, new Events([changed]));
    }
}

/// <summary>The HTTP way in to <see cref="MovePhase"/>.</summary>
public static class ChangePhaseEndpoint
{
    /// <summary>Moves the consultation to another phase: forward to the next one, or back to any earlier one with a reason.</summary>
    [WolverinePost("/api/consultations/{id}/phase", OperationId = "ChangeConsultationPhase")]
    [Authorize]
    [Tags("Consultations")]
    [ProducesResponseType<PhaseChangeReceipt>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(ChangePhase command, Guid id, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new MovePhase(id, command, Actor.Require(user)), ct)).ToHttp();
}

public static class PhaseHistoryEndpoint
{
    /// <summary>The consultation's phase history, reasons included: public, like the phase itself.</summary>
    [WolverineGet("/api/consultations/{id}/phases", OperationId = "GetConsultationPhases")]
    [Tags("Consultations")]
    [ProducesResponseType<PhaseHistory>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static async Task<IResult> GetPhases(Guid id, IQuerySession session, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        if (events.Count == 0 || events[0].Data is not ConsultationCreated)
            return Results.Problem(Problems.NotFound("consultation", id));
        return Results.Ok(PhaseHistories.Build(id, events.Select(Recorded)));
    }

    private static RecordedEvent Recorded(IEvent e) => new(e.Data, e.Version, e.Timestamp == default ? null : e.Timestamp);
}

/// <summary>The act: a moderator or co-chair sets the consultation's moderation rules (pre- or post-moderation of inputs,
/// early endorsement while drafting). Setting the same rules again changes nothing. Sent by the API endpoint below and by
/// the moderators' rules page (<c>Web/Pages/Moderation/Rules.cshtml.cs</c>): one way in.</summary>
public sealed record SetRules(Guid ConsultationId, SetConsultationRules Form, Actor Actor) : IAct<ConsultationRules>;

/// <summary>The one handler of <see cref="SetRules"/>.</summary>
public static class SetRulesHandler
{
    public static (Outcome<ConsultationRules>, Events) Handle(SetRules act, [WriteAggregate(Required = false)] Consultation? consultation)
    {
        if (consultation is null) return (new Refused.NotFound("consultation", act.ConsultationId), []);
        if (PhaseMoves.CheckRules(act.Actor, act.Form, consultation) is { } refused) return (refused, []);
        var events = PhaseMoves.SetRules(act.Actor, act.Form, consultation);
        var rules = new ConsultationRules(consultation.Id, act.Form.InputsPreModerated!.Value, act.Form.AllowsEarlyEndorsement!.Value,
            consultation.Version + events.Count, Changed: events.Count > 0);
        return (rules, new Events(events));
    }
}

/// <summary>The HTTP way in to <see cref="SetRules"/>.</summary>
public static class ConsultationRulesEndpoint
{
    /// <summary>Sets whether inputs are pre-moderated and whether states may endorse while drafting. Setting the same rules again changes nothing.</summary>
    [WolverinePut("/api/consultations/{id}/rules", OperationId = "SetConsultationRules")]
    [Authorize]
    [Tags("Consultations")]
    [ProducesResponseType<ConsultationRules>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Put(SetConsultationRules command, Guid id, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new SetRules(id, command, Actor.Require(user)), ct)).ToHttp();
}

public static class GetConsultationRulesEndpoint
{
    [WolverineGet("/api/consultations/{id}/rules", OperationId = "GetConsultationRules")]
    [Tags("Consultations")]
    [ProducesResponseType<ConsultationRules>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static ConsultationRules Get([ReadAggregate("id", OnMissing = OnMissing.ProblemDetailsWith404)] Consultation consultation) =>
        new(consultation.Id, consultation.InputsPreModerated, consultation.AllowsEarlyEndorsement, consultation.Version, Changed: false);
}
