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

        var process = await store.FindAsync("seoul-2020", ct);
        await sp.GetRequiredService<PanelService>().CreateAsync("seoul-2020", "2027 의제선정단 / Agenda panel 2027", 20, demo, ct);
        _ = process;
    }
}
