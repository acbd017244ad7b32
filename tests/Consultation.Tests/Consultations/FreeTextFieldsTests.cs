using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace ConsultationPlatform.Tests.Consultations;

/// <summary>
/// The free text of amendments (text, rationale), endorsements (reservation) and accreditation requests (statement)
/// goes through the one rule set (FreeText): a NUL, a value of invisible characters only, or a value over the field's
/// limit is a 400 problem naming the field, and changes nothing.
/// </summary>
[Collection(PlatformCollection.Name)]
public class FreeTextFieldsTests(AppFixture app)
{
    public static TheoryData<string, string> BadValues(int limit) => new()
    {
        { "nul", "a\u0000b" },
        { "zero-width only", "\u200B\u200C\u2060\uFEFF" },
        { "over the limit", new string('x', limit + 1) },
    };

    public static TheoryData<string, string> BadAmendmentTexts => BadValues(AmendmentDecisions.MaxTextLength);
    public static TheoryData<string, string> BadRationales => BadValues(AmendmentDecisions.MaxRationaleLength);
    public static TheoryData<string, string> BadReservations => BadValues(EndorsementDecisions.MaxReservationLength);
    public static TheoryData<string, string> BadStatements => BadValues(AccreditationDecisions.MaxTextLength);

    private static async Task<ValidationProblemDetails> Problem(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>())!;
    }

    private async Task<Guid> PointInDrafting()
    {
        var board = await app.NewConsultation(ConsultationPhase.Drafting);
        return board.ActionPoints[0].Id;
    }

    private async Task<int> AmendmentsOf(Guid pointId)
    {
        await using var session = app.Store.QuerySession();
        return await session.Query<Amendment>().CountAsync(a => a.ActionPointId == pointId);
    }

    [Theory]
    [MemberData(nameof(BadAmendmentTexts))]
    public async Task an_amendments_text(string kind, string value)
    {
        var pointId = await PointInDrafting();
        var response = await app.ClientFor(Delegates.CivilSociety()).PostAsJsonAsync($"/api/action-points/{pointId}/amendments",
            new { baseVersion = 1, text = value, rationale = "Clearer wording." }, AppFixture.Json);
        Assert.True((await Problem(response)).Errors.ContainsKey("text"), kind);
        Assert.Equal(0, await AmendmentsOf(pointId));
    }

    [Theory]
    [MemberData(nameof(BadRationales))]
    public async Task an_amendments_rationale(string kind, string value)
    {
        var pointId = await PointInDrafting();
        var response = await app.ClientFor(Delegates.CivilSociety()).PostAsJsonAsync($"/api/action-points/{pointId}/amendments",
            new { baseVersion = 1, text = "A new text for the point.", rationale = value }, AppFixture.Json);
        Assert.True((await Problem(response)).Errors.ContainsKey("rationale"), kind);
        Assert.Equal(0, await AmendmentsOf(pointId));
    }

    [Theory]
    [MemberData(nameof(BadReservations))]
    public async Task an_endorsements_reservation(string kind, string value)
    {
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = board.ActionPoints[0];
        var response = await app.ClientFor(Delegates.State()).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements",
            new { version = 1, reservation = value }, AppFixture.Json);
        Assert.True((await Problem(response)).Errors.ContainsKey("reservation"), kind);
        Assert.Equal(0, (await app.Board(board.Id)).ActionPoints.Single(p => p.Id == point.Id).Endorsements.Total);
    }

    [Theory]
    [MemberData(nameof(BadStatements))]
    public async Task an_accreditation_requests_statement(string kind, string value)
    {
        var board = await app.NewConsultation(ConsultationPhase.Inputs);
        var organisation = await app.NewOrganisation("Migrant Forum", StakeholderGroup.CivilSociety);
        var delegateOf = Delegates.Of(organisation.Name, StakeholderGroup.CivilSociety) with { OrganisationId = organisation.Id };
        var response = await app.ClientFor(delegateOf, accredit: false).PostAsJsonAsync($"/api/consultations/{board.Id}/accreditations",
            new { statement = value }, AppFixture.Json);
        Assert.True((await Problem(response)).Errors.ContainsKey("statement"), kind);
        await using var session = app.Store.QuerySession();
        Assert.Null(await session.Events.FetchStreamStateAsync(Accreditations.IdFor(board.Id, organisation.Id)));
    }

    // The same rules hold where no HTTP body is read (a page's form, a message): in the decisions themselves.
    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("\u200B\u200B")]
    public void the_decisions_refuse_what_the_request_guard_refuses(string value)
    {
        var errors = new List<(string Field, string Message)>();
        AmendmentDecisions.CheckText(errors, value, "text", "The proposed text", AmendmentDecisions.MaxTextLength);
        FreeText.Check(errors, "reservation", value, EndorsementDecisions.MaxReservationLength, required: false, what: "A reservation");
        Assert.Equal(["text", "reservation"], errors.Select(e => e.Field));
    }

    [Fact]
    public void optional_texts_are_stored_trimmed_in_normal_form_c_and_blank_ones_not_at_all()
    {
        Assert.Equal("Caf\u00E9", FreeText.Optional("  Cafe\u0301 "));
        Assert.Null(FreeText.Optional("   "));
        Assert.Null(FreeText.Optional(null));
        var errors = new List<(string Field, string Message)>();
        FreeText.Check(errors, "reservation", "   ", EndorsementDecisions.MaxReservationLength, required: false);
        FreeText.Check(errors, "reservation", "", EndorsementDecisions.MaxReservationLength, required: false);
        Assert.Empty(errors);
    }
}
