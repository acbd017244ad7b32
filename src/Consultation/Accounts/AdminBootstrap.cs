using ConsultationPlatform.Infrastructure.Email;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsultationPlatform.Accounts;

/// <summary>
/// The first administrator of an installation: when <c>Accounts:AdminEmail</c> is set and no administrator exists,
/// that address gets an invitation to become one at start (once while it is open). Administrators then appoint
/// moderators, who register organisations and invite their delegates.
/// </summary>
public sealed class AdminBootstrap(
    IDocumentStore store,
    IEmailSender email,
    IOptions<AccountSettings> options,
    TimeProvider time,
    IHostEnvironment environment,
    ILogger<AdminBootstrap> logger) : IHostedLifecycleService
{
    public async Task StartedAsync(CancellationToken ct)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.AdminEmail))
        {
            // Loud, where nobody could otherwise ever sign in (Development has its demo accounts).
            if (environment.IsProduction())
            {
                await using var check = store.QuerySession();
                if (!await check.Query<Account>().AnyAsync(a => a.Roles.Contains(PlatformRole.Admin), ct))
                    logger.LogCritical("No administrator exists and Accounts:AdminEmail is not set: nobody can sign in to administer this " +
                                       "installation. Set Accounts:AdminEmail (ADMIN_EMAIL in deploy/container/compose.yaml) and restart: " +
                                       "that address is sent a one-time setup link (printed in this log when no SMTP server is configured).");
            }

            return;
        }

        var now = time.GetUtcNow();
        var address = settings.AdminEmail.Trim();
        await using var session = store.LightweightSession();
        if (await session.Query<Account>().AnyAsync(a => a.Roles.Contains(PlatformRole.Admin), ct)) return;
        var normalized = Account.Normalize(address);
        var open = await session.Query<Invitation>()
            .Where(i => i.Role == PlatformRole.Admin && i.AcceptedAt == null && i.ExpiresAt > now)
            .ToListAsync(ct);
        if (open.Any(i => Account.Normalize(i.Email) == normalized)) return;

        var (invitation, token) = Invitations.New(address, settings.AdminName, null, PlatformRole.Admin, Guid.Empty, now, settings.InvitationLifetime);
        session.Insert(invitation);
        await session.SaveChangesAsync(ct);
        await email.SendAsync(Invitations.Mail(invitation, token, settings.PublicUrl), ct);
        logger.LogWarning("No administrator exists yet: {Email} was invited to be one (Accounts:AdminEmail)", address);
    }

    public Task StartingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
