using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ConsultationPlatform.Infrastructure.Email;
using JasperFx.Metadata;

namespace ConsultationPlatform.Accounts;

/// <summary>Settings under <c>Accounts</c>.</summary>
public sealed class AccountSettings
{
    public const string Section = "Accounts";

    /// <summary>The address people reach the platform at, for the links in mails.</summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>How long an invitation can be accepted.</summary>
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a password reset link works (Identity's <c>DataProtectionTokenProviderOptions.TokenLifespan</c>).</summary>
    public TimeSpan PasswordResetLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Production bootstrap: when no administrator exists, this address is invited to be one at start.</summary>
    public string? AdminEmail { get; set; }

    public string AdminName { get; set; } = "Administrator";
}

/// <summary>
/// An invitation to join an organisation (as a participant), or to become a moderator or co-chair. Only the SHA-256
/// hash of its one-time token is kept; the token itself is only in the mail. Private: who invited whom, the address.
/// </summary>
public sealed class Invitation : IVersioned
{
    public Guid Id { get; set; }

    /// <summary>Optimistic concurrency: of two simultaneous acceptances, one wins.</summary>
    public Guid Version { get; set; }

    public string TokenHash { get; set; } = "";
    public string Email { get; set; } = "";
    public string Name { get; set; } = "";
    public Guid? OrganisationId { get; set; }
    public string? OrganisationName { get; set; }
    public PlatformRole Role { get; set; }

    /// <summary>For a moderator or co-chair: the consultation the role is held in (Accounts/ConsultationRoles.cs).</summary>
    public Guid? ConsultationId { get; set; }

    public string? ConsultationTitle { get; set; }
    public Guid InvitedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public Guid? AcceptedBy { get; set; }
}

/// <summary>The one-time tokens of invitations: 256 random bits, kept only as a hash.</summary>
public static class InvitationTokens
{
    public static (string Token, string Hash) Create()
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token));
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim())));
}

/// <summary>Invitations as pure functions: making one, its mail, and whether it can still be accepted.</summary>
public static class Invitations
{
    public const int MaxNameLength = 200;

    public static (Invitation Invitation, string Token) New(string email, string name, Organisation? organisation, PlatformRole role,
        Guid invitedBy, DateTimeOffset now, TimeSpan lifetime)
    {
        var (token, hash) = InvitationTokens.Create();
        return (new Invitation
        {
            Id = Guid.CreateVersion7(),
            TokenHash = hash,
            Email = email.Trim(),
            Name = name.Trim(),
            OrganisationId = organisation?.Id,
            OrganisationName = organisation?.Name,
            Role = role,
            InvitedBy = invitedBy,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        }, token);
    }

    public static Refused? CheckInvitee(string? email, string? name)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(email) || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email.Trim()))
            errors.Add(("email", "Give the email address of the person to invite."));
        if (Consultations.FreeText.IsBlank(name))
            errors.Add(("name", "Give the name of the person to invite."));
        else if (name.Length > MaxNameLength)
            errors.Add(("name", $"A name is at most {MaxNameLength} characters."));
        return errors.Count > 0 ? new Refused.Invalid(errors.ToArray()) : null;
    }

    /// <summary>404 for a token nobody issued, 410 for one used or expired, or null when it can be accepted.</summary>
    public static Refused? CheckAcceptable(Invitation? invitation, DateTimeOffset now)
    {
        if (invitation is null)
            return new Refused.UnknownLink("invitation-unknown", "No such invitation",
                "This invitation link is not valid. Check that the whole link was copied, or ask for a new invitation.");
        if (invitation.AcceptedAt is not null)
            return Gone("invitation-used", "This invitation has already been used",
                "An invitation can be accepted once, and this one has been. Sign in with the account it created, or ask for a new invitation.");
        if (invitation.ExpiresAt <= now)
            return Gone("invitation-expired", "This invitation has expired",
                $"This invitation could be accepted until {invitation.ExpiresAt:u}. Ask a moderator for a new one.");
        return null;
    }

    public static EmailMessage Mail(Invitation invitation, string token, string publicUrl)
    {
        var link = $"{publicUrl.TrimEnd('/')}/account/invitation#token={token}";
        var what = invitation.OrganisationName is { } organisation
            ? $"to take part in the consultations on this platform as a delegate of {organisation}"
            : $"to serve as {(invitation.Role == PlatformRole.CoChair ? "a co-chair" : invitation.Role == PlatformRole.Admin ? "an administrator" : "a moderator")} "
              + (invitation.ConsultationTitle is { } title ? $"of the consultation \"{title}\"" : "on this platform");
        var text = $$"""
            Dear {{invitation.Name}},

            You are invited {{what}}.

            Accept the invitation and choose your password here:
            {{link}}

            (An API client posts the token and a password, as JSON {"token": ..., "password": ...}, to {{publicUrl.TrimEnd('/')}}/api/account/invitations/accept;
            the token is: {{token}})

            The link can be used once, until {{invitation.ExpiresAt:u}}. If you did not expect this invitation, ignore this mail.
            """;
        return new EmailMessage(invitation.Email, invitation.Name, "Your invitation to the Consultation platform", text);
    }

    private static Refused Gone(string type, string title, string detail) => new Refused.Gone(type, title, detail);
}
