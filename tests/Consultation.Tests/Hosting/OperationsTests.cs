using System.Net;
using ConsultationPlatform.Hosting;
using ConsultationPlatform.Tests.Support;
using ConsultationPlatform.Web;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace ConsultationPlatform.Tests.Hosting;

[Collection(PlatformCollection.Name)]
public class OperationsTests(AppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task the_api_reference_is_served_with_a_policy_of_its_own_and_the_pages_keep_the_strict_one()
    {
        var reference = await app.Http.GetAsync(Operations.ReferencePath, Ct);
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("openapi", await reference.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Operations.ReferenceContentSecurityPolicy, reference.Headers.GetValues("Content-Security-Policy").Single());

        var home = await app.Http.GetAsync("/", Ct);
        Assert.Equal(WebFront.ContentSecurityPolicy, home.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task with_no_exporter_configured_nothing_is_collected_or_exposed()
    {
        Assert.Null(app.App.Services.GetService<MeterProvider>());
        Assert.Equal(HttpStatusCode.NotFound, (await app.Http.GetAsync("/metrics", Ct)).StatusCode);
    }

    [Fact]
    public async Task readiness_includes_the_live_views_lag()
    {
        var ready = await app.Http.GetAsync("/health/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var check = new LiveViewsLagCheck(app.Store, app.App.Services.GetRequiredService<DatabaseSettings>(),
            app.App.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>());
        var result = await check.CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext(), Ct);
        Assert.True(result.Data.ContainsKey("seconds") && result.Data.ContainsKey("events"), result.Description);
    }
}
