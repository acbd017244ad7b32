using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultationPlatform.Accounts;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Infrastructure.Email;
using ConsultationPlatform.Infrastructure.Idempotency;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.LiveSessions;
using ConsultationPlatform.Outcome.Summary;
using ConsultationPlatform.Search;
using ConsultationPlatform.Submissions;
using Npgsql;

namespace ConsultationPlatform.Privacy;

// ---- The event of the act, on the person's own stream (the stream their platform roles are recorded in). ----

/// <summary>
/// An administrator erased a person's personal data on request (GDPR art. 17). The record of the act: who, when, why,
/// how many events were masked. It carries none of the erased data.
/// </summary>
public sealed record PersonErased(Guid PersonId, Guid ErasedBy, DateTimeOffset At, string Reason, int EventsMasked);

/// <summary>The request: why (the data subject's request, its date or reference). Required, free text.</summary>
public sealed record ErasePerson(string? Reason);

/// <summary>
/// What was done: when the person was erased (the first time), whether they already were, and how much this call
/// changed (a second call changes nothing: 0 and 0).
/// </summary>
public sealed record ErasureReceipt(Guid PersonId, DateTimeOffset ErasedAt, bool AlreadyErased, int EventsMasked, int ViewsRefreshed);

public static class ErasureDecisions
{
    public const int MaxReasonLength = FreeText.MaxReasonLength;

    /// <summary>Admins only (403 for anyone else, 401 for nobody), then the reason (400).</summary>
    public static Refused? Check(Actor? actor, ErasePerson? command)
    {
        var access = AccessRules.Check(actor, AccessAct.ErasePeople);
        if (access is not null) return access;
        var errors = new List<(string Field, string Message)>();
        FreeText.Check(errors, "reason", command?.Reason, MaxReasonLength, required: true,
            "Say why the person's data is erased (the request it answers, its date or reference).");
        return errors.Count == 0 ? null : new Refused.Invalid(errors.ToArray());
    }
}

