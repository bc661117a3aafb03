using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using Madang.Dashboards.Definition;

namespace Madang.Dashboards.Import;

/// <summary>
/// Reads a CSV of Japan's standard COVID-19 open data items (陽性患者属性, 検査実施人数/件数, 陰性確認数, コールセンター相談件数) as
/// prefectures really published them: any of UTF-8 with or without BOM and Shift_JIS, full-width digits, three date styles.
/// </summary>
internal static partial class JapanCovidCsvReader
{
    private static readonly Encoding ShiftJis = RegisterCodePages();

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private sealed record CountItem(string Name, string DateColumn, string CountColumn, Text Title, Text Description, Text Unit);

    private static readonly CountItem[] CountItems =
    [
        new("検査実施人数", "実施_年月日", "検査実施_人数",
            Text.Of("검사 인원", "検査実施人数", "People tested", "检测人数", "檢測人數"),
            Text.Of("일별 검사 인원", "日ごとの検査実施人数", "People tested each day", "每日检测人数", "每日檢測人數"),
            ImportTexts.Persons),
        new("検査実施件数", "実施_年月日", "検査実施_件数",
            Text.Of("검사 건수", "検査実施件数", "Tests performed", "检测件数", "檢測件數"),
            Text.Of("일별 검사 건수", "日ごとの検査実施件数", "Tests performed each day", "每日检测件数", "每日檢測件數"),
            ImportTexts.Cases),
        new("陰性確認数", "完了_年月日", "陰性確認_件数",
            Text.Of("음성 확인 수", "陰性確認数", "Confirmed negative", "阴性确认数", "陰性確認數"),
            Text.Of("일별 음성 확인 건수", "日ごとの陰性確認件数", "Tests confirmed negative each day", "每日确认阴性件数", "每日確認陰性件數"),
            ImportTexts.Cases),
        new("コールセンター相談件数", "受付_年月日", "相談件数",
            Text.Of("콜센터 상담 건수", "コールセンター相談件数", "Calls to the call centre", "呼叫中心咨询件数", "客服中心諮詢件數"),
            Text.Of("일별 콜센터 상담 건수", "日ごとのコールセンター相談件数", "Calls the call centre received each day", "每日呼叫中心咨询件数", "每日客服中心諮詢件數"),
            ImportTexts.Cases),
    ];

    private static readonly Text PositivesTitle = Text.Of("확진자 속성", "陽性患者属性", "Details of confirmed cases", "确诊病例属性", "確診病例屬性");

    private static readonly Text PositivesDescription = Text.Of(
        "확진자별 발표일, 거주지, 연령대, 성별, 상태",
        "陽性患者ごとの公表日、居住地、年代、性別、状態",
        "Each confirmed case: day announced, place of residence, age group, sex and condition",
        "每名确诊病例的公布日期、居住地、年龄段、性别和状态",
        "每名確診病例的公布日期、居住地、年齡層、性別和狀態");

    private static readonly Text DailyTitle = Text.Of("확진자 수", "陽性患者数", "Confirmed cases", "确诊病例数", "確診病例數");

    private static readonly Text DailyDescription = Text.Of(
        "발표일별 확진자 수(확진자 속성에서 집계)",
        "公表日ごとの陽性患者数（陽性患者属性から集計）",
        "Confirmed cases by the day they were announced, counted from the case list",
        "按公布日期统计的确诊病例数（由确诊病例属性汇总）",
        "按公布日期統計的確診病例數（由確診病例屬性彙總）");

    /// <summary>The derived daily table's count column.</summary>
    public const string DailyCount = "陽性患者数";

    /// <summary>
    /// Headers as real files wrote them, mapped to the standard's names: Tokyo drops the 患者_ prefix, Osaka numbers its
    /// rows 番号 and dates them 報道提供日.
    /// </summary>
    private static readonly Dictionary<string, string> Aliases = new()
    {
        ["No."] = "No",
        ["NO"] = "No",
        ["no"] = "No",
        ["番号"] = "No",
        ["報道提供日"] = "公表_年月日",
        ["リリース日"] = "公表_年月日",
        ["公表日"] = "公表_年月日",
        ["公表年月日"] = "公表_年月日",
        ["発症日"] = "発症_年月日",
        ["発症年月日"] = "発症_年月日",
        ["居住地"] = "患者_居住地",
        ["年代"] = "患者_年代",
        ["性別"] = "患者_性別",
        ["職業"] = "患者_職業",
        ["状態"] = "患者_状態",
        ["症状"] = "患者_症状",
        ["渡航歴の有無フラグ"] = "患者_渡航歴の有無フラグ",
        ["退院済フラグ"] = "患者_退院済フラグ",
        ["退院・解除"] = "患者_退院済フラグ",
        ["実施年月日"] = "実施_年月日",
        ["完了年月日"] = "完了_年月日",
        ["受付年月日"] = "受付_年月日",
    };

