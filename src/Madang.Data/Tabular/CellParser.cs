using System.Globalization;

namespace Madang.Data.Tabular;

/// <summary>
/// Reads cell text as Frictionless values the way government files write them: full-width digits and signs,
/// thousands separators ("1,234"), and dates such as 2020-01-29, 2020/03/17, 2020. 3. 17., 2020年3月17日, 3/12/2020.
/// </summary>
/// <remarks>
/// A date with the year last (3/12/2020) is month-first unless the field's format says day-first (<c>%d/%m/%Y</c>):
/// inference picks day-first only when the column shows a first number above 12, because the US- and Japan-sourced files
/// this form comes from (Tokyo's news.json) are month-first. A datetime without a zone is in the site's zone.
/// </remarks>
public static class CellParser
{
    /// <summary>The format inference writes for dates and datetimes in any of the forms above, month-first when the year is last.</summary>
    public const string AnyFormat = "any";

    /// <summary>The format for day-first dates with the year last (17/03/2020).</summary>
    public const string DayFirstFormat = "%d/%m/%Y";

    /// <summary>What a date's text looked like, for inference.</summary>
    [Flags]
    public enum DateShape
    {
        None = 0,
        /// <summary>2020-03-17 (with T or a space before any time).</summary>
        Iso = 1,
        /// <summary>The year came last and the first number can only be a day (above 12).</summary>
        DayFirst = 2,
        /// <summary>The year came last and the second number can only be a day (above 12).</summary>
        MonthFirst = 4,
        /// <summary>The year came last.</summary>
        YearLast = 8,
    }

    /// <summary>
    /// Copies <paramref name="cell"/> into <paramref name="buffer"/> with full-width ASCII (０-９, ＋, －, ，, ．, ／, ：) and the
    /// ideographic space folded to ASCII, the minus sign to '-', trimmed; returns the folded span (the cell itself when all ASCII).
    /// </summary>
    public static ReadOnlySpan<char> Fold(ReadOnlySpan<char> cell, Span<char> buffer)
    {
        var ascii = true;
        foreach (var c in cell)
        {
            if (c >= 0x80)
            {
                ascii = false;
                break;
            }
        }

        if (ascii || cell.Length > buffer.Length)
        {
            return TabularReader.Trim(cell);
        }

        for (var i = 0; i < cell.Length; i++)
        {
            var c = cell[i];
            buffer[i] = c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '\u3000' => ' ',
                '\u2212' or '\u2010' or '\u2013' => '-',
                _ => c,
            };
        }

