using ConsultationPlatform.Infrastructure.Email;
using Microsoft.AspNetCore.Identity;

namespace ConsultationPlatform.Accounts;

public sealed record ForgotPassword(string? Email);

public sealed record ResetPassword(string? Email, string? Token, string? Password);

/// <summary>
/// Password reset by email on Identity's own machinery: the link carries a token of Identity's
/// <see cref="DataProtectorTokenProvider{TUser}"/> (<see cref="UserManager{TUser}.GeneratePasswordResetTokenAsync"/>), which
/// expires (<see cref="AccountSettings.PasswordResetLifetime"/>) and is bound to the account's security stamp: the reset
/// changes the stamp, which spends the link and ends the account's other sessions and refresh tokens. The mail leaves
/// through the same durable mail queue as invitations. Asking gives the same answer whether or not the address has an
/// account: nobody learns from it who has one.
/// </summary>
public static class PasswordResets
{
    public const int MaxEmailLength = 256;

    /// <summary>A well-formed address, or the problem with it.</summary>
    public static ProblemDetails CheckEmail(string? email) =>
        string.IsNullOrWhiteSpace(email) || email.Length > MaxEmailLength
        || !new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email.Trim())
            ? Problems.Invalid(("email", "Give the email address of your account."))
            : Problems.None;

    /// <summary>
    /// Asks for a reset link: mails one when the address has an account that can sign in with a password, and nothing
    /// otherwise; the caller answers the same in both cases. Only a malformed address is refused.
    /// </summary>
    public static async Task<ProblemDetails> Request(ForgotPassword request, UserManager<Account> users, IMessageBus bus,
        AccountSettings settings, TimeProvider time)
    {
        var problem = CheckEmail(request.Email);
        if (!problem.IsNone()) return problem;

        var account = await users.FindByEmailAsync(request.Email!.Trim());
        if (account is null || account.PasswordHash is null || !account.EmailConfirmed) return Problems.None;

        var token = await users.GeneratePasswordResetTokenAsync(account);
        await bus.PublishAsync(new SendEmail(Mail(account, token, settings.PublicUrl, time.GetUtcNow() + settings.PasswordResetLifetime)));
        return Problems.None;
    }

    /// <summary>The link of the mail: the reset page with the address and the token.</summary>
    public static string Link(string publicUrl, string email, string token) =>
        $"{publicUrl.TrimEnd('/')}/account/reset-password?email={Uri.EscapeDataString(email)}&token={Uri.EscapeDataString(token)}";

    public static EmailMessage Mail(Account account, string token, string publicUrl, DateTimeOffset expiresAt)
    {
        var text = $$"""
            Dear {{account.DisplayName}},

            Someone, probably you, asked to reset the password of your account on the Consultation platform.

            Choose a new password here:
            {{Link(publicUrl, account.Email, token)}}

            (An API client posts JSON {"email": ..., "token": ..., "password": ...} to {{publicUrl.TrimEnd('/')}}/api/account/reset-password;
            the token is: {{token}})

            The link can be used once, until {{expiresAt:u}}. Setting a new password signs you out everywhere else.
            If you did not ask for this, ignore this mail: your password stays as it is.
            """;
        return new EmailMessage(account.Email, account.DisplayName, "Reset your password on the Consultation platform", text);
    }

    /// <summary>Sets a new password with the token of the mail (Identity's password rules apply), or says what is wrong.</summary>
    public static async Task<ProblemDetails> Reset(ResetPassword request, UserManager<Account> users)
    {
        var errors = new List<(string, string)>();
        if (!CheckEmail(request.Email).IsNone()) errors.Add(("email", "Give the email address of your account."));
        if (string.IsNullOrWhiteSpace(request.Token)) errors.Add(("token", "Give the token of the reset link."));
        if (string.IsNullOrEmpty(request.Password)) errors.Add(("password", "Choose a new password."));
        if (errors.Count > 0) return Problems.Invalid(errors.ToArray());

        // An unknown address gets the same answer as a wrong token: the reset page tells nobody who has an account.
        var account = await users.FindByEmailAsync(request.Email!.Trim());
        if (account is null) return LinkInvalid();
        var result = await users.ResetPasswordAsync(account, request.Token!.Trim(), request.Password!);
        if (result.Succeeded)
        {
            // A person locked out by failed sign-ins who proved they read the account's mail may sign in at once.
            await users.ResetAccessFailedCountAsync(account);
            await users.SetLockoutEndDateAsync(account, null);
            return Problems.None;
        }

        var describer = new IdentityErrorDescriber();
        return result.Errors.Any(e => e.Code == describer.InvalidToken().Code) ? LinkInvalid() : AccountEndpoints.IdentityProblem(result);
    }

    private static ProblemDetails LinkInvalid() => Problems.Invalid(("token",
        "This reset link is not valid: it has expired, it has been used already, or it was not copied whole. Ask for a new one."));
}
