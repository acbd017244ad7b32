using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.LiveSessions;
using ConsultationPlatform.Seeding;
using ConsultationPlatform.Stakeholders;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.SignalR.Client;
using ConsultationPlatform.Tests.Support;

namespace ConsultationPlatform.Tests.LiveSessions;

/// <summary>A whole session over HTTP, followed live over SignalR (JoinSession) by a visitor.</summary>
public sealed class SessionFlowTests(SessionWorld world) : IClassFixture<SessionWorld>
{
    private static CancellationToken Ct => SessionWorld.Ct;

    /// <summary>A hub client that records every change of the session stream, in order.</summary>
    internal sealed class Recorder : IAsyncDisposable
    {
        public readonly HubConnection Connection;
        private readonly ConcurrentQueue<ChangeBatch> _batches = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public Recorder(HubConnection connection)
        {
            Connection = connection;
            Connection.On<ChangeBatch>(LiveMessages.Changes, b => { _batches.Enqueue(b); _arrived.Release(); });
        }

        public IReadOnlyList<ChangeMessage> Changes => _batches.SelectMany(b => b.Changes).ToList();

        public async Task WaitFor(Func<IReadOnlyList<ChangeMessage>, bool> condition)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!condition(Changes))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) throw new TimeoutException($"Got {Changes.Count} changes: {string.Join(", ", Changes.Select(c => c.Type))}");
                await _arrived.WaitAsync(left, Ct);
            }
        }

        public ValueTask DisposeAsync() => Connection.DisposeAsync();
    }

    [Fact]
    public async Task a_whole_session_scheduled_opened_inscribed_heard_timed_closed_and_summarised_live()
    {
        var (consultation, room, chair) = await world.ScheduledSession();
        var sessionId = room.Id;
        var item = room.Agenda[0].Id;
        Assert.Equal(SessionStatus.Scheduled, room.Status);
        Assert.Equal(4, room.Agenda.Count);
        Assert.Equal(consultation.Challenges[0].Text, room.Agenda[0].Title);

        await using var visitor = new Recorder(world.HubClient());
        await visitor.Connection.StartAsync(Ct);
        var joined = await visitor.Connection.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinSession), sessionId, null, Ct);
        Assert.False(joined.Reload);

        Assert.Equal(HttpStatusCode.NoContent, (await chair.PostAsync($"/api/sessions/{sessionId}/open", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await chair.PostAsync($"/api/sessions/{sessionId}/items/{item}/take-up", null, Ct)).StatusCode);
        // Before the list opens, nobody inscribes.
        var early = await world.Delegate(consultation.Id, "Peru", StakeholderGroup.MemberState);
        Assert.Equal(HttpStatusCode.Conflict, (await early.Client.PostAsJsonAsync($"/api/sessions/{sessionId}/items/{item}/inscriptions", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent,
            (await chair.PostAsJsonAsync($"/api/sessions/{sessionId}/items/{item}/speakers-list", new { open = true }, Ct)).StatusCode);

        // Inscriptions x N, all at once, of every class.
        var people = new (string Name, StakeholderGroup Group, object Body)[]
        {
            ("ICMC", StakeholderGroup.CivilSociety, new { }),
            ("Migrant Forum in Asia", StakeholderGroup.MigrantOrDiasporaOrganisation, new { }),
            ("IOM", StakeholderGroup.IntergovernmentalOrganisation, new { }),
            ("Holy See", StakeholderGroup.ObserverState, new { }),
            ("Ghana", StakeholderGroup.MemberState, new { }),
            ("Kenya", StakeholderGroup.MemberState, new { }),
            ("Mexico", StakeholderGroup.MemberState, new { level = "minister" }),
            ("Switzerland", StakeholderGroup.MemberState, new { level = "headOfStateOrGovernment" }),
            ("Fiji", StakeholderGroup.MemberState, new { onBehalfOf = "Group of 77 and China" }),
            ("Lithuania", StakeholderGroup.MemberState, new { onBehalfOf = "European Union" }),
        };
        var delegates = new Dictionary<string, (Actor Actor, HttpClient Client)>();
        foreach (var (name, group, _) in people) delegates[name] = await world.Delegate(consultation.Id, name, group);
        var answers = await Task.WhenAll(people.Select(p =>
            delegates[p.Name].Client.PostAsJsonAsync($"/api/sessions/{sessionId}/items/{item}/inscriptions", p.Body, Ct)));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        // Inscribing twice is refused; it changes nothing.
        Assert.Equal(HttpStatusCode.Conflict,
            (await delegates["Ghana"].Client.PostAsJsonAsync($"/api/sessions/{sessionId}/items/{item}/inscriptions", new { }, Ct)).StatusCode);

        room = await world.Room(sessionId);
        var list = room.Agenda[0].Speakers;
        Assert.Equal(people.Length, list.Count);
        // Groups (in arrival order), the head of government, the minister, the states (in arrival order), observer, IGO, stakeholders.
        var arrival = await Arrivals(list.Select(s => s.InscriptionId));
        Assert.Equal([SpeakerClass.Group, SpeakerClass.Group, SpeakerClass.HeadOfStateOrGovernment, SpeakerClass.Minister, SpeakerClass.MemberState,
            SpeakerClass.MemberState, SpeakerClass.ObserverState, SpeakerClass.IntergovernmentalOrganisation, SpeakerClass.Stakeholder, SpeakerClass.Stakeholder],
            list.Select(s => s.Class));
        foreach (var sameClass in list.GroupBy(s => s.Class))
            Assert.Equal(sameClass.Select(s => arrival[s.InscriptionId]).Order(), sameClass.Select(s => arrival[s.InscriptionId]));
        Assert.Equal(300, list[0].SpeakingSeconds);
        Assert.Equal(180, list[2].SpeakingSeconds);

        // A reorder, with its reason, puts the IGO first.
        var iom = list.Single(s => s.OrganisationName == "IOM");
        Assert.Equal(HttpStatusCode.BadRequest,
            (await chair.PostAsJsonAsync($"/api/sessions/{sessionId}/items/{item}/order", new { order = new[] { iom.InscriptionId } }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await chair.PostAsJsonAsync($"/api/sessions/{sessionId}/items/{item}/order",
            new { order = new[] { iom.InscriptionId }, reason = "The Director General must leave early." }, Ct)).StatusCode);

        // The floor: the deadline is the server's; delegates cannot give it.
        Assert.Equal(HttpStatusCode.Forbidden, (await delegates["Ghana"].Client.PostAsJsonAsync($"/api/sessions/{sessionId}/floor", new { }, Ct)).StatusCode);
        var givenAt = world.Clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.NoContent, (await chair.PostAsJsonAsync($"/api/sessions/{sessionId}/floor", new { }, Ct)).StatusCode);
        room = await world.Room(sessionId);
        Assert.Equal("IOM", room.Floor!.OrganisationName);
        Assert.Equal(givenAt.AddSeconds(180), room.Floor.EndsAt);
        Assert.Equal(people.Length - 1, room.Agenda[0].Speakers.Count);

        // IOM delivers its statement; then speaks 40 seconds too long: recorded when the floor passes on.
        var delivered = await delegates["IOM"].Client.PostAsJsonAsync($"/api/sessions/{sessionId}/statements",
            new { itemId = item, text = "IOM welcomes the co-chairs' focus on partnerships.", language = "en", link = "https://webtv.un.org/" }, Ct);
        Assert.Equal(HttpStatusCode.Created, delivered.StatusCode);
        var statementId = (await delivered.Content.ReadFromJsonAsync<StatementReceipt>(SessionWorld.Json, Ct))!.StatementId;
        world.Clock.Advance(TimeSpan.FromSeconds(220));
        Assert.Equal(HttpStatusCode.NoContent, (await chair.PostAsJsonAsync($"/api/sessions/{sessionId}/floor", new { }, Ct)).StatusCode);
        room = await world.Room(sessionId);
        Assert.Equal(list[0].OrganisationName, room.Floor!.OrganisationName); // the group that arrived first
        Assert.Equal(300, room.Floor.SpeakingSeconds);
        var exceeded = Assert.Single(room.TimeExceeded);
        Assert.Equal(("IOM", 180, 220), (exceeded.OrganisationName, exceeded.SpeakingSeconds, exceeded.SpokeSeconds));

        // The chair records Fiji's spoken statement, pins IOM's, hides nothing without a reason.
        var groupSpeaker = room.Floor.InscriptionId;
        var recorded = await chair.PostAsJsonAsync($"/api/sessions/{sessionId}/statements",
            new { itemId = item, text = "On behalf of the Group of 77 and China…", language = "en", inscriptionId = groupSpeaker }, Ct);
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        var recordedId = (await recorded.Content.ReadFromJsonAsync<StatementReceipt>(SessionWorld.Json, Ct))!.StatementId;
        Assert.Equal(HttpStatusCode.NoContent, (await chair.PostAsJsonAsync($"/api/sessions/{sessionId}/pin", new { statementId }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await chair.PostAsJsonAsync($"/api/statements/{recordedId}/hide", new { reason = "" }, Ct)).StatusCode);

        // Ghana withdraws; Kenya asks for a right of reply (at the end).
        var ghana = room.Agenda[0].Speakers.Single(s => s.OrganisationName == "Ghana").InscriptionId;
        Assert.Equal(HttpStatusCode.Forbidden, (await delegates["Kenya"].Client.PostAsync($"/api/inscriptions/{ghana}/withdraw", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await delegates["Ghana"].Client.PostAsync($"/api/inscriptions/{ghana}/withdraw", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await delegates["Kenya"].Client.PostAsync($"/api/sessions/{sessionId}/items/{item}/replies", null, Ct)).StatusCode);
        room = await world.Room(sessionId);
        Assert.DoesNotContain(room.Agenda[0].Speakers, s => s.OrganisationName == "Ghana");
        Assert.True(room.Agenda[0].Speakers[^1] is { OrganisationName: "Kenya", RightOfReply: true });

        // The summary waits for the close; then it cites the statements.
        Assert.Equal(HttpStatusCode.Conflict, (await chair.PostAsJsonAsync($"/api/sessions/{sessionId}/summary", new { text = "Summary." }, Ct)).StatusCode);
        world.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.NoContent, (await chair.PostAsync($"/api/sessions/{sessionId}/close", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await chair.PostAsJsonAsync($"/api/sessions/{sessionId}/summary",
            new { text = "The co-chairs thank the speakers.", cites = new[] { statementId, recordedId } }, Ct)).StatusCode);
        room = await world.Room(sessionId);
        Assert.Equal(SessionStatus.Closed, room.Status);
        Assert.Null(room.Floor);
        Assert.Equal([statementId, recordedId], room.SummaryCites);
        Assert.True(room.Statements.Single(s => s.Id == statementId).Pinned);

        // The visitor saw every step live, in order, each with its position.
        string[] steps = ["session_opened", "agenda_item_taken_up", "inscriptions_opened", "inscribed_to_speak", "speakers_list_reordered", "floor_given",
            "statement_delivered", "speaking_time_exceeded", "statement_pinned", "inscription_withdrawn", "session_closed", "session_summary_published"];
        await visitor.WaitFor(c => c.Any(x => x.Type == "session_summary_published"));
        var seen = visitor.Changes;
        Assert.Equal(seen.Select(c => c.Position).Order(), seen.Select(c => c.Position));
        Assert.Equal(seen.Count, seen.Select(c => c.Position).Distinct().Count());
        foreach (var step in steps) Assert.Contains(seen, c => c.Type == step);
        Assert.Equal(people.Length + 1, seen.Count(c => c.Type == "inscribed_to_speak"));
        Assert.All(seen, c => Assert.Equal(consultation.Id, c.ConsultationId));

        // A screen that comes back catches up from the last position it saw: exactly what it missed, no gap, no duplicate.
        var middle = seen[seen.Count / 2].Position;
        await using var back = new Recorder(world.HubClient());
        await back.Connection.StartAsync(Ct);
        var caughtUp = await back.Connection.InvokeAsync<JoinResult>(nameof(ConsultationHub.JoinSession), sessionId, middle, Ct);
        Assert.Equal(seen.Where(c => c.Position > middle).Select(c => c.Position), caughtUp.Missed.Select(c => c.Position));
    }

    [Fact]
    public async Task refusals_change_nothing()
    {
        var (consultation, room, chair) = await world.ScheduledSession();
        var sessionId = room.Id;
        var item = room.Agenda[1].Id;
        var ghana = await world.Delegate(consultation.Id, "Ghana", StakeholderGroup.MemberState);
        var outsider = world.ClientFor(Support.Delegates.State("Narnia"), accredit: false);
        var anonymous = world.Http;

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/sessions/{sessionId}/open", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ghana.Client.PostAsync($"/api/sessions/{sessionId}/open", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await chair.PostAsync($"/api/sessions/{Guid.NewGuid()}/open", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Http.GetAsync($"/api/sessions/{Guid.NewGuid()}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await chair.PostAsync($"/api/sessions/{sessionId}/items/{item}/take-up", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await chair.PostAsJsonAsync($"/api/consultations/{consultation.Id}/sessions",
            new { title = "", starts = DateTimeOffset.UtcNow, ends = DateTimeOffset.UtcNow.AddHours(-1), timeZone = "Mars/Olympus", agenda = new[] { new { kind = "challenge", number = 9 } } },
            Ct)).StatusCode);
        await chair.PostAsync($"/api/sessions/{sessionId}/open", null, Ct);
        await chair.PostAsJsonAsync($"/api/sessions/{sessionId}/items/{item}/speakers-list", new { open = true }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.PostAsJsonAsync($"/api/sessions/{sessionId}/items/{item}/inscriptions", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await chair.PostAsJsonAsync($"/api/sessions/{sessionId}/floor", new { }, Ct)).StatusCode);

        var after = await world.Room(sessionId);
        Assert.Empty(after.Agenda[1].Speakers);
        Assert.Null(after.CurrentItemId);
        Assert.Equal(SessionStatus.Open, after.Status);
        Assert.Single(await world.Http.GetFromJsonAsync<List<SessionListEntry>>($"/api/consultations/{consultation.Id}/sessions", SessionWorld.Json, Ct) ?? []);
    }

    [Fact]
    public async Task round_table_3_is_seeded_as_a_held_session_whose_summary_is_the_co_chairs_summary()
    {
        var consultation = await world.RoundTable3();
        var sessions = await world.Http.GetFromJsonAsync<List<SessionListEntry>>($"/api/consultations/{consultation.Id}/sessions", SessionWorld.Json, Ct);
        var held = Assert.Single(sessions!);
        Assert.Equal((SessionStatus.Closed, true), (held.Status, held.HasSummary));
        var room = await world.Room(held.Id);
        Assert.Equal(["Nigeria", "Switzerland"], room.CoChairs);
        Assert.Equal(new DateTimeOffset(2013, 10, 4, 17, 30, 0, TimeSpan.FromHours(-4)), room.Starts);
        Assert.Equal(3, room.Agenda.Count);
        Assert.All(room.Agenda, i => Assert.Equal(AgendaItemKind.Challenge, i.Kind));
        Assert.Empty(room.Statements);
        Assert.StartsWith("I have the honor to present on behalf of the co-chairs Nigeria and Switzerland", room.Summary);
        Assert.Contains("whole-of-government approach", room.Summary);

        // Importing again (a restart) adds nothing.
        var importer = new SessionSeedImporter(world.Store, Microsoft.Extensions.Options.Options.Create(new ConsultationPlatform.Seeding.SeedOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SessionSeedImporter>.Instance);
        await importer.StartAsync(Ct);
        Assert.Single((await world.Http.GetFromJsonAsync<List<SessionListEntry>>($"/api/consultations/{consultation.Id}/sessions", SessionWorld.Json, Ct))!);
        await using var query = world.Store.QuerySession();
        Assert.Equal(4, (await query.Events.FetchStreamAsync(held.Id, token: Ct)).Count);
    }

    private async Task<Dictionary<Guid, long>> Arrivals(IEnumerable<Guid> inscriptionIds)
    {
        await using var query = world.Store.QuerySession();
        var ids = inscriptionIds.ToArray();
        var events = await query.Events.QueryAllRawEvents().Where(e => e.StreamId.IsOneOf(ids)).ToListAsync(Ct);
        return events.GroupBy(e => e.StreamId).ToDictionary(g => g.Key, g => g.Max(e => e.Sequence));
    }
}
