using System.Text;

namespace ConsultationPlatform.Consultations;

/// <summary>The co-chairs' summary as the consultation holds it, in Markdown: preamble, challenges, action points, closing.</summary>
public static class CoChairsSummaryText
{
    public static string Of(Consultation consultation, IReadOnlyList<(int Number, string Text)> actionPoints)
    {
        var text = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(consultation.Preamble)) text.AppendLine(consultation.Preamble.Trim()).AppendLine();
        foreach (var challenge in consultation.Challenges.OrderBy(c => c.Number)) text.AppendLine($"{challenge.Number}. {challenge.Text}");
        if (consultation.Challenges.Count > 0) text.AppendLine();
        foreach (var (number, pointText) in actionPoints.OrderBy(p => p.Number)) text.AppendLine($"{number}. {pointText}");
        if (actionPoints.Count > 0) text.AppendLine();
        if (!string.IsNullOrWhiteSpace(consultation.Closing)) text.AppendLine(consultation.Closing.Trim());
        return text.ToString().Trim();
    }
}
