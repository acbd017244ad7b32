using ConsultationPlatform.Accounts;
using ConsultationPlatform.Infrastructure.Email;
using Microsoft.Extensions.Options;

namespace ConsultationPlatform.Stakeholders;

public sealed record RegisterOrganisation(string? Name, StakeholderGroup? Type, string? CountryOrRegion);

/// <summary>What anyone may know of an organisation.</summary>
public sealed record OrganisationView(Guid Id, string Name, StakeholderGroup Type, string CountryOrRegion)
{
    public static OrganisationView Of(Organisation o) => new(o.Id, o.Name, o.Type, o.CountryOrRegion);
}

/// <summary>A delegate of an organisation; the email address only for the secretariat.</summary>
public sealed record MemberView(Guid PersonId, string Name, string? Email);

public sealed record InvitePerson(string? Email, string? Name);

/// <summary>What the inviter learns: never the token, which only the invitee's mail carries.</summary>
public sealed record InvitationReceipt(Guid InvitationId, Guid? OrganisationId, PlatformRole Role, DateTimeOffset ExpiresAt);

public static class OrganisationDecisions
{
    public const int MaxNameLength = 200;
    public const int MaxCountryOrRegionLength = 100;

    public static Refused? CheckRegistration(Actor actor, RegisterOrganisation command, bool nameTaken)
    {
        var access = AccessRules.Check(actor.InAnyConsultation(), AccessAct.RegisterOrganisation); // organisations are the platform's: a moderator of any consultation
        if (access is not null) return access;

        var errors = new List<(string, string)>();
        if (Consultations.FreeText.IsBlank(command.Name)) errors.Add(("name", "Give the organisation's name."));
        else if (command.Name.Trim().Length > MaxNameLength) errors.Add(("name", $"A name is at most {MaxNameLength} characters."));
        if (command.Type is null)
            errors.Add(("type", $"Give the organisation's type: one of {string.Join(", ", Enum.GetNames<StakeholderGroup>().Select(JsonName))}."));
        if (Consultations.FreeText.IsBlank(command.CountryOrRegion)) errors.Add(("countryOrRegion", "Give the country or region the organisation is from."));
        else if (command.CountryOrRegion.Trim().Length > MaxCountryOrRegionLength)
            errors.Add(("countryOrRegion", $"A country or region is at most {MaxCountryOrRegionLength} characters."));
        if (errors.Count > 0) return new Refused.Invalid(errors.ToArray());

        return nameTaken
            ? new Refused.Conflict("Already registered", $"An organisation named '{command.Name!.Trim()}' is already registered.", "organisation-exists")
            : null;
    }

    public static OrganisationRegistered Register(Actor actor, RegisterOrganisation command, Guid id) =>
        new(id, command.Name!.Trim(), command.Type!.Value, command.CountryOrRegion!.Trim(), actor.PersonId);

    private static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>The act: a moderator or co-chair registers an organisation (name, stakeholder group, country or region).
/// Answers where the new organisation is. Sent by the API endpoint below and by the moderators' organisations page
/// (<c>Web/Pages/Moderation/Organisations.cshtml.cs</c>): one way in.</summary>
public sealed record Register(RegisterOrganisation Form, Actor Actor) : IAct<CreationResponse<Guid>>;

/// <summary>The one handler of <see cref="Register"/>: the organisation's stream is new, started in the session.</summary>
public static class RegisterHandler
{
    /// <summary>An organisation registered under the same name already, if any (names compare without case).</summary>
    public static async Task<Organisation?> LoadAsync(Register act, IQuerySession session, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(act.Form.Name)) return null;
        var name = act.Form.Name.Trim();
        return await session.Query<Organisation>().FirstOrDefaultAsync(o => o.Name.Equals(name, StringComparison.OrdinalIgnoreCase), ct);
    }

    public static Outcome<CreationResponse<Guid>> Handle(Register act, Organisation? sameName, IDocumentSession session)
    {
        if (OrganisationDecisions.CheckRegistration(act.Actor, act.Form, nameTaken: sameName is not null) is { } refused) return refused;
        var id = Guid.CreateVersion7();
        session.Events.StartStream<Organisation>(id, OrganisationDecisions.Register(act.Actor, act.Form, id));
        return new CreationResponse<Guid>($"/api/organisations/{id}", id);
    }
}

/// <summary>The HTTP way in to <see cref="Register"/>.</summary>
public static class RegisterOrganisationEndpoint
{
    [WolverinePost("/api/organisations", OperationId = "RegisterOrganisation")]
    [Authorize]
    [Tags("Organisations")]
    [ProducesResponseType<CreationResponse<Guid>>(StatusCodes.Status201Created)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(RegisterOrganisation command, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new Register(command, Actor.Require(user)), ct)).ToHttp(created => Results.Created(created.Url, created));
}

