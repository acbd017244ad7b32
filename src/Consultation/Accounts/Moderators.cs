using ConsultationPlatform.Infrastructure.Email;
using Microsoft.Extensions.Options;

namespace ConsultationPlatform.Accounts;

// ---- Events of a person's stream (its id is the account's): the platform roles they were given ----

/// <summary>An administrator made the person a moderator or co-chair (or an invitation that did so was accepted).</summary>
public sealed record PlatformRoleGranted(Guid PersonId, PlatformRole Role, Guid GrantedBy);

public sealed record PlatformRoleRevoked(Guid PersonId, PlatformRole Role, Guid RevokedBy);

/// <summary>Appoint a moderator or co-chair by email: an existing account gets the role at once, anyone else an invitation.</summary>
public sealed record AppointModerator(string? Email, string? Name, PlatformRole? Role);

public sealed record Appointment(Guid? PersonId, PlatformRole Role, bool Invited, Guid? InvitationId, DateTimeOffset? InvitationExpiresAt);

/// <summary>A moderator or co-chair as the administrators see them (with the address).</summary>
public sealed record ModeratorView(Guid PersonId, string Name, string Email, IReadOnlyList<PlatformRole> Roles);

public static class ModeratorDecisions
{
    /// <summary>The roles an administrator appoints; administrators themselves come from configuration (Accounts:AdminEmail).</summary>
    public static readonly PlatformRole[] AppointableRoles = [PlatformRole.Moderator, PlatformRole.CoChair];

    public static Refused? CheckAppointment(Actor actor, AppointModerator command)
    {
        var access = AccessRules.Check(actor, AccessAct.AppointModerators);
        if (access is not null) return access;
        var invitee = Invitations.CheckInvitee(command.Email, command.Name);
        if (command.Role is not { } role || !AppointableRoles.Contains(role))
        {
            var roleError = ("role", "Give the role: moderator or coChair.");
            return new Refused.Invalid((invitee as Refused.Invalid)?.Errors.Append(roleError).ToArray() ?? [roleError]);
        }

        return invitee;
    }

    public static Refused? CheckRevocation(Actor actor, Guid personId, string role, Account? account)
    {
        var access = AccessRules.Check(actor, AccessAct.AppointModerators);
        if (access is not null) return access;
        if (ParseAppointable(role) is not { } parsed)
            return new Refused.Invalid(("role", "Only the moderator and coChair roles are revoked here."));
        return account is null || !account.Roles.Contains(parsed)
            ? new Refused.NotFound($"{RoleName(parsed)} with id", personId)
            : null;
    }

    public static PlatformRole? ParseAppointable(string role) =>
        Enum.TryParse<PlatformRole>(role, ignoreCase: true, out var parsed) && AppointableRoles.Contains(parsed) ? parsed : null;

    public static string RoleName(PlatformRole role) => role switch
    {
        PlatformRole.CoChair => "co-chair",
        _ => role.ToString().ToLowerInvariant(),
    };
}

public static class AppointModeratorEndpoint
{
    public static async Task<Account?> LoadAsync(AppointModerator command, IQuerySession session, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(command.Email)
            ? null
            : await session.Query<Account>().FirstOrDefaultAsync(a => a.NormalizedEmail == Account.Normalize(command.Email.Trim()), ct);

    public static ProblemDetails Validate(AppointModerator command, ClaimsPrincipal user) =>
        ModeratorDecisions.CheckAppointment(Actor.Require(user), command).AsProblem();

    [WolverinePost("/api/admin/moderators", OperationId = "AppointModerator")]
    [Authorize]
    [Tags("Administration")]
    [ProducesResponseType<Appointment>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden)]
    public static (Appointment, OutgoingMessages) Post(
        AppointModerator command, Account? account, ClaimsPrincipal user, IDocumentSession session,
        IOptions<AccountSettings> settings, TimeProvider time)
    {
        var actor = Actor.Require(user);
        var role = command.Role!.Value;
        if (account is not null)
        {
            if (!account.Roles.Contains(role))
            {
                account.Roles = account.Roles.Append(role).Order().ToList();
                session.Update(account);
                session.Events.Append(account.Id, new PlatformRoleGranted(account.Id, role, actor.PersonId));
            }

            return (new Appointment(account.Id, role, Invited: false, null, null), []);
        }

        var (invitation, token) = Invitations.New(command.Email!, command.Name!, null, role, actor.PersonId,
            time.GetUtcNow(), settings.Value.InvitationLifetime);
        session.Insert(invitation);
        return (new Appointment(null, role, Invited: true, invitation.Id, invitation.ExpiresAt),
            [new SendEmail(Invitations.Mail(invitation, token, settings.Value.PublicUrl))]);
    }
}

public static class RevokeModeratorEndpoint
{
    public static Task<Account?> LoadAsync(Guid personId, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<Account>(personId, ct);

    public static ProblemDetails Validate(Guid personId, string role, Account? account, ClaimsPrincipal user) =>
        ModeratorDecisions.CheckRevocation(Actor.Require(user), personId, role, account).AsProblem();

    [WolverineDelete("/api/admin/moderators/{personId}/{role}", OperationId = "RevokeModerator")]
    [Authorize]
    [Tags("Administration")]
    [EmptyResponse]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)]
    public static void Delete(Guid personId, string role, [NotBody] Account account, ClaimsPrincipal user, IDocumentSession session)
    {
        var revoked = ModeratorDecisions.ParseAppointable(role)!.Value;
        account.Roles = account.Roles.Where(r => r != revoked).ToList();
        session.Update(account);
        session.Events.Append(account.Id, new PlatformRoleRevoked(account.Id, revoked, Actor.Require(user).PersonId));
    }
}

public static class ModeratorQueryEndpoints
{
    [WolverineGet("/api/admin/moderators", OperationId = "ListModerators")]
    [Authorize]
    [Tags("Administration")]
    [ProducesResponseType<IReadOnlyList<ModeratorView>>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status403Forbidden)]
    public static async Task<IResult> List(ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var access = AccessRules.Check(Actor.Require(user), AccessAct.AppointModerators);
        if (access is not null) return Results.Problem(access.ToProblem());
        var accounts = await session.Query<Account>()
            .Where(a => a.Roles.Contains(PlatformRole.Moderator) || a.Roles.Contains(PlatformRole.CoChair))
            .ToListAsync(ct);
        return Results.Ok(accounts
            .OrderBy(a => a.DisplayName, StringComparer.OrdinalIgnoreCase)
            .Select(a => new ModeratorView(a.Id, a.DisplayName, a.Email, a.Roles))
            .ToList());
    }
}
