using System.Security.Claims;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using JasperFx;
using Marten;
using Marten.Exceptions;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.LiveSessions;

/// <summary>
/// The one way in for every act of a live session, shared by the API endpoints and the room's forms: load what the
/// decision needs, ask the pure decision (<see cref="SessionDecisions"/>), append its events, stamp who caused them
/// and save. A concurrent change of the same stream is a 409, never a 500. Returns the problem or
/// <see cref="Problems.None"/>.
/// </summary>
public static class SessionActs
{
    public static async Task<(ProblemDetails Problem, Guid? SessionId)> Schedule(IDocumentSession session, ClaimsPrincipal user, Guid consultationId,
        ScheduleSession command, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var chair = SessionDecisions.Chair(actor);
        if (!chair.IsNone()) return (chair, null);
        var consultation = await session.LoadAsync<Consultation>(consultationId, ct);
        if (consultation is null) return (Problems.NotFound("consultation", consultationId), null);
        var points = await session.Query<ActionPoint>().Where(p => p.ConsultationId == consultationId).ToListAsync(ct);
        var id = Guid.NewGuid();
        var (problem, scheduled) = SessionDecisions.Schedule(actor, command, id, consultation, points.Select(p => p.Number).ToList(),
            points.GroupBy(p => p.Number).ToDictionary(g => g.Key, g => g.First().Id));
        if (!problem.IsNone()) return (problem, null);
        session.Events.StartStream<Session>(id, scheduled!);
        var saved = await Save(session, user, ct);
        return (saved, saved.IsNone() ? id : null);
    }

    /// <summary>An act of the chair on the session stream; <paramref name="withLists"/>: the decision needs the lists of speakers.</summary>
    public static async Task<ProblemDetails> OnSession(IDocumentSession session, ClaimsPrincipal user, Guid sessionId,
        Func<Actor?, Session, IReadOnlyList<Inscribed>, (ProblemDetails, IReadOnlyList<object>)> decide, bool withLists, CancellationToken ct)
    {
        var actor = Actor.From(user);
        // The role first: a refused caller learns nothing about the session.
        var chair = SessionDecisions.Chair(actor);
        if (!chair.IsNone()) return chair;
        var stream = await session.Events.FetchForWriting<Session>(sessionId, ct);
        if (stream.Aggregate is not { } current) return Problems.NotFound("session", sessionId);
        var inscriptions = withLists ? await SessionReads.Inscriptions(session, sessionId, ct) : [];
        var (problem, events) = decide(actor, current, inscriptions);
        if (!problem.IsNone()) return problem;
        if (events.Count == 0) return Problems.None;
        stream.AppendMany(events.ToArray());
        return await Save(session, user, ct);
    }

    public static Task<ProblemDetails> Open(IDocumentSession s, ClaimsPrincipal user, Guid sessionId, DateTimeOffset now, CancellationToken ct) =>
        OnSession(s, user, sessionId, (a, session, _) => SessionDecisions.Open(a, session, now), false, ct);

    public static Task<ProblemDetails> TakeUp(IDocumentSession s, ClaimsPrincipal user, Guid sessionId, Guid itemId, DateTimeOffset now, CancellationToken ct) =>
        OnSession(s, user, sessionId, (a, session, _) => SessionDecisions.TakeUp(a, session, itemId, now), false, ct);

    public static Task<ProblemDetails> SetInscriptions(IDocumentSession s, ClaimsPrincipal user, Guid sessionId, Guid itemId, SetInscriptions command, CancellationToken ct) =>
        OnSession(s, user, sessionId, (a, session, _) => SessionDecisions.SetInscriptions(a, session, itemId, command), false, ct);

    public static Task<ProblemDetails> Reorder(IDocumentSession s, ClaimsPrincipal user, Guid sessionId, Guid itemId, ReorderSpeakers command, CancellationToken ct) =>
        OnSession(s, user, sessionId, (a, session, all) => SessionDecisions.Reorder(a, session, itemId, command, SpeakingOrder.For(session, itemId, all)), true, ct);

    public static Task<ProblemDetails> Select(IDocumentSession s, ClaimsPrincipal user, Guid sessionId, SelectSpeaker command, CancellationToken ct) =>
        OnSession(s, user, sessionId, (a, session, all) =>
            SessionDecisions.Select(a, session, command, session.Agenda.Select(item => SpeakingOrder.For(session, item.Id, all)).ToList()), true, ct);

