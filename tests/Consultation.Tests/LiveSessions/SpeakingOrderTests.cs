using ConsultationPlatform.Common;
using ConsultationPlatform.LiveSessions;
using ConsultationPlatform.Stakeholders;

namespace ConsultationPlatform.Tests.LiveSessions;

/// <summary>The precedence and ordering rules of a speakers' list, without a database.</summary>
public class SpeakingOrderTests
{
    private static readonly Guid Item = Guid.NewGuid();
    private long _arrival;

    private static Session SessionWith(PrecedenceRules? rules = null) => new()
    {
        Id = Guid.NewGuid(), ConsultationId = Guid.NewGuid(), Status = SessionStatus.Open, Rules = rules ?? PrecedenceRules.Default,
        Agenda = [new AgendaItem(Item, 1, AgendaItemKind.Free, "Item")], CurrentItemId = Item,
    };

    private Inscribed Arrives(string name, StakeholderGroup group, RepresentationLevel level = RepresentationLevel.Other, string? onBehalfOf = null,
        bool reply = false, int round = 1) =>
        new(Guid.NewGuid(), Item, Guid.NewGuid(), name, group, level, onBehalfOf, reply, round, true, ++_arrival * 10);

    private static string[] Names(SpeakersList list) => list.Waiting.Select(s => s.Inscription.OrganisationName).ToArray();

    [Fact]
    public void groups_first_then_states_by_level_then_observers_then_organisations_then_stakeholders()
    {
        var ngo = Arrives("Migrant Forum in Asia", StakeholderGroup.CivilSociety);
        var igo = Arrives("IOM", StakeholderGroup.IntergovernmentalOrganisation);
        var observer = Arrives("Holy See", StakeholderGroup.ObserverState);
        var state = Arrives("Ghana", StakeholderGroup.MemberState);
        var minister = Arrives("Mexico", StakeholderGroup.MemberState, RepresentationLevel.Minister);
        var head = Arrives("Switzerland", StakeholderGroup.MemberState, RepresentationLevel.HeadOfStateOrGovernment);
        var group = Arrives("Fiji", StakeholderGroup.MemberState, onBehalfOf: "G77 and China");

        var list = SpeakingOrder.For(SessionWith(), Item, [ngo, igo, observer, state, minister, head, group]);

        Assert.Equal(["Fiji", "Switzerland", "Mexico", "Ghana", "Holy See", "IOM", "Migrant Forum in Asia"], Names(list));
        Assert.Equal([SpeakerClass.Group, SpeakerClass.HeadOfStateOrGovernment, SpeakerClass.Minister, SpeakerClass.MemberState,
            SpeakerClass.ObserverState, SpeakerClass.IntergovernmentalOrganisation, SpeakerClass.Stakeholder], list.Waiting.Select(s => s.Class));
        Assert.Equal(Enumerable.Range(1, 7), list.Waiting.Select(s => s.Place));
    }

    [Fact]
    public void first_come_first_served_within_a_class_by_the_stores_order()
    {
        var a = Arrives("Ghana", StakeholderGroup.MemberState) with { Arrival = 300 };
        var b = Arrives("Kenya", StakeholderGroup.MemberState) with { Arrival = 100 };
        var c = Arrives("Peru", StakeholderGroup.MemberState) with { Arrival = 200 };

        Assert.Equal(["Kenya", "Peru", "Ghana"], Names(SpeakingOrder.For(SessionWith(), Item, [a, b, c])));
    }

    [Fact]
    public void precedence_off_is_plain_first_come_first_served()
    {
        var ngo = Arrives("ICMC", StakeholderGroup.CivilSociety);
        var group = Arrives("Lithuania", StakeholderGroup.MemberState, onBehalfOf: "European Union");
        var head = Arrives("Nigeria", StakeholderGroup.MemberState, RepresentationLevel.HeadOfStateOrGovernment);

        var list = SpeakingOrder.For(SessionWith(PrecedenceRules.Default with { ByPrecedence = false }), Item, [head, group, ngo]);

        Assert.Equal(["ICMC", "Lithuania", "Nigeria"], Names(list));
    }

