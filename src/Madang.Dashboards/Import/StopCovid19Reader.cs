using System.Text.Json;
using System.Text.RegularExpressions;
using Madang.Dashboards.Definition;

namespace Madang.Dashboards.Import;

/// <summary>
/// Reads a stopcovid19 <c>data/data.json</c> (Tokyo's layout, copied by dozens of prefectures) into one table per section
/// and the card Tokyo's dashboard draws from it.
/// </summary>
internal static partial class StopCovid19Reader
{
    private static readonly string[] Known =
    [
        "main_summary", "inspection_status_summary", "patients", "patients_summary", "discharges_summary",
        "inspections_summary", "inspection_persons", "inspections", "contacts", "querents",
    ];

    // Tokyo's dashboard order: the headline number and the tree first, the call centres last.
    private static readonly string[] CardOrder =
    [
        "patients-summary-latest", "main-summary", "patients-summary", "patients", "inspections-summary", "inspection-persons",
        "inspection-status-summary", "inspections", "contacts", "querents", "discharges-summary",
    ];

    // Row keys that only restate the date (a weekday, a serial, a short label): the table keeps the date itself.
    private static readonly HashSet<string> DateEchoes = ["日付", "曜日", "date", "w", "short_date", "リリース日", "判明日"];

    /// <summary>Reads <paramref name="dataJson"/>; tables are named <c>{prefix}-{section}</c>, hyphens for underscores.</summary>
    /// <exception cref="ImportFormatException">The file is not JSON, or holds none of the sections stopcovid19 writes.</exception>
    public static ImportResult Read(Stream dataJson, string prefix)
    {
        if (!Prefix().IsMatch(prefix))
        {
            throw new ArgumentException($"The dataset prefix '{prefix}' must be lower-case letters, digits and hyphens.", nameof(prefix));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(dataJson, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            // The parser's own message names its internals (JsonReaderException, '0x..'); the operator needs where.
            throw new ImportFormatException(
                $"data.json is not valid JSON: the text stops making sense at line {e.LineNumber + 1}, character {e.BytePositionInLine + 1}. Is it the whole file?");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ImportFormatException(
                    $"data.json should be an object of sections ({string.Join(", ", Known)}), but it is a JSON {root.ValueKind.ToString().ToLowerInvariant()}.");
            }

            var reader = new Reading(prefix, root.TryGetProperty("lastUpdate", out var last) && last.ValueKind == JsonValueKind.String
                ? JapaneseValues.ParseUpdated(last.GetString())
                : null);
            if (root.TryGetProperty("lastUpdate", out last) && reader.LastUpdate is null)
            {
                reader.Warnings.Add($"lastUpdate '{last}' is not a date and time; sections without their own date have no update time.");
            }

            var found = new List<string>();
            foreach (var section in root.EnumerateObject())
            {
                found.Add(section.Name);
                if (section.Name == "lastUpdate")
                {
                    continue;
                }

                if (!Known.Contains(section.Name))
                {
                    reader.Warnings.Add($"Skipped section '{section.Name}': not one this reader knows.");
                    continue;
                }

                try
                {
                    reader.ReadSection(section.Name, section.Value);
                }
                catch (Exception e) when (e is SectionShapeException or InvalidOperationException or FormatException)
                {
                    reader.Warnings.Add($"Skipped section '{section.Name}': {e.Message}");
                }
            }

            if (reader.Tables.Count == 0)
            {
                throw new ImportFormatException(
                    $"data.json holds no stopcovid19 section this reader could read (expected some of: {string.Join(", ", Known)}); it has: {(found.Count == 0 ? "nothing" : string.Join(", ", found))}.");
            }

            var cards = reader.Cards.OrderBy(c => Array.IndexOf(CardOrder, c.Slug) is var i && i < 0 ? int.MaxValue : i).ToList();
            return new ImportResult(reader.Tables, cards, reader.Warnings);
        }
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Prefix();

    /// <summary>A section whose shape is not what its name promises; it is skipped, the rest still read.</summary>
    private sealed class SectionShapeException(string message) : Exception(message);

    private sealed record SectionText(Text Title, Text Description, Text? Unit);

    private static readonly Dictionary<string, SectionText> Texts = new()
    {
        ["main_summary"] = new(
            Text.Of("검사 양성자 현황", "検査陽性者の状況", "Status of confirmed cases", "检测阳性者的状况", "檢測陽性者的狀況"),
            Text.Of(
                "검사 인원에서 확진자, 입원·퇴원·사망까지의 내역",
                "検査実施人数から陽性患者数、入院・退院・死亡までの内訳",
                "From people tested to confirmed cases, and how many are in hospital, discharged or have died",
                "从检测人数到确诊病例，以及住院、出院、死亡的明细",
                "從檢測人數到確診病例，以及住院、出院、死亡的明細"),
            ImportTexts.Persons),
        ["inspection_status_summary"] = new(
            Text.Of("검사 실시 현황", "検査の実施状況", "Testing status", "检测实施情况", "檢測實施情況"),
            Text.Of("검사 건수와 그 내역", "検査実施件数とその内訳", "Tests performed and their breakdown", "检测件数及其明细", "檢測件數及其明細"),
            ImportTexts.Cases),
        ["patients_summary"] = new(
            Text.Of("확진자 수", "陽性患者数", "Confirmed cases", "确诊病例数", "確診病例數"),
            Text.Of("발표일별 확진자 수", "公表日ごとの陽性患者数", "Confirmed cases by the day they were announced", "按公布日期统计的确诊病例数", "按公布日期統計的確診病例數"),
            ImportTexts.Persons),
        ["patients"] = new(
            Text.Of("확진자 속성", "陽性患者の属性", "Details of confirmed cases", "确诊病例的属性", "確診病例的屬性"),
            Text.Of(
                "발표일, 거주지, 연령대, 성별, 퇴원 여부",
                "公表日、居住地、年代、性別、退院の有無",
                "Day announced, place of residence, age group, sex and whether discharged",
                "公布日期、居住地、年龄段、性别、是否出院",
                "公布日期、居住地、年齡層、性別、是否出院"),
            null),
        ["discharges_summary"] = new(
            Text.Of("퇴원자 수", "退院者数", "Patients discharged", "出院人数", "出院人數"),
            Text.Of("일별 퇴원자 수", "日ごとの退院者数", "Patients discharged each day", "每日出院人数", "每日出院人數"),
            ImportTexts.Persons),
        ["inspections_summary"] = new(
            Text.Of("검사 건수", "検査実施件数", "Tests performed", "检测件数", "檢測件數"),
            Text.Of(
                "도내 발생(의심 사례·접촉자 조사)과 기타(전세기·크루즈선 등)의 검사 건수",
                "都内発生（疑い例・接触者調査）とその他（チャーター便・クルーズ船等）の検査件数",
                "Tests for cases in Tokyo (suspected cases, contact tracing) and others (charter flights, cruise ships)",
                "都内（疑似病例、接触者调查）及其他（包机、邮轮等）的检测件数",
                "都內（疑似病例、接觸者調查）及其他（包機、郵輪等）的檢測件數"),
            ImportTexts.Cases),
        ["inspection_persons"] = new(
            Text.Of("검사 인원", "検査実施人数", "People tested", "检测人数", "檢測人數"),
            Text.Of("일별 검사 인원", "日ごとの検査実施人数", "People tested each day", "每日检测人数", "每日檢測人數"),
            ImportTexts.Persons),
        ["inspections"] = new(
            Text.Of("일별 검사 건수", "検査実施数（日別）", "Tests performed by day", "每日检测件数", "每日檢測件數"),
            Text.Of(
                "판명일별 검사 검체 수와 그 내역",
                "判明日ごとの検査検体数とその内訳",
                "Samples tested by the day results were known, and their breakdown",
                "按结果判明日统计的检测样本数及其明细",
                "按結果判明日統計的檢測樣本數及其明細"),
            ImportTexts.Cases),
        ["contacts"] = new(
            Text.Of("신종 코로나 콜센터 상담 건수", "新型コロナコールセンター相談件数", "Calls to the COVID-19 call centre", "新冠病毒呼叫中心咨询件数", "新冠病毒客服中心諮詢件數"),
            Text.Of(
                "코로나19 콜센터가 받은 상담 건수(시간대별)",
                "新型コロナコールセンターが受けた相談の件数（時間帯別）",
                "Calls the COVID-19 call centre answered, by time of day",
                "新冠病毒呼叫中心接到的咨询件数（按时段）",
                "新冠病毒客服中心接到的諮詢件數（按時段）"),
            ImportTexts.Cases),
        ["querents"] = new(
            Text.Of("귀국자·접촉자 전화 상담 센터 상담 건수", "帰国者・接触者電話相談センター相談件数", "Calls to the returnees' and contacts' advice line", "归国者·接触者电话咨询中心咨询件数", "歸國者·接觸者電話諮詢中心諮詢件數"),
            Text.Of(
                "해외에서 귀국한 사람과 밀접 접촉자를 위한 전화 상담 센터가 받은 상담 건수(시간대별)",
                "帰国者・接触者電話相談センターが受けた相談の件数（時間帯別）",
                "Calls the advice line for people back from abroad and close contacts answered, by time of day",
                "归国者·接触者电话咨询中心接到的咨询件数（按时段）",
                "歸國者·接觸者電話諮詢中心接到的諮詢件數（按時段）"),
            ImportTexts.Cases),
    };

    private static readonly SectionText LatestPositives = new(
        Text.Of("최근 확진자 수", "最新の陽性患者数", "Latest confirmed cases", "最新确诊病例数", "最新確診病例數"),
        Text.Of(
            "가장 최근 발표일의 확진자 수와 전날 대비 증감",
            "直近の公表日の陽性患者数と前日からの増減",
            "Confirmed cases on the latest day announced, and the change from the day before",
            "最近公布日的确诊病例数及与前一天相比的增减",
            "最近公布日的確診病例數及與前一天相比的增減"),
        ImportTexts.Persons);

    /// <summary>One file's reading: what it has made so far and what it had to skip.</summary>
    private sealed class Reading(string prefix, DateTimeOffset? lastUpdate)
    {
        public DateTimeOffset? LastUpdate { get; } = lastUpdate;

        public List<ImportedTable> Tables { get; } = [];

        public List<CardDefinition> Cards { get; } = [];

        public List<string> Warnings { get; } = [];

        public void ReadSection(string section, JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                throw new SectionShapeException($"expected an object, found a JSON {value.ValueKind.ToString().ToLowerInvariant()}.");
            }

            switch (section)
            {
                case "main_summary" or "inspection_status_summary":
                    ReadTree(section, value);
                    break;
                case "patients_summary" or "discharges_summary" or "contacts" or "querents":
                    ReadDaily(section, value);
                    break;
                case "patients":
                    ReadPatients(section, value);
                    break;
                case "inspections_summary":
                    ReadLabelled(section, value);
                    break;
                case "inspection_persons":
                    ReadPersons(section, value);
                    break;
                case "inspections":
                    ReadInspections(section, value);
                    break;
            }
        }

        private string TableName(string section) => $"{prefix}-{section.Replace('_', '-')}";

        private DateTimeOffset? Updated(string section, JsonElement value)
        {
            if (!value.TryGetProperty("date", out var date) || date.ValueKind != JsonValueKind.String)
            {
                return LastUpdate;
            }

            var parsed = JapaneseValues.ParseUpdated(date.GetString());
            if (parsed is null)
            {
                Warnings.Add($"{section}: its date '{date.GetString()}' is not a date and time; lastUpdate used instead.");
            }

            return parsed ?? LastUpdate;
        }

        private void Add(string section, IReadOnlyList<ImportedColumn> columns, List<object?[]> rows, DateTimeOffset? updated, CardKind kind, Action<CardDefinition> shape)
        {
            var text = Texts[section];
            var name = TableName(section);
            Tables.Add(new ImportedTable(name, text.Title, columns, rows, updated));
            var card = new CardDefinition
            {
                Slug = section.Replace('_', '-'),
                Kind = kind,
                Title = text.Title,
                Description = text.Description,
                Unit = text.Unit,
                Source = new SourceReference { Dataset = name, Resource = 1 },
            };
            shape(card);
            Cards.Add(card);
        }

        private void ReadTree(string section, JsonElement value)
        {
            var rows = new List<object?[]>();
            var seen = new HashSet<string>();

            void Walk(JsonElement node, string? parent, int depth)
            {
                if (depth > 20)
                {
                    throw new SectionShapeException("the tree is nested more than 20 levels deep.");
                }

                var attr = node.TryGetProperty("attr", out var a) ? TextOf(a) : null;
                if (attr is not null)
                {
                    if (!seen.Add(attr))
                    {
                        // The tree card links a node to its parent by name, so a second node of the same name would graft
                        // its children onto the first.
                        Warnings.Add($"{section}: '{attr}' appears twice; the card cannot tell the two apart.");
                    }

                    rows.Add([attr, parent, node.TryGetProperty("value", out var v) ? Count(section, "value", v) : null]);
                }

                if (node.TryGetProperty("children", out var children) && children.ValueKind == JsonValueKind.Array)
                {
                    foreach (var child in children.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object))
                    {
                        // A fork's root without an attr (a plain {date, children}) leaves its children as the roots.
                        Walk(child, attr ?? parent, depth + 1);
                    }
                }
            }

            Walk(value, null, 0);
            if (rows.Count == 0)
            {
                throw new SectionShapeException("no node has an 'attr'.");
            }

            Add(section, [new("node", "string"), new("parent", "string"), new("value", "integer")], rows, Updated(section, value), CardKind.Tree, card =>
            {
                card.X = "node";
                card.Parent = "parent";
                card.Y = ["value"];
                card.Labels = ImportTexts.LabelsFor(rows.Select(r => (string)r[0]!));
            });
        }

