using ConsultationPlatform.Infrastructure.RateLimiting;
using Microsoft.Extensions.Configuration;

namespace ConsultationPlatform.Bench.Infrastructure;

/// <summary>
/// The server's rate limits in a benchmark run: on, with the production budgets (and any <c>--server-setting
/// RateLimits:…</c>), unless <see cref="OffFlag"/> turns them off. Either way the run prints and reports which.
/// </summary>
internal static class BenchRateLimits
{
    public const string OffFlag = "--no-rate-limits";

    /// <summary>Puts the choice in the server's settings; returns what to print and report.</summary>
    public static string Apply(bool off, IDictionary<string, string> settings)
    {
        if (off)
        {
            settings["RateLimits:Enabled"] = "false";
            return $"off ({OffFlag})";
        }

        var limits = new RateLimitOptions();
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Where(s => s.Key.StartsWith(RateLimitOptions.Section + ":", StringComparison.OrdinalIgnoreCase))
                .Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build()
            .GetSection(RateLimitOptions.Section)
            .Bind(limits);
        return "on, " + limits.Describe();
    }
}
