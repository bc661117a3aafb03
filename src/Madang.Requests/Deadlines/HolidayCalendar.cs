using System.Globalization;

namespace Madang.Requests.Deadlines;

/// <summary>
/// Days the city's offices are closed, from a country's rules and the city's own list: public holidays by law (solar
/// dates, lunar dates through .NET's lunisolar calendars, equinoxes, "happy Mondays"), their substitute days, and
/// what an administrator adds (an election day, a typhoon) or takes away (Taiwan's make-up working Saturdays).
/// </summary>
/// <remarks>
/// The presets follow each country's rules as they stand in 2026. Governments announce one-off holidays and make-up
/// days each year; the rules file carries those, so a deadline never depends on a code release.
/// </remarks>
public sealed class HolidayCalendar
{
    private readonly string country;
    private readonly HashSet<DateOnly> extraHolidays;
    private readonly HashSet<DateOnly> extraWorkdays;
    private readonly Dictionary<int, HashSet<DateOnly>> byYear = [];
    private readonly Lock gate = new();

    public HolidayCalendar(string country, IEnumerable<DateOnly>? holidays = null, IEnumerable<DateOnly>? workdays = null)
    {
        this.country = country.ToLowerInvariant();
        if (this.country is not ("kr" or "jp" or "tw" or "none"))
        {
            throw new ArgumentException($"No holiday rules for '{country}' (kr, jp, tw or none).", nameof(country));
        }

        extraHolidays = [.. holidays ?? []];
        extraWorkdays = [.. workdays ?? []];
    }

    public static readonly IReadOnlyList<string> Countries = ["kr", "jp", "tw", "none"];

    /// <summary>Whether the offices work on <paramref name="day"/>: not a weekend (unless made a working day), not a holiday.</summary>
    public bool IsWorkingDay(DateOnly day)
    {
        if (extraWorkdays.Contains(day))
        {
            return true;
        }

        return day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsHoliday(day);
    }

    /// <summary>A public holiday by the country's rules or the city's list (weekends are not holidays here).</summary>
    public bool IsHoliday(DateOnly day)
    {
        if (extraHolidays.Contains(day))
        {
            return true;
        }

        lock (gate)
        {
            if (!byYear.TryGetValue(day.Year, out var set))
            {
                set = [.. Rules(country, day.Year)];
                byYear[day.Year] = set;
            }

            return set.Contains(day);
        }
    }

    /// <summary>The <paramref name="n"/>th working day after <paramref name="from"/> (the day of receipt is not counted).</summary>
    public DateOnly AddWorkingDays(DateOnly from, int n)
    {
        var day = from;
        for (var i = 0; i < n;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                i++;
            }
        }