public static class ErasePersonEndpoint
{
    [WolverinePost("/api/people/{personId}/erasure", OperationId = "ErasePerson")]
    [Authorize]
    [Tags("Administration")]
    [ProducesResponseType<ErasureReceipt>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(Guid personId, ErasePerson command, ClaimsPrincipal user, IDocumentStore store,
        TimeProvider time, CancellationToken ct)
    {
        var problem = ErasureDecisions.Check(Actor.From(user), command);
        if (problem is not null) return Results.Problem(problem.ToProblem());
        var receipt = await PersonErasure.Run(store, personId, user, FreeText.Clean(command.Reason)!, time.GetUtcNow(), ct);
        return receipt is null ? Results.Problem(Problems.NotFound("person", personId)) : Results.Ok(receipt);
    }
}

/// <summary>
/// The erasure itself. In one transaction: the person's data is masked in the stored events (data and headers, by the
/// rules of <see cref="PersonalData"/>, rewritten in place as Marten's event data masking does), they leave their
/// organisations, their account is deleted (they can no longer sign in), their invitations are anonymised and closed,
/// the mails to them and their stored idempotent responses are deleted, and <see cref="PersonErased"/> is recorded.
/// In a second one, every view built from the masked events is rebuilt from them: the snapshots of the streams
/// touched, the consultations' history of changes (what the live push and its catch-up serve, and what the public
/// log is made from) and the search index. Running it again is harmless: it masks what is left (nothing) and refreshes
/// the views again, so a crash between the two transactions is mended by a retry.
/// </summary>
public static class PersonErasure
{
    public static async Task<ErasureReceipt?> Run(IDocumentStore store, Guid personId, ClaimsPrincipal admin, string reason,
        DateTimeOffset now, CancellationToken ct)
    {
        var actor = Actor.Require(admin);
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var session = store.LightweightSession();
        ActorMetadataMiddleware.Before(session, admin);

        // A person is known by their account, their own stream, the events they caused, or an organisation they belong
        // to. The all-zero id is nobody's (the seeds' "the platform" actor).
        if (personId == Guid.Empty) return null;
        var account = await session.LoadAsync<Account>(personId, ct);
        var earlier = (await session.Events.FetchStreamAsync(personId, token: ct)).Select(e => e.Data).OfType<PersonErased>().FirstOrDefault();
        var candidates = await Candidates(store, schema, personId, account?.Email, ct);
        var organisations = await session.Query<Organisation>().Where(o => o.MemberIds.Contains(personId)).ToListAsync(ct);
        var actedHere = candidates.Any(c => c.Headers is not null && JsonNode.Parse(c.Headers) is JsonObject h
            && string.Equals(h[ChangeClassifier.PersonIdHeader]?.ToString(), personId.ToString(), StringComparison.OrdinalIgnoreCase));
        if (account is null && earlier is null && organisations.Count == 0 && !actedHere) return null;

        // The person's accepted amendments: their text is the negotiated text now, and stays.
        var proposed = candidates.Where(c => c.Type == EventCatalogue.NameOf<AmendmentProposed>())
            .Select(c => JsonNode.Parse(c.Data) as JsonObject)
            .Where(d => string.Equals((d?["proposedBy"] as JsonObject)?["personId"]?.GetValue<string>(), personId.ToString(), StringComparison.OrdinalIgnoreCase))
            .Select(d => Guid.Parse(d!["amendmentId"]!.GetValue<string>())).ToArray();
        var accepted = proposed.Length == 0 ? new HashSet<Guid>()
            : (await session.LoadManyAsync<Amendment>(ct, proposed)).Where(a => a.Status == AmendmentStatus.Accepted).Select(a => a.Id).ToHashSet();
        var subject = new ErasureSubject(personId, account?.Email, accepted);

        var masked = new List<StoredEvent>();
        foreach (var candidate in candidates)
        {
            var data = JsonNode.Parse(candidate.Data) as JsonObject;
            var headers = candidate.Headers is null ? null : JsonNode.Parse(candidate.Headers) as JsonObject;
            var changed = data is not null && PersonalData.MaskData(data, candidate.Type, subject);
            changed |= headers is not null && PersonalData.MaskHeaders(headers, subject);
            if (!changed) continue;
            session.QueueSqlCommand($"update {schema}.mt_events set data = ?::jsonb, headers = ?::jsonb where seq_id = ?",
                data!.ToJsonString(), (object?)headers?.ToJsonString() ?? DBNull.Value, candidate.Sequence);
            masked.Add(candidate);
        }

        // They leave every organisation they belonged to.
        foreach (var organisation in organisations)
            session.Events.Append(organisation.Id, new PersonRemovedFromOrganisation(organisation.Id, personId, actor.PersonId));

        // Their account (email, name, password hash, security stamp) goes: no sign-in, and a cookie or refresh token
        // fails its next security-stamp check.
        if (account is not null) session.Delete(account);
        if (account?.Email is { Length: > 0 } email)
        {
            var lower = email.Trim().ToLowerInvariant();
            var invitations = await session.Query<Invitation>().Where(i => i.Email.ToLower() == lower || i.AcceptedBy == personId).ToListAsync(ct);
            foreach (var invitation in invitations) Anonymise(invitation, now);
            session.Store(invitations.ToArray());
            session.DeleteWhere<OutboxEmail>(m => m.To.ToLower() == lower);
        }
        else
        {
            var invitations = await session.Query<Invitation>().Where(i => i.AcceptedBy == personId).ToListAsync(ct);
            foreach (var invitation in invitations) Anonymise(invitation, now);
            session.Store(invitations.ToArray());
        }

        // Wolverine's stored messages that carry the address (an invitation's mail, kept a while after it was handled).
        if (account?.Email is { Length: > 0 } address)
            foreach (var table in await MessageTables(store, store.Options.DatabaseSchemaName, ct))
                session.QueueSqlCommand($"delete from {table} where position(convert_to(?, 'UTF8') in body) > 0", address.Trim());

        // Marten's dead-letter events (an event a projection failed on, copied for the operators): those of the person go.
        foreach (var table in await DeadLetterTables(store, store.Options.DatabaseSchemaName, ct))
            session.QueueSqlCommand($"delete from {table} where position(? in data::text) > 0 or (? <> '' and position(? in lower(data::text)) > 0)",
                personId.ToString(), account?.Email?.Trim().ToLowerInvariant() ?? "", account?.Email?.Trim().ToLowerInvariant() ?? "");

        var personKey = personId.ToString();
        session.DeleteWhere<IdempotentRequest>(r => r.Id.Contains(personKey));

        // Their notices (Notices/): addressed to them alone, they go, with their entries in the history (their own-items
        // stream) and the digests sent to them; the events of their notices keep no text.
        session.DeleteWhere<Notices.Notice>(n => n.PersonId == personId);
        session.DeleteWhere<Notices.NoticeDigestSent>(d => d.PersonId == personId);
        var noticeType = EventCatalogue.NameOf<Notices.NoticeRaised>();
        session.DeleteWhere<ConsultationChange>(c => c.AudiencePersonId == personId && c.Type == noticeType);
        session.QueueSqlCommand($"update {schema}.mt_events set data = data || jsonb_build_object('text', ?::text, 'link', null) where stream_id = ?",
            PersonalData.Erased, Notices.Notice.StreamFor(personId));

        if (earlier is null)
            session.Events.Append(personId, new PersonErased(personId, actor.PersonId, now, reason, masked.Count));
        await session.SaveChangesAsync(ct);

        var refreshed = await RefreshViews(store, subject, masked, organisations.Select(o => o.Id), ct);
        return new ErasureReceipt(personId, earlier?.At ?? now, earlier is not null, masked.Count, refreshed);
    }

