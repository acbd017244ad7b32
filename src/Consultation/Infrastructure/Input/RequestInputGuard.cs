using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using ConsultationPlatform.Consultations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace ConsultationPlatform.Infrastructure.Input;

/// <summary>
/// The one gate every API request passes before its endpoint runs, so that bad input is a 4xx problem naming what is
/// wrong, on every route, old and new, and changes nothing:
/// <list type="bullet">
/// <item>an all-zero GUID as a path id is an unknown id: 404, like any other unknown id;</item>
/// <item>a request body is at most <see cref="DefaultBodyLimit"/> bytes, or what the endpoint declares with
/// <c>[RequestSizeLimit]</c> (<see cref="LongTextBodyLimit"/> where long texts are written): 413 beyond;</item>
/// <item>a JSON body must be well-formed, at most <see cref="MaxDepth"/> levels deep, and an object (not <c>null</c>,
/// an array, a string or a number): 400 naming <c>body</c>; a required body must be there;</item>
/// <item>every string in it follows the free-text rules (<see cref="FreeText"/>): a length for every field, no
/// control characters (PostgreSQL cannot store U+0000), no unbalanced or (in names) any bidirectional controls: 400
/// naming the field by its path (<c>dialogue.name</c>, <c>coChairs[1]</c>);</item>
/// <item>and every string reaches the endpoint in Unicode normal form C.</item>
/// </list>
/// What the endpoint cannot bind (a string where an id is expected) is answered by <see cref="BadRequestExceptionHandler"/>.
/// </summary>
public sealed class RequestInputGuard(RequestDelegate next)
{
    public const int DefaultBodyLimit = 64 * 1024;
    public const int LongTextBodyLimit = 256 * 1024;
    public const int MaxDepth = 16;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems, IOptions<JsonOptions> json)
    {
        var request = context.Request;
        var endpoint = context.GetEndpoint();
        if (endpoint is null || !request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }

        foreach (var (name, value) in request.RouteValues)
            if (value is string text && Guid.TryParse(text, out var id) && id == Guid.Empty)
            {
                await Write(context, problems, Problems.NotFound(WhatIsNamed(name), id));
                return;
            }

        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
        {
            await next(context);
            return;
        }

        var limit = endpoint.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? DefaultBodyLimit;
        if (request.ContentLength > limit)
        {
            await Drain(request.Body, context.RequestAborted);
            await Write(context, problems, TooLarge(limit));
            return;
        }

        if (!IsJson(request.ContentType))
        {
            // Not JSON (the endpoint will answer 415 if it wants JSON): the size limit still holds while it reads.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
            await next(context);
            return;
        }

        var body = await ReadAtMost(request.Body, limit, context.RequestAborted);
        if (body is null)
        {
            await Drain(request.Body, context.RequestAborted);
            await Write(context, problems, TooLarge(limit));
            return;
        }

        if (body.Length == 0)
        {
            if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>() is { IsOptional: false })
            {
                await Write(context, problems, Problems.Invalid(("body", "The request needs a JSON object as its body.")));
                return;
            }

            await next(context);
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException ex)
        {
            await Write(context, problems, Problems.Invalid(("body",
                $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}), or nests deeper than {MaxDepth} levels.")));
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                await Write(context, problems, Problems.Invalid(("body",
                    $"The body must be a JSON object ({{ … }}); it is {Describe(root.ValueKind)}.")));
                return;
            }

            var errors = new List<(string, string)>();
            var denormalised = false;
            Inspect(root, "", "", errors, ref denormalised);
            if (errors.Count > 0)
            {
                await Write(context, problems, Problems.Invalid(errors.ToArray()));
                return;
            }

            if (denormalised) body = Normalised(root);
        }

        // What the endpoint will bind the body to: a value of the wrong type (a word where an id is expected) is named here.
        if (endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is { } requestType && requestType != typeof(object))
        {
            try
            {
                JsonSerializer.Deserialize(body, requestType, json.Value.SerializerOptions);
            }
            catch (JsonException ex)
            {
                var field = ex.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "body";
                await Write(context, problems, Problems.Invalid((field, $"The value of {field} is not of the expected type.")));
                return;
            }
        }

        request.Body = new MemoryStream(body, writable: false);
        request.ContentLength = body.Length;
        await next(context);
    }

    /// <summary>Checks every string under <paramref name="element"/>; notes whether any is not in normal form C.</summary>
    private static void Inspect(JsonElement element, string path, string field, List<(string, string)> errors, ref bool denormalised)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Inspect(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", property.Name, errors, ref denormalised);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    Inspect(item, $"{path}[{index++}]", field, errors, ref denormalised);
                break;
            case JsonValueKind.String:
                var text = element.GetString()!;
                if (FreeText.Problem(path, text, FreeText.MaxLengthOf(field)) is { } problem) errors.Add((path, problem));
                else if (!ReferenceEquals(FreeText.Normalise(text), text)) denormalised = true;
                break;
        }
    }

    /// <summary>The body again, with every string in normal form C (numbers, literals and property names as they came).</summary>
    private static byte[] Normalised(JsonElement root)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output, WriterOptions)) Write(writer, root);
        return output.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) Write(writer, item);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(FreeText.Normalise(element.GetString()!));
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadAtMost(Stream body, long limit, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > limit) return null;
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Split(';')[0].Trim().EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "true or false",
    };

    /// <summary>"actionPointId" → "action point"; "id" → "resource".</summary>
    private static string WhatIsNamed(string routeValue)
    {
        var name = routeValue.EndsWith("Id", StringComparison.Ordinal) ? routeValue[..^2] : "";
        if (name.Length == 0) return "resource";
        return string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
    }

    /// <summary>The most of a refused body read (and dropped) before answering: a client still sending a body a little
    /// over the limit then reads the 413 instead of a connection closed under it; beyond that, the server closes it.</summary>
    public const int DrainLimit = 1024 * 1024;

    private static async Task Drain(Stream body, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        long read = 0;
        try
        {
            int n;
            while (read < DrainLimit && (n = await body.ReadAsync(buffer, ct)) > 0) read += n;
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException or OperationCanceledException)
        {
            // The client went away or the server's own limit stopped the read: the answer is written all the same.
        }
    }

    public static ProblemDetails TooLarge(long limit) => new()
    {
        Status = StatusCodes.Status413PayloadTooLarge,
        Title = "The request is too large",
        Detail = $"A request to this address is at most {limit / 1024} KiB.",
        Type = "https://consultation.dev/problems/too-large",
    };

    internal static async Task Write(HttpContext context, IProblemDetailsService problems, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}

