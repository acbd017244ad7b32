using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ConsultationPlatform.LivePush;
using Marten.Services;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SessionOptions = Marten.Services.SessionOptions;

namespace ConsultationPlatform.Infrastructure.Idempotency;

/// <summary>A request made with an Idempotency-Key that completed, and the response it got.</summary>
public sealed class IdempotentRequest
{
    public string Id { get; set; } = "";
    public string RequestHash { get; set; } = "";
    /// <summary>Always true for records written since the record commits with the request (kept for older rows,
    /// written "in progress" before the request ran: such a row is treated as never completed).</summary>
    public bool Completed { get; set; }
    public int StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public byte[] Body { get; set; } = [];
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>
/// The database transaction a request with an Idempotency-Key runs in. Every document session the request opens
/// (Wolverine's, the accounts') is enlisted in it by <see cref="IdempotentSessionFactory"/>, and the key's record is
/// written in it too: the request's changes and the record of its response commit together, or not at all.
/// </summary>
public sealed class IdempotencyScope(NpgsqlTransaction transaction)
{
    public NpgsqlTransaction Transaction { get; } = transaction;
}

/// <summary>
/// Makes every write safe to retry: a request carrying an <c>Idempotency-Key</c> header is executed once; a retry
/// with the same key (by the same person, to the same method and path, with the same body) gets the original
/// response back and changes nothing. The same key with a different body is refused (422).
/// <para>
/// Crash-safe by construction: the request runs in one transaction (<see cref="IdempotencyScope"/>) that first takes
/// a transaction-scoped advisory lock on the key, then does the request's work, then writes the key's record with
/// the response, then commits. Two requests with one key queue on the lock, and the second finds the first's record
/// and replays it, so they never both commit. A process killed at any point before the commit leaves nothing: the
/// database rolls the transaction back and releases the lock, so a retry runs the request once. A commit that
/// succeeded always holds the record, so a retry after it replays the response. The response is sent only after
/// the commit: a 2xx is never sent for work that was not saved.
/// </para>
/// A request that fails (5xx, or a refusal that aborted the transaction, such as a concurrency conflict) commits
/// nothing and records nothing, so it can simply be retried.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 200;

    public async Task InvokeAsync(HttpContext context, IDocumentStore store, IProblemDetailsService problems)
    {
        if (!HttpMethods.IsPost(context.Request.Method) && !HttpMethods.IsPut(context.Request.Method)
            && !HttpMethods.IsDelete(context.Request.Method) && !HttpMethods.IsPatch(context.Request.Method)
            || !context.Request.Headers.TryGetValue(Header, out var keyValues))
        {
            await next(context);
            return;
        }

        var key = keyValues.ToString();
        if (key.Length is 0 or > MaxKeyLength)
        {
            await Problem(context, problems, StatusCodes.Status400BadRequest, "Invalid Idempotency-Key",
                $"An Idempotency-Key is 1 to {MaxKeyLength} characters.");
            return;
        }

        context.Request.EnableBuffering();
        var requestHash = await HashBody(context.Request);
        var id = RecordId(context, key);

        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(context.RequestAborted);
        await using var transaction = await connection.BeginTransactionAsync(context.RequestAborted);

        // Queue behind any other request with this key until it has committed or rolled back.
        await using (var command = new NpgsqlCommand("select pg_advisory_xact_lock($1)", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = LockKey(id) });
            await command.ExecuteNonQueryAsync(context.RequestAborted);
        }

        await using (var query = store.QuerySession(SessionOptions.ForTransaction(transaction)))
        {
            var earlier = await query.LoadAsync<IdempotentRequest>(id, context.RequestAborted);
            if (earlier is { Completed: true })
            {
                await transaction.RollbackAsync(CancellationToken.None);
                await Replay(context, problems, earlier, requestHash);
                return;
            }
        }

