using System.Text.RegularExpressions;
using DiffPlex;

namespace ConsultationPlatform.Amendments;

public enum SegmentKind
{
    Unchanged,
    Inserted,
    Deleted,
}

/// <summary>A run of text in a word-level diff: kept, added or removed.</summary>
public sealed record DiffSegment(SegmentKind Kind, string Text);

/// <summary>
/// Where a three-way merge found both sides changing the same words (or inserting at the same place).
/// <see cref="Before"/> and <see cref="After"/> are a few words of the base text around the region, to locate it.
/// </summary>
public sealed record ConflictRegion(string Before, string Base, string Current, string Amendment, string After);

/// <summary>The outcome of merging an amendment into a text that moved on: the merged text, or the conflicts.</summary>
public sealed record MergeResult(string? Text, IReadOnlyList<ConflictRegion> Conflicts)
{
    public bool Merged => Conflicts.Count == 0;
}

/// <summary>
/// Splits a text into words for diffing. A word is a run of letters and digits (with inner apostrophes or hyphens,
/// as in "co-chairs" or "don't") or a single punctuation mark, each carrying the whitespace that follows it, so that
/// the words put back together give the text exactly, whitespace and punctuation included.
/// </summary>
public sealed partial class WordChunker : IChunker
{
    public static readonly WordChunker Instance = new();

    [GeneratedRegex(@"\A\s+|(?:[\p{L}\p{M}\p{N}]+(?:['’\-][\p{L}\p{M}\p{N}]+)*|\S)\s*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    public IReadOnlyList<string> Chunk(string text) => Words(text);

    public static string[] Words(string text) => Word().Matches(text).Select(m => m.Value).ToArray();
}

/// <summary>Word-level diffs and three-way merges of action point texts (pure functions, on DiffPlex's differ).</summary>
public static class WordDiff
{
    private const int ContextWords = 4;

    /// <summary>What changed from <paramref name="from"/> to <paramref name="to"/>, word by word.</summary>
    public static IReadOnlyList<DiffSegment> Diff(string from, string to)
    {
        var diff = Differ.Instance.CreateDiffs(from, to, ignoreWhiteSpace: false, ignoreCase: false, WordChunker.Instance);
        var segments = new List<DiffSegment>();
        var position = 0;
        foreach (var block in diff.DiffBlocks)
        {
            Add(segments, SegmentKind.Unchanged, diff.PiecesOld, position, block.DeleteStartA - position);
            Add(segments, SegmentKind.Deleted, diff.PiecesOld, block.DeleteStartA, block.DeleteCountA);
            Add(segments, SegmentKind.Inserted, diff.PiecesNew, block.InsertStartB, block.InsertCountB);
            position = block.DeleteStartA + block.DeleteCountA;
        }

        Add(segments, SegmentKind.Unchanged, diff.PiecesOld, position, diff.PiecesOld.Count - position);
        return segments;
    }

    private static void Add(List<DiffSegment> segments, SegmentKind kind, IReadOnlyList<string> pieces, int start, int count)
    {
        if (count <= 0) return;
        var text = string.Concat(pieces.Skip(start).Take(count));
        if (segments.Count > 0 && segments[^1].Kind == kind)
            segments[^1] = segments[^1] with { Text = segments[^1].Text + text };
        else
            segments.Add(new DiffSegment(kind, text));
    }

    /// <summary>
    /// Three-way, word-level merge of an amendment into a text that moved on since the amendment's base.
    /// <paramref name="current"/> and <paramref name="amendment"/> are each compared with <paramref name="base"/>;
    /// changes to different words are combined, identical changes are taken once, and the merge refuses (with the
    /// regions) where both sides replaced or deleted some of the same words, where both inserted at the same place
    /// (different words), or where one side inserted right next to (or inside) words the other side changed.
    /// Two changes to neighbouring words do not conflict.
    /// </summary>
    public static MergeResult Merge(string @base, string current, string amendment)
    {
        if (current == @base || current == amendment) return new MergeResult(amendment, []);
        if (amendment == @base) return new MergeResult(current, []);

        var basePieces = WordChunker.Words(@base);
        var hunks = Hunks(@base, current, Side.Current).Concat(Hunks(@base, amendment, Side.Amendment))
            .OrderBy(h => h.Start).ThenBy(h => h.End).ToList();

        var merged = new List<string>();
        var conflicts = new List<ConflictRegion>();
        var position = 0;
        var i = 0;
        while (i < hunks.Count)
        {
            // A group: hunks that overlap each other (transitively); its base range is [start, end).
            var group = new List<Hunk> { hunks[i] };
            var start = hunks[i].Start;
            var end = hunks[i].End;
            i++;
            while (i < hunks.Count && group.Any(g => Overlap(g, hunks[i])))
            {
                group.Add(hunks[i]);
                end = Math.Max(end, hunks[i].End);
                i++;
            }

            merged.AddRange(basePieces[position..start]);
            var mine = Apply(basePieces, start, end, group.Where(h => h.Side == Side.Current));
            var theirs = Apply(basePieces, start, end, group.Where(h => h.Side == Side.Amendment));
            var sides = group.Select(h => h.Side).Distinct().Count();
            if (sides == 1)
                merged.AddRange(group[0].Side == Side.Current ? mine : theirs);
            else if (string.Concat(mine) == string.Concat(theirs))
                merged.AddRange(mine);
            else
                conflicts.Add(new ConflictRegion(
                    string.Concat(basePieces[Math.Max(0, start - ContextWords)..start]),
                    string.Concat(basePieces[start..end]),
                    string.Concat(mine),
                    string.Concat(theirs),
                    string.Concat(basePieces[end..Math.Min(basePieces.Length, end + ContextWords)])));
            position = end;
        }

        merged.AddRange(basePieces[position..]);
        return conflicts.Count > 0 ? new MergeResult(null, conflicts) : new MergeResult(string.Concat(merged), []);
    }

    private enum Side
    {
        Current,
        Amendment,
    }

    /// <summary>One change of one side: base words [Start, End) replaced by <see cref="Replacement"/>.</summary>
    private sealed record Hunk(Side Side, int Start, int End, string[] Replacement)
    {
        public bool IsInsertion => Start == End;
    }

    private static IEnumerable<Hunk> Hunks(string @base, string changed, Side side)
    {
        var diff = Differ.Instance.CreateDiffs(@base, changed, ignoreWhiteSpace: false, ignoreCase: false, WordChunker.Instance);
        return diff.DiffBlocks.Select(b => new Hunk(side, b.DeleteStartA, b.DeleteStartA + b.DeleteCountA,
            diff.PiecesNew.Skip(b.InsertStartB).Take(b.InsertCountB).ToArray()));
    }

    /// <summary>
    /// Whether two changes touch the same words: their ranges intersect, or one inserts inside or at an edge of the
    /// other's range (for two insertions: at the same place). Two replacements that merely meet do not overlap.
    /// </summary>
    private static bool Overlap(Hunk a, Hunk b)
    {
        if (a.IsInsertion || b.IsInsertion) return a.Start <= b.End && b.Start <= a.End;
        return a.Start < b.End && b.Start < a.End;
    }

    private static List<string> Apply(string[] basePieces, int start, int end, IEnumerable<Hunk> hunks)
    {
        var result = new List<string>();
        var position = start;
        foreach (var hunk in hunks)
        {
            result.AddRange(basePieces[position..hunk.Start]);
            result.AddRange(hunk.Replacement);
            position = hunk.End;
        }

        result.AddRange(basePieces[position..end]);
        return result;
    }
}