        private void ReadDaily(string section, JsonElement value)
        {
            var data = ArrayOf(value, "data");

            // Only the call centres' rows carry more than a total: their time slots, which change over the months.
            var keepSlots = section is "contacts" or "querents";
            var slots = new List<string>();
            var parsed = new List<(DateOnly Date, long? Total, Dictionary<string, long?> Slots)>();
            foreach (var row in Objects(section, data))
            {
                if (RowDate(section, row, "日付", "date") is not { } date)
                {
                    continue;
                }

                long? total = null;
                var rowSlots = new Dictionary<string, long?>();
                foreach (var p in row.EnumerateObject())
                {
                    if (p.Name == "小計")
                    {
                        total = Count(section, p.Name, p.Value);
                    }
                    else if (keepSlots && !DateEchoes.Contains(p.Name))
                    {
                        if (!slots.Contains(p.Name))
                        {
                            slots.Add(p.Name);
                        }

                        rowSlots[p.Name] = Count(section, p.Name, p.Value);
                    }
                }

                parsed.Add((date, total, rowSlots));
            }

            List<ImportedColumn> columns = [new("date", "date"), new("小計", "integer"), .. slots.Select(s => new ImportedColumn(s, "integer"))];
            var rows = parsed
                .Select(r => (object?[])[r.Date, r.Total, .. slots.Select(s => (object?)r.Slots.GetValueOrDefault(s))])
                .ToList();
            var updated = Updated(section, value);
            Add(section, columns, rows, updated, CardKind.TimeSeries, card =>
            {
                card.X = "date";
                card.Y = ["小計"];
                card.Labels = ImportTexts.LabelsFor(columns.Select(c => c.Name));
            });

            if (section == "patients_summary")
            {
                var name = TableName(section);
                Cards.Add(new CardDefinition
                {
                    Slug = "patients-summary-latest",
                    Kind = CardKind.Number,
                    Title = LatestPositives.Title,
                    Description = LatestPositives.Description,
                    Unit = LatestPositives.Unit,
                    Source = new SourceReference { Dataset = name, Resource = 1 },
                    X = "date",
                    Y = ["小計"],
                });
            }
        }

