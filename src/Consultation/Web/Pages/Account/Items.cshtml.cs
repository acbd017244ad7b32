using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations.History;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.LivePush;
using ConsultationPlatform.Web.Resources;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace ConsultationPlatform.Web.Pages.Account;

/// <summary>
/// "My items": the inputs the signed-in person submitted, and the amendments, endorsements and accreditations of the
/// organisation they act for, each with its status (the query of <c>GET /api/me/items</c>).
/// </summary>
public sealed class ItemsModel(IQuerySession session, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>Where the page's live updates start from: the latest change of the person's own-items stream.</summary>
    public long Position { get; private set; }

    public OwnItems Items { get; private set; } = null!;
    public Stakeholders.Actor Actor { get; private set; } = null!;
    public IReadOnlyDictionary<Guid, Consultation> Consultations { get; private set; } = new Dictionary<Guid, Consultation>();
    public IReadOnlyDictionary<Guid, ActionPoint> Points { get; private set; } = new Dictionary<Guid, ActionPoint>();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Stakeholders.Actor.From(User) is not { } actor) return RedirectToPage("/Account/SignIn", new { returnUrl = PageLinks.MyItems });
        Actor = actor;
        // Read before the items: a change committed in between comes again live, and is shown twice at worst, never missed.
        Position = await ConsultationHistoryReads.LatestOwnPosition(session, actor.PersonId, ct);
        Items = await OwnItemsEndpoint.Get(User, session, ct);

        var consultationIds = Items.Inputs.Select(i => i.ConsultationId)
            .Concat(Items.Amendments.Select(a => a.ConsultationId))
            .Concat(Items.Endorsements.Select(e => e.ConsultationId))
            .Concat(Items.Accreditations.Select(a => a.ConsultationId))
            .Distinct().ToList();
        var pointIds = Items.Amendments.Select(a => a.ActionPointId).Concat(Items.Endorsements.Select(e => e.ActionPointId)).Distinct().ToList();
        Consultations = consultationIds.Count == 0 ? new Dictionary<Guid, Consultation>()
            : (await session.LoadManyAsync<Consultation>(ct, consultationIds)).ToDictionary(c => c.Id);
        Points = pointIds.Count == 0 ? new Dictionary<Guid, ActionPoint>()
            : (await session.LoadManyAsync<ActionPoint>(ct, pointIds)).ToDictionary(p => p.Id);
        return Page();
    }

    public string Title(Guid consultationId) => Consultations.TryGetValue(consultationId, out var c) ? c.Title : "";

    public string Language(Guid consultationId) => Consultations.TryGetValue(consultationId, out var c) ? c.Languages.FirstOrDefault() ?? "en" : "en";

    /// <summary>The words items.js says in the reader's language.</summary>
    public string LiveLabels() => LiveText.Labels(new Dictionary<string, object>
    {
        ["announce"] = t["LiveAnnounceItems"].Value,
        ["disconnected"] = t["LiveDisconnected"].Value,
        ["reconnected"] = t["LiveReconnected"].Value,
        ["reload"] = t["LiveReload"].Value,
    });

    /// <summary>The point's current version, to say when an endorsement or an amendment is behind it.</summary>
    public int CurrentVersion(Guid actionPointId) => Points.TryGetValue(actionPointId, out var p) ? p.Current.Number : 0;
}
