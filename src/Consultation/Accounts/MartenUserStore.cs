using JasperFx;
using Marten.Exceptions;
using Microsoft.AspNetCore.Identity;

namespace ConsultationPlatform.Accounts;

/// <summary>
/// ASP.NET Core Identity's user store on Marten documents (<see cref="Account"/>). Identity does the rest: password
/// hashing, lockout, security stamps and tokens. Roles are the <see cref="PlatformRole"/> values kept on the account
/// (<see cref="IUserRoleStore{TUser}"/>); there is no role table and no RoleManager. Each write is saved at once, as
/// Identity expects of a store. Two-factor sign-in: the authenticator key, the switch, and the recovery codes, kept only
/// as SHA-256 hashes (a code is 50 random bits from Identity, used once: a hash is enough to recognise it).
/// </summary>
public sealed class MartenUserStore(IDocumentSession session) :
    IUserPasswordStore<Account>,
    IUserEmailStore<Account>,
    IUserSecurityStampStore<Account>,
    IUserLockoutStore<Account>,
    IUserRoleStore<Account>,
    IUserTwoFactorStore<Account>,
    IUserAuthenticatorKeyStore<Account>,
    IUserTwoFactorRecoveryCodeStore<Account>
{
    private static readonly IdentityErrorDescriber Errors = new();

    public void Dispose()
    {
        // The session belongs to the request's scope.
    }

    // ---- IUserStore ----

    public Task<string> GetUserIdAsync(Account user, CancellationToken ct) => Task.FromResult(user.Id.ToString());

    public Task<string?> GetUserNameAsync(Account user, CancellationToken ct) => Task.FromResult<string?>(user.UserName);

    public Task SetUserNameAsync(Account user, string? userName, CancellationToken ct)
    {
        user.UserName = userName ?? "";
        return Task.CompletedTask;
    }

    public Task<string?> GetNormalizedUserNameAsync(Account user, CancellationToken ct) => Task.FromResult<string?>(user.NormalizedUserName);

    public Task SetNormalizedUserNameAsync(Account user, string? normalizedName, CancellationToken ct)
    {
        user.NormalizedUserName = normalizedName ?? "";
        return Task.CompletedTask;
    }

    public async Task<IdentityResult> CreateAsync(Account user, CancellationToken ct)
    {
        if (user.Id == Guid.Empty) user.Id = Guid.CreateVersion7();
        session.Insert(user);
        return await Save(user, ct);
    }

    public async Task<IdentityResult> UpdateAsync(Account user, CancellationToken ct)
    {
        session.Update(user);
        return await Save(user, ct);
    }

    public async Task<IdentityResult> DeleteAsync(Account user, CancellationToken ct)
    {
        session.Delete(user);
        return await Save(user, ct);
    }

    public async Task<Account?> FindByIdAsync(string userId, CancellationToken ct) =>
        Guid.TryParse(userId, out var id) ? await session.LoadAsync<Account>(id, ct) : null;

    public async Task<Account?> FindByNameAsync(string normalizedUserName, CancellationToken ct) =>
        await session.Query<Account>().FirstOrDefaultAsync(a => a.NormalizedUserName == normalizedUserName, ct);

    private async Task<IdentityResult> Save(Account user, CancellationToken ct)
    {
        try
        {
            await session.SaveChangesAsync(ct);
            return IdentityResult.Success;
        }
        catch (Exception ex) when (IsConcurrencyFailure(ex))
        {
            return IdentityResult.Failed(Errors.ConcurrencyFailure());
        }
        catch (Exception ex) when (IsUniqueViolation(ex))
        {
            // The unique indexes on the normalised email and user name hold even when two creations race.
            return IdentityResult.Failed(Errors.DuplicateEmail(user.Email));
        }
    }

    private static bool IsConcurrencyFailure(Exception ex) => ex switch
    {
        ConcurrencyException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsConcurrencyFailure),
        _ => false,
    };

    private static bool IsUniqueViolation(Exception ex) => ex switch
    {
        DocumentAlreadyExistsException => true,
        Npgsql.PostgresException { SqlState: "23505" } => true,
        MartenCommandException { InnerException: { } inner } => IsUniqueViolation(inner),
        _ => false,
    };

    // ---- IUserPasswordStore ----

    public Task SetPasswordHashAsync(Account user, string? passwordHash, CancellationToken ct)
    {
        user.PasswordHash = passwordHash;
        return Task.CompletedTask;
    }

    public Task<string?> GetPasswordHashAsync(Account user, CancellationToken ct) => Task.FromResult(user.PasswordHash);

    public Task<bool> HasPasswordAsync(Account user, CancellationToken ct) => Task.FromResult(user.PasswordHash is not null);

    // ---- IUserEmailStore ----

    public Task SetEmailAsync(Account user, string? email, CancellationToken ct)
    {
        user.Email = email ?? "";
        return Task.CompletedTask;
    }

    public Task<string?> GetEmailAsync(Account user, CancellationToken ct) => Task.FromResult<string?>(user.Email);

    public Task<bool> GetEmailConfirmedAsync(Account user, CancellationToken ct) => Task.FromResult(user.EmailConfirmed);

    public Task SetEmailConfirmedAsync(Account user, bool confirmed, CancellationToken ct)
    {
        user.EmailConfirmed = confirmed;
        return Task.CompletedTask;
    }

    public async Task<Account?> FindByEmailAsync(string normalizedEmail, CancellationToken ct) =>
        await session.Query<Account>().FirstOrDefaultAsync(a => a.NormalizedEmail == normalizedEmail, ct);

    public Task<string?> GetNormalizedEmailAsync(Account user, CancellationToken ct) => Task.FromResult<string?>(user.NormalizedEmail);

    public Task SetNormalizedEmailAsync(Account user, string? normalizedEmail, CancellationToken ct)
    {
        user.NormalizedEmail = normalizedEmail ?? "";
        return Task.CompletedTask;
    }

    // ---- IUserSecurityStampStore ----

    public Task SetSecurityStampAsync(Account user, string stamp, CancellationToken ct)
    {
        user.SecurityStamp = stamp;
        return Task.CompletedTask;
    }

    public Task<string?> GetSecurityStampAsync(Account user, CancellationToken ct) => Task.FromResult<string?>(user.SecurityStamp);

    // ---- IUserLockoutStore ----

    public Task<DateTimeOffset?> GetLockoutEndDateAsync(Account user, CancellationToken ct) => Task.FromResult(user.LockoutEnd);

    public Task SetLockoutEndDateAsync(Account user, DateTimeOffset? lockoutEnd, CancellationToken ct)
    {
        user.LockoutEnd = lockoutEnd;
        return Task.CompletedTask;
    }

    public Task<int> IncrementAccessFailedCountAsync(Account user, CancellationToken ct) => Task.FromResult(++user.AccessFailedCount);

    public Task ResetAccessFailedCountAsync(Account user, CancellationToken ct)
    {
        user.AccessFailedCount = 0;
        return Task.CompletedTask;
    }

    public Task<int> GetAccessFailedCountAsync(Account user, CancellationToken ct) => Task.FromResult(user.AccessFailedCount);

    public Task<bool> GetLockoutEnabledAsync(Account user, CancellationToken ct) => Task.FromResult(user.LockoutEnabled);

    public Task SetLockoutEnabledAsync(Account user, bool enabled, CancellationToken ct)
    {
        user.LockoutEnabled = enabled;
        return Task.CompletedTask;
    }

    // ---- IUserRoleStore: the roles are PlatformRole values; Identity hands them over normalised (upper case) ----

    public Task AddToRoleAsync(Account user, string roleName, CancellationToken ct)
    {
        var role = ParseRole(roleName);
        if (!user.Roles.Contains(role)) user.Roles = user.Roles.Append(role).Order().ToList();
        return Task.CompletedTask;
    }

    public Task RemoveFromRoleAsync(Account user, string roleName, CancellationToken ct)
    {
        var role = ParseRole(roleName);
        user.Roles = user.Roles.Where(r => r != role).ToList();
        return Task.CompletedTask;
    }

    public Task<IList<string>> GetRolesAsync(Account user, CancellationToken ct) =>
        Task.FromResult<IList<string>>(user.Roles.Select(r => r.ToString()).ToList());

    public Task<bool> IsInRoleAsync(Account user, string roleName, CancellationToken ct) =>
        Task.FromResult(TryParseRole(roleName, out var role) && user.Roles.Contains(role));

    public async Task<IList<Account>> GetUsersInRoleAsync(string roleName, CancellationToken ct)
    {
        if (!TryParseRole(roleName, out var role)) return [];
        var accounts = await session.Query<Account>().Where(a => a.Roles.Contains(role)).ToListAsync(ct);
        return accounts.ToList();
    }

    private static bool TryParseRole(string name, out PlatformRole role) =>
        Enum.TryParse(name, ignoreCase: true, out role) && Enum.IsDefined(role);

    private static PlatformRole ParseRole(string name) =>
        TryParseRole(name, out var role) ? role : throw new InvalidOperationException($"There is no platform role '{name}'.");

    // ---- Two-factor sign-in: IUserTwoFactorStore, IUserAuthenticatorKeyStore, IUserTwoFactorRecoveryCodeStore ----

    public Task SetTwoFactorEnabledAsync(Account user, bool enabled, CancellationToken ct)
    {
        user.TwoFactorEnabled = enabled;
        return Task.CompletedTask;
    }

    public Task<bool> GetTwoFactorEnabledAsync(Account user, CancellationToken ct) => Task.FromResult(user.TwoFactorEnabled);

    public Task SetAuthenticatorKeyAsync(Account user, string key, CancellationToken ct)
    {
        user.AuthenticatorKey = key;
        return Task.CompletedTask;
    }

    public Task<string?> GetAuthenticatorKeyAsync(Account user, CancellationToken ct) => Task.FromResult(user.AuthenticatorKey);

    public Task ReplaceCodesAsync(Account user, IEnumerable<string> recoveryCodes, CancellationToken ct)
    {
        user.RecoveryCodeHashes = recoveryCodes.Select(HashRecoveryCode).ToList();
        return Task.CompletedTask;
    }

    /// <summary>True once for each code: it is then removed (UserManager saves the account, so a second use finds nothing).</summary>
    public Task<bool> RedeemCodeAsync(Account user, string code, CancellationToken ct)
    {
        var hash = HashRecoveryCode(code);
        return Task.FromResult(user.RecoveryCodeHashes.Remove(hash));
    }

    public Task<int> CountCodesAsync(Account user, CancellationToken ct) => Task.FromResult(user.RecoveryCodeHashes.Count);

    /// <summary>The hash a recovery code is kept as (spaces and dashes people type around it are not part of it).</summary>
    public static string HashRecoveryCode(string code) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(code.Replace(" ", "").Replace("-", "").Trim().ToUpperInvariant())));
}
