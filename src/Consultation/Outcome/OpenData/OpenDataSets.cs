using ConsultationPlatform.ActionPoints;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using ConsultationPlatform.Endorsements;
using ConsultationPlatform.Submissions;

namespace ConsultationPlatform.Outcome.OpenData;

// One row of each open dataset. The columns of the CSV are these members, in this order, named as in the JSON
// (camelCase); docs/open-data.md describes them column by column. Organisations are named, people never are.

public sealed record ActionPointRow(Guid ConsultationId, Guid ActionPointId, int Number, int CurrentVersion, string CurrentText,
    int EndorsementsOfCurrentVersion, int EndorsementsOfEarlierVersions, int EndorsementsWithReservation);

public sealed record VersionRow(Guid ActionPointId, int ActionPointNumber, int Version, string Text, DateTimeOffset? At, Guid? AmendmentId,
    string? ProposedByOrganisation, string? CoSponsoredByOrganisations);

public sealed record AmendmentRow(Guid AmendmentId, Guid ActionPointId, int ActionPointNumber, string Status, int BaseVersion, string Text,
    string Rationale, Guid ProposedByOrganisationId, string ProposedByOrganisation, string ProposedByGroup, string? CoSponsoredByOrganisations,
    DateTimeOffset? ProposedAt, int? ResultingVersion, string Kind, Guid? MergeWithActionPointId, int? MergeWithActionPointNumber);

public sealed record EndorsementRow(Guid ActionPointId, int ActionPointNumber, Guid StakeholderId, string StakeholderName, string StakeholderGroup,
    int ForVersion, bool ForCurrentVersion, string? Reservation);

public sealed record InputRow(Guid InputId, Guid? ActionPointId, int? ActionPointNumber, string? Title, string BodyMarkdown, string Language,
    Guid OrganisationId, string OrganisationName, string OrganisationGroup, DateTimeOffset? PublishedAt);

public sealed record AccreditationRow(Guid OrganisationId, string OrganisationName, string OrganisationGroup, string Status);

public sealed record StatementRow(Guid StatementId, Guid SessionId, string SessionTitle, Guid ItemId, string? ItemTitle, Guid OrganisationId,
    string OrganisationName, string? OnBehalfOf, string Language, string Text, string? Link, bool RecordedByChair, DateTimeOffset DeliveredAt);

public sealed record PositionRow(Guid ActionPointId, int ActionPointNumber, Guid StakeholderId, string StakeholderName, string StakeholderGroup,
    int ForVersion, bool ForCurrentVersion, string Stance, string? Reason);

public sealed record ReplyRow(Guid ReplyId, string ParentKind, Guid ParentId, Guid? ActionPointId, int? ActionPointNumber, Guid? InReplyTo,
    string BodyMarkdown, string Language, Guid OrganisationId, string OrganisationName, string OrganisationGroup, DateTimeOffset? PostedAt,
    DateTimeOffset? PublishedAt);

/// <summary>One open dataset: its name (the address and the file name), its rows' type, and its rows.</summary>
public sealed record OpenDataSet(string Name, Type RowType, IReadOnlyList<object> Rows);

/// <summary>The public documents of one consultation, read once, from which every dataset is built (pure functions).</summary>
public sealed record OpenDataSource(
    Consultation Consultation,
    IReadOnlyList<ActionPoint> Points,
    IReadOnlyList<Amendment> Amendments,
    IReadOnlyList<Endorsement> Endorsements,
    IReadOnlyList<Submission> PublishedInputs,
    IReadOnlyList<Accreditation> PublicAccreditations,
    IReadOnlyList<LiveSessions.Statement>? PublicStatements = null,
    IReadOnlyList<LiveSessions.Session>? Sessions = null,
    IReadOnlyList<Positions.Position>? Positions = null,
    IReadOnlyList<Replies.Reply>? PublishedReplies = null);

public static class OpenDataSets
{
    /// <summary>The datasets, in the order of the archive (a name, a row type, a builder: nothing else changes to add one).</summary>
    public static readonly IReadOnlyList<(string Name, Type RowType, Func<OpenDataSource, IEnumerable<object>> Rows)> All =
    [
        ("action-points", typeof(ActionPointRow), s => ActionPoints(s)),
        ("versions", typeof(VersionRow), s => Versions(s)),
        ("amendments", typeof(AmendmentRow), s => Amendments(s)),
        ("endorsements", typeof(EndorsementRow), s => Endorsements(s)),
        ("inputs", typeof(InputRow), s => Inputs(s)),
        ("accreditations", typeof(AccreditationRow), s => Accreditations(s)),
        ("statements", typeof(StatementRow), s => Statements(s)),
        ("positions", typeof(PositionRow), s => Positions(s)),
        ("replies", typeof(ReplyRow), s => Replies(s)),
    ];

