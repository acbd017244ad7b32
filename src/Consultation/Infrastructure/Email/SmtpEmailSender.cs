using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ConsultationPlatform.Infrastructure.Email;

/// <summary>Settings under <c>Email</c>: the sender, and the SMTP server under <c>Email:Smtp</c>.</summary>
public sealed class EmailSettings
{
    public const string Section = "Email";

    /// <summary>The From address (required with SMTP).</summary>
    public string? From { get; set; }

    public string FromName { get; set; } = "Consultation";

    public SmtpSettings Smtp { get; set; } = new();

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);
}

public sealed class SmtpSettings
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;

    /// <summary>Auto (MailKit decides by port), StartTls, SslOnConnect, or None (only for a relay on the same host).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    public string? UserName { get; set; }
    public string? Password { get; set; }
}

/// <summary>Sends mail through an SMTP server with MailKit.</summary>
public sealed class SmtpEmailSender(IOptions<EmailSettings> options, ILogger<SmtpEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        var settings = options.Value;
        var mime = Compose(message, settings);
        using var client = new SmtpClient();
        await client.ConnectAsync(settings.Smtp.Host!, settings.Smtp.Port, settings.Smtp.Security, ct);
        if (!string.IsNullOrEmpty(settings.Smtp.UserName))
            await client.AuthenticateAsync(settings.Smtp.UserName, settings.Smtp.Password ?? "", ct);
        await client.SendAsync(mime, ct);
        await client.DisconnectAsync(quit: true, ct);
        logger.LogInformation("Mail sent to {To}: {Subject}", message.To, message.Subject);
    }

    /// <summary>The MIME message for a mail (a pure function).</summary>
    public static MimeMessage Compose(EmailMessage message, EmailSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.From))
            throw new InvalidOperationException("Email:From must be set to send mail over SMTP.");
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(settings.FromName, settings.From));
        mime.To.Add(new MailboxAddress(message.ToName ?? "", message.To));
        mime.Subject = message.Subject;
        foreach (var (name, value) in message.Headers ?? new Dictionary<string, string>())
            mime.Headers.Add(name, value);
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        mime.Body = body.ToMessageBody();
        return mime;
    }
}
