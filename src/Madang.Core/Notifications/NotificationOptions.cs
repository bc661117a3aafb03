namespace Madang.Core.Notifications;

/// <summary>SMTP settings (<c>Madang:Smtp</c>). No host: in Development mail is written as .eml files instead.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;

    /// <summary>None, Auto, SslOnConnect, StartTls or StartTlsWhenAvailable (MailKit's SecureSocketOptions).</summary>
    public string Security { get; set; } = "Auto";
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "Madang <no-reply@madang.local>";
}

/// <summary>SMS gateway settings (<c>Madang:Sms</c>): an HTTP POST with a templated body.</summary>
public sealed class SmsOptions
{
    /// <summary>Gateway endpoint. Empty: SMS is disabled and SMS jobs fail visibly.</summary>
    public string? Url { get; set; }

    /// <summary>Body with <c>{to}</c> and <c>{text}</c> placeholders, JSON-escaped when the content type is JSON.</summary>
    public string BodyTemplate { get; set; } = """{"to":"{to}","text":"{text}"}""";

    public string ContentType { get; set; } = "application/json";

    /// <summary>Optional Authorization header value (e.g. <c>Bearer …</c>).</summary>
    public string? Authorization { get; set; }
}
