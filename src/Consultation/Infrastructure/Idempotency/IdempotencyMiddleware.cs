using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using ConsultationPlatform.Stakeholders;
using Marten;
using JasperFx;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace ConsultationPlatform.Infrastructure.Idempotency;

/// <summary>A request made with an Idempotency-Key, and once it completed, the response it got.</summary>
public sealed class IdempotentRequest
{
    public string Id { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public bool Completed { get; set; }
    public int StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public byte[] Body { get; set; } = [];
    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>
/// Makes every write safe to retry: a request carrying an <c>Idempotency-Key</c> header is executed once; a retry
/// with the same key (by the same person, to the same method and path, with the same body) gets the original
/// response back and changes nothing. The same key with a different body is refused (422); a retry while the first
/// is still running is refused (409, Retry-After). The key is claimed before the request runs, so two concurrent
/// deliveries never both execute; a request that fails with a server error releases its key, so it can be retried.
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

        await using (var session = store.LightweightSession())
        {
            session.Insert(new IdempotentRequest { Id = id, RequestHash = requestHash, ReceivedAt = DateTimeOffset.UtcNow });
            try
            {
                await session.SaveChangesAsync(context.RequestAborted);
            }
            catch (DocumentAlreadyExistsException)
            {
                await Replay(context, store, problems, id, requestHash);
                return;
            }
        }

        var originalBody = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            await Release(store, id);
            throw;
        }
        finally
        {
            context.Response.Body = originalBody;
        }

        if (context.Response.StatusCode >= 500)
        {
            await Release(store, id);
        }
        else
        {
            await using var session = store.LightweightSession();
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
            await session.SaveChangesAsync(CancellationToken.None);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(originalBody, context.RequestAborted);
    }

    private static async Task Replay(HttpContext context, IDocumentStore store, IProblemDetailsService problems, string id, string requestHash)
    {
        await using var query = store.QuerySession();
        var earlier = await query.LoadAsync<IdempotentRequest>(id, context.RequestAborted);
        if (earlier is null)
        {
            // Released between our claim attempt and this read: the first attempt failed; ask for a retry.
            await Problem(context, problems, StatusCodes.Status409Conflict, "Retry the request",
                "An earlier request with this Idempotency-Key failed just now; send it again.", retryAfter: true);
            return;
        }

        if (earlier.RequestHash != requestHash)
        {
            await Problem(context, problems, StatusCodes.Status422UnprocessableEntity, "Idempotency-Key reused",
                "This Idempotency-Key was already used for a different request. Use a new key for a new request.");
            return;
        }

        if (!earlier.Completed)
        {
            await Problem(context, problems, StatusCodes.Status409Conflict, "Request in progress",
                "A request with this Idempotency-Key is still being processed.", retryAfter: true);
            return;
        }

        context.Response.StatusCode = earlier.StatusCode;
        context.Response.Headers[ReplayedHeader] = "true";
        if (earlier.Location is not null) context.Response.Headers.Location = earlier.Location;
        if (earlier.ContentType is not null) context.Response.ContentType = earlier.ContentType;
        if (earlier.Body.Length > 0) await context.Response.Body.WriteAsync(earlier.Body, context.RequestAborted);
    }

    private static async Task Release(IDocumentStore store, string id)
    {
        await using var session = store.LightweightSession();
        session.Delete<IdempotentRequest>(id);
        await session.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Keys are per person (or anonymous caller), method and path: two people cannot collide on a key.</summary>
    private static string RecordId(HttpContext context, string key)
    {
        var who = context.User.FindFirstValue(ActorClaims.PersonId) ?? "anonymous";
        var scope = $"{who}\n{context.Request.Method}\n{context.Request.Path}\n{key}";
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(scope)));
    }

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
