using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Accounts;
using ConsultationPlatform.LiveSessions;
using ConsultationPlatform.Tests.Accounts;
using ConsultationPlatform.Tests.Support;
using ConsultationPlatform.Tests.Web;

namespace ConsultationPlatform.Tests.LiveSessions;

/// <summary>The demo session (Development only): a newcomer's room on Round table 3, with demo delegations in the list.</summary>
public sealed class DemoSessionTests(DevelopmentApp app) : IClassFixture<DevelopmentApp>
{
    private static async Task<Visitor> SignedIn(AppFixture app, string email)
    {
        var visitor = new Visitor(app);
        var response = await visitor.Post("/account/sign-in", new() { ["email"] = email, ["password"] = new DemoAccountOptions().Password }, "/account/sign-in");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return visitor;
    }

    [Fact]
    public async Task in_development_the_demo_moderator_starts_a_fresh_demo_session_with_demo_delegations_inscribed()
    {
        var form = PageLinks(DemoAccounts.RoundTable3);
        var moderator = await SignedIn(app, "moderator@demo.example");
        var (status, page) = await moderator.Page(form);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(page.QuerySelector("form[action$='handler=demo']"));

        var started = await moderator.Post(form + "?handler=demo", new(), form);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var sessionId = Guid.Parse(started.Headers.Location!.ToString().Split('/')[^1].Split('?')[0]);
        var room = (await app.Http.GetFromJsonAsync<SessionRoom>($"/api/sessions/{sessionId}", AppFixture.Json))!;
        Assert.Equal((SessionStatus.Open, true, DemoAccounts.RoundTable3), (room.Status, room.StatementsNeedApproval, room.ConsultationId));
        Assert.True(room.Agenda[0].Current);
        Assert.True(room.Agenda[0].InscriptionsOpen);
        Assert.Equal(["Ghana (demo delegation)", "International Organization for Migration (demo)", "Demo Migrant Rights Network"],
            room.Agenda[0].Speakers.Select(s => s.OrganisationName));

        // A demo delegate not in the list may request the floor on the page; a delegate is refused the demo itself.
        var mexico = await SignedIn(app, "mexico@demo.example");
        Assert.Contains("handler=inscribe", await mexico.Get($"/sessions/{sessionId}"));
        Assert.Equal(HttpStatusCode.Forbidden, (await mexico.Post(form + "?handler=demo", new(), $"/sessions/{sessionId}")).StatusCode);
    }

    private static string PageLinks(Guid consultationId) => ConsultationPlatform.Web.PageLinks.ScheduleSession(consultationId);
}
