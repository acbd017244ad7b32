using JasperFx;
using Marten.Exceptions;

namespace ConsultationPlatform.Web;

/// <summary>
/// The page edge of every act (<see cref="IAct"/>): the form's act is sent to its one handler through the message
/// bus, exactly as the API endpoint sends it, and the outcome becomes what the page shows, in this one place:
/// <see cref="Problems.None"/> when done, else the problem the form shows (the same as the API's, through
/// <see cref="Refused.ToProblem"/>). A page never loads, decides or writes an act itself.
/// </summary>
public static class PageActs
{
    public static async Task<(T? Value, ProblemDetails Problem)> DoAsync<T>(this IMessageBus bus, ClaimsPrincipal user,
        Func<Actor, IAct<T>> act, CancellationToken ct)
    {
        var (value, _, problem) = await RunAsync(bus, user, act, ct);
        return (value, problem);
    }

    /// <summary>The same, for a page that also shows what a refusal says in the domain's own terms (the regions of a
    /// <see cref="Refused.TextConflict"/>), rather than reading them back out of the problem.</summary>
    public static async Task<(ProblemDetails Problem, Refused? Why)> TryWithReasonAsync<T>(this IMessageBus bus, ClaimsPrincipal user,
        Func<Actor, IAct<T>> act, CancellationToken ct)
    {
        var (_, why, problem) = await RunAsync(bus, user, act, ct);
        return (problem, why);
    }

    private static async Task<(T? Value, Refused? Why, ProblemDetails Problem)> RunAsync<T>(IMessageBus bus, ClaimsPrincipal user,
        Func<Actor, IAct<T>> act, CancellationToken ct)
    {
        if (Actor.From(user) is not { } actor) return (default, null, Unauthorized);
        try
        {
            return await bus.DoAsync(act(actor), ct) switch
            {
                Outcome<T>.Done done => (done.Value, null, Problems.None),
                Outcome<T>.Refusal refusal => (default, refusal.Why, refusal.Why.ToProblem()),
                _ => throw new System.Diagnostics.UnreachableException(),
            };
        }
        catch (Exception ex) when (ex is ConcurrencyException or ExistingStreamIdCollisionException or StreamLockedException)
        {
            return (default, null, Problems.Conflict("Changed meanwhile", "Someone changed this at the same moment. Read it again and retry.", "concurrent-change"));
        }
    }

    /// <summary>The same, for a page that only needs to know whether the act was done.</summary>
    public static async Task<ProblemDetails> TryAsync<T>(this IMessageBus bus, ClaimsPrincipal user, Func<Actor, IAct<T>> act, CancellationToken ct) =>
        (await bus.DoAsync(user, act, ct)).Problem;

    private static ProblemDetails Unauthorized => new() { Status = 401, Title = "Sign in first", Detail = "Sign in to do this." };
}
