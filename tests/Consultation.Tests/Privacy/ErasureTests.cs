using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ConsultationPlatform.Accounts;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.LiveSessions;
using ConsultationPlatform.Outcome.OpenData;
using ConsultationPlatform.Outcome.Summary;
using ConsultationPlatform.Privacy;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Submissions;
using ConsultationPlatform.Tests.Support;
using JasperFx.Events.Daemon;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace ConsultationPlatform.Tests.Privacy;

/// <summary>
/// A person who was invited by email, signed in, asked for their organisation's accreditation, submitted an input,
/// proposed two amendments (one accepted) and delivered a statement in a session, is erased by an administrator. Then
/// nothing of them (name, email, the free text they wrote) is anywhere in the database, the open data or the live
/// push, what the organisation did is still on record, and every view rebuilds from the masked events.
/// </summary>
public sealed class ErasureTests(ErasureTests.World world) : IClassFixture<ErasureTests.World>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The fixture of its own: a database for this class only, so that the whole of it can be searched.</summary>
    public sealed class World : AppFixture;

    /// <summary>What the person left, each string unique to this run.</summary>
    private sealed record Traces(string Name, string Email, string InputTitle, string InputBody, string Rationale, string AcceptedRationale,
        string ProposedText, string Statement, string AccreditationStatement)
    {
        public IEnumerable<string> All => [Name, Email, InputTitle, InputBody, Rationale, AcceptedRationale, ProposedText, Statement, AccreditationStatement];
    }

    private sealed record Person(Account Account, Organisation Organisation, HttpClient Client, ConsultationBoard Board, Guid Input,
        Guid AcceptedAmendment, Guid OpenAmendment, Guid Session, Guid Statement, string AcceptedText, Traces Traces);

    private async Task<Person> APersonWhoTookPart()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var traces = new Traces($"Ximena Quatermain {tag}", $"ximena-{tag}@erasure.example", $"Title {tag} by Ximena",
            $"Quokka {tag} input body words", $"Rationale {tag} wombat", $"Reasoning {tag} platypus", $"Proposed {tag} numbat wording.",
            $"Statement {tag} echidna", $"Accreditation {tag} dingo please");
        var board = await world.NewConsultation(ConsultationPhase.Drafting);
        var moderator = world.ClientFor(Delegates.Moderator());
        var organisation = await world.NewOrganisation("Erasure Civil Society", StakeholderGroup.CivilSociety);

        // Invited by email; accepts; signs in.
        (await moderator.PostAsJsonAsync($"/api/organisations/{organisation.Id}/invitations", new { email = traces.Email, name = traces.Name }, AppFixture.Json, Ct))
            .EnsureSuccessStatusCode();
        var token = TestAccounts.TokenIn(Assert.Single(await world.Outbox(traces.Email)));
        (await world.Http.PostAsJsonAsync("/api/account/invitations/accept", new { token, password = TestAccounts.Password }, AppFixture.Json, Ct))
            .EnsureSuccessStatusCode();
        await using (var query = world.Store.QuerySession())
        {
            var account = (await query.Query<Account>().SingleAsync(a => a.Email == traces.Email, Ct))!;
            var client = world.BearerClient((await world.Tokens(traces.Email)).AccessToken);

            // Asks for the accreditation of the organisation, with a statement; a moderator grants it.
            (await client.PostAsJsonAsync($"/api/consultations/{board.Id}/accreditations", new { statement = traces.AccreditationStatement }, AppFixture.Json, Ct))
                .EnsureSuccessStatusCode();
            (await moderator.PostAsync($"/api/consultations/{board.Id}/accreditations/{organisation.Id}/grant", null, Ct)).EnsureSuccessStatusCode();

            // An input, published.
            var submitted = await client.PostAsJsonAsync($"/api/consultations/{board.Id}/submissions",
                new { title = traces.InputTitle, body = traces.InputBody, language = "en" }, AppFixture.Json, Ct);
            var input = (await submitted.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<SubmissionCreated>(AppFixture.Json, Ct))!.Id;
            (await moderator.PostAsync($"/api/submissions/{input}/publish", null, Ct)).EnsureSuccessStatusCode();

            // Two amendments: one accepted (its text is now the negotiated text, and stays), one left open.
            var first = board.ActionPoints[0];
            var acceptedText = first.Text + " Accepted wording kept in the record.";
            var accepted = await Propose(client, first.Id, acceptedText, traces.AcceptedRationale);
            (await moderator.PostAsync($"/api/amendments/{accepted}/accept", null, Ct)).EnsureSuccessStatusCode();
            var second = board.ActionPoints[1];
            var open = await Propose(client, second.Id, second.Text + " " + traces.ProposedText, traces.Rationale);

            // A statement in a live session.
            var scheduled = await moderator.PostAsJsonAsync($"/api/consultations/{board.Id}/sessions", new
            {
                title = "Erasure session", starts = "2026-01-01T09:00:00Z", ends = "2026-01-01T12:00:00Z", timeZone = "UTC",
                agenda = new[] { new { kind = "challenge", number = 1 } },
            }, AppFixture.Json, Ct);
            var session = Guid.Parse(scheduled.EnsureSuccessStatusCode().Headers.Location!.ToString().Split('/')[^1]);
            var room = (await world.Http.GetFromJsonAsync<SessionRoom>($"/api/sessions/{session}", AppFixture.Json, Ct))!;
            var item = room.Agenda[0].Id;
            (await moderator.PostAsync($"/api/sessions/{session}/open", null, Ct)).EnsureSuccessStatusCode();
            (await moderator.PostAsync($"/api/sessions/{session}/items/{item}/take-up", null, Ct)).EnsureSuccessStatusCode();
            (await moderator.PostAsJsonAsync($"/api/sessions/{session}/items/{item}/speakers-list", new { open = true }, AppFixture.Json, Ct)).EnsureSuccessStatusCode();
            (await client.PostAsJsonAsync($"/api/sessions/{session}/items/{item}/inscriptions", new { }, AppFixture.Json, Ct)).EnsureSuccessStatusCode();
            var delivered = await client.PostAsJsonAsync($"/api/sessions/{session}/statements",
                new { itemId = item, text = traces.Statement, language = "en" }, AppFixture.Json, Ct);
            var statement = (await delivered.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<StatementReceipt>(AppFixture.Json, Ct))!.StatementId;

            await world.App.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

            // A projection that failed on one of their events left a dead letter for the operators, naming them.
            await using (var write = world.Store.LightweightSession())
            {
                write.Store(new JasperFx.Events.Daemon.DeadLetterEvent
                {
                    Id = Guid.NewGuid(), ProjectionName = "Example", ShardName = "All", EventSequence = 1, Timestamp = DateTimeOffset.UtcNow,
                    ExceptionType = "InvalidOperationException", ExceptionMessage = $"Cannot apply the input of {account.Id} ({traces.Name}).",
                });
                await write.SaveChangesAsync(Ct);
            }

            return new Person(account, organisation, client, board, input, accepted, open, session, statement, acceptedText, traces);
        }
    }

    private static async Task<Guid> Propose(HttpClient client, Guid point, string text, string rationale)
    {
        var proposed = await client.PostAsJsonAsync($"/api/action-points/{point}/amendments", new { baseVersion = 1, text, rationale }, AppFixture.Json, Ct);
        return Guid.Parse(proposed.EnsureSuccessStatusCode().Headers.Location!.ToString().Split('/')[^1]);
    }

    private HttpClient Admin() =>
        world.ClientFor(Delegates.Of("Secretariat IT", StakeholderGroup.MemberState, PlatformRole.Admin) with { OrganisationId = Guid.Empty });

    private Task<HttpResponseMessage> Erase(HttpClient client, Guid personId, object? body = null) =>
        client.PostAsJsonAsync($"/api/people/{personId}/erasure", body ?? new { reason = "Request by email of 1 December 2026, ref. DSR-17." }, AppFixture.Json, Ct);

    /// <summary>Every row of every table of the database, as text (bytea columns also decoded), that contains the needle.</summary>
    private async Task<List<string>> WhereInTheDatabase(string needle)
    {
        var found = new List<string>();
        await using var connection = world.Store.Storage.Database.CreateConnection();
        await connection.OpenAsync(Ct);
        var tables = new List<(string Schema, string Table)>();
        await using (var list = new NpgsqlCommand(
                         "select table_schema, table_name from information_schema.tables where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')",
                         connection))
        await using (var reader = await list.ExecuteReaderAsync(Ct))
            while (await reader.ReadAsync(Ct)) tables.Add((reader.GetString(0), reader.GetString(1)));

        foreach (var (schema, table) in tables)
        {
            await using var search = new NpgsqlCommand(
                $"""
                 select left(row_to_json(t)::text, 300) from "{schema}"."{table}" t
                 where position(lower($1) in lower(row_to_json(t)::text)) > 0
                    or position(encode(convert_to($1, 'UTF8'), 'hex') in lower(row_to_json(t)::text)) > 0
                 """, connection);
            search.Parameters.AddWithValue(needle);
            await using var reader = await search.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct)) found.Add($"{schema}.{table}: {reader.GetString(0)}");
        }

        return found;
    }

    private async Task<string> Exports(Guid consultationId)
    {
        var text = new System.Text.StringBuilder();
        foreach (var dataset in OpenDataSets.All.Select(d => d.Name))
        {
            text.Append(await world.Http.GetStringAsync($"/api/consultations/{consultationId}/open-data/{dataset}", Ct));
            text.Append(await world.Http.GetStringAsync($"/api/consultations/{consultationId}/open-data/{dataset}?format=csv", Ct));
        }

        text.Append(await world.Http.GetStringAsync($"/api/consultations/{consultationId}/open-data/log", Ct));
        await using var archive = new ZipArchive(await world.Http.GetStreamAsync($"/api/consultations/{consultationId}/open-data/archive", Ct));
        foreach (var entry in archive.Entries)
        {
            using var reader = new StreamReader(entry.Open());
            text.Append(await reader.ReadToEndAsync(Ct));
        }

        return text.ToString();
    }

    /// <summary>What a screen joining with since=0 receives: the public stream, the moderators' stream, the session's.</summary>
    private async Task<string> CatchUp(Person person)
    {
        var text = new System.Text.StringBuilder();
        await using (var anonymous = world.HubClient())
        {
            await anonymous.StartAsync(Ct);
            text.Append(JsonSerializer.Serialize(await anonymous.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinConsultation), person.Board.Id, 0L, Ct), AppFixture.Json));
            text.Append(JsonSerializer.Serialize(await anonymous.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinSession), person.Session, 0L, Ct), AppFixture.Json));
        }

        await using (var moderator = world.HubClient(Delegates.Moderator()))
        {
            await moderator.StartAsync(Ct);
            text.Append(JsonSerializer.Serialize(await moderator.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinModeration), person.Board.Id, 0L, Ct), AppFixture.Json));
        }

        return text.ToString();
    }

    private async Task<string> Pages(Person person)
    {
        var text = new System.Text.StringBuilder();
        var moderator = world.ClientFor(Delegates.Moderator());
        foreach (var (client, path) in new (HttpClient, string)[]
                 {
                     (world.Http, $"/consultations/{person.Board.Id}"), (world.Http, $"/action-points/{person.Board.ActionPoints[0].Id}"),
                     (world.Http, $"/action-points/{person.Board.ActionPoints[1].Id}"), (world.Http, $"/consultations/{person.Board.Id}/history"),
                     (world.Http, $"/sessions/{person.Session}"), (world.Http, $"/search?q=wombat"), (moderator, $"/moderation/{person.Board.Id}"),
                     (world.Http, $"/api/consultations/{person.Board.Id}"), (world.Http, $"/api/consultations/{person.Board.Id}/submissions"),
                     (moderator, $"/api/consultations/{person.Board.Id}/audit"), (world.Http, $"/api/sessions/{person.Session}"),
                     (world.Http, $"/api/amendments/{person.OpenAmendment}"), (world.Http, $"/api/amendments/{person.AcceptedAmendment}"),
                     (world.Http, $"/api/organisations/{person.Organisation.Id}"), (moderator, $"/api/submissions/{person.Input}"),
                     (moderator, $"/api/organisations/{person.Organisation.Id}/members"), (moderator, $"/api/consultations/{person.Board.Id}/moderation-queue"),
                     (world.Http, $"/api/action-points/{person.Board.ActionPoints[0].Id}/provenance"),
                     (world.Http, $"/api/consultations/{person.Board.Id}/summary"), (world.Http, $"/consultations/{person.Board.Id}/summary"),
                 })
        {
            using var response = await client.GetAsync(path, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            text.Append(await response.Content.ReadAsStringAsync(Ct));
        }

        foreach (var query in new[] { "quokka", "wombat", "numbat", "platypus", "Ximena" })
            text.Append(await moderator.GetStringAsync($"/api/search?q={query}", Ct));
        return text.ToString();
    }

    [Fact]
    public async Task after_erasure_nothing_of_the_person_is_in_the_store_the_exports_the_push_or_the_pages_and_the_record_of_the_organisation_stays()
    {
        var person = await APersonWhoTookPart();

        // Before: the traces are there (the search below can find them).
        Assert.NotEmpty(await WhereInTheDatabase(person.Traces.Name));
        Assert.NotEmpty(await WhereInTheDatabase(person.Traces.Email));
        Assert.Contains(person.Traces.Rationale, await Exports(person.Board.Id));
        Assert.Contains(person.Traces.Name, await CatchUp(person));

        var erased = await Erase(Admin(), person.Account.Id);
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var receipt = (await erased.Content.ReadFromJsonAsync<ErasureReceipt>(AppFixture.Json, Ct))!;
        Assert.False(receipt.AlreadyErased);
        Assert.True(receipt.EventsMasked > 5, $"{receipt.EventsMasked} events masked");
        await world.App.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));

        var store = await Task.WhenAll(person.Traces.All.Select(async t => (t, await WhereInTheDatabase(t))));
        Assert.All(store, s => Assert.True(s.Item2.Count == 0, $"'{s.t}' is still in {string.Join("\n", s.Item2)}"));
        var exports = await Exports(person.Board.Id);
        var push = await CatchUp(person);
        var pages = await Pages(person);
        foreach (var trace in person.Traces.All)
        {
            Assert.DoesNotContain(trace, exports, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(trace, push, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(trace, pages, StringComparison.OrdinalIgnoreCase);
        }

        // The public log of a fresh export verifies.
        var log = await world.Http.GetStringAsync($"/api/consultations/{person.Board.Id}/open-data/log", Ct);
        Assert.True(PublicLog.Verify(log.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Intact);

        // They can no longer sign in; they belong to no organisation; the act is on record, without the data.
        Assert.Equal(HttpStatusCode.Unauthorized, (await world.SignIn(person.Traces.Email)).StatusCode);
        await using (var session = world.Store.QuerySession())
        {
            Assert.Null(await session.LoadAsync<Account>(person.Account.Id, Ct));
            var organisation = (await session.LoadAsync<Organisation>(person.Organisation.Id, Ct))!;
            Assert.DoesNotContain(person.Account.Id, organisation.MemberIds);
            var record = (await session.Events.FetchStreamAsync(person.Account.Id, token: Ct)).Select(e => e.Data).OfType<PersonErased>().Single();
            Assert.Equal("Request by email of 1 December 2026, ref. DSR-17.", record.Reason);

            // What the organisation did stays: the input (masked), both amendments, the accepted text, the statement.
            var input = (await session.LoadAsync<Submission>(person.Input, Ct))!;
            Assert.Equal(SubmissionStatus.Published, input.Status);
            Assert.Equal(person.Organisation.Name, input.Author.OrganisationName);
            Assert.Equal(PersonalData.Erased, input.BodyMarkdown);
            Assert.Equal(PersonalData.Erased, input.Author.PersonName);
            var accepted = (await session.LoadAsync<Amendment>(person.AcceptedAmendment, Ct))!;
            Assert.Equal(AmendmentStatus.Accepted, accepted.Status);
            Assert.Equal(person.AcceptedText, accepted.Text);
            Assert.Equal(PersonalData.Erased, accepted.Rationale);
            var point = (await session.LoadAsync<ActionPoint>(person.Board.ActionPoints[0].Id, Ct))!;
            Assert.Equal(person.AcceptedText, point.Current.Text);
            var open = (await session.LoadAsync<Amendment>(person.OpenAmendment, Ct))!;
            Assert.Equal(AmendmentStatus.Open, open.Status);
            Assert.Equal(PersonalData.Erased, open.Text);
            Assert.Equal(person.Organisation.Name, open.ProposedBy.OrganisationName);
            var statement = (await session.LoadAsync<Statement>(person.Statement, Ct))!;
            Assert.Equal(person.Organisation.Name, statement.OrganisationName);
        }

        Assert.Contains(person.AcceptedText, exports);

        // A second call changes nothing and says so.
        var again = await Erase(Admin(), person.Account.Id);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = (await again.Content.ReadFromJsonAsync<ErasureReceipt>(AppFixture.Json, Ct))!;
        Assert.True(second.AlreadyErased);
        Assert.Equal(0, second.EventsMasked);
        Assert.Equal(receipt.ErasedAt, second.ErasedAt);

        // Every view rebuilds from the masked events, and still holds nothing of the person.
        using (var daemon = await world.Store.BuildProjectionDaemonAsync())
        {
            foreach (var rebuild in new Func<Task>[]
                     {
                         () => daemon.RebuildProjectionAsync<ConsultationPlatform.Consultations.Consultation>(TimeSpan.FromMinutes(1), Ct),
                         () => daemon.RebuildProjectionAsync<ActionPoint>(TimeSpan.FromMinutes(1), Ct),
                         () => daemon.RebuildProjectionAsync<Endorsement>(TimeSpan.FromMinutes(1), Ct),
                         () => daemon.RebuildProjectionAsync<Amendment>(TimeSpan.FromMinutes(1), Ct),
                         () => daemon.RebuildProjectionAsync<Submission>(TimeSpan.FromMinutes(1), Ct),
                         () => daemon.RebuildProjectionAsync<OutcomeSummary>(TimeSpan.FromMinutes(1), Ct),
                         () => daemon.RebuildProjectionAsync<Organisation>(TimeSpan.FromMinutes(1), Ct),
                         () => daemon.RebuildProjectionAsync<Accreditation>(TimeSpan.FromMinutes(1), Ct),
                         () => daemon.RebuildProjectionAsync<Session>(TimeSpan.FromMinutes(1), Ct),
                         () => daemon.RebuildProjectionAsync<Inscription>(TimeSpan.FromMinutes(1), Ct),
                         () => daemon.RebuildProjectionAsync<Statement>(TimeSpan.FromMinutes(1), Ct),
                         () => daemon.RebuildProjectionAsync<ActionPointTranslations>(TimeSpan.FromMinutes(1), Ct),
                         () => daemon.RebuildProjectionAsync("SearchIndex", TimeSpan.FromMinutes(1), Ct),
                     })
                await rebuild();
        }

        pages = await Pages(person);
        exports = await Exports(person.Board.Id);
        foreach (var trace in person.Traces.All)
        {
            Assert.DoesNotContain(trace, pages, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(trace, exports, StringComparison.OrdinalIgnoreCase);
            Assert.Empty(await WhereInTheDatabase(trace));
        }
    }

    [Fact]
    public async Task only_an_admin_erases_with_a_reason_an_unknown_person_is_a_404_and_a_refusal_changes_nothing()
    {
        var organisation = await world.NewOrganisation("Erasure refusals", StakeholderGroup.Academia);
        var account = await world.NewAccount(name: "Refused Erasure Person", organisations: organisation);

        // Not an admin: a moderator, a delegate, nobody.
        var moderator = await Erase(world.ClientFor(Delegates.Moderator()), account.Id);
        Assert.Equal(HttpStatusCode.Forbidden, moderator.StatusCode);
        Assert.Equal("application/problem+json", moderator.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await Erase(world.ClientFor(Delegates.CivilSociety()), account.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Erase(world.Http, account.Id)).StatusCode);

        // No reason, a blank one, one too long: 400 naming the field.
        foreach (var body in new object[] { new { }, new { reason = "  \u200B " }, new { reason = new string('r', ErasureDecisions.MaxReasonLength + 1) } })
        {
            var invalid = await Erase(Admin(), account.Id, body);
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            var problem = JsonDocument.Parse(await invalid.Content.ReadAsStringAsync(Ct));
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("reason", out _), problem.RootElement.ToString());
        }

        // Unknown people: 404.
        Assert.Equal(HttpStatusCode.NotFound, (await Erase(Admin(), Guid.NewGuid())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Erase(Admin(), Guid.Empty)).StatusCode);

        // Nothing changed: the account, the membership, no erasure recorded.
        await using var session = world.Store.QuerySession();
        Assert.NotNull(await session.LoadAsync<Account>(account.Id, Ct));
        Assert.Contains(account.Id, (await session.LoadAsync<Organisation>(organisation.Id, Ct))!.MemberIds);
        Assert.Empty((await session.Events.FetchStreamAsync(account.Id, token: Ct)).Select(e => e.Data).OfType<PersonErased>());
        Assert.Equal(HttpStatusCode.OK, (await world.SignIn(account.Email)).StatusCode);
    }
}
