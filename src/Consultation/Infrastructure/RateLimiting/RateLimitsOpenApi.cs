using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace ConsultationPlatform.Infrastructure.RateLimiting;

/// <summary>
/// The API description says that every operation may answer 429 (a problem, with <c>Retry-After</c>): any request to
/// the API by no one signed in is counted, and every write, whoever makes it (<see cref="RateLimits"/>).
/// </summary>
internal static class RateLimitsOpenApi
{
    public static IServiceCollection DescribeTooManyRequests(this IServiceCollection services, string documentName = "v1") =>
        services.Configure<OpenApiOptions>(documentName, o => o.AddOperationTransformer((operation, context, _) =>
        {
            operation.Responses ??= new OpenApiResponses();
            if (operation.Responses.ContainsKey("429")) return Task.CompletedTask;
            operation.Responses["429"] = new OpenApiResponse
            {
                Description = "Too many requests: over a rate limit. Nothing was done; retry after the seconds in Retry-After.",
                Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader
                    {
                        Description = "Seconds to wait before trying again.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                    },
                },
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
                },
            };
            return Task.CompletedTask;
        }));
}
