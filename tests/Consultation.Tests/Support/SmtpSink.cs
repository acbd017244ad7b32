using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;
using netDumbster.smtp;

namespace ConsultationPlatform.Tests.Support;

/// <summary>
/// The platform sending its mail over real SMTP (MailKit, <c>Email:Smtp</c>) to an SMTP server in the test process
/// (netDumbster): what a test reads is what crossed the wire, parsed back with MimeKit. Links in mails start with
/// <see cref="PublicUrl"/>; a test follows them on the app's own address.
/// </summary>
public sealed class SmtpSinkFixture : AppFixture
{
    public const string PublicUrl = "https://consultation.test";

    private readonly int _port = FreePort();
    private SimpleSmtpServer? _smtp;

    public SimpleSmtpServer Smtp => _smtp ?? throw new InvalidOperationException("The SMTP server has not started.");

    protected override IDictionary<string, string?> Settings(TestDatabase database)
    {
        var settings = base.Settings(database);
        settings["Email:Smtp:Host"] = "127.0.0.1";
        settings["Email:Smtp:Port"] = _port.ToString();
        settings["Email:Smtp:Security"] = "None";
        settings["Email:From"] = "secretariat@dialogue.example";
        settings["Email:FromName"] = "HLD Secretariat";
        settings["Accounts:PublicUrl"] = PublicUrl;
        return settings;
    }

    public override async ValueTask InitializeAsync()
    {
        _smtp = SimpleSmtpServer.Start(_port);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _smtp?.Dispose();
    }

    /// <summary>The mails received for an address, oldest first; waits for the mail queue up to 15 s for <paramref name="atLeast"/>.</summary>
    public async Task<IReadOnlyList<MimeMessage>> MailsTo(string address, int atLeast = 1, TimeSpan? wait = null)
    {
        var deadline = DateTime.UtcNow + (wait ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var mails = Smtp.ReceivedEmail
                .Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data))))
                .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))
                .ToList();
            if (mails.Count >= atLeast || DateTime.UtcNow > deadline) return mails;
            await Task.Delay(100);
        }
    }

    /// <summary>The first link in a mail's text that starts with <paramref name="prefix"/> (after <see cref="PublicUrl"/>).</summary>
    public static string LinkIn(MimeMessage mail, string prefix)
    {
        var text = mail.TextBody ?? "";
        var start = text.IndexOf(PublicUrl + prefix, StringComparison.Ordinal);
        Assert.True(start >= 0, $"The mail has no link to {PublicUrl}{prefix}:\n{text}");
        var end = start;
        while (end < text.Length && !char.IsWhiteSpace(text[end])) end++;
        return text[start..end];
    }

    /// <summary>The path and query of a mail's link, to follow on the app's own address.</summary>
    public static string PathOf(string link) => link[PublicUrl.Length..];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The tests whose mail must go through real SMTP share one app and one SMTP server.</summary>
[CollectionDefinition(Name)]
public sealed class SmtpSinkCollection : ICollectionFixture<SmtpSinkFixture>
{
    public const string Name = "smtp sink";
}
