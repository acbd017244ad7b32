using ConsultationPlatform.Consultations.History;
using System.Reflection;
using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Common;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Web;
using Wolverine.Tracking;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.Tests.Support;
using Marten;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Wolverine.Http;
using Wolverine.Runtime;

namespace ConsultationPlatform.Tests.Common;

/// <summary>
/// Issue 11, "one way in": every act (<see cref="IAct"/>) is decided by ONE Wolverine handler chain, and the API
/// endpoint and the page that do the act both only send the act's command to it. Read off the running app's handler
/// graph and HTTP chains, and off the compiled code of the endpoints and page models: it fails for an act without a
/// handler, a handler chain without the actor stamping or without its aggregate load, an endpoint that writes itself
/// instead of relaying, and a page model that writes events or sessions itself.
/// </summary>
[Collection(PlatformCollection.Name)]
public class OneWayInTests(AppFixture app)
{
    private static readonly Assembly Platform = typeof(IAct).Assembly;

    public static TheoryData<string> Acts()
    {
        var data = new TheoryData<string>();
        foreach (var act in AllActs()) data.Add(act.FullName!);
        return data;
    }

    private static IEnumerable<Type> AllActs() =>
        Platform.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IAct).IsAssignableFrom(t)).OrderBy(t => t.FullName);

    [Fact]
    public void there_are_acts_and_the_endorsement_and_the_acceptance_of_an_amendment_are_among_them()
    {
        var names = AllActs().Select(t => t.Name).ToList();
        Assert.Contains("Endorse", names);
        Assert.Contains("AcceptAmendment", names);
    }

    [Theory]
    [MemberData(nameof(Acts))]
    public void the_act_has_one_handler_chain_that_stamps_the_actor_and_loads_its_stream(string name)
    {
        var act = Platform.GetType(name)!;
        var options = app.App.Services.GetRequiredService<WolverineOptions>();
        var handlers = (Wolverine.Runtime.Handlers.HandlerGraph)typeof(WolverineOptions)
            .GetProperty("HandlerGraph", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!.GetValue(options)!;
        Assert.NotNull(handlers.HandlerFor(act)); // compiles the chain: its generated code is then there to read
        var chain = handlers.ChainFor(act);
        Assert.NotNull(chain);
        Assert.Single(chain!.Handlers);
        Assert.Equal(act.Namespace, chain.Handlers[0].HandlerType.Namespace); // in its capability's folder

        // The actor stamping, applied to every act's chain by the pipeline (and read off the events written by both
        // ways in by the runtime test below).
        Assert.Contains(chain.Middleware.OfType<JasperFx.CodeGeneration.Frames.MethodCall>(), m => m.HandlerType == typeof(ActActorMiddleware));
        // The aggregate handler workflow: the handler names the stream it writes (load style on the attribute), or,
        // for an act that creates something (a reply), starts the new stream in the session; Wolverine commits it.
        var parameters = chain.Handlers[0].Method.GetParameters();
        Assert.True(
            parameters.Any(p => p.GetCustomAttributes().Any(a => a.GetType().Name == "WriteAggregateAttribute"))
            || parameters.Any(p => p.ParameterType == typeof(IDocumentSession)),
            $"{act.Name}'s handler neither loads the stream it writes nor takes the session that starts one.");
        Assert.True(chain.IsTransactional);
    }

    /// <summary>The worked example, run both ways: the API and the page's form each have the Endorse handler run
    /// once (Wolverine's message tracking), and the events each wrote carry who did it (the pipeline's stamping).</summary>
    [Fact]
    public async Task endorsing_through_the_api_and_through_the_page_runs_the_same_handler_and_stamps_the_actor()
    {
        var board = await app.NewConsultation(ConsultationPhase.Endorsement);
        var point = board.ActionPoints[0];

        var chile = Delegates.State("Chile");
        var api = await app.App.Services.TrackActivity().Timeout(TimeSpan.FromSeconds(30)).ExecuteAndWaitAsync((Func<IMessageContext, Task>)(async _ =>
            (await app.ClientFor(chile).PostAsJsonAsync($"/api/action-points/{point.Id}/endorsements", new { version = 1 }, AppFixture.Json)).EnsureSuccessStatusCode()));
        Assert.Single(api.Executed.MessagesOf<Endorse>());

        var norway = await app.NewOrganisation("Norway " + Guid.NewGuid().ToString("N")[..6], StakeholderGroup.MemberState);
        await app.Accredit(board.Id, norway);
        var account = await app.NewAccount(organisations: norway);
        var visitor = new Visitor(app);
        await visitor.SignIn(account.Email);
        var page = await app.App.Services.TrackActivity().Timeout(TimeSpan.FromSeconds(30)).ExecuteAndWaitAsync((Func<IMessageContext, Task>)(async _ =>
        {
            var response = await visitor.Post($"/action-points/{point.Id}?handler=endorse", new() { ["version"] = "1" }, $"/action-points/{point.Id}");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }));
        Assert.Single(page.Executed.MessagesOf<Endorse>());

        await using var session = app.Store.QuerySession();
        foreach (var (organisation, person) in new[] { (chile.OrganisationId, chile.PersonId), (norway.Id, account.Id) })
        {
            var events = await session.Events.FetchStreamAsync(Endorsement.IdFor(point.Id, organisation));
            var given = Assert.Single(events);
            Assert.Equal(person.ToString(), given.Headers![ChangeClassifier.PersonIdHeader]?.ToString());
            Assert.Equal(organisation.ToString(), given.Headers![ChangeClassifier.OrganisationIdHeader]?.ToString());
        }
    }

    /// <summary>The acts of a live session and of the outcome's summary are acts like the others: each listed here has
    /// its one handler (the theories above run for each), so a form and an endpoint cannot drift apart again.</summary>
    [Fact]
    public void the_live_sessions_and_the_summary_acts_are_among_the_acts()
    {
        var names = AllActs().Select(t => t.FullName).ToList();
        string[] expected =
        [
            "LiveSessions.Schedule", "LiveSessions.OpenSession", "LiveSessions.TakeUpItem", "LiveSessions.OpenOrCloseList",
            "LiveSessions.Reorder", "LiveSessions.Select", "LiveSessions.GiveTheFloor", "LiveSessions.Suspend", "LiveSessions.Resume",
            "LiveSessions.CloseSession", "LiveSessions.Pin", "LiveSessions.PublishSessionSummary", "LiveSessions.DraftSessionSummary",
            "LiveSessions.InscribeToSpeak", "LiveSessions.WithdrawInscription", "LiveSessions.Deliver", "LiveSessions.Hide",
            "LiveSessions.ApproveStatement", "Outcome.Summary.EditDraft", "Outcome.Summary.DiscardDraft", "Outcome.Summary.Publish",
        ];
        foreach (var act in expected) Assert.Contains("ConsultationPlatform." + act, names);
        Assert.Null(Platform.GetType("ConsultationPlatform.LiveSessions.SessionActs"));
        Assert.Null(Platform.GetType("ConsultationPlatform.Outcome.Summary.SummaryWrites"));
    }

    /// <summary>The rush on a list of speakers: the inscription's handler takes one of a few turns before it reads
    /// (<c>BeforeAsync</c>) and gives it back in the chain's finally block (<c>Finally</c>), whatever the outcome. Were a
    /// turn not given back, the inscriptions past that many would wait for ever: here they are all answered.</summary>
    [Fact]
    public async Task every_inscription_gives_its_turn_back_whatever_its_outcome()
    {
        var bus = app.App.Services.GetRequiredService<IMessageBus>();
        var actor = Delegates.State("Chile");
        for (var i = 0; i < ConsultationPlatform.LiveSessions.InscribeToSpeakHandler.Concurrency + 4; i++)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var outcome = await bus.DoAsync(new ConsultationPlatform.LiveSessions.InscribeToSpeak(Guid.NewGuid(), Guid.NewGuid(),
                new ConsultationPlatform.LiveSessions.Inscribe(), false, actor), limit.Token);
            var refused = Assert.IsType<Outcome<ConsultationPlatform.LiveSessions.InscriptionReceipt>.Refusal>(outcome);
            Assert.IsType<Refused.NotFound>(refused.Why);
        }
    }

    [Theory]
    [MemberData(nameof(Acts))]
    public void the_api_endpoint_of_the_act_only_relays_it_to_the_handler(string name)
    {
        var act = Platform.GetType(name)!;
        var chains = app.App.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .SelectMany(e => e.Metadata.OfType<HttpChain>()).Distinct().ToList();
        Assert.NotEmpty(chains);
        // One endpoint, or several routes of one act (publish, reject and hide a reply): each only relays it.
        var relays = chains.Where(c => Constructs(c.Method.Method, act)).ToList();
        Assert.NotEmpty(relays);
        foreach (var endpoint in relays)
        {
            Assert.True(ActResults.RelaysAct(endpoint));
            var parameters = endpoint.Method.Method.GetParameters();
            Assert.DoesNotContain(parameters, p => typeof(IQuerySession).IsAssignableFrom(p.ParameterType));
            Assert.DoesNotContain(parameters, p => p.GetCustomAttributes().Any(a => a.GetType().Name is "WriteAggregateAttribute" or "ReadAggregateAttribute" or "AggregateAttribute"));
            Assert.DoesNotContain(endpoint.Middleware.OfType<JasperFx.CodeGeneration.Frames.MethodCall>(), m => m.HandlerType == typeof(ActorMetadataMiddleware));
        }
    }

    [Theory]
    [MemberData(nameof(Acts))]
    public void a_page_that_does_the_act_only_sends_it_through_the_bus(string name)
    {
        var act = Platform.GetType(name)!;
        foreach (var page in PageModels().Where(p => Constructs(p, act)))
        {
            Assert.Contains(page.GetConstructors().Single().GetParameters(), p => p.ParameterType == typeof(IMessageBus));
            // Which handlers send it: none of them writes itself.
            foreach (var method in HandlerMethodsConstructing(page, act))
                Assert.Empty(Writes(method));
        }
    }

    [Fact]
    public void no_page_writes_events_or_sessions_itself()
    {
        var writers = PageModels().Where(p => AllMethods(p).Any(m => Writes(m).Any())).Select(p => p.Name).ToList();
        Assert.Empty(writers);
    }

    /// <summary>
    /// The hand-made write path (Web/WebActions.cs) is gone, and no page hands a document session to a write path of
    /// its own: a page model's code calls nothing of the platform that takes an <see cref="IDocumentSession"/>, so a
    /// form can do an act only through the act's handler. The writes that are not acts of the dialogue's pipeline yet
    /// are named here, each one (a new one fails this test): the accounts (an invitation accepted is not an act of the
    /// dialogue). The live sessions' acts, the demo session and the summary's drafts go through the pipeline.
    /// </summary>
    [Fact]
    public void no_page_hands_a_session_to_a_write_path_of_its_own()
    {
        Assert.Null(Platform.GetType("ConsultationPlatform.Web.WebActions"));
        string[] notYetActs = ["AccountEndpoints"];
        var bypasses = PageModels()
            .SelectMany(page => AllMethods(page).SelectMany(Calls)
                .Where(c => c.DeclaringType is { } t && t.Assembly == Platform && !typeof(PageModel).IsAssignableFrom(t)
                    && c.GetParameters().Any(p => typeof(IDocumentSession).IsAssignableFrom(p.ParameterType)))
                .Where(c => !notYetActs.Contains(c.DeclaringType!.Name))
                .Select(c => $"{page.Name} -> {c.DeclaringType!.Name}.{c.Name}"))
            .Distinct().ToList();
        Assert.Empty(bypasses);
    }

    private static IEnumerable<Type> PageModels() =>
        Platform.GetTypes().Where(t => typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract);

    /// <summary>The page handler methods (OnPost…) whose code, or the code of the lambdas and state machines they own, constructs the act.</summary>
    private static IEnumerable<MethodInfo> HandlerMethodsConstructing(Type page, Type act) =>
        page.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly).Where(m => m.Name.StartsWith("OnPost"));

    private static bool Constructs(Type type, Type act) => AllMethods(type).Any(m => Calls(m).Any(c => c is ConstructorInfo ctor && ctor.DeclaringType == act));

    private static bool Constructs(MethodInfo method, Type act) =>
        Calls(method).Concat(StateMachine(method).SelectMany(AllMethods).SelectMany(Calls))
            .Any(c => c is ConstructorInfo ctor && ctor.DeclaringType == act);

    private static IEnumerable<MethodBase> Writes(MethodBase method) =>
        Calls(method).Where(c => c.DeclaringType is { } t
            && (t == typeof(IDocumentSession) && c.Name == nameof(IDocumentSession.SaveChangesAsync)
                || t.Name is "IEventStoreOperations" or "IEventOperations" && (c.Name.StartsWith("Append") || c.Name.StartsWith("StartStream") || c.Name.StartsWith("FetchFor"))));

    private static IEnumerable<Type> StateMachine(MethodInfo method) =>
        method.GetCustomAttribute<System.Runtime.CompilerServices.AsyncStateMachineAttribute>()?.StateMachineType is { } machine ? [machine] : [];

    private static IEnumerable<MethodBase> AllMethods(Type type) =>
        type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Cast<MethodBase>()
            .Concat(type.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            .Concat(type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(AllMethods));

    /// <summary>The methods and constructors a method's IL calls (call, callvirt, newobj, ldftn).</summary>
    private static IEnumerable<MethodBase> Calls(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        for (var i = 0; i < il.Length - 4; i++)
        {
            var op = il[i];
            var at = op is 0x28 or 0x6F or 0x73 ? i + 1 : op == 0xFE && il[i + 1] == 0x06 && i + 5 < il.Length ? i + 2 : -1;
            if (at < 0) continue;
            var token = BitConverter.ToInt32(il, at);
            if ((token >> 24) is not (0x06 or 0x0A or 0x2B)) continue;
            MethodBase? called;
            try
            {
                called = method.Module.ResolveMethod(token,
                    method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null,
                    method is MethodInfo { IsGenericMethod: true } g ? g.GetGenericArguments() : null);
            }
            catch (ArgumentException)
            {
                continue;
            }
            catch (BadImageFormatException)
            {
                continue;
            }

            if (called is not null) yield return called;
        }
    }
}
