using System.Globalization;
using ConsultationPlatform.Amendments;
using ConsultationPlatform.Consultations;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Localization;

namespace ConsultationPlatform.Web;

/// <summary>Addresses and labels the pages share.</summary>
public static class PageLinks
{
    public static string Home => "/";
    public static string Board(Guid consultationId) => $"/consultations/{consultationId}";
    public static string History(Guid consultationId) => $"/consultations/{consultationId}/history";
    public static string WholeDialogueInputs(Guid consultationId) => $"/consultations/{consultationId}/inputs";
    public static string ActionPoint(Guid actionPointId) => $"/action-points/{actionPointId}";
    public static string Moderation => "/moderation";
    public static string Console(Guid consultationId) => $"/moderation/{consultationId}";
    public static string Organisations(Guid consultationId) => $"/moderation/{consultationId}/organisations";
    public static string Accreditations(Guid consultationId) => $"/moderation/{consultationId}/accreditations";
    public static string Rules(Guid consultationId) => $"/moderation/{consultationId}/rules";
    public static string PhaseEnd(Guid consultationId) => $"/moderation/{consultationId}/phase-end";
    public static string Accreditation(Guid consultationId) => $"/consultations/{consultationId}/accreditation";
    public static string MyItems => "/account/items";
    public static string Rebase(Guid amendmentId) => $"/amendments/{amendmentId}/rebase";
    public static string Session(Guid sessionId) => $"/sessions/{sessionId}";
    public static string ScheduleSession(Guid consultationId) => $"/consultations/{consultationId}/sessions/new";
    public static string SignIn(string returnUrl) => $"/account/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}";

    /// <summary>
    /// The sign-in link of the page being shown: back to this page after signing in; on the sign-in page itself, the
    /// same sign-in with the address it already returns to (not a return to the sign-in page, which would nest).
    /// </summary>
    public static string SignInFrom(HttpRequest request)
    {
        if (!request.Path.Equals("/account/sign-in", StringComparison.OrdinalIgnoreCase))
            return SignIn(request.Path + request.QueryString);
        var returnUrl = request.Query["returnUrl"].ToString();
        return returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? SignIn(returnUrl) : "/account/sign-in";
    }

    /// <summary>The language's name in itself, as a language switch shows it.</summary>
    public static string LanguageName(string language)
    {
        var name = new CultureInfo(language).NativeName;
        return name.Length == 0 ? language : char.ToUpper(name[0], new CultureInfo(language)) + name[1..];
    }

    /// <summary>
    /// The address of this page in another language: the same path and query, with <c>lang</c> replaced (and without
    /// the <c>handler</c> of a refused form, which names a form post, not a page).
    /// </summary>
    public static string WithLanguage(HttpRequest request, string language)
    {
        var query = new QueryBuilder(request.Query
            .Where(q => q.Key != WebFront.LanguageParameter && q.Key != "handler")
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))))
        {
            { WebFront.LanguageParameter, language },
        };
        return request.PathBase + request.Path + query.ToQueryString();
    }

    public static string Phase(IStringLocalizer t, ConsultationPhase phase) => t[$"Phase_{phase}"];
    public static string PhaseHelp(IStringLocalizer t, ConsultationPhase phase) => t[$"PhaseHelp_{phase}"];
    public static string Group(IStringLocalizer t, StakeholderGroup group) => t[$"Group_{group}"];
    public static string AmendmentStatus(IStringLocalizer t, AmendmentStatus status) => t[$"Amendment_{status}"];

    /// <summary>What a change of the history is, in the reader's language: a label by event type, or the type's own words.</summary>
    public static string Change(IStringLocalizer t, string type)
    {
        var key = "Change_" + string.Concat(type.Split('_', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        var label = t[key];
        return label.ResourceNotFound ? type.Replace('_', ' ') : label.Value;
    }

    /// <summary>A date in the reader's language.</summary>
    public static string Date(DateOnly date) => date.ToString("D", CultureInfo.CurrentCulture);

    /// <summary>A moment, in UTC, as the reader's language writes dates, with the time.</summary>
    public static string Date(DateTimeOffset? at) => at is { } a
        ? $"{a.UtcDateTime.ToString("D", CultureInfo.CurrentCulture)}, {a.UtcDateTime.ToString("HH:mm", CultureInfo.CurrentCulture)} UTC"
        : "";

    public static string Number(int n) => n.ToString("N0", CultureInfo.CurrentCulture);
}
