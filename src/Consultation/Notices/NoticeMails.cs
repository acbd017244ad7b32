using System.Text;
using ConsultationPlatform.Accounts;
using ConsultationPlatform.Infrastructure.Email;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace ConsultationPlatform.Notices;

/// <summary>
/// The notice mails: one notice at once, or the day's digest; each with one-click unsubscribe (RFC 8058): the
/// <c>List-Unsubscribe</c> header names a signed link (no session needed: the link itself says whose mails stop), and
/// <c>List-Unsubscribe-Post: List-Unsubscribe=One-Click</c> lets the mail program POST to it. The link opened in a
/// browser (GET) shows a page that asks first.
/// </summary>
public sealed class NoticeMails(IDataProtectionProvider protection, IOptions<AccountSettings> accounts)
{
    public const string UnsubscribePath = "/account/notices/unsubscribe";
    private const string Purpose = "ConsultationPlatform.Notices.Unsubscribe.v1";

    private IDataProtector Protector => protection.CreateProtector(Purpose);

    private string PublicUrl => accounts.Value.PublicUrl.TrimEnd('/');

    /// <summary>The signed token of a person's unsubscribe link.</summary>
    public string TokenFor(Guid personId) => WebEncoders.Base64UrlEncode(Protector.Protect(Encoding.UTF8.GetBytes(personId.ToString("N"))));

    /// <summary>Whose link this is, or null when the token is not one of ours (forged, cut, or from another key ring).</summary>
    public Guid? PersonOf(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 2048) return null;
        try
        {
            var bytes = Protector.Unprotect(WebEncoders.Base64UrlDecode(token.Trim()));
            return Guid.TryParseExact(Encoding.UTF8.GetString(bytes), "N", out var person) ? person : null;
        }
        catch (Exception ex) when (ex is FormatException or System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public string UnsubscribeLink(Guid personId) => $"{PublicUrl}{UnsubscribePath}?token={Uri.EscapeDataString(TokenFor(personId))}";

    private static Dictionary<string, string> Headers(string unsubscribe) => new()
    {
        ["List-Unsubscribe"] = $"<{unsubscribe}>",
        ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
    };

    private string Absolute(string? link) => link is null ? "" : link.StartsWith('/') ? PublicUrl + link : link;

    public EmailMessage Immediate(Account account, Notice notice)
    {
        var unsubscribe = UnsubscribeLink(account.Id);
        var text = $"""
            Dear {account.DisplayName},

            {notice.Text}
            {Absolute(notice.Link)}

            You receive this mail because you asked for notices by email. Choose what you hear about: {PublicUrl}/account/notices
            Stop these mails: {unsubscribe}
            """;
        return new EmailMessage(account.Email, account.DisplayName, "Consultation: " + Subject(notice), text, Headers: Headers(unsubscribe));
    }

    public EmailMessage Digest(Account account, IReadOnlyList<Notice> notices, DateOnly day)
    {
        var unsubscribe = UnsubscribeLink(account.Id);
        var text = new StringBuilder($"Dear {account.DisplayName},\n\nWhat happened on the Consultation platform ({notices.Count} notices, digest of {day:yyyy-MM-dd}):\n\n");
        foreach (var notice in notices.OrderBy(n => n.At))
        {
            text.Append("- ").Append(notice.Text).Append('\n');
            if (notice.Link is not null) text.Append("  ").Append(Absolute(notice.Link)).Append('\n');
        }

        text.Append($"\nChoose what you hear about: {PublicUrl}/account/notices\nStop these mails: {unsubscribe}\n");
        return new EmailMessage(account.Email, account.DisplayName, $"Consultation: your daily digest ({notices.Count} notices)", text.ToString(),
            Headers: Headers(unsubscribe));
    }

    private static string Subject(Notice notice) => notice.Kind switch
    {
        NoticeKind.Decision => "a decision on your contribution",
        NoticeKind.NewVersion => "a point you endorsed has a new version",
        NoticeKind.PhaseChange => "the phase changed",
        NoticeKind.Deadline => "a phase ends soon",
        _ => "a reply",
    };
}
