using ConsultationPlatform.Consultations;

namespace ConsultationPlatform.Outcome.TimeTravel;

/// <summary>
/// The past answers of the board, point and consensus endpoints (<c>?position=N</c> or <c>?at=TIME</c>): the same body
/// as today's, built from the events up to that position, with the position in the <c>As-Of-Position</c> header.
/// </summary>
public static class PastEndpoints
{
    public const string PositionHeader = "As-Of-Position";

    public static Task<IResult> Board(Guid id, Moment moment, IQuerySession session, HttpContext http, CancellationToken ct) =>
        Answer(id, moment, session, http, ct, past => Results.Ok(past.Board()));

    public static Task<IResult> Consensus(Guid id, Moment moment, IQuerySession session, HttpContext http, CancellationToken ct) =>
        Answer(id, moment, session, http, ct, past => Results.Ok(past.Consensus()));

    public static async Task<IResult> Point(Guid actionPointId, Moment moment, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        var problem = moment.Check();
        if (!problem.IsNone()) return Results.Problem(problem);
        var point = await session.LoadAsync<ActionPoints.ActionPoint>(actionPointId, ct);
        if (point is null) return Results.Problem(Problems.NotFound("action point", actionPointId));
        var position = await PastReads.Resolve(session, moment, ct);
        var details = (await PastReads.Load(session, point.ConsultationId, position, ct))?.Point(actionPointId);
        if (details is null) return Results.Problem(NotYet("action point", actionPointId, position));
        http.Response.Headers[PositionHeader] = position.ToString();
        return Results.Ok(details);
    }

    private static async Task<IResult> Answer(Guid id, Moment moment, IQuerySession session, HttpContext http, CancellationToken ct,
        Func<PastState, IResult> view)
    {
        var problem = moment.Check();
        if (!problem.IsNone()) return Results.Problem(problem);
        if (await session.LoadAsync<Consultation>(id, ct) is null) return Results.Problem(Problems.NotFound("consultation", id));
        var position = await PastReads.Resolve(session, moment, ct);
        var past = await PastReads.Load(session, id, position, ct);
        if (past is null) return Results.Problem(NotYet("consultation", id, position));
        http.Response.Headers[PositionHeader] = position.ToString();
        return view(past);
    }

    /// <summary>It exists now, but did not yet at that moment: nothing to show there (404, saying so).</summary>
    private static Microsoft.AspNetCore.Mvc.ProblemDetails NotYet(string what, Guid id, long position)
    {
        var problem = Problems.NotFound(what, id);
        problem.Detail = $"The {what} {id} did not exist yet at position {position}.";
        return problem;
    }
}
