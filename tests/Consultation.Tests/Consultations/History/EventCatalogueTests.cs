using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.LiveSessions;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using JasperFx.Events;

namespace ConsultationPlatform.Tests.Consultations.History;

public class EventCatalogueTests
{
    private static readonly Type[] EventTypes = typeof(IConsultationEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IConsultationEvent).IsAssignableFrom(t))
        .OrderBy(t => t.FullName)
        .ToArray();

    [Fact]
    public void every_event_of_a_consultation_is_classified()
    {
        Assert.NotEmpty(EventTypes);
        var forgotten = EventTypes.Where(t => EventCatalogue.Of(t) is null).Select(t => t.FullName).ToList();
        Assert.True(forgotten.Count == 0, $"Not in Consultations/History/EventCatalogue.cs: {string.Join(", ", forgotten)}");
    }

    [Fact]
    public void the_catalogue_holds_only_events_of_a_consultation_each_once()
    {
        Assert.All(EventCatalogue.All, k => Assert.True(typeof(IConsultationEvent).IsAssignableFrom(k.Type), k.Type.Name));
        Assert.Equal(EventCatalogue.All.Count, EventCatalogue.All.Select(k => k.Type).Distinct().Count());
        Assert.Equal(EventTypes.Length, EventCatalogue.All.Count);
    }

    [Fact]
    public void an_event_is_known_by_the_name_the_store_gives_it()
    {
        foreach (var kind in EventCatalogue.All)
        {
            Assert.Equal(kind.Type.GetEventTypeName(), kind.Name);
            Assert.Same(kind, EventCatalogue.Named(kind.Name));
        }

        Assert.Equal("endorsement_given", EventCatalogue.NameOf<ConsultationPlatform.Endorsements.EndorsementGiven>());
        Assert.Null(EventCatalogue.Named("no_such_event"));
    }

    [Fact]
    public void the_moderation_queue_changes_with_every_input_amendment_and_accreditation_event_and_nothing_else()
    {
        var queueTypes = new[] { typeof(SubmissionReceived).Namespace, typeof(ConsultationPlatform.Amendments.AmendmentProposed).Namespace };
        foreach (var kind in EventCatalogue.All)
        {
            var expected = queueTypes.Contains(kind.Type.Namespace) || kind.Type.Name.StartsWith("Accreditation", StringComparison.Ordinal);
            Assert.True(expected == kind.Has(EventTraits.ChangesTheQueue), kind.Type.Name);
        }
    }

    [Fact]
    public void private_items_are_the_moderators_and_reach_the_person_they_concern()
    {
        var person = Guid.NewGuid();
        var requested = new AccreditationRequested(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "Org", StakeholderGroup.CivilSociety, null, person);
        var kind = EventCatalogue.Of(requested)!;
        Assert.Equal(ChangeAudience.Moderators, kind.Audience);
        Assert.Equal(person, kind.PrivateTo(requested));

        Assert.Equal(ChangeAudience.Public, EventCatalogue.Of(typeof(AccreditationGranted))!.Audience);
        Assert.Null(EventCatalogue.Of(typeof(AccreditationGranted))!.PrivateTo(new AccreditationGranted(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), person)));
    }

    [Fact]
    public void a_statement_awaiting_approval_is_private_to_its_author_until_approved()
    {
        Assert.Equal(ChangeAudience.Public, EventCatalogue.Of(typeof(StatementDelivered))!.Audience);
        Assert.Equal(ChangeAudience.Moderators, EventCatalogue.StatementAwaitingApproval.Audience);
    }

    [Fact]
    public void public_decisions_on_a_persons_item_name_the_item()
    {
        var deciding = EventCatalogue.All.Where(k => k.Decides is not null).Select(k => k.Type.Name).Order().ToList();
        Assert.Equal(["AmendmentAccepted", "AmendmentFoundInConflict", "AmendmentRejected", "SubmissionHidden", "SubmissionPublished"], deciding);
        Assert.All(EventCatalogue.All.Where(k => k.Decides is not null), k => Assert.Equal(ChangeAudience.Public, k.Audience));

        var submissionId = Guid.NewGuid();
        Assert.Equal(new OwnItem(OwnItemKind.Input, submissionId),
            EventCatalogue.Of(typeof(SubmissionHidden))!.Decides!(new SubmissionHidden(submissionId, Guid.NewGuid(), "off topic", Guid.NewGuid())));
    }
}
