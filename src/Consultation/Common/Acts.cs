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

    /// <summary>The person's role, organisation or accreditation does not allow the act (403).</summary>
    public sealed record NotAllowed(string Detail) : Refused;

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
        NotAllowed r => Problems.Forbidden(r.Detail),
        NotFound r => Problems.NotFound(r.What, r.Id),
        Invalid r => Problems.Invalid(r.Errors.ToArray()),
        Conflict r => Problems.Conflict(r.Title, r.Detail, r.Kind, r.Facts?.ToDictionary(x => x.Key, x => x.Value)),
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    /// <summary>
    /// The refusal a decision written with <see cref="Problems"/> means (the shared rules, <see cref="AccessRules"/> and
    /// the phase table, still answer problems; the mapping back with <see cref="ToProblem"/> gives the same body).
    /// </summary>
    public static Refused? Of(ProblemDetails problem)
    {
        if (problem.IsNone()) return null;
        return problem.Status switch
        {
            StatusCodes.Status403Forbidden => new NotAllowed(problem.Detail ?? ""),
            StatusCodes.Status404NotFound when NotFoundOf(problem.Detail) is var (what, id) => new NotFound(what, id),
            StatusCodes.Status400BadRequest when problem is ValidationProblemDetails invalid =>
                new Invalid(invalid.Errors.SelectMany(e => e.Value.Select(m => (e.Key, m))).ToArray()),
            StatusCodes.Status409Conflict => new Conflict(problem.Title ?? "", problem.Detail ?? "",
                problem.Type?.Replace(ProblemType, "") ?? "conflict", problem.Extensions.Count == 0 ? null : new Dictionary<string, object?>(problem.Extensions)),
            _ => throw new InvalidOperationException($"A decision answered a problem that is no refusal of the domain: {problem.Status} {problem.Title}"),
        };
    }

    private const string ProblemType = "https://consultation.dev/problems/";

    private static (string, string)? NotFoundOf(string? detail)
    {
        const string prefix = "There is no ", middle = " with id ";
        if (detail is null || !detail.StartsWith(prefix, StringComparison.Ordinal) || !detail.EndsWith('.')) return null;
        var at = detail.IndexOf(middle, StringComparison.Ordinal);
        return at < 0 ? null : (detail[prefix.Length..at], detail[(at + middle.Length)..^1]);
    }
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
