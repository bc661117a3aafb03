using MailKit.Net.Smtp;
using MailKit.Security;
using Madang.Core.Data;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Madang.Core.Notifications;

/// <summary>An e-mail ready to send.</summary>
public sealed record EmailMessage(string To, string Subject, string TextBody, string? HtmlBody = null, string? ToName = null)
{
    /// <summary>The one-click unsubscribe link, sent as <c>List-Unsubscribe</c> with <c>List-Unsubscribe-Post</c> (RFC 8058).</summary>
    public string? UnsubscribeUrl { get; init; }

    /// <summary>The person whose one-click link the sending job adds, in <see cref="Culture"/>.</summary>
    public Guid? UnsubscribeUser { get; init; }

    public string? Culture { get; init; }
}

/// <summary>Sends e-mail: SMTP in production, a pickup folder in Development.</summary>
public interface IEmailTransport
{
    Task SendAsync(EmailMessage message, CancellationToken ct);
}

/// <summary>Builds the MIME message both transports send.</summary>
public static class MimeBuilder
{
    public static MimeMessage Build(EmailMessage message, string from)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(from));
        mime.To.Add(new MailboxAddress(message.ToName ?? string.Empty, message.To));
        mime.Subject = message.Subject;
        if (message.UnsubscribeUrl is { } stop)
        {
            // Mail programs show their own "Unsubscribe" button and POST "List-Unsubscribe=One-Click" to this address.
            mime.Headers.Add("List-Unsubscribe", "<" + stop + ">");
            mime.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        mime.Body = body.ToMessageBody();
        return mime;
    }
}

/// <summary>SMTP through MailKit.</summary>
public sealed class SmtpEmailTransport(IOptions<SmtpOptions> options) : IEmailTransport
{
    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        var o = options.Value;
        using var client = new SmtpClient { Timeout = 30_000 };
        var security = Enum.TryParse<SecureSocketOptions>(o.Security, ignoreCase: true, out var s) ? s : SecureSocketOptions.Auto;
        await client.ConnectAsync(o.Host ?? throw new InvalidOperationException("Madang:Smtp:Host is not set."), o.Port, security, ct);
        if (!string.IsNullOrEmpty(o.Username))
        {
            await client.AuthenticateAsync(o.Username, o.Password ?? string.Empty, ct);
        }

        await client.SendAsync(MimeBuilder.Build(message, o.From), ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}

/// <summary>Writes each message as an .eml file under <c>DataDir/mail</c>, listed on the development mail page.</summary>
public sealed class PickupFolderEmailTransport(IOptions<MadangOptions> madang, IOptions<SmtpOptions> smtp, TimeProvider clock) : IEmailTransport
{
    public string Folder => Path.Combine(madang.Value.FullDataDir, "mail");

    public async Task SendAsync(EmailMessage message, CancellationToken ct)
    {
        Directory.CreateDirectory(Folder);
        var name = $"{clock.GetUtcNow():yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml";
        var tmp = Path.Combine(Folder, name + ".tmp");
        await using (var file = File.Create(tmp))
        {
            await MimeBuilder.Build(message, smtp.Value.From).WriteToAsync(file, ct);
        }

        File.Move(tmp, Path.Combine(Folder, name));
    }
}
