using System.Text.Json;
using ConsultationPlatform.Endorsements;

namespace ConsultationPlatform.Consultations;

/// <summary>
/// How endorsements are counted, in one place: the active endorsements of a point, grouped by stakeholder group and
/// endorsed version, with how many of them carry a reservation (<see cref="TallyRow"/>); a point's tally is made of
/// those rows only (<see cref="Board.Tally(ActionPoints.ActionPoint, IEnumerable{TallyRow})"/>). The rows are counted in
/// memory (<see cref="Rows"/>: the board, a point's page, the live push) or by PostgreSQL (<see cref="RowsSql"/>: a few
/// points' entries without bringing their endorsements back), by the same rule; a test holds the two equal on the same data.
/// </summary>
public static class EndorsementCounting
{
    /// <summary>The rows of the active endorsements among <paramref name="endorsements"/> (of one point or several).</summary>
    public static IReadOnlyList<TallyRow> Rows(IEnumerable<Endorsement> endorsements) =>
        endorsements.Where(e => e.Active)
            .GroupBy(e => (e.ActionPointId, e.StakeholderGroup, e.ForVersion))
            .Select(g => new TallyRow(g.Key.ActionPointId, g.Key.StakeholderGroup, g.Key.ForVersion, g.Count(), g.Count(e => e.Reservation is not null)))
            .ToList();

    // The endorsement document's fields as the store writes them (camelCase, as the rest of the JSON).
    private static string Field(string property) => JsonNamingPolicy.CamelCase.ConvertName(property);

    private static readonly string PointField = Field(nameof(Endorsement.ActionPointId));
    private static readonly string GroupField = Field(nameof(Endorsement.StakeholderGroup));
    private static readonly string VersionField = Field(nameof(Endorsement.ForVersion));
    private static readonly string ReservationField = Field(nameof(Endorsement.Reservation));
    private static readonly string ActiveField = Field(nameof(Endorsement.Active));

    /// <summary>
    /// <see cref="Rows"/> as SQL over the endorsement documents in <paramref name="table"/>, one JSON
    /// <see cref="TallyRow"/> per row, for the points in its one parameter (a uuid array).
    /// </summary>
    public static string RowsSql(string table) =>
        $"""
         select json_build_object(
             '{Field(nameof(TallyRow.ActionPointId))}', data ->> '{PointField}', '{Field(nameof(TallyRow.Group))}', data ->> '{GroupField}',
             '{Field(nameof(TallyRow.ForVersion))}', (data ->> '{VersionField}')::int, '{Field(nameof(TallyRow.Count))}', count(*),
             '{Field(nameof(TallyRow.WithReservation))}', count(data ->> '{ReservationField}'))
         from {table}
         where CAST(data ->> '{PointField}' as uuid) = ANY(?) and (data ->> '{ActiveField}')::boolean
         group by data ->> '{PointField}', data ->> '{GroupField}', (data ->> '{VersionField}')::int
         """;
}
