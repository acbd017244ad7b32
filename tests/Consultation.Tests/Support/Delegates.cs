using ConsultationPlatform.Infrastructure.Authentication;
using ConsultationPlatform.Stakeholders;
using Marten;

namespace ConsultationPlatform.Tests.Support;

/// <summary>People acting for organisations in tests: each call makes a new person and organisation.</summary>
public static class Delegates
{
    public static Actor Of(string organisation, StakeholderGroup group, params PlatformRole[] roles) =>
        new(Guid.NewGuid(), $"Delegate of {organisation}", Guid.NewGuid(), organisation, group,
            (roles.Length == 0 ? [PlatformRole.Participant] : roles).ToHashSet());

    public static Actor State(string name = "Ghana") => Of(name, StakeholderGroup.MemberState);

    public static Actor CivilSociety(string name = "Migrant Forum in Asia") => Of(name, StakeholderGroup.CivilSociety);

    public static Actor Moderator() => new(Guid.NewGuid(), "Moderator", Guid.Empty, "", StakeholderGroup.CivilSociety,
        new HashSet<PlatformRole> { PlatformRole.Moderator });

    /// <summary>A moderator (or co-chair) of <paramref name="consultationIds"/> only, as an administrator appoints one.</summary>
    public static Actor ModeratorOf(PlatformRole role, params Guid[] consultationIds) => new(Guid.NewGuid(), "Moderator of some", Guid.Empty, "",
        StakeholderGroup.CivilSociety, new HashSet<PlatformRole> { PlatformRole.Participant },
        consultationIds.Select(id => new ConsultationRole(id, role)).ToList());

    public static Actor ModeratorOf(params Guid[] consultationIds) => ModeratorOf(PlatformRole.Moderator, consultationIds);

    /// <summary>The development sign-in headers that name <paramref name="actor"/>.</summary>
    public static IEnumerable<(string Name, string Value)> HeadersFor(Actor actor)
    {
        yield return (ActingHeadersAuthenticationHandler.PersonIdHeader, actor.PersonId.ToString());
        yield return (ActingHeadersAuthenticationHandler.PersonNameHeader, actor.PersonName);
        if (actor.OrganisationId != Guid.Empty)
        {
            yield return (ActingHeadersAuthenticationHandler.OrganisationIdHeader, actor.OrganisationId.ToString());
            yield return (ActingHeadersAuthenticationHandler.OrganisationNameHeader, actor.OrganisationName);
            yield return (ActingHeadersAuthenticationHandler.OrganisationGroupHeader, actor.OrganisationGroup.ToString());
        }

        yield return (ActingHeadersAuthenticationHandler.RolesHeader, string.Join(',', actor.Roles));
        if (actor.Appointments.Count > 0)
            yield return (ActingHeadersAuthenticationHandler.ConsultationRolesHeader, string.Join(',', actor.Appointments));
    }

    /// <summary>
    /// A client that signs every request as <paramref name="actor"/>. Unless told not to, it first makes sure the
    /// organisation the actor acts for is accredited to the consultation the request is about (as a moderator
    /// would have done), so that tests of other rules need not repeat the accreditation flow; tests of
    /// accreditation itself pass <paramref name="accredit"/> = false.
    /// </summary>
    public static HttpClient ClientFor(this AppFixture app, Actor actor, bool accredit = true)
    {
        var client = accredit && actor.OrganisationId != Guid.Empty
            ? new HttpClient(new AccreditingHandler(app, actor) { InnerHandler = new HttpClientHandler() }) { BaseAddress = app.BaseAddress }
            : new HttpClient { BaseAddress = app.BaseAddress };
        foreach (var (name, value) in HeadersFor(actor)) client.DefaultRequestHeaders.Add(name, value);
        return client;
    }
}

/// <summary>Accredits the actor's organisation to the consultation a request is about, once, straight in the store.</summary>
internal sealed class AccreditingHandler(AppFixture app, Actor actor) : DelegatingHandler
{
    // One accreditation task per (consultation, organisation): concurrent requests of one client all wait for it, so
    // none of them reaches the server before the accreditation is stored.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Guid, Guid), Lazy<Task>> Done = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (await ConsultationOf(request.RequestUri!, ct) is { } consultationId)
            await Accredit(app, consultationId, actor, ct);

        return await base.SendAsync(request, ct);
    }

    /// <summary>Accredits the actor's organisation to the consultation, unless it already has an accreditation history there.</summary>
    public static Task Accredit(AppFixture app, Guid consultationId, Actor actor, CancellationToken ct = default) =>
        Done.GetOrAdd((consultationId, actor.OrganisationId), _ => new Lazy<Task>(() => Store(app, consultationId, actor, ct))).Value;

    private static async Task Store(AppFixture app, Guid consultationId, Actor actor, CancellationToken ct)
    {
        var id = Accreditations.IdFor(consultationId, actor.OrganisationId);
        await using var session = app.Store.LightweightSession();
        if (await session.Events.FetchStreamStateAsync(id, ct) is not null) return;
        session.Events.StartStream<Accreditation>(id,
            new AccreditationRequested(id, consultationId, actor.OrganisationId, actor.OrganisationName, actor.OrganisationGroup, null, actor.PersonId),
            new AccreditationGranted(id, consultationId, actor.OrganisationId, Guid.Empty));
        await session.SaveChangesAsync(ct);
    }

    private async Task<Guid?> ConsultationOf(Uri uri, CancellationToken ct)
    {
        var parts = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3 || parts[0] != "api" || !Guid.TryParse(parts[2], out var id)) return null;
        await using var session = app.Store.QuerySession();
        return parts[1] switch
        {
            "consultations" => id,
            "action-points" => (await session.LoadAsync<ConsultationPlatform.ActionPoints.ActionPoint>(id, ct))?.ConsultationId,
            "amendments" => (await session.LoadAsync<ConsultationPlatform.Amendments.Amendment>(id, ct))?.ConsultationId,
            "submissions" => (await session.LoadAsync<ConsultationPlatform.Submissions.Submission>(id, ct))?.ConsultationId,
            _ => null,
        };
    }
}