    private static readonly Dictionary<string, Text> ColumnWords = new Dictionary<string, Text>
    {
        ["全国地方公共団体コード"] = Text.Of("지방자치단체 코드", "全国地方公共団体コード", "Local government code", "地方政府代码", "地方政府代碼"),
        ["都道府県名"] = Text.Of("도도부현", "都道府県名", "Prefecture", "都道府县", "都道府縣"),
        ["市区町村名"] = Text.Of("시구정촌", "市区町村名", "Municipality", "市区町村", "市區町村"),
        ["No"] = Text.Of("번호", "No", "No.", "编号", "編號"),
        ["公表_年月日"] = Text.Of("발표일", "公表_年月日", "Date announced", "公布日期", "公布日期"),
        ["発症_年月日"] = Text.Of("발병일", "発症_年月日", "Date of onset", "发病日期", "發病日期"),
        ["患者_居住地"] = Text.Of("거주지", "患者_居住地", "Residence", "居住地", "居住地"),
        ["患者_年代"] = Text.Of("연령대", "患者_年代", "Age group", "年龄段", "年齡層"),
        ["患者_性別"] = Text.Of("성별", "患者_性別", "Sex", "性别", "性別"),
        ["患者_職業"] = Text.Of("직업", "患者_職業", "Occupation", "职业", "職業"),
        ["患者_状態"] = Text.Of("상태", "患者_状態", "Condition", "状态", "狀態"),
        ["患者_症状"] = Text.Of("증상", "患者_症状", "Symptoms", "症状", "症狀"),
        ["患者_渡航歴の有無フラグ"] = Text.Of("해외 방문 이력", "患者_渡航歴の有無フラグ", "Travelled abroad", "有无出国旅行史", "有無出國旅行史"),
        ["患者_退院済フラグ"] = Text.Of("퇴원 여부", "患者_退院済フラグ", "Discharged", "是否出院", "是否出院"),
        ["備考"] = Text.Of("비고", "備考", "Notes", "备注", "備註"),
        ["実施_年月日"] = Text.Of("실시일", "実施_年月日", "Date tested", "检测日期", "檢測日期"),
        ["検査実施_人数"] = Text.Of("검사 인원", "検査実施_人数", "People tested", "检测人数", "檢測人數"),
        ["検査実施_件数"] = Text.Of("검사 건수", "検査実施_件数", "Tests performed", "检测件数", "檢測件數"),
        ["完了_年月日"] = Text.Of("완료일", "完了_年月日", "Date completed", "完成日期", "完成日期"),
        ["陰性確認_件数"] = Text.Of("음성 확인 건수", "陰性確認_件数", "Confirmed negative", "确认阴性件数", "確認陰性件數"),
        ["受付_年月日"] = Text.Of("접수일", "受付_年月日", "Date received", "受理日期", "受理日期"),
        ["相談件数"] = Text.Of("상담 건수", "相談件数", "Calls", "咨询件数", "諮詢件數"),
        [DailyCount] = Text.Of("확진자 수", DailyCount, "Confirmed cases", "确诊病例数", "確診病例數"),
    };

