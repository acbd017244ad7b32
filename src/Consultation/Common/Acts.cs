using System.Reflection;

namespace ConsultationPlatform.Common;

/// <summary>
/// An act: something a person does that the dialogue records (endorse a point, accept an amendment, flag an input).
/// <para>
/// <b>One way in.</b> Each act is a command record implementing this interface and ONE Wolverine message handler in
/// its capability's folder (aggregate handler workflow: <c>LoadAsync</c> for what the decision reads, a
/// <c>[WriteAggregate]</c> parameter for the stream it writes, <c>Handle</c> calling the pure decision and returning
/// the <see cref="Outcome{T}"/> and the events). The HTTP endpoint and the page both send the command with
/// <c>IMessageBus.InvokeAsync&lt;Outcome&lt;T&gt;&gt;</c>, so both run the very same generated chain: the same load
/// (and load style), the same decision, the same actor stamping, the same transaction.
/// </para>
/// <para>
/// Why a message handler reached by both, rather than the endpoint being the handler: a Wolverine HTTP endpoint can
/// only be reached through HTTP, and a page answering a form must not make an HTTP call to itself. The endpoint stays
/// the place of everything HTTP (route, OpenAPI attributes, <c>[Authorize]</c>, the idempotency middleware, the
/// mapping of the outcome to a status and RFC 9457 problem), the page the place of everything HTML.
/// </para>
/// The <see cref="Actor"/> travels in the command (a message handler has no <c>ClaimsPrincipal</c>): the edge reads it
/// from the signed-in user once, and the pipeline stamps every event the act appends with it
/// (<see cref="Stakeholders.ActorMetadataMiddleware"/>).
/// </summary>
public interface IAct
{
    Actor Actor { get; }
}

/// <summary>An act that answers with <typeparamref name="T"/> when it is done: lets the edges call
/// <see cref="ActBus.DoAsync{T}"/> without repeating the answer's type.</summary>
// ReSharper disable once UnusedTypeParameter
public interface IAct<T> : IAct;

/// <summary>The answer of an act that has nothing to say but that it was recorded (an HTTP 204).</summary>
public sealed record Recorded
{
    public static readonly Recorded Act = new();
}

/// <summary>What an act came to: done (with its answer), or refused (and nothing was recorded).</summary>
public abstract record Outcome<T>
{
    private Outcome() { }

    public sealed record Done(T Value) : Outcome<T>;

    public sealed record Refusal(Refused Why) : Outcome<T>;

    public static implicit operator Outcome<T>(T value) => new Done(value);

    public static implicit operator Outcome<T>(Refused why) => new Refusal(why);
}

/// <summary>
/// Why an act is refused, in the language of the domain, a closed set. It becomes an RFC 9457 problem in one place,
/// <see cref="ToProblem"/> (the API and, through it, the pages' messages), with the same bodies as before.
/// </summary>
public abstract record Refused
{
    private Refused() { }

    /// <summary>Nobody is signed in, and the act needs a person (401).</summary>
    public sealed record NotSignedIn : Refused
    {
        public static readonly NotSignedIn Instance = new();
    }

    /// <summary>The person's role or organisation does not allow the act (403).</summary>
    public sealed record NotAllowed(string Detail) : Refused;

    /// <summary>The act needs an accreditation to the consultation that the organisation does not hold (403
    /// <c>not-accredited</c>).</summary>
    public sealed record NotAccredited(string OrganisationName) : Refused;

    /// <summary>A link's token that nobody issued (404 with the link's own words, e.g. <c>invitation-unknown</c>).</summary>
    public sealed record UnknownLink(string Kind, string Title, string Detail) : Refused;

    /// <summary>What the act concerns existed but can be used no more: an invitation used or expired (410).</summary>
    public sealed record Gone(string Kind, string Title, string Detail) : Refused;

    /// <summary>The consultation's phase does not allow the act (409 <c>wrong-phase</c>); <see cref="AllowedIn"/> are
    /// the phases where it is done.</summary>
    public sealed record WrongPhase(Consultations.ConsultationPhase Phase, IReadOnlyList<Consultations.ConsultationPhase> AllowedIn) : Refused;

    /// <summary>The phase's scheduled end has passed and the consultation is moving on to <see cref="Next"/>, where the
    /// act is not done (409 <c>phase-ended</c>).</summary>
    public sealed record PhaseEnded(Consultations.ConsultationPhase Phase, DateTimeOffset EndedAt, Consultations.ConsultationPhase Next) : Refused;

    /// <summary>The act was made on a version of the point's text that is no longer the current one (409
    /// <c>stale-version</c>): the current version and text, for the author to read first. <see cref="YouActedOn"/>:
    /// "endorsed", "stated a position on"; <see cref="ActAgain"/>: "endorse that version".</summary>
    public sealed record Stale(int PointNumber, int Version, int CurrentVersion, string CurrentText, string YouActedOn, string ActAgain) : Refused;

    /// <summary>There is no such thing to act on (404).</summary>
    public sealed record NotFound(string What, object Id) : Refused;

    /// <summary>What was sent is not valid, field by field (400).</summary>
    public sealed record Invalid(IReadOnlyList<(string Field, string Message)> Errors) : Refused
    {
        public Invalid(params (string Field, string Message)[] errors) : this((IReadOnlyList<(string, string)>)errors) { }
    }

