using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.RateLimiting;
using ConsultationPlatform.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsultationPlatform.Infrastructure.RateLimiting;

/// <summary>What a request is counted as, and so which budget of <see cref="RateLimitOptions"/> it draws on.</summary>
public enum RequestBudget
{
    /// <summary>Not counted: static files, the live hub, health checks and metrics, and reads by a signed-in person.</summary>
    None,
    /// <summary>A sign-in with a password or its second factor, or a request for a password reset link (API or page): per address and email, and per address.</summary>
    SignIn,
    /// <summary>A token refresh, the acceptance of an invitation, or a password reset with its link: per address.</summary>
    AccountEntry,
    /// <summary>An invitation sent (to an organisation, or to serve as moderator): per address, and as a write per account.</summary>
    Invitation,
    /// <summary>Any other write: per signed-in person (per address for no one signed in).</summary>
    Write,
    /// <summary>A read by no one signed in: per address.</summary>
    AnonymousRead,
}

/// <summary>
/// Rate limiting with the framework's limiter (<c>Microsoft.AspNetCore.RateLimiting</c>): one global limiter, a chain of
/// token-bucket limiters partitioned as <see cref="RateLimitOptions"/> says (writes per account; sign-in, invitations
/// and anonymous reads per client address). A request over a budget is refused before anything runs (no endpoint, no
/// Idempotency-Key claimed, no event): <c>429 Too Many Requests</c>, an RFC 9457 problem in the request's language
/// (a page for a browser that asked for one), with <c>Retry-After</c> in seconds.
/// <para>Per process: each node keeps its own buckets. With N nodes behind a balancer a client whose requests are
/// spread over all of them gets up to N times each budget; with the compose proxy's <c>ip_hash</c> (and the
/// Kubernetes cookie affinity for a browser) one client stays on one node, so per-address budgets hold as they are.
/// A shared (Redis) limiter was not built: the budgets are generous bounds on abuse, not quotas (docs/scale-out.md).</para>
/// <para>The client address is the connection's unless <see cref="RateLimitOptions.TrustedProxies"/> lists the proxy it
/// comes through; then the last address that proxy appended to <c>X-Forwarded-For</c>.</para>
/// </summary>
public static class RateLimits
{
    public const string ProblemType = "https://consultation.dev/problems/too-many-requests";

    /// <summary>Where the sign-in email read from the body is kept for the partitioner (which cannot read a body).</summary>
    internal const string SignInEmailItem = "RateLimits.SignInEmail";

    /// <summary>A sign-in body beyond this is not read for its email (the input guard refuses it anyway).</summary>
    private const int SignInBodyReadLimit = 16 * 1024;

