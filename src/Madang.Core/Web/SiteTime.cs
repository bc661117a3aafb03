using System.Globalization;

namespace Madang.Core.Web;

/// <summary>Shows UTC timestamps in the site's time zone and the reader's language.</summary>
public sealed class SiteTime(SiteSettingsProvider settings)
{
    public DateTimeOffset Local(DateTimeOffset utc)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(settings.Current.TimeZone, out var z) ? z : TimeZoneInfo.Utc;
        return TimeZoneInfo.ConvertTime(utc, zone);
    }

    /// <summary>Date and time, formatted for the current UI culture (e.g. 2026. 11. 23. 오후 6:30).</summary>
    public string Format(DateTimeOffset utc) => Local(utc).ToString("g", CultureInfo.CurrentCulture);

    public string FormatDate(DateTimeOffset utc) => Local(utc).ToString("d", CultureInfo.CurrentCulture);

    public string FormatOptional(DateTimeOffset? utc) => utc is { } v ? Format(v) : "—";
}
