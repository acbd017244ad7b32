using ConsultationPlatform.Amendments;

namespace ConsultationPlatform.Tests.Amendments;

public class WordChunkerTests
{
    [Theory]
    [InlineData("The quick brown fox jumps over the lazy dog.")]
    [InlineData("  Leading spaces,\ttabs and\nnew lines;  double  spaces!  ")]
    [InlineData("Co-chairs' summary: “migrants’ rights” (2013) — 3.5% of GDP…")]
    [InlineData("")]
    public void the_words_put_back_together_give_the_text_exactly(string text)
    {
        Assert.Equal(text, string.Concat(WordChunker.Words(text)));
    }

    [Fact]
    public void a_word_carries_its_following_whitespace_and_punctuation_stands_alone()
    {
        Assert.Equal(["Co-chairs ", "don't ", "agree", ", ", "ok", "."], WordChunker.Words("Co-chairs don't agree, ok."));
    }
}

public class WordDiffTests
{
    [Fact]
    public void identical_texts_are_one_unchanged_segment()
    {
        var diff = WordDiff.Diff("Promote coherence at all levels.", "Promote coherence at all levels.");
        Assert.Equal([new DiffSegment(SegmentKind.Unchanged, "Promote coherence at all levels.")], diff);
    }

    [Fact]
    public void a_replaced_word_is_a_deletion_followed_by_an_insertion()
    {
        var diff = WordDiff.Diff("Promote coherence at all levels.", "Promote cooperation at all levels.");
        Assert.Equal(
            [
                new DiffSegment(SegmentKind.Unchanged, "Promote "),
                new DiffSegment(SegmentKind.Deleted, "coherence "),
                new DiffSegment(SegmentKind.Inserted, "cooperation "),
                new DiffSegment(SegmentKind.Unchanged, "at all levels."),
            ],
            diff);
    }

    [Fact]
    public void inserted_and_deleted_words_are_their_own_segments()
    {
        var diff = WordDiff.Diff("Integrate migration into development policies.", "Integrate migration fully into policies.");
        Assert.Equal(
            [
                new DiffSegment(SegmentKind.Unchanged, "Integrate migration "),
                new DiffSegment(SegmentKind.Inserted, "fully "),
                new DiffSegment(SegmentKind.Unchanged, "into "),
                new DiffSegment(SegmentKind.Deleted, "development "),
                new DiffSegment(SegmentKind.Unchanged, "policies."),
            ],
            diff);
    }

    [Fact]
    public void the_unchanged_and_deleted_segments_give_the_old_text_and_the_unchanged_and_inserted_the_new()
    {
        const string from = "States should, where appropriate,  establish mechanisms;\nand share data.";
        const string to = "States should establish  national mechanisms; and share good practices and data!";
        var diff = WordDiff.Diff(from, to);
        Assert.Equal(from, string.Concat(diff.Where(s => s.Kind != SegmentKind.Inserted).Select(s => s.Text)));
        Assert.Equal(to, string.Concat(diff.Where(s => s.Kind != SegmentKind.Deleted).Select(s => s.Text)));
        Assert.DoesNotContain(diff.Zip(diff.Skip(1)), pair => pair.First.Kind == pair.Second.Kind);
    }

    [Fact]
    public void from_an_empty_text_everything_is_inserted()
    {
        Assert.Equal([new DiffSegment(SegmentKind.Inserted, "New text.")], WordDiff.Diff("", "New text."));
    }
}

public class ThreeWayMergeTests
{
    private const string Base = "The quick brown fox jumps over the lazy dog.";

    private static string Merged(string @base, string current, string amendment)
    {
        var result = WordDiff.Merge(@base, current, amendment);
        Assert.True(result.Merged, "expected a merge, got conflicts: " + string.Join("; ", result.Conflicts));
        return result.Text!;
    }

    private static ConflictRegion SingleConflict(string @base, string current, string amendment)
    {
        var result = WordDiff.Merge(@base, current, amendment);
        Assert.False(result.Merged);
        Assert.Null(result.Text);
        return Assert.Single(result.Conflicts);
    }

