using Madang.Requests.Deadlines;
using Madang.Requests.Rules;

namespace Madang.Core.Tests;

/// <summary>The offices' calendars for 2026, checked against the holidays each government announced, and deadlines
/// counted in working days as disclosure laws count them.</summary>
public sealed class HolidayCalendarTests
{
    private static DateOnly D(int m, int d) => new(2026, m, d);

    [Fact]
    public void Korea2026_LunarHolidaysAndSubstituteDays()
    {
        var kr = new HolidayCalendar("kr");
        // Seollal (lunar new year 17 February), Buddha's Birthday on a Sunday (24 May → 25 May), Chuseok 24–26 September.
        DateOnly[] holidays = [D(1, 1), D(2, 16), D(2, 17), D(2, 18), D(3, 1), D(3, 2), D(5, 5), D(5, 24), D(5, 25), D(6, 6), D(8, 15), D(8, 17),
            D(9, 24), D(9, 25), D(9, 26), D(10, 3), D(10, 5), D(10, 9), D(12, 25)];
        Assert.All(holidays, d => Assert.True(kr.IsHoliday(d), $"{d} is a holiday in Korea"));
        var all = Enumerable.Range(0, 365).Select(i => D(1, 1).AddDays(i)).Where(kr.IsHoliday).ToList();
        Assert.Equal(holidays.Order(), all);
        // Chuseok's Saturday (26 September) gives no substitute: only Sundays and other holidays do.
        Assert.True(kr.IsWorkingDay(D(9, 28)));
    }

    [Fact]
    public void Japan2026_EquinoxesHappyMondaysSubstituteCitizensHolidayAndYearEnd()
    {
        var jp = new HolidayCalendar("jp");
        DateOnly[] expected = [D(1, 1), D(1, 2), D(1, 3), D(1, 12), D(2, 11), D(2, 23), D(3, 20), D(4, 29), D(5, 3), D(5, 4), D(5, 5), D(5, 6),
            D(7, 20), D(8, 11), D(9, 21), D(9, 22), D(9, 23), D(10, 12), D(11, 3), D(11, 23), D(12, 29), D(12, 30), D(12, 31)];
        var all = Enumerable.Range(0, 365).Select(i => D(1, 1).AddDays(i)).Where(jp.IsHoliday).ToList();
        Assert.Equal(expected, all);
    }

    [Fact]
    public void Taiwan2026_LunarNewYearObservedDaysAndMakeUpSaturdays()
    {
        var tw = new HolidayCalendar("tw", workdays: [D(2, 7)]);
        DateOnly[] some = [D(1, 1), D(2, 16), D(2, 17), D(2, 18), D(2, 19), D(2, 27), D(2, 28), D(4, 3), D(4, 5), D(4, 6), D(5, 1), D(6, 19), D(9, 25),
            D(9, 28), D(10, 9), D(10, 10), D(10, 26), D(12, 25)];
        Assert.All(some, d => Assert.True(tw.IsHoliday(d), $"{d} is a holiday in Taiwan"));
        Assert.True(tw.IsWorkingDay(D(2, 7))); // a make-up working Saturday from the rules file
        Assert.False(tw.IsWorkingDay(D(2, 14)));
    }

    [Fact]
    public void TenWorkingDays_SkipWeekendsHolidaysAndTheCitysOwnClosures_AndEndAtMidnightInTheCitysZone()
    {
        // Received on Friday 13 February 2026 in Seoul: Seollal (16–18) and two weekends are skipped.
        var rules = RulesFile.Parse("country: kr\nholidays: [2026-02-24]\n");
        var seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");
        var clock = new DeadlineClock(rules, seoul);
        // Working days: 19, 20, 23, 25, 26, 27 February, 3, 4, 5, 6 March (24 February closed, 2 March substitutes for 1 March).
        Assert.Equal(D(3, 6), clock.Calendar.AddWorkingDays(D(2, 13), 10));
        var received = new DateTimeOffset(2026, 2, 13, 16, 30, 0, TimeSpan.FromHours(9));
        var due = clock.Due(received, 10);
        Assert.Equal(new DateTimeOffset(2026, 3, 7, 0, 0, 0, TimeSpan.FromHours(9)), due);
        Assert.Equal(D(3, 6), clock.LocalDate(due.AddTicks(-1)));
        // Reminded four working days before the last day: at the start of Friday 27 February, skipping 2 March.
        Assert.Equal(new DateTimeOffset(2026, 2, 27, 0, 0, 0, TimeSpan.FromHours(9)), clock.ReminderAt(due, 4));
    }

    [Fact]
    public void ARulesFileWithMistakes_ListsEachOneWithItsPlace()
    {
        var e = Assert.Throws<RulesFileException>(() => RulesFile.Parse(
            "country: xx\nholidays: [2026-13-01]\nquestion: { answer: 0, remindBefore: 3, verify: retina }\ncategories:\n  - { code: roads }\n"));
        Assert.Contains("country: must be one of kr, jp, tw, none.", e.Problems);
        Assert.Contains("holidays[0]: '2026-13-01' is not a date like 2026-06-03.", e.Problems);
        Assert.Contains("question.answer: must be at least 1 working day.", e.Problems);
        Assert.Contains("question.verify: must be one of none, email, phone, census.", e.Problems);
        Assert.Contains("categories[0]: a code and a department are needed.", e.Problems);
    }
}
