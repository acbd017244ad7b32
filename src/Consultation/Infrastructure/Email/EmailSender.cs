using Microsoft.Extensions.Logging;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;

namespace ConsultationPlatform.Infrastructure.Email;

/// <summary>A mail to one person, in plain text (and optionally HTML), with extra headers if any (e.g. List-Unsubscribe, RFC 8058).</summary>
public sealed record EmailMessage(string To, string? ToName, string Subject, string TextBody, string? HtmlBody = null,
    IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>
/// The port the platform sends mail through. <see cref="OutboxEmailSender"/> (the default, and what Development and
/// the tests use) writes each mail to the log and to the outbox in the database; <see cref="SmtpEmailSender"/> sends
/// it with MailKit when <c>Email:Smtp:Host</c> is set.
/// </summary>
public interface IEmailSender
{
    Task SendAsync(EmailMessage message, CancellationToken ct);
}

/// <summary>A mail kept in the database instead of being sent: the local outbox. Private (it holds addresses and links).</summary>
public sealed class OutboxEmail
{
    public Guid Id { get; set; }
    public string To { get; set; } = "";
    public string? ToName { get; set; }
    public string Subject { get; set; } = "";
    public string TextBody { get; set; } = "";
    public string? HtmlBody { get; set; }
    public Dictionary<string, string>? Headers { get; set; }
    public DateTimeOffset WrittenAt { get; set; }
}

public sealed class OutboxEmailSender(IDocumentStore store, TimeProvider time, ILogger<OutboxEmailSender> logger) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        session.Store(new OutboxEmail
        {
            Id = Guid.CreateVersion7(),
            To = message.To,
            ToName = message.ToName,
            Subject = message.Subject,
            TextBody = message.TextBody,
            HtmlBody = message.HtmlBody,
            Headers = message.Headers is null ? null : new Dictionary<string, string>(message.Headers),
            WrittenAt = time.GetUtcNow(),
        });
        await session.SaveChangesAsync(ct);
        logger.LogInformation("Mail to {To} (outbox; no SMTP server is configured): {Subject}\n{Body}", message.To, message.Subject, message.TextBody);
    }
}

/// <summary>
/// Asks for a mail to be sent. Endpoints return it as a cascading message, so that the mail leaves only once their
/// transaction has committed (Wolverine's outbox), from a durable local queue, with retries.
/// </summary>
public sealed record SendEmail(EmailMessage Message);

public static class SendEmailHandler
{
    public static void Configure(HandlerChain chain) =>
        chain.OnAnyException().RetryWithCooldown(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1));

    public static Task Handle(SendEmail command, IEmailSender sender, CancellationToken ct) => sender.SendAsync(command.Message, ct);
}
