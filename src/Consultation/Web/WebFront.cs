using System.Globalization;
using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.WebEncoders;

namespace ConsultationPlatform.Web;

/// <summary>
/// The web front: server-rendered Razor Pages (in Web/Pages) in English, French and Spanish, static assets from
/// wwwroot (fingerprinted and cached by <c>MapStaticAssets</c>), compressed responses and the security headers.
/// </summary>
public static class WebFront
{
    /// <summary>
    /// The interface languages, the six official languages of the United Nations; the first is the default. Adding one is
    /// a resource file and a line here. Chinese is <c>zh-Hans</c> (Simplified, the script of UN documents): the
    /// request culture falls back from a specific culture to its parents, and in .NET <c>zh-CN</c> and <c>zh-SG</c> have
    /// <c>zh-Hans</c> as parent, so browsers asking for them get it (while <c>zh-TW</c>, whose parent is <c>zh-Hant</c>, is not
    /// given Simplified characters); and <c>lang="zh-Hans"</c> lets the browser choose a Simplified Chinese font.
    /// </summary>
    public static readonly string[] Languages = ["en", "fr", "es", "ar", "zh-Hans", "ru"];

    /// <summary>The query parameter that chooses the language (<c>?lang=fr</c>); the choice is remembered in <see cref="LanguageCookie"/>.</summary>
    public const string LanguageParameter = "lang";

    public const string LanguageCookie = "consultation.lang";

    /// <summary>No inline script or style anywhere: scripts and styles come from the platform's own static files.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplicationBuilder AddWebFront(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddLocalization();
        services.AddLocalizedProblems(); // problem details in the request's language: Web/LocalizedProblems.cs
        // Text in any script is written as it is, not as character references (lighter, and readable in the source).
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorPages(o => o.RootDirectory = "/Web/Pages");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Languages.Select(l => new CultureInfo(l)).ToList();
            o.DefaultRequestCulture = new RequestCulture(Languages[0]);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { QueryStringKey = LanguageParameter, UIQueryStringKey = LanguageParameter },
                new CookieRequestCultureProvider { CookieName = LanguageCookie },
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        services.AddResponseCompression(o =>
        {
            // Antiforgery request tokens are freshly encrypted for each response, so compressing over HTTPS leaks nothing stable.
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "consultation.antiforgery";
            o.FormFieldName = "__RequestVerificationToken";
            // Framing is refused by the CSP (frame-ancestors 'none') and by X-Frame-Options: DENY below, on every
            // response; antiforgery's own SAMEORIGIN would contradict them on pages with a form.
            o.SuppressXFrameOptionsHeader = true;
        });
        HtmlProblemPageWriter.AddHtmlErrorPages(services);

        // Outside Development (where the host does it already) an unpublished build still finds its static web assets
        // (wwwroot, and the SignalR client the build copied) through the build's manifest; a published app has them beside it.
        // Such a build caches them as a published app does; only Development revalidates every time, for editing.
        if (!builder.Environment.IsDevelopment()
            && File.Exists(Path.Combine(AppContext.BaseDirectory, $"{builder.Environment.ApplicationName}.staticwebassets.runtime.json")))
        {
            builder.WebHost.UseStaticWebAssets();
            builder.Configuration["EnableStaticAssetsDevelopmentCaching"] ??= "true";
        }
        return builder;
    }

    /// <summary>Compression, security headers and the language of the request; before authentication and the endpoints.</summary>
    public static WebApplication UseWebFront(this WebApplication app)
    {
        app.UseResponseCompression();
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.TryAdd("Content-Security-Policy", ContentSecurityPolicy);
                headers.TryAdd("X-Content-Type-Options", "nosniff");
                headers.TryAdd("X-Frame-Options", "DENY");
                headers.TryAdd("Referrer-Policy", "same-origin");
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseRequestLocalization();
        app.Use((context, next) =>
        {
            // A language chosen with ?lang= is remembered.
            if (context.Request.Query.TryGetValue(LanguageParameter, out var lang) && Languages.Contains(lang.ToString()))
                context.Response.Cookies.Append(LanguageCookie,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(lang.ToString())),
                    new CookieOptions
                    {
                        MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true,
                        Secure = context.Request.IsHttps, Path = "/",
                    });
            return next(context);
        });
        return app;
    }

    public static WebApplication MapWebFront(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        return app;
    }
}
