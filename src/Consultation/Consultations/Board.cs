using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Endorsements;

namespace ConsultationPlatform.Consultations;

/// <summary>Endorsements of one action point, split by whether they endorse its current text.</summary>
public sealed record EndorsementTally(
    int Total,
    int OfCurrentVersion,
    int OfEarlierVersions,
    IReadOnlyDictionary<StakeholderGroup, int> CurrentByGroup,
    IReadOnlyDictionary<StakeholderGroup, int> EarlierByGroup,
    int WithReservation);

public sealed record BoardActionPoint(
    Guid Id,
    int Number,
    string Text,
    int Version,
    int EndorsementCount,
    EndorsementTally Endorsements,
    ActionPointStatus Status = ActionPointStatus.InText);

/// <summary>
/// A point an accepted amendment took out of the text (deleted, or merged into another): shown apart, with its last
/// text, because its endorsements no longer count toward the outcome.
/// </summary>
public sealed record WithdrawnActionPoint(
    Guid Id,
    int Number,
    string Text,
    int Version,
    ActionPointStatus Status,
    Guid? MergedInto,
    int? MergedIntoNumber,
    Guid? WithdrawnByAmendment,
    string Note);

public sealed record ConsultationBoard(
    Guid Id,
    string Slug,
    string Title,
    string Kind,
    int? Number,
    ConsultationPhase Phase,
    DialogueDetails? Dialogue,
    SessionTime? HeldOn,
    string[] CoChairs,
    SummaryPresenter? SummaryPresentedBy,
    IReadOnlyList<Challenge> Challenges,
    IReadOnlyList<BoardActionPoint> ActionPoints,
    IReadOnlyList<DataQualityNote> DataQualityNotes,
    DocumentTextView? Text = null,
    IReadOnlyList<WithdrawnActionPoint>? WithdrawnActionPoints = null);

public sealed record ConsultationSummary(
    Guid Id,
    string Slug,
    string Title,
    string Kind,
    int? Number,
    string Dialogue,
    ConsultationPhase Phase,
    int ActionPointCount,
    string Href);

/// <summary>How many active endorsements of one point share a stakeholder group and a version, and how many of those carry a reservation.</summary>
public sealed record TallyRow(Guid ActionPointId, StakeholderGroup Group, int ForVersion, int Count, int WithReservation);

/// <summary>Builds the board of a consultation from its projected documents (a pure function).</summary>
public static class Board
{
    /// <summary>A point's tally, from its rows (<see cref="EndorsementCounting"/>: counted in memory or by the database, the same figures).</summary>
    public static EndorsementTally Tally(ActionPoint point, IEnumerable<TallyRow> rows)
    {
        var mine = rows.Where(r => r.ActionPointId == point.Id).ToList();
        var current = mine.Where(r => r.ForVersion == point.Current.Number).ToList();
        var earlier = mine.Where(r => r.ForVersion != point.Current.Number).ToList();
        return new EndorsementTally(
            mine.Sum(r => r.Count), current.Sum(r => r.Count), earlier.Sum(r => r.Count),
            Sum(current), Sum(earlier), current.Sum(r => r.WithReservation));

        static IReadOnlyDictionary<StakeholderGroup, int> Sum(IEnumerable<TallyRow> rows) =>
            rows.GroupBy(r => r.Group).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Sum(r => r.Count));
    }

    public static BoardActionPoint Entry(ActionPoint point, IEnumerable<TallyRow> rows)
    {
        var tally = Tally(point, rows);
        return new BoardActionPoint(point.Id, point.Number, point.Current.Text, point.Current.Number, tally.OfCurrentVersion, tally, point.Status);
    }

    /// <summary>The board: the points in the text with their endorsements; the points taken out of it apart, uncounted.</summary>
    public static ConsultationBoard Build(Consultation consultation, IEnumerable<ActionPoint> points, IEnumerable<Endorsement> endorsements)
    {
        var byPoint = EndorsementCounting.Rows(endorsements).ToLookup(r => r.ActionPointId);
        var all = points.ToList();
        return new ConsultationBoard(
            consultation.Id, consultation.Slug, consultation.Title, consultation.Kind, consultation.Number,
            consultation.Phase, consultation.Dialogue, consultation.HeldOn, consultation.CoChairs,
            consultation.SummaryPresentedBy,
            consultation.Challenges.OrderBy(c => c.Number).ToList(),
            all.Where(p => p.InText).OrderBy(p => p.Number).Select(p => Entry(p, byPoint[p.Id])).ToList(),
            consultation.DataQualityNotes,
            DocumentTextView.Of(consultation),
            all.Where(p => !p.InText).OrderBy(p => p.Number)
                .Select(p => new WithdrawnActionPoint(p.Id, p.Number, p.Current.Text, p.Current.Number, p.Status, p.MergedInto, p.MergedIntoNumber,
                    p.WithdrawnByAmendment, ActionPointViews.StatusNote(p)!))
                .ToList());
    }

    public static BoardActionPoint Entry(ActionPoint point, IEnumerable<Endorsement> endorsements) => Entry(point, EndorsementCounting.Rows(endorsements));

    public static EndorsementTally Tally(ActionPoint point, IEnumerable<Endorsement> endorsements) => Tally(point, EndorsementCounting.Rows(endorsements));

    public static ConsultationSummary Summarise(Consultation consultation, int actionPointCount) =>
        new(consultation.Id, consultation.Slug, consultation.Title, consultation.Kind, consultation.Number,
            consultation.Dialogue?.Name ?? "", consultation.Phase, actionPointCount, $"/api/consultations/{consultation.Id}");
}