    public static Task<ProblemDetails> GiveFloor(IDocumentSession s, ClaimsPrincipal user, Guid sessionId, GiveFloor command, DateTimeOffset now, CancellationToken ct) =>
        OnSession(s, user, sessionId, (a, session, all) => SessionDecisions.GiveFloor(a, session, command,
            session.CurrentItemId is { } item ? SpeakingOrder.For(session, item, all) : null, now), true, ct);

    public static Task<ProblemDetails> Suspend(IDocumentSession s, ClaimsPrincipal user, Guid sessionId, SuspendSession command, DateTimeOffset now, CancellationToken ct) =>
        OnSession(s, user, sessionId, (a, session, _) => SessionDecisions.Suspend(a, session, command, now), false, ct);

    public static Task<ProblemDetails> Resume(IDocumentSession s, ClaimsPrincipal user, Guid sessionId, CancellationToken ct) =>
        OnSession(s, user, sessionId, (a, session, _) => SessionDecisions.Resume(a, session), false, ct);

    public static Task<ProblemDetails> Close(IDocumentSession s, ClaimsPrincipal user, Guid sessionId, DateTimeOffset now, CancellationToken ct) =>
        OnSession(s, user, sessionId, (a, session, _) => SessionDecisions.Close(a, session, now), false, ct);

    public static async Task<ProblemDetails> Pin(IDocumentSession s, ClaimsPrincipal user, Guid sessionId, PinStatement command, CancellationToken ct)
    {
        var statement = await s.LoadAsync<Statement>(command.StatementId, ct);
        return await OnSession(s, user, sessionId, (a, session, _) => SessionDecisions.Pin(a, session, command, statement), false, ct);
    }

    public static async Task<ProblemDetails> PublishSummary(IDocumentSession s, ClaimsPrincipal user, Guid sessionId, PublishSummary command, CancellationToken ct)
    {
        var statements = await s.Query<Statement>().Where(x => x.SessionId == sessionId).ToListAsync(ct);
        return await OnSession(s, user, sessionId, (a, session, _) => SessionDecisions.PublishSummary(a, session, command, statements), false, ct);
    }

    public static async Task<ProblemDetails> DraftSummary(IDocumentSession s, ClaimsPrincipal user, Guid sessionId, DraftSummary command, CancellationToken ct)
    {
        var statements = await s.Query<Statement>().Where(x => x.SessionId == sessionId).ToListAsync(ct);
        return await OnSession(s, user, sessionId, (a, session, _) => SessionDecisions.DraftSummary(a, session, command, statements), false, ct);
    }

    public static async Task<ProblemDetails> Approve(IDocumentSession s, ClaimsPrincipal user, Guid statementId, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var chair = SessionDecisions.Chair(actor);
        if (!chair.IsNone()) return chair;
        var stream = await s.Events.FetchForWriting<Statement>(statementId, ct);
        if (stream.Aggregate is not { } statement) return Problems.NotFound("statement", statementId);
        var (problem, events) = SessionDecisions.Approve(actor, statement);
        if (!problem.IsNone() || events.Count == 0) return problem;
        stream.AppendMany(events.ToArray());
        return await Save(s, user, ct);
    }

    /// <summary>
    /// How many inscriptions are decided and saved at once in this process. The rush on a list is hundreds of requests
    /// in a few seconds: past this many, requests wait here for their turn (in memory, microseconds each) instead of
    /// each opening a database connection of its own, which on a loaded machine ends in connection timeouts (500s).
    /// They still never wait for one another's stream: each appends to its own.
    /// </summary>
    public static int InscriptionConcurrency { get; set; } = 16;

    private static readonly Lazy<SemaphoreSlim> InscriptionGate = new(() => new SemaphoreSlim(InscriptionConcurrency, InscriptionConcurrency));

    // A session's consultation never changes: once known, the session and the delegate's accreditation are read in one round trip.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, Guid> ConsultationOfSession = new();

