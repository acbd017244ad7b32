using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Web;

/// <summary>One action point on the board, with the language its text is written in.</summary>
public sealed record BoardEntryView(BoardActionPoint Point, string ContentLanguage);
