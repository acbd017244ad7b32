using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Outcome.Summary;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.Web;

/// <summary>The co-chairs edit the summary's draft and publish it through the summary page's forms (no script needed).</summary>
[Collection(PlatformCollection.Name)]
public sealed class SummaryFormTests(AppFixture app)
{
    [Fact]
    public async Task a_co_chair_edits_publishes_and_discards_through_the_page_and_a_stale_or_foreign_write_changes_nothing()
    {
        var board = await app.NewConsultation(ConsultationPhase.Concluded);
        var path = $"/consultations/{board.Id}/summary";

        // The public sees the document, not the forms.
        var anonymous = await new Visitor(app).Page(path);
        Assert.Null(anonymous.Page.QuerySelector("#summary-edit"));

        var chair = new Visitor(app);
        await chair.SignIn((await app.NewAccount(name: "Co-chair of the summary", roles: [PlatformRole.CoChair])).Email);
        var (_, page) = await chair.Page(path);
        var form = page.QuerySelector("#summary-edit form textarea#draftMarkdown");
        Assert.NotNull(form);
        Assert.Contains("Pursue a whole-of-government approach", form!.TextContent); // the generated draft to start from
        Assert.Equal("0", page.QuerySelector("#summary-edit input[name=draftVersion]")!.GetAttribute("value"));

        var edited = await chair.Post($"{path}?handler=edit", new() { ["draftMarkdown"] = "# Our summary\n\nAs the co-chairs wrote it.", ["draftVersion"] = "0" }, path);
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal($"{path}?done=edited#summary-edit", edited.Headers.Location!.OriginalString);
        Assert.Equal("# Our summary\n\nAs the co-chairs wrote it.", await app.Http.GetStringAsync($"/api/consultations/{board.Id}/summary/markdown"));

        // A write against the version read before the edit is refused with the API's 409, on the page, and changes nothing.
        var (status, refused, _) = await chair.Submit($"{path}?handler=edit", new() { ["draftMarkdown"] = "Late words.", ["draftVersion"] = "0" }, path);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.NotNull(refused.QuerySelector("#problem"));
        Assert.Equal("Late words.", refused.QuerySelector("textarea#draftMarkdown")!.TextContent); // what was typed is kept
        Assert.Equal("# Our summary\n\nAs the co-chairs wrote it.", await app.Http.GetStringAsync($"/api/consultations/{board.Id}/summary/markdown"));

        var published = await chair.Post($"{path}?handler=publish", new() { ["draftVersion"] = "1" }, path);
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var version = await app.Http.GetFromJsonAsync<PublishedSummary>($"/api/consultations/{board.Id}/summary/versions/1", AppFixture.Json);
        Assert.Equal("# Our summary\n\nAs the co-chairs wrote it.", version!.Markdown);
        var (_, after) = await chair.Page($"{path}?done=published");
        Assert.NotNull(after.QuerySelector("#summary-edit .notice"));

        var discarded = await chair.Post($"{path}?handler=discard", new() { ["draftVersion"] = "2" }, path);
        Assert.Equal(HttpStatusCode.Redirect, discarded.StatusCode);
        Assert.Contains("Pursue a whole-of-government approach", await app.Http.GetStringAsync($"/api/consultations/{board.Id}/summary/markdown"));

        // A delegate has no form, and posting one anyway is the API's 403.
        var organisation = await app.NewOrganisation("Chile", StakeholderGroup.MemberState);
        var delegate_ = new Visitor(app);
        await delegate_.SignIn((await app.NewAccount(organisations: organisation)).Email);
        Assert.Null((await delegate_.Page(path)).Page.QuerySelector("#summary-edit"));
        var (forbidden, _, _) = await delegate_.Submit($"{path}?handler=publish", new() { ["draftVersion"] = "3" }, path);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden);
        Assert.Single((await app.Http.GetFromJsonAsync<SummaryView>($"/api/consultations/{board.Id}/summary", AppFixture.Json))!.Published);
    }
}