        private void ReadPatients(string section, JsonElement value)
        {
            var data = ArrayOf(value, "data");
            string[] standard = ["居住地", "年代", "性別"];
            var extras = new List<string>();
            var parsed = new List<(DateOnly Date, bool? Discharged, Dictionary<string, string?> Values)>();
            var odd = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var row in Objects(section, data))
            {
                if (RowDate(section, row, "リリース日", "date") is not { } date)
                {
                    continue;
                }

                bool? discharged = null;
                var values = new Dictionary<string, string?>();
                foreach (var p in row.EnumerateObject())
                {
                    if (p.Name == "退院")
                    {
                        // Tokyo marks a discharge with 〇 and leaves the rest null: here no mark means not (yet) discharged,
                        // unlike the standard CSV's flag, where empty means unknown.
                        var t = TextOf(p.Value);
                        if (string.IsNullOrWhiteSpace(t))
                        {
                            discharged = false;
                        }
                        else if (!JapaneseValues.TryFlag(t, out discharged))
                        {
                            odd.Add(t);
                        }
                    }
                    else if (!DateEchoes.Contains(p.Name))
                    {
                        if (!standard.Contains(p.Name) && !extras.Contains(p.Name))
                        {
                            extras.Add(p.Name);
                        }

                        values[p.Name] = TextOf(p.Value)?.Trim();
                    }
                }

                parsed.Add((date, discharged, values));
            }

