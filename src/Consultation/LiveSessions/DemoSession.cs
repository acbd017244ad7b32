using System.Security.Claims;
using ConsultationPlatform.Accounts;
using ConsultationPlatform.Common;
using ConsultationPlatform.Stakeholders;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.LiveSessions;

/// <summary>
/// Development only: a fresh demo session on Round table 3, for a newcomer to try the room (README, "Demo accounts").
/// Scheduled by the signed-in chair, with the statements of delegates needing approval; opened, the first challenge
/// taken up, its list of speakers open, and three demo delegations inscribed (Ghana on behalf of the African Group,
/// IOM, the Demo Migrant Rights Network). Every step is an ordinary act (<see cref="SessionActs"/>), so the same
/// rules apply. The page that offers it refuses it outside Development (Web/Pages/Sessions/Schedule).
/// </summary>
public static class DemoSession
{
    /// <summary>The demo delegations inscribed, by demo account (README): the e-mail's local part and the group they speak for.</summary>
    public static readonly (string Account, string? OnBehalfOf)[] Inscribed = [("ghana", "African Group"), ("iom", null), ("civil-society", null)];

    public static async Task<(ProblemDetails Problem, Guid? SessionId)> Start(IDocumentSession session, ClaimsPrincipal chair, DateTimeOffset now, CancellationToken ct)
    {
        var consultationId = DemoAccounts.RoundTable3;
        var (problem, id) = await SessionActs.Schedule(session, chair, consultationId, new ScheduleSession(
            $"Demo session {now:yyyy-MM-dd HH:mm} UTC", now, now.AddHours(2), "Europe/Zurich",
            [new(AgendaItemKind.Challenge, 1), new(AgendaItemKind.Challenge, 2), new(AgendaItemKind.Challenge, 3), new(AgendaItemKind.Free, Title: "Any other business")],
            PrecedenceRules.Default, null, StatementsNeedApproval: true), ct);
        if (!problem.IsNone()) return (problem, null);
        var sessionId = id!.Value;
        problem = await SessionActs.Open(session, chair, sessionId, now, ct);
        var room = await session.LoadAsync<Session>(sessionId, ct);
        var item = room!.Agenda[0].Id;
        if (problem.IsNone()) problem = await SessionActs.TakeUp(session, chair, sessionId, item, now, ct);
        if (problem.IsNone()) problem = await SessionActs.SetInscriptions(session, chair, sessionId, item, new SetInscriptions(true), ct);
        foreach (var (account, group) in Inscribed)
        {
            if (!problem.IsNone()) break;
            (problem, _) = await SessionActs.Inscribe(session, DelegateOf(account), sessionId, item, new Inscribe(OnBehalfOf: group), false, ct);
        }

        return (problem, sessionId);
    }

    /// <summary>A demo account as signed in, acting for its first organisation.</summary>
    public static ClaimsPrincipal DelegateOf(string account)
    {
        var person = DemoAccounts.ByEmail(account);
        var organisation = DemoAccounts.Organisations.Single(o => o.Key == person.Organisations[0]);
        var actor = new Actor(person.Id, person.Name, organisation.Id, organisation.Name, organisation.Type, person.Roles.ToHashSet());
        return new ClaimsPrincipal(new ClaimsIdentity(actor.ToClaims(), "demo"));
    }
}
