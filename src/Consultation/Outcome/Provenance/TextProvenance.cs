using System.Text.RegularExpressions;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using DiffPlex;

namespace ConsultationPlatform.Outcome.Provenance;

/// <summary>
/// Where a version of the text came from: tabled (version 1), or an accepted amendment, with who proposed, co-sponsored
/// and accepted it, when, whether it was merged into a text that had moved on, and the inputs it cites.
/// </summary>
public sealed record VersionOrigin(
    int Version,
    DateTimeOffset? At,
    Guid? AmendmentId,
    Sponsor? ProposedBy,
    IReadOnlyList<Sponsor> CoSponsoredBy,
    string? AcceptedBy,
    DateTimeOffset? AcceptedAt,
    int? BaseVersion,
    bool Merged,
    IReadOnlyList<Guid> CitesInputs,
    Guid? ActionPointId = null,
    int? ActionPointNumber = null);

/// <summary>
/// A run of the current text introduced by one version: [Start, Start+Length) in characters. Words that came in with
/// another point merged into this one name that point (<see cref="ActionPointId"/>; null: this point).
/// </summary>
public sealed record ProvenanceSpan(int Start, int Length, string Text, int Version, Guid? ActionPointId = null, int? ActionPointNumber = null);

/// <summary>Which version of which point (null: this one) words come from.</summary>
public sealed record OriginRef(Guid? ActionPointId, int Version);

/// <summary>
/// A sentence of the current text, its spans and the versions (hence amendments, proposers, inputs) its words come
/// from: <see cref="Versions"/> lists this point's own versions, <see cref="From"/> every origin, merged points' included.
/// </summary>
public sealed record SentenceProvenance(int Index, int Start, string Text, IReadOnlyList<ProvenanceSpan> Spans, IReadOnlyList<int> Versions,
    IReadOnlyList<OriginRef>? From = null);

public sealed record ActionPointProvenance(
    Guid ActionPointId,
    int Number,
    int Version,
    string Text,
    IReadOnlyList<ProvenanceSpan> Spans,
    IReadOnlyList<SentenceProvenance> Sentences,
    IReadOnlyList<VersionOrigin> Origins);

/// <summary>
/// The provenance of every word of a point's current text (a pure function): the versions are walked in order, and a
/// word diff (the platform's <see cref="WordChunker"/> on DiffPlex) between each version and the next keeps the origin
/// of the words that stay and gives the new version to the words it brings. A merged amendment's version therefore
/// credits its proposer only for its own words; the words of the version it was merged into keep their own origin.
/// </summary>
public static partial class TextProvenance
{
    private const int MaxMergeDepth = 16;

    /// <summary>
    /// The provenance of the point's current text. <paramref name="points"/> finds the points merged into it (their
    /// words keep their own origins: a merged text traces back to both points); <paramref name="amendments"/> should
    /// then hold theirs too.
    /// </summary>
    public static ActionPointProvenance Of(ActionPoint point, IEnumerable<Amendment> amendments, Func<Guid, ActionPoint?>? points = null)
    {
        var all = amendments.ToList();
        var origins = new List<VersionOrigin>();
        var (pieces, origin) = Words(point, point, all, points ?? (_ => null), origins, 0);

        var spans = new List<ProvenanceSpan>();
        var offset = 0;
        for (var i = 0; i < pieces.Count; i++)
        {
            var (pointId, version) = origin[i];
            if (spans.Count > 0 && spans[^1].Version == version && spans[^1].ActionPointId == pointId)
                spans[^1] = spans[^1] with { Length = spans[^1].Length + pieces[i].Length, Text = spans[^1].Text + pieces[i] };
            else
                spans.Add(new ProvenanceSpan(offset, pieces[i].Length, pieces[i], version, pointId,
                    pointId is null ? null : origins.First(o => o.ActionPointId == pointId).ActionPointNumber));
            offset += pieces[i].Length;
        }

        var text = string.Concat(pieces);
        return new ActionPointProvenance(point.Id, point.Number, point.Current.Number, text, spans, Sentences(text, spans), origins);
    }

