using System.Globalization;
using System.Text;
using Madang.Core.Localization;
using Madang.Core.Organisations;
using Madang.Core.Search;

namespace Madang.Bench;

/// <summary>
/// Deterministic, streaming generator of mixed-language administrative documents (ko 45 %, ja 20 %, zh-Hans 9 %,
/// zh-Hant 6 %, en 20 %) as <see cref="SearchDocument"/>s, with its organisation tree and a search-log-like query mix.
/// </summary>
/// <remarks>
/// Document i depends only on the seed and i (its own random stream), so any document can be rebuilt without generating
/// the ones before it: the query mix names real document numbers of a corpus of any size, and nothing is held in memory.
/// Terms are compounds of a sector's stems and administrative heads, aligned across the five languages, drawn from a
/// Zipf distribution over a seed-shuffled rank so that a few terms are everywhere and most are rare, as in real text.
/// </remarks>
public sealed class SearchCorpus
{
    /// <summary>The seed the bench and the committed relevance corpus use.</summary>
    public const int DefaultSeed = 20261124;

    public const string DocumentType = "release.document";
    public const string DatasetType = "data.dataset";

    /// <summary>The language tags, in the order of the term tables.</summary>
    public static readonly string[] Languages = ["ko", "ja", "zh-Hans", "zh-Hant", "en"];

    private static readonly double[] LanguageShare = [0.45, 0.20, 0.09, 0.06, 0.20];

    private readonly int seed;
    private readonly List<CorpusOrganisation> organisations = [];
    private readonly List<CorpusOrganisation> departments = [];

    // [language][sector] → terms by Zipf rank, and their cumulative weights.
    private readonly string[][][] terms;
    private readonly double[][][] cumulative;

    // [sector] → English slugs by the same rank as terms[...][sector], for dataset names.
    private readonly string[][] slugs;

