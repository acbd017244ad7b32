namespace ConsultationPlatform.LiveSessions;

/// <summary>
/// What the chair's acts on a session stream share, once: the role first (a refused caller learns nothing about the
/// session), then the session, then the act's pure decision (<see cref="SessionDecisions"/>), whose events the
/// handler returns for Wolverine to append and commit.
/// </summary>
public static class ChairActs
{
    public static (Outcome<Recorded>, Events) Decide(IAct act, Guid sessionId, Session? session,
        Func<Session, (Refused?, IReadOnlyList<object>)> decide)
    {
        if (SessionDecisions.Chair(act.Actor) is { } notChair) return (notChair, []);
        if (session is null) return (new Refused.NotFound("session", sessionId), []);
        return Recorded(decide(session));
    }

    /// <summary>A decision's answer as the act's outcome: refused (nothing appended), or recorded with its events.</summary>
    public static (Outcome<Recorded>, Events) Recorded((Refused? Refusal, IReadOnlyList<object> Events) decided) =>
        decided.Refusal is { } refused ? (refused, []) : (Common.Recorded.Act, new Events(decided.Events));
}
