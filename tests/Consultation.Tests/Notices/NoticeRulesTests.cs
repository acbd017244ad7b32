using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Notices;
using ConsultationPlatform.Tests.Support;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.Notices;

/// <summary>The pure decisions of notices: who gets which notice, and how, by their preferences.</summary>
public class NoticeRulesTests
{
    private static readonly Guid Author = Guid.NewGuid(), Moderator = Guid.NewGuid(), Other = Guid.NewGuid();

    [Fact]
    public void a_decision_reaches_the_owner_of_the_item_but_not_one_who_decided_on_their_own()
    {
        Assert.Equal([Author], NoticeRules.ForDecision(Author, Moderator));
        Assert.Empty(NoticeRules.ForDecision(Author, Author));
        Assert.Empty(NoticeRules.ForDecision(null, Moderator));
        Assert.Empty(NoticeRules.ForDecision(Guid.Empty, Moderator));
    }

    [Fact]
    public void a_new_version_reaches_the_members_of_organisations_whose_endorsement_stands_for_an_earlier_version()
    {
        Guid endorsedV1 = Guid.NewGuid(), endorsedV2 = Guid.NewGuid(), withdrew = Guid.NewGuid();
        var members = new Dictionary<Guid, IReadOnlyList<Guid>>
        {
            [endorsedV1] = [Author, Other],
            [endorsedV2] = [Moderator],
            [withdrew] = [Guid.NewGuid()],
        };
        var people = NoticeRules.ForNewVersion(2, [(endorsedV1, 1, true), (endorsedV2, 2, true), (withdrew, 1, false)], members);
        Assert.Equal(new[] { Author, Other }.Order(), people.Order());
    }