    public static OpenDataSet? Build(OpenDataSource source, string name) =>
        All.FirstOrDefault(d => d.Name == name) is { Name: not null } d ? new OpenDataSet(d.Name, d.RowType, d.Rows(source).ToList()) : null;

    public static IEnumerable<ActionPointRow> ActionPoints(OpenDataSource s)
    {
        var board = Board.Build(s.Consultation, s.Points, s.Endorsements);
        return board.ActionPoints.Select(p => new ActionPointRow(board.Id, p.Id, p.Number, p.Version, p.Text,
            p.Endorsements.OfCurrentVersion, p.Endorsements.OfEarlierVersions, p.Endorsements.WithReservation));
    }

    public static IEnumerable<VersionRow> Versions(OpenDataSource s) =>
        s.Points.OrderBy(p => p.Number).SelectMany(p => p.Versions.OrderBy(v => v.Number).Select(v =>
            new VersionRow(p.Id, p.Number, v.Number, v.Text, v.At, v.AmendmentId, v.ProposedBy?.OrganisationName, Organisations(v.CoSponsoredBy))));

    public static IEnumerable<AmendmentRow> Amendments(OpenDataSource s)
    {
        var numbers = s.Points.ToDictionary(p => p.Id, p => p.Number);
        return s.Amendments.OrderBy(a => numbers.GetValueOrDefault(a.ActionPointId)).ThenBy(a => a.ProposedAt).ThenBy(a => a.Id)
            .Select(a => new AmendmentRow(a.Id, a.ActionPointId, numbers.GetValueOrDefault(a.ActionPointId), Camel(a.Status), a.BaseVersion, a.Text,
                a.Rationale, a.ProposedBy.OrganisationId, a.ProposedBy.OrganisationName, Camel(a.ProposedBy.OrganisationGroup),
                Organisations(a.CoSponsors), a.ProposedAt, a.ResultingVersion, Camel(a.Kind), a.MergeWith, a.MergeWithNumber));
    }

    public static IEnumerable<EndorsementRow> Endorsements(OpenDataSource s)
    {
        var points = s.Points.ToDictionary(p => p.Id);
        return s.Endorsements.Where(e => e.Active && points.ContainsKey(e.ActionPointId))
            .OrderBy(e => points[e.ActionPointId].Number).ThenBy(e => e.StakeholderGroup).ThenBy(e => e.StakeholderName, StringComparer.Ordinal)
            .Select(e => new EndorsementRow(e.ActionPointId, points[e.ActionPointId].Number, e.StakeholderId, e.StakeholderName, Camel(e.StakeholderGroup),
                e.ForVersion, e.ForVersion == points[e.ActionPointId].Current.Number, e.Reservation));
    }

    public static IEnumerable<InputRow> Inputs(OpenDataSource s) =>
        s.PublishedInputs.Where(i => i.Status == SubmissionStatus.Published).OrderBy(i => i.PublishedAt).ThenBy(i => i.Id)
            .Select(i => new InputRow(i.Id, i.ActionPointId, i.ActionPointNumber, i.Title, i.BodyMarkdown, i.Language,
                i.Author.OrganisationId, i.Author.OrganisationName, Camel(i.Author.OrganisationGroup), i.PublishedAt));

    public static IEnumerable<AccreditationRow> Accreditations(OpenDataSource s) =>
        s.PublicAccreditations.Where(a => a.Status is AccreditationStatus.Granted or AccreditationStatus.Withdrawn)
            .OrderBy(a => a.OrganisationGroup).ThenBy(a => a.OrganisationName, StringComparer.Ordinal)
            .Select(a => new AccreditationRow(a.OrganisationId, a.OrganisationName, Camel(a.OrganisationGroup), Camel(a.Status)));

