namespace ConsultationPlatform.Common;

/// <summary>
/// The RFC 9457 problems (<c>application/problem+json</c>) an endpoint may answer with, for its OpenAPI description:
/// one attribute for what was a <c>[ProducesResponseType&lt;ProblemDetails&gt;]</c> per status. Read by the endpoint
/// policy in <c>Hosting/ConsultationApp.cs</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProblemResponsesAttribute(params int[] statusCodes) : Attribute
{
    public IReadOnlyList<int> StatusCodes { get; } = statusCodes;
}
