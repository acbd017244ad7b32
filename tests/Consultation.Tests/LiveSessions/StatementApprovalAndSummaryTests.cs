using System.Text.Json;
using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.LiveSessions;
using ConsultationPlatform.Stakeholders;
using JasperFx.Events;

namespace ConsultationPlatform.Tests.LiveSessions;

/// <summary>The approval of statements, the summary's draft and editions, and a hidden statement's text in the history: pure decisions.</summary>
public class StatementApprovalAndSummaryTests
{
    private static readonly Guid Item = Guid.NewGuid();
    private static readonly Actor Chair = new(Guid.NewGuid(), "Chair", Guid.Empty, "", default, new HashSet<PlatformRole> { PlatformRole.CoChair });
    private static readonly Actor Ghana = new(Guid.NewGuid(), "Delegate", Guid.NewGuid(), "Ghana", StakeholderGroup.MemberState, new HashSet<PlatformRole> { PlatformRole.Participant });
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private static Session SessionOf(bool needApproval, SessionStatus status = SessionStatus.Open) => new()
    {
        Id = Guid.NewGuid(), ConsultationId = Guid.NewGuid(), Status = status, StatementsNeedApproval = needApproval,
        Agenda = [new AgendaItem(Item, 1, AgendaItemKind.Free, "Item")], CurrentItemId = Item, ItemsTakenUp = [Item],
    };

    private static Statement Delivered(Session session, bool awaiting, string? hidden = null) => new()
    {
        Id = Guid.NewGuid(), SessionId = session.Id, ConsultationId = session.ConsultationId, ItemId = Item, OrganisationId = Ghana.OrganisationId,
        OrganisationName = "Ghana", Language = "en", Text = "Thank you, co-chairs.", DeliveredAt = Now, DeliveredBy = Ghana.PersonId,
        AwaitsApproval = awaiting, HiddenReason = hidden,
    };

    [Fact]
    public void in_a_session_that_needs_approval_a_delegates_statement_awaits_it_and_one_the_chair_records_does_not()
    {
        var session = SessionOf(needApproval: true);
        var inscription = new Inscription { Id = Guid.NewGuid(), SessionId = session.Id, ItemId = Item, OrganisationId = Ghana.OrganisationId, OrganisationName = "Ghana", Active = true, Round = 1 };
        var (_, byDelegate) = SessionDecisions.Deliver(Ghana, true, session, new DeliverStatement(Item, "Text.", "en"), [inscription], Guid.NewGuid(), Now);
        Assert.True(Assert.IsType<StatementDelivered>(Assert.Single(byDelegate)).AwaitsApproval);
        var (_, byChair) = SessionDecisions.Deliver(Chair, false, session, new DeliverStatement(Item, "Spoken.", "en", null, inscription.Id), [inscription], Guid.NewGuid(), Now);
        Assert.False(Assert.IsType<StatementDelivered>(Assert.Single(byChair)).AwaitsApproval);
        var (_, elsewhere) = SessionDecisions.Deliver(Ghana, true, SessionOf(needApproval: false), new DeliverStatement(Item, "Text.", "en"), [inscription], Guid.NewGuid(), Now);
        Assert.False(Assert.IsType<StatementDelivered>(Assert.Single(elsewhere)).AwaitsApproval);
    }

    [Fact]
    public void only_the_chair_approves_once_twice_changes_nothing_and_a_hidden_statement_is_not_approved()
    {
        var session = SessionOf(needApproval: true);
        var statement = Delivered(session, awaiting: true);
        Assert.False(statement.IsPublic);
        Assert.Equal(403, SessionDecisions.Approve(Ghana, statement).Item1.Status);
        Assert.Equal(401, SessionDecisions.Approve(null, statement).Item1.Status);

        var (problem, events) = SessionDecisions.Approve(Chair, statement);
        Assert.True(problem.IsNone());
        var approved = Assert.IsType<StatementApproved>(Assert.Single(events));
        Assert.Equal((statement.Id, "Thank you, co-chairs.", Chair.PersonId), (approved.StatementId, approved.Text, approved.ApprovedBy));
        statement.Apply(approved);
        Assert.True(statement.IsPublic);

        // Approving again: idempotent (no event, no error), like hiding and pinning.
        var (again, none) = SessionDecisions.Approve(Chair, statement);
        Assert.True(again.IsNone());
        Assert.Empty(none);

        Assert.Equal(409, SessionDecisions.Approve(Chair, Delivered(session, awaiting: true, hidden: "Abusive.")).Item1.Status);
    }

