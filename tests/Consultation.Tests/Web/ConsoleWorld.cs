using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Tests.Amendments;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.Web;

/// <summary>People with real accounts, and what fills a moderation queue, for the page tests.</summary>
public static class WebPeople
{
    public static Task<ConsultationPlatform.Accounts.Account> NewModerator(this AppFixture app, PlatformRole role = PlatformRole.Moderator) =>
        app.NewAccount(name: role == PlatformRole.CoChair ? "Co-chair of the test" : "Moderator of the test", roles: [role]);

    /// <summary>A delegate account of a new organisation, accredited to the consultation unless told otherwise.</summary>
    public static async Task<(ConsultationPlatform.Accounts.Account Account, Organisation Organisation)> NewDelegate(this AppFixture app, string name,
        StakeholderGroup group, Guid consultationId, bool accredited = true)
    {
        var organisation = await app.NewOrganisation(name, group);
        if (accredited) await app.Accredit(consultationId, organisation);
        return (await app.NewAccount(name: $"Delegate of {name}", organisations: organisation), organisation);
    }

    /// <summary>An input received and waiting for a moderator (the test consultations are pre-moderated).</summary>
    public static async Task<Guid> PendingInput(this AppFixture app, Guid consultationId, Actor author, string title, string body = "We ask for **portable** pensions.", Guid? pointId = null)
    {
        var response = await app.ClientFor(author).PostAsJsonAsync($"/api/consultations/{consultationId}/submissions",
            new SubmitInput(body, "en", title, pointId), AppFixture.Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<SubmissionCreated>(AppFixture.Json))!;
        Assert.Equal(SubmissionStatus.Received, created.Status);
        return created.Id;
    }

    /// <summary>A published input flagged by a reader with the reason given.</summary>
    public static async Task<Guid> FlaggedInput(this AppFixture app, Guid consultationId, string title, string reason)
    {
        var id = await app.PendingInput(consultationId, Delegates.CivilSociety("Flagged Input Network"), title, "Some **strong** words.");
        await Ok(app.ClientFor(Delegates.Moderator()).PostAsync($"/api/submissions/{id}/publish", null));
        await Ok(app.ClientFor(Delegates.State("Flagging State")).PostAsJsonAsync($"/api/submissions/{id}/flags", new { reason }, AppFixture.Json));
        return id;
    }

    /// <summary>An organisation that asked for accreditation, waiting for a moderator.</summary>
    public static async Task<Actor> AccreditationRequest(this AppFixture app, Guid consultationId, string name, string statement)
    {
        var organisation = await app.NewOrganisation(name, StakeholderGroup.CivilSociety);
        var actor = Delegates.Of(organisation.Name, organisation.Type) with { OrganisationId = organisation.Id };
        await Ok(app.ClientFor(actor, accredit: false).PostAsJsonAsync($"/api/consultations/{consultationId}/accreditations",
            new { statement }, AppFixture.Json));
        return actor;
    }

    /// <summary>
    /// Two amendments of point 3 changing the same words against version 1: the first accepted (version 2), the second
    /// still open, so that accepting it finds the conflict.
    /// </summary>
    public static async Task<(Guid Accepted, Guid Conflicting, Guid PointId)> ConflictingAmendments(this AppFixture app, ConsultationBoard board)
    {
        var api = new AmendmentApi(app);
        var point = board.ActionPoints.Single(p => p.Number == 3);
        var first = await api.Proposed(Delegates.CivilSociety("First Amenders"), point.Id, 1, point.Text.Replace("important actors", "essential actors"));
        var second = await api.Proposed(Delegates.CivilSociety("Second Amenders"), point.Id, 1, point.Text.Replace("important actors", "indispensable actors"));
        await Ok(api.Accept(Delegates.Moderator(), first));
        return (first, second, point.Id);
    }

