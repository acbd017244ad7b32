using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static ConsultationPlatform.Tests.Stakeholders.Persona;

namespace ConsultationPlatform.Tests.Stakeholders;

/// <summary>The kinds of person the matrix tries every endpoint as.</summary>
public enum Persona
{
    Anonymous,
    MemberState,
    ObserverState,
    Igo,
    CivilSociety,
    MigrantOrganisation,
    PrivateSector,
    Academia,
    TradeUnion,
    LocalAuthority,
    NotAccreditedState,
    Moderator,
    CoChair,
    Admin,

    /// <summary>A moderator of ANOTHER consultation (roles are per consultation): nobody special in the world's consultation.</summary>
    OtherModerator,
}

/// <summary>
/// Every endpoint of the app (read from its endpoint data source) against every kind of person, checked against ONE
/// table: allowed means the request gets past authorization (any answer but 401 and 403: it may still be refused for
/// its content, its phase or its state), denied means 401 for the anonymous and 403 for the signed-in. An endpoint
/// missing from the table fails the test, so a new endpoint cannot ship without saying who may call it.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.World world) : IClassFixture<AuthorizationMatrixTests.World>
{
    private static readonly Persona[] Everyone = Enum.GetValues<Persona>();
    private static readonly Persona[] SignedIn = Everyone.Except([Anonymous]).ToArray();
    private static readonly Persona[] AccreditedDelegates =
        [MemberState, ObserverState, Igo, CivilSociety, MigrantOrganisation, PrivateSector, Academia, TradeUnion, LocalAuthority];
    private static readonly Persona[] Delegates = [.. AccreditedDelegates, NotAccreditedState];
    private static readonly Persona[] Endorsers = [MemberState, ObserverState, Igo];
    private static readonly Persona[] Secretariat = [Moderator, CoChair];

    /// <summary>The secretariat's acts that concern no consultation in particular (organisations, their delegates, the
    /// list of one's consultations): a moderator of any consultation.</summary>
    private static readonly Persona[] SecretariatAnywhere = [Moderator, CoChair, OtherModerator];
    private static readonly Persona[] Admins = [Admin];

    /// <summary>Who may call what. "open": no prior sign-in (the endpoint checks credentials of its own).</summary>
    private static readonly Dictionary<string, (Persona[] Allowed, Func<World, object?>? Body)> Table = new()
    {
        // Reading, for everyone: the negotiation happens in the open.
        ["GET /api/consultations"] = (Everyone, null),
        ["GET /api/consultations/{id}"] = (Everyone, null),
        ["GET /api/consultations/{id}/phases"] = (Everyone, null),
        ["GET /api/consultations/{id}/rules"] = (Everyone, null),
        ["GET /api/consultations/{id}/submissions"] = (Everyone, null),
        ["GET /api/consultations/{id}/consensus"] = (Everyone, null),
        ["GET /api/consultations/{id}/audit"] = (Everyone, null),
        ["GET /api/consultations/{consultationId}/accreditations"] = (Everyone, null),
        ["GET /api/consultations/{consultationId}/accreditations/{organisationId}"] = (Everyone, null),
        ["GET /api/action-points/{actionPointId}"] = (Everyone, null),
        ["GET /api/action-points/{actionPointId}/diff"] = (Everyone, null),
        ["GET /api/amendments/{amendmentId}"] = (Everyone, null),
        ["GET /api/submissions/{submissionId}"] = (Everyone, null),
        ["GET /api/organisations"] = (Everyone, null),
        ["GET /api/organisations/{organisationId}"] = (Everyone, null),
        ["GET /openapi/{documentName}.json"] = (Everyone, null),
        ["GET /health/live"] = (Everyone, null),
        ["GET /health/ready"] = (Everyone, null),
        ["GET /api/reference/{documentName?}"] = (Everyone, null), // the interactive API reference (Hosting/Operations.cs)
        ["GET /hubs/consultation"] = (Everyone, null),
        ["GET /hubs/consultation/negotiate"] = (Everyone, null),

        // The web front's pages (their forms act through the same endpoint code, so the same rules).
        ["GET /"] = (Everyone, null),
        ["GET /consultations/{id}"] = (Everyone, null),
        ["GET /consultations/{id:guid}/history"] = (Everyone, null),
        ["GET /consultations/{id:guid}/inputs"] = (Everyone, null),
        ["GET /action-points/{id:guid}"] = (Everyone, null),
        ["GET /account/sign-in"] = (Everyone, null),
        ["GET /account/sign-out"] = (Everyone, null),
        ["GET /account"] = (SignedIn, null),
        ["GET /moderation"] = (SecretariatAnywhere, null),
        ["GET /moderation/{consultationId:guid}"] = (Secretariat, null),
        ["GET /account/items"] = (SignedIn, null),
        ["GET /account/invitation"] = (Everyone, null),
        // Password reset (anyone: the same answer whether or not the address has an account) and two-factor sign-in.
        ["GET /account/forgot-password"] = (Everyone, null),
        ["GET /account/reset-password"] = (Everyone, null),
        ["GET /account/sign-in/two-factor"] = (Everyone, null),
        ["GET /account/two-factor"] = (SignedIn, null),
        // Notices: one's own preferences and inbox; the one-click unsubscribe page works without a session (its link is signed).
        ["GET /account/notices"] = (SignedIn, null),
        ["GET /account/notices/unsubscribe"] = (Everyone, null),
        ["GET /api/account/notices"] = (SignedIn, null),
        ["PUT /api/account/notices"] = (SignedIn, _ => new { kinds = new[] { "decision" }, inApp = true, email = "off" }),
        ["GET /api/account/notices/inbox"] = (SignedIn, null),
        ["POST /api/account/notices/read"] = (SignedIn, null),
        ["POST /api/account/forgot-password"] = (Everyone, _ => new { email = "nobody@example.org" }),
        ["POST /api/account/reset-password"] = (Everyone, _ => new { email = "nobody@example.org", token = "not-a-token", password = "Long-enough-pass-42" }),
        ["GET /api/account/two-factor"] = (SignedIn, null),
        ["POST /api/account/two-factor/enable"] = (SignedIn, _ => new { code = "123456" }),
        ["POST /api/account/two-factor/disable"] = (SignedIn, null),
        ["POST /api/account/two-factor/recovery-codes"] = (SignedIn, null),
        // Only the proposing organisation restates its amendment.
        ["GET /amendments/{amendmentId:guid}/rebase"] = ([CivilSociety], null),

        // Signing in: open by nature (the endpoint checks the credentials it is given).
        ["POST /api/account/login"] = (Everyone, _ => new { email = "nobody@example.org", password = "wrong-password-1" }),
        ["POST /api/account/refresh"] = (Everyone, _ => new { refreshToken = "not-a-token" }),
        ["POST /api/account/invitations/accept"] = (Everyone, _ => new { token = "not-a-token", password = "Long-enough-pass-42" }),

        // One's own account and items.
        ["GET /api/account/me"] = (SignedIn, null),
        ["POST /api/account/logout"] = (SignedIn, null),
        ["POST /api/account/acting-organisation"] = (SignedIn, w => new { organisationId = w.Organisation }),
        ["GET /api/me/items"] = (SignedIn, null),

        // Acts of delegates of accredited organisations.
        ["POST /api/consultations/{id}/submissions"] = (AccreditedDelegates, _ => new { body = "An input.", language = "en" }),
        ["POST /api/submissions/{submissionId}/flags"] = (AccreditedDelegates, _ => new { reason = "Off topic." }),
        ["POST /api/action-points/{actionPointId}/amendments"] = (AccreditedDelegates,
            w => new { baseVersion = 1, text = w.PointText + " Amended.", rationale = "Clearer." }),
        // The proposer's own organisation does not co-sponsor its amendment; only it withdraws or rebases it.
        ["POST /api/amendments/{amendmentId}/cosponsors"] = (AccreditedDelegates.Except([CivilSociety]).ToArray(), null),
        ["POST /api/amendments/{amendmentId}/withdraw"] = ([CivilSociety], null),
        ["POST /api/amendments/{amendmentId}/rebase"] = ([CivilSociety], w => new { baseVersion = 1, text = w.PointText + " Rebased." }),
        // Amendments that add a point, delete one, or merge two (the merge names the point itself: a 400 past authorization).
        ["POST /api/consultations/{id}/amendments/add-point"] = (AccreditedDelegates, _ => new { text = "A new point.", rationale = "Missing." }),
        ["POST /api/action-points/{actionPointId}/amendments/delete"] = (AccreditedDelegates, _ => new { baseVersion = 1, rationale = "Redundant." }),
        ["POST /api/action-points/{actionPointId}/amendments/merge"] = (AccreditedDelegates,
            w => new { baseVersion = 1, mergeWith = w.Point, mergeWithBaseVersion = 1, text = "Merged.", rationale = "One point." }),
        ["POST /api/action-points/{actionPointId}/endorsements"] = (Endorsers, _ => new { version = 1 }),
        // Only the endorsing stakeholder withdraws its endorsement (the route names the member state persona's).
        ["DELETE /api/action-points/{actionPointId}/endorsements/{stakeholderId}"] = ([MemberState], null),
        ["POST /api/consultations/{consultationId}/accreditations"] = (Delegates, _ => new { statement = "We work on migration." }),

        // The secretariat.
        ["POST /api/consultations/{id}/phase"] = (Secretariat, _ => new { phase = "endorsement" }),
        ["PUT /api/consultations/{id}/rules"] = (Secretariat, _ => new { inputsPreModerated = true, allowsEarlyEndorsement = true }),
        // Deadlines (Consultations/Deadlines/): a phase's scheduled end, public to read.
        ["GET /api/consultations/{id}/phase-end"] = (Everyone, null),
        ["PUT /api/consultations/{id}/phase-end"] = (Secretariat, _ => new { endsAt = DateTimeOffset.UtcNow.AddDays(1) }),
        ["DELETE /api/consultations/{id}/phase-end"] = (Secretariat, null),
        ["GET /moderation/{consultationId:guid}/phase-end"] = (Secretariat, null),
        // The secretariat's pages (issue 16): organisations and delegates, accreditations, moderation rules; and the
        // delegate's accreditation page (anyone signed in sees it; acting for no organisation, it says what to do first).
        ["GET /moderation/{consultationId:guid}/organisations"] = (Secretariat, null),
        ["GET /moderation/{consultationId:guid}/accreditations"] = (Secretariat, null),
        ["GET /moderation/{consultationId:guid}/rules"] = (Secretariat, null),
        ["GET /consultations/{id:guid}/accreditation"] = (SignedIn, null),
        ["GET /api/consultations/{id}/moderation-queue"] = (Secretariat, null),
        ["POST /api/submissions/{submissionId}/publish"] = (Secretariat, null),
        ["POST /api/submissions/{submissionId}/reject"] = (Secretariat, _ => new { reason = "Off topic." }),
        ["POST /api/submissions/{submissionId}/hide"] = (Secretariat, _ => new { reason = "Abusive." }),
        ["POST /api/amendments/{amendmentId}/accept"] = (Secretariat, null),
        ["POST /api/amendments/{amendmentId}/reject"] = (Secretariat, _ => new { reason = "Out of scope." }),
        ["POST /api/consultations/{consultationId}/accreditations/{organisationId}/grant"] = (Secretariat, null),
        ["POST /api/consultations/{consultationId}/accreditations/{organisationId}/refuse"] = (Secretariat, _ => new { reason = "Not a stakeholder." }),
        ["POST /api/consultations/{consultationId}/accreditations/{organisationId}/withdraw"] = (Secretariat, _ => new { reason = "Left." }),
        ["POST /api/organisations"] = (SecretariatAnywhere, _ => new { name = "Org " + Guid.NewGuid().ToString("N")[..8], type = "civilSociety", countryOrRegion = "Kenya" }),
        ["GET /api/organisations/{organisationId}/members"] = (SecretariatAnywhere, null),
        ["POST /api/organisations/{organisationId}/invitations"] = (SecretariatAnywhere, _ => new { email = $"x{Guid.NewGuid():N}@example.org", name = "X" }),

        // The outcome: provenance and the co-chairs' summary (read by everyone; edited and published by the secretariat).
        ["GET /api/action-points/{actionPointId}/provenance"] = (Everyone, null),
        ["GET /api/consultations/{id}/summary"] = (Everyone, null),
        ["GET /api/consultations/{id}/summary/markdown"] = (Everyone, null),
        ["GET /api/consultations/{id}/summary/versions/{number}"] = (Everyone, null),
        ["GET /consultations/{id:guid}/summary"] = (Everyone, null),
        ["PUT /api/consultations/{id}/summary/draft"] = (Secretariat, _ => new { markdown = "A summary.", version = 0 }),
        ["POST /api/consultations/{id}/summary/draft/discard"] = (Secretariat, _ => new { version = 0 }),
        ["POST /api/consultations/{id}/summary/publish"] = (Secretariat, _ => new { version = 0 }),
        // Tabling a consultation's text while preparing it (the matrix's consultation is past preparation: 409 for the allowed).
        ["POST /api/consultations/{id}/text"] = (Secretariat, _ => new { part = "preamble", text = "A preamble.", version = 1 }),
        ["POST /api/consultations/{id}/challenges"] = (Secretariat, _ => new { text = "A challenge.", version = 1 }),
        ["POST /api/consultations/{id}/action-points"] = (Secretariat, _ => new { text = "A point.", version = 1 }),

        // The platform's administrators.
        ["POST /api/consultations"] = (Admins, _ => new
        {
            slug = "matrix-" + Guid.NewGuid().ToString("N")[..8], title = "A round table",
            dialogue = new { name = "A dialogue", place = "Geneva", startDate = "2026-01-01", endDate = "2026-01-02" },
        }),
        ["GET /api/admin/moderators"] = (Admins, null),

        // Open data (Outcome/OpenData): the datasets, the public log and the archive for everyone; importing an archive, admins.
        ["GET /api/consultations/{id}/open-data/{dataset}"] = (Everyone, null),
        ["GET /api/consultations/{id}/open-data/log"] = (Everyone, null),
        ["GET /api/consultations/{id}/open-data/archive"] = (Everyone, null),
        ["POST /api/open-data/import"] = (Admins, _ => new { }),
        ["POST /api/admin/moderators"] = (Admins, _ => new { email = $"m{Guid.NewGuid():N}@example.org", name = "M", role = "moderator" }),
        ["DELETE /api/admin/moderators/{personId}/{role}"] = (Admins, null),
        // Roles per consultation (Accounts/ConsultationRoles.cs): administrators appoint and revoke a consultation's moderators and co-chairs.
        ["GET /api/consultations/{consultationId}/roles"] = (Admins, null),
        ["POST /api/consultations/{consultationId}/roles"] = (Admins, _ => new { email = $"r{Guid.NewGuid():N}@example.org", name = "R", role = "coChair" }),
        ["DELETE /api/consultations/{consultationId}/roles/{personId}/{role}"] = (Admins, null),
        ["GET /admin/consultations"] = (Admins, null),
        ["GET /admin/consultations/{consultationId:guid}/roles"] = (Admins, null),
        // Privacy: erasure of a person on request (an unknown person here: 404 for an admin, 403 for anyone else).
        ["POST /api/people/{personId}/erasure"] = (Admins, _ => new { reason = "The person asked for it." }),

        // Live sessions: everyone follows the room; the secretariat runs it; accredited delegates take the floor.
        ["GET /api/consultations/{consultationId}/sessions"] = (Everyone, null),
        ["GET /api/sessions/{sessionId}"] = (Everyone, null),
        ["GET /sessions/{sessionId:guid}"] = (Everyone, null),
        ["POST /api/consultations/{consultationId}/sessions"] = (Secretariat, _ => new
        {
            title = "A session", starts = "2026-01-01T09:00:00Z", ends = "2026-01-01T12:00:00Z", timeZone = "UTC",
            agenda = new[] { new { kind = "challenge", number = 1 } },
        }),
        ["POST /api/sessions/{sessionId}/open"] = (Secretariat, null),
        ["POST /api/sessions/{sessionId}/items/{itemId}/take-up"] = (Secretariat, null),
        ["POST /api/sessions/{sessionId}/items/{itemId}/speakers-list"] = (Secretariat, _ => new { open = true }),
        ["POST /api/sessions/{sessionId}/items/{itemId}/order"] = (Secretariat, w => new { order = new[] { w.SessionInscription }, reason = "Courtesy." }),
        ["POST /api/sessions/{sessionId}/selections"] = (Secretariat, w => new { inscriptionId = w.SessionInscription }),
        ["POST /api/sessions/{sessionId}/floor"] = (Secretariat, _ => new { }),
        ["POST /api/sessions/{sessionId}/suspend"] = (Secretariat, _ => new { reason = "A break." }),
        ["POST /api/sessions/{sessionId}/resume"] = (Secretariat, null),
        ["POST /api/sessions/{sessionId}/close"] = (Secretariat, null),
        ["POST /api/sessions/{sessionId}/pin"] = (Secretariat, w => new { statementId = w.SessionStatement }),
        ["POST /api/sessions/{sessionId}/summary"] = (Secretariat, _ => new { text = "The summary." }),
        ["POST /api/statements/{statementId}/hide"] = (Secretariat, _ => new { reason = "Abusive." }),
        ["POST /api/sessions/{sessionId}/items/{itemId}/inscriptions"] = (AccreditedDelegates, _ => new { }),
        ["POST /api/sessions/{sessionId}/items/{itemId}/replies"] = (AccreditedDelegates, null),
        ["POST /api/sessions/{sessionId}/statements"] = (AccreditedDelegates, w => new { itemId = w.SessionItem, text = "A statement.", language = "en" }),
        // Only the inscribed organisation (the member state persona's) withdraws its inscription.
        ["POST /api/inscriptions/{inscriptionId}/withdraw"] = ([MemberState], null),
        // Live sessions, continued: scheduling from a page, approving a statement, the summary's draft (the secretariat's).
        ["GET /consultations/{consultationId:guid}/sessions/new"] = (Secretariat, null),
        ["POST /api/statements/{statementId}/approve"] = (Secretariat, null),
        ["PUT /api/sessions/{sessionId}/summary/draft"] = (Secretariat, _ => new { text = "A draft." }),
        ["GET /api/sessions/{sessionId}/summary/draft"] = (Secretariat, null),
        // Search (what each reader may see: Search/SearchQuery.cs) and parallel texts of action points.
        ["GET /api/search"] = (Everyone, null),
        ["GET /search"] = (Everyone, null),
        ["GET /api/action-points/{actionPointId}/translations"] = (Everyone, null),
        ["POST /api/action-points/{actionPointId}/translations"] = (Secretariat,
            _ => new { version = 1, language = "fr", text = "Texte traduit.", official = false }),
        // A voice for every stakeholder group: positions of the groups that do not endorse; replies under inputs and amendments.
        ["POST /api/action-points/{actionPointId}/positions"] = ([CivilSociety, MigrantOrganisation, PrivateSector, Academia, TradeUnion, LocalAuthority],
            _ => new { version = 1, stance = "support" }),
        // Only the stating stakeholder withdraws its position (the route names the member state persona's: 404 for it, it has none).
        ["DELETE /api/action-points/{actionPointId}/positions/{stakeholderId}"] = ([MemberState], null),
        ["GET /api/action-points/{actionPointId}/positions"] = (Everyone, null),
        ["POST /api/submissions/{submissionId}/replies"] = (AccreditedDelegates, _ => new { body = "A reply.", language = "en" }),
        ["POST /api/amendments/{amendmentId}/replies"] = (AccreditedDelegates, _ => new { body = "A reply.", language = "en" }),
        ["GET /api/submissions/{submissionId}/replies"] = (Everyone, null),
        ["GET /api/amendments/{amendmentId}/replies"] = (Everyone, null),
        ["GET /api/replies/{replyId}"] = (Everyone, null),
        ["POST /api/replies/{replyId}/publish"] = (Secretariat, null),
        ["POST /api/replies/{replyId}/reject"] = (Secretariat, _ => new { reason = "Off topic." }),
        ["POST /api/replies/{replyId}/hide"] = (Secretariat, _ => new { reason = "Abusive." }),
    };

    /// <summary>Endpoints that check credentials they are given: a 401 there is a refused credential, not a refused caller.</summary>
    private static readonly HashSet<string> CredentialChecks = ["POST /api/account/login", "POST /api/account/refresh"];

    public static TheoryData<string> Endpoints() => new(Table.Keys.Order());

    /// <summary>Static files (scripts, styles, icons): public by nature, checked apart.</summary>
    private static bool IsStaticAsset(RouteEndpoint e) =>
        e.RoutePattern.RawText!.Contains("{**path:file}")
        || e.RoutePattern.RawText!.Split('/')[^1] is var last && last.Contains('.') && !last.Contains('{');

    [Fact]
    public async Task static_assets_are_served_to_anyone()
    {
        var assets = world.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(IsStaticAsset).Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => !p.Contains('{') && !p.EndsWith(".gz")).Distinct().ToList();
        Assert.NotEmpty(assets);
        foreach (var asset in assets)
            Assert.Equal(HttpStatusCode.OK, (await world.ClientFor(Anonymous).GetAsync(asset)).StatusCode);
    }

    [Fact]
    public void every_endpoint_of_the_app_is_in_the_table_and_nothing_else()
    {
        var inApp = world.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !IsStaticAsset(e))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => $"{m} {"/" + e.RoutePattern.RawText!.TrimStart('/')}"))
            .ToHashSet();
        var missing = inApp.Except(Table.Keys).Order().ToList();
        var stale = Table.Keys.Except(inApp).Order().ToList();
        Assert.True(missing.Count == 0, "Endpoints nobody said who may call (add them to the table): " + string.Join(", ", missing));
        Assert.True(stale.Count == 0, "Table rows for endpoints that no longer exist: " + string.Join(", ", stale));
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task each_kind_of_person_is_allowed_or_denied_as_the_table_says(string endpoint)
    {
        var (allowed, body) = Table[endpoint];
        var space = endpoint.IndexOf(' ');
        var method = new HttpMethod(endpoint[..space]);
        var path = world.Fill(endpoint[(space + 1)..]);
        var wrong = new List<string>();

        foreach (var persona in Everyone)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body?.Invoke(world) is { } content) request.Content = JsonContent.Create(content, options: AppFixture.Json);
            using var response = await world.ClientFor(persona).SendAsync(request);
            var status = (int)response.StatusCode;
            var expectAllowed = allowed.Contains(persona);
            var denied = status == 403 || (status == 401 && !CredentialChecks.Contains(endpoint));
            // A page sends the anonymous to the sign-in page instead of answering 401.
            var toSignIn = status == 302 && response.Headers.Location?.ToString().Contains("/account/sign-in") == true;
            var ok = expectAllowed
                ? !denied && !toSignIn && status < 500
                : persona == Anonymous ? status == 401 || toSignIn : status == 403;
            if (!ok) wrong.Add($"{persona}: {status} (expected {(expectAllowed ? "allowed" : persona == Anonymous ? "401" : "403")})");
        }

        Assert.True(wrong.Count == 0, $"{endpoint} as {string.Join("; ", wrong)}");
    }

    /// <summary>A consultation with one of everything, in drafting with early endorsement, and the people of the matrix.</summary>
    public sealed class World : AppFixture
    {
        private readonly Dictionary<Persona, ConsultationPlatform.Stakeholders.Actor> _actors = new();
        private readonly Dictionary<Persona, HttpClient> _clients = new();

        public Guid Consultation { get; private set; }
        public Guid Point { get; private set; }
        public string PointText { get; private set; } = "";
        public Guid Amendment { get; private set; }
        public Guid Submission { get; private set; }

        /// <summary>A second published input, never hidden, for flagging (a hidden input is not even found by those who may not see it).</summary>
        public Guid SubmissionToFlag { get; private set; }
        public Guid Organisation { get; private set; }

        /// <summary>A published reply under the published input (for the reply routes).</summary>
        public Guid Reply { get; private set; }

        // A live session, open, its first item under discussion: the member state persona inscribed and delivered a statement.
        public Guid Session { get; private set; }
        public Guid SessionItem { get; private set; }
        public Guid SessionInscription { get; private set; }
        public Guid SessionStatement { get; private set; }

        public override async ValueTask InitializeAsync()
        {
            await base.InitializeAsync();
            var board = await NewConsultation(ConsultationPhase.Drafting, allowsEarlyEndorsement: true);
            Consultation = board.Id;
            Point = board.ActionPoints[0].Id;
            PointText = board.ActionPoints[0].Text;

            foreach (var (persona, group) in new (Persona, ConsultationPlatform.Stakeholders.StakeholderGroup)[]
                     {
                         (MemberState, ConsultationPlatform.Stakeholders.StakeholderGroup.MemberState),
                         (ObserverState, ConsultationPlatform.Stakeholders.StakeholderGroup.ObserverState),
                         (Igo, ConsultationPlatform.Stakeholders.StakeholderGroup.IntergovernmentalOrganisation),
                         (CivilSociety, ConsultationPlatform.Stakeholders.StakeholderGroup.CivilSociety),
                         (MigrantOrganisation, ConsultationPlatform.Stakeholders.StakeholderGroup.MigrantOrDiasporaOrganisation),
                         (PrivateSector, ConsultationPlatform.Stakeholders.StakeholderGroup.PrivateSector),
                         (Academia, ConsultationPlatform.Stakeholders.StakeholderGroup.Academia),
                         (TradeUnion, ConsultationPlatform.Stakeholders.StakeholderGroup.TradeUnion),
                         (LocalAuthority, ConsultationPlatform.Stakeholders.StakeholderGroup.LocalAuthority),
                         (NotAccreditedState, ConsultationPlatform.Stakeholders.StakeholderGroup.MemberState),
                     })
            {
                _actors[persona] = Support.Delegates.Of(persona.ToString(), group);
                if (persona != NotAccreditedState) await AccreditingHandler.Accredit(this, Consultation, _actors[persona]);
            }

            // Moderator and co-chair of THIS consultation (roles per consultation), and a moderator of another one.
            _actors[Moderator] = Support.Delegates.ModeratorOf(Consultation);
            _actors[CoChair] = Support.Delegates.ModeratorOf(ConsultationPlatform.Stakeholders.PlatformRole.CoChair, Consultation);
            _actors[OtherModerator] = Support.Delegates.ModeratorOf((await NewConsultation(ConsultationPhase.Drafting)).Id);
            _actors[Admin] = Support.Delegates.Of("Admin", ConsultationPlatform.Stakeholders.StakeholderGroup.MemberState,
                ConsultationPlatform.Stakeholders.PlatformRole.Admin) with { OrganisationId = Guid.Empty };
            // Redirects are not followed: a page answers the anonymous with a redirect to the sign-in page.
            foreach (var (persona, actor) in _actors)
            {
                var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
                foreach (var (name, value) in Support.Delegates.HeadersFor(actor)) client.DefaultRequestHeaders.Add(name, value);
                _clients[persona] = client;
            }

            _clients[Anonymous] = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };

            // An amendment proposed by the civil society persona's organisation.
            var proposed = await _clients[CivilSociety].PostAsJsonAsync($"/api/action-points/{Point}/amendments",
                new { baseVersion = 1, text = PointText + " Proposed.", rationale = "Why not." }, Json);
            Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
            Amendment = Guid.Parse(proposed.Headers.Location!.ToString().Split('/')[^1]);

            // A published input.
            Submission = await PublishedInput();
            SubmissionToFlag = await PublishedInput();
            var replied = await _clients[CivilSociety].PostAsJsonAsync($"/api/submissions/{Submission}/replies", new { body = "A reply.", language = "en" }, Json);
            Reply = (await replied.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ConsultationPlatform.Replies.ReplyCreated>(Json))!.Id;
            (await _clients[Moderator].PostAsync($"/api/replies/{Reply}/publish", null)).EnsureSuccessStatusCode();

            // The member state persona's endorsement, to withdraw.
            (await _clients[MemberState].PostAsJsonAsync($"/api/action-points/{Point}/endorsements", new { version = 1 }, Json))
                .EnsureSuccessStatusCode();

            // A registered organisation (for the organisation and accreditation routes).
            var registered = await _clients[Moderator].PostAsJsonAsync("/api/organisations",
                new { name = "Matrix organisation", type = "academia", countryOrRegion = "Chile" }, Json);
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
            Organisation = Guid.Parse(registered.Headers.Location!.ToString().Split('/')[^1]);

            var scheduled = await _clients[Moderator].PostAsJsonAsync($"/api/consultations/{Consultation}/sessions", new
            {
                title = "Matrix session", starts = "2026-01-01T09:00:00Z", ends = "2026-01-01T12:00:00Z", timeZone = "UTC",
                agenda = new[] { new { kind = "challenge", number = 1 } },
            }, Json);
            Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
            Session = Guid.Parse(scheduled.Headers.Location!.ToString().Split('/')[^1]);
            var room = await Http.GetFromJsonAsync<ConsultationPlatform.LiveSessions.SessionRoom>($"/api/sessions/{Session}", Json);
            SessionItem = room!.Agenda[0].Id;
            (await _clients[Moderator].PostAsync($"/api/sessions/{Session}/open", null)).EnsureSuccessStatusCode();
            (await _clients[Moderator].PostAsync($"/api/sessions/{Session}/items/{SessionItem}/take-up", null)).EnsureSuccessStatusCode();
            (await _clients[Moderator].PostAsJsonAsync($"/api/sessions/{Session}/items/{SessionItem}/speakers-list", new { open = true }, Json)).EnsureSuccessStatusCode();
            var inscribed = await _clients[MemberState].PostAsJsonAsync($"/api/sessions/{Session}/items/{SessionItem}/inscriptions", new { }, Json);
            SessionInscription = (await inscribed.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ConsultationPlatform.LiveSessions.InscriptionReceipt>(Json))!.InscriptionId;
            var delivered = await _clients[MemberState].PostAsJsonAsync($"/api/sessions/{Session}/statements",
                new { itemId = SessionItem, text = "A statement.", language = "en" }, Json);
            SessionStatement = (await delivered.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<ConsultationPlatform.LiveSessions.StatementReceipt>(Json))!.StatementId;
        }

        private async Task<Guid> PublishedInput()
        {
            var submitted = await _clients[CivilSociety].PostAsJsonAsync($"/api/consultations/{Consultation}/submissions",
                new { body = "An input.", language = "en" }, Json);
            var id = (await submitted.Content.ReadFromJsonAsync<SubmissionCreated>(Json))!.Id;
            (await _clients[Moderator].PostAsync($"/api/submissions/{id}/publish", null)).EnsureSuccessStatusCode();
            return id;
        }

        public HttpClient ClientFor(Persona persona) => _clients[persona];

        public string Fill(string pattern) => pattern
            .Replace("{submissionId}/flags", SubmissionToFlag + "/flags")
            .Replace("{id}", Consultation.ToString())
            .Replace("{id:guid}/history", Consultation + "/history")
            .Replace("{id:guid}/summary", Consultation + "/summary")
            .Replace("{number}", "1")
            .Replace("{consultationId:guid}", Consultation.ToString())
            .Replace("{amendmentId:guid}", Amendment.ToString())
            .Replace("{id:guid}", Point.ToString())
            .Replace("{consultationId}", Consultation.ToString())
            .Replace("{actionPointId}", Point.ToString())
            .Replace("{amendmentId}", Amendment.ToString())
            .Replace("{submissionId}", Submission.ToString())
            .Replace("{organisationId}", Organisation.ToString())
            .Replace("{stakeholderId}", _actors[MemberState].OrganisationId.ToString())
            .Replace("{personId}", Guid.NewGuid().ToString())
            .Replace("{replyId}", Reply.ToString())
            .Replace("{role}", "moderator")
            .Replace("{documentName}", "v1")
            .Replace("{documentName?}", "v1")
            .Replace("{sessionId}", Session.ToString())
            .Replace("{sessionId:guid}", Session.ToString())
            .Replace("{itemId}", SessionItem.ToString())
            .Replace("{inscriptionId}", SessionInscription.ToString())
            .Replace("{statementId}", SessionStatement.ToString());

        public override async ValueTask DisposeAsync()
        {
            foreach (var client in _clients.Values) client.Dispose();
            await base.DisposeAsync();
        }
    }
}
