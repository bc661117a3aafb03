using System.Net;
using Madang.Core.Data;
using Madang.Core.Permissions;
using Madang.Participation.Domain;
using Madang.Participation.Proposals;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Madang.Web.Tests.Participation;

/// <summary>The ladders run from configuration alone, on a fake clock: Seoul's 50-500-5,000 and its 2020 rules.</summary>
public sealed class LadderTests
{
    internal static string Ladder2017(string slug, string dept, string mayor) => $$"""
        slug: {{slug}}
        title: { ko: 시민제안 50-500-5000, en: Citizen proposals 50-500-5000 }
        propose: email
        support: phone
        ladder:
          - { supports: 50, within: 30, then: answer, answerWithin: 20, remindBefore: 3 }
          - { supports: 500, then: debate, debateDays: 30 }
          - { participants: 5000, then: mayor, answeredBy: {{mayor}}, answerWithin: 30 }
        categories:
          - { code: welfare, department: {{dept}}, name: { ko: 복지, en: Welfare } }
        """;

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task FiftySupportsObligeAnAnswer_RemindedThenEscalatedWhenOverdue_AndCountedAgainstTheDepartment(string provider)
    {
        await using var app = await MadangTestApp.StartAsync(Enum.Parse<DatabaseProvider>(provider));
        var dept = await People.OrganisationAsync(app);
        var mayor = await People.OrganisationAsync(app);
        var (officer, _) = await People.CreateAsync(app, Roles.Staff, totp: true, dept.Code);
        var (head, _) = await People.CreateAsync(app, Roles.DepartmentHead, totp: true, dept.Code);
        var slug = await Citizens.ProcessAsync(app, Ladder2017("s2017-" + provider.ToLowerInvariant(), dept.Code, mayor.Code));
        var people = await Citizens.CreateAsync(app, 51);
        var author = people[50];
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var t0 = clock.GetUtcNow();

        await using var s = new Clocked(app, clock);
        var p = await s.Proposals.CreateAsync(slug, author, new ProposalDraft("어르신 복지관 셔틀버스", "복지관까지 가는 버스가 없습니다.", "welfare"));
        Assert.Equal(dept.Id, p.DepartmentId); // the category's department answers by default
        for (var i = 0; i < 49; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(10));
            Assert.True(await s.Proposals.SupportAsync(p.Id, people[i]));
        }

        Assert.Empty(await s.Db.Set<Obligation>().Where(o => o.ProposalId == p.Id).ToListAsync());
        Assert.False(await s.Proposals.SupportAsync(p.Id, people[0])); // a second support from the same person counts nothing
        Assert.True(await s.Proposals.SupportAsync(p.Id, people[49])); // the 50th
        var reachedAt = clock.GetUtcNow();
        var owed = await s.Db.Set<Obligation>().AsNoTracking().SingleAsync(o => o.ProposalId == p.Id);
        Assert.Equal(dept.Id, owed.OrganisationId);
        Assert.Equal(reachedAt.AddDays(20), owed.DueAt, TimeSpan.FromMilliseconds(1)); // PostgreSQL keeps microseconds
        Assert.True(await s.Db.InboxMessages.AnyAsync(m => m.UserId == officer.Id && m.Url == "admin/participation/proposals/" + p.Id));

