using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Submissions;
using JasperFx.Events;
using Marten.Events.Projections;
using Markdig;
using Weasel.Postgresql.Tables;

namespace ConsultationPlatform.Search;

/// <summary>What a search result is.</summary>
public enum SearchKind
{
    Input,
    Amendment,
    ActionPoint,
    Reply,
}

/// <summary>
/// The PostgreSQL text-search configuration for a piece of content, from its BCP 47 language tag: English, French
/// and Spanish content is stemmed in its language; anything else is indexed word for word (<c>simple</c>).
/// </summary>
public static class SearchLanguages
{
    public const string Simple = "simple";

    public static readonly IReadOnlyDictionary<string, string> Stemmed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = "english",
        ["fr"] = "french",
        ["es"] = "spanish",
    };

    /// <summary>The configurations a query is parsed with (one of them is each row's own).</summary>
    public static readonly string[] All = ["english", "french", "spanish", Simple];

    public static string ConfigurationFor(string? languageTag)
    {
        if (string.IsNullOrWhiteSpace(languageTag)) return Simple;
        var primary = languageTag.Split('-', 2)[0];
        return Stemmed.TryGetValue(primary, out var configuration) ? configuration : Simple;
    }
}

/// <summary>
/// The search index: one row per input, amendment and action point (its current text), with the reader-relevant facts
/// (who may see it, its group, point, language, the phase it was written in) and a generated, weighted tsvector in the
/// content's own configuration (title A, text B, rationale C) under a GIN index. Maintained from the events by
/// <see cref="SearchIndexProjection"/>; the consultations' phases are kept beside it, so that an entry records the
/// phase it was written in, also when the projection is rebuilt.
/// </summary>
public static class SearchTables
{
    public const string Entries = "search_entries";
    public const string Consultations = "search_consultations";

    /// <summary>Hit markers of <c>ts_headline</c>: private-use characters, removed from the indexed text, so never content.</summary>
    public const char HitStart = '\uE000';
    public const char HitEnd = '\uE001';

    public const string Vector =
        "setweight(to_tsvector(config, coalesce(title, '')), 'A') || setweight(to_tsvector(config, body), 'B') || setweight(to_tsvector(config, coalesce(rationale, '')), 'C')";

