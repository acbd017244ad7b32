using System.Text.RegularExpressions;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Common;
using DiffPlex;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

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
    IReadOnlyList<Guid> CitesInputs);

/// <summary>A run of the current text introduced by one version: [Start, Start+Length) in characters.</summary>
public sealed record ProvenanceSpan(int Start, int Length, string Text, int Version);

/// <summary>A sentence of the current text, its spans and the versions (hence amendments, proposers, inputs) its words come from.</summary>
public sealed record SentenceProvenance(int Index, int Start, string Text, IReadOnlyList<ProvenanceSpan> Spans, IReadOnlyList<int> Versions);

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
    public static ActionPointProvenance Of(ActionPoint point, IEnumerable<Amendment> amendments)
    {
        var versions = point.Versions.OrderBy(v => v.Number).ToList();
        var pieces = WordChunker.Words(versions[0].Text).ToList();
        var origin = Enumerable.Repeat(versions[0].Number, pieces.Count).ToList();
        foreach (var (previous, next) in versions.Zip(versions.Skip(1)))
        {
            var diff = Differ.Instance.CreateDiffs(previous.Text, next.Text, ignoreWhiteSpace: false, ignoreCase: false, WordChunker.Instance);
            var nextOrigin = new List<int>(diff.PiecesNew.Count);
            var position = 0;
            foreach (var block in diff.DiffBlocks)
            {
                nextOrigin.AddRange(origin.Skip(position).Take(block.DeleteStartA - position));
                nextOrigin.AddRange(Enumerable.Repeat(next.Number, block.InsertCountB));
                position = block.DeleteStartA + block.DeleteCountA;
            }

            nextOrigin.AddRange(origin.Skip(position));
            pieces = diff.PiecesNew.ToList();
            origin = nextOrigin;
        }

        var spans = new List<ProvenanceSpan>();
        var offset = 0;
        for (var i = 0; i < pieces.Count; i++)
        {
            if (spans.Count > 0 && spans[^1].Version == origin[i])
                spans[^1] = spans[^1] with { Length = spans[^1].Length + pieces[i].Length, Text = spans[^1].Text + pieces[i] };
            else
                spans.Add(new ProvenanceSpan(offset, pieces[i].Length, pieces[i], origin[i]));
            offset += pieces[i].Length;
        }

        var text = string.Concat(pieces);
        var byId = amendments.Where(a => a.ActionPointId == point.Id).ToDictionary(a => a.Id);
        return new ActionPointProvenance(point.Id, point.Number, point.Current.Number, text, spans, Sentences(text, spans),
            versions.Select(v => Origin(v, v.AmendmentId is { } id ? byId.GetValueOrDefault(id) : null)).ToList());
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
                    return new ProvenanceSpan(from, to - from, text[from..to], s.Version);
                })
                .Where(s => s.Text.Trim().Length > 0)
                .ToList();
            sentences.Add(new SentenceProvenance(sentences.Count + 1, start, text[start..end], parts,
                parts.Select(p => p.Version).Distinct().Order().ToList()));
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
        return await point is { } found ? TextProvenance.Of(found, await amendments) : null;
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