/// <summary>
/// What the framework could not bind (a request the endpoint's parameters cannot be read from: a string where an id
/// is expected, a body too large for the server) as a problem with the status the framework chose (400, 413), naming
/// the field from the JSON path when there is one, instead of a 500.
/// </summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var bad = exception as BadHttpRequestException ?? exception.InnerException as BadHttpRequestException;
        var json = exception as JsonException ?? bad?.InnerException as JsonException;
        if (bad is null && json is null) return false;

        var status = bad?.StatusCode ?? StatusCodes.Status400BadRequest;
        if (status == StatusCodes.Status413PayloadTooLarge)
        {
            await RequestInputGuard.Write(context, problems, RequestInputGuard.TooLarge(
                context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? RequestInputGuard.DefaultBodyLimit));
            return true;
        }

        var field = json?.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "body";
        await RequestInputGuard.Write(context, problems, Problems.Invalid((field,
            json is null ? "The request could not be read." : $"The value of {field} is not of the expected type.")));
        return true;
    }
}

public static class RequestInputGuardWiring
{
    public static IServiceCollection AddRequestInputGuard(this IServiceCollection services)
    {
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Minimal API endpoints throw what they cannot bind, so that the handler above names the field (in every environment).
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static IApplicationBuilder UseRequestInputGuard(this IApplicationBuilder app) => app.UseMiddleware<RequestInputGuard>();
}