    [Fact]
    public void a_group_statement_comes_only_from_states_and_organisations_a_stakeholder_on_behalf_of_a_coalition_stays_a_stakeholder()
    {
        Assert.Equal(SpeakerClass.Group, SpeakingOrder.ClassOf(StakeholderGroup.IntergovernmentalOrganisation, RepresentationLevel.Other, "European Union"));
        Assert.Equal(SpeakerClass.Stakeholder, SpeakingOrder.ClassOf(StakeholderGroup.CivilSociety, RepresentationLevel.Other, "Global Coalition on Migration"));
        Assert.Equal(SpeakerClass.MemberState, SpeakingOrder.ClassOf(StakeholderGroup.MemberState, RepresentationLevel.Other, "  "));
    }

    [Fact]
    public void each_class_has_its_own_speaking_time()
    {
        var rules = new PrecedenceRules(DefaultSpeakingSeconds: 180, SpeakingSeconds: new() { [SpeakerClass.Group] = 300, [SpeakerClass.Stakeholder] = 120 });
        var list = SpeakingOrder.For(SessionWith(rules), Item,
            [Arrives("Fiji", StakeholderGroup.MemberState, onBehalfOf: "G77"), Arrives("Ghana", StakeholderGroup.MemberState), Arrives("ICMC", StakeholderGroup.CivilSociety)]);

        Assert.Equal([300, 180, 120], list.Waiting.Select(s => s.SpeakingSeconds));
    }

    [Fact]
    public void nobody_speaks_twice_before_everyone_inscribed_has_spoken_once()
    {
        var session = SessionWith();
        var ghana = Arrives("Ghana", StakeholderGroup.MemberState, RepresentationLevel.HeadOfStateOrGovernment);
        var ngo = Arrives("ICMC", StakeholderGroup.CivilSociety);
        session.SpokenRounds[ghana.InscriptionId] = 1;
        // Ghana spoke and inscribed again (round 2, arriving after the NGO): it goes after everyone of round 1, whatever its class.
        var again = ghana with { Round = 2, Arrival = 999 };

        var list = SpeakingOrder.For(session, Item, [again, ngo]);

        Assert.Equal(["ICMC", "Ghana"], Names(list));
        Assert.Equal(2, list.Waiting[1].Inscription.Round);
    }

    [Fact]
    public void those_heard_and_those_withdrawn_leave_the_list()
    {
        var session = SessionWith();
        var heard = Arrives("Ghana", StakeholderGroup.MemberState);
        var withdrawn = Arrives("Peru", StakeholderGroup.MemberState) with { Active = false };
        var waiting = Arrives("Kenya", StakeholderGroup.MemberState);
        session.SpokenRounds[heard.InscriptionId] = 1;

        Assert.Equal(["Kenya"], Names(SpeakingOrder.For(session, Item, [heard, withdrawn, waiting])));
    }

    [Fact]
    public void a_right_of_reply_goes_at_the_end_of_the_item()
    {
        var reply = Arrives("Switzerland", StakeholderGroup.MemberState, RepresentationLevel.HeadOfStateOrGovernment, reply: true);
        var ngo = Arrives("ICMC", StakeholderGroup.CivilSociety);
        var again = Arrives("Ghana", StakeholderGroup.MemberState, round: 2);

        Assert.Equal(["ICMC", "Ghana", "Switzerland"], Names(SpeakingOrder.For(SessionWith(), Item, [reply, ngo, again])));
    }

    [Fact]
    public void stakeholders_by_selection_wait_apart_until_the_chair_selects_them()
    {
        var session = SessionWith(PrecedenceRules.Default with { StakeholdersBySelection = true, StakeholderSlots = 1 });
        var first = Arrives("ICMC", StakeholderGroup.CivilSociety);
        var second = Arrives("Migrant Forum in Asia", StakeholderGroup.MigrantOrDiasporaOrganisation);
        var state = Arrives("Ghana", StakeholderGroup.MemberState);

        var before = SpeakingOrder.For(session, Item, [first, second, state]);
        Assert.Equal(["Ghana"], Names(before));
        Assert.Equal(["ICMC", "Migrant Forum in Asia"], before.AwaitingSelection.Select(s => s.Inscription.OrganisationName));

        session.SelectedRounds[second.InscriptionId] = 1;
        var after = SpeakingOrder.For(session, Item, [first, second, state]);
        Assert.Equal(["Ghana", "Migrant Forum in Asia"], Names(after));

        // One slot, taken: the chair cannot select the other.
        var chair = new Actor(Guid.NewGuid(), "Chair", Guid.Empty, "", default, new HashSet<PlatformRole> { PlatformRole.CoChair });
        var (problem, events) = SessionDecisions.Select(chair, session, new SelectSpeaker(first.InscriptionId), [after]);
        Assert.Equal(409, problem.Status);
        Assert.Empty(events);
    }

