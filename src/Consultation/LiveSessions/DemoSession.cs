using ConsultationPlatform.Accounts;

namespace ConsultationPlatform.LiveSessions;

/// <summary>
/// Development only: a fresh demo session on Round table 3, for a newcomer to try the room (README, "Demo accounts").
/// Scheduled by the signed-in chair, with the statements of delegates needing approval; opened, the first challenge
/// taken up, its list of speakers open, and three demo delegations inscribed (Ghana on behalf of the African Group,
/// IOM, the Demo Migrant Rights Network). Every step is an ordinary act sent through the bus to its one handler, so
/// the same rules apply. The page that offers it refuses it outside Development (Web/Pages/Sessions/Schedule).
/// </summary>
public static class DemoSession
{
    /// <summary>The demo delegations inscribed, by demo account (README): the e-mail's local part and the group they speak for.</summary>
    public static readonly (string Account, string? OnBehalfOf)[] Inscribed = [("ghana", "African Group"), ("iom", null), ("civil-society", null)];

    public static async Task<(Refused? Refusal, Guid? SessionId)> Start(IMessageBus bus, IQuerySession session, Actor chair, DateTimeOffset now,
        CancellationToken ct)
    {
        var consultationId = DemoAccounts.RoundTable3;
        var (created, refusal) = Answer(await bus.DoAsync(new Schedule(consultationId, new ScheduleSession(
            $"Demo session {now:yyyy-MM-dd HH:mm} UTC", now, now.AddHours(2), "Europe/Zurich",
            [new(AgendaItemKind.Challenge, 1), new(AgendaItemKind.Challenge, 2), new(AgendaItemKind.Challenge, 3), new(AgendaItemKind.Free, Title: "Any other business")],
            PrecedenceRules.Default, null, StatementsNeedApproval: true), chair), ct));
        if (refusal is not null) return (refusal, null);
        var sessionId = created!.Id;
        (_, refusal) = Answer(await bus.DoAsync(new OpenSession(sessionId, chair), ct));
        var room = await session.LoadAsync<Session>(sessionId, ct);
        var item = room!.Agenda[0].Id;
        if (refusal is null) (_, refusal) = Answer(await bus.DoAsync(new TakeUpItem(sessionId, item, chair), ct));
        if (refusal is null) (_, refusal) = Answer(await bus.DoAsync(new OpenOrCloseList(sessionId, item, new SetInscriptions(true), chair), ct));
        foreach (var (account, group) in Inscribed)
        {
            if (refusal is not null) break;
            (_, refusal) = Answer(await bus.DoAsync(new InscribeToSpeak(sessionId, item, new Inscribe(OnBehalfOf: group), false, DelegateOf(account)), ct));
        }

        return (refusal, sessionId);
    }

    private static (T? Value, Refused? Refusal) Answer<T>(Outcome<T> outcome) => outcome switch
    {
        Outcome<T>.Done done => (done.Value, null),
        Outcome<T>.Refusal refusal => (default, refusal.Why),
        _ => throw new System.Diagnostics.UnreachableException(),
    };

    /// <summary>A demo account as signed in, acting for its first organisation.</summary>
    public static Actor DelegateOf(string account)
    {
        var person = DemoAccounts.ByEmail(account);
        var organisation = DemoAccounts.Organisations.Single(o => o.Key == person.Organisations[0]);
        return new Actor(person.Id, person.Name, organisation.Id, organisation.Name, organisation.Type, person.Roles.ToHashSet());
    }
}
