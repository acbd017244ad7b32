using ConsultationPlatform.Infrastructure.Email;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ConsultationDocument = ConsultationPlatform.Consultations.Consultation;

namespace ConsultationPlatform.Accounts;

// ---- Roles per consultation: a person moderates or co-chairs THIS consultation, not every one. ----
// One stream per (consultation, person) (ConsultationRoles.IdFor), aggregated inline into ConsultationAppointment.
// The person's claims carry the consultations they hold a role in (ActorClaimsPrincipalFactory: at sign-in and at each
// security stamp check, Authentication:SecurityStampValidationInterval), and every check of an act that concerns a
// consultation asks Actor.In(consultationId).

/// <summary>An administrator made the person moderator or co-chair of the consultation (or an invitation that did so was accepted).</summary>
public sealed record ConsultationRoleGranted(Guid PersonId, Guid ConsultationId, PlatformRole Role, Guid GrantedBy);

/// <summary>An administrator took the role in the consultation back.</summary>
public sealed record ConsultationRoleRevoked(Guid PersonId, Guid ConsultationId, PlatformRole Role, Guid RevokedBy);

/// <summary>The roles one person holds in one consultation.</summary>
public sealed class ConsultationAppointment
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid ConsultationId { get; set; }
    public Guid PersonId { get; set; }
    public List<PlatformRole> Roles { get; set; } = [];

    public bool Holds(PlatformRole role) => Roles.Contains(role);

    public void Apply(ConsultationRoleGranted e)
    {
        Id = ConsultationRoles.IdFor(e.ConsultationId, e.PersonId);
        ConsultationId = e.ConsultationId;
        PersonId = e.PersonId;
        if (!Roles.Contains(e.Role)) Roles = Roles.Append(e.Role).Order().ToList();
    }

    public void Apply(ConsultationRoleRevoked e) => Roles = Roles.Where(r => r != e.Role).ToList();
}

public static class ConsultationRoles
{
    private static readonly Guid Namespace = new("0c8f3b52-61d4-4e0a-9b7e-3f2a6d1c5e84");

    public static Guid IdFor(Guid consultationId, Guid personId) => DeterministicGuid.Create(Namespace, consultationId, personId);

    /// <summary>The roles a person holds, consultation by consultation (for their claims).</summary>
    public static async Task<IReadOnlyList<ConsultationRole>> Of(IQuerySession session, Guid personId, CancellationToken ct) =>
        (await session.Query<ConsultationAppointment>().Where(a => a.PersonId == personId).ToListAsync(ct))
        .SelectMany(a => a.Roles.Select(r => new ConsultationRole(a.ConsultationId, r)))
        .OrderBy(r => r.ConsultationId).ThenBy(r => r.Role)
        .ToList();
}

/// <summary>Appoint a moderator or co-chair of the consultation by email: an existing account gets the role at once,
/// anyone else an invitation. Sent by the API endpoint and by the administrators' page: one way in.</summary>
public sealed record AppointToConsultation(Guid ConsultationId, string? Email, string? Name, PlatformRole? Role, Actor Actor)
    : IAct<ConsultationAppointmentResult>;

/// <summary>Take back a moderator's or co-chair's role in the consultation.</summary>
public sealed record RevokeConsultationRole(Guid ConsultationId, Guid PersonId, string Role, Actor Actor) : IAct<Recorded>
{
    /// <summary>The stream written (Wolverine finds it by its name).</summary>
    public Guid ConsultationAppointmentId => ConsultationRoles.IdFor(ConsultationId, PersonId);
}

/// <summary>The body of an appointment through the API.</summary>
public sealed record ConsultationRoleForm(string? Email, string? Name, PlatformRole? Role);

public sealed record ConsultationAppointmentResult(Guid ConsultationId, Guid? PersonId, PlatformRole Role, bool Invited,
    Guid? InvitationId, DateTimeOffset? InvitationExpiresAt);

/// <summary>A moderator or co-chair of a consultation as the administrators see them (with the address).</summary>
public sealed record ConsultationRoleHolder(Guid PersonId, string Name, string Email, IReadOnlyList<PlatformRole> Roles);

/// <summary>The rules of appointing and revoking, as pure functions.</summary>
public static class ConsultationRoleDecisions
{
    public static Refused? CheckAppointment(Actor actor, AppointToConsultation act, bool consultationExists)
    {
        var access = AccessRules.Check(actor, AccessAct.AppointModerators);
        if (access is not null) return access;
        if (!consultationExists) return new Refused.NotFound("consultation", act.ConsultationId);
        return ModeratorDecisions.CheckAppointment(actor, new AppointModerator(act.Email, act.Name, act.Role));
    }