    /// <summary>
    /// Reads <paramref name="csv"/> into a table named <paramref name="datasetName"/> and its card; a case list also gives
    /// <c>{datasetName}-daily</c>, the cases per 公表_年月日.
    /// </summary>
    /// <exception cref="ImportFormatException">The header is none of the standard items'.</exception>
    public static ImportResult Read(Stream csv, string datasetName)
    {
        if (!DatasetName().IsMatch(datasetName))
        {
            throw new ArgumentException($"The dataset name '{datasetName}' must be lower-case letters, digits and hyphens.", nameof(datasetName));
        }

        var warnings = new List<string>();
        var text = Decode(csv, warnings);
        var records = Parse(text);
        if (records.Count == 0)
        {
            throw new ImportFormatException("The CSV file is empty: expected a header such as 実施_年月日,検査実施_人数 or 公表_年月日,患者_年代,….");
        }

        var header = records[0].Select(Canonical).ToList();
        var body = records.Skip(1).Select((r, i) => (Line: i + 2, Fields: r)).Where(r => r.Fields.Any(f => !string.IsNullOrWhiteSpace(f))).ToList();
        foreach (var (line, fields) in body.Where(r => r.Fields.Length > header.Count && r.Fields.Skip(header.Count).Any(f => !string.IsNullOrWhiteSpace(f))))
        {
            warnings.Add($"Row {line} has {fields.Length} fields for {header.Count} columns; the extra ones are dropped.");
        }

        var item = CountItems.FirstOrDefault(i => header.Contains(i.DateColumn) && header.Contains(i.CountColumn));
        if (item is not null)
        {
            return ReadCounts(item, header, body, datasetName, warnings);
        }

        if (header.Contains("公表_年月日") && (header.Contains("患者_年代") || header.Contains("患者_性別") || header.Contains("患者_居住地")))
        {
            return ReadPositives(header, body, datasetName, warnings);
        }

        throw new ImportFormatException(
            "This CSV is none of Japan's standard COVID-19 items: expected 陽性患者属性 (公表_年月日, 患者_年代, 患者_性別 …), "
            + string.Join(", ", CountItems.Select(i => $"{i.Name} ({i.DateColumn}, {i.CountColumn})"))
            + $". Its header has: {string.Join(", ", records[0].Select(h => h.Trim()))}.");
    }

    private static ImportResult ReadCounts(CountItem item, List<string> header, List<(int Line, string[] Fields)> body, string datasetName, List<string> warnings)
    {
        var columns = Columns(header, c => c == item.DateColumn ? "date" : c == item.CountColumn ? "integer" : "string");
        var dateAt = columns.FindIndex(c => c.Column.Name == item.DateColumn);
        var rows = new List<object?[]>();
        foreach (var (line, fields) in body)
        {
            var row = Row(columns, fields, line, warnings);
            if (row[dateAt] is null)
            {
                warnings.Add($"Row {line} skipped: {item.DateColumn} '{Field(fields, columns[dateAt].Index)}' is not a date.");
                continue;
            }

            rows.Add(row);
        }

        var table = new ImportedTable(datasetName, item.Title, columns.Select(c => c.Column).ToList(), rows, null);
        var card = new CardDefinition
        {
            Slug = datasetName,
            Kind = CardKind.TimeSeries,
            Title = item.Title,
            Description = item.Description,
            Unit = item.Unit,
            Source = new SourceReference { Dataset = datasetName, Resource = 1 },
            X = item.DateColumn,
            Y = [item.CountColumn],
            Labels = Labels(table.Columns.Select(c => c.Name)),
        };
        return new ImportResult([table], [card], warnings);
    }

    private static ImportResult ReadPositives(List<string> header, List<(int Line, string[] Fields)> body, string datasetName, List<string> warnings)
    {
        var columns = Columns(header, c => c switch
        {
            "No" => "integer",
            "公表_年月日" or "発症_年月日" => "date",
            "患者_渡航歴の有無フラグ" or "患者_退院済フラグ" => "boolean",
            _ => "string",
        });
        var rows = body.Select(r => Row(columns, r.Fields, r.Line, warnings)).ToList();
        var table = new ImportedTable(datasetName, PositivesTitle, columns.Select(c => c.Column).ToList(), rows, null);
        var card = new CardDefinition
        {
            Slug = datasetName,
            Kind = CardKind.Table,
            Title = PositivesTitle,
            Description = PositivesDescription,
            Source = new SourceReference { Dataset = datasetName, Resource = 1 },
            Columns = table.Columns.Select(c => c.Name).ToList(),
            Labels = Labels([.. table.Columns.Select(c => c.Name), "男性", "女性"]),
        };

        // The standard publishes cases one per row; the curve everyone looks at is their count per day, with the days
        // nobody tested positive counted as 0 rather than missing, so the 7-day average does not skip them.
        var announcedAt = columns.FindIndex(c => c.Column.Name == "公表_年月日");
        var perDay = rows.Select(r => r[announcedAt]).OfType<DateOnly>().GroupBy(d => d).ToDictionary(g => g.Key, g => (long)g.Count());
        var undated = rows.Count(r => r[announcedAt] is null);
        if (undated > 0)
        {
            warnings.Add($"{undated} cases have no readable 公表_年月日 and are not counted in {datasetName}-daily.");
        }

        var daily = new List<object?[]>();
        if (perDay.Count > 0)
        {
            for (var d = perDay.Keys.Min(); d <= perDay.Keys.Max(); d = d.AddDays(1))
            {
                daily.Add([d, perDay.GetValueOrDefault(d)]);
            }
        }

        var dailyName = $"{datasetName}-daily";
        var dailyTable = new ImportedTable(dailyName, DailyTitle, [new("公表_年月日", "date"), new(DailyCount, "integer")], daily, null);
        var dailyCard = new CardDefinition
        {
            Slug = dailyName,
            Kind = CardKind.TimeSeries,
            Title = DailyTitle,
            Description = DailyDescription,
            Unit = ImportTexts.Persons,
            Source = new SourceReference { Dataset = dailyName, Resource = 1 },
            X = "公表_年月日",
            Y = [DailyCount],
            Labels = Labels(["公表_年月日", DailyCount]),
        };
        return new ImportResult([table, dailyTable], [dailyCard, card], warnings);
    }

