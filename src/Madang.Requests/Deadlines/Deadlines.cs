using Madang.Requests.Rules;

namespace Madang.Requests.Deadlines;

/// <summary>
/// Turns "N working days" into instants: a deadline ends at midnight, in the site's time zone, at the end of the Nth
/// working day after the day of receipt (the day of receipt is not counted, as disclosure laws count).
/// </summary>
public sealed class DeadlineClock(RulesFile rules, TimeZoneInfo zone)
{
    private readonly HolidayCalendar calendar = rules.Calendar();

    public HolidayCalendar Calendar => calendar;

    /// <summary>The local date of an instant in the offices' time zone.</summary>
    public DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);

    /// <summary>The end of the <paramref name="workingDays"/>th working day after <paramref name="from"/>'s date.</summary>
    public DateTimeOffset Due(DateTimeOffset from, int workingDays) => EndOf(calendar.AddWorkingDays(LocalDate(from), workingDays));

    /// <summary>The end of a given local day, as an instant.</summary>
    public DateTimeOffset EndOf(DateOnly day)
    {
        var midnight = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToUniversalTime();
    }

    /// <summary>The start of the working day that lies <paramref name="workingDays"/> working days before <paramref name="due"/>'s day.</summary>
    public DateTimeOffset ReminderAt(DateTimeOffset due, int workingDays)
    {
        // The due instant is midnight after the last day; that last day is the one before it, locally.
        var day = LocalDate(due.AddTicks(-1));
        for (var i = 0; i < workingDays;)
        {
            day = day.AddDays(-1);
            if (calendar.IsWorkingDay(day))
            {
                i++;
            }
        }

        var start = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(start, zone.GetUtcOffset(start)).ToUniversalTime();
    }
}