    [Fact]
    public void the_chairs_reorder_puts_the_named_first_and_the_rest_follow_by_the_rules()
    {
        var session = SessionWith();
        var head = Arrives("Nigeria", StakeholderGroup.MemberState, RepresentationLevel.HeadOfStateOrGovernment);
        var state = Arrives("Ghana", StakeholderGroup.MemberState);
        var ngo = Arrives("ICMC", StakeholderGroup.CivilSociety);
        session.Orders[Item] = [ngo.InscriptionId, state.InscriptionId];
        var late = Arrives("Mexico", StakeholderGroup.MemberState, RepresentationLevel.Minister);

        Assert.Equal(["ICMC", "Ghana", "Nigeria", "Mexico"], Names(SpeakingOrder.For(session, Item, [head, state, ngo, late])));
    }

    [Fact]
    public void time_exceeded_is_a_record_made_when_the_floor_passes_on_never_before_the_deadline()
    {
        var session = SessionWith();
        var at = new DateTimeOffset(2013, 10, 4, 21, 30, 0, TimeSpan.Zero);
        session.Floor = new Floor(Item, Guid.NewGuid(), 1, Guid.NewGuid(), "Ghana", null, false, at, 180, at.AddSeconds(180));

        Assert.Null(SpeakingOrder.TimeExceeded(session, at.AddSeconds(180)));
        var exceeded = SpeakingOrder.TimeExceeded(session, at.AddSeconds(200));
        Assert.NotNull(exceeded);
        Assert.Equal(180, exceeded.SpeakingSeconds);
        Assert.Equal(200, exceeded.SpokeSeconds);
    }
}

/// <summary>The decisions about a session, without a database.</summary>
public class SessionDecisionsTests
{
    private static readonly Guid Item = Guid.NewGuid();
    private static readonly Actor Chair = new(Guid.NewGuid(), "Chair", Guid.Empty, "", default, new HashSet<PlatformRole> { PlatformRole.Moderator });
    private static readonly Actor Ghana = new(Guid.NewGuid(), "Delegate", Guid.NewGuid(), "Ghana", StakeholderGroup.MemberState, new HashSet<PlatformRole> { PlatformRole.Participant });
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private static Session Open(bool listOpen = true) => new()
    {
        Id = Guid.NewGuid(), ConsultationId = Guid.NewGuid(), Status = SessionStatus.Open,
        Agenda = [new AgendaItem(Item, 1, AgendaItemKind.Free, "Item")], CurrentItemId = Item, ItemsTakenUp = [Item],
        ItemsOpenForInscription = listOpen ? [Item] : [],
    };

    [Fact]
    public void only_an_accredited_delegate_inscribes_and_only_while_the_list_is_open()
    {
        Assert.Equal(403, SessionDecisions.Inscribe(Ghana, false, Open(), Item, new Inscribe(), false, null).Item1.Status);
        Assert.Equal(403, SessionDecisions.Inscribe(Chair, true, Open(), Item, new Inscribe(), false, null).Item1.Status);
        Assert.Equal(401, SessionDecisions.Inscribe(null, true, Open(), Item, new Inscribe(), false, null).Item1.Status);
        Assert.Equal(409, SessionDecisions.Inscribe(Ghana, true, Open(listOpen: false), Item, new Inscribe(), false, null).Item1.Status);
        Assert.Equal(404, SessionDecisions.Inscribe(Ghana, true, Open(), Guid.NewGuid(), new Inscribe(), false, null).Item1.Status);

        var (problem, events) = SessionDecisions.Inscribe(Ghana, true, Open(), Item, new Inscribe(RepresentationLevel.Minister, "African Group"), false, null);
        Assert.True(problem.IsNone());
        var inscribed = Assert.IsType<InscribedToSpeak>(Assert.Single(events));
        Assert.Equal((1, RepresentationLevel.Minister, "African Group"), (inscribed.Round, inscribed.Level, inscribed.OnBehalfOf));
        Assert.Equal(Inscription.IdFor(inscribed.SessionId, Item, Ghana.OrganisationId, false), inscribed.InscriptionId);
    }

