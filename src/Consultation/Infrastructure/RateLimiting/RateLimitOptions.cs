using System.Globalization;
using System.Threading.RateLimiting;

namespace ConsultationPlatform.Infrastructure.RateLimiting;

/// <summary>
/// One token bucket: <see cref="Burst"/> requests at once, then <see cref="Refill"/> more every
/// <see cref="PeriodSeconds"/> (never more than <see cref="Burst"/> saved up). A request beyond it waits in no queue:
/// it is answered 429 at once, with <c>Retry-After</c> the time until the bucket has a token again.
/// </summary>
public sealed class TokenBudget
{
    public int Burst { get; set; }
    public int Refill { get; set; }
    public double PeriodSeconds { get; set; } = 1;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Burst} at once, then {Refill} per {(PeriodSeconds == 1 ? "second" : $"{PeriodSeconds:0.###} s")}");

    internal TokenBucketRateLimiterOptions ToLimiter() => new()
    {
        TokenLimit = Math.Max(1, Burst),
        TokensPerPeriod = Math.Max(1, Refill),
        ReplenishmentPeriod = TimeSpan.FromSeconds(PeriodSeconds > 0 ? PeriodSeconds : 1),
        QueueLimit = 0,
        // The partitioned limiter replenishes its buckets itself (every 100 ms): no timer per account or address.
        AutoReplenishment = false,
    };
}

/// <summary>
/// The request budgets (configuration section <c>RateLimits</c>; environment <c>RateLimits__Writes__Burst=…</c>). The
/// defaults are sized for a real session: hundreds of delegates inscribing within seconds, all behind one venue's
/// NAT (one address). So writes are counted per account, never per address; what is counted per address (sign-in,
/// invitations, anonymous reads) is generous enough for a venue, except the guessing of one account's password.
/// Each node counts alone (the framework's limiter is in-process): with N nodes a client that reaches all of them
/// gets up to N times a budget (docs/scale-out.md).
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Off only on purpose (a benchmark of raw capacity says so in its report).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Writes (POST, PUT, PATCH, DELETE to the API, and the pages' form posts) per signed-in person; writes by no one
    /// signed in are counted per address. A delegate inscribes, endorses, proposes a few times a minute; a co-chair
    /// running the floor a few times a minute; 100 at once and 20 a second after is far above any person.
    /// </summary>
    public TokenBudget Writes { get; set; } = new() { Burst = 100, Refill = 20 };

    /// <summary>
    /// Sign-in attempts per address and email (the API's <c>/api/account/login</c> and the sign-in page): 10 a minute
    /// stops guessing one account's password from one address long before Identity's lockout matters, while the
    /// delegates of a venue, each with their own email, never share this budget.
    /// </summary>
    public TokenBudget SignIn { get; set; } = new() { Burst = 10, Refill = 10, PeriodSeconds = 60 };

    /// <summary>
    /// Sign-in, token refresh and invitation acceptance per address, whatever the email: 600 at once lets a whole
    /// venue sign in within a minute through one NAT; after that 5 a second (18,000 an hour) bounds password spraying
    /// over many accounts from one address (each account also locks after repeated failures).
    /// </summary>
    public TokenBudget SignInPerAddress { get; set; } = new() { Burst = 600, Refill = 5 };

    /// <summary>
    /// Invitations sent (to an organisation, or to serve as moderator) per address: each one mails a stranger, so they
    /// are counted where they come from as well as per account (as writes). 100 at once covers inviting a whole
    /// list of participants; one a second after.
    /// </summary>
    public TokenBudget Invitations { get; set; } = new() { Burst = 100, Refill = 1 };

    /// <summary>
    /// Reads (GET, HEAD) by no one signed in, per address: pages, the public API, open data. Static files, the live
    /// hub and the health checks are not counted. 1,000 at once and 200 a second lets a full room behind one NAT open
    /// and reload the public pages; a scraper hammering from one address is held to that.
    /// </summary>
    public TokenBudget AnonymousReads { get; set; } = new() { Burst = 1000, Refill = 200 };

    /// <summary>
    /// The reverse proxies whose <c>X-Forwarded-For</c> is believed (addresses, or networks as <c>10.0.0.0/8</c>).
    /// Empty (the default): the header is ignored and the address is the connection's, so nobody can choose their
    /// own address by sending the header. Behind a proxy, list it, or every client shares the proxy's address. Only
    /// the last address the trusted proxy appended is taken (<c>ForwardLimit = 1</c>): what a client wrote in the
    /// header itself comes before it and is not used.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    public string Describe() => Enabled
        ? $"writes per account {Writes}; sign-in per address and email {SignIn}; sign-in per address {SignInPerAddress}; " +
          $"invitations per address {Invitations}; anonymous reads per address {AnonymousReads}"
        : "off";
}