        return day;
    }

    /// <summary>Working days from the day after <paramref name="from"/> up to and including <paramref name="to"/>.</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The holidays of one year by a country's rules.</summary>
    public static IReadOnlyCollection<DateOnly> Rules(string country, int year) => country switch
    {
        "kr" => Korea(year),
        "jp" => Japan(year),
        "tw" => Taiwan(year),
        _ => [],
    };

    /// <summary>
    /// Korea (관공서의 공휴일에 관한 규정): fixed days, Seollal and Chuseok (three days each) and Buddha's Birthday by the
    /// lunar calendar, with substitute days — for Seollal and Chuseok when one falls on a Sunday or on another holiday,
    /// for the others when on a Saturday or Sunday (Children's Day since 2014, the national days since 2021, Buddha's
    /// Birthday and Christmas since 2023).
    /// </summary>
    private static HashSet<DateOnly> Korea(int year)
    {
        var lunar = new KoreanLunisolarCalendar();
        var seollal = FromLunar(lunar, year, 1, 1);
        var chuseok = FromLunar(lunar, year, 8, 15);
        var buddha = FromLunar(lunar, year, 4, 8);
        DateOnly[][] longHolidays = [[seollal.AddDays(-1), seollal, seollal.AddDays(1)], [chuseok.AddDays(-1), chuseok, chuseok.AddDays(1)]];
        var singles = new List<DateOnly>
        {
            new(year, 1, 1), new(year, 3, 1), new(year, 5, 5), new(year, 6, 6), new(year, 8, 15), new(year, 10, 3), new(year, 10, 9),
            new(year, 12, 25), buddha,
        };
        var all = new HashSet<DateOnly>([.. longHolidays.SelectMany(g => g), .. singles]);
        var substitutes = new List<DateOnly>();

        // Seollal and Chuseok: each of their days that is a Sunday or another holiday gives one day after them.
        foreach (var days in longHolidays)
        {
            var clashes = days.Count(d => d.DayOfWeek == DayOfWeek.Sunday || singles.Contains(d));
            var next = days[^1];
            for (var i = 0; i < clashes; i++)
            {
                next = NextFree(next, all, substitutes);
                substitutes.Add(next);
            }
        }

        // The single days that have substitutes give one when on a weekend or shared with another single day.
        var substituted = new List<DateOnly>();
        if (year >= 2014)
        {
            substituted.Add(new DateOnly(year, 5, 5));
        }

        if (year >= 2021)
        {
            substituted.AddRange([new(year, 3, 1), new(year, 8, 15), new(year, 10, 3), new(year, 10, 9)]);
        }

        if (year >= 2023)
        {
            substituted.AddRange([buddha, new(year, 12, 25)]);
        }

        foreach (var d in substituted.Distinct().Order())
        {
            if (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || singles.Count(x => x == d) > 1)
            {
                substitutes.Add(NextFree(d, all, substitutes));
            }
        }

        all.UnionWith(substitutes);
        return all;
    }

    private static DateOnly NextFree(DateOnly after, HashSet<DateOnly> holidays, List<DateOnly> taken)
    {
        var d = after.AddDays(1);
        while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || holidays.Contains(d) || taken.Contains(d))
        {
            d = d.AddDays(1);
        }

        return d;
    }

    /// <summary>
    /// Japan (国民の祝日に関する法律 and the administrative organs' holidays, 行政機関の休日に関する法律): fixed days, the
    /// Monday holidays, the equinoxes by the usual formula, a substitute for a holiday on a Sunday (the next non-holiday),
    /// a "citizens' holiday" between two holidays, and the offices' year-end closure from 29 December to 3 January.
    /// </summary>
    private static HashSet<DateOnly> Japan(int year)
    {
        var days = new HashSet<DateOnly>
        {
            new(year, 1, 1), new(year, 2, 11), new(year, 4, 29), new(year, 5, 3), new(year, 5, 4), new(year, 5, 5),
            new(year, 11, 3), new(year, 11, 23),
            NthWeekday(year, 1, DayOfWeek.Monday, 2), NthWeekday(year, 7, DayOfWeek.Monday, 3),
            NthWeekday(year, 9, DayOfWeek.Monday, 3), NthWeekday(year, 10, DayOfWeek.Monday, 2),
        };
        if (year >= 2020)
        {
            days.Add(new DateOnly(year, 2, 23));
        }

        if (year >= 2016)
        {
            days.Add(new DateOnly(year, 8, 11));
        }

        var y = year - 1980;
        days.Add(new DateOnly(year, 3, (int)Math.Floor(20.8431 + (0.242194 * y) - Math.Floor(y / 4.0))));
        days.Add(new DateOnly(year, 9, (int)Math.Floor(23.2488 + (0.242194 * y) - Math.Floor(y / 4.0))));

        // A day between two holidays is a holiday (Silver Week); then Sundays give the next free day.
        foreach (var d in days.ToList())
        {
            var between = d.AddDays(1);
            if (days.Contains(d.AddDays(2)) && !days.Contains(between) && between.DayOfWeek != DayOfWeek.Sunday)
            {
                days.Add(between);
            }
        }

        foreach (var d in days.Where(d => d.DayOfWeek == DayOfWeek.Sunday).OrderBy(d => d).ToList())
        {
            var next = d.AddDays(1);
            while (days.Contains(next))
            {
                next = next.AddDays(1);
            }

            days.Add(next);
        }

        for (var d = new DateOnly(year, 1, 2); d <= new DateOnly(year, 1, 3); d = d.AddDays(1))
        {
            days.Add(d);
        }

        for (var d = new DateOnly(year, 12, 29); d <= new DateOnly(year, 12, 31); d = d.AddDays(1))
        {
            days.Add(d);
        }

        return days;
    }

    /// <summary>
    /// Taiwan (紀念日及節日實施條例): fixed days, Lunar New Year's Eve and three days, Dragon Boat and Mid-Autumn by the
    /// lunar calendar, Tomb-Sweeping Day on the Qingming solar term, and since 2025 Teachers', Retrocession and
    /// Constitution Days; a holiday on a Saturday is observed the Friday before, on a Sunday the Monday after. The
    /// Directorate-General's make-up working Saturdays each year go in the rules file as working days.
    /// </summary>
    private static HashSet<DateOnly> Taiwan(int year)
    {
        // Taiwan's calendar numbers years from 1912; the Chinese calendar (the same months, reckoned at UTC+8) numbers them as we do.
        var lunar = new ChineseLunisolarCalendar();
        DateOnly Lunar(int month, int day) => FromLunar(lunar, year, month, day);
        var newYear = Lunar(1, 1);
        var qingming = new DateOnly(year, 4, (int)Math.Floor(((year % 100) * 0.2422) + 4.81) - ((year % 100) / 4));
        var children = new DateOnly(year, 4, 4);
        if (children == qingming)
        {
            children = children.AddDays(-1);
        }

        var observed = new List<DateOnly>
        {
            new(year, 1, 1), new(year, 2, 28), children, qingming, new(year, 5, 1), Lunar(5, 5), Lunar(8, 15), new(year, 10, 10),
        };
        if (year >= 2025)
        {
            observed.AddRange([new(year, 9, 28), new(year, 10, 25), new(year, 12, 25)]);
        }

        var days = new HashSet<DateOnly> { newYear.AddDays(-1), newYear, newYear.AddDays(1), newYear.AddDays(2) };
        foreach (var d in observed)
        {
            days.Add(d);
            if (d.DayOfWeek == DayOfWeek.Saturday)
            {
                days.Add(d.AddDays(-1));
            }
            else if (d.DayOfWeek == DayOfWeek.Sunday)
            {
                days.Add(d.AddDays(1));
            }
        }

        // New Year days on a weekend are made up on the following working days.
        var lost = days.Count(d => d >= newYear.AddDays(-1) && d <= newYear.AddDays(2) && d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        var after = newYear.AddDays(2);
        for (var i = 0; i < lost; i++)
        {
            after = after.AddDays(1);
            while (after.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || days.Contains(after))
            {
                after = after.AddDays(1);
            }

            days.Add(after);
        }

        return days;
    }

    /// <summary>The Gregorian date of a lunar month and day in the lunar year that begins in <paramref name="year"/>.</summary>
    private static DateOnly FromLunar(EastAsianLunisolarCalendar calendar, int year, int month, int day)
    {
        // In a year with a leap month, months after it are numbered one higher.
        var leap = calendar.GetLeapMonth(year);
        var index = leap > 0 && month >= leap ? month + 1 : month;
        return DateOnly.FromDateTime(calendar.ToDateTime(year, index, day, 0, 0, 0, 0));
    }

    private static DateOnly NthWeekday(int year, int month, DayOfWeek weekday, int n)
    {
        var first = new DateOnly(year, month, 1);
        var offset = ((int)weekday - (int)first.DayOfWeek + 7) % 7;
        return first.AddDays(offset + ((n - 1) * 7));
    }
}
