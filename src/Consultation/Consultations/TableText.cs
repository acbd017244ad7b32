using ConsultationPlatform.ActionPoints;
using JasperFx;
using Marten.Exceptions;

namespace ConsultationPlatform.Consultations;

/// <summary>Table (or replace) a part of the document's framing text, against the consultation's version read.</summary>
public sealed record TableDocumentText(DocumentPart? Part, string? Text, long Version);

/// <summary>Table a challenge (numbered after the last one), against the consultation's version read.</summary>
public sealed record TableChallenge(string? Text, long Version);

/// <summary>Table an action point (numbered after the last one), against the consultation's version read.</summary>
public sealed record TableActionPoint(string? Text, long Version);

/// <summary>What was tabled: the consultation's version after it, the item's number, and the new point's id.</summary>
public sealed record TablingReceipt(Guid ConsultationId, long Version, int? Number, Guid? ActionPointId);

/// <summary>
/// The co-chairs (or the secretariat) write a consultation made through the API while preparing it: its preamble and
/// framing text, its challenges, its action points. Pure decisions; each act is an event.
/// </summary>
public static class Tabling
{
    public const int MaxTextLength = 20_000;

    public static Refused? Check(Actor? actor, Consultation consultation, string? text, long version)
    {
        var access = AccessRules.Check(actor?.In(consultation.Id), AccessAct.TableDocumentText);
        if (access is not null) return access;
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0) return new Refused.Invalid(("text", "The text is required."));
        if (trimmed.Length > MaxTextLength) return new Refused.Invalid(("text", $"A text is at most {MaxTextLength} characters; it has {trimmed.Length}."));
        if (consultation.Phase != ConsultationPhase.Preparation)
            return new Refused.Conflict("Not in this phase",
                $"The consultation is in its {consultation.Phase.ToString().ToLowerInvariant()} phase; its text is tabled in the preparation phase.",
                "wrong-phase", new Dictionary<string, object?> { ["phase"] = consultation.Phase.ToString().ToLowerInvariant() });
        return version == consultation.Version
            ? null
            : Stale(consultation.Version, version);
    }

    public static Refused Stale(long current, long read) =>
        new Refused.Conflict("The consultation changed", $"You read version {read} of the consultation; it is at version {current}. Reload and try again.",
            "stale-version", new Dictionary<string, object?> { ["currentVersion"] = current });

    public static DocumentTextTabled Text(Actor actor, Consultation consultation, TableDocumentText command) =>
        new(consultation.Id, command.Part!.Value, command.Text!.Replace("\r\n", "\n").Trim(), actor.PersonId);

    public static ChallengeTabled Challenge(Consultation consultation, TableChallenge command) =>
        new(consultation.Id, consultation.Challenges.Select(c => c.Number).DefaultIfEmpty(0).Max() + 1, command.Text!.Trim());

    /// <summary>The point's id follows from the slug and its number, as for seeded points: two tablings of one number meet on one stream.</summary>
    public static ActionPointTabled ActionPoint(Consultation consultation, IEnumerable<int> numbers, TableActionPoint command)
    {
        var number = numbers.DefaultIfEmpty(0).Max() + 1;
        return new ActionPointTabled(ConsultationIds.ActionPoint(consultation.Slug, number), consultation.Id, number, command.Text!.Trim());
    }
}

public static class TablingEndpoints
{
    [WolverinePost("/api/consultations/{id}/text", OperationId = "TableDocumentText")]
    [Authorize]
    [Tags("Consultations")]
    [ProducesResponseType<TablingReceipt>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static Task<IResult> Text(Guid id, TableDocumentText command, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct) =>
        Write(session, id, command.Version, ct, consultation =>
        {
            var actor = Actor.From(user);
            var problem = command.Part is null && AccessRules.Check(actor?.In(id), AccessAct.TableDocumentText) is null
                ? new Refused.Invalid(("part", $"Name the part: {string.Join(", ", Enum.GetNames<DocumentPart>())}."))
                : Tabling.Check(actor, consultation, command.Text, command.Version);
            if (problem is not null) return (problem, null);
            session.Events.Append(id, command.Version + 1, Tabling.Text(actor!, consultation, command));
            return (null, new TablingReceipt(id, consultation.Version + 1, null, null));
        });

    [WolverinePost("/api/consultations/{id}/challenges", OperationId = "TableChallenge")]
    [Authorize]
    [Tags("Consultations")]
    [ProducesResponseType<TablingReceipt>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static Task<IResult> Challenge(Guid id, TableChallenge command, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct) =>
        Write(session, id, command.Version, ct, consultation =>
        {
            var problem = Tabling.Check(Actor.From(user), consultation, command.Text, command.Version);
            if (problem is not null) return (problem, null);
            var tabled = Tabling.Challenge(consultation, command);
            session.Events.Append(id, command.Version + 1, tabled);
            return (null, new TablingReceipt(id, consultation.Version + 1, tabled.Number, null));
        });

    /// <summary>Tables an action point: its own stream starts; the consultation's stream records nothing, so its version stays.</summary>
    [WolverinePost("/api/consultations/{id}/action-points", OperationId = "TableActionPoint")]
    [Authorize]
    [Tags("Consultations")]
    [ProducesResponseType<TablingReceipt>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> ActionPoint(Guid id, TableActionPoint command, IDocumentSession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var numbers = await session.Query<ActionPoint>().Where(p => p.ConsultationId == id).Select(p => p.Number).ToListAsync(ct);
        return await Write(session, id, command.Version, ct, consultation =>
        {
            var problem = Tabling.Check(Actor.From(user), consultation, command.Text, command.Version);
            if (problem is not null) return (problem, null);
            var tabled = Tabling.ActionPoint(consultation, numbers, command);
            session.Events.StartStream<ActionPoint>(tabled.ActionPointId, tabled);
            return (null, new TablingReceipt(id, consultation.Version, tabled.Number, tabled.ActionPointId));
        }, created: r => $"/api/action-points/{r.ActionPointId}");
    }

    private static async Task<IResult> Write(IDocumentSession session, Guid id, long version, CancellationToken ct,
        Func<Consultation, (Refused?, TablingReceipt?)> act, Func<TablingReceipt, string>? created = null)
    {
        var consultation = await session.LoadAsync<Consultation>(id, ct);
        if (consultation is null) return Results.Problem(Problems.NotFound("consultation", id));
        var (problem, receipt) = act(consultation);
        if (problem is not null) return Results.Problem(problem.ToProblem());
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is ConcurrencyException or ExistingStreamIdCollisionException)
        {
            return Results.Problem(Tabling.Stale(consultation.Version + 1, version).ToProblem());
        }

        return created is null ? Results.Ok(receipt) : Results.Created(created(receipt!), receipt);
    }
}
