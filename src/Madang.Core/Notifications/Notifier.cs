using Madang.Core.Data;
using Madang.Core.Jobs;
using Madang.Core.Localization;
using Microsoft.EntityFrameworkCore;

namespace Madang.Core.Notifications;

/// <summary>A notification to render in each recipient's language: localisation keys plus format arguments.</summary>
public sealed record Notification(string SubjectKey, string BodyKey, IReadOnlyList<object?> Arguments, string? Path = null)
{
    /// <summary>Worth an e-mail to those who take them.</summary>
    public bool Email { get; init; } = true;

    /// <summary>Worth an SMS to those who asked for them, where the city has an SMS gateway.</summary>
    public bool Sms { get; init; }

    /// <summary>The person chose these channels for this very item (a request's "tell me by SMS"): that choice
    /// counts over their general settings.</summary>
    public bool Asked { get; init; }
}

/// <summary>Delivers notifications to the web inbox, e-mail and SMS, each in the recipient's language, in the caller's
/// unit of work. The inbox always has them; e-mail and SMS follow the person's own choice of channels.</summary>
public sealed class Notifier(MadangDbContext db, JobQueue jobs, TextCatalog catalog, TimeProvider clock, SiteLinks links,
    Microsoft.Extensions.Options.IOptions<SmsOptions> sms)
{
    /// <summary>Where a person changes how they are told; every e-mail ends with it.</summary>
    public const string SettingsPath = "account/manage#notifications";

    /// <summary>Whether SMS can be sent at all: a gateway is configured.</summary>
    public bool SmsAvailable => !string.IsNullOrWhiteSpace(sms.Value.Url);

    public async Task NotifyAsync(Guid userId, Notification n, CancellationToken ct = default)
    {
        var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
        var culture = SiteCultures.IsSupported(user.PreferredLanguage) ? user.PreferredLanguage : SiteCultures.Default;
        var args = n.Arguments.ToArray();
        var subject = catalog.Get(culture, n.SubjectKey, args);
        var body = catalog.Get(culture, n.BodyKey, args);
        var url = n.Path is null ? null : links.Absolute(culture, n.Path);
        db.InboxMessages.Add(new InboxMessage { UserId = userId, At = clock.GetUtcNow(), Subject = subject, Body = body, Url = n.Path });
        // An item's own channel choice counts over the general settings, but never over a one-click stop.
        if (n.Email && (user.NotifyByEmail || (n.Asked && user.EmailStoppedAt is null)) && user.Email is not null && user.EmailConfirmed)
        {
            var text = (url is null ? body : body + "\n\n" + url)
                + "\n\n-- \n" + catalog.Get(culture, "notify.settings", links.Absolute(culture, SettingsPath));
            jobs.Enqueue(KernelJobs.Email, new EmailMessage(user.Email, subject, text, ToName: user.DisplayName) { UnsubscribeUser = user.Id, Culture = culture });
        }

        if (n.Sms && (user.NotifyBySms || (n.Asked && user.SmsStoppedAt is null)) && SmsAvailable && user.PhoneNumber is not null && user.PhoneNumberConfirmed)
        {
            jobs.Enqueue(KernelJobs.Sms, new SmsMessage(user.PhoneNumber, url is null ? subject : subject + " " + url));
        }
    }
}

/// <summary>Absolute links for messages that leave the site.</summary>
public sealed class SiteLinks(Microsoft.Extensions.Options.IOptions<MadangOptions> options)
{
    /// <summary>The base URL; set from configuration, or from the first address the server listens on.</summary>
    public string BaseUrl { get; set; } = options.Value.BaseUrl?.TrimEnd('/') ?? "http://localhost:5080";

    public string Absolute(string culture, string path) => $"{BaseUrl}/{culture}/{path.TrimStart('/')}";
}