    public static Table EntriesTable(string schema)
    {
        var table = new Table(new Weasel.Postgresql.PostgresqlObjectName(schema, Entries, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("id").AsPrimaryKey();
        table.AddColumn<string>("kind").NotNull();
        table.AddColumn<Guid>("consultation_id").NotNull();
        table.AddColumn<Guid>("action_point_id");
        table.AddColumn<int>("action_point_number");
        table.AddColumn<string>("stakeholder_group");
        table.AddColumn<string>("language").NotNull();
        table.AddColumn("config", "regconfig").NotNull();
        table.AddColumn<string>("phase");
        table.AddColumn<string>("status").NotNull();
        table.AddColumn<bool>("public").NotNull();
        table.AddColumn<Guid>("person_id");
        table.AddColumn<string>("organisation_name");
        table.AddColumn<string>("title");
        table.AddColumn<string>("body").NotNull();
        table.AddColumn<string>("rationale");
        table.AddColumn<int>("version");
        table.AddColumn("search", "tsvector").GeneratedAs(Vector);
        table.Indexes.Add(new IndexDefinition($"ix_{Entries}_search") { Columns = ["search"], Method = IndexMethod.gin });
        table.Indexes.Add(new IndexDefinition($"ix_{Entries}_consultation") { Columns = ["consultation_id"] });
        return table;
    }

    /// <summary>Each consultation's phase as it stands, and the language its negotiated text is written in (its first language).</summary>
    public static Table ConsultationsTable(string schema)
    {
        var table = new Table(new Weasel.Postgresql.PostgresqlObjectName(schema, Consultations, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("consultation_id").AsPrimaryKey();
        table.AddColumn<string>("phase").NotNull();
        table.AddColumn<string>("language").NotNull();
        table.AddColumn("config", "regconfig").NotNull();
        return table;
    }

    /// <summary>The text as indexed: Markdown reduced to its words, and never the hit markers.</summary>
    public static string Plain(string? text, bool markdown = false)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var plain = markdown ? Markdown.ToPlainText(text) : text;
        return plain.Replace(HitStart, ' ').Replace(HitEnd, ' ').Trim();
    }
}

/// <summary>Keeps <see cref="SearchTables"/> up to date from the events (registered async: it indexes what was there before it too).</summary>
public sealed partial class SearchIndexProjection : EventProjection
{
    private readonly string _entries;
    private readonly string _consultations;

    public SearchIndexProjection(string schema)
    {
        Name = "SearchIndex";
        SchemaObjects.Add(SearchTables.EntriesTable(schema));
        SchemaObjects.Add(SearchTables.ConsultationsTable(schema));
        _entries = $"{schema}.{SearchTables.Entries}";
        _consultations = $"{schema}.{SearchTables.Consultations}";
    }

    private static string Phase(ConsultationPhase phase) => phase.ToString().ToLowerInvariant();

    public void Project(ConsultationCreated e, IDocumentOperations ops)
    {
        var language = e.Languages.FirstOrDefault() ?? "en";
        ops.QueueSqlCommand(
            $"insert into {_consultations} (consultation_id, phase, language, config) values (?, ?, ?, ?::regconfig) on conflict (consultation_id) do update set phase = excluded.phase",
            e.ConsultationId, Phase(e.Phase), language, SearchLanguages.ConfigurationFor(language));
    }

    public void Project(ConsultationPhaseChanged e, IDocumentOperations ops) =>
        ops.QueueSqlCommand($"update {_consultations} set phase = ? where consultation_id = ?", Phase(e.To), e.ConsultationId);

    private void Upsert(IDocumentOperations ops, Guid id, SearchKind kind, Guid consultationId, Guid? pointId, int? pointNumber,
        string? group, string? language, string status, bool isPublic, Guid? personId, string? organisationName,
        string? title, string body, string? rationale, int? version) =>
        ops.QueueSqlCommand(
            $"""
             insert into {_entries} (id, kind, consultation_id, action_point_id, action_point_number, stakeholder_group, language, config,
                 phase, status, public, person_id, organisation_name, title, body, rationale, version)
             select ?, ?, k.consultation_id, ?, ?, ?, coalesce(?, c.language, 'und'), coalesce(?::regconfig, c.config, 'simple'), c.phase, ?, ?, ?, ?, ?, ?, ?, ?
             from (select ?::uuid as consultation_id) k left join {_consultations} c using (consultation_id) where true
             on conflict (id) do update set body = excluded.body, title = excluded.title, rationale = excluded.rationale,
                 status = excluded.status, public = excluded.public, version = excluded.version
             """,
            id, Kind(kind), (object?)pointId ?? DBNull.Value, (object?)pointNumber ?? DBNull.Value,
            (object?)group ?? DBNull.Value, (object?)language ?? DBNull.Value,
            (object?)(language is null ? null : SearchLanguages.ConfigurationFor(language)) ?? DBNull.Value, status, isPublic,
            (object?)personId ?? DBNull.Value, (object?)organisationName ?? DBNull.Value,
            (object?)NullIfEmpty(SearchTables.Plain(title)) ?? DBNull.Value, body,
            (object?)NullIfEmpty(rationale) ?? DBNull.Value, (object?)version ?? DBNull.Value, consultationId);

    public static string Kind(SearchKind kind) => kind switch
    {
        SearchKind.Input => "input",
        SearchKind.Amendment => "amendment",
        SearchKind.Reply => "reply",
        _ => "actionPoint",
    };

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private void SetStatus(IDocumentOperations ops, Guid id, string status, bool isPublic) =>
        ops.QueueSqlCommand($"update {_entries} set status = ?, public = ? where id = ?", status, isPublic, id);

    // ---- Inputs: public once published; before, and once rejected or hidden, their author's and the secretariat's. ----

    public void Project(SubmissionReceived e, IDocumentOperations ops) =>
        Upsert(ops, e.SubmissionId, SearchKind.Input, e.ConsultationId, e.ActionPointId, e.ActionPointNumber,
            e.OrganisationGroup.ToString(), e.Language, Status(SubmissionStatus.Received), false, e.PersonId, e.OrganisationName,
            e.Title, SearchTables.Plain(e.BodyMarkdown, markdown: true), null, null);

    public void Project(SubmissionPublished e, IDocumentOperations ops) => SetStatus(ops, e.SubmissionId, Status(SubmissionStatus.Published), true);

    public void Project(SubmissionRejected e, IDocumentOperations ops) => SetStatus(ops, e.SubmissionId, Status(SubmissionStatus.Rejected), false);

    public void Project(SubmissionHidden e, IDocumentOperations ops) => SetStatus(ops, e.SubmissionId, Status(SubmissionStatus.Hidden), false);

    private static string Status(SubmissionStatus status) => status.ToString().ToLowerInvariant();

    // ---- Amendments: public from the moment they are proposed (text and rationale), in the language of the negotiated text. ----

    public void Project(AmendmentProposed e, IDocumentOperations ops) =>
        Upsert(ops, e.AmendmentId, SearchKind.Amendment, e.ConsultationId, e.ActionPointId, e.ActionPointNumber,
            e.ProposedBy.OrganisationGroup.ToString(), null, Status(AmendmentStatus.Open), true, e.ProposedBy.PersonId,
            e.ProposedBy.OrganisationName, null, SearchTables.Plain(e.Text), SearchTables.Plain(e.Rationale), e.BaseVersion);

    public void Project(AmendmentRebased e, IDocumentOperations ops) =>
        ops.QueueSqlCommand($"update {_entries} set body = ?, version = ?, status = ? where id = ?",
            SearchTables.Plain(e.Text), e.BaseVersion, Status(AmendmentStatus.Open), e.AmendmentId);

    public void Project(AmendmentWithdrawn e, IDocumentOperations ops) => SetStatus(ops, e.AmendmentId, Status(AmendmentStatus.Withdrawn), true);

    public void Project(AmendmentAccepted e, IDocumentOperations ops) => SetStatus(ops, e.AmendmentId, Status(AmendmentStatus.Accepted), true);

    public void Project(AmendmentRejected e, IDocumentOperations ops) => SetStatus(ops, e.AmendmentId, Status(AmendmentStatus.Rejected), true);

    public void Project(AmendmentFoundInConflict e, IDocumentOperations ops) => SetStatus(ops, e.AmendmentId, Status(AmendmentStatus.NeedsRebase), true);

    private static string Status(AmendmentStatus status) => char.ToLowerInvariant(status.ToString()[0]) + status.ToString()[1..];

    // ---- Action points: their current (negotiated) text, public, in the consultation's first language. ----

    public void Project(ActionPointTabled e, IDocumentOperations ops) =>
        Upsert(ops, e.ActionPointId, SearchKind.ActionPoint, e.ConsultationId, e.ActionPointId, e.Number, null, null,
            "current", true, null, null, null, SearchTables.Plain(e.Text), null, 1);

    public void Project(ActionPointRevised e, IDocumentOperations ops) =>
        ops.QueueSqlCommand($"update {_entries} set body = ?, version = ? where id = ?", SearchTables.Plain(e.Text), e.Version, e.ActionPointId);

    /// <summary>A point deleted from the text, or merged into another, is no longer current text: it leaves the index (its history stays on its page).</summary>
    public void Project(ActionPointWithdrawn e, IDocumentOperations ops) =>
        ops.QueueSqlCommand($"delete from {_entries} where id = ? and kind = ?", e.ActionPointId, Kind(SearchKind.ActionPoint));

    // ---- Replies: as inputs, public once published; before, and once rejected or hidden, their author's and the secretariat's. ----

    public void Project(Replies.ReplyPosted e, IDocumentOperations ops) =>
        Upsert(ops, e.ReplyId, SearchKind.Reply, e.ConsultationId, e.ActionPointId, null,
            e.OrganisationGroup.ToString(), e.Language, Status(Replies.ReplyStatus.Received), false, e.PersonId, e.OrganisationName,
            null, SearchTables.Plain(e.BodyMarkdown, markdown: true), null, null);

    public void Project(Replies.ReplyPublished e, IDocumentOperations ops) => SetStatus(ops, e.ReplyId, Status(Replies.ReplyStatus.Published), true);

    public void Project(Replies.ReplyRejected e, IDocumentOperations ops) => SetStatus(ops, e.ReplyId, Status(Replies.ReplyStatus.Rejected), false);

    public void Project(Replies.ReplyHidden e, IDocumentOperations ops) => SetStatus(ops, e.ReplyId, Status(Replies.ReplyStatus.Hidden), false);

    private static string Status(Replies.ReplyStatus status) => status.ToString().ToLowerInvariant();
}