        // Sixteen days on: nothing yet. Seventeen, three days before the due date: the department's staff are reminded, once.
        clock.Advance(TimeSpan.FromDays(16));
        Assert.Equal(0, (await s.Sweeper.SweepAsync()).Reminded);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, (await s.Sweeper.SweepAsync()).Reminded);
        Assert.Equal(0, (await s.Sweeper.SweepAsync()).Reminded);
        Assert.Equal(2, await s.Db.InboxMessages.CountAsync(m => m.UserId == officer.Id && m.Url == "admin/participation/proposals/" + p.Id));

        // Past the due date: escalated to the head, the author told; the public page and the figures show it.
        clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        var authorMessages = await s.Db.InboxMessages.CountAsync(m => m.UserId == author && m.Url == "proposals/" + p.Id);
        var sweep = await s.Sweeper.SweepAsync();
        Assert.Equal(1, sweep.Escalated);
        Assert.Equal(0, (await s.Sweeper.SweepAsync()).Escalated);
        Assert.True(await s.Db.InboxMessages.AnyAsync(m => m.UserId == head.Id && m.Subject.Contains("Overdue")));
        Assert.Equal(authorMessages + 1, await s.Db.InboxMessages.CountAsync(m => m.UserId == author && m.Url == "proposals/" + p.Id));
        var client = app.Client();
        var page = await client.GetStringAsync($"/en/proposals/{p.Id}");
        Assert.Contains("Overdue", page, StringComparison.Ordinal);
        var figures = await client.GetStringAsync("/ko/participation/departments");
        var row = Row(figures, dept.Name.Get("ko"));
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(row, @"^[^<]*</th><td>0</td><td>0</td><td>0</td><td><strong>1</strong></td>"), row[..Math.Min(200, row.Length)]);

        // The department answers late: counted as late, and the proposal waits only for its next steps.
        await s.Proposals.AnswerAsync(p.Id, dept.Id, AnswerStatus.PartlyAccepted, "셔틀버스 시범 운행을 검토합니다.", new Madang.Core.Audit.Actor(officer.Id, "officer"));
        figures = await client.GetStringAsync("/ko/participation/departments");
        row = Row(figures, dept.Name.Get("ko"));
        Assert.Matches(@"^[^<]*</th><td>0</td><td>1</td><td>0</td><td>0</td>", row);
        page = await client.GetStringAsync($"/en/proposals/{p.Id}");
        Assert.Contains("Partly accepted", page, StringComparison.Ordinal);
        Assert.Contains("셔틀버스 시범 운행을 검토합니다.", page, StringComparison.Ordinal);
        Assert.Equal(ProposalStatus.Open, (await s.Db.Set<Proposal>().AsNoTracking().SingleAsync(x => x.Id == p.Id)).Status);
        _ = t0;
    }

    /// <summary>The figures row of one department, without the whitespace between cells.</summary>
    private static string Row(string html, string name) =>
        System.Text.RegularExpressions.Regex.Replace(html[html.IndexOf(name, StringComparison.Ordinal)..], @"\s*([<>])\s*", "$1");

    [Fact]
    public async Task AProposalThatMissesItsWindowClosesAndItsAuthorIsTold()
    {
        await using var app = await MadangTestApp.StartAsync();
        var dept = await People.OrganisationAsync(app);
        var slug = await Citizens.ProcessAsync(app, Ladder2017("s2017-window", dept.Code, dept.Code));
        var people = await Citizens.CreateAsync(app, 11);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var s = new Clocked(app, clock);
        var p = await s.Proposals.CreateAsync(slug, people[10], new ProposalDraft("Benches in the park", "There is nowhere to sit.", "welfare", Language: "en"));
        foreach (var who in people.Take(10))
        {
            await s.Proposals.SupportAsync(p.Id, who);
        }

        clock.Advance(TimeSpan.FromDays(30));
        await s.Sweeper.SweepAsync();
        Assert.Equal(ProposalStatus.Open, (await s.Db.Set<Proposal>().AsNoTracking().SingleAsync(x => x.Id == p.Id)).Status);
        clock.Advance(TimeSpan.FromMinutes(1));
        await s.Sweeper.SweepAsync();
        var closed = await s.Db.Set<Proposal>().AsNoTracking().SingleAsync(x => x.Id == p.Id);
        Assert.Equal(ProposalStatus.Expired, closed.Status);
        Assert.Equal(10, closed.SupportCount);
        Assert.True(await s.Db.InboxMessages.AnyAsync(m => m.UserId == people[10] && m.Url == "proposals/" + p.Id && m.Body.Contains("10")));
        var ex = await Assert.ThrowsAsync<ParticipationException>(() => s.Proposals.SupportAsync(p.Id, people[0]));
        Assert.Equal("participation.error.supportsclosed", ex.Key);
        var page = await app.Client().GetStringAsync($"/en/proposals/{p.Id}");
        Assert.Contains("Window passed", page, StringComparison.Ordinal);
        Assert.Contains("no longer takes supports", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seoul2020_HundredSupportsOpenADebate_AThousandParticipantsBringTheMayorsAnswer_FromTheShippedFile()
    {
        await using var app = await MadangTestApp.StartAsync(seedDemo: true);
        var people = await Citizens.CreateAsync(app, 1001);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var s = new Clocked(app, clock);
        var p = await s.Proposals.CreateAsync("seoul-2020", people[1000], new ProposalDraft("지하철 막차 연장", "금요일 막차를 한 시간 늘려 주세요.", "transport", "east"));
        for (var i = 0; i < 100; i++)
        {
            await s.Proposals.SupportAsync(p.Id, people[i]);
        }

        var debate = await s.Db.Set<Debate>().AsNoTracking().SingleAsync(d => d.ProposalId == p.Id);
        Assert.Equal(clock.GetUtcNow().AddDays(30), debate.ClosesAt);
        Assert.Empty(await s.Db.Set<Obligation>().Where(o => o.ProposalId == p.Id).ToListAsync()); // 2020: no department step
        for (var i = 0; i < 1000; i++)
        {
            await s.Debates.TakePositionAsync(debate.Id, people[i], i % 3 == 0 ? Side.Against : Side.For);
        }

        await s.Debates.TakePositionAsync(debate.Id, people[0], Side.For); // a change of mind replaces, it does not add
        Assert.Equal(1000, await s.Db.Set<DebatePosition>().CountAsync(x => x.DebateId == debate.Id));
        var owed = await s.Db.Set<Obligation>().AsNoTracking().SingleAsync(o => o.ProposalId == p.Id);
        Assert.Equal(ObligationKind.Mayor, owed.Kind);
        Assert.Equal(await s.Db.Organisations.Where(o => o.Code == "CITY").Select(o => o.Id).SingleAsync(), owed.OrganisationId);
        var page = await app.Client().GetStringAsync($"/en/proposals/{p.Id}");
        Assert.Contains("participatory budget", page, StringComparison.Ordinal);
        Assert.Contains("the Mayor answers", page, StringComparison.Ordinal);
        var debatePage = await app.Client().GetAsync($"/ko/debates/{debate.Id}");
        Assert.Equal(HttpStatusCode.OK, debatePage.StatusCode);
    }
}
