using System.Globalization;

namespace Madang.Core.Web;

/// <summary>Shows UTC timestamps in the site's time zone and the reader's language.</summary>
public sealed class SiteTime(SiteSettingsProvider settings)
{
    /// <summary>The site's time zone (UTC when the configured one is unknown to this machine).</summary>
    public TimeZoneInfo Zone => TimeZoneInfo.TryFindSystemTimeZoneById(settings.Current.TimeZone, out var z) ? z : TimeZoneInfo.Utc;

    public DateTimeOffset Local(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, Zone);

    /// <summary>The instant a calendar day begins in the site's time zone: date filters mean the days people see on the page.</summary>
    public DateTimeOffset StartOfDay(DateOnly day) =>
        new(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), Zone), TimeSpan.Zero);

    /// <summary>Date and time, formatted for the current UI culture (e.g. 2026. 11. 23. 오후 6:30).</summary>
    public string Format(DateTimeOffset utc) => Local(utc).ToString("g", CultureInfo.CurrentCulture);

    public string FormatDate(DateTimeOffset utc) => Local(utc).ToString("d", CultureInfo.CurrentCulture);

    public string FormatOptional(DateTimeOffset? utc) => utc is { } v ? Format(v) : "—";
}
