using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Tests.Support;
using JasperFx.Events;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.Submissions;

public class SubmissionDecisionsTests
{
    private static readonly Actor Author = Delegates.CivilSociety("Migrant Forum in Asia");
    private static readonly Actor Moderator = Delegates.Moderator();

    private static Consultation Consultation(ConsultationPhase phase = ConsultationPhase.Inputs, bool preModerated = true) =>
        new() { Id = Guid.NewGuid(), Phase = phase, InputsPreModerated = preModerated };

    private static ActionPoint PointOf(Consultation consultation, int number = 4) =>
        new() { Id = Guid.NewGuid(), ConsultationId = consultation.Id, Number = number, Versions = [new ActionPointVersion(1, "text", null)] };

    private static SubmitInput Input(string? body = "Lower the cost of remittances.", string? language = "en", string? title = null, Guid? point = null) =>
        new(body, language, title, point);

    /// <summary>A submission rebuilt from the events of submitting it, as the inline snapshot would.</summary>
    private static Submission Submitted(Consultation consultation, Actor? author = null, SubmitInput? input = null)
    {
        var events = SubmissionDecisions.Submit(author ?? Author, input ?? Input(), consultation, null, Guid.NewGuid());
        var submission = Submission.Create(new Event<SubmissionReceived>((SubmissionReceived)events[0]));
        foreach (var e in events.Skip(1)) Apply(submission, e);
        return submission;
    }

    private static Submission Apply(Submission submission, object e)
    {
        switch (e)
        {
            case SubmissionPublished p: submission.Apply(new Event<SubmissionPublished>(p)); break;
            case SubmissionRejected r: submission.Apply(r); break;
            case SubmissionHidden h: submission.Apply(h); break;
            case SubmissionFlagged f: submission.Apply(new Event<SubmissionFlagged>(f)); break;
            default: throw new ArgumentException(e.GetType().Name);
        }

        return submission;
    }

