using System.Globalization;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Search;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsultationPlatform.Web.Pages.Search;

/// <summary>
/// The search page: a GET form (readable and shareable without script) and the results the reader may see, each with
/// its snippet, the hits marked. Snippets are text cut at the database's hit markers; the page writes every piece as
/// text (encoded by Razor) inside <c>mark</c> or not, so nothing from the database is ever markup.
/// </summary>
public sealed class IndexModel(IQuerySession session) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public string? Group { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Point { get; set; }
    [BindProperty(SupportsGet = true)] public string? Language { get; set; }
    [BindProperty(SupportsGet = true)] public string? Phase { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? Consultation { get; set; }

    public SearchResults? Results { get; private set; }
    public ProblemDetails? Problem { get; private set; }
    public IReadOnlyList<ConsultationSummary> Consultations { get; private set; } = [];
    public IReadOnlyList<(Guid Id, int Number, Guid ConsultationId)> Points { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Consultations = await ConsultationEndpoints.List(session, ct);
        Points = (await session.Query<ActionPoint>().OrderBy(p => p.Number).ToListAsync(ct))
            .Where(p => Consultation is null || p.ConsultationId == Consultation)
            .Select(p => (p.Id, p.Number, p.ConsultationId)).ToList();
        if (string.IsNullOrWhiteSpace(Q) && Kind is null && Group is null && Point is null && Language is null && Phase is null) return;

        var (request, problem) = SearchReads.Parse(Q, Kind, Group, Point, Language, Phase, Consultation, null);
        if (request is null)
        {
            Problem = problem;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Results = await SearchReads.Search(session, request, SearchReader.From(Actor.From(User)), ct);
    }

    public string ConsultationTitle(Guid id) => Consultations.FirstOrDefault(c => c.Id == id)?.Title ?? "";

    public static string Link(SearchHit hit) => hit.Kind switch
    {
        SearchKind.ActionPoint => PageLinks.ActionPoint(hit.Id),
        SearchKind.Amendment when hit.ActionPointId is { } point => PageLinks.ActionPoint(point) + "#amendment-" + hit.Id,
        SearchKind.Input when hit.ActionPointId is { } point => PageLinks.ActionPoint(point) + "#input-" + hit.Id,
        _ => PageLinks.Board(hit.ConsultationId),
    };

    public static string Number(long n) => n.ToString("N0", CultureInfo.CurrentCulture);
}
