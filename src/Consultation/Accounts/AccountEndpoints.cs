using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace ConsultationPlatform.Accounts;

/// <summary>A sign-in; with two-factor sign-in on, also a code of the authenticator app or a recovery code (as Identity's own API takes them).</summary>
public sealed record SignInRequest(string? Email, string? Password, string? TwoFactorCode = null, string? TwoFactorRecoveryCode = null);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record ChooseActingOrganisation(Guid? OrganisationId);

public sealed record AcceptInvitation(string? Token, string? Password, string? Name = null);

public sealed record InvitationAccepted(Guid PersonId, Guid? OrganisationId, PlatformRole Role, bool AccountCreated);

/// <summary>The signed-in person's own account: the only response that carries their email address.</summary>
public sealed record AccountView(
    Guid PersonId,
    string Name,
    string? Email,
    IReadOnlyList<PlatformRole> Roles,
    OrganisationView? ActingFor,
    IReadOnlyList<OrganisationView> Organisations,
    IReadOnlyList<ConsultationRole>? ConsultationRoles = null);

/// <summary>
/// Sign-in and the account, under /api/account, on ASP.NET Core Identity's own machinery: <see cref="SignInManager{TUser}"/>
/// checks the password (with lockout) and signs in with the Identity cookie (<c>?useCookies=true</c>) or Identity's
/// bearer token handler, which writes the token response; the refresh endpoint validates Identity's refresh token and
/// security stamp. Minimal API endpoints, as Identity's own <c>MapIdentityApi</c> are; there is no open registration:
/// accounts come from invitations.
/// </summary>
public static class AccountEndpoints
{
    public const string Prefix = "/api/account";

