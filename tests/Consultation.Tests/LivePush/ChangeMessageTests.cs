using System.Text.Json;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.LivePush;

namespace ConsultationPlatform.Tests.LivePush;

public class ChangeMessageTests
{
    private static ConsultationChange Change(string type) => new()
    {
        Id = 42, ConsultationId = Guid.NewGuid(), Type = type, At = DateTimeOffset.UtcNow,
        Data = JsonSerializer.SerializeToElement(new { secretish = "the event" }),
    };

    [Theory]
    [InlineData("endorsement_given")]
    [InlineData("endorsement_withdrawn")]
    [InlineData("action_point_revised")]
    public void public_pushes_leave_out_the_event_where_the_board_entries_carry_its_effect(string type)
    {
        Assert.Null(ChangeMessage.ForPublic(Change(type)).Data);
        Assert.NotNull(ChangeMessage.From(Change(type)).Data);
    }

    [Theory]
    [InlineData("consultation_phase_changed")]
    [InlineData("amendment_proposed")]
    [InlineData("submission_published")]
    public void other_public_changes_carry_their_event(string type)
    {
        var message = ChangeMessage.ForPublic(Change(type));
        Assert.Equal("the event", message.Data!.Value.GetProperty("secretish").GetString());
        Assert.Equal(42, message.Position);
    }
}
