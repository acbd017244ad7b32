using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.Endorsements;

/// <summary>
/// Endorsing reads the point, its consultation and the accreditation in one round trip once the point's consultation
/// is remembered (<see cref="PointHomes"/>): a remembered consultation that is wrong must never decide.
/// </summary>
[Collection(PlatformCollection.Name)]
public class PointHomesTests(AppFixture app)
{
    private Task<HttpResponseMessage> Endorse(Actor actor, Guid pointId, string? reservation = null) =>
        app.ClientFor(actor).PostAsJsonAsync($"/api/action-points/{pointId}/endorsements", new { version = 1, reservation }, AppFixture.Json);

    [Fact]
    public async Task a_wrong_remembered_consultation_is_read_again_and_the_point_s_own_consultation_decides()
    {
        var open = await app.NewConsultation(ConsultationPhase.Endorsement);
        var closed = await app.NewConsultation(ConsultationPhase.Concluded);
        var point = open.ActionPoints.First();
        var chile = Delegates.State("Chile");
        (await Endorse(chile, point.Id)).EnsureSuccessStatusCode(); // the point's consultation is remembered now

        // Planted: the point "belongs" to a concluded consultation, where endorsing is refused.
        PointHomes.Remember(point.Id, closed.Id);
        var response = await Endorse(chile, point.Id, reservation: "Read against the right consultation");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<EndorsementReceipt>(AppFixture.Json))!;
        Assert.True(receipt.Changed);
        Assert.Equal("Read against the right consultation", receipt.Reservation);

        // And the other way round: a point of the concluded consultation remembered under the open one is still refused.
        var concludedPoint = closed.ActionPoints.First();
        PointHomes.Remember(concludedPoint.Id, open.Id);
        var refused = await Endorse(chile, concludedPoint.Id);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }

    [Fact]
    public async Task an_unknown_point_is_not_found_whether_or_not_something_was_remembered_for_it()
    {
        var open = await app.NewConsultation(ConsultationPhase.Endorsement);
        var unknown = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await Endorse(Delegates.State("Bolivia"), unknown)).StatusCode);
        PointHomes.Remember(unknown, open.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await Endorse(Delegates.State("Bolivia"), unknown)).StatusCode);
    }
}
