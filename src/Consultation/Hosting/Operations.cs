using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace ConsultationPlatform.Hosting;

/// <summary>
/// What an operator of N nodes reads (docs/operations.md):
/// <list type="bullet">
/// <item>OpenTelemetry traces and metrics from ASP.NET Core (and SignalR's connections), Npgsql, Marten, Wolverine,
/// the .NET runtime and the platform's own meter (<see cref="PlatformMetrics"/>). Exported over OTLP when
/// <c>OpenTelemetry:OtlpEndpoint</c> (or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>) is set; a Prometheus
/// scrape endpoint at <c>/metrics</c> when <c>OpenTelemetry:Prometheus</c> is true. With neither, nothing is
/// collected or exported.</item>
/// <item>The interactive API reference (Scalar, served from the package itself: no CDN) at <see cref="ReferencePath"/>,
/// read from <c>/openapi/v1.json</c>.</item>
/// </list>
/// </summary>
public static class Operations
{
    public const string ReferencePath = "/api/reference";

    /// <summary>
    /// The reference page is a script application with inline configuration and styles: it gets a policy of its own,
    /// on its own path only; every other page keeps the strict one (Web/WebFront.cs).
    /// </summary>
    public const string ReferenceContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static string? OtlpEndpoint(IConfiguration config) =>
        config["OpenTelemetry:OtlpEndpoint"] is { Length: > 0 } endpoint ? endpoint
        : config["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } standard ? standard : null;

    public static bool PrometheusScrape(IConfiguration config) => config.GetValue("OpenTelemetry:Prometheus", false);

    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var otlp = OtlpEndpoint(config);
        var prometheus = PrometheusScrape(config);
        if (otlp is null && !prometheus) return builder;

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(config["OpenTelemetry:ServiceName"] ?? "consultation",
                serviceInstanceId: config["OpenTelemetry:ServiceInstanceId"] ?? Environment.MachineName))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    // SignalR's connections (per node), Npgsql's pool and commands, Marten, Wolverine, and ours.
                    .AddMeter("Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.Server.Kestrel", "Npgsql", "Marten", "Wolverine",
                        PlatformMetrics.MeterName);
                if (otlp is not null) metrics.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
                if (prometheus) metrics.AddPrometheusExporter();
            });
        if (otlp is not null)
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddNpgsql()
                .AddSource("Marten", "Wolverine")
                .AddOtlpExporter(o => o.Endpoint = new Uri(otlp)));
        return builder;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        if (PrometheusScrape(app.Configuration)) app.MapPrometheusScrapingEndpoint("/metrics");
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(ReferencePath))
                context.Response.Headers.ContentSecurityPolicy = ReferenceContentSecurityPolicy;
            return next(context);
        });
        app.MapScalarApiReference(ReferencePath, o => o
            .WithTitle("Consultation API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts()
            .DisableTelemetry());
        return app;
    }
}