    /// <summary>
    /// The words of a point's current text and the (point, version) each comes from: the versions are walked in order;
    /// a version that merged another point in is diffed against this point's previous text followed by the other
    /// point's (whose words carry their own origins, found the same way).
    /// </summary>
    private static (List<string> Pieces, List<(Guid? Point, int Version)> Origin) Words(ActionPoint root, ActionPoint point,
        List<Amendment> amendments, Func<Guid, ActionPoint?> points, List<VersionOrigin> origins, int depth)
    {
        Guid? key = point.Id == root.Id ? null : point.Id;
        var byId = amendments.Where(a => a.ActionPointId == point.Id).GroupBy(a => a.Id).ToDictionary(g => g.Key, g => g.First());
        var versions = point.Versions.OrderBy(v => v.Number).ToList();
        foreach (var v in versions)
            origins.Add(Origin(v, v.AmendmentId is { } id ? byId.GetValueOrDefault(id) : null) with
            {
                ActionPointId = key, ActionPointNumber = key is null ? null : point.Number,
            });

        var pieces = WordChunker.Words(versions[0].Text).ToList();
        var origin = Enumerable.Repeat<(Guid?, int)>((key, versions[0].Number), pieces.Count).ToList();
        foreach (var (previous, next) in versions.Zip(versions.Skip(1)))
        {
            var before = previous.Text;
            if (next.MergedFrom is { } otherId && depth < MaxMergeDepth && points(otherId) is { } other && other.Id != root.Id)
            {
                var (otherPieces, otherOrigin) = Words(root, other, amendments, points, origins, depth + 1);
                const string separator = "\n\n";
                pieces = [.. pieces, separator, .. otherPieces];
                origin = [.. origin, (key, previous.Number), .. otherOrigin];
                before = string.Concat(pieces);
                // The chunker must cut the joined text as it cut the parts: re-chunk, and keep the origins only if it agrees.
                var rechunked = WordChunker.Words(before).ToList();
                if (!rechunked.SequenceEqual(pieces))
                {
                    origin = Realign(rechunked, pieces, origin);
                    pieces = rechunked;
                }
            }

            var diff = Differ.Instance.CreateDiffs(before, next.Text, ignoreWhiteSpace: false, ignoreCase: false, WordChunker.Instance);
            var nextOrigin = new List<(Guid?, int)>(diff.PiecesNew.Count);
            var position = 0;
            foreach (var block in diff.DiffBlocks)
            {
                nextOrigin.AddRange(origin.Skip(position).Take(block.DeleteStartA - position));
                nextOrigin.AddRange(Enumerable.Repeat<(Guid?, int)>((key, next.Number), block.InsertCountB));
                position = block.DeleteStartA + block.DeleteCountA;
            }

            nextOrigin.AddRange(origin.Skip(position));
            pieces = diff.PiecesNew.ToList();
            origin = nextOrigin;
        }

        return (pieces, origin);
    }

    /// <summary>Origins for a re-chunked text: each new piece takes the origin of the old piece its first character was in.</summary>
    private static List<(Guid?, int)> Realign(List<string> rechunked, List<string> old, List<(Guid?, int)> origin)
    {
        var owner = new List<(Guid?, int)>();
        for (var i = 0; i < old.Count; i++) owner.AddRange(Enumerable.Repeat(origin[i], old[i].Length));
        var result = new List<(Guid?, int)>(rechunked.Count);
        var offset = 0;
        foreach (var piece in rechunked)
        {
            result.Add(owner.Count == 0 ? (null, 1) : owner[Math.Min(offset, owner.Count - 1)]);
            offset += piece.Length;
        }

        return result;
    }

