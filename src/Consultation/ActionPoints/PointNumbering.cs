using Marten.Schema;

namespace ConsultationPlatform.ActionPoints;

/// <summary>
/// An action point's number is unique in its consultation, in the store itself: a point is numbered after the last
/// one read (tabled in preparation, or added by an accepted amendment), and two of them decided at the same instant
/// would read the same last number. The unique index on the points' documents (written in the same transaction as
/// the events, inline) refuses the second; it is answered 409 (<see cref="IsCollision"/>), and tried again it reads
/// the first one's number and takes the next. Points taken out of the text keep their numbers, so a number is never
/// given twice.
/// </summary>
public static class PointNumbering
{
    public const string IndexName = "uidx_action_point_number";

    public static void ConfigurePointNumbering(this StoreOptions opts) =>
        opts.Schema.For<ActionPoint>().UniqueIndex(UniqueIndexType.Computed, IndexName, x => x.ConsultationId, x => x.Number);

    /// <summary>Whether a failed write is that refusal: a point numbered like another of its consultation.</summary>
    public static bool IsCollision(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } postgres
                && postgres.ConstraintName?.Contains(IndexName, StringComparison.Ordinal) == true)
                return true;
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsCollision)) return true;
        }

        return false;
    }
}