        return TabularReader.Trim(buffer[..cell.Length]);
    }

    /// <summary>An integer, with optional sign and thousands separators in groups of three.</summary>
    public static bool TryInteger(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        if (s.IndexOf(',') < 0)
        {
            return s.Length > 0 && s[0] != '.' && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        }

        Span<char> digits = stackalloc char[32];
        return StripGroups(s, digits, out var n) && long.TryParse(digits[..n], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A decimal number (exponent allowed), with optional thousands separators in groups of three.</summary>
    public static bool TryNumber(ReadOnlySpan<char> s, out object value)
    {
        value = 0m;
        Span<char> digits = stackalloc char[64];
        scoped var t = s;
        if (s.IndexOf(',') >= 0)
        {
            if (!StripGroups(s, digits, out var n))
            {
                return false;
            }

            t = digits[..n];
        }

        return TryPlainNumber(t, out value);
    }

    private static bool TryPlainNumber(ReadOnlySpan<char> s, out object value)
    {
        value = 0m;

        if (s.Length == 0 || !(char.IsAsciiDigit(s[^1]) || s[^1] == '.'))
        {
            return false; // "NaN", "Infinity" and "1e" are not numbers a publisher means
        }

        const NumberStyles style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (decimal.TryParse(s, style, CultureInfo.InvariantCulture, out var d))
        {
            value = d;
            return true;
        }

        if (double.TryParse(s, style, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x))
        {
            value = x;
            return true;
        }

        return false;
    }

    /// <summary>Frictionless' default true and false values.</summary>
    public static bool TryBoolean(ReadOnlySpan<char> s, out bool value)
    {
        value = s is "true" or "True" or "TRUE" or "1";
        return value || s is "false" or "False" or "FALSE" or "0";
    }

    /// <summary>A year: four digits.</summary>
    public static bool TryYear(ReadOnlySpan<char> s, out long value)
    {
        value = 0;
        return s.Length == 4 && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>A time of day: H:mm or H:mm:ss (fraction allowed), as "HH:mm:ss".</summary>
    public static bool TryTime(ReadOnlySpan<char> s, out string value)
    {
        value = string.Empty;
        var at = 0;
        if (!TryTimeAt(s, ref at, out var t) || at != s.Length)
        {
            return false;
        }

        value = t.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        return true;
    }

    /// <summary>A date in <paramref name="format"/>: ISO only for the default (null), any common form for the others.</summary>
    public static bool TryDate(ReadOnlySpan<char> s, string? format, out DateOnly value, out DateShape shape)
    {
        var at = 0;
        return TryDateAt(s, ref at, format, out value, out shape) && at == s.Length && Allowed(format, shape);
    }

    /// <summary>
    /// A date and time in <paramref name="format"/> (a date alone is its midnight); without a zone, in <paramref name="zone"/>.
    /// Hours may have one digit (Tokyo's "2020/3/17 8:00"); seconds and their fraction are optional.
    /// </summary>
    public static bool TryDateTime(ReadOnlySpan<char> s, string? format, TimeZoneInfo zone, out DateTimeOffset value, out DateShape shape)
    {
        value = default;
        var at = 0;
        if (!TryDateAt(s, ref at, format, out var date, out shape) || !Allowed(format, shape))
        {
            return false;
        }

        var time = TimeOnly.MinValue;
        TimeSpan? offset = null;
        if (at < s.Length)
        {
            if (s[at] == 'T')
            {
                at++;
            }
            else if (s[at] == ' ')
            {
                while (at < s.Length && s[at] == ' ')
                {
                    at++;
                }
            }
            else
            {
                return false;
            }

            if (!TryTimeAt(s, ref at, out time))
            {
                return false;
            }

            while (at < s.Length && s[at] == ' ')
            {
                at++;
            }

            if (at < s.Length)
            {
                if (!TryZone(s[at..], out var o))
                {
                    return false;
                }

                offset = o;
                at = s.Length;
            }
        }

        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        value = new DateTimeOffset(local, offset ?? zone.GetUtcOffset(local));
        return true;
    }

    private static bool Allowed(string? format, DateShape shape) =>
        (format is not null && format != "default") || (shape & DateShape.Iso) != 0;

    private static bool DayFirst(string? format) => format is not null && format.StartsWith("%d", StringComparison.Ordinal);

    /// <summary>Reads a date at <paramref name="at"/>, leaving it after the date.</summary>
    private static bool TryDateAt(ReadOnlySpan<char> s, ref int at, string? format, out DateOnly value, out DateShape shape)
    {
        value = default;
        shape = DateShape.None;
        var a = Digits(s, ref at, out var aLen);
        if (aLen == 0 || at >= s.Length)
        {
            return false;
        }

        var sep = s[at];
        int y, m, d;
        if (aLen == 4)
        {
            y = a;
            var closing = sep switch { '年' => '月', '년' => '월', '-' or '/' or '.' => sep, _ => '\0' };
            if (closing == '\0')
            {
                return false;
            }

            at++;
            SkipSpaces(s, ref at);
            m = Digits(s, ref at, out var mLen);
            if (mLen is 0 or > 2 || at >= s.Length || s[at] != closing)
            {
                return false;
            }

            at++;
            SkipSpaces(s, ref at);
            d = Digits(s, ref at, out var dLen);
            if (dLen is 0 or > 2)
            {
                return false;
            }

            if (sep is '年' or '년')
            {
                if (at >= s.Length || s[at] != (sep == '年' ? '日' : '일'))
                {
                    return false;
                }

                at++;
            }
            else if (sep == '.' && at < s.Length && s[at] == '.')
            {
                at++; // Korean "2020. 3. 17."
            }

            shape = sep == '-' && mLen == 2 && dLen == 2 ? DateShape.Iso : DateShape.None;
        }
        else if (aLen <= 2 && sep is '/' or '-' or '.')
        {
            at++;
            var b = Digits(s, ref at, out var bLen);
            if (bLen is 0 or > 2 || at >= s.Length || s[at] != sep)
            {
                return false;
            }

            at++;
            y = Digits(s, ref at, out var yLen);
            if (yLen != 4)
            {
                return false;
            }

            shape = DateShape.YearLast | (a > 12 ? DateShape.DayFirst : 0) | (b > 12 ? DateShape.MonthFirst : 0);
            (m, d) = DayFirst(format) ? (b, a) : (a, b);
        }
        else
        {
            return false;
        }

        if (y < 1 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            return false;
        }

        value = new DateOnly(y, m, d);
        return true;
    }

    private static bool TryTimeAt(ReadOnlySpan<char> s, ref int at, out TimeOnly value)
    {
        value = default;
        var h = Digits(s, ref at, out var hLen);
        if (hLen is 0 or > 2 || at >= s.Length || s[at] != ':')
        {
            return false;
        }

        at++;
        var min = Digits(s, ref at, out var mLen);
        if (mLen != 2)
        {
            return false;
        }

        var sec = 0;
        var ticks = 0L;
        if (at < s.Length && s[at] == ':')
        {
            at++;
            sec = Digits(s, ref at, out var sLen);
            if (sLen != 2)
            {
                return false;
            }

            if (at < s.Length && s[at] == '.')
            {
                at++;
                var scale = TimeSpan.TicksPerSecond;
                var start = at;
                while (at < s.Length && char.IsAsciiDigit(s[at]))
                {
                    scale /= 10;
                    ticks += (s[at] - '0') * scale;
                    at++;
                }

                if (at == start)
                {
                    return false;
                }
            }
        }

        if (h > 23 || min > 59 || sec > 59)
        {
            return false;
        }

        value = new TimeOnly(h, min, sec).Add(TimeSpan.FromTicks(ticks));
        return true;
    }

    private static bool TryZone(ReadOnlySpan<char> s, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (s is "Z" or "z" or "UTC")
        {
            return true;
        }

        if (s.Length < 3 || s[0] is not ('+' or '-'))
        {
            return false;
        }

        var at = 1;
        var h = Digits(s, ref at, out var hLen);
        var m = 0;
        if (hLen == 4)
        {
            (h, m) = (h / 100, h % 100);
        }
        else if (hLen == 2 && at < s.Length)
        {
            if (s[at] == ':')
            {
                at++;
            }

            m = Digits(s, ref at, out var mLen);
            if (mLen != 2)
            {
                return false;
            }
        }
        else if (hLen != 2)
        {
            return false;
        }

        if (at != s.Length || h > 14 || m > 59)
        {
            return false;
        }

        offset = new TimeSpan(h, m, 0) * (s[0] == '-' ? -1 : 1);
        return true;
    }

    private static int Digits(ReadOnlySpan<char> s, ref int at, out int length)
    {
        var n = 0;
        var start = at;
        while (at < s.Length && char.IsAsciiDigit(s[at]) && at - start < 9)
        {
            n = (n * 10) + (s[at] - '0');
            at++;
        }

        length = at - start;
        return n;
    }

    private static void SkipSpaces(ReadOnlySpan<char> s, ref int at)
    {
        while (at < s.Length && s[at] == ' ')
        {
            at++;
        }
    }

    /// <summary>Removes thousands separators, accepting them only between groups of three digits before any decimal point.</summary>
    private static bool StripGroups(ReadOnlySpan<char> s, Span<char> into, out int n)
    {
        n = 0;
        if (s.Length > into.Length)
        {
            return false;
        }

        var point = s.IndexOf('.');
        var whole = point < 0 ? s : s[..point];
        var run = 0;
        var sawGroup = false;
        for (var i = 0; i < whole.Length; i++)
        {
            var c = whole[i];
            if (c == ',')
            {
                if (run == 0 || (sawGroup && run != 3) || run > 3)
                {
                    return false;
                }

                sawGroup = true;
                run = 0;
                continue;
            }

            if (char.IsAsciiDigit(c))
            {
                run++;
            }
            else if (!(i == 0 && c is '-' or '+'))
            {
                return false;
            }

            into[n++] = c;
        }

        if (sawGroup && run != 3)
        {
            return false;
        }

        if (point >= 0)
        {
            s[point..].CopyTo(into[n..]);
            n += s.Length - point;
        }

        return true;
    }
}
