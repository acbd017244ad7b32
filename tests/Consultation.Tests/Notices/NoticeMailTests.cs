using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Accounts;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.Notices;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Wolverine;

namespace ConsultationPlatform.Tests.Notices;

/// <summary>
/// Notices end to end: preferences over the API, notices from real acts, mails read from a real SMTP server
/// (<see cref="SmtpSinkFixture"/>), the one-click unsubscribe without a session, the daily digest, the in-app push.
/// </summary>
[Collection(SmtpSinkCollection.Name)]
public class NoticeMailTests(SmtpSinkFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A consultation in its inputs phase, an organisation accredited to it, and members of it (real accounts).</summary>
    private async Task<(ConsultationBoard Consultation, Account[] People)> World(int people = 1)
    {
        var consultation = await app.NewConsultation(ConsultationPhase.Inputs);
        var organisation = await app.NewOrganisation("Notice Watchers", StakeholderGroup.CivilSociety);
        var accounts = new List<Account>();
        for (var i = 0; i < people; i++) accounts.Add(await app.NewAccount(name: $"Member {i} of Notice Watchers", organisations: organisation));
        await app.Accredit(consultation.Id, organisation);
        return (consultation, accounts.ToArray());
    }

    private async Task<HttpResponseMessage> SetPreferences(Account account, object body)
    {
        using var client = await app.SignedInClient(account);
        return await client.PutAsJsonAsync("/api/account/notices", body, AppFixture.Json, Ct);
    }

    private async Task<NoticePreferencesView> Preferences(Account account)
    {
        using var client = await app.SignedInClient(account);
        return (await client.GetFromJsonAsync<NoticePreferencesView>("/api/account/notices", AppFixture.Json, Ct))!;
    }

    private async Task MovePhase(Guid consultationId, string phase) =>
        (await app.ClientFor(Delegates.Moderator()).PostAsJsonAsync($"/api/consultations/{consultationId}/phase", new { phase }, AppFixture.Json, Ct))
        .EnsureSuccessStatusCode();

    private async Task<List<Notice>> NoticesOf(Guid personId, int atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            await using var session = app.Store.QuerySession();
            var notices = await session.Query<Notice>().Where(n => n.PersonId == personId).ToListAsync(Ct);
            if (notices.Count >= atLeast || DateTime.UtcNow > deadline) return notices.ToList();
            await Task.Delay(100, Ct);
        }
    }

    [Fact]
    public async Task an_immediate_notice_crosses_smtp_with_one_click_unsubscribe_headers()
    {
        var (consultation, consultationPeople) = await World(); var person = consultationPeople[0];
        Assert.Equal(HttpStatusCode.OK, (await SetPreferences(person, new { kinds = new[] { "phaseChange" }, inApp = true, email = "immediate" })).StatusCode);

        await MovePhase(consultation.Id, "drafting");

        var mail = Assert.Single(await app.MailsTo(person.Email));
        Assert.Equal("Consultation: the phase changed", mail.Subject);
        Assert.Contains("moved to its drafting phase", mail.TextBody);
        var header = mail.Headers[HeaderId.ListUnsubscribe]!;
        Assert.StartsWith($"<{SmtpSinkFixture.PublicUrl}{NoticeMails.UnsubscribePath}?token=", header);
        Assert.EndsWith(">", header);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        Assert.Equal(header[1..^1], SmtpSinkFixture.LinkIn(mail, NoticeMails.UnsubscribePath + "?token="));
    }

    [Fact]
    public async Task the_one_click_post_unsubscribes_without_a_session_and_a_forged_token_changes_nothing()
    {
        var (consultation, consultationPeople) = await World(); var person = consultationPeople[0];
        await SetPreferences(person, new { kinds = new[] { "phaseChange", "decision" }, inApp = true, email = "immediate" });
        await MovePhase(consultation.Id, "drafting");
        var mail = Assert.Single(await app.MailsTo(person.Email));
        var link = mail.Headers[HeaderId.ListUnsubscribe]![1..^1];
        using var anonymous = app.CookieClient();

        // A browser that opens the link is asked first; nothing changes yet.
        var page = await anonymous.GetAsync(SmtpSinkFixture.PathOf(link), Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("confirm-unsubscribe", await page.Content.ReadAsStringAsync(Ct));
        Assert.Equal("immediate", (await Preferences(person)).Email);

        // A forged token: 400, nothing changes.
        var forged = await anonymous.PostAsync(SmtpSinkFixture.PathOf(link) + "x",
            new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("immediate", (await Preferences(person)).Email);

        // The mail program's one-click POST (RFC 8058): no session, no antiforgery token.
        var done = await anonymous.PostAsync(SmtpSinkFixture.PathOf(link), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]), Ct);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var after = await Preferences(person);
        Assert.Equal(("off", true), (after.Email, after.InApp));
        Assert.Equal(["decision", "phaseChange"], after.Kinds.Order());
    }

    [Fact]
    public async Task off_sends_nothing_while_a_member_with_immediate_mail_gets_the_same_notice()
    {
        var (consultation, consultationPeople) = await World(people: 2); var quiet = consultationPeople[0]; var control = consultationPeople[1];
        await SetPreferences(quiet, new { kinds = new[] { "phaseChange" }, inApp = true, email = "off" });
        await SetPreferences(control, new { kinds = new[] { "phaseChange" }, inApp = true, email = "immediate" });

        await MovePhase(consultation.Id, "drafting");

        // The positive control: the same page of events gave the other member a mail, so any mail for the quiet one would be there too.
        Assert.Single(await app.MailsTo(control.Email));
        var notice = Assert.Single(await NoticesOf(quiet.Id, 1));
        Assert.Equal((NoticeKind.PhaseChange, false, (DateTimeOffset?)null), (notice.Kind, notice.DigestPending, notice.EmailedAt));
        Assert.Empty(await app.MailsTo(quiet.Email, wait: TimeSpan.Zero));
    }

    [Fact]
    public async Task a_digest_gathers_several_notices_into_one_mail_sent_once_a_day()
    {
        var (consultation, consultationPeople) = await World(); var person = consultationPeople[0];
        await SetPreferences(person, new { kinds = new[] { "phaseChange" }, inApp = false, email = "digest" });

        await MovePhase(consultation.Id, "drafting");
        await MovePhase(consultation.Id, "endorsement");
        var pending = await NoticesOf(person.Id, 2);
        Assert.Equal(2, pending.Count);
        Assert.All(pending, n => Assert.True(n.DigestPending));

        var bus = app.App.Services.GetRequiredService<IMessageBus>();
        await bus.InvokeAsync(new SendNoticeDigests(), Ct);
        await bus.InvokeAsync(new SendNoticeDigests(), Ct);

        var mail = Assert.Single(await app.MailsTo(person.Email));
        Assert.Equal("Consultation: your daily digest (2 notices)", mail.Subject);
        Assert.Contains("drafting phase", mail.TextBody);
        Assert.Contains("endorsement phase", mail.TextBody);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);

        // A notice after today's digest waits for tomorrow's: the run again sends nothing more today. A second person
        // on digest, with a notice of their own, gets theirs in the same run: the positive control.
        await MovePhase(consultation.Id, "concluded");
        Assert.Equal(3, (await NoticesOf(person.Id, 3)).Count);
        var (other, otherPeople) = await World(); var second = otherPeople[0];
        await SetPreferences(second, new { kinds = new[] { "phaseChange" }, inApp = true, email = "digest" });
        await MovePhase(other.Id, "drafting");
        await NoticesOf(second.Id, 1);
        await bus.InvokeAsync(new SendNoticeDigests(), Ct);
        Assert.Single(await app.MailsTo(second.Email));
        Assert.Single(await app.MailsTo(person.Email, wait: TimeSpan.Zero));
        await using var session = app.Store.QuerySession();
        Assert.True((await session.Query<Notice>().Where(n => n.PersonId == person.Id).ToListAsync(Ct)).Single(n => n.Text.Contains("concluded")).DigestPending);
    }

    [Fact]
    public async Task bad_preferences_are_a_problem_and_change_nothing_and_the_anonymous_get_401()
    {
        var (_, people) = await World(); var person = people[0];
        Assert.Equal(HttpStatusCode.OK, (await SetPreferences(person, new { kinds = new[] { "reply" }, inApp = false, email = "digest" })).StatusCode);

        foreach (var (body, field) in new (object, string)[]
                 {
                     (new { kinds = new[] { "gossip" }, inApp = true, email = "off" }, "kinds"),
                     (new { kinds = new[] { "reply" }, inApp = true, email = "weekly" }, "email"),
                     (new { kinds = new[] { "reply" }, email = "off" }, "inApp"),
                 })
        {
            var response = await SetPreferences(person, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(AppFixture.Json, Ct))!;
            Assert.Equal([field], problem.Errors.Keys);
        }

        var unchanged = await Preferences(person);
        Assert.Equal(["reply"], unchanged.Kinds);
        Assert.Equal((false, "digest"), (unchanged.InApp, unchanged.Email));

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Http.GetAsync("/api/account/notices", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await app.Http.PutAsJsonAsync("/api/account/notices", new { kinds = Array.Empty<string>(), inApp = true, email = "off" }, AppFixture.Json, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Http.GetAsync("/api/account/notices/inbox", Ct)).StatusCode);
    }

    [Fact]
    public async Task an_in_app_notice_is_pushed_on_the_own_items_stream_and_nobody_elses_and_can_be_marked_read()
    {
        var (consultation, consultationPeople) = await World(people: 2); var person = consultationPeople[0]; var other = consultationPeople[1];
        var organisation = (await app.Store.QuerySession().LoadAsync<Organisation>(
            (await app.Store.QuerySession().Query<Organisation>().ToListAsync(Ct)).Single(o => o.MemberIds.Contains(person.Id)).Id, Ct))!;
        var actor = new Actor(person.Id, person.DisplayName, organisation.Id, organisation.Name, organisation.Type, new HashSet<PlatformRole> { PlatformRole.Participant });
        var moderatorActor = Delegates.ModeratorOf(consultation.Id);
        await using var own = app.HubClient(actor);
        await using var moderation = app.HubClient(moderatorActor);
        var ownBatches = new System.Collections.Concurrent.ConcurrentQueue<ChangeBatch>();
        var moderationBatches = new System.Collections.Concurrent.ConcurrentQueue<ChangeBatch>();
        own.On<ChangeBatch>(LiveMessages.Changes, ownBatches.Enqueue);
        moderation.On<ChangeBatch>(LiveMessages.Changes, moderationBatches.Enqueue);
        await own.StartAsync(Ct);
        await moderation.StartAsync(Ct);
        await own.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinOwnItems), null, Ct);
        await moderation.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinModeration), consultation.Id, null, Ct);

        await MovePhase(consultation.Id, "drafting");

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!ownBatches.SelectMany(b => b.Changes).Any(c => c.Type == "notice_raised") && DateTime.UtcNow < deadline) await Task.Delay(100, Ct);
        var pushed = Assert.Single(ownBatches.SelectMany(b => b.Changes), c => c.Type == "notice_raised");
        Assert.Equal(consultation.Id, pushed.ConsultationId);
        // The moderators' stream had the phase change (at or before the notice), and no notice.
        Assert.Contains(moderationBatches.SelectMany(b => b.Changes), c => c.Type == "consultation_phase_changed");
        Assert.DoesNotContain(moderationBatches.SelectMany(b => b.Changes), c => c.Type == "notice_raised");
        await NoticesOf(other.Id, 1);

        using var client = await app.SignedInClient(person);
        var inbox = (await client.GetFromJsonAsync<NoticeInboxView>("/api/account/notices/inbox", AppFixture.Json, Ct))!;
        Assert.Equal(1, inbox.Unread);
        Assert.Equal(("phaseChange", false), (Assert.Single(inbox.Notices).Kind, inbox.Notices[0].Read));
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/account/notices/read", null, Ct)).StatusCode);
        inbox = (await client.GetFromJsonAsync<NoticeInboxView>("/api/account/notices/inbox", AppFixture.Json, Ct))!;
        Assert.Equal((0, true), (inbox.Unread, inbox.Notices[0].Read));
        // The other member's notice is still unread: marking read is one's own.
        using var otherClient = await app.SignedInClient(other);
        Assert.Equal(1, (await otherClient.GetFromJsonAsync<NoticeInboxView>("/api/account/notices/inbox", AppFixture.Json, Ct))!.Unread);
    }

    [Fact]
    public async Task a_decision_on_ones_input_is_mailed_to_its_author_with_the_reason()
    {
        var (consultation, people) = await World();
        var author = people[0];
        await SetPreferences(author, new { kinds = new[] { "decision" }, inApp = true, email = "immediate" });
        using var client = await app.SignedInClient(author);
        var submitted = await client.PostAsJsonAsync($"/api/consultations/{consultation.Id}/submissions",
            new { body = "Portable pensions for migrant workers.", language = "en", title = "Portable pensions" }, AppFixture.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<ConsultationPlatform.Submissions.SubmissionCreated>(AppFixture.Json, Ct))!.Id;

        (await app.ClientFor(Delegates.Moderator()).PostAsJsonAsync($"/api/submissions/{id}/reject", new { reason = "Off topic." }, AppFixture.Json, Ct))
            .EnsureSuccessStatusCode();

        var mail = Assert.Single(await app.MailsTo(author.Email));
        Assert.Equal("Consultation: a decision on your contribution", mail.Subject);
        Assert.Contains("Your input \"Portable pensions\" was not published: Off topic.", mail.TextBody);
    }

    [Fact]
    public async Task a_phase_end_within_a_day_is_warned_of_once()
    {
        var (consultation, people) = await World();
        var person = people[0];
        await SetPreferences(person, new { kinds = new[] { "deadline" }, inApp = true, email = "immediate" });
        var endsAt = DateTimeOffset.UtcNow.AddHours(3);
        (await app.ClientFor(Delegates.Moderator()).PutAsJsonAsync($"/api/consultations/{consultation.Id}/phase-end", new { endsAt }, AppFixture.Json, Ct))
            .EnsureSuccessStatusCode();

        var bus = app.App.Services.GetRequiredService<IMessageBus>();
        await bus.InvokeAsync(new WatchDeadlines(), Ct);
        await bus.InvokeAsync(new WatchDeadlines(), Ct);

        var mail = Assert.Single(await app.MailsTo(person.Email));
        Assert.Equal("Consultation: a phase ends soon", mail.Subject);
        Assert.Contains($"the inputs phase ends at {endsAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC", mail.TextBody);
        var notice = Assert.Single(await NoticesOf(person.Id, 1));
        Assert.Equal(NoticeKind.Deadline, notice.Kind);
    }
}
