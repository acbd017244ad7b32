using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.Amendments;

/// <summary>The amendment and action point endpoints as the tests call them.</summary>
public sealed class AmendmentApi(AppFixture app)
{
    public AppFixture App => app;

    /// <summary>An action point of a consultation of the test's own, in the drafting phase unless told otherwise.</summary>
    public async Task<BoardActionPoint> Point(int number = 4, ConsultationPhase phase = ConsultationPhase.Drafting, bool allowsEarlyEndorsement = false)
    {
        var board = await app.NewConsultation(phase, allowsEarlyEndorsement);
        return board.ActionPoints.Single(p => p.Number == number);
    }

    public Task<HttpResponseMessage> Propose(Actor actor, Guid pointId, int baseVersion, string? text, string? rationale = "Clearer wording.") =>
        app.ClientFor(actor).PostAsJsonAsync($"/api/action-points/{pointId}/amendments", new { baseVersion, text, rationale }, AppFixture.Json);

    /// <summary>Proposes and returns the new amendment's id, failing the test if it is not created.</summary>
    public async Task<Guid> Proposed(Actor actor, Guid pointId, int baseVersion, string text)
    {
        var response = await Propose(actor, pointId, baseVersion, text);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AmendmentProposal>(AppFixture.Json))!.AmendmentId;
    }

    public Task<HttpResponseMessage> Act(Actor actor, Guid amendmentId, string act, object? body = null) =>
        body is null
            ? app.ClientFor(actor).PostAsync($"/api/amendments/{amendmentId}/{act}", null)
            : app.ClientFor(actor).PostAsJsonAsync($"/api/amendments/{amendmentId}/{act}", body, AppFixture.Json);

    public Task<HttpResponseMessage> Accept(Actor moderator, Guid amendmentId) => Act(moderator, amendmentId, "accept");

    public async Task<AmendmentView> Amendment(Guid amendmentId)
    {
        var response = await app.Http.GetAsync($"/api/amendments/{amendmentId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AmendmentView>(AppFixture.Json))!;
    }

    public async Task<ActionPointDetails> ActionPoint(Guid pointId)
    {
        var response = await app.Http.GetAsync($"/api/action-points/{pointId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ActionPointDetails>(AppFixture.Json))!;
    }

    /// <summary>Moves a consultation to another phase directly in the store (the phase endpoint is not what is tested here).</summary>
    public async Task MoveTo(Guid consultationId, ConsultationPhase from, ConsultationPhase to)
    {
        await using var session = app.Store.LightweightSession();
        session.Events.Append(consultationId, new ConsultationPhaseChanged(consultationId, from, to, "test", Guid.Empty));
        await session.SaveChangesAsync();
    }

    public static async Task<ProblemDetails> Problem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ProblemDetails>(AppFixture.Json))!;
    }

    public static async Task<ValidationProblemDetails> Invalid(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(AppFixture.Json))!;
    }

    public static T Extension<T>(ProblemDetails problem, string name) =>
        ((JsonElement)problem.Extensions[name]!).Deserialize<T>(AppFixture.Json)!;
}
