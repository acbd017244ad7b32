using System.Globalization;
using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Submissions;

namespace ConsultationPlatform.Outcome.Summary;

/// <summary>A record a claim of the summary comes from: its kind, its id and, for a text, its version.</summary>
public sealed record RecordLink(string Kind, Guid Id, int? Version = null)
{
    public string Href => Kind switch
    {
        "consultation" => $"/api/consultations/{Id}",
        "challenge" => $"/api/consultations/{Id}",
        "actionPoint" => $"/api/action-points/{Id}",
        "amendment" => $"/api/amendments/{Id}",
        "submission" => $"/api/submissions/{Id}",
        "session" => $"/api/sessions/{Id}",
        "endorsement" or "accreditation" => $"/api/consultations/{Id}",
        _ => $"/api/consultations/{Id}",
    };
}

/// <summary>A sentence or an item of the summary and the records it comes from.</summary>
public sealed record SummaryLine(string Text, IReadOnlyList<RecordLink> Sources);

/// <summary>How many stakeholders of one group endorse the point's final text, and who.</summary>
public sealed record GroupEndorsement(StakeholderGroup Group, int Count, IReadOnlyList<string> Stakeholders, IReadOnlyList<RecordLink> Sources);

public sealed record SummaryReservation(string Stakeholder, StakeholderGroup Group, string Text, RecordLink Source);

public sealed record SummaryActionPoint(
    Guid Id,
    int Number,
    string Text,
    int Version,
    IReadOnlyList<GroupEndorsement> Endorsements,
    IReadOnlyList<SummaryReservation> Reservations,
    IReadOnlyList<RecordLink> Sources);

/// <summary>
/// A version of a point made by an accepted amendment (or a point it added, deleted, or merged another into): at whose
/// proposal, co-sponsored and accepted by whom.
/// </summary>
public sealed record SummaryChange(
    int ActionPointNumber,
    int Version,
    string ProposedBy,
    StakeholderGroup ProposerGroup,
    IReadOnlyList<string> CoSponsoredBy,
    string? AcceptedBy,
    DateTimeOffset? AcceptedAt,
    bool Merged,
    IReadOnlyList<RecordLink> Sources,
    AmendmentKind Kind = AmendmentKind.Replace,
    int? MergedFromNumber = null);

/// <summary>One stakeholder group's part in the consultation, counted from the record.</summary>
public sealed record GroupParticipation(
    StakeholderGroup Group,
    int AccreditedOrganisations,
    int PublishedInputs,
    int AmendmentsProposed,
    int Endorsements,
    IReadOnlyList<RecordLink> Sources);

/// <summary>
/// A section that another capability adds to the summary (the live sessions' summaries and statements, once that
/// capability lands: it registers an <see cref="ISummarySections"/>). Its heading is a resource key of the UI.
/// </summary>
public sealed record SummarySection(string HeadingKey, string Heading, IReadOnlyList<SummaryLine> Lines);

/// <summary>
/// The co-chairs' summary as generated from the record, in the shape of the seed's own outcome document: heading,
/// the presenter and the co-chairs, the salutation and preamble, the challenges, the action points in their final
/// text (each with its endorsements by stakeholder group and its reservations), what changed at whose proposal,
/// participation by stakeholder group, the closing. Every claim carries the records it comes from.
/// </summary>
public sealed record SummaryDraft(
    Guid ConsultationId,
    string Language,
    string DialogueName,
    string? Heading,
    string Title,
    string? Slot,
    string Byline,
    IReadOnlyList<string> CoChairs,
    IReadOnlyList<string> Salutation,
    IReadOnlyList<string> Preamble,
    string? ChallengesIntroduction,
    IReadOnlyList<SummaryLine> Challenges,
    string? Transition,
    string? ActionPointsIntroduction,
    IReadOnlyList<SummaryActionPoint> ActionPoints,
    IReadOnlyList<SummaryChange> Changes,
    IReadOnlyList<GroupParticipation> Participation,
    IReadOnlyList<SummarySection> Sections,
    string? ClosingSalutation,
    IReadOnlyList<string> Closing,
    string? ClosingThanks,
    IReadOnlyList<RecordLink> Sources);

/// <summary>What the summary is built from: the record of one consultation.</summary>
public sealed record SummaryRecord(
    Consultation Consultation,
    IReadOnlyList<ActionPoint> ActionPoints,
    IReadOnlyList<Endorsement> Endorsements,
    IReadOnlyList<Amendment> Amendments,
    IReadOnlyList<Accreditation> Accreditations,
    IReadOnlyList<Submission> Submissions,
    IReadOnlyList<SummarySection>? Sections = null);

