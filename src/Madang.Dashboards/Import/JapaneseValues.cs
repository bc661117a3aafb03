using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Madang.Dashboards.Import;

/// <summary>Numbers, dates and flags as Japanese open data writes them, read the same way by every importer.</summary>
internal static partial class JapaneseValues
{
    /// <summary>Japan Standard Time: Japan has no daylight saving, so a fixed offset is exact.</summary>
    public static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    /// <summary>
    /// Full-width digits and punctuation as ASCII, surrounding spaces (full-width ones too) gone. NFKC rather than a digit
    /// table because files mix full-width digits, slashes, colons and underscores alike.
    /// </summary>
    public static string Fold(string value) => value.Normalize(NormalizationForm.FormKC).Trim();

    /// <summary>A count: <c>12</c>, <c>"0 "</c>, <c>"１２"</c>, <c>"1,234"</c>, <c>"3人"</c>; null when empty or not a count.</summary>
    public static bool TryCount(string? text, out long? value)
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        var s = Fold(text).Replace(",", string.Empty, StringComparison.Ordinal);
        if (s.Length == 0 || s == "-")
        {
            return true;
        }

        // A unit after the figure (人, 件, 名) is how some spreadsheets were typed; the figure is what counts.
        s = s.TrimEnd('人', '件', '名', '例');
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            value = n;
            return true;
        }

        // Excel sometimes writes a whole count as 12.0.
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < 1e15)
        {
            value = (long)d;
            return true;
        }

        return false;
    }

    /// <summary>
    /// A calendar date: <c>2020-03-01</c>, <c>2020/3/1</c>, <c>2020年3月1日</c>, <c>1/24/2020</c>, full-width digits, or a
    /// datetime with a zone (<c>2020-01-24T08:00:00.000Z</c>), which is the day it was in Japan.
    /// </summary>
    public static DateOnly? ParseDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var s = Fold(text);

        // A zoned instant names a day only in Japan's time: 2020-01-24T15:00Z is already the 25th there.
        if (ZonedDateTime().IsMatch(s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return DateOnly.FromDateTime(instant.ToOffset(Jst).DateTime);
        }

        var m = YearFirst().Match(s);
        if (m.Success)
        {
            return MakeDate(m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value);
        }

        m = YearLast().Match(s);
        if (m.Success)
        {
            var a = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var b = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);

            // Tokyo wrote M/D/YYYY ("1/24/2020"); a first part over 12 can only be a day (D/M/YYYY).
            return a > 12
                ? MakeDate(m.Groups[3].Value, m.Groups[2].Value, m.Groups[1].Value)
                : MakeDate(m.Groups[3].Value, m.Groups[1].Value, m.Groups[2].Value);
        }

        return null;
    }

    /// <summary>
    /// When a stopcovid19 section was updated: <c>2020/03/17 8:00</c> is Japan's time with no zone and the hour not
    /// zero-padded.
    /// </summary>
    public static DateTimeOffset? ParseUpdated(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var s = Fold(text);
        if (ZonedDateTime().IsMatch(s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant.ToOffset(Jst);
        }

        string[] formats = ["yyyy/M/d H:mm", "yyyy/M/d H:mm:ss", "yyyy/M/d", "yyyy-M-d H:mm", "yyyy-M-d'T'H:mm:ss", "yyyy-M-d"];
        if (DateTime.TryParseExact(s, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
        {
            return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Jst);
        }

        return null;
    }

    /// <summary>A yes/no flag: 1/0, 〇/○/済/退院 for yes, empty for unknown; null when it is neither.</summary>
    public static bool TryFlag(string? text, out bool? value)
    {
        value = null;
        if (text is null)
        {
            return true;
        }

        var s = Fold(text);
        switch (s)
        {
            case "":
                return true;
            case "1" or "〇" or "○" or "◯" or "済" or "退院" or "解除" or "退院済" or "true" or "TRUE" or "True" or "有" or "あり":
                value = true;
                return true;
            case "0" or "×" or "未" or "false" or "FALSE" or "False" or "無" or "なし":
                value = false;
                return true;
            default:
                return false;
        }
    }

    private static DateOnly? MakeDate(string year, string month, string day)
    {
        var y = int.Parse(year, CultureInfo.InvariantCulture);
        var mo = int.Parse(month, CultureInfo.InvariantCulture);
        var d = int.Parse(day, CultureInfo.InvariantCulture);
        return y is >= 1900 and <= 2200 && mo is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, mo) ? new DateOnly(y, mo, d) : null;
    }

    [GeneratedRegex(@"^\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$")]
    private static partial Regex ZonedDateTime();

    // The time after a date (2020/03/01 00:00:00, 2020-03-01T00:00) is dropped: these files date days, not instants.
    [GeneratedRegex(@"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T ].*)?$")]
    private static partial Regex YearFirst();

    [GeneratedRegex(@"^(\d{1,2})/(\d{1,2})/(\d{4})(?:[T ].*)?$")]
    private static partial Regex YearLast();
}