        var originalBody = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        context.Features.Set(new IdempotencyScope(transaction));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set<IdempotencyScope>(null);
            context.Response.Body = originalBody;
        }

        var committed = context.Response.StatusCode < 500 && await TryCommit(context, store, transaction, id, requestHash, buffer);
        if (!committed)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            if (context.Response.StatusCode is >= 200 and < 300)
            {
                // The work was done in a transaction that could not commit: say so rather than acknowledge it.
                context.Response.Headers.Clear();
                await Problem(context, problems, StatusCodes.Status503ServiceUnavailable, "Not saved",
                    "The request could not be saved. Nothing was changed; send it again with the same Idempotency-Key.", retryAfter: true);
                return;
            }
        }
        else if (store.Options is StoreOptions { Projections.Wakeup: CommitWakeup wakeup })
        {
            // The sessions enlisted in this transaction signalled "committed" when they saved; it is only now.
            wakeup.Signal();
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(originalBody, context.RequestAborted);
    }

    private static async Task<bool> TryCommit(HttpContext context, IDocumentStore store, NpgsqlTransaction transaction,
        string id, string requestHash, MemoryStream buffer)
    {
        try
        {
            await using (var session = store.LightweightSession(SessionOptions.ForTransaction(transaction)))
            {
                session.Store(new IdempotentRequest
                {
                    Id = id,
                    RequestHash = requestHash,
                    Completed = true,
                    StatusCode = context.Response.StatusCode,
                    ContentType = context.Response.ContentType,
                    Location = context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
                    Body = buffer.ToArray(),
                    ReceivedAt = DateTimeOffset.UtcNow,
                });
                // Fails when the request's own work aborted the transaction (e.g. a concurrency conflict).
                await session.SaveChangesAsync(CancellationToken.None);
            }

            await transaction.CommitAsync(CancellationToken.None);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    private static async Task Replay(HttpContext context, IProblemDetailsService problems, IdempotentRequest earlier, string requestHash)
    {
        if (earlier.RequestHash != requestHash)
        {
            await Problem(context, problems, StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                "This Idempotency-Key was already used for a different request. Use a new key for a new request.");
            return;
        }

        context.Response.StatusCode = earlier.StatusCode;
        context.Response.Headers[ReplayedHeader] = "true";
        if (earlier.Location is not null) context.Response.Headers.Location = earlier.Location;
        if (earlier.ContentType is not null) context.Response.ContentType = earlier.ContentType;
        if (earlier.Body.Length > 0) await context.Response.Body.WriteAsync(earlier.Body, context.RequestAborted);
    }

    /// <summary>Keys are per person (or anonymous caller), method and path: two people cannot collide on a key.</summary>
    public static string RecordId(HttpContext context, string key) =>
        RecordId(context.User.FindFirstValue(ActorClaims.PersonId), context.Request.Method, context.Request.Path, key);

    public static string RecordId(string? personId, string method, string path, string key)
    {
        var scope = $"{personId ?? "anonymous"}\n{method}\n{path}\n{key}";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(scope)));
    }

    /// <summary>The advisory lock of a key: the first 64 bits of its record id (a collision only queues two requests).</summary>
    public static long LockKey(string recordId) => BinaryPrimitives.ReadInt64BigEndian(Convert.FromHexString(recordId.AsSpan(0, 16)));

    private static async Task<string> HashBody(HttpRequest request)
    {
        request.Body.Position = 0;
        var hash = await SHA256.HashDataAsync(request.Body);
        request.Body.Position = 0;
        return Convert.ToHexString(hash);
    }

    private static async Task Problem(HttpContext context, IProblemDetailsService problems, int status, string title,
        string detail, bool retryAfter = false)
    {
        context.Response.StatusCode = status;
        if (retryAfter) context.Response.Headers.RetryAfter = "1";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = status, Title = title, Detail = detail,
                Type = "https://consultation.dev/problems/idempotency",
            },
        });
    }
}

/// <summary>
/// Opens the application's document sessions (Wolverine's and those injected): lightweight, and enlisted in the
/// request's <see cref="IdempotencyScope"/> transaction when it has one, so that its changes commit with the key's record.
/// </summary>
public sealed class IdempotentSessionFactory(IDocumentStore store, IHttpContextAccessor http) : SessionFactoryBase(store)
{
    public override SessionOptions BuildOptions()
    {
        if (http.HttpContext?.Features.Get<IdempotencyScope>() is { } scope)
        {
            var enlisted = SessionOptions.ForTransaction(scope.Transaction, shouldAutoCommit: false);
            enlisted.Tracking = DocumentTracking.None;
            return enlisted;
        }

        return new SessionOptions { Tracking = DocumentTracking.None };
    }
}