    private static VersionOrigin Origin(ActionPointVersion v, Amendment? a) => new(
        v.Number, v.At, v.AmendmentId, v.ProposedBy ?? a?.ProposedBy, (IReadOnlyList<Sponsor>?)v.CoSponsoredBy ?? a?.CoSponsors ?? [],
        a?.DecidedByName, a?.DecidedAt, a?.BaseVersion, a?.Merged ?? false, a?.CitesInputs ?? []);

    /// <summary>A sentence ends at . ! ? or ; followed by whitespace (the whitespace goes with it).</summary>
    [GeneratedRegex(@"(?<=[.!?;])\s+")]
    private static partial Regex SentenceEnd();

    public static IReadOnlyList<SentenceProvenance> Sentences(string text, IReadOnlyList<ProvenanceSpan> spans)
    {
        var sentences = new List<SentenceProvenance>();
        var start = 0;
        foreach (var end in SentenceEnd().Matches(text).Select(m => m.Index + m.Length).Append(text.Length))
        {
            if (end <= start) continue;
            var parts = spans.Where(s => s.Start < end && s.Start + s.Length > start)
                .Select(s =>
                {
                    var from = Math.Max(s.Start, start);
                    var to = Math.Min(s.Start + s.Length, end);
                    return s with { Start = from, Length = to - from, Text = text[from..to] };
                })
                .Where(s => s.Text.Trim().Length > 0)
                .ToList();
            sentences.Add(new SentenceProvenance(sentences.Count + 1, start, text[start..end], parts,
                parts.Where(p => p.ActionPointId is null).Select(p => p.Version).Distinct().Order().ToList(),
                parts.Select(p => new OriginRef(p.ActionPointId, p.Version)).Distinct()
                    .OrderBy(o => o.ActionPointId is not null).ThenBy(o => o.ActionPointId).ThenBy(o => o.Version).ToList()));
            start = end;
        }

        return sentences;
    }
}

public static class ProvenanceReads
{
    public static async Task<ActionPointProvenance?> Load(IQuerySession session, Guid actionPointId, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var point = batch.Load<ActionPoint>(actionPointId);
        var amendments = batch.Query<Amendment>().Where(a => a.ActionPointId == actionPointId).ToList();
        await batch.Execute(ct);
        return await point is { } found ? await Of(session, found, await amendments, ct) : null;
    }

    /// <summary>The provenance of a point, with the points merged into it (and theirs) and their amendments read too.</summary>
    public static async Task<ActionPointProvenance> Of(IQuerySession session, ActionPoint point, IReadOnlyList<Amendment> amendments, CancellationToken ct)
    {
        if (!point.Versions.Any(v => v.MergedFrom is not null)) return TextProvenance.Of(point, amendments);
        // Merged points belong to the same consultation: read its points and amendments once.
        var points = (await session.Query<ActionPoint>().Where(p => p.ConsultationId == point.ConsultationId).ToListAsync(ct)).ToDictionary(p => p.Id);
        var all = await session.Query<Amendment>().Where(a => a.ConsultationId == point.ConsultationId).ToListAsync(ct);
        return TextProvenance.Of(point, all, id => points.GetValueOrDefault(id));
    }
}

public static class ProvenanceEndpoints
{
    /// <summary>For the current text of a point: which version brought each word span and sentence, from which amendment, by whom, citing which inputs.</summary>
    [WolverineGet("/api/action-points/{actionPointId}/provenance", OperationId = "GetActionPointProvenance")]
    [Tags("Action points")]
    [ProducesResponseType<ActionPointProvenance>(StatusCodes.Status200OK)]
    [ProblemResponses(StatusCodes.Status404NotFound)]
    public static async Task<IResult> Get(Guid actionPointId, IQuerySession session, CancellationToken ct) =>
        await ProvenanceReads.Load(session, actionPointId, ct) is { } provenance
            ? Results.Ok(provenance)
            : Results.Problem(Problems.NotFound("action point", actionPointId));
}
