using System.Globalization;
using System.Text;
using ConsultationPlatform.Amendments;

namespace ConsultationPlatform.Outcome.Summary;

/// <summary>
/// The summary as Markdown, in the shape of the source document: the content as written, the headings and labels
/// the platform adds in the reader's language (<paramref name="label"/> gives a resource key's text). Each item's
/// number links to the record it comes from.
/// </summary>
public static class SummaryMarkdown
{
    public static string Render(SummaryDraft s, Func<string, string> label, CultureInfo culture)
    {
        var md = new StringBuilder();
        void Paragraph(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return;
            md.Append(text.Trim()).Append("\n\n");
        }

        Paragraph(Escape(s.DialogueName));
        Paragraph(s.Heading is null ? null : Escape(s.Heading));
        Paragraph($"**{Escape(s.Title)}**");
        Paragraph(s.Slot is null ? null : Escape(s.Slot));
        Paragraph($"**{Escape(s.Byline)}**");
        if (s.Salutation.Count > 0) Paragraph(string.Join("\\\n", s.Salutation.Select(Escape)));

        for (var i = 0; i < s.Preamble.Count; i++)
        {
            var last = i == s.Preamble.Count - 1;
            Paragraph(Escape(s.Preamble[i]) + (last && s.ChallengesIntroduction is { } intro ? " " + Escape(intro) : ""));
        }

        if (s.Preamble.Count == 0) Paragraph(s.ChallengesIntroduction is null ? null : Escape(s.ChallengesIntroduction));

        if (s.Challenges.Count > 0)
        {
            var number = 0;
            foreach (var challenge in s.Challenges)
            {
                number++;
                md.Append($"- [{challenge.Sources[0].Version ?? number})]({challenge.Sources[0].Href}#challenge-{challenge.Sources[0].Version}) {Escape(challenge.Text)}\n");
            }

            md.Append('\n');
        }

        Paragraph(s.Transition is null ? null : Escape(s.Transition));
        Paragraph(s.ActionPointsIntroduction is null ? null : Escape(s.ActionPointsIntroduction));

        if (s.ActionPoints.Count > 0)
        {
            foreach (var point in s.ActionPoints)
            {
                md.Append($"- [{point.Number})]({point.Sources[0].Href}) {Escape(point.Text)}\n");
                if (point.Endorsements.Count > 0)
                    md.Append($"\n  *{label("SummaryEndorsedBy")}* ")
                        .Append(string.Join("; ", point.Endorsements.Select(e =>
                            $"{label($"Group_{e.Group}")}: {e.Count} ({string.Join(", ", e.Stakeholders.Select(Escape))})")))
                        .Append("\n\n");
                foreach (var reservation in point.Reservations)
                    md.Append($"  *{label("SummaryReservation")}* {Escape(reservation.Stakeholder)} ({label($"Group_{reservation.Group}")}): {Escape(reservation.Text)}\n\n");
            }

            md.Append('\n');
        }

        Paragraph(s.ClosingSalutation is null ? null : Escape(s.ClosingSalutation));
        foreach (var paragraph in s.Closing) Paragraph(Escape(paragraph));
        Paragraph(s.ClosingThanks is null ? null : Escape(s.ClosingThanks));

        if (s.Changes.Count > 0)
        {
            md.Append($"## {label("SummaryWhatChanged")}\n\n");
            foreach (var change in s.Changes) md.Append("- ").Append(ChangeLine(change, label, culture)).Append('\n');
            md.Append('\n');
        }

        if (s.Participation.Count > 0)
        {
            md.Append($"## {label("SummaryParticipation")}\n\n");
            foreach (var p in s.Participation)
                md.Append("- ").Append(string.Format(culture, label("SummaryParticipationLine"), label($"Group_{p.Group}"),
                    p.AccreditedOrganisations, p.PublishedInputs, p.AmendmentsProposed, p.Endorsements)).Append('\n');
            md.Append('\n');
        }

        foreach (var section in s.Sections)
        {
            var heading = label(section.HeadingKey);
            md.Append($"## {(heading == section.HeadingKey ? section.Heading : heading)}\n\n");
            foreach (var line in section.Lines)
                md.Append("- ").Append(Escape(line.Text))
                    .Append(line.Sources.Count > 0 ? $" ([{label("SummaryRecord")}]({line.Sources[0].Href}))" : "").Append('\n');
            md.Append('\n');
        }

        md.Append("---\n\n").Append('*').Append(label("SummaryGeneratedFrom")).Append($"* [{s.ConsultationId}]({s.Sources[0].Href})\n");
        return md.ToString();
    }

    public static string ChangeLine(SummaryChange change, Func<string, string> label, CultureInfo culture)
    {
        var line = new StringBuilder()
            .Append($"[{string.Format(culture, label("SummaryChangePoint"), change.ActionPointNumber, change.Version)}]({change.Sources[0].Href}): ")
            .Append(change.Kind switch
            {
                AmendmentKind.AddPoint => label("SummaryPointAdded") + "; ",
                AmendmentKind.DeletePoint => label("SummaryPointDeleted") + "; ",
                AmendmentKind.MergePoints => string.Format(culture, label("SummaryPointsMerged"), change.MergedFromNumber) + "; ",
                _ => "",
            })
            .Append(string.Format(culture, label("SummaryProposedBy"), Escape(change.ProposedBy), label($"Group_{change.ProposerGroup}")));
        if (change.CoSponsoredBy.Count > 0)
            line.Append("; ").Append(string.Format(culture, label("SummaryCoSponsoredBy"), string.Join(", ", change.CoSponsoredBy.Select(Escape))));
        if (change.AcceptedBy is not null)
            line.Append("; ").Append(string.Format(culture, label("SummaryAcceptedBy"), Escape(change.AcceptedBy),
                change.AcceptedAt?.ToString("d MMMM yyyy", culture) ?? ""));
        if (change.Merged) line.Append("; ").Append(label("SummaryMerged"));
        var cited = change.Sources.Where(x => x.Kind == "submission").ToList();
        if (cited.Count > 0)
            line.Append("; ").Append(label("SummaryCites")).Append(' ')
                .Append(string.Join(", ", cited.Select((x, i) => $"[{i + 1}]({x.Href})")));
        return line.ToString();
    }

    /// <summary>Text as written, with the characters Markdown would read as syntax escaped.</summary>
    public static string Escape(string text)
    {
        var b = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (ch is '\\' or '*' or '_' or '[' or ']' or '`' or '<' or '>' or '#') b.Append('\\');
            b.Append(ch);
        }

        return b.ToString();
    }
}
