using System.Text.Json;
using ConsultationPlatform.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ConsultationPlatform.Tests.Consultations;

[Collection(PlatformCollection.Name)]
public class OpenApiTests(AppFixture app)
{
    [Fact]
    public async Task every_api_endpoint_is_in_the_openapi_document_with_its_method()
    {
        using var document = JsonDocument.Parse(await app.Http.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        var api = app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/"))
            // The interactive API reference (Hosting/Operations.cs) is the document's reader, not an endpoint of the API.
            .Where(e => !e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/reference"))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (Method: m.ToLowerInvariant(), Path: "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .ToList();

        Assert.True(api.Count > 40, $"only {api.Count} API endpoints found");
        var missing = api.Where(e => !paths.TryGetProperty(e.Path, out var item) || !item.TryGetProperty(e.Method, out _))
            .Select(e => $"{e.Method} {e.Path}").ToList();
        Assert.True(missing.Count == 0, "Not in /openapi/v1.json: " + string.Join(", ", missing));
    }
}
