using JasperFx.Metadata;
using Microsoft.AspNetCore.Identity;

namespace ConsultationPlatform.Accounts;

/// <summary>
/// A person's account: what ASP.NET Core Identity keeps about them (a Marten document, read and written only through
/// <see cref="MartenUserStore"/> and the account endpoints) plus their platform roles and the organisation they chose
/// to act for. Private as a whole: no public response carries any of it but the person's id and name.
/// The organisations a person belongs to are in the organisation streams (<see cref="Organisation.MemberIds"/>).
/// </summary>
public sealed class Account : IVersioned
{
    public Guid Id { get; set; }

    /// <summary>Marten's optimistic concurrency version: two concurrent updates of one account do not both win.</summary>
    public Guid Version { get; set; }

    /// <summary>The sign-in name: the email address.</summary>
    public string UserName { get; set; } = "";
    public string NormalizedUserName { get; set; } = "";
    public string Email { get; set; } = "";
    public string NormalizedEmail { get; set; } = "";
    public bool EmailConfirmed { get; set; }

    /// <summary>The name shown for the person in the dialogue.</summary>
    public string DisplayName { get; set; } = "";

    public string? PasswordHash { get; set; }
    public string SecurityStamp { get; set; } = "";
    public bool LockoutEnabled { get; set; } = true;
    public DateTimeOffset? LockoutEnd { get; set; }
    public int AccessFailedCount { get; set; }

    /// <summary>Sign-in asks for a code of the authenticator app as well as the password.</summary>
    public bool TwoFactorEnabled { get; set; }

    /// <summary>The shared key of the authenticator app (base32), as Identity's authenticator token provider uses it.</summary>
    public string? AuthenticatorKey { get; set; }

    /// <summary>The SHA-256 hashes of the recovery codes not yet used; the codes themselves are shown once and not kept.</summary>
    public List<string> RecoveryCodeHashes { get; set; } = [];

    public List<PlatformRole> Roles { get; set; } = [];

    /// <summary>The organisation the person chose to act for; null: the only one they belong to, if just one.</summary>
    public Guid? ActingOrganisationId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Created by the Development seed: never outside Development.</summary>
    public bool IsDemo { get; set; }

    public static Account New(Guid id, string email, string displayName, IEnumerable<PlatformRole> roles, DateTimeOffset now) => new()
    {
        Id = id,
        UserName = email,
        Email = email,
        EmailConfirmed = true,
        DisplayName = displayName,
        Roles = roles.Distinct().Order().ToList(),
        CreatedAt = now,
    };

    /// <summary>How Identity normalises email addresses and names for look-ups (upper case, Unicode-normalised).</summary>
    public static string Normalize(string email) => new UpperInvariantLookupNormalizer().NormalizeEmail(email) ?? "";
}