    [Fact]
    public void a_draft_is_saved_again_and_again_then_published_as_an_edition_and_a_new_publication_is_the_next_edition()
    {
        var session = SessionOf(needApproval: true, SessionStatus.Closed);
        var statement = Delivered(session, awaiting: false);
        Assert.Equal(403, SessionDecisions.DraftSummary(Ghana, session, new DraftSummary("Draft."), [statement]).Item1.Status);
        Assert.Equal(409, SessionDecisions.PublishSummary(Chair, session, new PublishSummary(null), [statement]).Item1.Status); // no draft yet

        var (_, first) = SessionDecisions.DraftSummary(Chair, session, new DraftSummary("Draft one."), [statement]);
        session.Apply(Assert.IsType<SessionSummaryDrafted>(Assert.Single(first)));
        var (_, second) = SessionDecisions.DraftSummary(Chair, session, new DraftSummary("Draft two.", [statement.Id]), [statement]);
        session.Apply(Assert.IsType<SessionSummaryDrafted>(Assert.Single(second)));
        Assert.Empty(SessionDecisions.DraftSummary(Chair, session, new DraftSummary("Draft two.", [statement.Id]), [statement]).Item2); // unchanged
        Assert.Null(session.Summary);

        var (problem, published) = SessionDecisions.PublishSummary(Chair, session, new PublishSummary(null), [statement]);
        Assert.True(problem.IsNone());
        var edition = Assert.IsType<SessionSummaryPublished>(Assert.Single(published));
        Assert.Equal(("Draft two.", 1), (edition.Text, edition.Edition));
        Assert.Equal([statement.Id], edition.Cites);
        session.Apply(edition);
        Assert.Null(session.SummaryDraft);

        Assert.Empty(SessionDecisions.PublishSummary(Chair, session, new PublishSummary("Draft two.", [statement.Id]), [statement]).Item2); // the same again
        var (_, corrected) = SessionDecisions.PublishSummary(Chair, session, new PublishSummary("Corrected."), [statement]);
        Assert.Equal(2, Assert.IsType<SessionSummaryPublished>(Assert.Single(corrected)).Edition);
    }

    [Fact]
    public void a_summary_cites_public_statements_of_the_session_only_and_names_any_other()
    {
        var session = SessionOf(needApproval: true, SessionStatus.Closed);
        var hidden = Delivered(session, awaiting: false, hidden: "Off topic.");
        var pending = Delivered(session, awaiting: true);
        var unknown = Guid.NewGuid();
        foreach (var (cite, words) in new[] { (unknown, "is not a statement of this session"), (hidden.Id, "is hidden"), (pending.Id, "awaits the chair's approval") })
        {
            foreach (var problem in new[]
                     {
                         SessionDecisions.PublishSummary(Chair, session, new PublishSummary("Text.", [cite]), [hidden, pending]).Item1,
                         SessionDecisions.DraftSummary(Chair, session, new DraftSummary("Text.", [cite]), [hidden, pending]).Item1,
                     })
            {
                Assert.Equal(400, problem.Status);
                var message = Assert.Single(Assert.IsType<Microsoft.AspNetCore.Mvc.ValidationProblemDetails>(problem.AsProblem()).Errors["cites"]);
                Assert.Contains(cite.ToString(), message);
                Assert.Contains(words, message);
            }
        }
    }

    private static IEvent Event<T>(T data) where T : notnull => new Event<T>(data) { Sequence = 1, StreamId = Guid.NewGuid(), EventTypeName = "x" };

    [Fact]
    public void a_statement_awaiting_approval_and_a_draft_stay_out_of_the_public_history_and_an_approval_enters_it()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var sessionId = Guid.NewGuid();
        var consultationId = Guid.NewGuid();
        StatementDelivered Statement(bool awaiting) => new(Guid.NewGuid(), sessionId, consultationId, Item, null, Ghana.OrganisationId, "Ghana", null, "en", "Text.", null,
            Ghana.PersonId, false, Now, awaiting);

        var pending = ChangeClassifier.Classify(Event(Statement(true)), json)!;
        Assert.Equal((ChangeAudience.Moderators, Ghana.PersonId), (pending.Audience, pending.AudiencePersonId));
        Assert.Equal(ChangeAudience.Public, ChangeClassifier.Classify(Event(Statement(false)), json)!.Audience);
        Assert.Equal(ChangeAudience.Moderators,
            ChangeClassifier.Classify(Event(new SessionSummaryDrafted(sessionId, consultationId, "Draft.", [], Chair.PersonId)), json)!.Audience);
        Assert.Equal(ChangeAudience.Public, ChangeClassifier.Classify(Event(new StatementApproved(Guid.NewGuid(), sessionId, consultationId, Item,
            Ghana.OrganisationId, "Ghana", null, "en", "Text.", null, Now, Chair.PersonId)), json)!.Audience);
    }

    [Fact]
    public void a_hidden_statements_entry_keeps_the_fact_and_the_reason_without_the_text_or_the_link()
    {
        var data = JsonSerializer.SerializeToElement(new { statementId = Guid.NewGuid(), organisationName = "Ghana", text = "Something abusive.", link = "https://example.org/", language = "en" });
        var redacted = HiddenStatements.Redact(data, "Abusive language.");
        var raw = redacted.GetRawText();
        Assert.DoesNotContain("Something abusive", raw);
        Assert.DoesNotContain("example.org", raw);
        Assert.Equal("Ghana", redacted.GetProperty("organisationName").GetString());
        Assert.True(redacted.GetProperty("hidden").GetBoolean());
        Assert.Equal("Abusive language.", redacted.GetProperty("hiddenReason").GetString());
    }
}