public static class OrganisationQueryEndpoints
{
    [WolverineGet("/api/organisations", OperationId = "ListOrganisations")]
    [Tags("Organisations")]
    public static async Task<IReadOnlyList<OrganisationView>> List(IQuerySession session, CancellationToken ct) =>
        (await session.Query<Organisation>().ToListAsync(ct))
        .OrderBy(o => o.Type).ThenBy(o => o.Name, StringComparer.OrdinalIgnoreCase)
        .Select(OrganisationView.Of)
        .ToList();

    [WolverineGet("/api/organisations/{organisationId}", OperationId = "GetOrganisation")]
    [Tags("Organisations")]
    [ProducesResponseType<OrganisationView>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static OrganisationView Get([ReadAggregate("organisationId", OnMissing = OnMissing.ProblemDetailsWith404)] Organisation organisation) =>
        OrganisationView.Of(organisation);

    /// <summary>The delegates of an organisation: for the secretariat (with addresses) and the organisation's own people.</summary>
    [WolverineGet("/api/organisations/{organisationId}/members", OperationId = "ListOrganisationMembers")]
    [Authorize]
    [Tags("Organisations")]
    [ProducesResponseType<IReadOnlyList<MemberView>>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound)]
    public static async Task<IResult> Members(
        [ReadAggregate("organisationId", OnMissing = OnMissing.ProblemDetailsWith404)] Organisation organisation,
        ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var actor = Actor.Require(user);
        var secretariat = actor.InAnyConsultation().Allows(AccessAct.SeePrivateItems);
        if (!secretariat && !organisation.HasMember(actor.PersonId))
            return Results.Problem(Problems.Forbidden("Only the organisation's own people and the secretariat see its members."));

        var emails = secretariat
            ? (await session.LoadManyAsync<Account>(ct, organisation.MemberIds)).ToDictionary(a => a.Id, a => a.Email)
            : [];
        return Results.Ok(organisation.Members
            .Select(m => new MemberView(m.PersonId, m.Name, emails.GetValueOrDefault(m.PersonId)))
            .ToList());
    }
}

/// <summary>The act: a moderator or co-chair invites a person by email to be a delegate of an organisation. The
/// invitation is stored and its mail sent through the outbox in the same transaction. Sent by the API endpoint below
/// and by the moderators' organisations page: one way in.</summary>
public sealed record Invite(Guid OrganisationId, InvitePerson Form, Actor Actor) : IAct<InvitationReceipt>;

/// <summary>The one handler of <see cref="Invite"/>.</summary>
public static class InviteHandler
{
    /// <summary>The organisation, and the account of the address invited if there is one.</summary>
    public static async Task<(Organisation?, Account?)> LoadAsync(Invite act, IQuerySession session, CancellationToken ct) =>
        (await session.LoadAsync<Organisation>(act.OrganisationId, ct),
            string.IsNullOrWhiteSpace(act.Form.Email)
                ? null
                : await session.Query<Account>().FirstOrDefaultAsync(a => a.NormalizedEmail == Account.Normalize(act.Form.Email.Trim()), ct));

    /// <summary>The invitation itself, once the inviter's role was checked and the organisation found (see Handle).</summary>
    public static Refused? Check(InvitePerson command, Organisation organisation, Account? existing)
    {
        var invitee = Invitations.CheckInvitee(command.Email, command.Name);
        if (invitee is not null) return invitee;
        return existing is not null && organisation.HasMember(existing.Id)
            ? new Refused.Conflict("Already a member", $"That person is already a delegate of {organisation.Name}.", "already-member")
            : null;
    }

    public static (Outcome<InvitationReceipt>, OutgoingMessages) Handle(Invite act, Organisation? organisation, Account? existing,
        IDocumentSession session, IOptions<AccountSettings> settings, TimeProvider time)
    {
        if (AccessRules.Check(act.Actor.InAnyConsultation(), AccessAct.InvitePeople) is var access && access is not null) return (access!, []);
        if (organisation is null) return (new Refused.NotFound("organisation", act.OrganisationId), []);
        if (Check(act.Form, organisation, existing) is { } refused) return (refused, []);
        var (invitation, token) = Invitations.New(act.Form.Email!, act.Form.Name!, organisation, PlatformRole.Participant,
            act.Actor.PersonId, time.GetUtcNow(), settings.Value.InvitationLifetime);
        session.Insert(invitation);
        return (new InvitationReceipt(invitation.Id, organisation.Id, invitation.Role, invitation.ExpiresAt),
            [new SendEmail(Invitations.Mail(invitation, token, settings.Value.PublicUrl))]);
    }
}

/// <summary>The HTTP way in to <see cref="Invite"/>.</summary>
public static class InviteToOrganisationEndpoint
{
    [WolverinePost("/api/organisations/{organisationId}/invitations", OperationId = "InviteToOrganisation")]
    [Authorize]
    [Tags("Organisations")]
    [ProducesResponseType<InvitationReceipt>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict)]
    public static async Task<IResult> Post(InvitePerson command, Guid organisationId, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        (await bus.DoAsync(new Invite(organisationId, command, Actor.Require(user)), ct)).ToHttp();
}
