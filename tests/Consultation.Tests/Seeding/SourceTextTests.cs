using System.Globalization;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Seeding;
using ConsultationPlatform.Tests.Outcome;

namespace ConsultationPlatform.Tests.Seeding;

/// <summary>
/// The seed against its source, part by part: the letterhead, the heading, the slot, the presenter, the salutation,
/// the preamble's two paragraphs, the challenges and their introduction, the transition, the action points and theirs,
/// the closing salutation, the closing and the thanks. (The whole summary, word for word, in SummaryGenerationTests.)
/// </summary>
public class SourceTextTests
{
    private static readonly SeedDocument Seed = SourceDocument.Seed();
    private static readonly string Source = SourceDocument.Text();

    /// <summary>The source's paragraphs (blank-line separated), whitespace inside each collapsed to one space.</summary>
    private static readonly string[] Paragraphs = Source.Replace("\r\n", "\n")
        .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(p => string.Join(' ', p.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToArray();

    [Fact]
    public void the_letterhead_is_the_dialogues_name_theme_place_and_dates_and_the_letterhead_lines()
    {
        var d = Seed.Dialogue!;
        var month = d.StartDate.ToString("MMMM", CultureInfo.InvariantCulture).ToUpperInvariant();
        var expected = $"{d.Name} {d.Theme} {d.Place.ToUpperInvariant()} • {d.StartDate.Day}–{d.EndDate.Day} {month} {d.StartDate.Year} {string.Join(' ', Seed.Letterhead)}";
        Assert.Equal(SourceDocument.Words(expected).Select(w => w.ToLowerInvariant()), SourceDocument.Words(SourceDocument.Letterhead()).Select(w => w.ToLowerInvariant()));
    }

    [Fact]
    public void the_slot_is_labelled_as_the_source_labels_it_and_the_presenter_is_the_co_chair()
    {
        Assert.Contains("Friday, 4 October 2013, 17.30 – 18.00", Paragraphs);
        Assert.Equal("Friday, 4 October 2013, 17.30 – 18.00", Seed.HeldOn!.Label);
        Assert.Equal("Co-Chair", Seed.SummaryPresentedBy!.Role);
        var p = Seed.SummaryPresentedBy;
        Assert.Contains($"**Summary by the {p.Role} {p.Name}, {p.Office}**", Paragraphs);
    }

    [Fact]
    public void the_salutations_the_preambles_two_paragraphs_and_the_closing_thanks_are_the_sources()
    {
        Assert.Contains(string.Join(' ', Seed.Salutation!.Split('\n')), Paragraphs);
        var preamble = Seed.Preamble!.Split("\n\n");
        Assert.Equal(2, preamble.Length);
        Assert.Contains(preamble[0], Paragraphs);
        Assert.Contains($"{preamble[1]} {Seed.ChallengesIntroduction}", Paragraphs);
        Assert.Equal("The following points were identified:", Seed.ChallengesIntroduction);
        Assert.Contains(Seed.Transition, Paragraphs);
        Assert.StartsWith("The discussions then ensued by identifying concrete measures", Seed.Transition);
        Assert.Contains(Seed.ActionPointsIntroduction, Paragraphs);
        Assert.Equal(Seed.DeclaredActionPointCount!.Quote + ":", Seed.ActionPointsIntroduction);
        Assert.Contains(Seed.ClosingSalutation, Paragraphs);
        Assert.Contains(Seed.Closing, Paragraphs);
        Assert.Equal("Thank you.", Seed.ClosingThanks);
        Assert.Equal("Thank you.", Paragraphs[^1]);
        Assert.Equal("Mr. President,", Paragraphs[^3]);
    }

    [Fact]
    public void the_challenges_and_action_points_are_the_sources_numbered_items()
    {
        var items = Source.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("- ", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            Seed.Challenges.Select(c => $"- {c.Number}) {c.Text}").Concat(Seed.ActionPoints.Select(p => $"- {p.Number}) {p.Text}")),
            items);
    }

    [Fact]
    public void the_sources_typos_are_kept_as_written_each_with_a_data_quality_note()
    {
        Assert.Contains("stock-tacking", Seed.ActionPoints.Single(p => p.Number == 6).Text);
        Assert.Contains("Members States", Seed.ActionPoints.Single(p => p.Number == 7).Text);
        Assert.Contains("Deputy Secretary- General", Seed.Salutation);
        var notes = SeedPlanner.DataQualityNotes(Seed).Where(n => n.Code == "typo-kept-as-written").ToList();
        Assert.Equal(3, notes.Count);
        Assert.Contains(notes, n => n.Message.Contains("“stock-tacking” (action point 6), probably for “stock-taking”"));
        Assert.Contains(notes, n => n.Message.Contains("“Members States” (action point 7), probably for “Member States”"));
        Assert.Contains(notes, n => n.Message.Contains("“Deputy Secretary- General” (the salutation)"));
    }

    [Fact]
    public void a_typo_the_texts_do_not_contain_is_itself_a_note()
    {
        var seed = Seed with { Typos = [new SourceTypo("stock-taking", null)] };
        Assert.Contains(SeedPlanner.DataQualityNotes(seed), n => n.Code == "typo-not-found");
    }

    /// <summary>A store imported before the restoration: the preamble in one paragraph, the other parts missing.</summary>
    private static Consultation EarlierImport()
    {
        var earlier = Seed with
        {
            Preamble = Seed.Preamble!.Replace("\n\n", " "),
            Salutation = null, ChallengesIntroduction = null, Transition = null, ActionPointsIntroduction = null,
            ClosingSalutation = null, ClosingThanks = null, Typos = [],
            HeldOn = Seed.HeldOn! with { Label = null },
            SummaryPresentedBy = Seed.SummaryPresentedBy! with { Role = null },
        };
        return SourceDocument.Record(earlier).Consultation;
    }

    [Fact]
    public void an_earlier_import_gets_the_restored_text_and_a_second_restoration_finds_nothing()
    {
        var stored = EarlierImport();
        var restoration = SeedPlanner.Restoration(Seed, stored);
        Assert.Equal(
            [DocumentPart.Salutation, DocumentPart.Preamble, DocumentPart.ChallengesIntroduction, DocumentPart.Transition,
             DocumentPart.ActionPointsIntroduction, DocumentPart.ClosingSalutation, DocumentPart.ClosingThanks],
            restoration.OfType<DocumentTextTabled>().Select(e => e.Part));
        Assert.Single(restoration.OfType<SourceDetailsRestored>());
        Assert.Equal(3, restoration.OfType<DataQualityNoteRecorded>().Count());

        foreach (var e in restoration) SourceDocument.Apply(stored, e);
        Assert.Equal(SourceDocument.Record().Consultation.Preamble, stored.Preamble);
        Assert.Equal("Co-Chair", stored.SummaryPresentedBy!.Role);
        Assert.Equal("Friday, 4 October 2013, 17.30 – 18.00", stored.HeldOn!.Label);
        Assert.Empty(SeedPlanner.Restoration(Seed, stored));
    }

    [Fact]
    public void a_text_that_differs_in_more_than_its_layout_is_never_overwritten()
    {
        var stored = SourceDocument.Record().Consultation;
        stored.Preamble = "A preamble the co-chairs rewrote.";
        Assert.DoesNotContain(SeedPlanner.Restoration(Seed, stored).OfType<DocumentTextTabled>(), e => e.Part == DocumentPart.Preamble);
    }
}
