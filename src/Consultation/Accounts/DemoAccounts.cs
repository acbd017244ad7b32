using ConsultationPlatform.Consultations;
using ConsultationPlatform.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ConsultationPlatform.Accounts;

public sealed class DemoAccountOptions
{
    public const string Section = "DemoAccounts";

    /// <summary>The password of every demo account (Development only).</summary>
    public string Password { get; set; } = "Demo-Consultation-2013";
}

public enum DemoAccreditation
{
    None,
    Requested,
    Granted,
}

public sealed record DemoOrganisation(string Key, string Name, StakeholderGroup Type, string CountryOrRegion, DemoAccreditation RoundTable3)
{
    public Guid Id => DeterministicGuid.Create(DemoAccounts.Namespace, "organisation", Key);
}

public sealed record DemoPerson(string Email, string Name, PlatformRole[] Roles, string[] Organisations, string Purpose)
{
    public Guid Id => DeterministicGuid.Create(DemoAccounts.Namespace, "person", Email);
}

/// <summary>
/// Development only (registered only in the Development environment): one account for each role and organisation
/// type needed to try every flow on Round table 3, all named as demo data, with one known password, printed in the
/// log at start. Idempotent: what exists already is left alone.
/// </summary>
public sealed class DemoAccounts(
    IServiceScopeFactory scopes,
    IDocumentStore store,
    IOptions<DemoAccountOptions> options,
    TimeProvider time,
    ILogger<DemoAccounts> logger) : IHostedLifecycleService
{
    public static readonly Guid Namespace = new("5d0c9e1a-2b7f-4c3e-8a61-0f4b2d9c7e35");
    public const string EmailDomain = "demo.example";
    public static readonly Guid RoundTable3 = SeedPlanner.ConsultationIdFor("hld-2013-round-table-3");

    public static readonly IReadOnlyList<DemoOrganisation> Organisations =
    [
        new("nigeria", "Nigeria (demo delegation)", StakeholderGroup.MemberState, "Nigeria", DemoAccreditation.Granted),
        new("switzerland", "Switzerland (demo delegation)", StakeholderGroup.MemberState, "Switzerland", DemoAccreditation.Granted),
        new("mexico", "Mexico (demo delegation)", StakeholderGroup.MemberState, "Mexico", DemoAccreditation.Granted),
        new("philippines", "Philippines (demo delegation)", StakeholderGroup.MemberState, "Philippines", DemoAccreditation.Granted),
        new("ghana", "Ghana (demo delegation)", StakeholderGroup.MemberState, "Ghana", DemoAccreditation.Granted),
        new("holy-see", "Holy See (demo observer delegation)", StakeholderGroup.ObserverState, "Holy See", DemoAccreditation.Granted),
        new("iom", "International Organization for Migration (demo)", StakeholderGroup.IntergovernmentalOrganisation, "Global", DemoAccreditation.Granted),
        new("civil-society", "Demo Migrant Rights Network", StakeholderGroup.CivilSociety, "Asia and the Pacific", DemoAccreditation.Granted),
        new("diaspora", "Demo African Diaspora Forum", StakeholderGroup.MigrantOrDiasporaOrganisation, "Europe", DemoAccreditation.Granted),
        new("private-sector", "Demo Fair Recruitment Business Council", StakeholderGroup.PrivateSector, "Global", DemoAccreditation.Granted),
        new("academia", "Demo Institute for Migration Studies", StakeholderGroup.Academia, "Latin America and the Caribbean", DemoAccreditation.None),
        new("trade-union", "Demo Migrant Workers' Union", StakeholderGroup.TradeUnion, "Global", DemoAccreditation.Requested),
        new("local-authority", "Demo City of Lakeside", StakeholderGroup.LocalAuthority, "Europe", DemoAccreditation.Granted),
    ];

    public static readonly IReadOnlyList<DemoPerson> People =
    [
        Person("admin", "Demo Admin", [PlatformRole.Admin], [], "creates consultations, appoints moderators"),
        Person("moderator", "Demo Moderator (Round table 3)", [PlatformRole.Moderator], [], "accredits, moderates, changes phases, invites"),
        Person("cochair.nigeria", "Demo Co-chair for Nigeria", [PlatformRole.CoChair, PlatformRole.Participant], ["nigeria"], "co-chair; endorses as Nigeria"),
        Person("cochair.switzerland", "Demo Co-chair for Switzerland", [PlatformRole.CoChair, PlatformRole.Participant], ["switzerland"], "co-chair; endorses as Switzerland"),
        Person("nigeria", "Demo Delegate of Nigeria", [PlatformRole.Participant], ["nigeria"], "member state: endorses, proposes"),
        Person("switzerland", "Demo Delegate of Switzerland", [PlatformRole.Participant], ["switzerland"], "member state"),
        Person("mexico", "Demo Delegate of Mexico", [PlatformRole.Participant], ["mexico"], "member state"),
        Person("philippines", "Demo Delegate of the Philippines", [PlatformRole.Participant], ["philippines"], "member state"),
        Person("ghana", "Demo Delegate of Ghana", [PlatformRole.Participant], ["ghana"], "member state"),
        Person("holy-see", "Demo Delegate of the Holy See", [PlatformRole.Participant], ["holy-see"], "observer state: endorses"),
        Person("iom", "Demo Delegate of IOM", [PlatformRole.Participant], ["iom"], "intergovernmental organisation: endorses"),
        Person("civil-society", "Demo Delegate of civil society", [PlatformRole.Participant], ["civil-society", "diaspora"],
            "civil society (submits inputs, cannot endorse); also belongs to the diaspora forum: try choosing whom to act for"),
        Person("diaspora", "Demo Delegate of the diaspora forum", [PlatformRole.Participant], ["diaspora"], "migrant or diaspora organisation"),
        Person("private-sector", "Demo Delegate of the business council", [PlatformRole.Participant], ["private-sector"], "private sector"),
        Person("academia", "Demo Delegate of the migration institute", [PlatformRole.Participant], ["academia"], "academia, not accredited: try asking"),
        Person("trade-union", "Demo Delegate of the workers' union", [PlatformRole.Participant], ["trade-union"], "trade union, accreditation pending"),
        Person("local-authority", "Demo Delegate of the City of Lakeside", [PlatformRole.Participant], ["local-authority"], "local authority"),
    ];

    private static DemoPerson Person(string local, string name, PlatformRole[] roles, string[] organisations, string purpose) =>
        new($"{local}@{EmailDomain}", name, roles, organisations, purpose);

    public static DemoPerson ByEmail(string local) => People.Single(p => p.Email == $"{local}@{EmailDomain}");

    public async Task StartedAsync(CancellationToken ct)
    {
        await Seed(ct);
        var password = options.Value.Password;
        logger.LogWarning(
            "Development demo accounts (demo data, Development only), all with the password '{Password}'. Sign in as:\n{Accounts}",
            password,
            string.Join('\n', People.Select(p => $"  {p.Email,-40} {p.Name} — {p.Purpose}")));
    }

    public async Task Seed(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var moderator = ByEmail("moderator").Id;
        await using var session = store.LightweightSession();

        foreach (var organisation in Organisations)
            if (await session.Events.FetchStreamStateAsync(organisation.Id, ct) is null)
                session.Events.StartStream<Organisation>(organisation.Id,
                    new OrganisationRegistered(organisation.Id, organisation.Name, organisation.Type, organisation.CountryOrRegion, moderator));
        await session.SaveChangesAsync(ct);

        await using (var scope = scopes.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
            foreach (var person in People)
            {
                if (await users.FindByIdAsync(person.Id.ToString()) is not null) continue;
                // The demo moderator and co-chairs hold their roles in Round table 3 (roles per consultation: ConsultationRoles.cs).
                var secretariat = person.Roles.Where(r => r is PlatformRole.Moderator or PlatformRole.CoChair).ToList();
                var account = Account.New(person.Id, person.Email, person.Name,
                    person.Roles.Except(secretariat).DefaultIfEmpty(PlatformRole.Participant).ToArray(), now);
                account.IsDemo = true;
                account.ActingOrganisationId = person.Organisations
                    .Select(key => (Guid?)Organisations.Single(o => o.Key == key).Id)
                    .FirstOrDefault();
                var created = await users.CreateAsync(account, options.Value.Password);
                if (!created.Succeeded)
                {
                    logger.LogError("Demo account {Email} was not created: {Errors}", person.Email, string.Join(" ", created.Errors.Select(e => e.Description)));
                    continue;
                }

                foreach (var role in person.Roles.Where(r => r != PlatformRole.Participant).Except(secretariat))
                    session.Events.Append(person.Id, new PlatformRoleGranted(person.Id, role, Guid.Empty));
                foreach (var role in secretariat)
                    session.Events.Append(ConsultationRoles.IdFor(RoundTable3, person.Id), new ConsultationRoleGranted(person.Id, RoundTable3, role, Guid.Empty));
            }
        }

        foreach (var organisation in Organisations)
        {
            var stored = await session.LoadAsync<Organisation>(organisation.Id, ct);
            foreach (var person in People.Where(p => p.Organisations.Contains(organisation.Key)))
                if (stored is not null && !stored.HasMember(person.Id))
                    session.Events.Append(organisation.Id, new PersonJoinedOrganisation(organisation.Id, person.Id, person.Name));
        }

        if (await session.LoadAsync<Consultation>(RoundTable3, ct) is not null)
        {
            foreach (var organisation in Organisations.Where(o => o.RoundTable3 != DemoAccreditation.None))
            {
                var id = Accreditations.IdFor(RoundTable3, organisation.Id);
                if (await session.Events.FetchStreamStateAsync(id, ct) is not null) continue;
                var delegateId = People.First(p => p.Organisations.Contains(organisation.Key)).Id;
                var events = new List<object>
                {
                    new AccreditationRequested(id, RoundTable3, organisation.Id, organisation.Name, organisation.Type,
                        "Demo data: asking to take part in Round table 3.", delegateId),
                };
                if (organisation.RoundTable3 == DemoAccreditation.Granted)
                    events.Add(new AccreditationGranted(id, RoundTable3, organisation.Id, moderator));
                session.Events.StartStream<Accreditation>(id, events.ToArray());
            }
        }

        await session.SaveChangesAsync(ct);
    }

    public Task StartingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
