namespace Madang.Bench;

/// <summary>Deterministic synthetic administrative documents in Korean, Japanese, Chinese and English.</summary>
public static class Corpus
{
    private static readonly string[][] Vocabulary =
    [
        ["예산", "편성", "집행", "보고서", "시민", "참여", "복지", "교통", "버스", "노선", "환경", "대기질", "결재", "공문", "회의록", "위원회", "계획", "추진", "현황", "개선", "지원", "사업", "주민", "안전", "도로"],
        ["予算", "編成", "執行", "報告書", "市民", "参加", "福祉", "交通", "路線", "環境", "大気", "決裁", "会議録", "委員会", "計画", "推進", "状況", "改善", "支援", "事業", "住民", "安全", "道路", "東京都", "感染症"],
        ["预算", "编制", "执行", "报告", "市民", "参与", "福利", "交通", "公交", "线路", "环境", "空气", "会议", "委员会", "计划", "推进", "情况", "改善", "支持", "项目", "居民", "安全", "道路", "口罩", "防疫"],
        ["budget", "allocation", "report", "citizens", "participation", "welfare", "transport", "bus", "route", "environment", "air", "quality", "approval", "minutes", "committee", "plan", "progress", "improvement", "support", "programme", "residents", "safety", "roads", "council", "review"],
    ];

    public sealed record Document(string Key, string Title, string Body, DateTimeOffset Date);

    public static IEnumerable<Document> Generate(int n, int seed = 20261123)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < n; i++)
        {
            var language = Vocabulary[i % Vocabulary.Length];
            var separator = i % Vocabulary.Length == 3 || i % Vocabulary.Length == 0 ? " " : string.Empty;
            string Words(int count) => string.Join(separator == string.Empty && random.Next(4) == 0 ? "、" : separator,
                Enumerable.Range(0, count).Select(_ => language[random.Next(language.Length)]));
            yield return new Document($"doc-{i}", Words(random.Next(4, 9)), Words(random.Next(80, 240)), start.AddMinutes(random.Next(0, 60 * 24 * 365 * 6)));
        }
    }

    public static readonly string[] Queries =
        ["예산", "시민 참여", "東京都", "感染症 対策", "口罩", "公交 线路", "budget", "\"air quality\"", "bus -route", "교통", "予算", "防疫", "welfare report", "회의록", "委員会"];
}