    [Fact]
    public void when_the_text_did_not_move_the_amendment_is_the_result()
    {
        Assert.Equal("A wholly new text.", Merged(Base, Base, "A wholly new text."));
    }

    [Fact]
    public void an_amendment_already_made_by_the_current_text_merges_to_the_current_text()
    {
        Assert.Equal("The quick red fox jumps over the lazy dog.",
            Merged(Base, "The quick red fox jumps over the lazy dog.", "The quick red fox jumps over the lazy dog."));
    }

    [Fact]
    public void changes_to_different_words_are_combined()
    {
        Assert.Equal("The quick red fox jumps over the sleepy dog.",
            Merged(Base, "The quick red fox jumps over the lazy dog.", "The quick brown fox jumps over the sleepy dog."));
    }

    [Fact]
    public void identical_edits_are_taken_once_alongside_the_amendments_other_changes()
    {
        Assert.Equal("The quick red fox leaps over the lazy dog.",
            Merged(Base, "The quick red fox jumps over the lazy dog.", "The quick red fox leaps over the lazy dog."));
    }

    [Fact]
    public void edits_to_neighbouring_words_are_combined()
    {
        Assert.Equal("The quick red wolf jumps over the lazy dog.",
            Merged(Base, "The quick red fox jumps over the lazy dog.", "The quick brown wolf jumps over the lazy dog."));
    }

    [Fact]
    public void a_deletion_next_to_an_edited_word_is_combined()
    {
        Assert.Equal("The fast fox jumps over the lazy dog.",
            Merged(Base, "The quick fox jumps over the lazy dog.", "The fast brown fox jumps over the lazy dog."));
    }

    [Fact]
    public void different_edits_of_the_same_word_conflict_and_show_the_region_in_the_three_texts()
    {
        var conflict = SingleConflict(Base, "The quick red fox jumps over the lazy dog.", "The quick green fox jumps over the lazy dog.");
        Assert.Equal(new ConflictRegion("The quick ", "brown ", "red ", "green ", "fox jumps over the "), conflict);
    }

    [Fact]
    public void deleting_a_word_the_amendment_edits_conflicts()
    {
        var conflict = SingleConflict(Base, "The quick fox jumps over the lazy dog.", "The quick grey fox jumps over the lazy dog.");
        Assert.Equal("brown ", conflict.Base);
        Assert.Equal("", conflict.Current);
        Assert.Equal("grey ", conflict.Amendment);
    }

    [Fact]
    public void different_insertions_at_the_same_place_conflict()
    {
        var conflict = SingleConflict(Base, "The quick brown fox swiftly jumps over the lazy dog.",
            "The quick brown fox gracefully jumps over the lazy dog.");
        Assert.Equal("", conflict.Base);
        Assert.Equal("swiftly ", conflict.Current);
        Assert.Equal("gracefully ", conflict.Amendment);
        Assert.Equal("The quick brown fox ", conflict.Before);
        Assert.Equal("jumps over the lazy ", conflict.After);
    }

    [Fact]
    public void the_same_insertion_at_the_same_place_is_taken_once()
    {
        Assert.Equal("The quick brown fox swiftly jumps over the lazy old dog.",
            Merged(Base, "The quick brown fox swiftly jumps over the lazy dog.", "The quick brown fox swiftly jumps over the lazy old dog."));
    }

    [Fact]
    public void an_insertion_right_next_to_a_word_the_other_side_changed_conflicts()
    {
        var conflict = SingleConflict(Base, "The quick brown fox jumps over the very lazy dog.", "The quick brown fox jumps over the sleepy dog.");
        Assert.Equal("lazy ", conflict.Base);
        Assert.Equal("very lazy ", conflict.Current);
        Assert.Equal("sleepy ", conflict.Amendment);
    }