    /// <summary>The columns kept, each with its position in the file; 曜日 is dropped, being the date's weekday again.</summary>
    private static List<(ImportedColumn Column, int Index)> Columns(List<string> header, Func<string, string> type)
    {
        var columns = new List<(ImportedColumn, int)>();
        var seen = new HashSet<string>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i];
            if (name is "曜日" || name.Length == 0 || !seen.Add(name))
            {
                continue;
            }

            columns.Add((new ImportedColumn(name, type(name)), i));
        }

        return columns;
    }

    private static object?[] Row(List<(ImportedColumn Column, int Index)> columns, string[] fields, int line, List<string> warnings)
    {
        var row = new object?[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            var (column, index) = columns[c];
            var raw = Field(fields, index);
            row[c] = column.Type switch
            {
                "integer" => JapaneseValues.TryCount(raw, out var n) ? n : Bad(raw, "a whole number"),
                "date" => raw is null ? null : JapaneseValues.ParseDate(raw) ?? Bad(raw, "a date"),
                "boolean" => JapaneseValues.TryFlag(raw, out var b) ? b : Bad(raw, "1, 0 or empty"),
                _ => raw,
            };

            object? Bad(string? value, string expected)
            {
                warnings.Add($"Row {line}: {column.Name} '{value}' is not {expected}; read as empty.");
                return null;
            }
        }

        return row;
    }

    /// <summary>A field trimmed, its line breaks as \n (a quoted value may hold \r\n or a bare CR), null when empty.</summary>
    private static string? Field(string[] fields, int index)
    {
        if (index >= fields.Length)
        {
            return null;
        }

        var value = fields[index].Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
        return value.Length == 0 ? null : value;
    }

    private static string Canonical(string header)
    {
        var name = JapaneseValues.Fold(header.Replace("\uFEFF", string.Empty, StringComparison.Ordinal));
        return Aliases.GetValueOrDefault(name, name);
    }

    private static Dictionary<string, Text>? Labels(IEnumerable<string> keys)
    {
        var labels = ImportTexts.LabelsFor(keys) ?? [];
        foreach (var key in keys)
        {
            if (ColumnWords.TryGetValue(key, out var text))
            {
                labels[key] = text;
            }
        }

        return labels.Count == 0 ? null : labels;
    }

    /// <summary>
    /// The file's text. A BOM decides; otherwise valid UTF-8 is UTF-8, and anything else is taken as Shift_JIS (CP932),
    /// what Excel saves in Japan: Shift_JIS text is almost never valid UTF-8, so the test rarely guesses wrong.
    /// </summary>
    private static string Decode(Stream csv, List<string> warnings)
    {
        using var buffer = new MemoryStream();
        csv.CopyTo(buffer);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Encoding.UTF8.GetString(bytes[3..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(bytes[2..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            warnings.Add("The file is not UTF-8; read as Shift_JIS (CP932).");
            return ShiftJis.GetString(bytes);
        }
    }

    private static List<string[]> Parse(string text)
    {
        var options = new CsvReaderOptions
        {
            // The standard is comma-separated; detecting would weigh the separators inside Japanese notes.
            Separator = ',',
            HasHeader = false,
        };
        var records = new List<string[]>();
        using var reader = CsvReader.Create(new StringReader(text), options);
        while (reader.Read())
        {
            var record = new string[reader.FieldCount];
            for (var i = 0; i < record.Length; i++)
            {
                record[i] = reader.GetString(i);
            }

            records.Add(record);
        }

        return records;
    }

    private static Encoding RegisterCodePages()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932);
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex DatasetName();
}
