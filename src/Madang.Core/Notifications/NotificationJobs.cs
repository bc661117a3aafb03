using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Madang.Core.Notifications;

/// <summary>Sends one e-mail. SMTP is outside the database, so this is at-least-once: a retry after a crash may resend.</summary>
public sealed class EmailJob(IEmailTransport transport, Unsubscribe unsubscribe, SiteLinks links, Localization.TextCatalog catalog) : Jobs.IJobHandler
{
    public Task ExecuteAsync(Jobs.JobContext context)
    {
        var message = context.Payload<EmailMessage>();
        if (message.UnsubscribeUser is { } user)
        {
            // Made here, not when the message was queued: the first token may create the site's key, a write that must
            // not wait on the caller's open transaction (SQLite has one writer).
            var culture = message.Culture ?? Localization.SiteCultures.Default;
            var stop = links.Absolute(culture, Unsubscribe.PathPrefix + unsubscribe.Token(user));
            message = message with { TextBody = message.TextBody + "\n" + catalog.Get(culture, "notify.unsubscribe", stop), UnsubscribeUrl = stop };
        }

        return transport.SendAsync(message, context.CancellationToken);
    }
}

/// <summary>A text message to one phone number.</summary>
public sealed record SmsMessage(string To, string Text);

/// <summary>Posts one SMS to the configured HTTP gateway.</summary>
public sealed class SmsJob(IHttpClientFactory http, IOptions<SmsOptions> options) : Jobs.IJobHandler
{
    public async Task ExecuteAsync(Jobs.JobContext context)
    {
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.Url))
        {
            throw new Jobs.JobFailedException("No SMS gateway is configured (Madang:Sms:Url).");
        }

        var msg = context.Payload<SmsMessage>();
        using var request = new HttpRequestMessage(HttpMethod.Post, o.Url)
        {
            Content = new StringContent(RenderBody(o, msg), Encoding.UTF8, o.ContentType),
        };
        if (!string.IsNullOrWhiteSpace(o.Authorization))
        {
            request.Headers.TryAddWithoutValidation("Authorization", o.Authorization);
        }

        using var response = await http.CreateClient("sms").SendAsync(request, context.CancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new Jobs.JobFailedException($"The SMS gateway answered {(int)response.StatusCode}.");
        }
    }

    public static string RenderBody(SmsOptions o, SmsMessage msg)
    {
        var json = o.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase);
        string Esc(string s) => json ? JsonEncodedText.Encode(s).ToString() : Uri.EscapeDataString(s);
        return o.BodyTemplate.Replace("{to}", Esc(msg.To), StringComparison.Ordinal).Replace("{text}", Esc(msg.Text), StringComparison.Ordinal);
    }
}
