using ConsultationPlatform.Common;

namespace ConsultationPlatform.Tests;

/// <summary>
/// The decisions' tests read a refusal as the API answers it: the RFC 9457 problem of the one mapping,
/// <see cref="Refused.ToProblem"/> (status, type, detail, extensions), and no refusal as "none". So they assert the
/// same bodies whether a decision is reached through an endpoint, a page or directly.
/// </summary>
public static class RefusalsAsAnswered
{
    extension(Refused? refused)
    {
        public bool IsNone() => refused is null;
        public int? Status => refused.AsProblem().Status;
        public string? Type => refused.AsProblem().Type;
        public string? Title => refused.AsProblem().Title;
        public string? Detail => refused.AsProblem().Detail;
        public IDictionary<string, object?> Extensions => refused.AsProblem().Extensions;
    }
}