    public static IServiceCollection AddConsultationRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = new RateLimitOptions();
        configuration.GetSection(RateLimitOptions.Section).Bind(limits);
        services.AddSingleton(Options.Create(limits));
        if (limits.TrustedProxies.Length > 0)
        {
            // Parsed here, so that a wrong entry stops the start with its name rather than the first request.
            var networks = new List<System.Net.IPNetwork>();
            var proxies = new List<IPAddress>();
            foreach (var proxy in limits.TrustedProxies.Select(p => p.Trim()))
            {
                if (proxy.Contains('/') && System.Net.IPNetwork.TryParse(proxy, out var network)) networks.Add(network);
                else if (!proxy.Contains('/') && IPAddress.TryParse(proxy, out var address)) proxies.Add(address);
                else throw new InvalidOperationException($"{RateLimitOptions.Section}:TrustedProxies: '{proxy}' is neither an IP address nor a network such as 10.0.0.0/8.");
            }

            services.Configure<ForwardedHeadersOptions>(o =>
            {
                o.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
                o.ForwardLimit = 1;
                o.KnownProxies.Clear();
                o.KnownIPNetworks.Clear();
                foreach (var network in networks) o.KnownIPNetworks.Add(network);
                foreach (var address in proxies) o.KnownProxies.Add(address);
            });
        }
        if (!limits.Enabled) return services;

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                // Per address first: a refused attempt on one email still spends the address's budget.
                Limiter(limits.SignInPerAddress, c => Classify(c) is RequestBudget.SignIn or RequestBudget.AccountEntry ? Address(c) : null),
                Limiter(limits.SignIn, c => Classify(c) is RequestBudget.SignIn ? Address(c) + " " + c.Items[SignInEmailItem] : null),
                Limiter(limits.Invitations, c => Classify(c) is RequestBudget.Invitation ? Address(c) : null),
                Limiter(limits.Writes, c => Classify(c) is RequestBudget.Write or RequestBudget.Invitation
                    ? (PersonOf(c) is { } person ? "person " + person : "address " + Address(c))
                    : null),
                Limiter(limits.AnonymousReads, c => Classify(c) is RequestBudget.AnonymousRead ? Address(c) : null));
            o.OnRejected = Refuse;
        });
        services.DescribeTooManyRequests();
        return services;
    }

    /// <summary>After authentication (writes are counted per signed-in person), before authorization and the endpoints.</summary>
    public static IApplicationBuilder UseConsultationRateLimits(this IApplicationBuilder app)
    {
        var limits = app.ApplicationServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        if (limits.TrustedProxies.Length > 0) app.UseForwardedHeaders();
        if (!limits.Enabled) return app;
        app.Use(async (context, next) =>
        {
            if (Classify(context) is RequestBudget.SignIn) context.Items[SignInEmailItem] = await SignInEmail(context.Request);
            await next(context);
        });
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Which budget a request draws on; <see cref="RequestBudget.None"/> when it is not counted.</summary>
    public static RequestBudget Classify(HttpContext context)
    {
        if (context.Items.TryGetValue(typeof(RequestBudget), out var known) && known is RequestBudget budget) return budget;
        budget = ClassifyOnce(context);
        context.Items[typeof(RequestBudget)] = budget;
        return budget;
    }

    private static RequestBudget ClassifyOnce(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path;
        if (path.StartsWithSegments("/hubs") || path.StartsWithSegments("/health") || path.StartsWithSegments("/metrics")
            || context.GetEndpoint()?.Metadata.GetMetadata<StaticAssetDescriptor>() is not null)
            return RequestBudget.None;

        var method = request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method))
            return PersonOf(context) is null ? RequestBudget.AnonymousRead : RequestBudget.None;

        if (path.Equals(AccountEndpoints.Prefix + "/login", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/account/sign-in", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/account/sign-in/two-factor", StringComparison.OrdinalIgnoreCase)
            || path.Equals(AccountEndpoints.Prefix + "/forgot-password", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/account/forgot-password", StringComparison.OrdinalIgnoreCase))
            return RequestBudget.SignIn;
        if (path.Equals(AccountEndpoints.Prefix + "/refresh", StringComparison.OrdinalIgnoreCase)
            || path.Equals(AccountEndpoints.Prefix + "/invitations/accept", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/account/invitation", StringComparison.OrdinalIgnoreCase)
            || path.Equals(AccountEndpoints.Prefix + "/reset-password", StringComparison.OrdinalIgnoreCase)
            || path.Equals("/account/reset-password", StringComparison.OrdinalIgnoreCase))
            return RequestBudget.AccountEntry;
        if (HttpMethods.IsPost(method) && IsInvitationSending(context)) return RequestBudget.Invitation;
        return RequestBudget.Write;
    }

    /// <summary>The routes that mail an invitation: to an organisation, and to serve as moderator or co-chair.</summary>
    private static bool IsInvitationSending(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText?.TrimStart('/') is
            "api/organisations/{organisationId}/invitations" or "api/admin/moderators";

    private static string? PersonOf(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.FindFirst(ActorClaims.PersonId)?.Value is { Length: > 0 } id
            ? id
            : null;

    /// <summary>
    /// The client's address as the partition key: an IPv4 address (also when carried as IPv6), or the /64 network of an
    /// IPv6 address (one subscriber usually holds a whole /64, so counting single IPv6 addresses would count nothing).
    /// </summary>
    public static string Address(HttpContext context) => AddressKey(context.Connection.RemoteIpAddress);

    public static string AddressKey(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>
    /// The email a sign-in is for (upper-cased as Identity normalises it), read from the JSON body or the form, the body
    /// left readable for the endpoint. "" when there is none to read: such attempts share one budget per address.
    /// </summary>
    private static async Task<string> SignInEmail(HttpRequest request)
    {
        try
        {
            string? email = null;
            if (request.HasFormContentType)
            {
                if (request.ContentLength is null or <= SignInBodyReadLimit)
                    email = (await request.ReadFormAsync(request.HttpContext.RequestAborted))["Email"].ToString();
            }
            else if (request.ContentLength is null or <= SignInBodyReadLimit)
            {
                request.EnableBuffering();
                var buffer = new byte[SignInBodyReadLimit + 1];
                var read = 0;
                int n;
                while (read < buffer.Length && (n = await request.Body.ReadAsync(buffer.AsMemory(read), request.HttpContext.RequestAborted)) > 0)
                    read += n;
                request.Body.Position = 0;
                if (read <= SignInBodyReadLimit)
                {
                    using var json = JsonDocument.Parse(buffer.AsMemory(0, read));
                    if (json.RootElement.ValueKind == JsonValueKind.Object)
                        foreach (var property in json.RootElement.EnumerateObject())
                            if (property.NameEquals("email") || string.Equals(property.Name, "email", StringComparison.OrdinalIgnoreCase))
                                email = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                }
            }

            return (email ?? "").Trim().Normalize().ToUpperInvariant();
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or IOException or BadHttpRequestException or ArgumentException)
        {
            // Not well-formed: the endpoint refuses it; the attempt still counts, in the address's "no email" budget.
            if (request.Body.CanSeek) request.Body.Position = 0;
            return "";
        }
    }

    private static PartitionedRateLimiter<HttpContext> Limiter(TokenBudget budget, Func<HttpContext, string?> partition)
    {
        var options = budget.ToLimiter();
        return PartitionedRateLimiter.Create<HttpContext, string>(context => partition(context) is { } key
            ? RateLimitPartition.GetTokenBucketLimiter(key, _ => options)
            : RateLimitPartition.GetNoLimiter(""));
    }

    private static async ValueTask Refuse(OnRejectedContext rejected, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
            ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds))
            : 1;
        var budget = Classify(context);
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimits))
            // Debug: a flood would otherwise write a line a request; the framework counts refusals in its metrics
            // (aspnetcore.rate_limiting.requests, result "global_limiter", meter Microsoft.AspNetCore.RateLimiting).
            .LogDebug("Refused a request over its {Budget} budget: {Method} {Path}, retry after {Seconds} s",
                budget, context.Request.Method, context.Request.Path, seconds);

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problem = TooManyRequests(seconds);
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (!await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
            await context.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json", ct);
    }

    /// <summary>The 429 problem; <c>retryAfter</c> (seconds) is also in the <c>Retry-After</c> header.</summary>
    public static ProblemDetails TooManyRequests(int retryAfterSeconds) => new()
    {
        Status = StatusCodes.Status429TooManyRequests,
        Title = "Too many requests",
        Detail = $"Too many requests in a short time. Nothing was changed. Try again in {retryAfterSeconds} s.",
        Type = ProblemType,
        Extensions = { ["retryAfter"] = retryAfterSeconds },
    };
}
