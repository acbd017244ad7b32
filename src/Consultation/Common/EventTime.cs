using JasperFx.Events;

namespace ConsultationPlatform.Common;

/// <summary>
/// When an event happened, as the store keeps it: PostgreSQL holds microseconds, while an event being appended carries
/// the client's clock to a tenth of one. A document built inline at append time takes the time at the store's
/// precision, so that it is the same document a rebuild from the stored events gives (time travel, imports, replays).
/// </summary>
public static class EventTime
{
    public static DateTimeOffset? Of(IEvent e) =>
        e.Timestamp == default ? null : new DateTimeOffset(e.Timestamp.Ticks - e.Timestamp.Ticks % 10, e.Timestamp.Offset);
}
