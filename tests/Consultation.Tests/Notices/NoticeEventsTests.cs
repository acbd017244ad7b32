using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Notices;
using ConsultationPlatform.Replies;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Tests.Support;
using Marten;

namespace ConsultationPlatform.Tests.Notices;

/// <summary>The events that matter become notices for the right people: a new version of an endorsed point, a reply.</summary>
[Collection(SmtpSinkCollection.Name)]
public class NoticeEventsTests(SmtpSinkFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<List<Notice>> NoticesOf(Guid personId, Func<Notice, bool> which)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            await using var session = app.Store.QuerySession();
            var notices = (await session.Query<Notice>().Where(n => n.PersonId == personId).ToListAsync(Ct)).Where(which).ToList();
            if (notices.Count > 0 || DateTime.UtcNow > deadline) return notices;
            await Task.Delay(100, Ct);
        }
    }

    [Fact]
    public async Task a_new_version_of_an_endorsed_point_asks_the_endorsers_members_to_confirm_and_a_reply_reaches_the_author()
    {
        var consultation = await app.NewConsultation(ConsultationPhase.Drafting, allowsEarlyEndorsement: true);
        var point = consultation.ActionPoints[0];
        var state = await app.NewOrganisation("Republic of Notices", StakeholderGroup.MemberState);
        var delegateOfState = await app.NewAccount(name: "Delegate of the Republic", organisations: state);
        await app.Accredit(consultation.Id, state);
        using var stateClient = await app.SignedInClient(delegateOfState);
        Assert.Equal(HttpStatusCode.OK,
            (await stateClient.PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = point.Version }, AppFixture.Json, Ct)).StatusCode);

        // Civil society proposes; the moderator accepts: the point's text has a new version.
        var proposer = Delegates.CivilSociety("Notice Forum");
        var proposed = await app.ClientFor(proposer).PostAsJsonAsync($"/api/action-points/{point.Id}/amendments",
            new { baseVersion = point.Version, text = point.Text + " With migrants' associations.", rationale = "Inclusion." }, AppFixture.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var amendment = (await proposed.Content.ReadFromJsonAsync<AmendmentProposal>(AppFixture.Json, Ct))!.AmendmentId;

        // The state's delegate replies under the amendment before it is decided; the moderator publishes the reply.
        var replied = await stateClient.PostAsJsonAsync($"/api/amendments/{amendment}/replies", new { body = "We could support this.", language = "en" }, AppFixture.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, replied.StatusCode);
        var reply = (await replied.Content.ReadFromJsonAsync<ReplyCreated>(AppFixture.Json, Ct))!;
        var moderator = app.ClientFor(Delegates.Moderator());
        if (reply.Status != ReplyStatus.Published)
            (await moderator.PostAsync($"/api/replies/{reply.Id}/publish", null, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await moderator.PostAsync($"/api/amendments/{amendment}/accept", null, Ct)).StatusCode);

        var confirm = Assert.Single(await NoticesOf(delegateOfState.Id, n => n.Kind == NoticeKind.NewVersion));
        Assert.Equal($"Action point {point.Number} has a new text, version {point.Version + 1}: your organisation endorsed an earlier version. Confirm for version {point.Version + 1}.",
            confirm.Text);
        Assert.Equal($"/action-points/{point.Id}", confirm.Link);

        // The proposer hears of the reply under their amendment and of the acceptance; the replier of neither.
        var toProposer = await NoticesOf(proposer.PersonId, n => n.Kind == NoticeKind.Reply);
        Assert.Contains("A delegate of Republic of Notices", Assert.Single(toProposer).Text);
        Assert.Single(await NoticesOf(proposer.PersonId, n => n.Kind == NoticeKind.Decision && n.Text.Contains("was accepted")));
        Assert.Empty(await NoticesOf(delegateOfState.Id, n => n.Kind is NoticeKind.Reply or NoticeKind.Decision));
    }
}
