using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.Outcome.OpenData;

namespace ConsultationPlatform.Tests.Outcome.OpenData;

/// <summary>The hash chain of the public event log, and what the verifier says of a log that was tampered with.</summary>
public sealed class PublicLogTests
{
    private static readonly Guid Consultation = Guid.Parse("11111111-2222-3333-4444-555555555555");

    private static ConsultationChange Change(long position, string type, object data, string? organisation = "Ghana") => new()
    {
        Id = position,
        ConsultationId = Consultation,
        StreamId = Guid.Parse($"00000000-0000-0000-0000-{position:D12}"),
        Type = type,
        At = new DateTimeOffset(2013, 10, 4, 17, 0, 0, TimeSpan.Zero).AddMinutes(position),
        Audience = ChangeAudience.Public,
        ActorOrganisationName = organisation,
        ActorPersonName = "Kwame Mensah",
        Data = JsonSerializer.SerializeToElement(data),
    };

    private static List<string> Log() => PublicLog.Records(
    [
        Change(3, "consultation_created", new { consultationId = Consultation, title = "Round table 3", createdBy = Guid.NewGuid() }, null),
        Change(4, "action_point_tabled", new { actionPointId = Guid.NewGuid(), text = "Promote \"fair\" recruitment,\nfor all.", number = 1 }),
        new ConsultationChange { Id = 5, ConsultationId = Consultation, Type = "submission_received", Audience = ChangeAudience.Moderators, Data = JsonSerializer.SerializeToElement(new { body = "private" }) },
        Change(6, "endorsement_given", new { stakeholderName = "Ghana", forVersion = 1, givenBy = Guid.NewGuid() }),
        Change(7, "amendment_proposed", new { text = "Café €", proposedBy = new { personId = Guid.NewGuid(), personName = "Kwame Mensah", organisationName = "Ghana" }, decidedByName = "A moderator" }),
    ]).Select(PublicLog.Line).ToList();

    [Fact]
    public void an_intact_log_verifies_and_its_head_is_the_last_hash()
    {
        var log = Log();
        Assert.Equal(4, log.Count); // the private change is not in it
        var verdict = PublicLog.Verify(log);
        Assert.True(verdict.Intact, verdict.Reason);
        Assert.Equal(4, verdict.Records);
        Assert.Equal(JsonNode.Parse(log[^1])!["hash"]!.GetValue<string>(), verdict.Head);
        Assert.Equal(PublicLog.Genesis, JsonNode.Parse(log[0])!["prev"]!.GetValue<string>());
    }

    [Fact]
    public void the_log_names_organisations_and_never_people()
    {
        var text = string.Join("\n", Log());
        Assert.DoesNotContain("Kwame", text);
        Assert.DoesNotContain("personId", text);
        Assert.DoesNotContain("givenBy", text);
        Assert.DoesNotContain("createdBy", text);
        Assert.DoesNotContain("decidedByName", text);
        Assert.DoesNotContain("private", text);
        Assert.Contains("\"organisation\":\"Ghana\"", text);
        Assert.Contains("\"organisationName\":\"Ghana\"", text);
    }

    [Fact]
    public void the_canonical_form_sorts_members_and_escapes_only_what_json_requires()
    {
        var node = JsonNode.Parse("""{ "b": [1, true, null], "a": "x\"y\\z\n\u0001é€", "B": { "d": 2, "c": -3 } }""");
        Assert.Equal("{\"B\":{\"c\":-3,\"d\":2},\"a\":\"x\\\"y\\\\z\\n\\u0001é€\",\"b\":[1,true,null]}", PublicLog.Canonical(node));
        // Each line is its record in canonical form.
        Assert.All(Log(), line => Assert.Equal(line, PublicLog.Canonical(JsonNode.Parse(line))));
    }

    [Fact]
    public void a_record_altered_is_named_by_its_line()
    {
        var log = Log();
        log[2] = log[2].Replace("\"forVersion\":1", "\"forVersion\":2");
        var verdict = PublicLog.Verify(log);
        Assert.Equal(3, verdict.FirstBadLine);
        Assert.Contains("hash does not match", verdict.Reason);
        Assert.Equal(2, verdict.Records);
    }

