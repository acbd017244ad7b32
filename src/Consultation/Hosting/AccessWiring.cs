using ConsultationPlatform.Accounts;
using ConsultationPlatform.Infrastructure.Authentication;
using ConsultationPlatform.Infrastructure.Email;
using JasperFx.Events.Projections;
using Marten.Schema;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ConsultationPlatform.Hosting;

/// <summary>
/// Accounts, sign-in, organisations, accreditation and mail: everything the identity foundation registers.
/// Settings (all optional):
/// <code>
/// Authentication:AllowActingHeaders            false   the X-Acting-* test sign-in (refused in Production)
/// Authentication:BearerTokenLifetime           00:30:00
/// Authentication:RefreshTokenLifetime          14.00:00:00
/// Authentication:CookieLifetime                12:00:00 (sliding)
/// Authentication:CookieSecurePolicy            Always (SameAsRequest in Development)
/// Authentication:SecurityStampValidationInterval 00:05:00 (how soon a cookie sees changed roles or a new password)
/// Authentication:Lockout:MaxFailedAccessAttempts 5
/// Authentication:Lockout:Duration              00:15:00
/// Accounts:PublicUrl, Accounts:InvitationLifetime (7.00:00:00), Accounts:AdminEmail, Accounts:AdminName
/// Email:From, Email:FromName, Email:Smtp:Host|Port|Security|UserName|Password (no host: the outbox)
/// DemoAccounts:Password                        (Development only)
/// </code>
/// </summary>
public static class AccessWiring
{
    public static WebApplicationBuilder AddAccountsAndAccess(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var services = builder.Services;
        var allowActingHeaders = AuthenticationSettings.From(config).AllowActingHeaders;
        if (allowActingHeaders && builder.Environment.IsProduction())
            throw new InvalidOperationException(
                "Authentication:AllowActingHeaders lets any caller claim to be anyone; it is refused in the Production environment.");

        services.TryAddSingleton(TimeProvider.System);
        services.Configure<AccountSettings>(config.GetSection(AccountSettings.Section));
        services.Configure<EmailSettings>(config.GetSection(EmailSettings.Section));
        services.Configure<DemoAccountOptions>(config.GetSection(DemoAccountOptions.Section));

        services.ConfigureMarten(opts =>
        {
            opts.Schema.For<Account>()
                .UniqueIndex(UniqueIndexType.Computed, "uidx_account_normalized_email", a => a.NormalizedEmail)
                .UniqueIndex(UniqueIndexType.Computed, "uidx_account_normalized_user_name", a => a.NormalizedUserName);
            opts.Schema.For<Invitation>().UniqueIndex(UniqueIndexType.Computed, "uidx_invitation_token_hash", i => i.TokenHash);
            opts.Schema.For<OutboxEmail>().Index(m => m.To);
            opts.Projections.Snapshot<Organisation>(SnapshotLifecycle.Inline);
            opts.Projections.Snapshot<Accreditation>(SnapshotLifecycle.Inline);
            opts.Schema.For<Accreditation>().Index(a => a.ConsultationId);
            opts.Projections.Snapshot<ConsultationAppointment>(SnapshotLifecycle.Inline); // roles per consultation: Accounts/ConsultationRoles.cs
            opts.Schema.For<ConsultationAppointment>().Index(a => a.PersonId).Index(a => a.ConsultationId);
        });

        // Mail leaves from a durable local queue, after the transaction that asked for it has committed.
        services.ConfigureWolverine(opts => opts.LocalQueueFor<SendEmail>().UseDurableInbox());
        if ((config.GetSection(EmailSettings.Section).Get<EmailSettings>() ?? new EmailSettings()).UsesSmtp)
            services.AddSingleton<IEmailSender, SmtpEmailSender>();
        else
            services.AddSingleton<IEmailSender, OutboxEmailSender>();

        services.AddIdentityCore<Account>(o =>
            {
                o.ClaimsIdentity.UserIdClaimType = ActorClaims.PersonId;
                o.ClaimsIdentity.UserNameClaimType = ActorClaims.PersonName;
                o.ClaimsIdentity.RoleClaimType = ActorClaims.Role;
                o.User.RequireUniqueEmail = true;
                o.SignIn.RequireConfirmedEmail = true;
                o.Password.RequiredLength = 12;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = AuthenticationSettings.From(config).Lockout.MaxFailedAccessAttempts;
                o.Lockout.DefaultLockoutTimeSpan = AuthenticationSettings.From(config).Lockout.Duration;
            })
            .AddSignInManager()
            // Only the token providers in use: the reset links' (DataProtector) and the authenticator app's (TOTP). Identity's
            // phone provider would need a phone number store, and mailed sign-in codes are not offered as a second factor.
            .AddTokenProvider<DataProtectorTokenProvider<Account>>(TokenOptions.DefaultProvider)
            .AddTokenProvider<AuthenticatorTokenProvider<Account>>(TokenOptions.DefaultAuthenticatorProvider)
            .AddUserStore<MartenUserStore>()
            .AddClaimsPrincipalFactory<ActorClaimsPrincipalFactory>();
        // Password reset links (Identity's DataProtectorTokenProvider): they expire, and the reset's new security stamp spends them.
        services.AddOptions<DataProtectionTokenProviderOptions>()
            .Configure<IOptions<AccountSettings>>((o, accounts) => o.TokenLifespan = accounts.Value.PasswordResetLifetime);
        services.Configure<SecurityStampValidatorOptions>(o =>
            o.ValidationInterval = AuthenticationSettings.From(config).SecurityStampValidationInterval);

        var authentication = services.AddAuthentication(AuthenticationSchemes.Default)
            .AddPolicyScheme(AuthenticationSchemes.Default, "Bearer token, cookie or acting headers",
                o => o.ForwardDefaultSelector = context => AuthenticationSchemes.Select(context.Request, allowActingHeaders))
            .AddBearerToken(AuthenticationSchemes.Bearer, o =>
            {
                o.BearerTokenExpiration = AuthenticationSettings.From(config).BearerTokenLifetime;
                o.RefreshTokenExpiration = AuthenticationSettings.From(config).RefreshTokenLifetime;
                o.Events.OnMessageReceived = context =>
                {
                    if (AuthenticationSchemes.IsHubRequestWithAccessToken(context.Request))
                        context.Token = context.Request.Query["access_token"];
                    return Task.CompletedTask;
                };
            });
        authentication.AddIdentityCookies();
        if (allowActingHeaders)
            authentication.AddScheme<AuthenticationSchemeOptions, ActingHeadersAuthenticationHandler>(AuthenticationSchemes.ActingHeaders, null);

        var defaultSecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "consultation.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = AuthenticationSettings.From(config).CookieSecurePolicy ?? defaultSecurePolicy;
            o.ExpireTimeSpan = AuthenticationSettings.From(config).CookieLifetime;
            o.SlidingExpiration = true;
            // An API answers 401/403 (problem details, by the status code pages), never a redirect to a login page.
            o.Events.OnRedirectToLogin = context =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        services.AddHostedService<AdminBootstrap>();
        if (builder.Environment.IsDevelopment())
            services.AddHostedService<DemoAccounts>();
        return builder;
    }
}