    /// <summary>The grant, or null when the person holds the role there already (appointing twice changes nothing).</summary>
    public static ConsultationRoleGranted? Grant(Guid consultationId, Guid personId, PlatformRole role, Guid by, ConsultationAppointment? appointment) =>
        appointment?.Holds(role) == true ? null : new ConsultationRoleGranted(personId, consultationId, role, by);

    public static Refused? CheckRevocation(Actor actor, RevokeConsultationRole act, ConsultationAppointment? appointment)
    {
        var access = AccessRules.Check(actor, AccessAct.AppointModerators);
        if (access is not null) return access;
        if (ModeratorDecisions.ParseAppointable(act.Role) is not { } role)
            return new Refused.Invalid(("role", "Only the moderator and coChair roles are revoked here."));
        return appointment?.Holds(role) == true
            ? null
            : new Refused.NotFound($"{ModeratorDecisions.RoleName(role)} of this consultation with id", act.PersonId);
    }

    public static ConsultationRoleRevoked Revoke(Actor actor, RevokeConsultationRole act) =>
        new(act.PersonId, act.ConsultationId, ModeratorDecisions.ParseAppointable(act.Role)!.Value, actor.PersonId);
}

/// <summary>The one handler of <see cref="AppointToConsultation"/>.</summary>
public static class AppointToConsultationHandler
{
    public static async Task<(ConsultationDocument?, Account?, ConsultationAppointment?)> LoadAsync(AppointToConsultation act,
        IQuerySession session, CancellationToken ct)
    {
        var consultation = await session.LoadAsync<ConsultationDocument>(act.ConsultationId, ct);
        var account = string.IsNullOrWhiteSpace(act.Email)
            ? null
            : await session.Query<Account>().FirstOrDefaultAsync(a => a.NormalizedEmail == Account.Normalize(act.Email.Trim()), ct);
        var appointment = account is null ? null : await session.LoadAsync<ConsultationAppointment>(ConsultationRoles.IdFor(act.ConsultationId, account.Id), ct);
        return (consultation, account, appointment);
    }

    public static (Outcome<ConsultationAppointmentResult>, OutgoingMessages) Handle(AppointToConsultation act,
        ConsultationDocument? consultation, Account? account, ConsultationAppointment? appointment, IDocumentSession session,
        IOptions<AccountSettings> settings, TimeProvider time)
    {
        if (ConsultationRoleDecisions.CheckAppointment(act.Actor, act, consultation is not null) is { } refused) return (refused, []);
        var role = act.Role!.Value;
        if (account is not null)
        {
            if (ConsultationRoleDecisions.Grant(act.ConsultationId, account.Id, role, act.Actor.PersonId, appointment) is { } granted)
                session.Events.Append(ConsultationRoles.IdFor(act.ConsultationId, account.Id), granted);
            return (new ConsultationAppointmentResult(act.ConsultationId, account.Id, role, Invited: false, null, null), []);
        }

        var (invitation, token) = Invitations.New(act.Email!, act.Name!, null, role, act.Actor.PersonId, time.GetUtcNow(), settings.Value.InvitationLifetime);
        invitation.ConsultationId = act.ConsultationId;
        invitation.ConsultationTitle = consultation!.Title;
        session.Insert(invitation);
        return (new ConsultationAppointmentResult(act.ConsultationId, null, role, Invited: true, invitation.Id, invitation.ExpiresAt),
            [new SendEmail(Invitations.Mail(invitation, token, settings.Value.PublicUrl))]);
    }
}

/// <summary>The one handler of <see cref="RevokeConsultationRole"/>.</summary>
public static class RevokeConsultationRoleHandler
{
    public static (Outcome<Recorded>, Events) Handle(RevokeConsultationRole act, [WriteAggregate(Required = false)] ConsultationAppointment? consultationAppointment)
    {
        if (ConsultationRoleDecisions.CheckRevocation(act.Actor, act, consultationAppointment) is { } refused) return (refused, []);
        return (Recorded.Act, new Events([ConsultationRoleDecisions.Revoke(act.Actor, act)]));
    }
}