    [Fact]
    public void a_phase_change_reaches_the_members_of_accredited_organisations_once_each_but_not_who_moved_it()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        var members = new Dictionary<Guid, IReadOnlyList<Guid>> { [a] = [Author, Other], [b] = [Other, Moderator] };
        Assert.Equal(new[] { Author, Other }.Order(), NoticeRules.ForConsultation([a, b], members, except: Moderator).Order());
        Assert.Empty(NoticeRules.ForConsultation([Guid.NewGuid()], members));
    }

    [Fact]
    public void a_reply_reaches_the_author_of_the_parent_and_of_the_reply_it_answers_never_the_replier()
    {
        Assert.Equal(new[] { Author, Other }.Order(), NoticeRules.ForReply(Moderator, Author, Other).Order());
        Assert.Equal([Author], NoticeRules.ForReply(Other, Author, Other));
        Assert.Equal([Author], NoticeRules.ForReply(Other, Author, Author));
        Assert.Empty(NoticeRules.ForReply(Author, Author, null));
    }

    [Fact]
    public void preferences_decide_how_each_person_gets_a_notice_and_who_hears_nothing()
    {
        Guid everything = Guid.NewGuid(), noDecisions = Guid.NewGuid(), silent = Guid.NewGuid(), mailOnly = Guid.NewGuid(), unset = Guid.NewGuid();
        var preferences = new Dictionary<Guid, NoticePreferences>
        {
            [everything] = With(everything, Enum.GetValues<NoticeKind>(), inApp: true, NoticeEmail.Immediate),
            [noDecisions] = With(noDecisions, [NoticeKind.PhaseChange], inApp: true, NoticeEmail.Digest),
            [silent] = With(silent, Enum.GetValues<NoticeKind>(), inApp: false, NoticeEmail.Off),
            [mailOnly] = With(mailOnly, [NoticeKind.Decision], inApp: false, NoticeEmail.Digest),
        };
        NoticePreferences Of(Guid p) => preferences.GetValueOrDefault(p) ?? NoticePreferences.Default(p);

        var deliveries = NoticeRules.Deliveries(NoticeKind.Decision, [everything, noDecisions, silent, mailOnly, unset, everything], Of);

        Assert.Equal(
            [new Delivery(everything, true, NoticeEmail.Immediate), new Delivery(mailOnly, false, NoticeEmail.Digest), new Delivery(unset, true, NoticeEmail.Off)],
            deliveries);
        Assert.Equal([new Delivery(noDecisions, true, NoticeEmail.Digest)], NoticeRules.Deliveries(NoticeKind.PhaseChange, [noDecisions], Of));
    }

    [Fact]
    public void until_they_choose_people_hear_of_everything_in_the_app_and_get_no_mail()
    {
        var preferences = NoticePreferences.Default(Author);
        Assert.Equal(Enum.GetValues<NoticeKind>(), preferences.Kinds);
        Assert.True(preferences.InApp);
        Assert.Equal(NoticeEmail.Off, preferences.Email);
    }

    [Fact]
    public void a_deadline_is_near_within_the_warning_and_only_for_the_phase_it_ends()
    {
        var now = new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
        var end = new ScheduledPhaseEnd(Guid.NewGuid(), ConsultationPhase.Inputs, now.AddHours(20), Moderator);
        Assert.True(NoticeRules.DeadlineNear(end, ConsultationPhase.Inputs, now, TimeSpan.FromHours(24)));
        Assert.False(NoticeRules.DeadlineNear(end with { EndsAt = now.AddHours(30) }, ConsultationPhase.Inputs, now, TimeSpan.FromHours(24)));
        Assert.False(NoticeRules.DeadlineNear(end with { EndsAt = now.AddMinutes(-1) }, ConsultationPhase.Inputs, now, TimeSpan.FromHours(24)));
        Assert.False(NoticeRules.DeadlineNear(end, ConsultationPhase.Drafting, now, TimeSpan.FromHours(24)));
        Assert.False(NoticeRules.DeadlineNear(null, ConsultationPhase.Inputs, now, TimeSpan.FromHours(24)));
    }

    [Fact]
    public void a_digest_is_sent_once_a_day_and_dropped_when_mail_was_turned_off()
    {
        var digest = With(Author, Enum.GetValues<NoticeKind>(), true, NoticeEmail.Digest);
        Assert.Equal(DigestStep.Send, NoticeDigests.Step(digest, sentToday: false));
        Assert.Equal(DigestStep.Wait, NoticeDigests.Step(digest, sentToday: true));
        Assert.Equal(DigestStep.Send, NoticeDigests.Step(With(Author, [], true, NoticeEmail.Immediate), sentToday: false));
        Assert.Equal(DigestStep.Drop, NoticeDigests.Step(With(Author, [], true, NoticeEmail.Off), sentToday: false));

        var before = new DateTimeOffset(2026, 12, 2, 6, 59, 0, TimeSpan.Zero);
        Assert.False(NoticeDigests.Due(before, 7));
        Assert.True(NoticeDigests.Due(before.AddMinutes(1), 7));
        Assert.Equal(new DateOnly(2026, 12, 2), NoticeDigests.DayOf(before.AddMinutes(1)));
        Assert.Equal(new DateOnly(2026, 12, 3), NoticeDigests.DayOf(before.AddHours(18)));
        // A moment given with an offset counts in UTC.
        Assert.Equal(new DateOnly(2026, 12, 3), NoticeDigests.DayOf(new DateTimeOffset(2026, 12, 2, 20, 0, 0, TimeSpan.FromHours(-5))));
        Assert.NotEqual(NoticeDigestSent.IdFor(Author, new DateOnly(2026, 12, 2)), NoticeDigestSent.IdFor(Author, new DateOnly(2026, 12, 3)));
    }

    [Fact]
    public void a_change_of_preferences_is_decided_or_refused_on_the_fields_at_fault()
    {
        var actor = Delegates.CivilSociety();
        var (set, problem) = NoticePreferenceDecisions.Decide(actor, new SetNoticePreferencesForm(["reply", "decision", "reply"], false, "digest"));
        Assert.True(problem.IsNone());
        Assert.Equal((actor.PersonId, false, NoticeEmail.Digest), (set!.PersonId, set.InApp, set.Email));
        Assert.Equal([NoticeKind.Decision, NoticeKind.Reply], set!.Kinds);

        Assert.Equal(["email", "inApp", "kinds"], Fields(NoticePreferenceDecisions.Decide(actor, new SetNoticePreferencesForm(null, null, null)).Refusal));
        Assert.Equal(["kinds"], Fields(NoticePreferenceDecisions.Decide(actor, new SetNoticePreferencesForm(["gossip"], true, "off")).Refusal));
        Assert.Equal(["email"], Fields(NoticePreferenceDecisions.Decide(actor, new SetNoticePreferencesForm([], true, "weekly")).Refusal));
        Assert.True(NoticePreferenceDecisions.Decide(actor, new SetNoticePreferencesForm([], true, "OFF")).Refusal.IsNone());
    }

    private static string[] Fields(Refused? refused) =>
        Assert.IsType<ValidationProblemDetails>(refused.AsProblem()).Errors.Keys.Order().ToArray();

    private static NoticePreferences With(Guid person, NoticeKind[] kinds, bool inApp, NoticeEmail email) =>
        new() { Id = NoticePreferences.IdFor(person), PersonId = person, Kinds = [.. kinds], InApp = inApp, Email = email };
}
