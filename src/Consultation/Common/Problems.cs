namespace ConsultationPlatform.Common;

/// <summary>RFC 9457 problem details for the decisions of the domain; <see cref="None"/> lets the request through.</summary>
public static class Problems
{
    public static ProblemDetails None => WolverineContinue.NoProblems;

    public static bool IsNone(this ProblemDetails problem) => ReferenceEquals(problem, WolverineContinue.NoProblems);

    public static ProblemDetails Invalid(params (string Field, string Message)[] errors)
    {
        var dictionary = errors.GroupBy(e => e.Field)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
        return new ValidationProblemDetails(dictionary)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is not valid",
            Type = "https://consultation.dev/problems/validation",
            Detail = string.Join(" ", errors.Select(e => e.Message)),
        };
    }

    public static ProblemDetails Conflict(string title, string detail, string type = "conflict",
        IDictionary<string, object?>? extensions = null) =>
        With(new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict, Title = title, Detail = detail,
            Type = "https://consultation.dev/problems/" + type,
        }, extensions);

    public static ProblemDetails Forbidden(string detail, string type = "forbidden") => new()
    {
        Status = StatusCodes.Status403Forbidden,
        Title = "Your role does not allow this",
        Detail = detail,
        Type = "https://consultation.dev/problems/" + type,
    };

    public static ProblemDetails Unauthenticated() => new()
    {
        Status = StatusCodes.Status401Unauthorized,
        Title = "Sign in first",
        Detail = "This needs a signed-in person.",
        Type = "https://consultation.dev/problems/unauthenticated",
    };

    public static ProblemDetails NotFound(string type, string title, string detail) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = title,
        Detail = detail,
        Type = "https://consultation.dev/problems/" + type,
    };

    public static ProblemDetails Gone(string type, string title, string detail) => new()
    {
        Status = StatusCodes.Status410Gone,
        Title = title,
        Detail = detail,
        Type = "https://consultation.dev/problems/" + type,
    };

    public static ProblemDetails NotFound(string what, object id) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = $"No such {what}",
        Detail = $"There is no {what} with id {id}.",
        Type = "https://consultation.dev/problems/not-found",
    };

    private static ProblemDetails With(ProblemDetails problem, IDictionary<string, object?>? extensions)
    {
        if (extensions is null) return problem;
        foreach (var (key, value) in extensions) problem.Extensions[key] = value;
        return problem;
    }
}
