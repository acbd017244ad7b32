using System.Text.Json;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Hosting;
using ConsultationPlatform.Seeding;

namespace ConsultationPlatform.Tests.Seeding;

public class SeedPlannerTests
{
    private static SeedDocument RoundTable3()
    {
        var path = Path.Combine(DatabaseSettings.RepositoryRoot()!, "seeds", "hld-2013-round-table-3.json");
        return JsonSerializer.Deserialize<SeedDocument>(File.ReadAllText(path), SeedImporter.Json)!;
    }

    [Fact]
    public void round_table_3_is_transcribed_in_full()
    {
        var seed = RoundTable3();
        Assert.Equal(3, seed.Number);
        Assert.Equal("High-level Dialogue on International Migration and Development", seed.Dialogue!.Name);
        Assert.Equal(new DateOnly(2013, 10, 3), seed.Dialogue.StartDate);
        Assert.Equal(new DateOnly(2013, 10, 4), seed.HeldOn!.Date);
        Assert.Equal(new TimeOnly(17, 30), seed.HeldOn.StartTime);
        Assert.Equal(new TimeOnly(18, 0), seed.HeldOn.EndTime);
        Assert.Equal(["Nigeria", "Switzerland"], seed.CoChairs);
        Assert.Contains("Sommaruga", seed.SummaryPresentedBy!.Name);
        Assert.Equal([1, 2, 3], seed.Challenges.Select(c => c.Number));
        Assert.Equal(Enumerable.Range(1, 8), seed.ActionPoints.Select(p => p.Number));
        Assert.Equal(ConsultationPhase.Inputs, seed.InitialPhase);
    }

    [Fact]
    public void the_texts_are_the_source_documents_own_words()
    {
        var seed = RoundTable3();
        var source = File.ReadAllText(Path.Combine(DatabaseSettings.RepositoryRoot()!, "seeds", "sources", "000_42c9a5f5589905f7.txt"));
        var flattened = System.Text.RegularExpressions.Regex.Replace(source, @"\s+", " ");
        foreach (var text in seed.Challenges.Concat(seed.ActionPoints).Select(t => t.Text))
            Assert.Contains(text, flattened);
    }

    [Fact]
    public void the_announced_six_against_the_listed_eight_becomes_a_data_quality_note()
    {
        var plan = SeedPlanner.Plan(RoundTable3());
        var note = Assert.Single(plan.ConsultationEvents.OfType<DataQualityNoteRecorded>(), n => n.Code != "typo-kept-as-written");
        Assert.Equal("action-point-count-mismatch", note.Code);
        Assert.Contains("6", note.Message);
        Assert.Contains("8", note.Message);
        Assert.Single(plan.Warnings, w => w.Contains("announces"));
        Assert.Equal(8, plan.ActionPoints.Count);
        Assert.Equal(Enumerable.Range(1, 8), plan.ActionPoints.Select(p => p.Tabled.Number));
    }

    [Fact]
    public void a_plan_starts_the_consultation_stream_with_its_creation_then_its_challenges()
    {
        var plan = SeedPlanner.Plan(RoundTable3());
        var created = Assert.IsType<ConsultationCreated>(plan.ConsultationEvents[0]);
        Assert.Equal(plan.ConsultationId, created.ConsultationId);
        Assert.Equal(3, plan.ConsultationEvents.OfType<ChallengeTabled>().Count());
        Assert.All(plan.ActionPoints, p => Assert.Equal(plan.ConsultationId, p.Tabled.ConsultationId));
    }

    [Fact]
    public void ids_follow_from_the_slug_so_a_second_import_lands_on_the_same_streams()
    {
        Assert.Equal(SeedPlanner.Plan(RoundTable3()).ConsultationId, SeedPlanner.Plan(RoundTable3()).ConsultationId);
        Assert.NotEqual(SeedPlanner.ActionPointIdFor("a", 1), SeedPlanner.ActionPointIdFor("a", 2));
    }

    [Fact]
    public void a_seed_that_adds_up_has_no_notes()
    {
        var seed = RoundTable3() with { DeclaredActionPointCount = new DeclaredCount(8, null), Typos = [] };
        Assert.Empty(SeedPlanner.Plan(seed).Warnings);
    }

    [Fact]
    public void gaps_and_duplicates_in_numbering_are_noted_not_repaired()
    {
        var seed = RoundTable3() with
        {
            DeclaredActionPointCount = null,
            ActionPoints = [new NumberedText(1, "a"), new NumberedText(3, "b"), new NumberedText(3, "c")],
        };
        var codes = SeedPlanner.DataQualityNotes(seed).Select(n => n.Code).ToList();
        Assert.Contains("duplicate-action-point-number", codes);
        Assert.Contains("action-point-numbering-gap", codes);
    }

    [Fact]
    public void a_seed_without_a_title_or_with_an_empty_text_is_refused()
    {
        Assert.Throws<InvalidSeedException>(() => SeedPlanner.Plan(RoundTable3() with { Title = "" }));
        Assert.Throws<InvalidSeedException>(() => SeedPlanner.Plan(RoundTable3() with { ActionPoints = [new NumberedText(1, " ")] }));
    }
}
