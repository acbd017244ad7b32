using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace ConsultationPlatform.Infrastructure.Authentication;

/// <summary>
/// The <c>Authentication</c> settings (all optional; names and defaults in Hosting/AccessWiring.cs), validated when the
/// app starts: a lifetime or an interval must be longer than zero, the lockout must allow at least one attempt.
/// </summary>
public sealed class AuthenticationSettings : IValidatableObject
{
    public const string Section = "Authentication";

    /// <summary>The X-Acting-* test sign-in (refused in Production).</summary>
    public bool AllowActingHeaders { get; set; }

    public TimeSpan BearerTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Sliding.</summary>
    public TimeSpan CookieLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Null: Always, SameAsRequest in Development.</summary>
    public CookieSecurePolicy? CookieSecurePolicy { get; set; }

    /// <summary>How soon a cookie sees changed roles or a new password.</summary>
    public TimeSpan SecurityStampValidationInterval { get; set; } = TimeSpan.FromMinutes(5);

    public LockoutSettings Lockout { get; set; } = new();

    public sealed class LockoutSettings
    {
        public int MaxFailedAccessAttempts { get; set; } = 5;
        public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
    }

    /// <summary>The settings as configured now (read where the identity options are built, as the configuration stands then).</summary>
    public static AuthenticationSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<AuthenticationSettings>() ?? new AuthenticationSettings();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[]
                 {
                     ("BearerTokenLifetime", BearerTokenLifetime), ("RefreshTokenLifetime", RefreshTokenLifetime), ("CookieLifetime", CookieLifetime),
                     ("SecurityStampValidationInterval", SecurityStampValidationInterval), ("Lockout:Duration", Lockout.Duration),
                 })
        {
            if (value <= TimeSpan.Zero)
                yield return new ValidationResult($"{Section}:{name} must be longer than zero (a time span such as 00:30:00), not {value}.", [name]);
        }

        if (Lockout.MaxFailedAccessAttempts < 1)
            yield return new ValidationResult(
                $"{Section}:Lockout:MaxFailedAccessAttempts must be 1 or more, not {Lockout.MaxFailedAccessAttempts}.", ["Lockout:MaxFailedAccessAttempts"]);
    }
}