/// <summary>Contributes sections to the summary (the seam for capabilities that land later, e.g. live sessions).</summary>
public interface ISummarySections
{
    Task<IReadOnlyList<SummarySection>> For(Marten.IQuerySession session, Consultation consultation, CancellationToken ct);
}

/// <summary>Generates the summary from the record (a pure function).</summary>
public static class SummaryGeneration
{
    public static SummaryDraft Generate(SummaryRecord record)
    {
        var c = record.Consultation;
        var here = new RecordLink("consultation", c.Id);
        var all = record.ActionPoints.Where(p => p.ConsultationId == c.Id).OrderBy(p => p.Number).ToList();
        // The points taken out of the text (deleted, merged) are not in the outcome, and their endorsements do not count.
        var points = all.Where(p => p.InText).ToList();
        var endorsements = record.Endorsements.Where(e => e.Active && e.ConsultationId == c.Id).ToList();
        var accepted = record.Amendments.Where(a => a.ConsultationId == c.Id && a.Status == AmendmentStatus.Accepted).ToList();

        return new SummaryDraft(
            c.Id,
            c.Languages.FirstOrDefault() ?? "en",
            c.Dialogue?.Name ?? "",
            Heading(c),
            c.Title,
            c.HeldOn?.Label ?? Slot(c.HeldOn),
            Byline(c),
            c.CoChairs,
            Lines(c.Salutation),
            DocumentTextView.Paragraphs(c.Preamble),
            c.ChallengesIntroduction,
            c.Challenges.OrderBy(ch => ch.Number).Select(ch => new SummaryLine(ch.Text, [new RecordLink("challenge", c.Id, ch.Number)])).ToList(),
            c.Transition,
            c.ActionPointsIntroduction,
            points.Select(p => Point(p, endorsements)).ToList(),
            Changes(all, accepted),
            Participation(record, c.Id),
            record.Sections ?? [],
            c.ClosingSalutation,
            DocumentTextView.Paragraphs(c.Closing),
            c.ClosingThanks,
            [here]);
    }

    private static string? Heading(Consultation c) =>
        c.Number is { } n && !string.IsNullOrWhiteSpace(c.Kind)
            ? $"{char.ToUpperInvariant(c.Kind[0])}{c.Kind[1..]} {n}:"
            : null;

    private static string? Slot(SessionTime? t) =>
        t is null ? null
            : t.Date.ToString("dddd, d MMMM yyyy", CultureInfo.InvariantCulture)
              + (t.StartTime is { } s ? $", {s:HH.mm}" + (t.EndTime is { } e ? $" – {e:HH.mm}" : "") : "");

    /// <summary>"Summary by the Co-Chair H.E. …, office" as the source words it; by the co-chairs when nobody presented it.</summary>
    private static string Byline(Consultation c)
    {
        if (c.SummaryPresentedBy is { } p)
        {
            var role = string.IsNullOrWhiteSpace(p.Role) ? "" : $"{p.Role} ";
            return $"Summary by the {role}{p.Name}" + (string.IsNullOrWhiteSpace(p.Office) ? "" : $", {p.Office}");
        }

        return c.CoChairs.Length switch
        {
            0 => "Co-Chairs' summary",
            1 => $"Summary by the Co-Chair {c.CoChairs[0]}",
            _ => $"Summary by the Co-Chairs {string.Join(", ", c.CoChairs[..^1])} and {c.CoChairs[^1]}",
        };
    }

