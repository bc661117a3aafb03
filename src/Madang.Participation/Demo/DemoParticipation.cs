using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Participation.Panels;
using Madang.Participation.Processes;
using Madang.Participation.Proposals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Participation.Demo;

/// <summary>The demo city's two ladders (Seoul 2017 and 2020, embedded beside this class), a few proposals and a panel.</summary>
public static class DemoParticipation
{
    public static readonly IReadOnlyList<string> Files = ["seoul-2020.yaml", "seoul-2017.yaml"];

    public static string Example(string name)
    {
        using var stream = typeof(DemoParticipation).Assembly.GetManifestResourceStream("Madang.Participation.Demo." + name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var store = sp.GetRequiredService<ProcessStore>();
        var demo = new Actor(null, "demo");
        foreach (var name in Files)
        {
            if (await store.FindAsync(Path.GetFileNameWithoutExtension(name), ct) is null)
            {
                await store.SaveAsync(Example(name), demo, ct);
            }
        }

        var db = sp.GetRequiredService<MadangDbContext>();
        var citizen = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == "citizen@madang.local", ct);
        if (citizen is null || await db.Set<Domain.Proposal>().AnyAsync(ct))
        {
            return;
        }

        var proposals = sp.GetRequiredService<ProposalService>();
        await proposals.CreateAsync("seoul-2020", citizen.Id, new ProposalDraft(
            "버스 정류장에 실시간 도착 안내판을 늘려 주세요",
            "어르신들은 스마트폰 앱을 쓰기 어렵습니다. 북구의 정류장 절반에는 **도착 안내판**이 없습니다.\n\n- 우선 병원과 복지관 앞 정류장부터\n- 큰 글씨와 음성 안내",
            "transport", "north", Language: "ko"), ct);
        await proposals.CreateAsync("seoul-2020", citizen.Id, new ProposalDraft(
            "公園の夜間照明をLEDに替えてください",
            "南区の公園は夜になると暗く、散歩する人が不安を感じています。LED照明にすれば電気代も下がります。",
            "environment", "south", Language: "ja"), ct);
        await proposals.CreateAsync("seoul-2017", citizen.Id, new ProposalDraft(
            "Publish every council budget line as open data",
            "The budget is published as PDF tables. A CSV with one row per budget line, updated monthly, would let anyone follow spending.",
            "welfare", null, Language: "en"), ct);

        await sp.GetRequiredService<PanelService>().CreateAsync("seoul-2020", "2027 의제선정단 / Agenda panel 2027", 20, demo, ct);

        var digital = await db.Organisations.Where(o => o.Code == "DIGI").Select(o => o.Id).SingleAsync(ct);
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
        await sp.GetRequiredService<Consultations.ConsultationService>().CreateAsync(new Consultations.ConsultationDraft("seoul-2020", digital,
            "새 공공데이터 포털의 이름을 골라 주세요", "올해 가을 새 공공데이터 포털이 문을 엽니다. 시민 여러분이 이름을 골라 주세요.\n\n- 투표는 2주 동안 열립니다\n- 결과는 바로 공개됩니다",
            Domain.ConsultationKind.Vote, Domain.ChoiceMode.Single, ["마당 데이터", "열린 마당", "데이터 광장"], now.AddDays(-1), now.AddDays(14), true, "ko"), demo, ct);
        var commitments = sp.GetRequiredService<Commitments.CommitmentService>();
        var c = await commitments.CreateAsync(new Commitments.CommitmentDraft("결재문서 자동 공개 확대", "결재가 끝난 문서를 개인정보를 가린 뒤 자동으로 공개하는 범위를 모든 부서로 넓힙니다.",
            digital, Budget: 350_000_000m, StartsOn: DateOnly.FromDateTime(now.UtcDateTime.AddMonths(-2)), DueOn: DateOnly.FromDateTime(now.UtcDateTime.AddMonths(6))), demo, ct);
        await commitments.AddMilestoneAsync(c.Id, "국장급 문서 공개", DateOnly.FromDateTime(now.UtcDateTime.AddMonths(-1)), demo, ct);
        await commitments.AddMilestoneAsync(c.Id, "모든 과장급 문서 공개", DateOnly.FromDateTime(now.UtcDateTime.AddMonths(3)), demo, ct);
        await commitments.UpdateAsync(c.Id, "국장급 결재문서의 자동 공개를 시작했습니다.", null, 40, Domain.CommitmentStatus.InProgress, demo, ct);
    }
}