    [Fact]
    public void edits_at_the_start_and_at_the_end_are_combined()
    {
        Assert.Equal("A quick brown fox jumps over the lazy cat.",
            Merged(Base, "A quick brown fox jumps over the lazy dog.", "The quick brown fox jumps over the lazy cat."));
    }

    [Fact]
    public void insertions_at_the_very_start_and_the_very_end_are_combined()
    {
        Assert.Equal("Firstly, the quick brown fox jumps over the lazy dog. Twice.",
            Merged("the quick brown fox jumps over the lazy dog.", "Firstly, the quick brown fox jumps over the lazy dog.",
                "the quick brown fox jumps over the lazy dog. Twice."));
    }

    [Fact]
    public void different_edits_of_the_first_word_conflict()
    {
        var conflict = SingleConflict(Base, "A quick brown fox jumps over the lazy dog.", "One quick brown fox jumps over the lazy dog.");
        Assert.Equal(new ConflictRegion("", "The ", "A ", "One ", "quick brown fox jumps "), conflict);
    }

    [Fact]
    public void different_edits_of_the_final_punctuation_conflict()
    {
        var conflict = SingleConflict(Base, "The quick brown fox jumps over the lazy dog!", "The quick brown fox jumps over the lazy dog?");
        Assert.Equal(new ConflictRegion("over the lazy dog", ".", "!", "?", ""), conflict);
    }

    [Fact]
    public void punctuation_and_whitespace_are_kept_exactly()
    {
        const string @base = "Hello,  world!\nNext line; and  more.";
        Assert.Equal("Hello,  big world!\nNext  line, really; and  more.",
            Merged(@base, "Hello,  big world!\nNext line; and  more.", "Hello,  world!\nNext  line, really; and  more."));
    }

    [Fact]
    public void a_punctuation_change_combines_with_a_word_change_elsewhere()
    {
        Assert.Equal("The quick brown fox, jumps over the lazy cat.",
            Merged(Base, "The quick brown fox, jumps over the lazy dog.", "The quick brown fox jumps over the lazy cat."));
    }

    [Fact]
    public void every_conflicting_region_is_reported_and_the_merge_gives_no_text()
    {
        var result = WordDiff.Merge(Base, "The quick red fox jumps over the tired dog.", "The quick green fox jumps over the sleepy dog.");
        Assert.False(result.Merged);
        Assert.Null(result.Text);
        Assert.Equal(2, result.Conflicts.Count);
        Assert.Equal(("brown ", "red ", "green "), (result.Conflicts[0].Base, result.Conflicts[0].Current, result.Conflicts[0].Amendment));
        Assert.Equal(("lazy ", "tired ", "sleepy "), (result.Conflicts[1].Base, result.Conflicts[1].Current, result.Conflicts[1].Amendment));
    }

    [Fact]
    public void a_conflict_in_one_place_is_reported_even_when_other_changes_merge()
    {
        var result = WordDiff.Merge(Base, "A quick red fox jumps over the lazy dog.", "The quick green fox jumps over the lazy cat.");
        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal("brown ", conflict.Base);
    }

    [Fact]
    public void a_rewrite_of_the_whole_text_conflicts_with_any_change_made_since()
    {
        var conflict = SingleConflict(Base, "The quick brown fox jumps over the lazy cat.", "Something else entirely");
        Assert.Equal("Something else entirely", conflict.Amendment);
    }

    [Fact]
    public void an_amendment_of_a_multi_sentence_point_merges_with_edits_in_another_sentence()
    {
        const string @base = "Governments should mainstream migration into development planning. Civil society should be consulted. " +
                             "Data should be shared across borders.";
        const string current = "Governments should mainstream migration into national development planning. Civil society should be consulted. " +
                               "Data should be shared across borders.";
        const string amendment = "Governments should mainstream migration into development planning. Civil society should be consulted. " +
                                 "Data should be shared across borders, with due regard to privacy.";
        Assert.Equal("Governments should mainstream migration into national development planning. Civil society should be consulted. " +
                     "Data should be shared across borders, with due regard to privacy.", Merged(@base, current, amendment));
    }
}
