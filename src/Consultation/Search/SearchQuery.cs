using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Search;

/// <summary>A search: the words (web-search syntax: <c>"a phrase"</c>, <c>or</c>, <c>-word</c>) and the filters, all optional but the words.</summary>
public sealed record SearchRequest(
    string Query,
    SearchKind? Kind = null,
    StakeholderGroup? Group = null,
    Guid? ActionPointId = null,
    string? Language = null,
    ConsultationPhase? Phase = null,
    Guid? ConsultationId = null,
    int Limit = SearchRequest.DefaultLimit)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int MaxQueryLength = 200;
}

/// <summary>A piece of a snippet: text, and whether it is a word the search matched.</summary>
public sealed record SnippetPart(string Text, bool Hit);

/// <summary>One result, as the reader may see it.</summary>
public sealed record SearchHit(
    Guid Id,
    SearchKind Kind,
    Guid ConsultationId,
    Guid? ActionPointId,
    int? ActionPointNumber,
    StakeholderGroup? Group,
    string Language,
    ConsultationPhase? Phase,
    string Status,
    bool Public,
    string? OrganisationName,
    int? Version,
    IReadOnlyList<SnippetPart> Title,
    IReadOnlyList<SnippetPart> Snippet,
    double Rank);

public sealed record SearchResults(string Query, long Total, IReadOnlyList<SearchHit> Hits);

/// <summary>Who reads: everyone sees public entries; a person also their own inputs; the secretariat everything.</summary>
public sealed record SearchReader(Guid PersonId, bool SeesPrivateItems)
{
    public static readonly SearchReader Public = new(Guid.Empty, false);

    public static SearchReader From(Actor? actor) =>
        actor is null ? Public : new SearchReader(actor.PersonId, actor.Allows(AccessAct.SeePrivateItems));
}

public static class SearchReads
{
    private sealed record Row(
        Guid Id, string Kind, Guid ConsultationId, Guid? ActionPointId, int? ActionPointNumber, string? Group, string Language,
        string? Phase, string Status, bool Public, string? OrganisationName, int? Version, string? Title, string Snippet,
        double Rank, long Total);

    private static readonly string HeadlineOptions =
        $"StartSel={SearchTables.HitStart}, StopSel={SearchTables.HitEnd}, MaxFragments=2, MinWords=8, MaxWords=30, FragmentDelimiter=\" … \"";

    private static readonly string TitleOptions = $"HighlightAll=true, StartSel={SearchTables.HitStart}, StopSel={SearchTables.HitEnd}";

    /// <summary>
    /// The query is parsed in every configuration and OR-ed, so the GIN index answers it; each row is then matched and
    /// ranked with the query parsed in its own configuration (so an English text is found by English stems only).
    /// </summary>
    public static async Task<SearchResults> Search(IQuerySession session, SearchRequest request, SearchReader reader, CancellationToken ct)
    {
        var entries = $"{session.DocumentStore.Options.DatabaseSchemaName}.{SearchTables.Entries}";
        var anyConfiguration = string.Join(" || ", SearchLanguages.All.Select(c => $"websearch_to_tsquery('{c}', p.q)"));
        var filters = new List<string>();
        var values = new List<object> { request.Query.Trim(), reader.PersonId, reader.SeesPrivateItems };
        if (request.Kind is { } kind) { filters.Add("e.kind = ?"); values.Add(SearchIndexProjection.Kind(kind)); }
        if (request.Group is { } group) { filters.Add("e.stakeholder_group = ?"); values.Add(group.ToString()); }
        if (request.ActionPointId is { } point) { filters.Add("e.action_point_id = ?"); values.Add(point); }
        if (request.ConsultationId is { } consultation) { filters.Add("e.consultation_id = ?"); values.Add(consultation); }
        if (request.Phase is { } phase) { filters.Add("e.phase = ?"); values.Add(phase.ToString().ToLowerInvariant()); }
        if (!string.IsNullOrWhiteSpace(request.Language))
        {
            filters.Add("(lower(e.language) = lower(?) or lower(e.language) like lower(?) || '-%')");
            values.Add(request.Language); values.Add(request.Language);
        }

        values.Add(Math.Clamp(request.Limit, 1, SearchRequest.MaxLimit));
        values.Add(HeadlineOptions);
        values.Add(TitleOptions);
        var where = filters.Count == 0 ? "" : " and " + string.Join(" and ", filters);
        var sql = $"""
            with p as (select ?::text as q, ?::uuid as reader, ?::boolean as sees_all),
            hits as (
                select e.*, own, ts_rank_cd(e.search, own) as rank, count(*) over () as total
                from p, {entries} e, websearch_to_tsquery(e.config, p.q) own
                where e.search @@ ({anyConfiguration}) and e.search @@ own
                  and (e.public or p.sees_all or e.person_id = p.reader){where}
                order by rank desc, e.id
                limit ?),
            o as (select ?::text as body_options, ?::text as title_options)
            select json_build_object(
                'id', id, 'kind', kind, 'consultationId', consultation_id, 'actionPointId', action_point_id,
                'actionPointNumber', action_point_number, 'group', stakeholder_group, 'language', language, 'phase', phase,
                'status', status, 'public', public, 'organisationName', organisation_name, 'version', version,
                'title', case when title is null then null else ts_headline(config, title, own, o.title_options) end,
                'snippet', ts_headline(config, body || coalesce(E'\n' || rationale, ''), own, o.body_options),
                'rank', rank, 'total', total)
            from hits, o
            order by rank desc, id
            """;
        var rows = await session.QueryAsync<Row>(sql, ct, values.ToArray());
        return new SearchResults(request.Query, rows.Count == 0 ? 0 : rows[0].Total, rows.Select(ToHit).ToList());
    }

