using System.Text;
using Microsoft.AspNetCore.Identity;

namespace ConsultationPlatform.Accounts;

public sealed record EnableTwoFactor(string? Code);

/// <summary>One's two-factor sign-in: whether it is on, how many recovery codes are left, and (while off) the key to set up.</summary>
public sealed record TwoFactorView(bool Enabled, int RecoveryCodesLeft, string? SharedKey, string? AuthenticatorUri);

/// <summary>The recovery codes, shown once: only their hashes are kept.</summary>
public sealed record RecoveryCodes(IReadOnlyList<string> Codes);

/// <summary>
/// Optional two-factor sign-in with an authenticator app (TOTP, RFC 6238), on Identity's own
/// <see cref="AuthenticatorTokenProvider{TUser}"/>: the person scans or types the shared key, proves it with a code,
/// and gets ten recovery codes, each good once. Sign-in then asks for a code (<see cref="SignInManager{TUser}"/>'s
/// two-factor step). Turning it on or off changes the security stamp: the page refreshes its own cookie.
/// </summary>
public static class TwoFactor
{
    public const string Issuer = "Consultation";
    public const int RecoveryCodeCount = 10;

    /// <summary>The state, with the key to set up when two-factor sign-in is off (one is made on first sight).</summary>
    public static async Task<TwoFactorView> View(UserManager<Account> users, Account account)
    {
        if (account.TwoFactorEnabled)
            return new TwoFactorView(true, await users.CountRecoveryCodesAsync(account), null, null);
        var key = await users.GetAuthenticatorKeyAsync(account);
        if (string.IsNullOrEmpty(key))
        {
            // A first key changes nothing yet (Identity's ResetAuthenticatorKeyAsync would also sign the person out elsewhere).
            key = users.GenerateNewAuthenticatorKey();
            account.AuthenticatorKey = key;
            var saved = await users.UpdateAsync(account);
            // Made by a simultaneous view of the page: that key stands.
            if (!saved.Succeeded && await users.FindByIdAsync(account.Id.ToString()) is { AuthenticatorKey: { Length: > 0 } other })
                key = other;
        }

        return new TwoFactorView(false, 0, FormatKey(key!), AuthenticatorUri(account.Email, key!));
    }

    /// <summary>The key in groups of four, easier to type into an app.</summary>
    public static string FormatKey(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0) text.Append(' ');
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }

        return text.ToString().ToLowerInvariant();
    }

    /// <summary>The key URI authenticator apps read (the Google Authenticator key URI format).</summary>
    public static string AuthenticatorUri(string email, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(email)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";

    /// <summary>A code as people type it: spaces and dashes removed.</summary>
    public static string Clean(string? code) => (code ?? "").Replace(" ", "").Replace("-", "").Trim();

    /// <summary>Turns two-factor sign-in on with a code of the app: the recovery codes, or the problem.</summary>
    public static async Task<(RecoveryCodes? Codes, ProblemDetails Problem)> Enable(UserManager<Account> users, Account account, string? code)
    {
        if (account.TwoFactorEnabled)
            return (null, Problems.Conflict("Two-factor sign-in is on already", "Turn it off first to set up another app.", "two-factor-on"));
        var clean = Clean(code);
        if (clean.Length is < 6 or > 8 || !clean.All(char.IsAsciiDigit))
            return (null, Problems.Invalid(("code", "Give the six-digit code your authenticator app shows.")));
        if (string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(account))
            || !await users.VerifyTwoFactorTokenAsync(account, users.Options.Tokens.AuthenticatorTokenProvider, clean))
            return (null, Problems.Invalid(("code", "This code is not the one the app should show now. Check the key you entered and the clock of your device, and try the newest code.")));

        var enabled = await users.SetTwoFactorEnabledAsync(account, true);
        if (!enabled.Succeeded) return (null, AccountEndpoints.IdentityProblem(enabled));
        return (await NewCodes(users, account), Problems.None);
    }

    /// <summary>New recovery codes (the old ones stop working), only while two-factor sign-in is on.</summary>
    public static async Task<(RecoveryCodes? Codes, ProblemDetails Problem)> ReplaceRecoveryCodes(UserManager<Account> users, Account account)
    {
        if (!account.TwoFactorEnabled)
            return (null, Problems.Conflict("Two-factor sign-in is off", "Recovery codes exist only while two-factor sign-in is on.", "two-factor-off"));
        return (await NewCodes(users, account), Problems.None);
    }

    /// <summary>Turns two-factor sign-in off: the app's key and the recovery codes are dropped (a new key to set it up again).</summary>
    public static async Task<ProblemDetails> Disable(UserManager<Account> users, Account account)
    {
        if (!account.TwoFactorEnabled)
            return Problems.Conflict("Two-factor sign-in is off", "There is nothing to turn off.", "two-factor-off");
        account.RecoveryCodeHashes = [];
        var disabled = await users.SetTwoFactorEnabledAsync(account, false);
        if (!disabled.Succeeded) return AccountEndpoints.IdentityProblem(disabled);
        var reset = await users.ResetAuthenticatorKeyAsync(account);
        return reset.Succeeded ? Problems.None : AccountEndpoints.IdentityProblem(reset);
    }

    private static async Task<RecoveryCodes> NewCodes(UserManager<Account> users, Account account) =>
        new((await users.GenerateNewTwoFactorRecoveryCodesAsync(account, RecoveryCodeCount))!.ToList());
}
