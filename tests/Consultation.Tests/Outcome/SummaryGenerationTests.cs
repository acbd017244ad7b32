using System.Globalization;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Outcome.Summary;
using ConsultationPlatform.Stakeholders;

namespace ConsultationPlatform.Tests.Outcome;

public class SummaryGenerationTests
{
    private static SummaryDraft Generate(IReadOnlyList<ConsultationPlatform.Endorsements.Endorsement>? endorsements = null)
    {
        var (consultation, points) = SourceDocument.Record();
        return SummaryGeneration.Generate(new SummaryRecord(consultation, points, endorsements ?? [], [], [], []));
    }

    private static string Markdown(SummaryDraft draft, string lang = "en") =>
        SummaryMarkdown.Render(draft, SummaryReads.Labels(new CultureInfo(lang)), new CultureInfo(lang));

    /// <summary>The generated Markdown up to the platform's footer (the record it was generated from).</summary>
    private static string Body(string markdown) => markdown[..markdown.IndexOf("\n---\n", StringComparison.Ordinal)];

    [Fact]
    public void round_table_3_before_any_new_act_reads_word_for_word_as_the_source()
    {
        var generated = SourceDocument.Words(Body(Markdown(Generate())));
        var source = SourceDocument.Words(SourceDocument.Summary());
        Assert.True(source.Length > 600, $"the source's summary has {source.Length} words");
        var differences = WordDiff.Diff(string.Join(' ', source), string.Join(' ', generated))
            .Where(s => s.Kind != SegmentKind.Unchanged).Select(s => $"{s.Kind}: «{s.Text}»").ToList();
        Assert.True(differences.Count == 0, "The generated summary differs from the source:\n" + string.Join('\n', differences));
        Assert.Equal(source, generated);
    }

    [Fact]
    public void every_claim_links_to_the_record_it_comes_from()
    {
        var draft = Generate();
        var markdown = Markdown(draft);
        Assert.All(draft.ActionPoints, p => Assert.Contains($"[{p.Number})](/api/action-points/{p.Id})", markdown));
        Assert.All(draft.Challenges, c => Assert.Contains($"[{c.Sources[0].Version})](/api/consultations/{draft.ConsultationId}#challenge-{c.Sources[0].Version})", markdown));
        Assert.Contains($"[{draft.ConsultationId}](/api/consultations/{draft.ConsultationId})", markdown);
    }

    [Fact]
    public void the_headings_follow_the_readers_language_and_the_content_stays_as_written()
    {
        var (consultation, points) = SourceDocument.Record();
        var endorsement = new ConsultationPlatform.Endorsements.Endorsement
        {
            Id = Guid.NewGuid(), ActionPointId = points[0].Id, ConsultationId = consultation.Id, StakeholderName = "Mexico",
            StakeholderGroup = StakeholderGroup.MemberState, ForVersion = 1, Active = true, Reservation = "Subject to national law.",
        };
        var draft = SummaryGeneration.Generate(new SummaryRecord(consultation, points, [endorsement], [], [], []));
        var french = Markdown(draft, "fr");
        Assert.Contains("*Soutenu dans son texte final par* États membres: 1 (Mexico)".Replace("États membres", SummaryReads.Labels(new CultureInfo("fr"))("Group_MemberState")), french);
        Assert.Contains("Subject to national law.", french);
        Assert.Contains("Pursue a whole-of-government approach", french);
        Assert.Contains("## Participation par groupe de parties prenantes", french);
        Assert.Contains("## Participation by stakeholder group", Markdown(draft));
        Assert.Contains($"/api/consultations/{consultation.Id}", french);
    }
}
