using System.Globalization;
using System.Text;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Localization;
using Madang.Data.Catalog;
using Madang.Data.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Data.Demo;

/// <summary>The demo city's open data: daily test counts, heat shelters with coordinates, the budget by department, each in two versions.</summary>
public static class DemoDatasets
{
    private static readonly Actor Demo = new(null, "demo");

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogService>();
        var orgs = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Code, o => o.Id, ct);
        Guid Org(string code) => orgs.TryGetValue(code, out var id) ? id : orgs.Values.First();
        if (orgs.Count == 0)
        {
            return;
        }

        await SeedOneAsync(db, catalog, new DatasetInput
        {
            Name = "daily-covid19-tests",
            OrganisationId = Org("HEALTH-INF"),
            Title = LocalizedText.Of("코로나19 일별 검사 및 확진 현황", "新型コロナウイルス感染症 日別検査・陽性者数", "COVID-19 tests and positive cases per day",
                "新冠肺炎每日检测及确诊人数", "新冠肺炎每日檢測及確診人數"),
            Description = LocalizedText.Of(
                "마당시 보건소와 협력 의료기관에서 하루 동안 실시한 **검사 건수**와 **확진자 수**입니다.\n\n- 날짜는 검사 결과가 집계된 날입니다.\n- 확진자 수는 역학조사 후 정정될 수 있습니다.",
                "マダン市の保健所と協力医療機関で1日に実施した**検査件数**と**陽性者数**です。\n\n- 日付は検査結果を集計した日です。\n- 陽性者数は疫学調査の後に訂正されることがあります。",
                "The number of **tests** carried out per day by Madang City's health centres and partner clinics, and the **positive cases** among them.\n\n- The date is the day the results were counted.\n- Positive cases may be corrected after contact tracing.",
                "马当市保健所和合作医疗机构每日完成的**检测数**及**确诊人数**。\n\n- 日期为检测结果的统计日。\n- 确诊人数可能在流行病学调查后更正。",
                "馬當市衛生所和合作醫療機構每日完成的**檢測數**及**確診人數**。\n\n- 日期為檢測結果的統計日。\n- 確診人數可能在流行病學調查後更正。"),
            LicenseId = "CC-BY-4.0",
            Frequency = "DAILY",
            TemporalStart = new DateOnly(2020, 3, 1),
            TemporalEnd = new DateOnly(2020, 5, 31),
            Spatial = "Madang City",
            ContactName = "감염병관리과 Infectious Disease Control Division",
            ContactEmail = "infection@madang.local",
            Tags = ["covid19", "코로나19", "検査", "daily"],
            Themes = ["HEAL"],
            Extras = new Dictionary<string, string> { ["unit"] = "persons per day" },
        }, "daily-tests.csv",
            LocalizedText.Of("일별 검사 현황", "日別検査数", "Tests per day", "每日检测", "每日檢測"),
            [(DailyCsv(61, corrected: false), "첫 공개: 3–4월", Encoding.UTF8, true), (DailyCsv(92, corrected: true), "5월분 추가, 4월 12일 확진자 수 정정", Encoding.UTF8, true)], ct);

        await SeedOneAsync(db, catalog, new DatasetInput
        {
            Name = "heatwave-shelters",
            OrganisationId = Org("WEL-SEN"),
            Title = LocalizedText.Of("무더위쉼터 위치", "暑さ避難所（クーリングシェルター）一覧", "Heatwave shelters", "避暑中心位置", "避暑中心位置"),
            Description = LocalizedText.Of(
                "여름철 폭염 때 누구나 쉬어 갈 수 있는 무더위쉼터의 위치(위도·경도)와 구분, 수용 인원입니다. 원본 파일은 **CP949(EUC-KR)** 로 작성되었습니다.",
                "猛暑時に誰でも休める避難所の位置（緯度・経度）、種別、収容人数です。元のファイルは **CP949（EUC-KR）** で作成されています。",
                "Places anyone can rest during a heatwave: location (latitude, longitude), kind and capacity. The source file is encoded in **CP949 (EUC-KR)**, as many Korean systems still write it.",
                "高温天气时任何人都可休息的避暑中心：位置（纬度、经度）、类别和容纳人数。原始文件采用 **CP949（EUC-KR）** 编码。",
                "高溫天氣時任何人都可休息的避暑中心：位置（緯度、經度）、類別和容納人數。原始檔案採用 **CP949（EUC-KR）** 編碼。"),
            LicenseId = "KOGL-Type1",
            Frequency = "MONTHLY",
            Spatial = "Madang City",
            ContactName = "어르신복지과 Senior Welfare Division",
            ContactEmail = "senior@madang.local",
            Source = "https://data.madang.local/shelters",
            Tags = ["무더위쉼터", "shelter", "폭염", "geo"],
            Themes = ["SOCI", "REGI"],
        }, "shelters.csv",
            LocalizedText.Of("무더위쉼터 목록", "避難所一覧", "Shelter list", "避暑中心列表", "避暑中心列表"),
            [(SheltersCsv(24), "2025년 6월 지정분", Cp949(), false), (SheltersCsv(36), "7월 추가 지정 12곳 반영", Cp949(), false)], ct);

        await SeedOneAsync(db, catalog, new DatasetInput
        {
            Name = "budget-by-department",
            OrganisationId = Org("PLAN-BUD"),
            Title = LocalizedText.Of("부서별 세출 예산", "部署別歳出予算", "Spending budget by department", "各部门支出预算", "各部門支出預算"),
            Description = LocalizedText.Of(
                "마당시 본예산 기준 부서별 세출 예산(원)입니다.\n\n| 열 | 뜻 |\n|---|---|\n| department | 부서 코드 |\n| year | 회계연도 |\n| budget_krw | 예산(원) |",
                "マダン市当初予算の部署別歳出予算（ウォン）です。",
                "Madang City's adopted spending budget per department, in Korean won.\n\n| column | meaning |\n|---|---|\n| department | department code |\n| year | fiscal year |\n| budget_krw | budget in won |",
                "马当市本预算中各部门的支出预算（韩元）。",
                "馬當市本預算中各部門的支出預算（韓元）。"),
            LicenseId = "CC0-1.0",
            Frequency = "ANNUAL",
            TemporalStart = new DateOnly(2023, 1, 1),
            TemporalEnd = new DateOnly(2025, 12, 31),
            Spatial = "Madang City",
            ContactName = "예산담당관 Budget Division",
            ContactEmail = "budget@madang.local",
            Tags = ["예산", "budget", "finance"],
            Themes = ["ECON", "GOVE"],
            Extras = new Dictionary<string, string> { ["currency"] = "KRW", ["basis"] = "adopted budget" },
        }, "budget.csv",
            LocalizedText.Of("부서별 예산", "部署別予算", "Budget per department", "各部门预算", "各部門預算"),
            [(BudgetCsv(2023, 2024), "2023–2024 회계연도", Encoding.UTF8, false), (BudgetCsv(2023, 2025), "2025 회계연도 본예산 추가", Encoding.UTF8, false)], ct);
    }

    private static Encoding Cp949()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(949);
    }

    private static async Task SeedOneAsync(MadangDbContext db, CatalogService catalog, DatasetInput input, string fileName, LocalizedText resourceName,
        IReadOnlyList<(string Csv, string Changelog, Encoding Encoding, bool Bom)> versions, CancellationToken ct)
    {
        if (await db.Set<Dataset>().AnyAsync(d => d.Name == input.Name, ct))
        {
            return;
        }

        var d = await catalog.SaveAsync(input, Demo, ct: ct);
        var r = await catalog.AddResourceAsync(d, new DataResource { Name = resourceName, Kind = ResourceKind.Upload, Format = "CSV" }, Demo, ct);
        foreach (var (csv, changelog, encoding, bom) in versions)
        {
            var bytes = encoding.GetBytes(csv);
            var content = bom ? [.. encoding.GetPreamble(), .. bytes] : bytes;
            await catalog.AddVersionAsync(d, r, new MemoryStream(content), fileName, changelog, Demo, ct);
        }
    }

    /// <summary>Tests and positives per day from 1 March 2020, rising and falling like a first wave.</summary>
    internal static string DailyCsv(int days, bool corrected)
    {
        var random = new Random(2020);
        var sb = new StringBuilder("date,tested,positive\r\n");
        var start = new DateOnly(2020, 3, 1);
        for (var i = 0; i < days; i++)
        {
            var wave = Math.Exp(-Math.Pow((i - 40) / 18.0, 2));
            var tested = 180 + (int)(900 * wave) + random.Next(0, 120);
            var positive = (int)(tested * (0.01 + (0.07 * wave))) + random.Next(0, 4);
            if (corrected && i == 42)
            {
                positive -= 3; // 12 April: three cases moved to the next day after contact tracing
            }

            sb.Append(CultureInfo.InvariantCulture, $"{start.AddDays(i):yyyy-MM-dd},{tested},{positive}\r\n");
        }

        return sb.ToString();
    }

    private static readonly string[] Districts = ["중앙동", "강변동", "솔내동", "새마을동", "푸른동", "한빛동"];
    private static readonly string[] Kinds = ["경로당", "주민센터", "도서관", "복지관"];

    /// <summary>Shelters with Korean names, kind, address and WGS84 coordinates around the city centre.</summary>
    internal static string SheltersCsv(int count)
    {
        var random = new Random(949);
        var sb = new StringBuilder("시설명,구분,주소,위도,경도,수용인원\r\n");
        for (var i = 0; i < count; i++)
        {
            var district = Districts[i % Districts.Length];
            var kind = Kinds[(i / Districts.Length) % Kinds.Length];
            var lat = 37.55 + (random.NextDouble() * 0.08);
            var lon = 126.95 + (random.NextDouble() * 0.1);
            sb.Append(CultureInfo.InvariantCulture, $"{district} {kind} {i + 1}호,{kind},\"마당시 {district} {random.Next(1, 300)}-{random.Next(1, 40)}\",{lat:F6},{lon:F6},{random.Next(2, 12) * 10}\r\n");
        }

        return sb.ToString();
    }

    private static readonly (string Code, long Base)[] Budgets =
    [
        ("PLAN", 41_200_000_000), ("WEL", 389_500_000_000), ("TRN", 214_800_000_000), ("ENV", 96_300_000_000), ("HEALTH", 77_900_000_000), ("DIGI", 18_600_000_000),
    ];

    /// <summary>Adopted budget per bureau and year, growing a few per cent a year.</summary>
    internal static string BudgetCsv(int from, int to)
    {
        var sb = new StringBuilder("department,year,budget_krw\r\n");
        for (var year = from; year <= to; year++)
        {
            foreach (var (code, amount) in Budgets)
            {
                var growth = Math.Pow(1.035 + (code.Length * 0.002), year - 2023);
                sb.Append(CultureInfo.InvariantCulture, $"{code},{year},{(long)(amount * growth / 1_000_000) * 1_000_000}\r\n");
            }
        }

        return sb.ToString();
    }
}