    private static Submission InStatus(SubmissionStatus status, Consultation consultation)
    {
        var submission = Submitted(consultation);
        return status switch
        {
            SubmissionStatus.Received => submission,
            SubmissionStatus.Published => Apply(submission, new SubmissionPublished(submission.Id, consultation.Id, Moderator.PersonId, false)),
            SubmissionStatus.Rejected => Apply(submission, new SubmissionRejected(submission.Id, consultation.Id, "off topic", Moderator.PersonId)),
            SubmissionStatus.Hidden => Apply(
                Apply(submission, new SubmissionPublished(submission.Id, consultation.Id, Moderator.PersonId, false)),
                new SubmissionHidden(submission.Id, consultation.Id, "abusive", Moderator.PersonId)),
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
    }

    // ---- submitting ----

    [Fact]
    public void a_pre_moderated_consultation_receives_an_input_and_waits()
    {
        var consultation = Consultation(preModerated: true);
        var point = PointOf(consultation);
        var input = Input("  **Lower** the cost  ", "fr-ca", "  Remittances ", point.Id);
        Assert.True(SubmissionDecisions.Check(Author, input, consultation, point, accredited: true).IsNone());

        var id = Guid.NewGuid();
        var received = Assert.IsType<SubmissionReceived>(Assert.Single(SubmissionDecisions.Submit(Author, input, consultation, point, id)));
        Assert.Equal(id, received.SubmissionId);
        Assert.Equal(consultation.Id, received.ConsultationId);
        Assert.Equal(point.Id, received.ActionPointId);
        Assert.Equal(4, received.ActionPointNumber);
        Assert.Equal("**Lower** the cost", received.BodyMarkdown);
        Assert.Equal("<p><strong>Lower</strong> the cost</p>", received.BodyHtml);
        Assert.Equal("Remittances", received.Title);
        Assert.Equal("fr-CA", received.Language);
        Assert.Equal(Author.PersonId, received.PersonId);
        Assert.Equal(Author.OrganisationId, received.OrganisationId);
        Assert.Equal(StakeholderGroup.CivilSociety, received.OrganisationGroup);
    }

    [Fact]
    public void a_post_moderated_consultation_publishes_an_input_at_once()
    {
        var consultation = Consultation(preModerated: false);
        var events = SubmissionDecisions.Submit(Author, Input(), consultation, null, Guid.NewGuid());
        Assert.Collection(events,
            e => Assert.IsType<SubmissionReceived>(e),
            e =>
            {
                var published = Assert.IsType<SubmissionPublished>(e);
                Assert.True(published.OnReceipt);
                Assert.Equal(Author.PersonId, published.PublishedBy);
            });
        Assert.Equal(SubmissionStatus.Published, Submitted(consultation).Status);
    }

    [Fact]
    public void an_input_on_the_whole_consultation_names_no_point()
    {
        var received = (SubmissionReceived)SubmissionDecisions.Submit(Author, Input(), Consultation(), null, Guid.NewGuid())[0];
        Assert.Null(received.ActionPointId);
        Assert.Null(received.ActionPointNumber);
        Assert.Null(received.Title);
    }

    [Theory]
    [InlineData(ConsultationPhase.Inputs, true)]
    [InlineData(ConsultationPhase.Drafting, true)]
    [InlineData(ConsultationPhase.Preparation, false)]
    [InlineData(ConsultationPhase.Endorsement, false)]
    [InlineData(ConsultationPhase.Concluded, false)]
    public void inputs_are_submitted_in_the_inputs_and_drafting_phases_only(ConsultationPhase phase, bool allowed)
    {
        var problem = SubmissionDecisions.Check(Author, Input(), Consultation(phase), null, accredited: true);
        if (allowed) Assert.True(problem.IsNone());
        else Assert.Equal("https://consultation.dev/problems/wrong-phase", problem.Type);
    }

    [Fact]
    public void a_person_acting_for_no_organisation_may_not_submit()
    {
        var individual = new Actor(Guid.NewGuid(), "Someone", Guid.Empty, "", StakeholderGroup.CivilSociety,
            new HashSet<PlatformRole> { PlatformRole.Participant });
        Assert.Equal(403, SubmissionDecisions.Check(individual, Input(), Consultation(), null, accredited: true).Status);
    }

    [Theory]
    [InlineData(StakeholderGroup.MemberState)]
    [InlineData(StakeholderGroup.PrivateSector)]
    [InlineData(StakeholderGroup.MigrantOrDiasporaOrganisation)]
    public void any_stakeholder_group_may_submit(StakeholderGroup group) =>
        Assert.True(SubmissionDecisions.Check(Delegates.Of("Someone", group), Input(), Consultation(), null, accredited: true).IsNone());

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n ")]
    public void an_empty_body_is_refused(string? body)
    {
        var problem = Assert.IsType<ValidationProblemDetails>((SubmissionDecisions.Check(Author, Input(body), Consultation(), null, accredited: true)).AsProblem());
        Assert.Equal(["body"], problem.Errors.Keys);
    }

    [Fact]
    public void the_body_may_be_as_long_as_the_limit_and_no_longer()
    {
        Assert.True(SubmissionDecisions.Check(Author, Input(new string('a', SubmissionDecisions.MaxBodyLength)), Consultation(), null, accredited: true).IsNone());
        var problem = Assert.IsType<ValidationProblemDetails>((
            SubmissionDecisions.Check(Author, Input(new string('a', SubmissionDecisions.MaxBodyLength + 1)), Consultation(), null, accredited: true)).AsProblem());
        Assert.Equal(["body"], problem.Errors.Keys);
    }

    [Fact]
    public void every_invalid_field_is_named_at_once()
    {
        var consultation = Consultation();
        var otherConsultationsPoint = PointOf(Consultation());
        var problem = Assert.IsType<ValidationProblemDetails>((SubmissionDecisions.Check(Author,
            Input("", "english", new string('t', SubmissionDecisions.MaxTitleLength + 1), otherConsultationsPoint.Id),
            consultation, otherConsultationsPoint, accredited: true)).AsProblem());
        Assert.Equal(["actionPointId", "body", "language", "title"], problem.Errors.Keys.Order());
    }

    [Fact]
    public void an_unknown_action_point_is_refused_on_its_field()
    {
        var problem = Assert.IsType<ValidationProblemDetails>((SubmissionDecisions.Check(Author, Input(point: Guid.NewGuid()), Consultation(), null, accredited: true)).AsProblem());
        Assert.Equal(["actionPointId"], problem.Errors.Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("en_GB")]
    public void a_missing_or_malformed_language_is_refused(string? language)
    {
        var problem = Assert.IsType<ValidationProblemDetails>((SubmissionDecisions.Check(Author, Input(language: language), Consultation(), null, accredited: true)).AsProblem());
        Assert.Equal(["language"], problem.Errors.Keys);
    }

    [Fact]
    public void a_body_with_a_nul_character_is_refused()
    {
        var problem = Assert.IsType<ValidationProblemDetails>((SubmissionDecisions.Check(Author, Input("a\0b"), Consultation(), null, accredited: true)).AsProblem());
        Assert.Equal(["body"], problem.Errors.Keys);
    }

    [Fact]
    public void hostile_markdown_is_kept_as_written_and_rendered_inert()
    {
        var body = "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>";
        var received = (SubmissionReceived)SubmissionDecisions.Submit(Author, Input(body), Consultation(), null, Guid.NewGuid())[0];
        Assert.Equal(body, received.BodyMarkdown);
        Assert.DoesNotContain("<script", received.BodyHtml);
        Assert.DoesNotContain("javascript:", received.BodyHtml);
        Assert.DoesNotContain("<img", received.BodyHtml);
    }

    // ---- moderating ----

    [Theory]
    [InlineData(ModerationAct.Publish, SubmissionStatus.Received, true)]
    [InlineData(ModerationAct.Publish, SubmissionStatus.Published, false)]
    [InlineData(ModerationAct.Publish, SubmissionStatus.Rejected, false)]
    [InlineData(ModerationAct.Publish, SubmissionStatus.Hidden, false)]
    [InlineData(ModerationAct.Reject, SubmissionStatus.Received, true)]
    [InlineData(ModerationAct.Reject, SubmissionStatus.Published, false)]
    [InlineData(ModerationAct.Reject, SubmissionStatus.Rejected, false)]
    [InlineData(ModerationAct.Reject, SubmissionStatus.Hidden, false)]
    [InlineData(ModerationAct.Hide, SubmissionStatus.Received, false)]
    [InlineData(ModerationAct.Hide, SubmissionStatus.Published, true)]
    [InlineData(ModerationAct.Hide, SubmissionStatus.Rejected, false)]
    [InlineData(ModerationAct.Hide, SubmissionStatus.Hidden, false)]
    public void each_moderation_act_applies_to_one_status_only(ModerationAct act, SubmissionStatus status, bool allowed)
    {
        var consultation = Consultation();
        var submission = InStatus(status, consultation);
        var problem = SubmissionDecisions.CheckModeration(Moderator, act, "a reason", submission, consultation);
        if (allowed) Assert.True(problem.IsNone());
        else
        {
            Assert.Equal(409, problem.Status);
            Assert.Equal("https://consultation.dev/problems/submission-status", problem.Type);
            Assert.Equal(SubmissionDecisions.Name(status), problem.Extensions["submissionStatus"]);
        }
    }

    [Fact]
    public void publishing_rejecting_and_hiding_change_the_status_and_keep_the_reason()
    {
        var consultation = Consultation();
        var published = Submitted(consultation);
        Apply(published, SubmissionDecisions.Moderate(Moderator, ModerationAct.Publish, null, published));
        Assert.Equal(SubmissionStatus.Published, published.Status);

        var e = Assert.IsType<SubmissionHidden>(SubmissionDecisions.Moderate(Moderator, ModerationAct.Hide, " abusive ", published));
        Assert.Equal("abusive", e.Reason);
        Assert.Equal(Moderator.PersonId, e.HiddenBy);
        Apply(published, e);
        Assert.Equal(SubmissionStatus.Hidden, published.Status);
        Assert.Equal("abusive", published.HiddenReason);

        var rejected = Submitted(consultation);
        var r = Assert.IsType<SubmissionRejected>(SubmissionDecisions.Moderate(Moderator, ModerationAct.Reject, "off topic", rejected));
        Apply(rejected, r);
        Assert.Equal(SubmissionStatus.Rejected, rejected.Status);
        Assert.Equal("off topic", rejected.RejectionReason);
    }

    [Theory]
    [InlineData(ModerationAct.Publish)]
    [InlineData(ModerationAct.Reject)]
    [InlineData(ModerationAct.Hide)]
    public void participants_do_not_moderate(ModerationAct act)
    {
        var consultation = Consultation();
        var submission = InStatus(act == ModerationAct.Hide ? SubmissionStatus.Published : SubmissionStatus.Received, consultation);
        Assert.Equal(403, SubmissionDecisions.CheckModeration(Author, act, "reason", submission, consultation).Status);
        Assert.Equal(403, SubmissionDecisions.CheckModeration(Delegates.State(), act, "reason", submission, consultation).Status);
    }

    [Fact]
    public void co_chairs_moderate_and_admins_who_were_not_appointed_do_not()
    {
        var consultation = Consultation();
        var coChair = Delegates.Of("Nigeria", StakeholderGroup.MemberState, PlatformRole.CoChair);
        var admin = Delegates.Of("Secretariat", StakeholderGroup.IntergovernmentalOrganisation, PlatformRole.Admin);
        Assert.True(SubmissionDecisions.CheckModeration(coChair, ModerationAct.Publish, null, Submitted(consultation), consultation).IsNone());
        Assert.Equal(403, SubmissionDecisions.CheckModeration(admin, ModerationAct.Publish, null, Submitted(consultation), consultation).Status);
    }

    [Theory]
    [InlineData(ModerationAct.Reject, null)]
    [InlineData(ModerationAct.Reject, " ")]
    [InlineData(ModerationAct.Hide, null)]
    [InlineData(ModerationAct.Hide, "")]
    public void rejecting_and_hiding_need_a_reason(ModerationAct act, string? reason)
    {
        var consultation = Consultation();
        var submission = InStatus(act == ModerationAct.Hide ? SubmissionStatus.Published : SubmissionStatus.Received, consultation);
        var problem = Assert.IsType<ValidationProblemDetails>((SubmissionDecisions.CheckModeration(Moderator, act, reason, submission, consultation)).AsProblem());
        Assert.Equal(["reason"], problem.Errors.Keys);
    }

    [Fact]
    public void an_oversize_reason_is_refused()
    {
        var consultation = Consultation();
        var problem = Assert.IsType<ValidationProblemDetails>((SubmissionDecisions.CheckModeration(Moderator, ModerationAct.Reject,
            new string('r', FreeText.MaxReasonLength + 1), Submitted(consultation), consultation)).AsProblem());
        Assert.Equal(["reason"], problem.Errors.Keys);
    }

    [Fact]
    public void moderation_goes_on_after_drafting_but_not_in_preparation()
    {
        var submission = Submitted(Consultation());
        Assert.True(SubmissionDecisions.CheckModeration(Moderator, ModerationAct.Publish, null, submission, Consultation(ConsultationPhase.Concluded)).IsNone());
        Assert.Equal("https://consultation.dev/problems/wrong-phase",
            SubmissionDecisions.CheckModeration(Moderator, ModerationAct.Publish, null, submission, Consultation(ConsultationPhase.Preparation)).Type);
    }

    // ---- who sees what ----

    [Theory]
    [InlineData(SubmissionStatus.Received)]
    [InlineData(SubmissionStatus.Rejected)]
    [InlineData(SubmissionStatus.Hidden)]
    public void an_input_that_is_not_published_is_seen_by_its_author_and_moderators_only(SubmissionStatus status)
    {
        var submission = InStatus(status, Consultation());
        Assert.True(SubmissionDecisions.MaySee(Author, submission));
        Assert.True(SubmissionDecisions.MaySee(Moderator, submission));
        Assert.False(SubmissionDecisions.MaySee(null, submission));
        Assert.False(SubmissionDecisions.MaySee(Delegates.CivilSociety("Another NGO"), submission));
        // A colleague acting for the same organisation is not its author.
        Assert.False(SubmissionDecisions.MaySee(Author with { PersonId = Guid.NewGuid() }, submission));
    }

    [Fact]
    public void a_published_input_is_seen_by_everyone()
    {
        var submission = InStatus(SubmissionStatus.Published, Consultation());
        Assert.True(SubmissionDecisions.MaySee(null, submission));
        Assert.True(SubmissionDecisions.MaySee(Delegates.State(), submission));
    }

    [Fact]
    public void the_public_sees_the_organisation_but_not_the_person_nor_the_flags()
    {
        var consultation = Consultation();
        var submission = InStatus(SubmissionStatus.Published, consultation);
        var reader = Delegates.State("Peru");
        Apply(submission, SubmissionDecisions.Flag(reader, "misleading", submission));

        var @public = SubmissionDecisions.View(submission, null);
        Assert.Equal(Author.OrganisationName, @public.OrganisationName);
        Assert.Null(@public.PersonName);
        Assert.Null(@public.Flags);
        Assert.Null(@public.FlagCount);
        Assert.Equal($"/api/submissions/{submission.Id}", @public.Href);

        var author = SubmissionDecisions.View(submission, Author);
        Assert.Equal(Author.PersonName, author.PersonName);
        Assert.Null(author.Flags);

        var moderator = SubmissionDecisions.View(submission, Moderator);
        Assert.Equal(1, moderator.FlagCount);
        var flag = Assert.Single(moderator.Flags!);
        Assert.Equal(reader.PersonId, flag.PersonId);
        Assert.Equal("misleading", flag.Reason);
    }

    [Fact]
    public void the_author_sees_why_their_input_was_rejected()
    {
        var submission = InStatus(SubmissionStatus.Rejected, Consultation());
        Assert.Equal("off topic", SubmissionDecisions.View(submission, Author).RejectionReason);
    }

    // ---- flagging ----

    [Fact]
    public void a_reader_flags_a_published_input_once()
    {
        var consultation = Consultation();
        var submission = InStatus(SubmissionStatus.Published, consultation);
        var reader = Delegates.State("Peru");
        Assert.True(SubmissionDecisions.CheckFlag(reader, "misleading", submission, consultation, accredited: true).IsNone());

        var flagged = SubmissionDecisions.Flag(reader, " misleading ", submission);
        Assert.Equal("misleading", flagged.Reason);
        Assert.Equal(reader.PersonId, flagged.FlaggedBy);
        Assert.Equal(reader.OrganisationId, flagged.OrganisationId);
        Apply(submission, flagged);

        var again = SubmissionDecisions.CheckFlag(reader, "still misleading", submission, consultation, accredited: true);
        Assert.Equal(409, again.Status);
        Assert.Equal("https://consultation.dev/problems/already-flagged", again.Type);
        Assert.True(SubmissionDecisions.CheckFlag(Delegates.State("Chile"), "misleading", submission, consultation, accredited: true).IsNone());
    }

    [Fact]
    public void a_person_acting_for_no_organisation_flags_as_themselves()
    {
        var submission = InStatus(SubmissionStatus.Published, Consultation());
        var flagged = SubmissionDecisions.Flag(Moderator, "check this", submission);
        Assert.Null(flagged.OrganisationId);
        Assert.Null(flagged.OrganisationName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void a_flag_needs_a_reason(string? reason)
    {
        var consultation = Consultation();
        var problem = Assert.IsType<ValidationProblemDetails>((
            SubmissionDecisions.CheckFlag(Delegates.State(), reason, InStatus(SubmissionStatus.Published, consultation), consultation, accredited: true)).AsProblem());
        Assert.Equal(["reason"], problem.Errors.Keys);
    }

    [Theory]
    [InlineData(SubmissionStatus.Received)]
    [InlineData(SubmissionStatus.Rejected)]
    [InlineData(SubmissionStatus.Hidden)]
    public void an_input_that_is_not_published_is_not_found_by_a_reader_and_not_flagged_by_its_author(SubmissionStatus status)
    {
        var consultation = Consultation();
        var submission = InStatus(status, consultation);
        Assert.Equal(404, SubmissionDecisions.CheckFlag(Delegates.State(), "x", submission, consultation, accredited: true).Status);
        Assert.Equal(409, SubmissionDecisions.CheckFlag(Author, "x", submission, consultation, accredited: true).Status);
    }

    [Fact]
    public void flagging_is_closed_in_preparation()
    {
        var submission = InStatus(SubmissionStatus.Published, Consultation());
        Assert.Equal("https://consultation.dev/problems/wrong-phase",
            SubmissionDecisions.CheckFlag(Delegates.State(), "x", submission, Consultation(ConsultationPhase.Preparation), accredited: true).Type);
    }
}
