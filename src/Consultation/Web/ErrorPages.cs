using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using ConsultationPlatform.Web.Resources;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ConsultationPlatform.Web;

/// <summary>
/// A browser that asks for a page (<c>Accept: text/html</c>) outside the API gets its errors as a page: an unknown
/// address is a 404 page with the document's language and a title, in the reader's language (EN/FR/ES), not
/// <c>application/problem+json</c>. API clients, and anything under <c>/api</c> or <c>/hubs</c>, keep problem details.
/// It is a problem details writer placed before the JSON one, so every error the status code pages or the exception
/// handler answer goes through it.
/// </summary>
public sealed class HtmlProblemPageWriter(IStringLocalizer<SharedResource> t) : IProblemDetailsWriter
{
    public static IServiceCollection AddHtmlErrorPages(IServiceCollection services)
    {
        // Writers are tried in the order registered: this one before the JSON writer of AddProblemDetails.
        services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, HtmlProblemPageWriter>());
        return services;
    }

    public bool CanWrite(ProblemDetailsContext context)
    {
        var request = context.HttpContext.Request;
        if (request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs")) return false;
        var accept = request.GetTypedHeaders().Accept;
        return accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
    }

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        // The language the localization middleware chose for the request (its culture does not flow back out here).
        var culture = http.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture ?? new CultureInfo(WebFront.Languages[0]);
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            var status = http.Response.StatusCode;
            var notFound = status == StatusCodes.Status404NotFound;
            var title = notFound ? t["PageNotFoundTitle"].Value : t["ErrorPageTitle"].Value;
            var text = notFound ? t["PageNotFoundText"].Value : t["ErrorPageText"].Value;
            if (status == StatusCodes.Status429TooManyRequests) // rate limits: Infrastructure/RateLimiting/RateLimits.cs
                (title, text) = (t["ProblemTitle_tooManyRequests"].Value,
                    t["ProblemDetail_tooManyRequests", context.ProblemDetails.Extensions.TryGetValue("retryAfter", out var seconds) ? seconds ?? 1 : 1].Value);
            var html = HtmlEncoder.Default;
            var lang = culture.TwoLetterISOLanguageName;
            var page = new StringBuilder()
                .Append("<!DOCTYPE html>\n<html lang=\"").Append(html.Encode(lang)).Append("\" dir=\"")
                .Append(culture.TextInfo.IsRightToLeft ? "rtl" : "ltr").Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .Append("<title>").Append(html.Encode(title)).Append(" — ").Append(html.Encode(t["SiteName"].Value)).Append("</title>\n")
                .Append("<link rel=\"stylesheet\" href=\"/css/site.css\">\n</head>\n<body>\n")
                .Append("<main id=\"main\" class=\"wrap\">\n<h1>").Append(html.Encode(title)).Append("</h1>\n")
                .Append("<p>").Append(html.Encode(text)).Append("</p>\n")
                .Append("<p><a href=\"/\">").Append(html.Encode(t["PageNotFoundHome"].Value)).Append("</a></p>\n")
                .Append("</main>\n</body>\n</html>\n");
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(page.ToString(), http.RequestAborted);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