    /// <summary>A delegate inscribes (or asks for a right of reply): appends to the inscription's own stream only.</summary>
    public static async Task<(ProblemDetails Problem, Guid? InscriptionId)> Inscribe(IDocumentSession s, ClaimsPrincipal user, Guid sessionId, Guid itemId,
        Inscribe command, bool rightOfReply, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (actor is null) return (AccessRules.Unauthenticated(), null);
        var gate = InscriptionGate.Value;
        await gate.WaitAsync(ct);
        try
        {
            Session? session;
            Accreditation? accreditation = null;
            if (ConsultationOfSession.TryGetValue(sessionId, out var consultationId) && actor.OrganisationId != Guid.Empty)
            {
                var batch = s.CreateBatchQuery();
                var loadSession = batch.Load<Session>(sessionId);
                var loadAccreditation = batch.Load<Accreditation>(Accreditations.IdFor(consultationId, actor.OrganisationId));
                await batch.Execute(ct);
                (session, accreditation) = (await loadSession, await loadAccreditation);
            }
            else
            {
                session = await s.LoadAsync<Session>(sessionId, ct);
                if (session is not null)
                {
                    ConsultationOfSession.TryAdd(sessionId, session.ConsultationId);
                    accreditation = await Accreditations.ForActor(s, session.ConsultationId, actor, ct);
                }
            }

            if (session is null) return (Problems.NotFound("session", sessionId), null);
            var id = Inscription.IdFor(sessionId, itemId, actor.OrganisationId, rightOfReply);
            var stream = await s.Events.FetchForWriting<Inscription>(id, ct);
            var (problem, events) = SessionDecisions.Inscribe(actor, accreditation.Granted(), session, itemId, command, rightOfReply, stream.Aggregate);
            if (!problem.IsNone()) return (problem, null);
            stream.AppendMany(events.ToArray());
            var saved = await Save(s, user, ct);
            return (saved, saved.IsNone() ? id : null);
        }
        finally
        {
            gate.Release();
        }
    }

    public static async Task<ProblemDetails> Withdraw(IDocumentSession s, ClaimsPrincipal user, Guid inscriptionId, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (actor is null) return AccessRules.Unauthenticated();
        var stream = await s.Events.FetchForWriting<Inscription>(inscriptionId, ct);
        if (stream.Aggregate is not { } inscription) return Problems.NotFound("inscription", inscriptionId);
        var session = await s.LoadAsync<Session>(inscription.SessionId, ct);
        if (session is null) return Problems.NotFound("session", inscription.SessionId);
        var (problem, events) = SessionDecisions.Withdraw(actor, inscription, session);
        if (!problem.IsNone()) return problem;
        stream.AppendMany(events.ToArray());
        return await Save(s, user, ct);
    }

    public static async Task<(ProblemDetails Problem, Guid? StatementId)> Deliver(IDocumentSession s, ClaimsPrincipal user, Guid sessionId,
        DeliverStatement command, DateTimeOffset now, CancellationToken ct)
    {
        var actor = Actor.From(user);
        if (actor is null) return (AccessRules.Unauthenticated(), null);
        var session = await s.LoadAsync<Session>(sessionId, ct);
        if (session is null) return (Problems.NotFound("session", sessionId), null);
        var accreditation = await Accreditations.ForActor(s, session.ConsultationId, actor, ct);
        var onItem = await s.Query<Inscription>().Where(i => i.SessionId == sessionId && i.ItemId == command.ItemId).ToListAsync(ct);
        var id = Guid.NewGuid();
        var (problem, events) = SessionDecisions.Deliver(actor, accreditation.Granted(), session, command, onItem, id, now);
        if (!problem.IsNone()) return (problem, null);
        s.Events.StartStream<Statement>(id, events.ToArray());
        var saved = await Save(s, user, ct);
        return (saved, saved.IsNone() ? id : null);
    }

    public static async Task<ProblemDetails> Hide(IDocumentSession s, ClaimsPrincipal user, Guid statementId, HideStatement command, CancellationToken ct)
    {
        var actor = Actor.From(user);
        var chair = SessionDecisions.Chair(actor);
        if (!chair.IsNone()) return chair;
        var stream = await s.Events.FetchForWriting<Statement>(statementId, ct);
        if (stream.Aggregate is not { } statement) return Problems.NotFound("statement", statementId);
        var (problem, events) = SessionDecisions.Hide(actor, statement, command);
        if (!problem.IsNone()) return problem;
        stream.AppendMany(events.ToArray());
        return await Save(s, user, ct);
    }

    private static async Task<ProblemDetails> Save(IDocumentSession session, ClaimsPrincipal user, CancellationToken ct)
    {
        ActorMetadataMiddleware.Before(session, user);
        try
        {
            await session.SaveChangesAsync(ct);
            return Problems.None;
        }
        catch (Exception ex) when (ex is ConcurrencyException or ExistingStreamIdCollisionException)
        {
            return Problems.Conflict("Changed meanwhile", "Someone changed this at the same moment. Read it again and retry.", "concurrent-change");
        }
    }
}