    [Fact]
    public void inscribing_twice_is_refused_until_heard_then_it_is_a_new_round()
    {
        var session = Open();
        var (_, events) = SessionDecisions.Inscribe(Ghana, true, session, Item, new Inscribe(), false, null);
        var inscription = Inscription.Create((InscribedToSpeak)events[0]);

        Assert.Equal(409, SessionDecisions.Inscribe(Ghana, true, session, Item, new Inscribe(), false, inscription).Item1.Status);
        session.SpokenRounds[inscription.Id] = 1;
        var (again, next) = SessionDecisions.Inscribe(Ghana, true, session, Item, new Inscribe(), false, inscription);
        Assert.True(again.IsNone());
        Assert.Equal(2, ((InscribedToSpeak)next[0]).Round);
    }

    [Fact]
    public void giving_the_floor_takes_the_next_speaker_sends_a_deadline_and_records_the_time_exceeded_by_the_one_before()
    {
        var session = Open();
        var before = Guid.NewGuid();
        session.Floor = new Floor(Item, before, 1, Guid.NewGuid(), "Peru", null, false, Now.AddSeconds(-200), 180, Now.AddSeconds(-20));
        var next = new Inscribed(Guid.NewGuid(), Item, Ghana.OrganisationId, "Ghana", StakeholderGroup.MemberState, RepresentationLevel.Other, null, false, 1, true, 42);
        var list = SpeakingOrder.For(session, Item, [next]);

        var (problem, events) = SessionDecisions.GiveFloor(Chair, session, new GiveFloor(), list, Now);

        Assert.True(problem.IsNone());
        var exceeded = Assert.IsType<SpeakingTimeExceeded>(events[0]);
        Assert.Equal((before, 180, 200), (exceeded.InscriptionId, exceeded.SpeakingSeconds, exceeded.SpokeSeconds));
        var floor = Assert.IsType<FloorGiven>(events[1]);
        Assert.Equal((next.InscriptionId, Now, Now.AddSeconds(180)), (floor.InscriptionId, floor.At, floor.EndsAt));
    }

    [Fact]
    public void the_floor_is_refused_to_delegates_without_an_item_and_with_nobody_waiting()
    {
        var session = Open();
        Assert.Equal(403, SessionDecisions.GiveFloor(Ghana, session, new GiveFloor(), SpeakingOrder.For(session, Item, []), Now).Item1.Status);
        Assert.Equal(409, SessionDecisions.GiveFloor(Chair, session, new GiveFloor(), SpeakingOrder.For(session, Item, []), Now).Item1.Status);
        session.CurrentItemId = null;
        Assert.Equal(409, SessionDecisions.GiveFloor(Chair, session, new GiveFloor(), null, Now).Item1.Status);
    }

    [Fact]
    public void a_reorder_needs_a_reason_and_speakers_who_are_waiting()
    {
        var session = Open();
        var waiting = new Inscribed(Guid.NewGuid(), Item, Guid.NewGuid(), "Ghana", StakeholderGroup.MemberState, RepresentationLevel.Other, null, false, 1, true, 1);
        var list = SpeakingOrder.For(session, Item, [waiting]);

        Assert.Equal(400, SessionDecisions.Reorder(Chair, session, Item, new ReorderSpeakers([waiting.InscriptionId], " "), list).Item1.Status);
        Assert.Equal(400, SessionDecisions.Reorder(Chair, session, Item, new ReorderSpeakers([Guid.NewGuid()], "Courtesy"), list).Item1.Status);
        var (problem, events) = SessionDecisions.Reorder(Chair, session, Item, new ReorderSpeakers([waiting.InscriptionId], "Courtesy to the host"), list);
        Assert.True(problem.IsNone());
        Assert.Equal("Courtesy to the host", Assert.IsType<SpeakersListReordered>(Assert.Single(events)).Reason);
    }

