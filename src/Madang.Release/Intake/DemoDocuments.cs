using System.Globalization;
using System.Text;
using Madang.Core.Audit;
using Madang.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Release.Intake;

/// <summary>Realistic synthetic documents (ko, ja, en) across the demo city's departments, some with planted personal data.</summary>
internal static class DemoDocuments
{
    private static readonly (string Lang, string Title, string Body)[] Templates =
    [
        ("ko", "{0} 추진 계획 보고", "1. 추진 배경\n\n{0}에 대한 시민 요구가 늘어 다음과 같이 추진하고자 합니다.\n\n2. 추진 내용\n\n사업비 {1:N0}원을 편성하고 관계 부서와 협의하여 단계적으로 시행합니다.\n\n3. 향후 계획\n\n분기별로 추진 상황을 점검하여 보고하겠습니다."),
        ("ko", "{0} 관련 민원 회신", "민원 회신\n\n성명: {2}\n연락처: {3}\n\n귀하께서 요청하신 {0}에 관한 민원을 검토한 결과를 다음과 같이 알려드립니다.\n\n관계 법령에 따라 {1:N0}원 범위에서 지원이 가능합니다."),
        ("ko", "{0} 위원회 회의록", "회의 일시: 2026년 {4}월 {5}일 14:00\n\n안건: {0}\n\n위원장: 원안대로 의결하겠습니다. 다음 회의에서 집행 결과를 보고받겠습니다."),
        ("ja", "{0}に関する報告", "1 目的\n\n{0}について、市民の皆さまの意見を踏まえ、次のとおり実施します。\n\n2 予算\n\n事業費 {1:N0}円を計上します。\n\n3 今後の予定\n\n四半期ごとに進捗を報告します。"),
        ("en", "Report on {0}", "Purpose\n\nThe city will carry out {0} as follows, based on residents' feedback.\n\nBudget\n\nA budget of {1:N0} won is allocated.\n\nNext steps\n\nProgress will be reported every quarter."),
    ];

    private static readonly string[] Topics =
    [
        "버스 노선 개편", "어르신 돌봄 지원", "미세먼지 저감", "공공 와이파이 확대", "보육시설 확충", "감염병 대응", "도로 포장 정비", "예산 공개",
    ];

    private static readonly Dictionary<string, string> TopicEn = new()
    {
        ["버스 노선 개편"] = "bus route reform", ["어르신 돌봄 지원"] = "elderly care support", ["미세먼지 저감"] = "fine dust reduction",
        ["공공 와이파이 확대"] = "public Wi-Fi expansion", ["보육시설 확충"] = "childcare facilities", ["감염병 대응"] = "infectious disease response",
        ["도로 포장 정비"] = "road resurfacing", ["예산 공개"] = "budget transparency",
    };

    private static readonly Dictionary<string, string> TopicJa = new()
    {
        ["버스 노선 개편"] = "バス路線の再編", ["어르신 돌봄 지원"] = "高齢者ケア支援", ["미세먼지 저감"] = "微小粒子状物質の削減",
        ["공공 와이파이 확대"] = "公衆Wi-Fiの拡大", ["보육시설 확충"] = "保育施設の拡充", ["감염병 대응"] = "感染症対策",
        ["도로 포장 정비"] = "道路舗装の整備", ["예산 공개"] = "予算の公開",
    };

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var count = services.GetRequiredService<IConfiguration>().GetValue("Madang:Release:DemoDocuments", 240);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        var departments = await db.Organisations.AsNoTracking().Where(o => o.Code.Contains('-')).Select(o => o.Code).OrderBy(c => c).ToListAsync(ct);
        if (departments.Count == 0)
        {
            return;
        }

        var random = new Random(2026);
        var names = new[] { "김민지", "이서연", "박지훈", "최유진" };
        var levels = IntakeMetadata.Levels.Keys.ToArray();
        // Approved over the last weeks, a few hours apart, so the figures look like a live city's.
        var start = services.GetRequiredService<TimeProvider>().GetUtcNow().AddHours(-7 * count - 24);
        for (var i = 0; i < count; i++)
        {
            await using var docScope = services.CreateAsyncScope();
            var intake = docScope.ServiceProvider.GetRequiredService<IntakeService>();
            var (lang, title, body) = Templates[i % Templates.Length];
            var topicKo = Topics[random.Next(Topics.Length)];
            var topic = lang switch { "en" => TopicEn[topicKo], "ja" => TopicJa[topicKo], _ => topicKo };
            var phone = $"010-{random.Next(2000, 9999)}-{random.Next(1000, 9999)}";
            var text = string.Format(CultureInfo.InvariantCulture, body, topic, random.Next(10, 900) * 1_000_000, names[random.Next(names.Length)], phone, random.Next(1, 12), random.Next(1, 28));
            var type = (i % Templates.Length) switch { 1 => "approval", 2 => "minutes", _ => "report" };
            var meta = new IntakeMetadata
            {
                SourceId = "DEMO-" + (i + 1).ToString("D5", CultureInfo.InvariantCulture),
                Title = string.Format(CultureInfo.InvariantCulture, title, topic),
                DocumentNumber = $"{departments[i % departments.Count]}-{1000 + i}",
                Department = departments[i % departments.Count],
                Author = "주무관 " + names[(i + 1) % names.Length],
                Approver = "과장 " + names[(i + 2) % names.Length],
                ApprovalLevel = levels[i % levels.Length],
                ApprovedAt = start.AddHours(i * 7).ToString("O", CultureInfo.InvariantCulture),
                Type = type,
                Disclosure = i % 17 == 0 ? "nonpublic" : i % 11 == 0 ? "partial" : "public",
                Exemptions = i % 17 == 0 ? [6] : null,
                Keywords = [topic],
                Language = lang,
            };
            var file = new IntakeFile("document.txt", new MemoryStream(Encoding.UTF8.GetBytes(text)));
            await intake.ReceiveAsync("demo", meta, [file], new Actor(null, "demo"), ct);
        }
    }
}
