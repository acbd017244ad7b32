using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Web;

/// <summary>One action point on the board, with the language its text is written in, and the other stakeholders' positions
/// on it (apart from the endorsements; null where they are not shown, e.g. the board as it stood in the past).</summary>
public sealed record BoardEntryView(BoardActionPoint Point, string ContentLanguage, Positions.PositionTally? Positions = null);
