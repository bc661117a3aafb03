using Madang.Core.Localization;

namespace Madang.Core.Settings;

/// <summary>Site-wide settings an administrator edits: name, default language, time zone. One row.</summary>
public sealed class SiteSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public LocalizedText SiteName { get; set; } = new();

    public string DefaultLanguage { get; set; } = SiteCultures.Default;

    /// <summary>IANA time zone id in which dates are shown (e.g. Asia/Seoul).</summary>
    public string TimeZone { get; set; } = "Asia/Seoul";

    public DateTimeOffset UpdatedAt { get; set; }

    public static SiteSettings Defaults() => new()
    {
        SiteName = LocalizedText.Of("마당 시", "マダン市", "Madang City", "马当市", "馬當市"),
    };
}
