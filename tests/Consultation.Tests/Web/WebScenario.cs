using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Tests.Amendments;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.Web;

/// <summary>
/// A consultation with something on every public page: point 4 endorsed by Ghana for version 1 (with a reservation),
/// amended to version 2 at the proposal of a civil-society organisation, endorsed by Mexico for version 2, with a
/// rejected amendment and a published input on it. Made once per fixture, shared by the page tests.
/// </summary>
public sealed record WebScenario(ConsultationBoard Board, Guid PointId, Guid SubmissionId, string GovernmentEmail)
{
    private static readonly ConcurrentDictionary<AppFixture, Lazy<Task<WebScenario>>> Made = new();

    public static Task<WebScenario> For(AppFixture app) =>
        Made.GetOrAdd(app, a => new Lazy<Task<WebScenario>>(() => Make(a))).Value;

    public string BoardPath => $"/consultations/{Board.Id}";
    public string PointPath => $"/action-points/{PointId}";
    public string HistoryPath => $"/consultations/{Board.Id}/history";

    private static async Task<WebScenario> Make(AppFixture app)
    {
        var api = new AmendmentApi(app);
        var board = await app.NewConsultation(ConsultationPhase.Drafting, allowsEarlyEndorsement: true);
        var point = board.ActionPoints.Single(p => p.Number == 4);
        var moderator = Delegates.Moderator();
        var civilSociety = Delegates.CivilSociety("Migrant Forum in Asia");

        await Ok(app.ClientFor(Delegates.State("Ghana")).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements",
            new { version = 1, reservation = "Subject to national legislation." }, AppFixture.Json));
        // A government delegate with a real account (the signed-in page tests sign in as it), who endorses version 1 too.
        var uganda = await app.NewOrganisation("Uganda", ConsultationPlatform.Stakeholders.StakeholderGroup.MemberState);
        await app.Accredit(board.Id, uganda);
        var government = await app.NewAccount(name: "Delegate of Uganda", organisations: uganda);
        await Ok((await app.SignedInClient(government)).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = 1 }, AppFixture.Json));

        var accepted = await api.Proposed(civilSociety, point.Id, 1, point.Text.Replace("Embrace", "Promote") + " Migrants themselves are partners.");
        await Ok(api.Accept(moderator, accepted));
        var rejected = await api.Proposed(Delegates.Of("Business Council", ConsultationPlatform.Stakeholders.StakeholderGroup.PrivateSector), point.Id, 2, "Something else entirely.");
        await Ok(api.Act(moderator, rejected, "reject", new { reason = "It replaces the point instead of amending it." }));
        await Ok(app.ClientFor(Delegates.State("Mexico")).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements",
            new { version = 2 }, AppFixture.Json));

        var submitted = await app.ClientFor(civilSociety).PostAsJsonAsync($"/api/consultations/{board.Id}/submissions",
            new SubmitInput("Remittance costs **must** fall:\n\n- cheaper transfers\n- open corridors", "en", "Cheaper remittances", point.Id), AppFixture.Json);
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var submission = (await submitted.Content.ReadFromJsonAsync<SubmissionCreated>(AppFixture.Json))!;
        if (submission.Status != SubmissionStatus.Published)
            await Ok(app.ClientFor(moderator).PostAsync($"/api/submissions/{submission.Id}/publish", null));
        return new WebScenario(await app.Board(board.Id), point.Id, submission.Id, government.Email);
    }

    private static async Task Ok(Task<HttpResponseMessage> call)
    {
        var response = await call;
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
