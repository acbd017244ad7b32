using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Replies;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.Replies;

public class ReplyDecisionsTests
{
    private static readonly Actor Union = new(Guid.NewGuid(), "Delegate", Guid.NewGuid(), "A trade union", StakeholderGroup.TradeUnion,
        new HashSet<PlatformRole> { PlatformRole.Participant });

    private static readonly Actor Moderator = new(Guid.NewGuid(), "Moderator", Guid.Empty, "", StakeholderGroup.CivilSociety,
        new HashSet<PlatformRole> { PlatformRole.Moderator });

    private static readonly Consultation PreModerated = new() { Id = Guid.NewGuid(), Phase = ConsultationPhase.Drafting, InputsPreModerated = true };
    private static readonly Consultation PostModerated = new() { Id = Guid.NewGuid(), Phase = ConsultationPhase.Drafting, InputsPreModerated = false };

    private static ReplyTarget Input(bool visible = true, bool published = true) =>
        new(ReplyParent.Input, Guid.NewGuid(), PreModerated.Id, Guid.NewGuid(), visible, published, published ? "published" : "received");

    private static Reply Posted(Actor author, ReplyTarget target, Consultation consultation)
    {
        var events = ReplyDecisions.Post(author, new PostReply("A reply.", "en"), target, consultation, Guid.NewGuid());
        var posted = (ReplyPosted)events[0];
        var reply = new Reply
        {
            Id = posted.ReplyId, ConsultationId = posted.ConsultationId, ParentId = posted.ParentId, ParentKind = posted.ParentKind,
            Author = new SubmissionAuthor(posted.PersonId, posted.PersonName, posted.OrganisationId, posted.OrganisationName, posted.OrganisationGroup),
            Status = events.Count > 1 ? ReplyStatus.Published : ReplyStatus.Received,
        };
        return reply;
    }

    [Fact]
    public void pre_moderated_a_reply_waits_post_moderated_it_is_published_at_once()
    {
        Assert.IsType<ReplyPosted>(Assert.Single(ReplyDecisions.Post(Union, new PostReply("Yes.", "en"), Input(), PreModerated, Guid.NewGuid())));
        var events = ReplyDecisions.Post(Union, new PostReply("Yes.", "en"), Input(), PostModerated, Guid.NewGuid());
        Assert.Equal(2, events.Count);
        Assert.True(Assert.IsType<ReplyPublished>(events[1]).OnReceipt);
    }

    [Fact]
    public void any_accredited_organisation_replies_and_others_are_refused()
    {
        Assert.True(ReplyDecisions.Check(Union, new PostReply("Yes.", "en"), Input(), PreModerated, true, null).IsNone());
        Assert.True(ReplyDecisions.Check(Union with { OrganisationGroup = StakeholderGroup.MemberState }, new PostReply("Yes.", "en"), Input(), PreModerated, true, null).IsNone());
        Assert.Equal(403, ReplyDecisions.Check(Union, new PostReply("Yes.", "en"), Input(), PreModerated, false, null).Status);
        Assert.Equal(409, ReplyDecisions.Check(Union, new PostReply("Yes.", "en"), Input(), new Consultation { Phase = ConsultationPhase.Concluded }, true, null).Status);
    }

    [Fact]
    public void an_input_the_replier_may_not_see_does_not_exist_and_an_unpublished_one_is_not_replied_to()
    {
        Assert.Equal(404, ReplyDecisions.Check(Union, new PostReply("Yes.", "en"), Input(visible: false, published: false), PreModerated, true, null).Status);
        var problem = ReplyDecisions.Check(Union, new PostReply("Yes.", "en"), Input(visible: true, published: false), PreModerated, true, null);
        Assert.Equal(409, problem.Status);
        Assert.Equal("https://consultation.dev/problems/submission-status", problem.Type);
    }

    [Fact]
    public void body_language_and_the_reply_answered_are_checked_by_field()
    {
        var target = Input();
        var problem = Assert.IsType<ValidationProblemDetails>((ReplyDecisions.Check(Union, new PostReply(" \u200B ", "not a tag!", Guid.NewGuid()), target, PreModerated, true, null)).AsProblem());
        Assert.Equal(["body", "inReplyTo", "language"], problem.Errors.Keys.Order());

        var elsewhere = Posted(Union, Input(), PostModerated);
        Assert.Contains("inReplyTo", Assert.IsType<ValidationProblemDetails>((
            ReplyDecisions.Check(Union, new PostReply("Yes.", "en", elsewhere.Id), target, PreModerated, true, elsewhere)).AsProblem()).Errors.Keys);
        var inThread = Posted(Union, target, PostModerated);
        Assert.True(ReplyDecisions.Check(Union, new PostReply("Yes.", "en", inThread.Id), target, PreModerated, true, inThread).IsNone());
        Assert.Contains("body", Assert.IsType<ValidationProblemDetails>((
            ReplyDecisions.Check(Union, new PostReply(new string('x', ReplyDecisions.MaxBodyLength + 1), "en"), target, PreModerated, true, null)).AsProblem()).Errors.Keys);
    }

    [Fact]
    public void moderation_follows_the_rules_of_inputs()
    {
        var pending = Posted(Union, Input(), PreModerated);
        Assert.Equal(403, ReplyDecisions.CheckModeration(Union, ModerationAct.Publish, null, pending, PreModerated).Status);
        Assert.Contains("reason", Assert.IsType<ValidationProblemDetails>((ReplyDecisions.CheckModeration(Moderator, ModerationAct.Reject, " ", pending, PreModerated)).AsProblem()).Errors.Keys);
        Assert.Equal(409, ReplyDecisions.CheckModeration(Moderator, ModerationAct.Hide, "Abusive.", pending, PreModerated).Status);
        Assert.True(ReplyDecisions.CheckModeration(Moderator, ModerationAct.Publish, null, pending, PreModerated).IsNone());
        pending.Apply(new ReplyHidden(pending.Id, pending.ConsultationId, pending.ParentId, null, "Abusive.", Moderator.PersonId));
        Assert.Equal(409, ReplyDecisions.CheckModeration(Moderator, ModerationAct.Publish, null, pending, PreModerated).Status);
    }

    [Fact]
    public void a_pending_or_hidden_reply_is_seen_by_its_author_and_the_moderators_only()
    {
        var target = Input();
        var pending = Posted(Union, target, PreModerated);
        var published = Posted(Union, target, PostModerated);
        var other = Union with { PersonId = Guid.NewGuid(), OrganisationId = Guid.NewGuid() };
        Assert.Equal([published.Id], ReplyDecisions.Thread([pending, published], other).Select(r => r.Id));
        Assert.Equal([published.Id], ReplyDecisions.Thread([pending, published], null).Select(r => r.Id));
        Assert.Equal(2, ReplyDecisions.Thread([pending, published], Union).Count);
        Assert.Equal(2, ReplyDecisions.Thread([pending, published], Moderator).Count);
        Assert.Null(ReplyDecisions.View(published, null).PersonName);
    }
}
