using ConsultationPlatform.Hosting;
using ConsultationPlatform.Infrastructure.Email;
using ConsultationPlatform.Tests.Support;
using Marten;
using MimeKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ConsultationPlatform.Tests.Infrastructure;

[Collection(PlatformCollection.Name)]
public class OutboxEmailTests(AppFixture app)
{
    [Fact]
    public async Task without_an_smtp_server_mail_goes_to_the_outbox_with_its_whole_content()
    {
        var sender = app.App.Services.GetRequiredService<IEmailSender>();
        Assert.IsType<OutboxEmailSender>(sender);

        var to = TestAccounts.NewEmail("reader");
        await sender.SendAsync(new EmailMessage(to, "Ama Owusu", "Round table 3 moves to drafting", "Dear Ama,\nthe drafting phase is open.", "<p>Dear Ama</p>"), CancellationToken.None);

        var mail = Assert.Single(await app.Outbox(to));
        Assert.Equal(("Ama Owusu", "Round table 3 moves to drafting", "Dear Ama,\nthe drafting phase is open.", "<p>Dear Ama</p>"),
            (mail.ToName, mail.Subject, mail.TextBody, mail.HtmlBody));
        Assert.True(mail.WrittenAt > DateTimeOffset.UtcNow.AddMinutes(-1));
    }
}

public class SmtpEmailTests
{
    private static readonly EmailSettings Settings = new()
    {
        From = "secretariat@dialogue.example",
        FromName = "HLD Secretariat",
        Smtp = new SmtpSettings { Host = "smtp.dialogue.example" },
    };

    [Fact]
    public void a_mail_becomes_a_mime_message_from_the_configured_sender()
    {
        var mime = SmtpEmailSender.Compose(new EmailMessage("amina@forum.example", "Amina", "Invitation", "Plain text", "<p>HTML</p>"), Settings);
        Assert.Equal("\"HLD Secretariat\" <secretariat@dialogue.example>", mime.From.ToString());
        Assert.Equal(("Amina", "amina@forum.example"), (mime.To.Mailboxes.Single().Name, mime.To.Mailboxes.Single().Address));
        Assert.Equal("Invitation", mime.Subject);
        Assert.Equal("Plain text", mime.TextBody);
        Assert.Equal("<p>HTML</p>", mime.HtmlBody);
        Assert.IsType<MultipartAlternative>(mime.Body);
    }

    [Fact]
    public void smtp_without_a_from_address_is_refused()
    {
        var settings = new EmailSettings { Smtp = new SmtpSettings { Host = "smtp.dialogue.example" } };
        Assert.Throws<InvalidOperationException>(() => SmtpEmailSender.Compose(new EmailMessage("a@b.example", null, "S", "T"), settings));
    }

    [Fact]
    public async Task setting_an_smtp_host_selects_the_mailkit_sender()
    {
        await using var app = ConsultationApp.Build(["--environment", "Testing"], b =>
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Consultation"] = "Host=127.0.0.1;Database=unused",
                ["Email:Smtp:Host"] = "smtp.dialogue.example",
                ["Email:From"] = "secretariat@dialogue.example",
            }));
        Assert.IsType<SmtpEmailSender>(app.Services.GetRequiredService<IEmailSender>());
    }
}
