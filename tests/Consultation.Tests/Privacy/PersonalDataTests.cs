using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.Hosting;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.Privacy;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;

namespace ConsultationPlatform.Tests.Privacy;

/// <summary>The masking rules, as pure functions over an event's JSON (the shape Marten stores: camelCase).</summary>
public class PersonalDataTests
{
    private static readonly Guid Person = Guid.NewGuid();
    private static readonly Guid Other = Guid.NewGuid();
    private static readonly JsonSerializerOptions Json = Options();

    private static JsonSerializerOptions Options()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ConsultationApp.ConfigureJson(json);
        return json;
    }

    private static JsonObject Data(object e) => JsonSerializer.SerializeToNode(e, e.GetType(), Json)!.AsObject();

    private static ErasureSubject Subject(params Guid[] accepted) => new(Person, "ana@example.org", accepted.ToHashSet());

    private static SubmissionReceived Input(Guid author) => new(Guid.NewGuid(), Guid.NewGuid(), null, null, "My title", "My **body**", "<p>My <strong>body</strong></p>",
        "en", author, "Ana Ruiz", Guid.NewGuid(), "Migrant Forum", StakeholderGroup.CivilSociety);

    [Fact]
    public void the_authors_name_title_and_body_of_an_input_are_masked_and_what_the_organisation_did_stays()
    {
        var data = Data(Input(Person));
        Assert.True(PersonalData.MaskData(data, "submission_received", Subject()));
        var masked = data.Deserialize<SubmissionReceived>(Json)!;
        Assert.Equal(PersonalData.Erased, masked.PersonName);
        Assert.Equal(PersonalData.Erased, masked.Title);
        Assert.Equal(PersonalData.Erased, masked.BodyMarkdown);
        Assert.Equal(PersonalData.ErasedHtml, masked.BodyHtml);
        Assert.Equal("Migrant Forum", masked.OrganisationName);
        Assert.Equal(Person, masked.PersonId);

        // Masked again: nothing changes.
        Assert.False(PersonalData.MaskData(data, "submission_received", Subject()));
    }

    [Fact]
    public void another_persons_input_is_left_alone()
    {
        var data = Data(Input(Other));
        var before = data.ToJsonString();
        Assert.False(PersonalData.MaskData(data, "submission_received", Subject()));
        Assert.Equal(before, data.ToJsonString());
    }

    [Fact]
    public void an_accepted_amendment_keeps_its_text_and_loses_its_rationale_and_proposers_name_an_open_one_loses_its_text_too()
    {
        var sponsor = new Sponsor(Person, "Ana Ruiz", Guid.NewGuid(), "Migrant Forum", StakeholderGroup.CivilSociety);
        var proposal = new AmendmentProposed(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), 1, 1, "The negotiated words.", "Because I say so.", sponsor);

        var accepted = Data(proposal);
        Assert.True(PersonalData.MaskData(accepted, "amendment_proposed", Subject(proposal.AmendmentId)));
        var kept = accepted.Deserialize<AmendmentProposed>(Json)!;
        Assert.Equal("The negotiated words.", kept.Text);
        Assert.Equal(PersonalData.Erased, kept.Rationale);
        Assert.Equal(PersonalData.Erased, kept.ProposedBy.PersonName);
        Assert.Equal("Migrant Forum", kept.ProposedBy.OrganisationName);

        var open = Data(proposal);
        Assert.True(PersonalData.MaskData(open, "amendment_proposed", Subject()));
        Assert.Equal(PersonalData.Erased, open.Deserialize<AmendmentProposed>(Json)!.Text);
    }

    [Fact]
    public void a_decision_by_the_person_loses_their_name_and_keeps_its_reason_a_decision_by_another_keeps_both()
    {
        var theirs = Data(new AmendmentRejected(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "Out of scope.", Person, "Ana Ruiz"));
        Assert.True(PersonalData.MaskData(theirs, "amendment_rejected", Subject()));
        Assert.Equal(PersonalData.Erased, theirs["decidedByName"]!.GetValue<string>());
        Assert.Equal("Out of scope.", theirs["reason"]!.GetValue<string>());

        var others = Data(new AmendmentRejected(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "Out of scope.", Other, "Bo Chen"));
        Assert.False(PersonalData.MaskData(others, "amendment_rejected", Subject()));
        Assert.Equal("Bo Chen", others["decidedByName"]!.GetValue<string>());
    }

    [Fact]
    public void a_co_sponsor_in_a_list_and_a_member_lose_the_name_beside_the_persons_id()
    {
        var revised = JsonNode.Parse($$$"""
            {"coSponsoredBy":[{"personId":"{{{Other}}}","personName":"Bo Chen"},{"personId":"{{{Person}}}","personName":"Ana Ruiz"}],
             "member":{"personId":"{{{Person}}}","name":"Ana Ruiz"}}
            """)!.AsObject();
        Assert.True(PersonalData.MaskData(revised, "action_point_revised", Subject()));
        Assert.Equal("Bo Chen", revised["coSponsoredBy"]![0]!["personName"]!.GetValue<string>());
        Assert.Equal(PersonalData.Erased, revised["coSponsoredBy"]![1]!["personName"]!.GetValue<string>());
        Assert.Equal(PersonalData.Erased, revised["member"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void the_email_address_is_masked_wherever_it_is_a_whole_value()
    {
        var data = JsonNode.Parse("""{"to":"ANA@example.org ","note":{"cc":"ana@example.org"},"other":"bo@example.org"}""")!.AsObject();
        Assert.True(PersonalData.MaskData(data, "anything", Subject()));
        Assert.Equal(PersonalData.Erased, data["to"]!.GetValue<string>());
        Assert.Equal(PersonalData.Erased, data["note"]!["cc"]!.GetValue<string>());
        Assert.Equal("bo@example.org", data["other"]!.GetValue<string>());
    }

    [Fact]
    public void a_statement_and_an_accreditation_request_by_the_person_lose_their_text()
    {
        var statement = JsonNode.Parse($$"""{"deliveredBy":"{{Person}}","text":"We hold that…","link":"https://example.org/x","organisationName":"Ghana"}""")!.AsObject();
        Assert.True(PersonalData.MaskData(statement, "statement_delivered", Subject()));
        Assert.Equal(PersonalData.Erased, statement["text"]!.GetValue<string>());
        Assert.Null(statement["link"]);
        Assert.Equal("Ghana", statement["organisationName"]!.GetValue<string>());

        var request = JsonNode.Parse($$"""{"requestedBy":"{{Person}}","statement":"Please accredit us."}""")!.AsObject();
        Assert.True(PersonalData.MaskData(request, "accreditation_requested", Subject()));
        Assert.Equal(PersonalData.Erased, request["statement"]!.GetValue<string>());
    }

    [Fact]
    public void the_actor_headers_lose_the_name_only_for_the_person()
    {
        var theirs = new JsonObject { [ChangeClassifier.PersonIdHeader] = Person.ToString(), [ChangeClassifier.PersonNameHeader] = "Ana Ruiz", [ChangeClassifier.OrganisationNameHeader] = "Ghana" };
        Assert.True(PersonalData.MaskHeaders(theirs, Subject()));
        Assert.Equal(PersonalData.Erased, theirs[ChangeClassifier.PersonNameHeader]!.GetValue<string>());
        Assert.Equal("Ghana", theirs[ChangeClassifier.OrganisationNameHeader]!.GetValue<string>());
        Assert.False(PersonalData.MaskHeaders(theirs, Subject()));

        var others = new JsonObject { [ChangeClassifier.PersonIdHeader] = Other.ToString(), [ChangeClassifier.PersonNameHeader] = "Bo Chen" };
        Assert.False(PersonalData.MaskHeaders(others, Subject()));
        Assert.Equal("Bo Chen", others[ChangeClassifier.PersonNameHeader]!.GetValue<string>());
    }
}