            if (odd.Count > 0)
            {
                Warnings.Add($"{section}: 退院 read as unknown where it says {string.Join(", ", odd.Select(o => $"'{o}'"))} (Tokyo writes 〇 or nothing).");
            }

            List<ImportedColumn> columns =
            [
                new("date", "date"), .. standard.Select(s => new ImportedColumn(s, "string")), new("退院", "boolean"),
                .. extras.Select(e => new ImportedColumn(e, "string")),
            ];
            var rows = parsed
                .Select(r => (object?[])
                [
                    r.Date, .. standard.Select(s => (object?)r.Values.GetValueOrDefault(s)), r.Discharged,
                    .. extras.Select(e => (object?)r.Values.GetValueOrDefault(e)),
                ])
                .ToList();
            Add(section, columns, rows, Updated(section, value), CardKind.Table, card =>
            {
                card.Columns = columns.Select(c => c.Name).ToList();
                card.Labels = ImportTexts.LabelsFor([.. card.Columns, "男性", "女性"]);
            });
        }

        private void ReadLabelled(string section, JsonElement value)
        {
            if (!value.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                throw new SectionShapeException("expected 'data' to be an object of named series.");
            }

            var updated = Updated(section, value);
            var dates = LabelDates(section, value, updated);
            var series = data.EnumerateObject().Where(s => s.Value.ValueKind == JsonValueKind.Array).ToList();
            if (series.Count == 0)
            {
                throw new SectionShapeException("'data' holds no series.");
            }

            var rows = new List<object?[]>();
            for (var i = 0; i < dates.Count; i++)
            {
                if (dates[i] is not { } date)
                {
                    continue;
                }

                var row = new object?[series.Count + 1];
                row[0] = date;
                for (var s = 0; s < series.Count; s++)
                {
                    var values = series[s].Value;
                    row[s + 1] = i < values.GetArrayLength() ? Count(section, series[s].Name, values[i]) : null;
                }

                rows.Add(row);
            }

            foreach (var s in series.Where(s => s.Value.GetArrayLength() != dates.Count))
            {
                Warnings.Add($"{section}: series '{s.Name}' has {s.Value.GetArrayLength()} values for {dates.Count} labels; the missing ones are empty, the extra ones dropped.");
            }

            List<ImportedColumn> columns = [new("date", "date"), .. series.Select(s => new ImportedColumn(s.Name, "integer"))];
            Add(section, columns, rows, updated, CardKind.Stacked, card =>
            {
                card.X = "date";
                card.Y = series.Select(s => s.Name).ToList();
                card.Labels = ImportTexts.LabelsFor(columns.Select(c => c.Name));
            });
        }

        /// <summary>
        /// The dates of a section's <c>labels</c>. Tokyo wrote "M/D" without a year: the labels run day by day up to the
        /// update, so the year is the update's, one less once a label's month is past the update's month, and one less
        /// again each time the sequence, read backwards, crosses New Year.
        /// </summary>
        private List<DateOnly?> LabelDates(string section, JsonElement value, DateTimeOffset? reference)
        {
            var labels = ArrayOf(value, "labels").EnumerateArray().Select(l => TextOf(l) ?? string.Empty).ToList();
            var result = new List<DateOnly?>(labels.Count);
            if (labels.Count == 0)
            {
                return result;
            }

            // Labels with their year (a fork's ISO datetimes) need nothing guessed.
            var full = labels.Select(JapaneseValues.ParseDate).ToList();
            if (full.All(d => d is not null))
            {
                return full;
            }

            var monthDays = new List<(int Month, int Day)?>();
            var ranges = false;
            foreach (var label in labels)
            {
                var folded = JapaneseValues.Fold(label);

                // Forks that count by week write "2/17～2/23"; the week is dated by its first day.
                var parts = folded.Split(['~', '〜', '-'], 2);
                ranges |= parts.Length > 1;
                var m = MonthDay().Match(parts[0].Trim());
                monthDays.Add(m.Success ? (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)) : null);
            }

            if (ranges)
            {
                Warnings.Add($"{section}: its labels are ranges of days; each row is dated by the range's first day.");
            }

            if (reference is null)
            {
                throw new SectionShapeException("its labels have no year, and neither the section nor lastUpdate says when it was updated to infer one.");
            }

            var year = reference.Value.Year;
            var last = monthDays.LastOrDefault(md => md is not null);
            if (last is { } l && l.Month > reference.Value.Month)
            {
                year--;
            }

            (int Month, int Day)? next = null;
            var reversed = new List<DateOnly?>();
            for (var i = monthDays.Count - 1; i >= 0; i--)
            {
                if (monthDays[i] is not { } md)
                {
                    Warnings.Add($"{section}: label '{labels[i]}' is not a month/day; its values are skipped.");
                    reversed.Add(null);
                    continue;
                }

                if (next is { } n && (md.Month > n.Month || (md.Month == n.Month && md.Day > n.Day)))
                {
                    year--;
                }

                next = md;
                if (md.Month is < 1 or > 12 || md.Day < 1 || md.Day > DateTime.DaysInMonth(year, md.Month))
                {
                    Warnings.Add($"{section}: label '{labels[i]}' is not a day of {year}; its values are skipped.");
                    reversed.Add(null);
                    continue;
                }

                reversed.Add(new DateOnly(year, md.Month, md.Day));
            }

            reversed.Reverse();
            return reversed;
        }

        private void ReadPersons(string section, JsonElement value)
        {
            var updated = Updated(section, value);
            List<ImportedColumn> columns;
            var rows = new List<object?[]>();
            if (value.TryGetProperty("datasets", out var datasets) && datasets.ValueKind == JsonValueKind.Array)
            {
                var dates = LabelDates(section, value, updated);
                var sets = datasets.EnumerateArray()
                    .Where(d => d.ValueKind == JsonValueKind.Object && d.TryGetProperty("data", out var a) && a.ValueKind == JsonValueKind.Array)
                    .Select((d, i) => (Name: d.TryGetProperty("label", out var l) && TextOf(l) is { Length: > 0 } t ? t : $"series {i + 1}", Data: d.GetProperty("data")))
                    .ToList();
                columns = [new("date", "date"), .. sets.Select(s => new ImportedColumn(s.Name, "integer"))];
                for (var i = 0; i < dates.Count; i++)
                {
                    if (dates[i] is { } date)
                    {
                        rows.Add([date, .. sets.Select(s => i < s.Data.GetArrayLength() ? Count(section, s.Name, s.Data[i]) : null)]);
                    }
                }
            }
            else if (value.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
            {
                // Some forks write this section as daily rows, like patients_summary.
                columns = [new("date", "date"), new("小計", "integer")];
                foreach (var row in Objects(section, data))
                {
                    if (RowDate(section, row, "日付", "date") is { } date)
                    {
                        rows.Add([date, row.TryGetProperty("小計", out var t) ? Count(section, "小計", t) : null]);
                    }
                }
            }
            else
            {
                throw new SectionShapeException("expected 'labels' and 'datasets', or 'data' rows.");
            }

            Add(section, columns, rows, updated, CardKind.Bars, card =>
            {
                card.X = "date";
                card.Y = columns.Skip(1).Select(c => c.Name).ToList();
                card.Labels = ImportTexts.LabelsFor(columns.Select(c => c.Name));
            });
        }

        private void ReadInspections(string section, JsonElement value)
        {
            var data = ArrayOf(value, "data");
            var keys = new List<string>();
            var parsed = new List<(DateOnly Date, Dictionary<string, string?> Values)>();
            foreach (var row in Objects(section, data))
            {
                if (RowDate(section, row, "判明日", "日付", "date") is not { } date)
                {
                    continue;
                }

                var values = new Dictionary<string, string?>();
                foreach (var p in row.EnumerateObject().Where(p => !DateEchoes.Contains(p.Name)))
                {
                    if (!keys.Contains(p.Name))
                    {
                        keys.Add(p.Name);
                    }

                    values[p.Name] = TextOf(p.Value);
                }

                parsed.Add((date, values));
            }

            // A column is a count when every value in it reads as one ("0 " included); otherwise it stays text.
            var counts = keys.ToDictionary(k => k, k => parsed.All(r => JapaneseValues.TryCount(r.Values.GetValueOrDefault(k), out _)));
            List<ImportedColumn> columns = [new("date", "date"), .. keys.Select(k => new ImportedColumn(k, counts[k] ? "integer" : "string"))];
            var rows = parsed.Select(r => (object?[])[r.Date, .. keys.Select(k => CellOf(r.Values.GetValueOrDefault(k), counts[k]))]).ToList();
            var first = keys.FirstOrDefault(k => counts[k]);
            Add(section, columns, rows, Updated(section, value), first is null ? CardKind.Table : CardKind.TimeSeries, card =>
            {
                if (first is not null)
                {
                    card.X = "date";
                    card.Y = [first];
                }

                card.Labels = ImportTexts.LabelsFor(columns.Select(c => c.Name));
            });

            static object? CellOf(string? text, bool count)
            {
                if (!count)
                {
                    return text?.Trim();
                }

                JapaneseValues.TryCount(text, out var n);
                return n;
            }
        }

        private static JsonElement ArrayOf(JsonElement value, string property) =>
            value.TryGetProperty(property, out var a) && a.ValueKind == JsonValueKind.Array
                ? a
                : throw new SectionShapeException($"expected '{property}' to be an array.");

        private IEnumerable<JsonElement> Objects(string section, JsonElement array)
        {
            var skipped = 0;
            foreach (var e in array.EnumerateArray())
            {
                if (e.ValueKind == JsonValueKind.Object)
                {
                    yield return e;
                }
                else
                {
                    skipped++;
                }
            }

            if (skipped > 0)
            {
                Warnings.Add($"{section}: skipped {skipped} entries that are not rows.");
            }
        }

        /// <summary>A row's date from the first of <paramref name="keys"/> that reads as one; a row without is skipped.</summary>
        private DateOnly? RowDate(string section, JsonElement row, params string[] keys)
        {
            foreach (var key in keys)
            {
                if (row.TryGetProperty(key, out var v) && JapaneseValues.ParseDate(TextOf(v)) is { } date)
                {
                    return date;
                }
            }

            Warnings.Add($"{section}: skipped a row with no date in {string.Join(" or ", keys)}: {Shorten(row.GetRawText())}");
            return null;
        }

        private readonly HashSet<(string, string)> badCounts = [];

        private long? Count(string section, string column, JsonElement value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Number when value.TryGetInt64(out var n):
                    return n;
                case JsonValueKind.Null or JsonValueKind.Undefined:
                    return null;
            }

            if (JapaneseValues.TryCount(TextOf(value), out var count))
            {
                return count;
            }

            if (badCounts.Add((section, column)))
            {
                Warnings.Add($"{section}: '{column}' has a value that is not a count ({Shorten(value.GetRawText())}); read as empty.");
            }

            return null;
        }

        private static string? TextOf(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => value.GetRawText(),
        };

        private static string Shorten(string s) => s.Length <= 80 ? s : string.Concat(s.AsSpan(0, 77), "...");
    }

    [GeneratedRegex(@"^(\d{1,2})/(\d{1,2})$")]
    private static partial Regex MonthDay();
}
