using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Permissions;
using Madang.Requests.Domain;
using Madang.Requests.Requests;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Madang.Web.Tests.Requests;

/// <summary>Deadlines in working days on a fake clock, on both databases: Seoul's calendar, an extension, a reminder,
/// an escalation to the head of department, and the department's figures.</summary>
public sealed class RequestDeadlineTests
{
    private static readonly TimeSpan Kst = TimeSpan.FromHours(9);

    /// <summary>An instant in Seoul, as the clock gives it (UTC).</summary>
    private static DateTimeOffset Seoul(int month, int day, int hour, int minute = 0, int second = 0) =>
        new DateTimeOffset(2026, month, day, hour, minute, second, Kst).ToUniversalTime();

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ADisclosureRequestIsDueInTenWorkingDays_ExtendedOnce_ThenRemindedAndEscalatedWhenOverdue(string provider)
    {
        await using var app = await MadangTestApp.StartAsync(Enum.Parse<DatabaseProvider>(provider), false, false, "--Madang:RunWorkers=false");
        var dept = await People.OrganisationAsync(app);
        var (officer, _) = await People.CreateAsync(app, Roles.Staff, totp: true, dept.Code);
        var (head, _) = await People.CreateAsync(app, Roles.DepartmentHead, totp: true, dept.Code);
        var (citizen, _) = await People.CreateAsync(app, Roles.Citizen, totp: false);
        var documentId = await RequestJourneyTests.DocumentAsync(app, dept.Id, "시립도서관 운영 계획");

        // Received on Friday 13 February 2026 at 16:30 in Seoul, just before Seollal (16–18 February).
        var clock = new FakeTimeProvider(Seoul(2, 13, 16, 30));
        await using var scope = app.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var requests = ActivatorUtilities.CreateInstance<RequestService>(sp, clock);
        var sweeper = ActivatorUtilities.CreateInstance<RequestSweeper>(sp, clock);
        var db = sp.GetRequiredService<MadangDbContext>();
        var r = await requests.AskAsync(new AskDraft(RequestKind.Disclosure, "도서관 이용자 수", "2025년 월별 이용자 수", "document:" + documentId,
            Form: DisclosureForm.Electronic, Language: "ko"), citizen.Id);

        // Working days: 19, 20, 23, 24, 25, 26, 27 February, 3, 4, 5 March (2 March substitutes for 1 March, a Sunday).
        Assert.Equal(new DateTimeOffset(2026, 3, 6, 0, 0, 0, Kst), r.DueAt);
        Assert.Equal(new DateTimeOffset(2026, 2, 20, 0, 0, 0, Kst), r.AcknowledgeBy);

        var staff = new Actor(officer.Id, officer.DisplayName);
        clock.SetUtcNow(Seoul(2, 19, 10, 0, 0));
        await requests.AcknowledgeAsync(r.Id, staff);
        clock.SetUtcNow(Seoul(3, 4, 10, 0, 0));
        await requests.ExtendAsync(r.Id, "자료가 여러 부서에 나뉘어 있습니다.", staff);
        r = await db.Set<Request>().AsNoTracking().SingleAsync(x => x.Id == r.Id);
        // Ten more working days after 5 March: 6, 9, 10, 11, 12, 13, 16, 17, 18, 19 March.
        Assert.Equal(new DateTimeOffset(2026, 3, 20, 0, 0, 0, Kst), r.DueAt);
        Assert.Equal(RequestState.Extended, r.State);
        var twice = await Assert.ThrowsAsync<RequestException>(() => requests.ExtendAsync(r.Id, "다시", staff));
        Assert.Equal("requests.error.extension", twice.Key);

        // Two working days before the last day (19 March), the department's staff are reminded, once.
        clock.SetUtcNow(Seoul(3, 16, 23, 0, 0));
        Assert.Equal(new RequestSweepResult(0, 0), await sweeper.SweepAsync());
        clock.SetUtcNow(Seoul(3, 17, 8, 0, 0));
        Assert.Equal(new RequestSweepResult(1, 0), await sweeper.SweepAsync());
        Assert.Equal(new RequestSweepResult(0, 0), await sweeper.SweepAsync());
        Assert.True(await db.InboxMessages.AnyAsync(m => m.UserId == officer.Id && m.Subject == "A request is due soon"));

        // Past midnight at the end of 19 March it is overdue: the head is told, so is the requester, and it shows.
        clock.SetUtcNow(Seoul(3, 20, 0, 0, 1));
        Assert.Equal(new RequestSweepResult(0, 1), await sweeper.SweepAsync());
        Assert.Equal(new RequestSweepResult(0, 0), await sweeper.SweepAsync());
        Assert.True(await db.InboxMessages.AnyAsync(m => m.UserId == head.Id && m.Subject == "A request is overdue"));
        Assert.True(await db.InboxMessages.AnyAsync(m => m.UserId == citizen.Id && m.Url == "requests/" + r.Id && m.Subject == "Your request is overdue"));
        Assert.True(await db.Set<RequestEvent>().AnyAsync(e => e.RequestId == r.Id && e.Kind == "escalated"));

        var figures = await app.Client().GetStringAsync("/en/requests/departments");
        var row = figures[figures.IndexOf(dept.Name.Get("en"), StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("<strong class=\"tag overdue\">1</strong>", row, StringComparison.Ordinal);

        // Answered late: no longer overdue, counted as late.
        clock.SetUtcNow(Seoul(3, 23, 9, 0, 0));
        var noGrounds = await Assert.ThrowsAsync<RequestException>(() => requests.AnswerAsync(r.Id, Outcome.PartlyDisclosed, "월별 합계를 공개합니다.", null, staff));
        Assert.Equal("requests.error.grounds", noGrounds.Key); // partly disclosed needs its legal grounds
        await requests.AnswerAsync(r.Id, Outcome.PartlyDisclosed, "월별 합계를 공개합니다. 개인별 기록은 제외합니다.", "제9조 제1항 제6호", staff);
        figures = await app.Client().GetStringAsync("/en/requests/departments");
        row = figures[figures.IndexOf(dept.Name.Get("en"), StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.DoesNotContain("tag overdue", row, StringComparison.Ordinal);
        var cells = System.Text.RegularExpressions.Regex.Matches(row, "<td class=\"numbers\">([^<]*)</td>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["1", "0", "1", "0", "0"], cells.Take(5)); // received, on time, late, waiting, overdue

        // The requester objects within 30 days; the objection is due in 7 working days, and the original stays open.
        clock.SetUtcNow(Seoul(3, 24, 9, 0, 0));
        var objection = await requests.ObjectAsync(r.Id, citizen.Id, "개인 기록을 가린 사본도 공개할 수 있습니다.");
        Assert.Equal(new DateTimeOffset(2026, 4, 3, 0, 0, 0, Kst), objection.DueAt);
        var closing = await Assert.ThrowsAsync<RequestException>(() => requests.CloseAsync(r.Id, staff));
        Assert.Equal("requests.error.objectionopen", closing.Key);
    }
}