    public static RouteGroupBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix).WithTags("Account");

        group.MapPost("/login", SignIn).AllowAnonymous().WithName("SignIn")
            .Produces<AccessTokenResponse>()
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/refresh", Refresh).AllowAnonymous().WithName("RefreshToken")
            .Produces<AccessTokenResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/logout", SignOut).RequireAuthorization().WithName("SignOut")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapGet("/me", Me).RequireAuthorization().WithName("GetMyAccount")
            .Produces<AccountView>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/acting-organisation", ChooseOrganisation).RequireAuthorization().WithName("ChooseActingOrganisation")
            .Produces<AccountView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/forgot-password", ForgotPassword).AllowAnonymous().WithName("ForgotPassword")
            .Produces(StatusCodes.Status202Accepted)
            .ProducesValidationProblem();
        group.MapPost("/reset-password", ResetPassword).AllowAnonymous().WithName("ResetPassword")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem();
        group.MapGet("/two-factor", GetTwoFactor).RequireAuthorization().WithName("GetTwoFactor")
            .Produces<TwoFactorView>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/two-factor/enable", EnableTwoFactor).RequireAuthorization().WithName("EnableTwoFactor")
            .Produces<RecoveryCodes>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/two-factor/disable", DisableTwoFactor).RequireAuthorization().WithName("DisableTwoFactor")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/two-factor/recovery-codes", ReplaceRecoveryCodes).RequireAuthorization().WithName("ReplaceRecoveryCodes")
            .Produces<RecoveryCodes>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/invitations/accept", Accept).AllowAnonymous().WithName("AcceptInvitation")
            .Produces<InvitationAccepted>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status410Gone);
        return group;
    }

    /// <summary>Bearer tokens by default; the Identity cookie with <c>?useCookies=true</c> (a session cookie with <c>useSessionCookies</c>).</summary>
    private static async Task<IResult> SignIn(SignInRequest request, bool? useCookies, bool? useSessionCookies,
        SignInManager<Account> signInManager)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(request.Email)) errors.Add(("email", "Give your email address."));
        if (string.IsNullOrEmpty(request.Password)) errors.Add(("password", "Give your password."));
        if (errors.Count > 0) return Results.Problem(Problems.Invalid(errors.ToArray()));

        var cookie = useCookies == true || useSessionCookies == true;
        signInManager.AuthenticationScheme = cookie ? IdentityConstants.ApplicationScheme : IdentityConstants.BearerScheme;

        var account = await signInManager.UserManager.FindByEmailAsync(request.Email!.Trim());
        if (account is null) return Results.Problem(SignInFailed());
        var persistent = useCookies == true && useSessionCookies != true;
        var result = await signInManager.PasswordSignInAsync(account, request.Password!, persistent, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            // As Identity's own API: the second factor in the same request (the sign-in manager remembers the first).
            if (!string.IsNullOrWhiteSpace(request.TwoFactorCode))
                result = await signInManager.TwoFactorAuthenticatorSignInAsync(TwoFactor.Clean(request.TwoFactorCode), persistent, rememberClient: false);
            else if (!string.IsNullOrWhiteSpace(request.TwoFactorRecoveryCode))
                result = await signInManager.TwoFactorRecoveryCodeSignInAsync(TwoFactor.Clean(request.TwoFactorRecoveryCode));
            else
                return Results.Problem(Unauthorized("two-factor-required", "A code is needed",
                    "Two-factor sign-in is on for this account: give the code of your authenticator app (twoFactorCode) or a recovery code (twoFactorRecoveryCode)."));
            if (!result.Succeeded && !result.IsLockedOut)
                return Results.Problem(Unauthorized("two-factor-failed", "The code is wrong",
                    "The code is not the one the authenticator app shows now, or the recovery code is not valid (each works once)."));
        }

        if (result.IsLockedOut)
            return Results.Problem(Unauthorized("locked-out", "Too many failed sign-ins",
                $"This account is locked after repeated failed sign-ins; try again after {account.LockoutEnd:u}."));
        if (result.IsNotAllowed)
            return Results.Problem(Unauthorized("sign-in-not-allowed", "Sign-in is not allowed", "This account cannot sign in yet."));
        if (!result.Succeeded) return Results.Problem(SignInFailed());

        // Signed in by the sign-in manager: the cookie handler has set the cookie; the bearer handler writes the token response itself.
        return cookie ? Results.NoContent() : Results.Empty;
    }

    private static async Task<IResult> Refresh(RefreshRequest request, SignInManager<Account> signInManager,
        IOptionsMonitor<BearerTokenOptions> bearerOptions, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(request.RefreshToken))
            return Results.Problem(Problems.Invalid(("refreshToken", "Give the refresh token of your last sign-in or refresh.")));

        var ticket = bearerOptions.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(request.RefreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || time.GetUtcNow() >= expires
            || await signInManager.ValidateSecurityStampAsync(ticket.Principal) is not { } account)
            return Results.Problem(Unauthorized("refresh-refused", "The refresh token is not valid",
                "It has expired, or the account's password or sessions changed since. Sign in again."));

        return Results.SignIn(await signInManager.CreateUserPrincipalAsync(account), authenticationScheme: IdentityConstants.BearerScheme);
    }

    /// <summary>Ends the cookie session; with <c>?everywhere=true</c> also every other session and refresh token (a new security stamp).</summary>
    private static async Task<IResult> SignOut(bool? everywhere, ClaimsPrincipal user, SignInManager<Account> signInManager)
    {
        if (everywhere == true && await signInManager.UserManager.GetUserAsync(user) is { } account)
            await signInManager.UserManager.UpdateSecurityStampAsync(account);
        await signInManager.SignOutAsync();
        return Results.NoContent();
    }

    private static async Task<IResult> Me(ClaimsPrincipal user, UserManager<Account> users, IQuerySession session, CancellationToken ct)
    {
        var actor = Actor.Require(user);
        var account = await users.GetUserAsync(user);
        if (account is null)
        {
            // Someone signed in without an account (the acting headers of development and tests): what the claims say.
            var acting = actor.OrganisationId == Guid.Empty
                ? null
                : new OrganisationView(actor.OrganisationId, actor.OrganisationName, actor.OrganisationGroup, "");
            return Results.Ok(new AccountView(actor.PersonId, actor.PersonName, null, actor.Roles.Order().ToList(), acting,
                acting is null ? [] : [acting], actor.Appointments));
        }

        return Results.Ok(await View(account, session, ct));
    }

    /// <summary>
    /// Choose the organisation to act for among one's own. A browser's cookie is re-issued at once; an API client
    /// refreshes its token (POST /api/account/refresh) to get one that carries the new organisation.
    /// </summary>
    private static async Task<IResult> ChooseOrganisation(ChooseActingOrganisation request, ClaimsPrincipal user, HttpContext http,
        SignInManager<Account> signInManager, IQuerySession session, CancellationToken ct)
    {
        var (view, problem) = await ChooseActingOrganisation(request.OrganisationId, user,
            refreshCookie: !http.Request.Headers.ContainsKey("Authorization"), signInManager, session, ct);
        return view is null ? Results.Problem(problem) : Results.Ok(view);
    }

    /// <summary>The choice of the organisation to act for, as the API and the web pages make it: the account, or the problem.</summary>
    public static async Task<(AccountView? View, ProblemDetails Problem)> ChooseActingOrganisation(Guid? organisationId, ClaimsPrincipal user,
        bool refreshCookie, SignInManager<Account> signInManager, IQuerySession session, CancellationToken ct)
    {
        if (organisationId is not { } chosen || chosen == Guid.Empty)
            return (null, Problems.Invalid(("organisationId", "Give the id of the organisation you act for.")));
        var users = signInManager.UserManager;
        if (await users.GetUserAsync(user) is not { } account)
            return (null, Problems.NotFound("account", Actor.Require(user).PersonId));

        var organisation = await session.LoadAsync<Organisation>(chosen, ct);
        if (organisation is null || !organisation.HasMember(account.Id))
            return (null, Problems.Forbidden("You act only for an organisation you are a delegate of."));

        account.ActingOrganisationId = chosen;
        var saved = await users.UpdateAsync(account);
        if (!saved.Succeeded)
            return (null, Problems.Conflict("The account changed meanwhile", "Try again.", "concurrent-change"));
        if (refreshCookie)
            await signInManager.RefreshSignInAsync(account);
        return (await View(account, session, ct), Problems.None);
    }

    /// <summary>
    /// Accept an invitation with its one-time token: creates the account with the password given (or, for an address
    /// that has one already, checks its password), joins the organisation, grants the role, and spends the invitation.
    /// </summary>
    private static async Task<IResult> Accept(AcceptInvitation request, UserManager<Account> users, SignInManager<Account> signInManager,
        IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        var (accepted, _, problem) = await AcceptInvitation(request, users, signInManager, session, time, ct);
        return accepted is null ? Results.Problem(problem) : Results.Ok(accepted);
    }

    /// <summary>Accepting an invitation, as the API and the web page do it: what was accepted and the account, or the problem.</summary>
    public static async Task<(InvitationAccepted? Accepted, Account? Account, ProblemDetails Problem)> AcceptInvitation(AcceptInvitation request,
        UserManager<Account> users, SignInManager<Account> signInManager, IDocumentSession session, TimeProvider time, CancellationToken ct)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(request.Token)) errors.Add(("token", "Give the token of the invitation link."));
        if (string.IsNullOrEmpty(request.Password)) errors.Add(("password", "Choose a password."));
        if (request.Name is { Length: > Invitations.MaxNameLength }) errors.Add(("name", $"A name is at most {Invitations.MaxNameLength} characters."));
        if (errors.Count > 0) return (null, null, Problems.Invalid(errors.ToArray()));

        var now = time.GetUtcNow();
        var hash = InvitationTokens.Hash(request.Token!);
        var invitation = await session.Query<Invitation>().FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (Invitations.CheckAcceptable(invitation, now) is { } unacceptable) return (null, null, unacceptable.ToProblem());

        var account = await users.FindByEmailAsync(invitation!.Email);
        var created = account is null;
        if (account is null)
        {
            var name = string.IsNullOrWhiteSpace(request.Name) ? invitation.Name : request.Name.Trim();
            // A role in one consultation is no platform role: the account is a participant's (ConsultationRoles.cs).
            account = Account.New(Guid.CreateVersion7(), invitation.Email, name, [invitation.ConsultationId is null ? invitation.Role : PlatformRole.Participant], now);
            var result = await users.CreateAsync(account, request.Password!);
            if (!result.Succeeded) return (null, null, IdentityProblem(result));
        }
        else
        {
            var check = await signInManager.CheckPasswordSignInAsync(account, request.Password!, lockoutOnFailure: true);
            if (!check.Succeeded)
                return (null, null, Problems.Invalid(("password",
                    "This address has an account already: give its password to accept the invitation.")));
            if (invitation.ConsultationId is null && !account.Roles.Contains(invitation.Role))
            {
                var result = await users.AddToRoleAsync(account, invitation.Role.ToString());
                if (!result.Succeeded) return (null, null, IdentityProblem(result));
            }
        }

        invitation.AcceptedAt = now;
        invitation.AcceptedBy = account.Id;
        session.Update(invitation);
        if (invitation.OrganisationId is { } organisationId
            && await session.LoadAsync<Organisation>(organisationId, ct) is { } organisation
            && !organisation.HasMember(account.Id))
            session.Events.Append(organisationId, new PersonJoinedOrganisation(organisationId, account.Id, account.DisplayName));
        if (invitation.ConsultationId is { } consultationId)
        {
            if (ConsultationRoleDecisions.Grant(consultationId, account.Id, invitation.Role, invitation.InvitedBy,
                    await session.LoadAsync<ConsultationAppointment>(ConsultationRoles.IdFor(consultationId, account.Id), ct)) is { } granted)
                session.Events.Append(ConsultationRoles.IdFor(consultationId, account.Id), granted);
        }
        else if (invitation.Role != PlatformRole.Participant)
            session.Events.Append(account.Id, new PlatformRoleGranted(account.Id, invitation.Role, invitation.InvitedBy));

        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (ex is JasperFx.ConcurrencyException || ex is AggregateException { InnerException: JasperFx.ConcurrencyException })
        {
            // Accepted by a simultaneous request: that one stands.
            return (null, null, Invitations.CheckAcceptable(new Invitation { AcceptedAt = now }, now).AsProblem());
        }

        return (new InvitationAccepted(account.Id, invitation.OrganisationId, invitation.Role, created), account, Problems.None);
    }

    /// <summary>Always 202 for a well-formed address, whether or not it has an account (and a mail was sent).</summary>
    private static async Task<IResult> ForgotPassword(ForgotPassword request, UserManager<Account> users, Wolverine.IMessageBus bus,
        IOptions<AccountSettings> settings, TimeProvider time)
    {
        var problem = await PasswordResets.Request(request, users, bus, settings.Value, time);
        return problem.IsNone() ? Results.Accepted() : Results.Problem(problem);
    }

    private static async Task<IResult> ResetPassword(ResetPassword request, UserManager<Account> users)
    {
        var problem = await PasswordResets.Reset(request, users);
        return problem.IsNone() ? Results.NoContent() : Results.Problem(problem);
    }

    private static async Task<IResult> GetTwoFactor(ClaimsPrincipal user, UserManager<Account> users) =>
        await users.GetUserAsync(user) is { } account
            ? Results.Ok(await TwoFactor.View(users, account))
            : Results.Problem(Problems.NotFound("account", Actor.Require(user).PersonId));

    private static async Task<IResult> EnableTwoFactor(EnableTwoFactor request, ClaimsPrincipal user, HttpContext http,
        SignInManager<Account> signInManager)
    {
        if (await signInManager.UserManager.GetUserAsync(user) is not { } account)
            return Results.Problem(Problems.NotFound("account", Actor.Require(user).PersonId));
        var (codes, problem) = await TwoFactor.Enable(signInManager.UserManager, account, request.Code);
        if (codes is null) return Results.Problem(problem);
        await KeepCookie(http, signInManager, account);
        return Results.Ok(codes);
    }

    private static async Task<IResult> DisableTwoFactor(ClaimsPrincipal user, HttpContext http, SignInManager<Account> signInManager)
    {
        if (await signInManager.UserManager.GetUserAsync(user) is not { } account)
            return Results.Problem(Problems.NotFound("account", Actor.Require(user).PersonId));
        var problem = await TwoFactor.Disable(signInManager.UserManager, account);
        if (!problem.IsNone()) return Results.Problem(problem);
        await KeepCookie(http, signInManager, account);
        return Results.NoContent();
    }

    private static async Task<IResult> ReplaceRecoveryCodes(ClaimsPrincipal user, UserManager<Account> users)
    {
        if (await users.GetUserAsync(user) is not { } account)
            return Results.Problem(Problems.NotFound("account", Actor.Require(user).PersonId));
        var (codes, problem) = await TwoFactor.ReplaceRecoveryCodes(users, account);
        return codes is null ? Results.Problem(problem) : Results.Ok(codes);
    }

    /// <summary>Turning two-factor sign-in on or off changes the security stamp: a browser's own cookie is re-issued.</summary>
    private static async Task KeepCookie(HttpContext http, SignInManager<Account> signInManager, Account account)
    {
        if (!http.Request.Headers.ContainsKey("Authorization")) await signInManager.RefreshSignInAsync(account);
    }

    public static async Task<AccountView> View(Account account, IQuerySession session, CancellationToken ct)
    {
        var organisations = await Memberships.OrganisationsOf(session, account.Id, ct);
        var acting = Memberships.ActingFor(account.ActingOrganisationId, organisations);
        return new AccountView(account.Id, account.DisplayName, account.Email, account.Roles,
            acting is null ? null : OrganisationView.Of(acting),
            organisations.Select(OrganisationView.Of).ToList(),
            await ConsultationRoles.Of(session, account.Id, ct)); // the consultations they moderate or co-chair
    }

    /// <summary>Identity's errors as a 400 naming the field each is about.</summary>
    public static ProblemDetails IdentityProblem(IdentityResult result) =>
        Problems.Invalid(result.Errors
            .Select(e => (e.Code.StartsWith("Password", StringComparison.Ordinal) ? "password"
                : e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal) ? "email"
                : "account", e.Description))
            .ToArray());

    private static ProblemDetails SignInFailed() =>
        Unauthorized("sign-in-failed", "Sign-in failed", "The email address or the password is wrong.");

    private static ProblemDetails Unauthorized(string type, string title, string detail) => new()
    {
        Status = StatusCodes.Status401Unauthorized,
        Title = title,
        Detail = detail,
        Type = "https://consultation.dev/problems/" + type,
    };
}