    public SearchCorpus(int seed = DefaultSeed)
    {
        this.seed = seed;
        var rng = new Rng((ulong)seed * 0x9E3779B97F4A7C15UL);
        var city = new CorpusOrganisation(NewGuid(ref rng), "CITY", null, -1, LocalizedText.Of("마당시", "マダン市", "Madang City", "马当市", "馬當市"));
        organisations.Add(city);
        for (var s = 0; s < Bureaus.Length; s++)
        {
            var b = Bureaus[s];
            var bureau = new CorpusOrganisation(NewGuid(ref rng), b.Code, city.Id, s, LocalizedText.Of(b.Ko, b.Ja, b.En, b.Hans, b.Hant));
            organisations.Add(bureau);
            departments.Add(bureau);
            foreach (var d in b.Divisions)
            {
                var division = new CorpusOrganisation(NewGuid(ref rng), d.Code, bureau.Id, s, LocalizedText.Of(d.Ko, d.Ja, d.En, d.Hans, d.Hant));
                organisations.Add(division);
                departments.Add(division);
            }
        }

        terms = new string[Languages.Length][][];
        cumulative = new double[Languages.Length][][];
        slugs = new string[Stems.Length][];
        for (var s = 0; s < Stems.Length; s++)
        {
            // One shuffle per sector shared by every language, so that a term's rank (and its dataset slug) is the same concept everywhere.
            var order = Enumerable.Range(0, Stems[s].Length * Heads[0].Length).ToArray();
            for (var i = order.Length - 1; i > 0; i--)
            {
                var j = rng.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            slugs[s] = order.Select(o => Slug(Stems[s][o / Heads[0].Length][4] + " " + Heads[4][o % Heads[0].Length])).ToArray();
            for (var l = 0; l < Languages.Length; l++)
            {
                terms[l] ??= new string[Stems.Length][];
                cumulative[l] ??= new double[Stems.Length][];
                terms[l][s] = order.Select(o => Compound(l, Stems[s][o / Heads[0].Length][l], Heads[l][o % Heads[0].Length], o)).ToArray();
                cumulative[l][s] = Zipf(order.Length, 1.05);
            }
        }
    }

    /// <summary>The organisation tree: a city, seven bureaus and their divisions (40 in all), ids fixed by the seed.</summary>
    public IReadOnlyList<CorpusOrganisation> Organisations => organisations;

    /// <summary>Every term of a language (index into <see cref="Languages"/>), most frequent first, for building queries.</summary>
    public IReadOnlyList<string> Vocabulary(int language) =>
        Enumerable.Range(0, terms[language][0].Length).SelectMany(r => terms[language].Select(sector => sector[r])).ToList();

    /// <summary>The bare stems and heads of a language: the short words (often two characters in CJK) people type.</summary>
    public static IReadOnlyList<string> Words(int language) =>
        Stems.SelectMany(s => s.Select(x => x[language])).Concat(Heads[language]).Distinct(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<string> Places(int language) => PlaceNames[language];

    public static IReadOnlyList<string> Kinds(int language) => DocumentKinds[language];

    /// <summary>The first <paramref name="n"/> documents, one at a time.</summary>
    public IEnumerable<SearchDocument> Generate(int n)
    {
        for (var i = 0; i < n; i++)
        {
            yield return Document(i);
        }
    }

    /// <summary>Document <paramref name="i"/>, the same on every call and machine.</summary>
    public SearchDocument Document(int i)
    {
        var rng = new Rng(((ulong)(uint)seed << 32) ^ (ulong)i ^ 0xD1B54A32D192ED03UL);
        var lang = PickLanguage(ref rng);
        var dept = departments[rng.Next(departments.Count)];
        var sector = rng.NextDouble() < 0.75 ? dept.Sector : rng.Next(Stems.Length);
        var topicRank = Draw(ref rng, lang, sector);
        var topic = terms[lang][sector][topicRank];
        var second = Term(ref rng, lang, sector);
        second = second == topic ? Term(ref rng, lang, sector) : second;
        var place = PlaceNames[lang][Math.Min(PlaceNames[lang].Length - 1, (int)(-Math.Log(1 - rng.NextDouble()) * 3))];
        var date = Start.AddMinutes(rng.Next(SixYearsMinutes));
        var deptName = Name(dept, lang);
        var dataset = rng.NextDouble() < 0.10;

        var kind = dataset ? Formats[rng.Next(Formats.Length)] : DocumentKinds[lang][rng.Next(DocumentKinds[lang].Length)];
        var title = dataset ? DatasetTitle(lang, deptName, topic, place, date) : Title(ref rng, lang, deptName, topic, second, place, kind, date);

        // Body lengths are log-normal around ~1,100 characters, cut to 300–4,000 as in real approval documents.
        var length = Math.Clamp((int)Math.Exp(7.0 + 0.65 * rng.NextGaussian()), 300, 4000);
        var body = new StringBuilder(length + 200);
        while (body.Length < length)
        {
            var pick = rng.NextDouble();
            var t1 = pick < 0.3 ? topic : Term(ref rng, lang, pick < 0.85 ? sector : rng.Next(Stems.Length));
            var t2 = Term(ref rng, lang, sector);
            if (body.Length > 0)
            {
                body.Append(lang == 4 || lang == 0 ? " " : string.Empty);
            }

            if (rng.Next(12) == 0)
            {
                body.Append(Mixed[lang][rng.Next(Mixed[lang].Length)]).Append(lang is 0 or 4 ? " " : string.Empty);
            }

            body.Append(Sentence(ref rng, lang, t1, t2, place, deptName, date));
        }

        var keywords = new List<string> { topic };
        var wanted = rng.Next(3, 7);
        for (var k = 0; k < 20 && keywords.Count < wanted; k++)
        {
            var kw = Term(ref rng, lang, sector);
            if (!keywords.Contains(kw))
            {
                keywords.Add(kw);
            }
        }

        var key = (dataset ? "ds-" : "doc-") + i.ToString(CultureInfo.InvariantCulture);
        var identifier = dataset
            ? slugs[sector][topicRank] + "-" + date.Year.ToString(CultureInfo.InvariantCulture) + "-" + i.ToString(CultureInfo.InvariantCulture)
            : DocumentNumber(lang, dept, deptName, date, i);
        return new SearchDocument(dataset ? DatasetType : DocumentType, key, title, body.ToString(),
            (dataset ? "/datasets/" : "/documents/") + key, date, dept.Id, Languages[lang])
        {
            Kind = kind,
            Keywords = keywords,
            Identifier = identifier,
        };
    }

    /// <summary>A fixed mix of <paramref name="count"/> queries like a real search log over the first <paramref name="n"/> documents.</summary>
    public IReadOnlyList<BenchQuery> Queries(int n, int count = 1000)
    {
        var rng = new Rng(((ulong)(uint)seed << 16) ^ 0xA5A5A5A5UL);
        var queries = new List<BenchQuery>(count);
        while (queries.Count < count)
        {
            var lang = PickLanguage(ref rng);
            var sector = rng.Next(Stems.Length);
            string T() => Term(ref rng, lang, sector);
            string W() => Words(lang)[rng.Next(Words(lang).Count)];
            var roll = rng.NextDouble();
            queries.Add(roll switch
            {
                < 0.34 => new BenchQuery("words", string.Join(' ', Enumerable.Range(0, rng.Next(1, 4)).Select(_ => rng.Next(3) == 0 ? W() : T()))),
                < 0.42 => new BenchQuery("phrase", "\"" + T() + "\""),
                < 0.48 => new BenchQuery("or", T() + " OR " + T()),
                < 0.54 => new BenchQuery("exclude", T() + " -" + W()),
                < 0.60 => new BenchQuery("dept", T() + " dept:" + (rng.Next(2) == 0 ? departments[rng.Next(departments.Count)].Code : Name(departments[rng.Next(departments.Count)], lang))),
                < 0.64 => new BenchQuery("type", T() + " type:" + (rng.Next(2) == 0 ? "data.dataset" : "release.document")),
                < 0.70 => new BenchQuery("date", T() + " from:" + (2020 + rng.Next(5)).ToString(CultureInfo.InvariantCulture) + (rng.Next(2) == 0 ? " to:2025-06" : string.Empty)),
                < 0.78 => new BenchQuery("identifier", Document(rng.Next(Math.Max(1, n))).Identifier!),
                < 0.88 => new BenchQuery("two_char", TwoChar(ref rng)),
                < 0.96 => new BenchQuery("mixed", rng.Next(2) == 0 ? Mixed[lang][rng.Next(Mixed[lang].Length)] : CrossScript[rng.Next(CrossScript.Length)]),
                _ => new BenchQuery("filter_only", "dept:" + departments[rng.Next(departments.Count)].Code + " from:" + (2020 + rng.Next(6)).ToString(CultureInfo.InvariantCulture)),
            });
        }

        return queries;
    }

    /// <summary>The first <paramref name="n"/> documents as JSON lines, organisations by code: a corpus to commit or to bring.</summary>
    public void WriteJsonLines(int n, TextWriter output)
    {
        var codes = organisations.ToDictionary(o => o.Id, o => o.Code);
        var options = new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        foreach (var d in Generate(n))
        {
            output.WriteLine(System.Text.Json.JsonSerializer.Serialize(new
            {
                type = d.Type,
                key = d.Key,
                title = d.Title,
                body = d.Body,
                url = d.Url,
                date = d.Date.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
                org = d.OrganisationId is { } id ? codes[id] : null,
                language = d.Language,
                kind = d.Kind,
                keywords = d.Keywords,
                identifier = d.Identifier,
            }, options));
        }
    }

    /// <summary>The organisation tree as JSON: code, parent code and the five names of each.</summary>
    public void WriteOrganisations(TextWriter output)
    {
        var codes = organisations.ToDictionary(o => o.Id, o => o.Code);
        output.WriteLine(System.Text.Json.JsonSerializer.Serialize(organisations.Select(o => new
        {
            code = o.Code,
            parent = o.ParentId is { } p ? codes[p] : null,
            ko = o.Name.Ko,
            ja = o.Name.Ja,
            en = o.Name.En,
            zhHans = o.Name.ZhHans,
            zhHant = o.Name.ZhHant,
        }), IndentedJson));
    }

    // Readable CJK in committed files: the text is written to a file, never into HTML.
    private static readonly System.Text.Json.JsonSerializerOptions IndentedJson =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    private static string TwoChar(ref Rng rng)
    {
        var lang = rng.Next(4);
        var two = Words(lang).Where(w => w.Length == 2 && w.All(c => TextAnalyzer.IsCjk(c))).ToList();
        return two[rng.Next(two.Count)];
    }

    private static int PickLanguage(ref Rng rng)
    {
        var x = rng.NextDouble();
        for (var l = 0; l < LanguageShare.Length; l++)
        {
            x -= LanguageShare[l];
            if (x < 0)
            {
                return l;
            }
        }

        return 0;
    }

    private int Draw(ref Rng rng, int lang, int sector)
    {
        var c = cumulative[lang][sector];
        var i = Array.BinarySearch(c, rng.NextDouble() * c[^1]);
        return Math.Min(c.Length - 1, i < 0 ? ~i : i);
    }

    private string Term(ref Rng rng, int lang, int sector) => terms[lang][sector][Draw(ref rng, lang, sector)];

    private static string Name(CorpusOrganisation o, int lang) => o.Name[Languages[lang]] ?? o.Code;

    private static double[] Zipf(int count, double s)
    {
        var c = new double[count];
        var sum = 0.0;
        for (var r = 0; r < count; r++)
        {
            sum += 1 / Math.Pow(r + 1, s);
            c[r] = sum;
        }

        return c;
    }

    private static string Compound(int lang, string stem, string head, int salt) => lang switch
    {
        // Korean writes a compound either joined (버스노선개편) or spaced (버스노선 개편); both occur in real documents.
        0 => stem + (stem.Contains(' ', StringComparison.Ordinal) || salt % 3 == 0 ? " " : string.Empty) + head,
        4 => stem + " " + head,
        _ => stem + head,
    };

    private static string Slug(string english) =>
        string.Join('-', english.ToLowerInvariant().Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries));

    private static string Title(ref Rng rng, int lang, string dept, string topic, string second, string place, string kind, DateTimeOffset date)
    {
        var y = date.Year.ToString(CultureInfo.InvariantCulture);
        var m = date.Month.ToString(CultureInfo.InvariantCulture);
        var reiwa = (date.Year - 2018).ToString(CultureInfo.InvariantCulture);
        return (lang, rng.Next(3)) switch
        {
            (0, 0) => $"{y}년 {dept} {topic} {second} {kind}",
            (0, 1) => $"{place} {topic} 추진 {kind}",
            (0, _) => $"{topic} {kind} ({y}년 {m}월)",
            (1, 0) => $"令和{reiwa}年度 {topic} {second} {kind}",
            (1, 1) => $"{place}における{topic}に関する{kind}",
            (1, _) => $"{dept} {topic} {kind}（{y}年{m}月）",
            (2, 0) => $"{y}年 {topic} {second} {kind}",
            (2, 1) => $"关于{place}{topic}的{kind}",
            (2, _) => $"{dept}{topic}{kind}",
            (3, 0) => $"{y}年 {topic}{second}{kind}",
            (3, 1) => $"有關{place}{topic}之{kind}",
            (3, _) => $"{dept}{topic}{kind}",
            (_, 0) => $"{Capital(topic)} {second} {y} — {kind}",
            (_, 1) => $"{Capital(kind)}: {topic} in {place}",
            _ => $"{dept}: {topic} {kind} ({Month(date)} {y})",
        };
    }

    private static string DatasetTitle(int lang, string dept, string topic, string place, DateTimeOffset date)
    {
        var y = date.Year.ToString(CultureInfo.InvariantCulture);
        return lang switch
        {
            0 => $"{place} {topic} 현황 ({y})",
            1 => $"{place} {topic}一覧（{y}年）",
            2 => $"{place}{topic}数据（{y}年）",
            3 => $"{place}{topic}資料（{y}年）",
            _ => $"{Capital(topic)} in {place} ({y}) — {dept}",
        };
    }

    private static string Month(DateTimeOffset d) => CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(d.Month);

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Sentence(ref Rng rng, int lang, string t1, string t2, string place, string dept, DateTimeOffset date)
    {
        var n = (rng.Next(1, 400)).ToString(CultureInfo.InvariantCulture);
        var amount = (rng.Next(1, 9000) * 100_000L).ToString("N0", CultureInfo.InvariantCulture);
        var pct = (rng.Next(1, 400) / 10.0).ToString("0.0", CultureInfo.InvariantCulture);
        var d = date.AddDays(rng.Next(10, 90));
        var reiwa = (d.Year - 2018).ToString(CultureInfo.InvariantCulture);
        var ymd = d.ToString("yyyy. M. d.", CultureInfo.InvariantCulture);
        return (lang, rng.Next(8)) switch
        {
            (0, 0) => $"{place} 지역의 {t1} 추진 현황을 다음과 같이 보고합니다.",
            (0, 1) => $"{ymd}까지 {t1} 및 {t2}에 대한 의견을 제출하여 주시기 바랍니다.",
            (0, 2) => $"{t1} 사업에 총 {amount}원을 투입할 계획입니다.",
            (0, 3) => $"{dept}에서는 {t1}와 관련하여 {n}건의 민원을 접수하였습니다.",
            (0, 4) => $"{t1}의 효과를 높이기 위해 {t2} 방안을 마련하였습니다.",
            (0, 5) => $"관련 근거: {t1} 조례 제{n}조.",
            (0, 6) => $"{place} 일대 {t1} 대상지는 {n}곳이며, {t2} 실적은 전년 대비 {pct}% 증가하였습니다.",
            (0, _) => $"붙임 자료를 참고하시어 {t1} 업무에 차질이 없도록 협조하여 주시기 바랍니다.",
            (1, 0) => $"{place}における{t1}の{t2}について、下記のとおり報告します。",
            (1, 1) => $"令和{reiwa}年度の{t1}に係る経費は{amount}円である。",
            (1, 2) => $"{dept}は{d.Month}月{d.Day}日までに{t1}の見直しを行う。",
            (1, 3) => $"{t1}に関する相談件数は{n}件となった。",
            (1, 4) => $"{t1}及び{t2}の推進に向け、関係部署と連携して取り組む。",
            (1, 5) => $"前年度比{pct}%の増加となり、{t1}の効果が確認された。",
            (1, 6) => $"{t1}については、{place}の住民説明会で意見を聴取した。",
            (1, _) => $"詳細は別紙「{t2}」を参照のこと。",
            (2, 0) => $"为进一步推进{t1}，{dept}制定了{t2}。",
            (2, 1) => $"{place}共完成{t1}{n}项，投入资金{amount}元。",
            (2, 2) => $"请各单位于{d.Month}月{d.Day}日前报送{t1}情况。",
            (2, 3) => $"{t1}和{t2}工作取得明显成效，同比增长{pct}%。",
            (2, 4) => $"根据《{t1}条例》第{n}条，现将有关事项通知如下。",
            (2, 5) => $"各区要加强{t1}的组织领导，确保{t2}落到实处。",
            (2, 6) => $"{place}市民对{t1}的满意度达到{pct}%。",
            (2, _) => $"联系人：{dept}，电话：021-{n}-{rng.Next(1000, 9999)}。",
            (3, 0) => $"為進一步推動{t1}，{dept}訂定{t2}。",
            (3, 1) => $"{place}共完成{t1}{n}項，投入經費{amount}元。",
            (3, 2) => $"請各單位於{d.Month}月{d.Day}日前報送{t1}辦理情形。",
            (3, 3) => $"{t1}與{t2}工作成效顯著，較去年同期成長{pct}%。",
            (3, 4) => $"依據《{t1}條例》第{n}條，有關事項公告如下。",
            (3, 5) => $"各區應加強{t1}之督導，確保{t2}確實執行。",
            (3, 6) => $"{place}市民對{t1}之滿意度達{pct}%。",
            (3, _) => $"承辦單位：{dept}，聯絡電話：02-{rng.Next(2000, 2999)}-{rng.Next(1000, 9999)}。",
            (_, 0) => $"The {dept} reported progress on {t1} in {place}.",
            (_, 1) => $"A total of {amount} won was allocated to {t1} for {d.Year}.",
            (_, 2) => $"Comments on the {t1} are invited until {d.Day} {Month(d)} {d.Year}.",
            (_, 3) => $"{n} requests concerning {t1} were received this quarter.",
            (_, 4) => $"The committee reviewed {t1} and {t2} and agreed the next steps.",
            (_, 5) => $"Compared with the previous year, {t1} increased by {pct}%.",
            (_, 6) => $"Residents of {place} raised concerns about {t2} at the public hearing.",
            _ => $"Officers will report back on {t1} at the next meeting.",
        };
    }

    private static string DocumentNumber(int lang, CorpusOrganisation dept, string deptName, DateTimeOffset date, int i)
    {
        var y = date.Year.ToString(CultureInfo.InvariantCulture);
        // Serial numbers start at 10001 so that every one has the five digits or more that real ones have.
        var num = (i + 10001).ToString(CultureInfo.InvariantCulture);
        return lang switch
        {
            0 => $"{deptName}-{num}",
            1 => $"{deptName}-{y}-{i:D6}",
            2 => $"{deptName}〔{y}〕{num}号",
            3 => $"{deptName}字第{y}{i:D7}號",
            _ => $"{dept.Code}-{y}-{num}",
        };
    }

    private static Guid NewGuid(ref Rng rng)
    {
        Span<byte> b = stackalloc byte[16];
        BitConverter.TryWriteBytes(b, rng.NextUInt64());
        BitConverter.TryWriteBytes(b[8..], rng.NextUInt64());
        b[7] = (byte)((b[7] & 0x0F) | 0x40);
        b[8] = (byte)((b[8] & 0x3F) | 0x80);
        return new Guid(b);
    }

    // UTC: what modules hand the index (PostgreSQL's timestamptz takes no other offset through Npgsql).
    private static readonly DateTimeOffset Start = new(2019, 12, 31, 15, 0, 0, TimeSpan.Zero);
    private const int SixYearsMinutes = 6 * 365 * 24 * 60;

    private static readonly string[] Formats = ["CSV", "JSON", "XLSX", "GeoJSON", "API"];

    private static readonly string[][] DocumentKinds =
    [
        ["보고", "공고", "계획", "회의록", "결과보고", "지침", "고시"],
        ["報告", "通知", "計画", "議事録", "告示", "要綱"],
        ["报告", "通知", "方案", "会议纪要", "公告"],
        ["報告", "通知", "計畫", "會議紀錄", "公告"],
        ["report", "notice", "plan", "minutes", "guidance"],
    ];

    private static readonly string[][] PlaceNames =
    [
        ["서울", "종로구", "중구", "용산구", "성동구", "마포구", "강남구", "송파구", "노원구", "은평구", "관악구", "부산", "인천"],
        ["東京", "新宿区", "渋谷区", "世田谷区", "大阪", "横浜", "加古川市", "札幌", "港区", "品川区"],
        ["上海", "北京", "浦东新区", "徐汇区", "海淀区", "朝阳区", "深圳", "杭州"],
        ["台北", "新北", "大安區", "信義區", "中山區", "高雄", "台中", "香港"],
        ["Seoul", "Tokyo", "Taipei", "Westminster", "Camden", "Riverside", "Northgate", "Harbourside"],
    ];

    /// <summary>Mixed-script terms as they appear in real administrative text.</summary>
    private static readonly string[][] Mixed =
    [
        ["서울 AI 플랫폼", "IoT 센서", "K-방역", "5G 기지국", "ESG 경영", "CCTV 통합관제", "서울 budget"],
        ["東京2020", "DX推進", "GIGAスクール", "5G基地局", "AI活用", "SDGs未来都市"],
        ["5G基站", "APP上线", "AI赋能", "PM2.5监测", "12345热线"],
        ["5G基地台", "APP上線", "AI賦能", "PM2.5監測", "1999市民熱線"],
        ["Seoul AI platform", "5G masts", "COVID-19 response", "ESG reporting", "Tokyo 2020 legacy"],
    ];

    /// <summary>Queries that mix scripts across words, as people type them.</summary>
    private static readonly string[] CrossScript = ["서울 budget", "東京 2020", "서울 AI", "東京2020", "AI 플랫폼", "5G基站", "DX推進", "PM2.5 监测", "CCTV 설치", "budget 예산"];

    private static readonly string[][] Heads =
    [
        ["계획", "사업", "예산", "현황", "개선", "지원", "관리", "조사", "정비", "운영", "점검", "대책", "추진", "평가", "협약", "설치", "확충", "보고", "기준", "실적", "용역", "공모", "시범사업", "조례", "통계"],
        ["計画", "事業", "予算", "状況", "改善", "支援", "管理", "調査", "整備", "運営", "点検", "対策", "推進", "評価", "協定", "設置", "拡充", "報告", "基準", "実績", "委託", "公募", "実証事業", "条例", "統計"],
        ["规划", "项目", "预算", "情况", "改善", "补贴", "管理", "调查", "整治", "运营", "检查", "措施", "推进", "评估", "协议", "设置", "扩建", "报告", "标准", "成效", "委托", "征集", "试点", "条例", "统计"],
        ["規劃", "項目", "預算", "情況", "改善", "補貼", "管理", "調查", "整治", "營運", "檢查", "措施", "推動", "評估", "協議", "設置", "擴建", "報告", "標準", "成效", "委託", "徵集", "試點", "條例", "統計"],
        ["plan", "programme", "budget", "status", "improvement", "support", "management", "survey", "maintenance", "operation", "inspection", "measures", "implementation", "evaluation", "agreement", "installation", "expansion", "report", "standards", "results", "contract", "call", "pilot", "bylaw", "statistics"],
    ];

    // [sector][stem] → ko, ja, zh-Hans, zh-Hant, en. Sector s is bureau s.
    private static readonly string[][][] Stems =
    [
        [
            ["행정", "行政", "行政", "行政", "administration"], ["인사", "人事", "人事", "人事", "personnel"], ["정보화", "情報化", "信息化", "資訊化", "digital"],
            ["민원", "区民相談", "信访", "信訪", "petition"], ["감사", "監査", "审计", "審計", "audit"], ["청사", "庁舎", "办公楼", "辦公樓", "city hall"],
            ["개인정보", "個人情報", "个人信息", "個人資料", "personal data"], ["공공데이터", "オープンデータ", "公共数据", "公共數據", "open data"],
            ["AI 플랫폼", "AI基盤", "AI平台", "AI平臺", "AI platform"], ["주민자치", "住民自治", "基层自治", "基層自治", "neighbourhood council"],
        ],
        [
            ["세입", "歳入", "财政收入", "財政收入", "revenue"], ["세출", "歳出", "财政支出", "財政支出", "expenditure"], ["지방세", "地方税", "地方税", "地方稅", "local tax"],
            ["추경", "補正予算", "追加预算", "追加預算", "supplementary budget"], ["기금", "基金", "基金", "基金", "fund"], ["계약", "契約", "采购", "採購", "procurement"],
            ["채무", "債務", "债务", "債務", "debt"], ["보조금", "補助金", "补助资金", "補助資金", "grant"], ["결산", "決算", "决算", "決算", "final accounts"],
            ["참여예산", "参加型予算", "参与式预算", "參與式預算", "participatory budget"],
        ],
        [
            ["시내버스", "路線バス", "公交", "公車", "bus"], ["버스노선", "バス路線", "公交线路", "公車路線", "bus route"], ["지하철", "地下鉄", "地铁", "捷運", "metro"],
            ["교통안전", "交通安全", "交通安全", "交通安全", "road safety"], ["주차장", "駐車場", "停车场", "停車場", "parking"], ["자전거도로", "自転車道", "自行车道", "自行車道", "cycle lane"],
            ["도로포장", "道路舗装", "道路铺装", "道路鋪裝", "road surfacing"], ["교통신호", "交通信号", "交通信号", "交通號誌", "traffic signal"], ["택시", "タクシー", "出租车", "計程車", "taxi"],
            ["보행환경", "歩行空間", "步行环境", "步行環境", "walkability"],
        ],
        [
            ["대기질", "大気汚染", "空气质量", "空氣品質", "air quality"], ["미세먼지", "微小粒子", "细颗粒物", "細懸浮微粒", "fine dust"], ["탄소중립", "脱炭素", "碳中和", "碳中和", "net zero"],
            ["재활용", "リサイクル", "垃圾分类", "資源回收", "recycling"], ["녹지", "緑地", "绿地", "綠地", "green space"], ["공원", "公園", "公园", "公園", "park"],
            ["하천", "河川", "河道", "河川", "river"], ["소음", "騒音", "噪声", "噪音", "noise"], ["태양광", "太陽光発電", "光伏", "太陽能", "solar"], ["수질", "水質", "水质", "水質", "water quality"],
        ],
        [
            ["기초생활", "生活保護", "低保", "低收入戶", "basic living"], ["노인돌봄", "高齢者介護", "养老服务", "長照", "elderly care"], ["보육", "保育", "托育", "托育", "childcare"],
            ["장애인", "障害者", "残疾人", "身心障礙", "disability"], ["감염병", "感染症", "传染病", "傳染病", "infectious disease"], ["예방접종", "予防接種", "疫苗接种", "疫苗接種", "vaccination"],
            ["마스크", "マスク", "口罩", "口罩", "mask"], ["건강검진", "健康診断", "健康体检", "健康檢查", "health check"], ["청년", "若者", "青年", "青年", "youth"],
            ["무료급식", "子ども食堂", "爱心食堂", "愛心食堂", "free meals"],
        ],
        [
            ["재개발", "再開発", "旧城改造", "都市更新", "redevelopment"], ["공공주택", "公営住宅", "保障房", "社會住宅", "public housing"], ["도시계획", "都市計画", "城市规划", "都市計畫", "zoning"],
            ["건축허가", "建築確認", "建筑许可", "建築執照", "building permit"], ["도시재생", "まちづくり", "城市更新", "城市再生", "regeneration"], ["전세", "家賃補助", "租房补贴", "租金補貼", "rent support"],
            ["스마트시티", "スマートシティ", "智慧城市", "智慧城市", "smart city"], ["경관", "景観", "城市风貌", "市容景觀", "townscape"], ["빈집", "空き家", "空置房", "空屋", "vacant homes"],
            ["지구단위", "地区計画", "控制性详规", "細部計畫", "district plan"],
        ],
        [
            ["재난", "災害", "灾害", "災害", "disaster"], ["홍수", "洪水", "洪涝", "水災", "flood"], ["지진", "地震", "地震", "地震", "earthquake"], ["폭염", "猛暑", "高温", "熱浪", "heatwave"],
            ["화재", "火災", "火灾", "火災", "fire"], ["CCTV", "防犯カメラ", "监控摄像", "監視器", "CCTV"], ["대피소", "避難所", "避难场所", "避難所", "shelter"],
            ["안전점검", "安全点検", "安全检查", "安全檢查", "safety inspection"], ["제설", "除雪", "除雪", "除雪", "snow clearing"], ["민방위", "防災訓練", "应急演练", "防災演練", "civil defence drill"],
        ],
    ];

    private sealed record Division(string Code, string Ko, string Ja, string En, string Hans, string Hant);

    private sealed record Bureau(string Code, string Ko, string Ja, string En, string Hans, string Hant, Division[] Divisions);

    private static readonly Bureau[] Bureaus =
    [
        new("ADM", "행정국", "総務局", "Administration Bureau", "行政局", "行政局",
        [
            new("ADM-GEN", "총무과", "総務課", "General Affairs Division", "办公室", "辦公室"), new("ADM-HR", "인사과", "人事課", "Personnel Division", "人事处", "人事處"),
            new("ADM-DIG", "정보화담당관", "情報政策課", "Digital Policy Division", "信息化处", "資訊化處"), new("ADM-CIV", "민원봉사과", "区民相談課", "Civil Service Division", "信访处", "信訪處"),
            new("ADM-AUD", "감사관", "監査課", "Audit Office", "审计处", "審計處"),
        ]),
        new("FIN", "재정국", "財務局", "Finance Bureau", "财政局", "財政局",
        [
            new("FIN-BUD", "예산과", "予算課", "Budget Division", "预算处", "預算處"), new("FIN-TAX", "세무과", "税務課", "Tax Division", "税务处", "稅務處"),
            new("FIN-ACC", "회계과", "会計課", "Accounting Division", "会计处", "會計處"), new("FIN-PRO", "계약과", "契約課", "Procurement Division", "采购处", "採購處"),
        ]),
        new("TRN", "교통국", "交通局", "Transport Bureau", "交通局", "交通局",
        [
            new("TRN-POL", "교통정책과", "交通政策課", "Transport Policy Division", "交通政策处", "交通政策處"), new("TRN-BUS", "버스정책과", "バス事業課", "Bus Policy Division", "公交管理处", "公車管理處"),
            new("TRN-ROAD", "도로관리과", "道路管理課", "Road Management Division", "道路管理处", "道路管理處"), new("TRN-PARK", "주차관리과", "駐車対策課", "Parking Division", "停车管理处", "停車管理處"),
            new("TRN-CYC", "보행자전거과", "自転車推進課", "Walking and Cycling Division", "慢行交通处", "慢行交通處"),
        ]),
        new("ENV", "환경국", "環境局", "Environment Bureau", "环境局", "環境局",
        [
            new("ENV-CLI", "기후환경과", "気候変動対策課", "Climate Division", "气候变化处", "氣候變化處"), new("ENV-AIR", "대기질과", "大気保全課", "Air Quality Division", "大气环境处", "大氣環境處"),
            new("ENV-WST", "자원순환과", "資源循環課", "Waste and Recycling Division", "固体废物处", "固體廢物處"), new("ENV-PRK", "공원녹지과", "公園緑地課", "Parks Division", "园林绿化处", "園林綠化處"),
            new("ENV-ENE", "에너지과", "エネルギー課", "Energy Division", "能源处", "能源處"),
        ]),
        new("WEL", "복지국", "福祉保健局", "Welfare Bureau", "民政局", "社會局",
        [
            new("WEL-POL", "복지정책과", "福祉政策課", "Welfare Policy Division", "社会福利处", "社會福利處"), new("WEL-SEN", "노인복지과", "高齢福祉課", "Senior Welfare Division", "养老服务处", "養老服務處"),
            new("WEL-HLT", "보건위생과", "保健衛生課", "Public Health Division", "卫生健康处", "衛生健康處"), new("WEL-INF", "감염병관리과", "感染症対策課", "Infectious Disease Division", "疾病防控处", "疾病防控處"),
            new("WEL-CHI", "아동청소년과", "子ども家庭課", "Children and Youth Division", "儿童青少年处", "兒童青少年處"),
        ]),
        new("URB", "도시계획국", "都市整備局", "Urban Planning Bureau", "规划局", "都市發展局",
        [
            new("URB-PLN", "도시계획과", "都市計画課", "City Planning Division", "城市规划处", "都市計畫處"), new("URB-HOU", "주택정책과", "住宅政策課", "Housing Division", "住房保障处", "住宅處"),
            new("URB-BLD", "건축과", "建築指導課", "Building Division", "建筑管理处", "建築管理處"), new("URB-REG", "도시재생과", "市街地整備課", "Urban Regeneration Division", "城市更新处", "都市更新處"),
        ]),
        new("SAF", "안전국", "危機管理局", "Safety Bureau", "应急管理局", "消防局",
        [
            new("SAF-EMG", "안전총괄과", "防災課", "Emergency Management Division", "应急指挥处", "應變指揮處"), new("SAF-DIS", "재난대응과", "危機対策課", "Disaster Response Division", "防灾减灾处", "防災減災處"),
            new("SAF-FLD", "치수과", "河川課", "Flood Control Division", "水务处", "水利處"), new("SAF-FIR", "소방협력과", "消防連携課", "Fire Coordination Division", "消防协调处", "消防協調處"),
        ]),
    ];

    /// <summary>SplitMix64: tiny, fast and the same on every runtime, unlike <see cref="Random"/>'s unspecified algorithm.</summary>
    private struct Rng(ulong state)
    {
        private ulong state = state;

        public ulong NextUInt64()
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        public int Next(int max) => (int)(NextUInt64() % (ulong)max);

        public int Next(int min, int max) => min + Next(max - min);

        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

        public double NextGaussian() => Math.Sqrt(-2 * Math.Log(1 - NextDouble())) * Math.Cos(2 * Math.PI * NextDouble());
    }
}

/// <summary>One organisation of the synthetic city; <see cref="Sector"/> is its bureau's topic area (−1 for the city).</summary>
public sealed record CorpusOrganisation(Guid Id, string Code, Guid? ParentId, int Sector, LocalizedText Name)
{
    public Organisation ToEntity() => new()
    {
        Id = Id,
        Code = Code,
        ParentId = ParentId,
        Name = Name,
        Kind = ParentId is null ? OrganisationKind.City : Code.Contains('-', StringComparison.Ordinal) ? OrganisationKind.Division : OrganisationKind.Bureau,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };
}

/// <summary>A query of the bench mix and its category (words, phrase, or, exclude, dept, type, date, identifier, two_char, mixed, filter_only).</summary>
public sealed record BenchQuery(string Category, string Text);
