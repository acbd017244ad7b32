using System.Text.Json;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.LivePush;

namespace ConsultationPlatform.Tests.LivePush;

public class LiveStreamTests
{
    private static readonly Guid Consultation = Guid.NewGuid();
    private static readonly Guid Person = Guid.NewGuid();
    private static readonly Guid Session = Guid.NewGuid();

    [Fact]
    public void a_stream_is_named_as_the_clients_know_it()
    {
        Assert.Equal($"consultation:{Consultation:N}", LiveStream.Public(Consultation).ToString());
        Assert.Equal($"moderation:{Consultation:N}", LiveStream.Moderation(Consultation).ToString());
        Assert.Equal($"person:{Person:N}", LiveStream.Person(Person).ToString());
        Assert.Equal($"session:{Session:N}", LiveStream.Session(Session).ToString());
        Assert.Equal(LiveStream.Public(Consultation), LiveStream.Public(Consultation));
        Assert.NotEqual(LiveStream.Public(Consultation), LiveStream.Moderation(Consultation));
    }

    private static ConsultationChange Change(ChangeAudience audience, Guid? audiencePerson = null, Guid? concerns = null, Guid? session = null) => new()
    {
        Id = 1, ConsultationId = Consultation, Type = "endorsement_given", Audience = audience, AudiencePersonId = audiencePerson,
        ConcernsPersonId = concerns, SessionId = session, Data = JsonSerializer.SerializeToElement(new { x = 1 }),
    };

    [Fact]
    public void a_public_change_goes_to_the_public_and_moderation_streams_and_to_whom_it_concerns()
    {
        Assert.Equal([LiveStream.Public(Consultation), LiveStream.Moderation(Consultation)], LiveStream.Of(Change(ChangeAudience.Public)));
        Assert.Equal([LiveStream.Public(Consultation), LiveStream.Moderation(Consultation), LiveStream.Person(Person), LiveStream.Session(Session)],
            LiveStream.Of(Change(ChangeAudience.Public, concerns: Person, session: Session)));
    }

    [Fact]
    public void a_private_change_goes_to_the_moderators_and_its_person_only()
    {
        Assert.Equal([LiveStream.Moderation(Consultation)], LiveStream.Of(Change(ChangeAudience.Moderators, session: Session)));
        Assert.Equal([LiveStream.Moderation(Consultation), LiveStream.Person(Person)], LiveStream.Of(Change(ChangeAudience.Moderators, audiencePerson: Person)));
    }

    [Fact]
    public void only_the_public_stream_leaves_out_what_the_board_entries_say_and_only_moderation_carries_the_queue()
    {
        var change = Change(ChangeAudience.Public);
        Assert.Null(LiveStream.Public(Consultation).Message(change).Data);
        Assert.NotNull(LiveStream.Moderation(Consultation).Message(change).Data);
        Assert.NotNull(LiveStream.Session(Session).Message(change).Data);
        Assert.True(LiveStream.Moderation(Consultation).CarriesTheQueue);
        Assert.False(LiveStream.Public(Consultation).CarriesTheQueue);
        Assert.False(LiveStream.Person(Person).CarriesTheQueue);
    }
}
