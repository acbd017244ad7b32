using System.Net;
using System.Net.Http.Json;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.LiveSessions;
using ConsultationPlatform.Stakeholders;
using ConsultationPlatform.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ConsultationPlatform.Tests.LiveSessions;

/// <summary>A clock the test moves: the server's "now" for the floor's deadline and the time exceeded.</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>The platform with a clock of the test's own, and helpers to run a session over HTTP.</summary>
public class SessionWorld : AppFixture
{
    public ManualClock Clock { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new consultation with a session scheduled on its three challenges and a free item; the chair's client.</summary>
    public async Task<(ConsultationBoard Consultation, SessionRoom Room, HttpClient Chair)> ScheduledSession(PrecedenceRules? rules = null)
    {
        var consultation = await NewConsultation(ConsultationPhase.Inputs);
        var chair = this.ClientFor(Delegates.Moderator());
        var scheduled = await chair.PostAsJsonAsync($"/api/consultations/{consultation.Id}/sessions", new
        {
            title = "Round table 3, online",
            starts = Clock.GetUtcNow(),
            ends = Clock.GetUtcNow().AddHours(3),
            timeZone = "America/New_York",
            agenda = new object[]
            {
                new { kind = "challenge", number = 1 }, new { kind = "challenge", number = 2 }, new { kind = "challenge", number = 3 },
                new { kind = "free", title = "Any other business" },
            },
            rules = rules ?? new PrecedenceRules(SpeakingSeconds: new() { [SpeakerClass.Group] = 300 }),
        }, Json, Ct);
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        var id = (await scheduled.Content.ReadFromJsonAsync<SessionCreated>(Json, Ct))!.Id;
        return (consultation, await Room(id), chair);
    }

    public async Task<SessionRoom> Room(Guid sessionId) => (await Http.GetFromJsonAsync<SessionRoom>($"/api/sessions/{sessionId}", Json, Ct))!;

    /// <summary>A delegate of a new organisation, accredited to the consultation, with a client signed in as them.</summary>
    public async Task<(Actor Actor, HttpClient Client)> Delegate(Guid consultationId, string organisation, StakeholderGroup group)
    {
        var actor = Delegates.Of(organisation, group);
        await AccreditingHandler.Accredit(this, consultationId, actor);
        return (actor, this.ClientFor(actor, accredit: false));
    }
}