    private static IReadOnlyList<string> Lines(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static SummaryActionPoint Point(ActionPoint p, IReadOnlyList<Endorsement> endorsements)
    {
        var current = endorsements.Where(e => e.ActionPointId == p.Id && e.ForVersion == p.Current.Number).ToList();
        return new SummaryActionPoint(
            p.Id, p.Number, p.Current.Text, p.Current.Number,
            current.GroupBy(e => e.StakeholderGroup).OrderBy(g => g.Key)
                .Select(g => new GroupEndorsement(g.Key, g.Count(), g.Select(e => e.StakeholderName).Order(StringComparer.Ordinal).ToList(),
                    g.Select(e => new RecordLink("endorsement", e.Id)).ToList()))
                .ToList(),
            current.Where(e => !string.IsNullOrWhiteSpace(e.Reservation)).OrderBy(e => e.StakeholderGroup).ThenBy(e => e.StakeholderName, StringComparer.Ordinal)
                .Select(e => new SummaryReservation(e.StakeholderName, e.StakeholderGroup, e.Reservation!, new RecordLink("endorsement", e.Id)))
                .ToList(),
            [new RecordLink("actionPoint", p.Id, p.Current.Number)]);
    }

    /// <summary>
    /// The versions made by accepted amendments (a point's first version when an amendment added it; the merged text
    /// when one merged another point into it), and the points an amendment deleted.
    /// </summary>
    private static IReadOnlyList<SummaryChange> Changes(IReadOnlyList<ActionPoint> points, IReadOnlyList<Amendment> accepted)
    {
        var versions = points.SelectMany(p => p.Versions.Where(v => v.AmendmentId is not null).Select(v => (Point: p, Version: v)))
            .Select(x =>
            {
                var amendment = accepted.FirstOrDefault(a => a.Id == x.Version.AmendmentId);
                var proposer = x.Version.ProposedBy ?? amendment?.ProposedBy;
                var kind = x.Version.MergedFrom is not null ? AmendmentKind.MergePoints
                    : x.Version.Number == 1 ? AmendmentKind.AddPoint
                    : AmendmentKind.Replace;
                return new SummaryChange(
                    x.Point.Number, x.Version.Number,
                    proposer?.OrganisationName ?? "",
                    proposer?.OrganisationGroup ?? default,
                    (x.Version.CoSponsoredBy ?? []).Select(s => s.OrganisationName).ToList(),
                    amendment?.DecidedByName,
                    amendment?.DecidedAt ?? x.Version.At,
                    amendment?.Merged ?? false,
                    [new RecordLink("amendment", x.Version.AmendmentId!.Value), new RecordLink("actionPoint", x.Point.Id, x.Version.Number),
                        .. x.Version.MergedFrom is { } from ? [new RecordLink("actionPoint", from, x.Version.MergedFromVersion)] : Array.Empty<RecordLink>(),
                        .. (amendment?.CitesInputs ?? []).Select(i => new RecordLink("submission", i))],
                    kind, x.Version.MergedFromNumber);
            });
        var deletions = points.Where(p => p.Status == ActionPointStatus.Deleted && p.WithdrawnByAmendment is not null)
            .Select(p =>
            {
                var amendment = accepted.FirstOrDefault(a => a.Id == p.WithdrawnByAmendment);
                return new SummaryChange(
                    p.Number, p.Current.Number,
                    amendment?.ProposedBy.OrganisationName ?? "",
                    amendment?.ProposedBy.OrganisationGroup ?? default,
                    (amendment?.CoSponsors ?? []).Select(s => s.OrganisationName).ToList(),
                    amendment?.DecidedByName,
                    amendment?.DecidedAt ?? p.WithdrawnAt,
                    false,
                    [new RecordLink("amendment", p.WithdrawnByAmendment!.Value), new RecordLink("actionPoint", p.Id, p.Current.Number)],
                    AmendmentKind.DeletePoint);
            });
        return versions.Concat(deletions).OrderBy(c => c.ActionPointNumber).ThenBy(c => c.Kind == AmendmentKind.DeletePoint).ThenBy(c => c.Version).ToList();
    }

    private static IReadOnlyList<GroupParticipation> Participation(SummaryRecord record, Guid consultationId)
    {
        var accredited = record.Accreditations.Where(a => a.ConsultationId == consultationId && a.IsGranted).ToList();
        var inputs = record.Submissions.Where(s => s.ConsultationId == consultationId && s.Status == SubmissionStatus.Published).ToList();
        var amendments = record.Amendments.Where(a => a.ConsultationId == consultationId).ToList();
        var endorsements = record.Endorsements.Where(e => e.ConsultationId == consultationId && e.Active).ToList();
        return Enum.GetValues<StakeholderGroup>()
            .Select(g => new GroupParticipation(g,
                accredited.Count(a => a.OrganisationGroup == g),
                inputs.Count(s => s.Author.OrganisationGroup == g),
                amendments.Count(a => a.ProposedBy.OrganisationGroup == g),
                endorsements.Count(e => e.StakeholderGroup == g),
                [
                    .. accredited.Where(a => a.OrganisationGroup == g).Select(a => new RecordLink("accreditation", a.Id)),
                    .. inputs.Where(s => s.Author.OrganisationGroup == g).Select(s => new RecordLink("submission", s.Id)),
                    .. amendments.Where(a => a.ProposedBy.OrganisationGroup == g).Select(a => new RecordLink("amendment", a.Id)),
                    .. endorsements.Where(e => e.StakeholderGroup == g).Select(e => new RecordLink("endorsement", e.Id)),
                ]))
            .Where(p => p.Sources.Count > 0)
            .ToList();
    }
}

/// <summary>Every <see cref="ISummarySections"/> registered (none until the live sessions land).</summary>
public sealed class SummaryContributors(IEnumerable<ISummarySections> all)
{
    public IReadOnlyList<ISummarySections> All { get; } = all.ToList();
}
