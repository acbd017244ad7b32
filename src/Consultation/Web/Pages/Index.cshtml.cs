using ConsultationPlatform.Consultations;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ConsultationPlatform.Web.Pages;

/// <summary>The home page: the consultations and the phase each is in.</summary>
public sealed class IndexModel(IQuerySession session) : PageModel
{
    public IReadOnlyList<ConsultationSummary> Consultations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Consultations = await ConsultationEndpoints.List(session, ct);
}