    [Fact]
    public void the_session_moves_open_suspended_open_closed_and_a_summary_comes_after_the_close()
    {
        var session = new Session { Id = Guid.NewGuid(), Status = SessionStatus.Scheduled, Agenda = [new AgendaItem(Item, 1, AgendaItemKind.Free, "Item")] };
        Assert.Equal(409, SessionDecisions.Close(Chair, session, Now).Item1.Status);
        Assert.Equal(409, SessionDecisions.PublishSummary(Chair, session, new PublishSummary("Text"), Array.Empty<Statement>()).Item1.Status);
        Assert.True(SessionDecisions.Open(Chair, session, Now).Item1.IsNone());
        session.Status = SessionStatus.Open;
        Assert.Equal(409, SessionDecisions.Resume(Chair, session).Item1.Status);
        Assert.True(SessionDecisions.Suspend(Chair, session, new SuspendSession("Lunch"), Now).Item1.IsNone());
        session.Status = SessionStatus.Closed;
        var statement = Guid.NewGuid();
        Assert.Equal(400, SessionDecisions.PublishSummary(Chair, session, new PublishSummary("Text", [Guid.NewGuid()]), [new Statement { Id = statement, SessionId = session.Id }]).Item1.Status);
        var (problem, events) = SessionDecisions.PublishSummary(Chair, session, new PublishSummary("The co-chairs' summary", [statement]), [new Statement { Id = statement, SessionId = session.Id }]);
        Assert.True(problem.IsNone());
        Assert.Equal([statement], Assert.IsType<SessionSummaryPublished>(Assert.Single(events)).Cites);
    }

    [Fact]
    public void a_statement_needs_text_a_bcp47_language_an_http_link_and_an_inscription_on_the_item()
    {
        var session = Open();
        var inscription = new Inscription { Id = Guid.NewGuid(), SessionId = session.Id, ItemId = Item, OrganisationId = Ghana.OrganisationId, OrganisationName = "Ghana", Active = true, Round = 1 };
        var id = Guid.NewGuid();
        Assert.Equal(400, SessionDecisions.Deliver(Ghana, true, session, new DeliverStatement(Item, "", "en"), [inscription], id, Now).Item1.Status);
        Assert.Equal(400, SessionDecisions.Deliver(Ghana, true, session, new DeliverStatement(Item, "Text", "english"), [inscription], id, Now).Item1.Status);
        Assert.Equal(400, SessionDecisions.Deliver(Ghana, true, session, new DeliverStatement(Item, "Text", "en", "javascript:alert(1)"), [inscription], id, Now).Item1.Status);
        Assert.Equal(409, SessionDecisions.Deliver(Ghana, true, session, new DeliverStatement(Item, "Text", "en"), [], id, Now).Item1.Status);
        Assert.Equal(403, SessionDecisions.Deliver(Ghana, true, session, new DeliverStatement(Item, "Text", "en", null, inscription.Id), [inscription], id, Now).Item1.Status);

        var (problem, events) = SessionDecisions.Deliver(Ghana, true, session, new DeliverStatement(Item, "Thank you, co-chairs.", "fr-ch", "https://webtv.un.org/"), [inscription], id, Now);
        Assert.True(problem.IsNone());
        var delivered = Assert.IsType<StatementDelivered>(Assert.Single(events));
        Assert.Equal(("fr-CH", inscription.Id, false), (delivered.Language, delivered.InscriptionId, delivered.RecordedByChair));
        // The chair records one for the speaker.
        var (byChair, recorded) = SessionDecisions.Deliver(Chair, false, session, new DeliverStatement(Item, "Spoken text.", "en", null, inscription.Id), [inscription], id, Now);
        Assert.True(byChair.IsNone());
        Assert.True(((StatementDelivered)recorded[0]).RecordedByChair);
    }
}