    public static async Task Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

/// <summary>
/// A consultation in drafting with something in every part of its moderation queue: two inputs waiting, a flagged
/// input, an open amendment, one that needs a rebase, an accreditation request; and a moderator with a real account.
/// Made once per fixture, for the tests that only read the console.
/// </summary>
public sealed record ConsoleScenario(ConsultationBoard Board, string ModeratorEmail, Guid PendingInputId, Guid FlaggedInputId, Guid OpenAmendmentId,
    Guid RebaseAmendmentId, Guid RequestingOrganisationId)
{
    private static readonly ConcurrentDictionary<AppFixture, Lazy<Task<ConsoleScenario>>> Made = new();

    public static Task<ConsoleScenario> For(AppFixture app) =>
        Made.GetOrAdd(app, a => new Lazy<Task<ConsoleScenario>>(() => Make(a))).Value;

    public string ConsolePath => $"/moderation/{Board.Id}";

    private static async Task<ConsoleScenario> Make(AppFixture app)
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        var moderator = await app.NewModerator();
        var pending = await app.PendingInput(board.Id, Delegates.CivilSociety("Migrant Workers Alliance"), "Portable pensions",
            pointId: board.ActionPoints[0].Id);
        await app.PendingInput(board.Id, Delegates.State("Senegal"), "Diaspora bonds");
        var flagged = await app.FlaggedInput(board.Id, "A heated input", "Insults another delegation.");
        var api = new AmendmentApi(app);
        var point = board.ActionPoints.Single(p => p.Number == 2);
        var open = await api.Proposed(Delegates.CivilSociety("Development Network"), point.Id, 1,
            point.Text.Replace("a unique opportunity", "an unmissable opportunity"));
        var (_, conflicting, _) = await app.ConflictingAmendments(board);
        var refused = await api.Accept(Delegates.Moderator(), conflicting);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var requester = await app.AccreditationRequest(board.Id, "Diaspora Academy", "We train diaspora entrepreneurs.");
        return new ConsoleScenario(board, moderator.Email, pending, flagged, open, conflicting, requester.OrganisationId);
    }
}

/// <summary>
/// A state delegate with a real account and something of every kind on action point 3 of a consultation in drafting:
/// an endorsement of version 1, an amendment that needs a rebase, another organisation's open amendment to co-sponsor,
/// a published input to flag, an input waiting; and an unused invitation. Made once per fixture, for the page tests that only read.
/// </summary>
public sealed record DelegateScenario(ConsultationBoard Board, Guid PointId, string DelegateEmail, Guid RebaseAmendmentId, string InvitationToken)
{
    private static readonly ConcurrentDictionary<AppFixture, Lazy<Task<DelegateScenario>>> Made = new();

    public static Task<DelegateScenario> For(AppFixture app) =>
        Made.GetOrAdd(app, a => new Lazy<Task<DelegateScenario>>(() => Make(a))).Value;

    public string PointPath => $"/action-points/{PointId}";
    public string RebasePath => $"/amendments/{RebaseAmendmentId}/rebase";
    public string InvitationPath => $"/account/invitation?token={Uri.EscapeDataString(InvitationToken)}";

    private static async Task<DelegateScenario> Make(AppFixture app)
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting, allowsEarlyEndorsement: true);
        var point = board.ActionPoints.Single(p => p.Number == 3);
        var (account, state) = await app.NewDelegate("Scenario State", StakeholderGroup.MemberState, board.Id);
        var me = Delegates.Of(state.Name, state.Type) with { OrganisationId = state.Id, PersonId = account.Id };
        await app.PendingInput(board.Id, me, "Our waiting input");
        var published = await app.PendingInput(board.Id, Delegates.CivilSociety("Published Network"), "A published input", pointId: point.Id);
        await WebPeople.Ok(app.ClientFor(Delegates.Moderator()).PostAsync($"/api/submissions/{published}/publish", null));
        await WebPeople.Ok(app.ClientFor(me).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = 1 }, AppFixture.Json));
        var api = new AmendmentApi(app);
        var mine = await api.Proposed(me, point.Id, 1, point.Text.Replace("important actors", "indispensable actors"));
        var theirs = await api.Proposed(Delegates.CivilSociety("Quick Network"), point.Id, 1, point.Text.Replace("important actors", "essential actors"));
        await WebPeople.Ok(api.Accept(Delegates.Moderator(), theirs));
        Assert.Equal(HttpStatusCode.Conflict, (await api.Accept(Delegates.Moderator(), mine)).StatusCode);
        await api.Proposed(Delegates.CivilSociety("Co-sponsorable Network"), point.Id, 2, point.Text.Replace("important actors", "essential actors") + " In every region.");

        var invited = await app.NewOrganisation("Invitation Network", StakeholderGroup.CivilSociety);
        var email = TestAccounts.NewEmail("scenario-invitee");
        await WebPeople.Ok(app.ClientFor(Delegates.Moderator()).PostAsJsonAsync($"/api/organisations/{invited.Id}/invitations",
            new { email, name = "Invited Person" }, AppFixture.Json));
        var token = TestAccounts.TokenIn(Assert.Single(await app.Outbox(email)));
        return new DelegateScenario(board, point.Id, account.Email, mine, token);
    }
}
