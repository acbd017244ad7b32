using ConsultationPlatform.Consultations;
using JasperFx.Events;

namespace ConsultationPlatform.Outcome.Summary;

// ---- Events of a consultation's summary stream (one per consultation). ----

/// <summary>A co-chair (or the secretariat) edited the draft summary: its Markdown replaces the generated one until discarded.</summary>
public sealed record SummaryDraftEdited(Guid ConsultationId, string Markdown, Guid EditedBy, string EditedByName) : IConsultationEvent;

/// <summary>The edits were discarded: the draft is the one generated from the record again.</summary>
public sealed record SummaryDraftDiscarded(Guid ConsultationId, Guid DiscardedBy) : IConsultationEvent;

/// <summary>
/// The summary was published as version <see cref="Number"/>: its Markdown is fixed for good (a later publication is
/// a new version; none is ever changed). <see cref="Edited"/>: the co-chairs' edited draft rather than the generated one.
/// </summary>
public sealed record SummaryPublished(Guid ConsultationId, int Number, string Markdown, string Language, bool Edited, Guid PublishedBy, string PublishedByName)
    : IConsultationEvent;

public sealed record PublishedSummary(int Number, string Markdown, string Language, bool Edited, string PublishedBy, DateTimeOffset? At);

/// <summary>The co-chairs' summary of a consultation: the edited draft (if any) and every published version.</summary>
public sealed class OutcomeSummary
{
    private static readonly Guid Namespace = new("3c1d6a3e-95f4-4b71-8a57-0e2b6f9c4d13");

    public static Guid IdFor(Guid consultationId) => DeterministicGuid.Create(Namespace, consultationId);

    public Guid Id { get; set; }
    public int Version { get; set; }
    public Guid ConsultationId { get; set; }
    public string? EditedDraft { get; set; }
    public string? EditedByName { get; set; }
    public DateTimeOffset? EditedAt { get; set; }
    public List<PublishedSummary> Published { get; set; } = [];

    public static OutcomeSummary Create(IEvent<SummaryDraftEdited> e)
    {
        var summary = new OutcomeSummary { Id = e.StreamId, ConsultationId = e.Data.ConsultationId };
        summary.Apply(e);
        return summary;
    }

    public static OutcomeSummary Create(IEvent<SummaryPublished> e)
    {
        var summary = new OutcomeSummary { Id = e.StreamId, ConsultationId = e.Data.ConsultationId };
        summary.Apply(e);
        return summary;
    }

    public void Apply(IEvent<SummaryDraftEdited> e)
    {
        EditedDraft = e.Data.Markdown;
        EditedByName = e.Data.EditedByName;
        EditedAt = e.Timestamp == default ? null : e.Timestamp;
    }

    public void Apply(SummaryDraftDiscarded _)
    {
        EditedDraft = null;
        EditedByName = null;
        EditedAt = null;
    }

    public void Apply(IEvent<SummaryPublished> e) =>
        Published.Add(new PublishedSummary(e.Data.Number, e.Data.Markdown, e.Data.Language, e.Data.Edited, e.Data.PublishedByName,
            e.Timestamp == default ? null : e.Timestamp));
}

/// <summary>Edit the draft: the full Markdown, against the version of the summary the editor read (0: none yet).</summary>
public sealed record EditSummaryDraft(string? Markdown, int Version);

/// <summary>Publish the draft as it stands (the edited one, or else the generated one), against the version read.</summary>
public sealed record PublishSummary(int Version);

/// <summary>Discard the edits, against the version read.</summary>
public sealed record DiscardSummaryDraft(int Version);

/// <summary>The decisions about the summary (pure functions).</summary>
public static class SummaryDecisions
{
    public const int MaxMarkdownLength = 100_000;

    public static Refused? CheckEdit(Actor? actor, EditSummaryDraft command, OutcomeSummary? summary)
    {
        var access = AccessRules.Check(actor, AccessAct.WriteSummary);
        if (access is not null) return access;
        var text = (command.Markdown ?? "").Trim();
        if (text.Length == 0) return new Refused.Invalid(("markdown", "The summary's text is required."));
        if (text.Length > MaxMarkdownLength) return new Refused.Invalid(("markdown", $"The summary is at most {MaxMarkdownLength} characters; it has {text.Length}."));
        return CheckVersion(command.Version, summary);
    }

    public static Refused? CheckPublication(Actor? actor, PublishSummary command, OutcomeSummary? summary)
    {
        var access = AccessRules.Check(actor, AccessAct.WriteSummary);
        return access is null ? CheckVersion(command.Version, summary) : access;
    }

    public static Refused? CheckDiscard(Actor? actor, DiscardSummaryDraft command, OutcomeSummary? summary)
    {
        var access = AccessRules.Check(actor, AccessAct.WriteSummary);
        if (access is not null) return access;
        var version = CheckVersion(command.Version, summary);
        if (version is not null) return version;
        return summary?.EditedDraft is null
            ? new Refused.Conflict("Nothing to discard", "The draft is the generated one; it has no edits.", "no-edits")
            : null;
    }

    /// <summary>A stale screen is refused: the version the person read must be the summary's version.</summary>
    private static Refused? CheckVersion(int version, OutcomeSummary? summary)
    {
        var current = summary?.Version ?? 0;
        return version == current
            ? null
            : new Refused.Conflict("The summary changed", $"You read version {version} of the summary; it is at version {current}. Reload it and try again.",
                "stale-version", new Dictionary<string, object?> { ["currentVersion"] = current });
    }

    public static SummaryDraftEdited Edit(Actor actor, Guid consultationId, EditSummaryDraft command) =>
        new(consultationId, command.Markdown!.Replace("\r\n", "\n").Trim(), actor.PersonId, actor.PersonName);

    public static SummaryPublished Publish(Actor actor, Guid consultationId, OutcomeSummary? summary, string generatedMarkdown, string language) =>
        new(consultationId, (summary?.Published.Count ?? 0) + 1, summary?.EditedDraft ?? generatedMarkdown, language,
            summary?.EditedDraft is not null, actor.PersonId, actor.PersonName);
}