    /// <summary>The state of the dialogue does not allow the act now (409): the wrong phase, a version that is no
    /// longer the current one, an amendment that meets changed words. <see cref="Facts"/> says what the current state
    /// is (the current version and text, the conflicting regions), for the client to catch up.</summary>
    public sealed record Conflict(string Title, string Detail, string Kind, IReadOnlyDictionary<string, object?>? Facts = null) : Refused;

    /// <summary>An amendment's words meet words of the text changed since its base version (409): the conflicting
    /// regions, typed (the page draws them), the base version and, when known, the current version and the amendment
    /// (which now needs a rebase).</summary>
    public sealed record TextConflict(string Title, string Detail, string Kind, int BaseVersion, IReadOnlyList<Amendments.ConflictRegion> Regions,
        int? CurrentVersion = null, Guid? AmendmentId = null) : Refused;

    /// <summary>The one mapping of a refusal to an RFC 9457 problem (the bodies the API has always answered).</summary>
    public ProblemDetails ToProblem() => this switch
    {
        TextConflict r => Problems.Conflict(r.Title, r.Detail, r.Kind, r.AmendmentId is { } amendmentId
            ? new Dictionary<string, object?>
            {
                ["amendmentId"] = amendmentId,
                ["baseVersion"] = r.BaseVersion,
                ["currentVersion"] = r.CurrentVersion,
                ["amendmentStatus"] = "needsRebase",
                ["conflicts"] = r.Regions,
            }
            : new Dictionary<string, object?> { ["baseVersion"] = r.BaseVersion, ["conflicts"] = r.Regions }),
        NotSignedIn => Problems.Unauthenticated(),
        NotAllowed r => Problems.Forbidden(r.Detail),
        NotAccredited r => Problems.Forbidden(
            $"{r.OrganisationName} is not accredited to this consultation; a delegate asks for accreditation and a moderator grants it.",
            "not-accredited"),
        Gone r => Problems.Gone(r.Kind, r.Title, r.Detail),
        UnknownLink r => Problems.NotFound(r.Kind, r.Title, r.Detail),
        WrongPhase r => Problems.Conflict(
            "Not in this phase",
            $"The consultation is in its {Name(r.Phase)} phase; this is done in the {string.Join(" or ", r.AllowedIn.Select(Name))} phase.",
            "wrong-phase",
            new Dictionary<string, object?> { ["phase"] = Name(r.Phase) }),
        PhaseEnded r => Problems.Conflict(
            "The phase has ended",
            $"The {Name(r.Phase)} phase ended at {r.EndedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC; " +
            $"the consultation is moving on to its {Name(r.Next)} phase, where this is not done.",
            "phase-ended",
            new Dictionary<string, object?> { ["phase"] = Name(r.Phase), ["endedAt"] = r.EndedAt }),
        Stale r => Problems.Conflict(
            "The text has changed",
            $"You {r.YouActedOn} version {r.Version} of action point {r.PointNumber}, but its current text is version {r.CurrentVersion}. " +
            $"Read the current text and {r.ActAgain}.",
            "stale-version",
            new Dictionary<string, object?> { ["currentVersion"] = r.CurrentVersion, ["currentText"] = r.CurrentText }),
        NotFound r => Problems.NotFound(r.What, r.Id),
        Invalid r => Problems.Invalid(r.Errors.ToArray()),
        Conflict r => Problems.Conflict(r.Title, r.Detail, r.Kind, r.Facts?.ToDictionary(x => x.Key, x => x.Value)),
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    private static string Name(Consultations.ConsultationPhase phase) => phase.ToString().ToLowerInvariant();
}

/// <summary>The edges' view of a decision: a refusal as its RFC 9457 problem, or none (lets a Wolverine
/// <c>Validate</c> through).</summary>
public static class RefusalProblems
{
    public static ProblemDetails AsProblem(this Refused? why) => why?.ToProblem() ?? Problems.None;
}

/// <summary>The HTTP edge of an act: its outcome as the response, in one place for every endpoint.</summary>
public static class ActResults
{
    /// <summary>Done: 200 with the answer (204 for <see cref="Recorded"/>); refused: the RFC 9457 problem.</summary>
    public static IResult ToHttp<T>(this Outcome<T> outcome, Func<T, IResult>? done = null) => outcome switch
    {
        Outcome<T>.Done { Value: Recorded } when done is null => Results.NoContent(),
        Outcome<T>.Done d => done?.Invoke(d.Value) ?? Results.Ok(d.Value),
        Outcome<T>.Refusal r => Results.Problem(r.Why.ToProblem()),
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    /// <summary>Whether an HTTP chain relays an act to its handler (it takes the message bus and no session):
    /// such a chain commits nothing itself, the act's handler does.</summary>
    public static bool RelaysAct(HttpChain chain) =>
        chain.Method.Method.GetParameters().Any(p => p.ParameterType == typeof(Wolverine.IMessageBus));
}

/// <summary>The one call both edges make to do an act.</summary>
public static class ActBus
{
    /// <summary>No time limit of Wolverine's own (its default for InvokeAsync is 5 s, which a busy database exceeds
    /// and which a write through an endpoint never had): the request's cancellation and the database's limits apply.</summary>
    private static readonly TimeSpan NoLimit = TimeSpan.FromHours(1);

    public static Task<Outcome<T>> DoAsync<T>(this Wolverine.IMessageBus bus, IAct<T> act, CancellationToken ct) =>
        bus.InvokeAsync<Outcome<T>>(act, ct, NoLimit);
}
