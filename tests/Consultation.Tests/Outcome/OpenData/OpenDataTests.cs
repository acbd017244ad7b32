using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Outcome.OpenData;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Amendments;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.Outcome.OpenData;

/// <summary>A platform on a store of its own with nothing in it (no seed): where an exported archive is imported.</summary>
public sealed class EmptyStoreApp : AppFixture
{
    private readonly DirectoryInfo _noSeeds = Directory.CreateTempSubdirectory("no-seeds-");

    protected override IDictionary<string, string?> Settings(TestDatabase database)
    {
        var settings = base.Settings(database);
        settings["Seeds:Directory"] = _noSeeds.FullName;
        return settings;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _noSeeds.Delete(recursive: true);
    }
}

/// <summary>The open datasets (JSON, CSV), the archive, the public log as served, and the round trip through an empty store.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OpenDataTests(AppFixture app, EmptyStoreApp empty) : IClassFixture<EmptyStoreApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The reply <see cref="Negotiated"/> published and then hid.</summary>
    private Guid hiddenReply;

    private static readonly Actor Admin = new(Guid.NewGuid(), "Administrator", Guid.Empty, "", StakeholderGroup.CivilSociety,
        new HashSet<PlatformRole> { PlatformRole.Admin });

    /// <summary>A negotiation with something of everything public: amendments (one accepted), endorsements (one withdrawn, one with a reservation), an input published.</summary>
    private async Task<(ConsultationBoard Board, BoardActionPoint Point)> Negotiated()
    {
        var api = new AmendmentApi(app);
        var board = await app.NewConsultation(ConsultationPhase.Inputs, allowsEarlyEndorsement: true);
        var point = board.ActionPoints.Single(p => p.Number == 3);
        var moderator = Delegates.Moderator();
        var input = await app.ClientFor(Delegates.CivilSociety("Women in Migration Network"))
            .PostAsJsonAsync($"/api/consultations/{board.Id}/submissions", new { body = "Recruitment fees, \"zero\", for *all*.", language = "en", actionPointId = point.Id }, AppFixture.Json, Ct);
        Assert.Equal(HttpStatusCode.Created, input.StatusCode);
        var inputId = (await input.Content.ReadFromJsonAsync<JsonObject>(AppFixture.Json, Ct))!["id"]!.GetValue<Guid>();
        Assert.True((await app.ClientFor(moderator).PostAsync($"/api/submissions/{inputId}/publish", null, Ct)).IsSuccessStatusCode);
        await api.MoveTo(board.Id, ConsultationPhase.Inputs, ConsultationPhase.Drafting);

        var ghana = Delegates.State("Ghana");
        var mexico = Delegates.State("Mexico");
        Task<HttpResponseMessage> Endorse(Actor state, int version, string? reservation = null) =>
            app.ClientFor(state).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version, reservation }, AppFixture.Json, Ct);
        Assert.True((await Endorse(mexico, 1, "Subject to national law, \"in full\".")).IsSuccessStatusCode);

        var amendment = await api.Proposed(Delegates.CivilSociety("Migrant Forum in Asia"), point.Id, 1, point.Text + " Including domestic workers.");
        Assert.True((await api.Act(Delegates.Of("ILO", StakeholderGroup.IntergovernmentalOrganisation), amendment, "cosponsors")).IsSuccessStatusCode);
        Assert.True((await api.Accept(moderator, amendment)).IsSuccessStatusCode);
        await api.Proposed(Delegates.CivilSociety("Diaspora Network"), point.Id, 2, point.Text + " Still open.");
        Assert.True((await Endorse(ghana, 2)).IsSuccessStatusCode);
        Assert.True((await Endorse(Delegates.State("Chile"), 2)).IsSuccessStatusCode);

        // The other stakeholders' positions (one withdrawn), and replies under the input: one published, one hidden since.
        Task<HttpResponseMessage> State(Actor stakeholder, int version, string stance, string? reason = null) =>
            app.ClientFor(stakeholder).PostAsJsonAsync($"/api/action-points/{point.Id}/positions", new { version, stance, reason }, AppFixture.Json, Ct);
        var union = Delegates.Of("Migrant Workers' Union", StakeholderGroup.TradeUnion);
        Assert.True((await State(Delegates.CivilSociety("Women in Migration Network"), 2, "support")).IsSuccessStatusCode);
        Assert.True((await State(union, 2, "cannotSupport", "It leaves out the right to organise, \"in full\".")).IsSuccessStatusCode);
        var academia = Delegates.Of("Migration Policy Institute", StakeholderGroup.Academia);
        Assert.True((await State(academia, 2, "supportWithReservation", "Data first.")).IsSuccessStatusCode);
        Assert.True((await app.ClientFor(academia).DeleteAsync($"/api/action-points/{point.Id}/positions/{academia.OrganisationId}", Ct)).IsSuccessStatusCode);
        async Task<Guid> Replied(Actor author, string body)
        {
            var posted = await app.ClientFor(author).PostAsJsonAsync($"/api/submissions/{inputId}/replies", new { body, language = "en" }, AppFixture.Json, Ct);
            Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync(Ct));
            var id = (await posted.Content.ReadFromJsonAsync<JsonObject>(AppFixture.Json, Ct))!["id"]!.GetValue<Guid>();
            Assert.True((await app.ClientFor(moderator).PostAsync($"/api/replies/{id}/publish", null, Ct)).IsSuccessStatusCode);
            return id;
        }

        await Replied(union, "Agreed: *zero* fees, and for seafarers too.");
        var hidden = hiddenReply = await Replied(Delegates.CivilSociety("Diaspora Network"), "Off topic.");
        Assert.True((await app.ClientFor(moderator).PostAsJsonAsync($"/api/replies/{hidden}/hide", new { reason = "Off topic." }, AppFixture.Json, Ct)).IsSuccessStatusCode);
        Assert.True((await app.ClientFor(ghana).DeleteAsync($"/api/action-points/{point.Id}/endorsements/{ghana.OrganisationId}", Ct)).IsSuccessStatusCode);

        // Amendments that change the points themselves: point 6 merged into point 5, point 7 deleted, a point added.
        var (five, six, seven) = (board.ActionPoints.Single(p => p.Number == 5), board.ActionPoints.Single(p => p.Number == 6),
            board.ActionPoints.Single(p => p.Number == 7));
        var proposer = app.ClientFor(Delegates.CivilSociety("Platforms Network"));
        async Task Accepted(HttpResponseMessage proposed)
        {
            Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
            var id = (await proposed.Content.ReadFromJsonAsync<AmendmentProposal>(AppFixture.Json, Ct))!.AmendmentId;
            Assert.True((await api.Accept(moderator, id)).IsSuccessStatusCode);
        }

        await Accepted(await proposer.PostAsJsonAsync($"/api/action-points/{five.Id}/amendments/merge",
            new { baseVersion = 1, mergeWith = six.Id, mergeWithBaseVersion = 1, text = five.Text + " " + six.Text, rationale = "One point." }, AppFixture.Json, Ct));
        await Accepted(await proposer.PostAsJsonAsync($"/api/action-points/{seven.Id}/amendments/delete",
            new { baseVersion = 1, rationale = "Covered." }, AppFixture.Json, Ct));
        await Accepted(await proposer.PostAsJsonAsync($"/api/consultations/{board.Id}/amendments/add-point",
            new { text = "Collect data on migration.", rationale = "Missing." }, AppFixture.Json, Ct));
        await app.HistoryCaughtUp(Ct);
        return (board, point);
    }

    [Fact]
    public async Task each_dataset_has_its_documented_columns_in_csv_and_the_same_rows_in_json()
    {
        var (board, point) = await Negotiated();
        var expected = new Dictionary<string, string>
        {
            ["action-points"] = "consultationId,actionPointId,number,currentVersion,currentText,endorsementsOfCurrentVersion,endorsementsOfEarlierVersions,endorsementsWithReservation",
            ["versions"] = "actionPointId,actionPointNumber,version,text,at,amendmentId,proposedByOrganisation,coSponsoredByOrganisations",
            ["amendments"] = "amendmentId,actionPointId,actionPointNumber,status,baseVersion,text,rationale,proposedByOrganisationId,proposedByOrganisation,proposedByGroup,coSponsoredByOrganisations,proposedAt,resultingVersion,kind,mergeWithActionPointId,mergeWithActionPointNumber",
            ["endorsements"] = "actionPointId,actionPointNumber,stakeholderId,stakeholderName,stakeholderGroup,forVersion,forCurrentVersion,reservation",
            ["inputs"] = "inputId,actionPointId,actionPointNumber,title,bodyMarkdown,language,organisationId,organisationName,organisationGroup,publishedAt",
            ["accreditations"] = "organisationId,organisationName,organisationGroup,status",
            ["statements"] = "statementId,sessionId,sessionTitle,itemId,itemTitle,organisationId,organisationName,onBehalfOf,language,text,link,recordedByChair,deliveredAt",
            ["positions"] = "actionPointId,actionPointNumber,stakeholderId,stakeholderName,stakeholderGroup,forVersion,forCurrentVersion,stance,reason",
            ["replies"] = "replyId,parentKind,parentId,actionPointId,actionPointNumber,inReplyTo,bodyMarkdown,language,organisationId,organisationName,organisationGroup,postedAt,publishedAt",
        };
        Assert.Equal(expected.Keys.Order(), OpenDataSets.All.Select(d => d.Name).Order());
        foreach (var (name, header) in expected)
        {
            var csv = await app.Http.GetAsync($"/api/consultations/{board.Id}/open-data/{name}?format=csv", Ct);
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
            var text = await csv.Content.ReadAsStringAsync(Ct);
            Assert.StartsWith(header + "\r\n", text);
            var json = await app.Http.GetFromJsonAsync<JsonArray>($"/api/consultations/{board.Id}/open-data/{name}", AppFixture.Json, Ct);
            Assert.Equal(string.Join(",", json!.Count == 0 ? header.Split(',') : json[0]!.AsObject().Select(p => p.Key)), header);
        }

        var endorsements = await app.Http.GetStringAsync($"/api/consultations/{board.Id}/open-data/endorsements?format=csv", Ct);
        Assert.Contains($"{point.Id},3,", endorsements);
        var mexicoRow = endorsements.Split("\r\n").Single(l => l.Contains(",Mexico,"));
        Assert.EndsWith(",Mexico,memberState,1,false,\"Subject to national law, \"\"in full\"\".\"", mexicoRow);
        Assert.DoesNotContain("Ghana", endorsements); // withdrawn
        var amendments = await app.Http.GetStringAsync($"/api/consultations/{board.Id}/open-data/amendments?format=csv", Ct);
        Assert.Contains(",accepted,1,", amendments);
        Assert.Contains(",ILO,", amendments);
        var inputs = await app.Http.GetStringAsync($"/api/consultations/{board.Id}/open-data/inputs?format=csv", Ct);
        Assert.Contains("\"Recruitment fees, \"\"zero\"\", for *all*.\",en,", inputs);
        var positions = await app.Http.GetStringAsync($"/api/consultations/{board.Id}/open-data/positions?format=csv", Ct);
        Assert.EndsWith(",Migrant Workers' Union,tradeUnion,2,true,cannotSupport,\"It leaves out the right to organise, \"\"in full\"\".\"",
            positions.Split("\r\n").Single(l => l.Contains("Union")));
        Assert.DoesNotContain("Migration Policy Institute", positions); // withdrawn
        var replies = await app.Http.GetStringAsync($"/api/consultations/{board.Id}/open-data/replies?format=csv", Ct);
        Assert.Contains(",input,", replies);
        Assert.Contains("Agreed: *zero* fees, and for seafarers too.", replies);
        Assert.DoesNotContain("Off topic", replies); // hidden

        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync($"/api/consultations/{board.Id}/open-data/speeches", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Http.GetAsync($"/api/consultations/{board.Id}/open-data/inputs?format=xlsx", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync($"/api/consultations/{Guid.NewGuid()}/open-data/inputs", Ct)).StatusCode);
    }

    [Fact]
    public async Task the_public_log_is_served_intact_without_private_acts_or_people()
    {
        var (board, _) = await Negotiated();
        var response = await app.Http.GetAsync($"/api/consultations/{board.Id}/open-data/log", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = OpenDataArchive.Lines(await response.Content.ReadAsStringAsync(Ct));
        var verdict = PublicLog.Verify(lines);
        Assert.True(verdict.Intact, verdict.Reason);
        Assert.Equal(verdict.Head, response.Headers.GetValues(OpenDataEndpoints.HeadHeader).Single());
        var text = string.Join("\n", lines);
        Assert.DoesNotContain("submission_received", text);
        Assert.DoesNotContain("accreditation_requested", text);
        Assert.DoesNotContain("Delegate of", text); // the people's names
        Assert.DoesNotContain("bodyMarkdown", text);
        Assert.Contains("\"type\":\"submission_published\"", text);
        Assert.Contains("\"organisation\":\"Mexico\"", text);
    }

    private static HttpContent Zip(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return content;
    }

    [Fact]
    public async Task an_archive_imported_into_an_empty_store_gives_the_same_board_points_consensus_and_audit()
    {
        var (board, negotiated) = await Negotiated();
        var archive = await app.Http.GetByteArrayAsync($"/api/consultations/{board.Id}/open-data/archive", Ct);
        using (var zip = new ZipArchive(new MemoryStream(archive)))
            Assert.Equal(["data/accreditations.csv", "data/accreditations.json", "data/action-points.csv", "data/action-points.json",
                    "data/amendments.csv", "data/amendments.json", "data/endorsements.csv", "data/endorsements.json", "data/inputs.csv",
                    "data/inputs.json", "data/positions.csv", "data/positions.json", "data/replies.csv", "data/replies.json",
                    "data/statements.csv", "data/statements.json", "data/versions.csv", "data/versions.json", "log.ndjson", "manifest.json"],
                zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));

        // Only an administrator imports; a broken chain is refused and changes nothing.
        Assert.Equal(HttpStatusCode.Unauthorized, (await empty.Http.PostAsync("/api/open-data/import", Zip(archive), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await empty.ClientFor(Delegates.Moderator()).PostAsync("/api/open-data/import", Zip(archive), Ct)).StatusCode);
        var refused = await empty.ClientFor(Admin).PostAsync("/api/open-data/import", Zip(Tampered(archive)), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("line 2", await refused.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await empty.Http.GetAsync($"/api/consultations/{board.Id}", Ct)).StatusCode);

        var imported = await empty.ClientFor(Admin).PostAsync("/api/open-data/import", Zip(archive), Ct);
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await empty.ClientFor(Admin).PostAsync("/api/open-data/import", Zip(archive), Ct)).StatusCode);
        await empty.HistoryCaughtUp(Ct);

        async Task Same(string path, Func<JsonNode, JsonNode>? normalise = null)
        {
            var original = JsonNode.Parse(await app.Http.GetStringAsync(path, Ct))!;
            var copy = JsonNode.Parse(await empty.Http.GetStringAsync(path, Ct))!;
            if (normalise is not null) (original, copy) = (normalise(original), normalise(copy));
            Assert.Equal(original.ToJsonString(), copy.ToJsonString());
        }

        await Same($"/api/consultations/{board.Id}");
        await Same($"/api/consultations/{board.Id}/consensus");
        var after = JsonNode.Parse(await app.Http.GetStringAsync($"/api/consultations/{board.Id}", Ct))!;
        Assert.Single(after["withdrawnActionPoints"]!.AsArray(), p => p!["status"]!.GetValue<string>() == "merged");
        Assert.Contains(after["actionPoints"]!.AsArray(), p => p!["number"]!.GetValue<int>() == 9);
        foreach (var point in after["actionPoints"]!.AsArray().Concat(after["withdrawnActionPoints"]!.AsArray()))
        {
            await Same($"/api/action-points/{point!["id"]}", WithoutPeople);
            // The person who accepted an amendment is not in the log either (docs/open-data.md, "People").
            await Same($"/api/action-points/{point["id"]}/provenance", n =>
            {
                foreach (var origin in n["origins"]!.AsArray()) origin!.AsObject().Remove("acceptedBy");
                return WithoutPeople(n);
            });
        }

        await Same($"/api/consultations/{board.Id}/open-data/amendments");
        // The audit's positions are the store's own numbering; everything else in it is the same, but for the public acts
        // on the reply hidden since its publication: its text is in no dataset, so its stream is not loaded (docs/open-data.md).
        DateTimeOffset[] hiddenActs;
        await using (var read = app.Store.QuerySession())
            hiddenActs = (await read.Events.FetchStreamAsync(hiddenReply, token: Ct)).Select(e => e.Timestamp).ToArray();
        var originalAudit = WithoutPositions(JsonNode.Parse(await app.Http.GetStringAsync($"/api/consultations/{board.Id}/audit?limit=500", Ct))!);
        var hiddenEntries = originalAudit["entries"]!.AsArray()
            .Where(e => e!["type"]!.GetValue<string>().StartsWith("reply_") && hiddenActs.Contains(e["at"]!.GetValue<DateTimeOffset>())).ToList();
        Assert.Equal(["reply_hidden", "reply_published"], hiddenEntries.Select(e => e!["type"]!.GetValue<string>()).Order());
        foreach (var entry in hiddenEntries) originalAudit["entries"]!.AsArray().Remove(entry);
        Assert.Equal(originalAudit.ToJsonString(),
            WithoutPositions(JsonNode.Parse(await empty.Http.GetStringAsync($"/api/consultations/{board.Id}/audit?limit=500", Ct))!).ToJsonString());
        // And the same public log, record for record, but for the positions.
        await Same($"/api/consultations/{board.Id}/open-data/endorsements");
        await Same($"/api/consultations/{board.Id}/open-data/inputs");
        await Same($"/api/consultations/{board.Id}/open-data/positions");
        await Same($"/api/consultations/{board.Id}/open-data/replies");
        var positions = JsonNode.Parse(await app.Http.GetStringAsync($"/api/consultations/{board.Id}/open-data/positions", Ct))!.AsArray();
        Assert.Equal(["cannotSupport", "support"], positions.Select(p => p!["stance"]!.GetValue<string>()).Order());
        var replies = JsonNode.Parse(await app.Http.GetStringAsync($"/api/consultations/{board.Id}/open-data/replies", Ct))!.AsArray();
        Assert.Equal("Migrant Workers' Union", Assert.Single(replies)!["organisationName"]!.GetValue<string>());
        await Same($"/api/action-points/{negotiated.Id}/positions");
        await Same($"/api/submissions/{replies[0]!["parentId"]}/replies", WithoutPeople);
    }

    /// <summary>The people behind sponsors, which the public log never carries (the archive names organisations only).</summary>
    private static JsonNode WithoutPeople(JsonNode node)
    {
        Strip(node);
        return node;

        static void Strip(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    o.Remove("personId");
                    o.Remove("personName");
                    foreach (var (_, child) in o) Strip(child);
                    break;
                case JsonArray a:
                    foreach (var child in a) Strip(child);
                    break;
            }
        }
    }

    private static JsonNode WithoutPositions(JsonNode audit)
    {
        foreach (var entry in audit["entries"]!.AsArray()) entry!.AsObject().Remove("position");
        audit.AsObject().Remove("next");
        return audit;
    }

    private static byte[] Tampered(byte[] archive)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(archive)))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var reader = new StreamReader(entry.Open());
                var text = reader.ReadToEnd();
                if (entry.FullName == OpenDataArchive.LogEntry)
                {
                    var lines = OpenDataArchive.Lines(text).ToList();
                    lines[1] = lines[1].Replace("\"type\":\"", "\"type\":\"x");
                    text = string.Join("\n", lines) + "\n";
                }

                using var writer = new StreamWriter(target.CreateEntry(entry.FullName).Open());
                writer.Write(text);
            }
        }

        return output.ToArray();
    }
}