/// <summary>The HTTP ways in: appoint, revoke, and the list (administrators only).</summary>
public static class ConsultationRoleEndpoints
{
    [WolverinePost("/api/consultations/{consultationId}/roles", OperationId = "AppointConsultationRole")]
    [Authorize]
    [Tags("Administration")]
    [ProducesResponseType<ConsultationAppointmentResult>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)]
    public static async Task<IResult> Post(Guid consultationId, ConsultationRoleForm form, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new AppointToConsultation(consultationId, form.Email, form.Name, form.Role, Actor.Require(user)), ct)).ToHttp();

    [WolverineDelete("/api/consultations/{consultationId}/roles/{personId}/{role}", OperationId = "RevokeConsultationRole")]
    [Authorize]
    [Tags("Administration")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)]
    public static async Task<IResult> Delete(Guid consultationId, Guid personId, string role, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new RevokeConsultationRole(consultationId, personId, role, Actor.Require(user)), ct)).ToHttp();

    [WolverineGet("/api/consultations/{consultationId}/roles", OperationId = "ListConsultationRoles")]
    [Authorize]
    [Tags("Administration")]
    [ProducesResponseType<IReadOnlyList<ConsultationRoleHolder>>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)]
    public static async Task<IResult> List(Guid consultationId, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var access = AccessRules.Check(Actor.Require(user), AccessAct.AppointModerators);
        if (access is not null) return Results.Problem(access.ToProblem());
        if (await session.LoadAsync<ConsultationDocument>(consultationId, ct) is null)
            return Results.Problem(Problems.NotFound("consultation", consultationId));
        return Results.Ok(await Holders(session, consultationId, ct));
    }

    /// <summary>The moderators and co-chairs of the consultation, by name.</summary>
    public static async Task<IReadOnlyList<ConsultationRoleHolder>> Holders(IQuerySession session, Guid consultationId, CancellationToken ct)
    {
        var appointments = (await session.Query<ConsultationAppointment>().Where(a => a.ConsultationId == consultationId).ToListAsync(ct))
            .Where(a => a.Roles.Count > 0).ToList();
        var people = appointments.Count == 0
            ? new Dictionary<Guid, Account>()
            : (await session.LoadManyAsync<Account>(ct, appointments.Select(a => a.PersonId).ToArray())).ToDictionary(a => a.Id);
        return appointments
            .Select(a => people.TryGetValue(a.PersonId, out var person)
                ? new ConsultationRoleHolder(a.PersonId, person.DisplayName, person.Email, a.Roles)
                : new ConsultationRoleHolder(a.PersonId, "", "", a.Roles))
            .OrderBy(h => h.Name, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}

/// <summary>
/// The migration of the roles held before they were per consultation: at start, a person who holds the platform-wide
/// Moderator or CoChair role becomes moderator or co-chair of every consultation that exists, and the platform-wide
/// role is revoked (PlatformRoleRevoked by nobody, Guid.Empty). Idempotent: once done, nobody holds the platform-wide
/// role, and a role held in a consultation already is not granted twice. Runs after the seeds and demo accounts
/// (registered after them: hosted services start in order).
/// </summary>
public sealed class ConsultationRoleMigration(IDocumentStore store, ILogger<ConsultationRoleMigration> logger) : IHostedLifecycleService
{
    public async Task StartedAsync(CancellationToken ct) => await Migrate(store, logger, ct);

    public static async Task<int> Migrate(IDocumentStore store, ILogger logger, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var holders = await session.Query<Account>()
            .Where(a => a.Roles.Contains(PlatformRole.Moderator) || a.Roles.Contains(PlatformRole.CoChair))
            .ToListAsync(ct);
        if (holders.Count == 0) return 0;
        var consultations = (await session.Query<ConsultationDocument>().Select(c => c.Id).ToListAsync(ct)).ToList();
        var granted = 0;
        foreach (var account in holders)
        {
            var secretariat = account.Roles.Where(r => r is PlatformRole.Moderator or PlatformRole.CoChair).ToList();
            foreach (var consultationId in consultations)
            {
                var id = ConsultationRoles.IdFor(consultationId, account.Id);
                var appointment = await session.LoadAsync<ConsultationAppointment>(id, ct);
                foreach (var role in secretariat)
                    if (ConsultationRoleDecisions.Grant(consultationId, account.Id, role, Guid.Empty, appointment) is { } grant)
                    {
                        session.Events.Append(id, grant);
                        granted++;
                    }
            }

            account.Roles = account.Roles.Except(secretariat).DefaultIfEmpty(PlatformRole.Participant).Distinct().Order().ToList();
            session.Update(account);
            foreach (var role in secretariat) session.Events.Append(account.Id, new PlatformRoleRevoked(account.Id, role, Guid.Empty));
        }

        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (ex is JasperFx.ConcurrencyException || ex is AggregateException { InnerException: JasperFx.ConcurrencyException })
        {
            // Another node, starting at the same moment, migrated the same accounts (their version moved): that one stands.
            logger.LogInformation("Roles per consultation: another node migrated the platform-wide moderators and co-chairs");
            return 0;
        }

        logger.LogInformation("Roles per consultation: {People} platform-wide moderators and co-chairs became moderators and co-chairs of {Consultations} consultations ({Granted} grants)",
            holders.Count, consultations.Count, granted);
        return holders.Count;
    }

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
