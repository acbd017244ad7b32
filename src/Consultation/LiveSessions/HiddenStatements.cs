using System.Text.Json;
using System.Text.Json.Nodes;
using ConsultationPlatform.Consultations.History;
using JasperFx.Events;

namespace ConsultationPlatform.LiveSessions;

/// <summary>
/// A hidden statement's text leaves the public history. The history (<see cref="ConsultationChange"/>) is what the
/// live push's catch-up, the audit view and the open data serve; once the chair hides a statement, the entries that
/// carried its text (delivered, approved) keep the fact (who, which item, when) and say that it was hidden and why,
/// without the text or the link. Run by the live push (LivePush/LiveViewsSubscription.cs) on each page of events, before the page
/// is stored and pushed: the entries of the same page are rewritten in memory, earlier ones in the store, in the same
/// transaction as the page.
/// </summary>
public static class HiddenStatements
{
    /// <summary>The history entries that carry a statement's text.</summary>
    public static readonly string[] CarryText = [EventCatalogue.NameOf<StatementDelivered>(), EventCatalogue.NameOf<StatementApproved>()];

    private static readonly string[] TextFields = ["text", "link"];

    /// <summary>An entry's event without the statement's text and link, marked hidden, with the reason (a pure function).</summary>
    public static JsonElement Redact(JsonElement data, string reason)
    {
        var node = JsonNode.Parse(data.GetRawText()) as JsonObject ?? new JsonObject();
        foreach (var field in TextFields) node.Remove(field);
        node["hidden"] = true;
        node["hiddenReason"] = reason;
        return JsonSerializer.SerializeToElement(node);
    }

    public static async Task RedactAsync(List<ConsultationChange> changes, IReadOnlyList<IEvent> events, IDocumentOperations operations, CancellationToken ct)
    {
        var hidden = new Dictionary<Guid, string>();
        foreach (var e in events)
            if (e.Data is StatementHidden h) hidden[h.StatementId] = h.Reason;
        if (hidden.Count == 0) return;

        foreach (var change in changes.Where(c => hidden.ContainsKey(c.StreamId) && CarryText.Contains(c.Type)))
            change.Data = Redact(change.Data, hidden[change.StreamId]);

        var ids = hidden.Keys.ToArray();
        var stored = await operations.Query<ConsultationChange>().Where(c => c.StreamId.IsOneOf(ids)).ToListAsync(ct);
        var inPage = changes.Select(c => c.Id).ToHashSet();
        var earlier = stored.Where(c => CarryText.Contains(c.Type) && !inPage.Contains(c.Id)).ToArray();
        foreach (var change in earlier) change.Data = Redact(change.Data, hidden[change.StreamId]);
        if (earlier.Length > 0) operations.Store(earlier);
    }
}