    /// <summary>The public statements of the live sessions (<see cref="Sessions.PublicStatements"/>), in the order delivered.</summary>
    public static IEnumerable<StatementRow> Statements(OpenDataSource s)
    {
        var sessions = (s.Sessions ?? []).ToDictionary(x => x.Id);
        return (s.PublicStatements ?? []).Where(Outcome.Sessions.PublicStatements.IsPublic)
            .OrderBy(x => x.DeliveredAt).ThenBy(x => x.Id)
            .Select(x => new StatementRow(x.Id, x.SessionId, sessions.GetValueOrDefault(x.SessionId)?.Title ?? "", x.ItemId,
                sessions.GetValueOrDefault(x.SessionId)?.Item(x.ItemId)?.Title, x.OrganisationId, x.OrganisationName, x.OnBehalfOf,
                x.Language, x.Text, x.Link, x.RecordedByChair, x.DeliveredAt));
    }

    /// <summary>The standing positions of the other stakeholder groups (withdrawn ones are not listed; the log has them).</summary>
    public static IEnumerable<PositionRow> Positions(OpenDataSource s)
    {
        var points = s.Points.ToDictionary(p => p.Id);
        return (s.Positions ?? []).Where(p => p.Active && points.ContainsKey(p.ActionPointId))
            .OrderBy(p => points[p.ActionPointId].Number).ThenBy(p => p.StakeholderGroup).ThenBy(p => p.StakeholderName, StringComparer.Ordinal)
            .Select(p => new PositionRow(p.ActionPointId, points[p.ActionPointId].Number, p.StakeholderId, p.StakeholderName, Camel(p.StakeholderGroup),
                p.ForVersion, p.ForVersion == points[p.ActionPointId].Current.Number, Camel(p.Stance), p.Reason));
    }

    /// <summary>The published replies under inputs and amendments, in the order posted (pending, rejected and hidden ones never appear).</summary>
    public static IEnumerable<ReplyRow> Replies(OpenDataSource s)
    {
        var numbers = s.Points.ToDictionary(p => p.Id, p => p.Number);
        return (s.PublishedReplies ?? []).Where(r => r.Status == ConsultationPlatform.Replies.ReplyStatus.Published)
            .OrderBy(r => r.PostedAt).ThenBy(r => r.Id)
            .Select(r => new ReplyRow(r.Id, Camel(r.ParentKind), r.ParentId, r.ActionPointId,
                r.ActionPointId is { } point && numbers.TryGetValue(point, out var number) ? number : null, r.InReplyTo, r.BodyMarkdown, r.Language,
                r.Author.OrganisationId, r.Author.OrganisationName, Camel(r.Author.OrganisationGroup), r.PostedAt, r.PublishedAt));
    }

    private static string? Organisations(IEnumerable<Sponsor>? sponsors) =>
        sponsors is null || !sponsors.Any() ? null : string.Join("; ", sponsors.Select(x => x.OrganisationName));

    private static string Camel<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}

/// <summary>Reads the public documents of a consultation for the datasets.</summary>
public static class OpenDataReads
{
    public static async Task<OpenDataSource?> Load(IQuerySession session, Guid consultationId, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var consultation = batch.Load<Consultation>(consultationId);
        var points = batch.Query<ActionPoint>().Where(p => p.ConsultationId == consultationId).ToList();
        var amendments = batch.Query<Amendment>().Where(a => a.ConsultationId == consultationId).ToList();
        var endorsements = batch.Query<Endorsement>().Where(e => e.ConsultationId == consultationId && e.Active).ToList();
        var inputs = batch.Query<Submission>().Where(s => s.ConsultationId == consultationId && s.Status == SubmissionStatus.Published).ToList();
        var accreditations = batch.Query<Accreditation>().Where(a => a.ConsultationId == consultationId
            && (a.Status == AccreditationStatus.Granted || a.Status == AccreditationStatus.Withdrawn)).ToList();
        var sessions = batch.Query<LiveSessions.Session>().Where(x => x.ConsultationId == consultationId).ToList();
        var positions = batch.Query<Positions.Position>().Where(p => p.ConsultationId == consultationId && p.Active).ToList();
        var replies = batch.Query<Replies.Reply>().Where(r => r.ConsultationId == consultationId && r.Status == ConsultationPlatform.Replies.ReplyStatus.Published).ToList();
        await batch.Execute(ct);
        return await consultation is { } found
            ? new OpenDataSource(found, await points, await amendments, await endorsements, await inputs, await accreditations,
                await Outcome.Sessions.PublicStatements.Of(session, consultationId, ct), await sessions, await positions, await replies)
            : null;
    }
}