    [Fact]
    public void a_record_altered_with_its_hash_recomputed_breaks_the_next_line()
    {
        var log = Log();
        var forged = JsonNode.Parse(log[1])!.AsObject();
        forged["organisation"] = "Mexico";
        forged["hash"] = PublicLog.Hash(forged);
        log[1] = PublicLog.Line(forged);
        var verdict = PublicLog.Verify(log);
        Assert.Equal(3, verdict.FirstBadLine);
        Assert.Contains("prev is not the hash of line 2", verdict.Reason);
    }

    [Fact]
    public void a_line_removed_is_found_at_the_line_after_the_gap()
    {
        var log = Log();
        log.RemoveAt(1);
        var verdict = PublicLog.Verify(log);
        Assert.Equal(2, verdict.FirstBadLine);
        Assert.Contains("prev is not the hash of line 1", verdict.Reason);

        var headless = Log().Skip(1).ToList();
        Assert.Equal(1, PublicLog.Verify(headless).FirstBadLine);
    }

    [Fact]
    public void lines_swapped_or_reformatted_are_found()
    {
        var log = Log();
        (log[1], log[2]) = (log[2], log[1]);
        Assert.Equal(2, PublicLog.Verify(log).FirstBadLine);

        var spaced = Log();
        spaced[0] = JsonNode.Parse(spaced[0])!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).Replace("\n", "");
        Assert.Equal(1, PublicLog.Verify(spaced).FirstBadLine);
        Assert.Equal(3, PublicLog.Verify(Log().Take(2).Append("not json").ToList()).FirstBadLine);
    }

    [Fact]
    public async Task the_verify_log_command_fails_on_a_tampered_file_and_passes_an_intact_one()
    {
        var folder = Directory.CreateTempSubdirectory("verify-log-");
        try
        {
            var intact = Path.Combine(folder.FullName, "intact.ndjson");
            await File.WriteAllTextAsync(intact, string.Join("\n", Log()) + "\n", TestContext.Current.CancellationToken);
            Assert.True(await new VerifyLogCommand().Execute(new VerifyLogInput { File = intact }));

            var tampered = Path.Combine(folder.FullName, "tampered.ndjson");
            var lines = Log();
            lines[3] = lines[3].Replace("Café", "Cafe");
            await File.WriteAllTextAsync(tampered, string.Join("\n", lines) + "\n", TestContext.Current.CancellationToken);
            Assert.False(await new VerifyLogCommand().Execute(new VerifyLogInput { File = tampered }));
            Assert.False(await new VerifyLogCommand().Execute(new VerifyLogInput { File = Path.Combine(folder.FullName, "missing.ndjson") }));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary><c>verify-log FILE</c> runs before the app is built (no database): the exit code and the bad line come from the file alone.</summary>
    [Fact]
    public async Task verify_log_runs_standalone_without_the_app_and_names_the_tampered_line()
    {
        var folder = Directory.CreateTempSubdirectory("verify-log-");
        try
        {
            var lines = Log();
            lines[2] = lines[2].Replace("\"forVersion\":1", "\"forVersion\":2");
            var tampered = Path.Combine(folder.FullName, "tampered.ndjson");
            await File.WriteAllTextAsync(tampered, string.Join("\n", lines) + "\n", TestContext.Current.CancellationToken);
            var output = new StringWriter();
            var error = new StringWriter();
            Assert.Equal(1, await VerifyLogCommand.Standalone(["verify-log", tampered], output, error));
            Assert.Contains("line 3:", error.ToString());

            var intact = Path.Combine(folder.FullName, "intact.ndjson");
            await File.WriteAllTextAsync(intact, string.Join("\n", Log()) + "\n", TestContext.Current.CancellationToken);
            Assert.Equal(0, await VerifyLogCommand.Standalone(["verify-log", intact], output, error));
            Assert.Contains("intact, 4 records", output.ToString());

            // Anything else is the app's own command line (built as usual).
            Assert.Null(await VerifyLogCommand.Standalone(["help", "verify-log"]));
            Assert.Null(await VerifyLogCommand.Standalone([]));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
