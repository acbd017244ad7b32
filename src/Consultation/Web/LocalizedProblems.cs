using System.Globalization;
using System.Text.RegularExpressions;
using ConsultationPlatform.Web.Resources;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ConsultationPlatform.Web;

/// <summary>
/// Problem details in the language of the request (<c>Accept-Language</c>, or <c>?lang=</c> / the language cookie, as
/// for the pages). Every problem the platform writes goes through ASP.NET Core's problem-details service (the
/// endpoints' <c>Results.Problem</c>, Wolverine's validation problems, the status-code pages), which calls this. For a
/// culture other than English it translates the <c>title</c> of the platform's common problems (validation, not found,
/// forbidden, sign in first; and the conflicts written without a title of the platform's own, such as a concurrent
/// change), the <c>detail</c> of "not found" (the kind of item translated, the id kept) and of "sign in first", and sets
/// <c>Content-Language</c>. The messages by field of a validation problem and the details written by the decision
/// functions stay English; the problem's <c>type</c> is the same in every language, for programs to read.
/// </summary>
public static partial class LocalizedProblems
{
    private const string OurTypes = "https://consultation.dev/problems/";

    public static IServiceCollection AddLocalizedProblems(this IServiceCollection services)
    {
        services.AddOptions<ProblemDetailsOptions>().Configure<IStringLocalizerFactory>((options, factory) =>
        {
            var localizer = factory.Create(typeof(SharedResource));
            var before = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                before?.Invoke(context);
                var culture = context.HttpContext.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture ?? CultureInfo.CurrentUICulture;
                if (culture.TwoLetterISOLanguageName == "en") return;
                var previous = CultureInfo.CurrentUICulture;
                CultureInfo.CurrentUICulture = culture;
                try
                {
                    if (Translate(context.ProblemDetails, localizer))
                        context.HttpContext.Response.Headers.ContentLanguage = culture.Name;
                }
                finally
                {
                    CultureInfo.CurrentUICulture = previous;
                }
            };
        });
        return services;
    }

    [GeneratedRegex(@"^There is no (?<what>.+?) with id (?<id>.+)\.$")]
    private static partial Regex NotFoundDetail();

    private static readonly Dictionary<string, string> Nouns = new()
    {
        ["consultation"] = "consultation",
        ["action point"] = "actionPoint",
        ["amendment"] = "amendment",
        ["submission"] = "submission",
        ["endorsement"] = "endorsement",
        ["organisation"] = "organisation",
        ["account"] = "account",
        ["accreditation of organisation"] = "accreditation",
        ["accreditation request of organisation"] = "accreditation",
    };

    /// <summary>Translates the problem in place into the current UI culture; false when it is not one the platform translates.</summary>
    public static bool Translate(ProblemDetails problem, IStringLocalizer t)
    {
        var type = problem.Type ?? "";
        var ours = type.StartsWith(OurTypes, StringComparison.Ordinal);
        var name = ours ? type[OurTypes.Length..] : "";
        string? kind = (name, problem.Status) switch
        {
            ("validation", _) => "validation",
            ("not-found", _) => "notFound",
            ("forbidden", _) => "forbidden",
            ("unauthenticated", _) => "unauthenticated",
            ("concurrent-change", _) => "conflict",
            ("too-many-requests", _) => "tooManyRequests",
            (_, 400) when !ours => "validation",
            (_, 401) when !ours => "unauthenticated",
            (_, 403) when !ours => "forbidden",
            (_, 404) when !ours => "notFound",
            (_, 409) when !ours => "conflict",
            _ => null,
        };
        if (kind is null) return false;

        problem.Title = t[$"ProblemTitle_{kind}"].Value;
        if (kind == "unauthenticated") problem.Detail = t["ProblemDetail_unauthenticated"].Value;
        else if (kind == "tooManyRequests") problem.Detail = t["ProblemDetail_tooManyRequests", problem.Extensions.TryGetValue("retryAfter", out var seconds) ? seconds ?? 1 : 1].Value;
        else if (kind == "notFound" && problem.Detail is { } detail && NotFoundDetail().Match(detail) is { Success: true } match
                 && Nouns.TryGetValue(match.Groups["what"].Value, out var noun))
            problem.Detail = t["ProblemDetail_notFound", t[$"ProblemNoun_{noun}"].Value, match.Groups["id"].Value].Value;
        return true;
    }
}