    private static SearchHit ToHit(Row row) => new(
        row.Id,
        row.Kind switch { "input" => SearchKind.Input, "amendment" => SearchKind.Amendment, "reply" => SearchKind.Reply, _ => SearchKind.ActionPoint },
        row.ConsultationId, row.ActionPointId, row.ActionPointNumber,
        Enum.TryParse<StakeholderGroup>(row.Group, out var group) ? group : null,
        row.Language,
        Enum.TryParse<ConsultationPhase>(row.Phase, ignoreCase: true, out var phase) ? phase : null,
        row.Status, row.Public, row.OrganisationName, row.Version,
        row.Title is null ? [] : Parts(row.Title), Parts(row.Snippet), row.Rank);

    /// <summary>Cuts a headline at its hit markers: plain text pieces, some of them hits. Nothing in it is markup.</summary>
    public static IReadOnlyList<SnippetPart> Parts(string headline)
    {
        var parts = new List<SnippetPart>();
        var rest = headline.AsSpan();
        while (!rest.IsEmpty)
        {
            var start = rest.IndexOf(SearchTables.HitStart);
            if (start < 0) { parts.Add(new SnippetPart(rest.ToString(), false)); break; }
            if (start > 0) parts.Add(new SnippetPart(rest[..start].ToString(), false));
            rest = rest[(start + 1)..];
            var end = rest.IndexOf(SearchTables.HitEnd);
            if (end < 0) { parts.Add(new SnippetPart(rest.ToString(), true)); break; }
            parts.Add(new SnippetPart(rest[..end].ToString(), true));
            rest = rest[(end + 1)..];
        }

        // Adjacent hits (a phrase) read as one.
        var merged = new List<SnippetPart>();
        foreach (var part in parts)
            if (merged.Count > 0 && merged[^1].Hit == part.Hit) merged[^1] = merged[^1] with { Text = merged[^1].Text + part.Text };
            else merged.Add(part);
        return merged;
    }

    /// <summary>The request from query values, or the problem with them (400, by field).</summary>
    public static (SearchRequest? Request, ProblemDetails Problem) Parse(string? q, string? kind, string? group, Guid? point,
        string? language, string? phase, Guid? consultation, int? limit)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(q)) errors.Add(("q", "Give the words to search for."));
        else if (q.Length > SearchRequest.MaxQueryLength) errors.Add(("q", $"At most {SearchRequest.MaxQueryLength} characters."));
        SearchKind? k = null;
        if (!string.IsNullOrWhiteSpace(kind))
        {
            if (Enum.TryParse<SearchKind>(kind, ignoreCase: true, out var parsed) && !int.TryParse(kind, out _)) k = parsed;
            else errors.Add(("kind", "The kind is input, amendment, actionPoint or reply."));
        }

        StakeholderGroup? g = null;
        if (!string.IsNullOrWhiteSpace(group))
        {
            if (Enum.TryParse<StakeholderGroup>(group, ignoreCase: true, out var parsed) && !int.TryParse(group, out _)) g = parsed;
            else errors.Add(("group", "Not a stakeholder group (memberState, civilSociety, …)."));
        }

        ConsultationPhase? ph = null;
        if (!string.IsNullOrWhiteSpace(phase))
        {
            if (Enum.TryParse<ConsultationPhase>(phase, ignoreCase: true, out var parsed) && !int.TryParse(phase, out _)) ph = parsed;
            else errors.Add(("phase", "The phase is preparation, inputs, drafting, endorsement or concluded."));
        }

        var tag = string.IsNullOrWhiteSpace(language) ? null : Submissions.LanguageTags.Normalise(language.Trim());
        if (!string.IsNullOrWhiteSpace(language) && tag is null)
            errors.Add(("language", "A BCP 47 language tag, such as en, fr-CA or zh-Hans."));
        if (limit is < 1 or > SearchRequest.MaxLimit) errors.Add(("limit", $"Between 1 and {SearchRequest.MaxLimit}."));
        if (errors.Count > 0) return (null, Problems.Invalid(errors.ToArray()));
        return (new SearchRequest(q!.Trim(), k, g, point, tag, ph, consultation,
            limit ?? SearchRequest.DefaultLimit), Problems.None);
    }
}

public static class SearchEndpoints
{
    /// <summary>
    /// Full-text search across inputs, amendments (text and rationale) and action points (current text), ranked, with
    /// highlighted snippets (as parts: text, and whether it is a hit). Only what the reader may see: published inputs for
    /// everyone, one's own inputs in any state, everything for moderators and co-chairs.
    /// </summary>
    [WolverineGet("/api/search", OperationId = "Search")]
    [Tags("Search")]
    [ProducesResponseType<SearchResults>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status400BadRequest)]
    public static async Task<IResult> Get(string? q, string? kind, string? group, Guid? point, string? language, string? phase,
        Guid? consultation, int? limit, ClaimsPrincipal user, IQuerySession session, CancellationToken ct)
    {
        var (request, problem) = SearchReads.Parse(q, kind, group, point, language, phase, consultation, limit);
        if (request is null) return Results.Problem(problem);
        return Results.Ok(await SearchReads.Search(session, request, SearchReader.From(Actor.From(user)), ct));
    }
}