    private static void Anonymise(Invitation invitation, DateTimeOffset now)
    {
        invitation.Email = "";
        invitation.Name = PersonalData.Erased;
        if (invitation.AcceptedAt is null && invitation.ExpiresAt > now) invitation.ExpiresAt = now;
    }

    private sealed record StoredEvent(long Sequence, Guid StreamId, string Type, string Data, string? Headers);

    /// <summary>The events that name the person: their id in the data or the headers, or their email address in the data.</summary>
    private static async Task<List<StoredEvent>> Candidates(IDocumentStore store, string schema, Guid personId, string? email, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"""
             select seq_id, stream_id, type, data::text, headers::text from {schema}.mt_events
             where position($1 in data::text) > 0 or position($1 in coalesce(headers::text, '')) > 0
                or ($2 <> '' and position($2 in lower(data::text)) > 0)
             order by seq_id
             """, connection);
        command.Parameters.AddWithValue(personId.ToString());
        command.Parameters.AddWithValue(email?.Trim().ToLowerInvariant() ?? "");
        var found = new List<StoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            found.Add(new StoredEvent(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        return found;
    }

    /// <summary>Wolverine's message tables in the schema (incoming, outgoing, dead letters): those with a bytea <c>body</c>.</summary>
    private static async Task<List<string>> MessageTables(IDocumentStore store, string schema, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            select table_name from information_schema.columns
            where table_schema = $1 and table_name like 'wolverine%' and column_name = 'body' and data_type = 'bytea'
            """, connection);
        command.Parameters.AddWithValue(schema);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) tables.Add($"{schema}.{reader.GetString(0)}");
        return tables;
    }

    /// <summary>Marten's dead-letter event table, if the store has one.</summary>
    private static async Task<List<string>> DeadLetterTables(IDocumentStore store, string schema, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            select table_name from information_schema.columns
            where table_schema = $1 and table_name = 'mt_doc_deadletterevent' and column_name = 'data' and data_type = 'jsonb'
            """, connection);
        command.Parameters.AddWithValue(schema);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) tables.Add($"{schema}.{reader.GetString(0)}");
        return tables;
    }

