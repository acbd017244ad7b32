using System.Globalization;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.LiveSessions;
using ConsultationPlatform.Outcome.Summary;

namespace ConsultationPlatform.Outcome.Sessions;

/// <summary>
/// The live sessions' part of the co-chairs' summary: each session's published summary, and the public statements
/// (<see cref="PublicStatements"/>), each line linked to its session. A session whose summary is the consultation's own
/// document (a seeded session whose summary is the co-chairs' summary itself: Round table 3) is not repeated.
/// </summary>
public sealed class SessionSummarySections : ISummarySections
{
    public const string SessionsKey = "SummarySessions";
    public const string StatementsKey = "SummaryStatements";

    public async Task<IReadOnlyList<SummarySection>> For(IQuerySession session, Consultation consultation, CancellationToken ct)
    {
        var sessions = await session.Query<Session>().Where(s => s.ConsultationId == consultation.Id).ToListAsync(ct);
        var points = await session.Query<ActionPoint>().Where(p => p.ConsultationId == consultation.Id).ToListAsync(ct);
        var statements = await PublicStatements.Of(session, consultation.Id, ct);
        return Build(consultation, sessions, points, statements);
    }

    /// <summary>The sections (a pure function); none when there is nothing to add.</summary>
    public static IReadOnlyList<SummarySection> Build(Consultation consultation, IReadOnlyList<Session> sessions, IReadOnlyList<ActionPoint> points,
        IReadOnlyList<Statement> statements)
    {
        var document = CoChairsSummaryText.Of(consultation,
            points.Where(p => p.Versions[0].AmendmentId is null).Select(p => (p.Number, p.Versions[0].Text)).ToList());
        var summaries = sessions
            .Where(s => !string.IsNullOrWhiteSpace(s.Summary) && s.Summary!.Trim() != document)
            .OrderBy(s => s.Starts).ThenBy(s => s.Id)
            .Select(s => new SummaryLine($"{s.Title} ({s.Starts.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}): {s.Summary!.Trim()}",
                [new RecordLink("session", s.Id)]))
            .ToList();
        var titles = sessions.ToDictionary(s => s.Id, s => s.Title);
        var spoken = statements.Where(PublicStatements.IsPublic)
            .Select(x => new SummaryLine(
                $"{x.OrganisationName}{(string.IsNullOrWhiteSpace(x.OnBehalfOf) ? "" : $" ({x.OnBehalfOf})")}, {titles.GetValueOrDefault(x.SessionId, "")}: {x.Text.Trim()}",
                [new RecordLink("session", x.SessionId), new RecordLink("statement", x.Id)]))
            .ToList();
        var sections = new List<SummarySection>();
        if (summaries.Count > 0) sections.Add(new SummarySection(SessionsKey, "Live sessions", summaries));
        if (spoken.Count > 0) sections.Add(new SummarySection(StatementsKey, "Statements in the live sessions", spoken));
        return sections;
    }
}