    /// <summary>Rebuilds what was built from the masked events; returns how many views (documents, rows) it rewrote.</summary>
    private static async Task<int> RefreshViews(IDocumentStore store, ErasureSubject subject, IReadOnlyList<StoredEvent> masked,
        IEnumerable<Guid> organisations, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var streams = masked.Select(e => e.StreamId).Concat(organisations).Distinct().ToList();
        var count = 0;

        // The snapshots of the streams touched (inline projections), aggregated again from the masked events.
        var submissions = new List<Submission>();
        var amendments = new List<Amendment>();
        foreach (var id in streams)
        {
            if (await Refresh<Submission>(session, id, ct) is { } submission) submissions.Add(submission);
            if (await Refresh<Amendment>(session, id, ct) is { } amendment) amendments.Add(amendment);
            count += Count(await Refresh<Consultation>(session, id, ct)) + Count(await Refresh<ActionPoint>(session, id, ct))
                     + Count(await Refresh<Endorsement>(session, id, ct)) + Count(await Refresh<OutcomeSummary>(session, id, ct))
                     + Count(await Refresh<Organisation>(session, id, ct)) + Count(await Refresh<Accreditation>(session, id, ct))
                     + Count(await Refresh<Session>(session, id, ct)) + Count(await Refresh<Inscription>(session, id, ct))
                     + Count(await Refresh<Statement>(session, id, ct)) + Count(await Refresh<ActionPointTranslations>(session, id, ct));
        }

        count += submissions.Count + amendments.Count;

        // The consultations' history of changes: what a joining screen catches up from, and what the public log is made of.
        var sequences = masked.Select(e => e.Sequence).ToArray();
        var types = masked.ToDictionary(e => e.Sequence, e => e.Type);
        var changes = await session.Query<ConsultationChange>()
            .Where(c => c.Id.IsOneOf(sequences) || c.ActorPersonId == subject.PersonId).ToListAsync(ct);
        foreach (var change in changes)
        {
            var changed = false;
            if (JsonNode.Parse(change.Data.GetRawText()) is JsonObject data
                && PersonalData.MaskData(data, types.GetValueOrDefault(change.Id, change.Type), subject))
            {
                change.Data = JsonSerializer.SerializeToElement(data);
                changed = true;
            }

            if (change.ActorPersonId == subject.PersonId && change.ActorPersonName is not null and not PersonalData.Erased)
            {
                change.ActorPersonName = PersonalData.Erased;
                changed = true;
            }

            if (!changed) continue;
            session.Store(change);
            count++;
        }

        // The search index: the person's inputs and amendments, indexed again from their masked snapshots.
        var entries = $"{store.Options.DatabaseSchemaName}.{SearchTables.Entries}";
        foreach (var submission in submissions)
        {
            session.QueueSqlCommand($"update {entries} set title = ?, body = ? where id = ?",
                (object?)(string.IsNullOrEmpty(submission.Title) ? null : SearchTables.Plain(submission.Title)) ?? DBNull.Value,
                SearchTables.Plain(submission.BodyMarkdown, markdown: true), submission.Id);
            count++;
        }

        foreach (var amendment in amendments)
        {
            session.QueueSqlCommand($"update {entries} set body = ?, rationale = ? where id = ?",
                SearchTables.Plain(amendment.Text), (object?)(string.IsNullOrEmpty(amendment.Rationale) ? null : SearchTables.Plain(amendment.Rationale)) ?? DBNull.Value,
                amendment.Id);
            count++;
        }

        await session.SaveChangesAsync(ct);
        return count;
    }

    /// <summary>The snapshot of type <typeparamref name="T"/> of the stream, if it has one, aggregated again and stored.</summary>
    private static async Task<T?> Refresh<T>(IDocumentSession session, Guid id, CancellationToken ct) where T : class
    {
        if (await session.LoadAsync<T>(id, ct) is null) return null;
        var fresh = await session.Events.AggregateStreamAsync<T>(id, token: ct);
        if (fresh is null) return null;
        session.Store(fresh);
        return fresh;
    }

    private static int Count(object? refreshed) => refreshed is null ? 0 : 1;
}
