using System.Text;
using Madang.Dashboards.Definition;
using Madang.Dashboards.Import;

namespace Madang.Web.Tests.Dashboards;

/// <summary>The stopcovid19 data.json and Japan standard CSV importers, fed the files prefectures really published.</summary>
public sealed class ImportReaderTests
{
    private static readonly string[] Languages = ["ko", "ja", "en", "zh-Hans", "zh-Hant"];

    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    private static ImportResult ReadJson(string json) => StopCovid19Reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "tokyo");

    private static ImportResult ReadCsv(string csv, string name = "covid") => JapanCovidCsvReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), name);

    private static ImportedTable Table(ImportResult result, string name) => Assert.Single(result.Tables, t => t.Name == name);

    private static object? Cell(ImportedTable table, int row, string column)
    {
        var index = table.Columns.Select(c => c.Name).ToList().IndexOf(column);
        Assert.True(index >= 0, $"{table.Name} has no column {column}: {string.Join(", ", table.Columns.Select(c => c.Name))}");
        return table.Rows[row][index];
    }

    private static List<object?> Column(ImportedTable table, string column) =>
        Enumerable.Range(0, table.Rows.Count).Select(r => Cell(table, r, column)).ToList();

    // ---- stopcovid19 data.json ----

    [Fact]
    public void TokyoFixture_GivesTokyosCardsForEverySection()
    {
        using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Dashboards", "Fixtures", "tokyo-data.json"));

        var result = StopCovid19Reader.Read(file, "tokyo");

        Assert.Empty(result.Warnings);
        Assert.Equal(
            ["tokyo-contacts", "tokyo-discharges-summary", "tokyo-inspections-summary", "tokyo-main-summary", "tokyo-patients", "tokyo-patients-summary", "tokyo-querents"],
            result.Tables.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal(
            [
                ("patients-summary-latest", CardKind.Number), ("main-summary", CardKind.Tree), ("patients-summary", CardKind.TimeSeries),
                ("patients", CardKind.Table), ("inspections-summary", CardKind.Stacked), ("contacts", CardKind.TimeSeries),
                ("querents", CardKind.TimeSeries), ("discharges-summary", CardKind.TimeSeries),
            ],
            result.Cards.Select(c => (c.Slug, c.Kind)));
        foreach (var card in result.Cards)
        {
            Assert.All(Languages, l => Assert.False(string.IsNullOrWhiteSpace(card.Title.GetValueOrDefault(l)), $"{card.Slug} has no {l} title"));
            Assert.All(Languages, l => Assert.False(string.IsNullOrWhiteSpace(card.Description?.GetValueOrDefault(l)), $"{card.Slug} has no {l} description"));
            var table = Table(result, card.Source.Dataset);
            Assert.Equal(1, card.Source.Resource);
            Assert.All(card.Y.Append(card.X).OfType<string>(), c => Assert.Contains(c, table.Columns.Select(col => col.Name)));
        }

        // The fixture's 64 cases, 22 days of calls and the tree's totals agree with one another, as Tokyo's did.
        Assert.Equal(64, Table(result, "tokyo-patients").Rows.Count);
        Assert.Equal(64L, Column(Table(result, "tokyo-patients-summary"), "小計").Sum(v => (long)v!));
        Assert.Equal(22, Table(result, "tokyo-contacts").Rows.Count);
        Assert.Equal("Confirmed cases", result.Cards.Single(c => c.Slug == "patients-summary").Title["en"]);
        Assert.Equal("확진자 수", result.Cards.Single(c => c.Slug == "patients-summary").Title["ko"]);
    }

    [Fact]
    public void SectionDate_WithAnUnpaddedHour_IsJapanTime()
    {
        var result = ReadJson("""
            {"lastUpdate":"2020/03/18 8:00",
             "inspections_summary":{"date":"2020/03/17 8:00","data":{"都内":[3],"その他":[0]},"labels":["3/16"]},
             "main_summary":{"attr":"検査実施人数","value":3}}
            """);

        Assert.Equal(new DateTimeOffset(2020, 3, 17, 8, 0, 0, Jst), Table(result, "tokyo-inspections-summary").UpdatedAt);

        // A section without its own date (main_summary never had one) is as fresh as the file's lastUpdate.
        Assert.Equal(new DateTimeOffset(2020, 3, 18, 8, 0, 0, Jst), Table(result, "tokyo-main-summary").UpdatedAt);
    }

    [Fact]
    public void RowDates_PinnedInUtc_AreTheDayInJapan()
    {
        var result = ReadJson("""
            {"patients_summary":{"date":"2020/03/17 20:30","data":[
              {"日付":"2020-01-29T08:00:00.000Z","小計":1},
              {"日付":"2020-01-30T15:30:00.000Z","小計":2}]}}
            """);

        // 08:00Z is 17:00 the same day in Tokyo; 15:30Z is already 00:30 the next day there.
        Assert.Equal([new DateOnly(2020, 1, 29), new DateOnly(2020, 1, 31)], Column(Table(result, "tokyo-patients-summary"), "date"));
    }

    [Fact]
    public void Weekday_AsAnExcelSerialOrAKanji_DoesNotDisturbTheRow()
    {
        var result = ReadJson("""
            {"contacts":{"date":"2020/03/17 10:00","data":[
              {"日付":"2020-01-29T08:00:00.000Z","曜日":43859,"9-13時":0,"13-17時":0,"17-21時":23,"date":"2020-01-29","w":3,"short_date":"01/29","小計":23},
              {"日付":"2020-01-30T08:00:00.000Z","曜日":"木","9-13時":101,"13-17時":87,"17-21時":40,"date":"2020-01-30","w":4,"short_date":"01/30","小計":228}]}}
            """);

        var contacts = Table(result, "tokyo-contacts");
        Assert.Equal(["date", "小計", "9-13時", "13-17時", "17-21時"], contacts.Columns.Select(c => c.Name));
        Assert.Equal([new DateOnly(2020, 1, 29), new DateOnly(2020, 1, 30)], Column(contacts, "date"));
        Assert.Equal([23L, 228L], Column(contacts, "小計"));
        Assert.Equal(87L, Cell(contacts, 1, "13-17時"));
        Assert.Empty(result.Warnings);

        var card = Assert.Single(result.Cards);
        Assert.Equal(("date", "小計"), (card.X, Assert.Single(card.Y)));
        Assert.Equal("9:00–13:00", card.Labels!["9-13時"]["en"]);
    }

    [Fact]
    public void Counts_WrittenAsPaddedStrings_ReadAsNumbers()
    {
        var result = ReadJson("""
            {"querents":{"date":"2020/03/17 10:00","data":[
              {"日付":"2020-02-07T08:00:00.000Z","曜日":43868,"9-17時":"0 ","17-翌9時":"17 ","date":"2020-02-07","w":5,"short_date":"02/07","小計":" 17"}]}}
            """);

        var querents = Table(result, "tokyo-querents");
        Assert.Equal(0L, Cell(querents, 0, "9-17時"));
        Assert.Equal(17L, Cell(querents, 0, "17-翌9時"));
        Assert.Equal(17L, Cell(querents, 0, "小計"));
        Assert.Equal("17:00–9:00 next day", Assert.Single(result.Cards).Labels!["17-翌9時"]["en"]);
    }

    [Fact]
    public void Patients_DischargedMark_ReadsAsYesOrNo()
    {
        var result = ReadJson("""
            {"patients":{"date":"2020/03/17 20:30","data":[
              {"リリース日":"2020-01-24T08:00:00.000Z","曜日":"金","居住地":"湖北省武漢市","年代":"40代","性別":"男性","退院":"〇","date":"2020-01-24"},
              {"リリース日":"2020-02-13T08:00:00.000Z","曜日":"木","居住地":"都内","年代":"80代","性別":"男性","退院":null,"date":"2020-02-13"}]}}
            """);

        var patients = Table(result, "tokyo-patients");
        Assert.Equal(["date", "居住地", "年代", "性別", "退院"], patients.Columns.Select(c => c.Name));
        Assert.Equal("boolean", patients.Columns.Single(c => c.Name == "退院").Type);
        Assert.Equal([true, false], Column(patients, "退院"));
        Assert.Equal(["40代", "80代"], Column(patients, "年代"));
        Assert.Equal(new DateOnly(2020, 1, 24), Cell(patients, 0, "date"));
        var card = Assert.Single(result.Cards);
        Assert.Equal(CardKind.Table, card.Kind);
        Assert.Equal("Age group", card.Labels!["年代"]["en"]);
    }

    [Fact]
    public void EarlyMarchInspections_WithUsStyleDatesAndPaddedCounts_AreRead()
    {
        var result = ReadJson("""
            {"inspections":{"date":"2020/03/09 20:00","data":[
              {"判明日":"1/24/2020","検査検体数":"3 ","疑い例検査":"3 ","接触者調査":"0 ","陰性確認":"","（小計①）":"3 ","チャーター便":"0 ","帰国者":"0 ","濃厚接触者":"0 ","（小計②）":"0 "},
              {"判明日":"1/25/2020","検査検体数":"0 ","疑い例検査":"0 ","接触者調査":"0 ","陰性確認":"","（小計①）":"0 ","チャーター便":"0 ","帰国者":"0 ","濃厚接触者":"0 ","（小計②）":"0 "}]}}
            """);

        var inspections = Table(result, "tokyo-inspections");
        Assert.Equal([new DateOnly(2020, 1, 24), new DateOnly(2020, 1, 25)], Column(inspections, "date"));
        Assert.Equal([3L, 0L], Column(inspections, "検査検体数"));
        Assert.Equal("integer", inspections.Columns.Single(c => c.Name == "検査検体数").Type);
        var card = Assert.Single(result.Cards);
        Assert.Equal((CardKind.TimeSeries, "検査検体数"), (card.Kind, Assert.Single(card.Y)));
    }

    [Fact]
    public void InspectionLabels_WithoutAYear_TakeTheUpdatesYear()
    {
        var result = ReadJson("""
            {"inspections_summary":{"date":"2020/03/17 8:00","data":{"都内":[2,0,5],"その他":[0,"0 ",12]},"labels":["1/24","1/25","1/26"]}}
            """);

        var summary = Table(result, "tokyo-inspections-summary");
        Assert.Equal([new DateOnly(2020, 1, 24), new DateOnly(2020, 1, 25), new DateOnly(2020, 1, 26)], Column(summary, "date"));
        Assert.Equal([0L, 0L, 12L], Column(summary, "その他"));
        var card = Assert.Single(result.Cards);
        Assert.Equal((CardKind.Stacked, "date"), (card.Kind, card.X));
        Assert.Equal(["都内", "その他"], card.Y);
    }

    [Fact]
    public void InspectionLabels_OverNewYear_StepTheYearBack()
    {
        var result = ReadJson("""
            {"lastUpdate":"2021/01/03 9:00",
             "inspections_summary":{"data":{"都内":[1,2,3,4],"その他":[0,0,0,0]},"labels":["12/30","12/31","1/1","1/2"]}}
            """);

        Assert.Equal(
            [new DateOnly(2020, 12, 30), new DateOnly(2020, 12, 31), new DateOnly(2021, 1, 1), new DateOnly(2021, 1, 2)],
            Column(Table(result, "tokyo-inspections-summary"), "date"));
    }

    [Fact]
    public void InspectionLabels_AllLaterThanTheUpdatesMonth_BelongToTheYearBefore()
    {
        var result = ReadJson("""
            {"inspections_summary":{"date":"2021/01/02 8:00","data":{"都内":[1,2],"その他":[0,0]},"labels":["12/30","12/31"]}}
            """);

        Assert.Equal([new DateOnly(2020, 12, 30), new DateOnly(2020, 12, 31)], Column(Table(result, "tokyo-inspections-summary"), "date"));
    }

    [Fact]
    public void MainSummary_IsATreeWithTranslatedNodes()
    {
        var result = ReadJson("""
            {"main_summary":{"attr":"検査実施人数","value":"1,173","children":[{"attr":"陽性患者数","value":64,"children":[
               {"attr":"入院中","value":58,"children":[{"attr":"軽症・中等症","value":54},{"attr":"重症","value":4}]},
               {"attr":"退院","value":4},{"attr":"死亡","value":2}]}]},
             "inspection_status_summary":{"date":"2020/04/06 21:00","attr":"検査実施件数","value":5000,"children":[{"attr":"都内","value":4200},{"attr":"その他","value":800}]}}
            """);

        var tree = Table(result, "tokyo-main-summary");
        Assert.Equal(["node", "parent", "value"], tree.Columns.Select(c => c.Name));
        var rows = tree.Rows.ToDictionary(r => (string)r[0]!, r => (Parent: r[1], Value: r[2]));
        Assert.Equal((null, 1173L), rows["検査実施人数"]);
        Assert.Equal(("入院中", 4L), rows["重症"]);
        Assert.Equal(("陽性患者数", 2L), rows["死亡"]);

        var card = result.Cards.Single(c => c.Slug == "main-summary");
        Assert.Equal((CardKind.Tree, "node", "parent"), (card.Kind, card.X, card.Parent));
        Assert.Equal(["value"], card.Y);
        Assert.Equal("Confirmed cases", card.Labels!["陽性患者数"]["en"]);
        Assert.Equal("확진자 수", card.Labels["陽性患者数"]["ko"]);
        Assert.Equal("重症", card.Labels["重症"]["zh-Hant"]);
        Assert.All(Languages, l => Assert.True(card.Labels["軽症・中等症"].ContainsKey(l)));

        var status = Table(result, "tokyo-inspection-status-summary");
        Assert.Equal(new DateTimeOffset(2020, 4, 6, 21, 0, 0, Jst), status.UpdatedAt);
        Assert.Equal(CardKind.Tree, result.Cards.Single(c => c.Slug == "inspection-status-summary").Kind);
    }

    [Fact]
    public void PatientsSummary_AlsoGivesTheLatestCountCard()
    {
        var result = ReadJson("""
            {"patients_summary":{"date":"2020/03/17 20:30","data":[{"日付":"2020-03-16T08:00:00.000Z","小計":3},{"日付":"2020-03-17T08:00:00.000Z","小計":12}]}}
            """);

        var number = result.Cards.Single(c => c.Kind == CardKind.Number);
        Assert.Equal(("tokyo-patients-summary", "date", "小計"), (number.Source.Dataset, number.X, Assert.Single(number.Y)));
        Assert.Equal("Latest confirmed cases", number.Title["en"]);
        Assert.Equal("人", number.Unit!["ja"]);
        Assert.Equal("patients-summary", result.Cards.Single(c => c.Kind == CardKind.TimeSeries).Slug);
    }

    [Fact]
    public void InspectionPersons_AprilLayout_IsABarChartByDay()
    {
        var result = ReadJson("""
            {"inspection_persons":{"date":"2020/04/06 21:00","labels":["2020-04-01T08:00:00.000Z","2020-04-02T08:00:00.000Z"],
              "datasets":[{"label":"検査実施人数","data":[120,"98 "]}]}}
            """);

        var persons = Table(result, "tokyo-inspection-persons");
        Assert.Equal([new DateOnly(2020, 4, 1), new DateOnly(2020, 4, 2)], Column(persons, "date"));
        Assert.Equal([120L, 98L], Column(persons, "検査実施人数"));
        var card = Assert.Single(result.Cards);
        Assert.Equal((CardKind.Bars, "date", "検査実施人数"), (card.Kind, card.X, Assert.Single(card.Y)));
    }

    [Fact]
    public void UnknownOrMisshapenSections_AreSkippedWithAWarning()
    {
        var result = ReadJson("""
            {"lastUpdate":"2020/03/09 20:00",
             "better_patients_summary":{"2020-01-24T08:00:00.000Z":1},
             "discharges_summary":{"date":"2020/03/09 20:00","data":{"日付":"2020-01-24T08:00:00.000Z"}},
             "patients_summary":{"date":"2020/03/09 20:00","data":[{"日付":"2020-01-24T08:00:00.000Z","小計":1}]}}
            """);

        Assert.Equal(["tokyo-patients-summary"], result.Tables.Select(t => t.Name));
        Assert.Contains(result.Warnings, w => w.Contains("better_patients_summary", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Contains("discharges_summary", StringComparison.Ordinal) && w.Contains("'data'", StringComparison.Ordinal));
    }

    [Fact]
    public void MalformedJson_SaysWhereInsteadOfThrowingTheParsersError()
    {
        var error = Assert.Throws<ImportFormatException>(() => ReadJson("{\"lastUpdate\":\"2020/03/17 8:00\",\n\"patients\":{\"data\":[{\"date\":\"2020-01-24\",}"));

        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonWithoutStopCovidSections_NamesWhatWasExpectedAndFound()
    {
        var error = Assert.Throws<ImportFormatException>(() => ReadJson("""{"success":true,"result":{"name":"covid19"}}"""));

        Assert.Contains("main_summary", error.Message, StringComparison.Ordinal);
        Assert.Contains("success, result", error.Message, StringComparison.Ordinal);
    }

    // ---- Japan's standard CSV items ----

    [Fact]
    public void PeopleTested_WithEveryDateStyleAndFullWidthDigits_IsADailySeries()
    {
        var csv = "\uFEFF全国地方公共団体コード,都道府県名,市区町村名,実施_年月日,検査実施_人数,備考\r\n"
            + "130001,東京都,,2020-03-01,12,\r\n"
            + "130001,東京都,,2020/3/2,１２,\r\n"
            + "130001,東京都,,2020年3月3日,\"5 \",\r\n"
            + "130001,東京都,,２０２０年３月４日,\"1,234\",速報値 \r\n";

        var result = ReadCsv(csv, "tokyo-tested");

        var table = Table(result, "tokyo-tested");
        Assert.Equal("date", table.Columns.Single(c => c.Name == "実施_年月日").Type);
        Assert.Equal(
            [new DateOnly(2020, 3, 1), new DateOnly(2020, 3, 2), new DateOnly(2020, 3, 3), new DateOnly(2020, 3, 4)],
            Column(table, "実施_年月日"));
        Assert.Equal([12L, 12L, 5L, 1234L], Column(table, "検査実施_人数"));
        Assert.Equal("130001", Cell(table, 0, "全国地方公共団体コード"));
        Assert.Equal("速報値", Cell(table, 3, "備考"));
        var card = Assert.Single(result.Cards);
        Assert.Equal((CardKind.TimeSeries, "実施_年月日", "検査実施_人数"), (card.Kind, card.X, Assert.Single(card.Y)));
        Assert.Equal("People tested", card.Title["en"]);
        Assert.Empty(result.Warnings);
    }

    [Theory]
    [InlineData("完了_年月日,陰性確認_件数,備考", "陰性確認_件数", "Confirmed negative")]
    [InlineData("受付_年月日,相談件数,備考", "相談件数", "Calls to the call centre")]
    [InlineData("実施_年月日,検査実施_件数,備考", "検査実施_件数", "Tests performed")]
    public void CountItems_AreToldApartByTheirHeader(string header, string count, string title)
    {
        var result = ReadCsv($"{header}\n2020/3/1,7,\n");

        var card = Assert.Single(result.Cards);
        Assert.Equal(count, Assert.Single(card.Y));
        Assert.Equal(title, card.Title["en"]);
        Assert.Equal(7L, Cell(Table(result, "covid"), 0, count));
    }

    [Fact]
    public void OsakaPatients_InShiftJis_ReadAsTheStandardItem()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var csv = "番号,報道提供日,年代,性別,居住地,退院・解除\r\n"
            + "1,2020/1/29,40代,女性,大阪市,〇\r\n"
            + "2,2020/2/26,40代,男性,大阪市,\r\n"
            + "3,2020/2/28,60代,女性,堺市,\r\n"
            + "4,2020/2/28,20代,男性,豊中市,〇\r\n";
        var bytes = Encoding.GetEncoding(932).GetBytes(csv);

        var result = JapanCovidCsvReader.Read(new MemoryStream(bytes), "osaka-patients");

        var patients = Table(result, "osaka-patients");
        Assert.Equal(["No", "公表_年月日", "患者_年代", "患者_性別", "患者_居住地", "患者_退院済フラグ"], patients.Columns.Select(c => c.Name));
        Assert.Equal(["40代", "40代", "60代", "20代"], Column(patients, "患者_年代"));
        Assert.Equal(["大阪市", "大阪市", "堺市", "豊中市"], Column(patients, "患者_居住地"));
        Assert.Equal([true, null, null, true], Column(patients, "患者_退院済フラグ"));
        Assert.Contains(result.Warnings, w => w.Contains("Shift_JIS", StringComparison.Ordinal));
        Assert.Equal(CardKind.Table, result.Cards.Single(c => c.Slug == "osaka-patients").Kind);

        // Cases per day, the days between with none counted as 0 so the curve does not jump over them.
        var daily = Table(result, "osaka-patients-daily");
        Assert.Equal(31, daily.Rows.Count);
        Assert.Equal((new DateOnly(2020, 1, 29), 1L), ((DateOnly)daily.Rows[0][0]!, (long)daily.Rows[0][1]!));
        Assert.Equal(0L, daily.Rows[1][1]);
        Assert.Equal(2L, daily.Rows[^1][1]);
        var dailyCard = result.Cards.Single(c => c.Slug == "osaka-patients-daily");
        Assert.Equal((CardKind.TimeSeries, "公表_年月日", "陽性患者数"), (dailyCard.Kind, dailyCard.X, Assert.Single(dailyCard.Y)));
    }

    [Fact]
    public void TokyoPatients_WithoutThePrefixAndWithAWeekday_KeepTheStandardNames()
    {
        var csv = "\uFEFFNo,全国地方公共団体コード,都道府県名,市区町村名,公表_年月日,曜日,発症_年月日,居住地,年代,性別,患者_属性,患者_状態,患者_症状,患者_渡航歴の有無フラグ,備考,退院済フラグ\r\n"
            + "１,130001,東京都,,2020-01-24,金,,湖北省武漢市,40代,男性,,,,1,,1\r\n"
            + "2,130001,東京都,,2020-01-25,土,,湖北省武漢市,30代,女性,,,,1,,1\r\n";

        var result = ReadCsv(csv, "tokyo-patients");

        var patients = Table(result, "tokyo-patients");
        var names = patients.Columns.Select(c => c.Name).ToList();
        Assert.Contains("患者_居住地", names);
        Assert.Contains("患者_年代", names);
        Assert.Contains("患者_属性", names);
        Assert.DoesNotContain("曜日", names);
        Assert.Equal([1L, 2L], Column(patients, "No"));
        Assert.Equal([true, true], Column(patients, "患者_退院済フラグ"));
        Assert.Equal(new DateOnly(2020, 1, 25), Cell(patients, 1, "公表_年月日"));
        Assert.Equal("Age group", result.Cards.Single(c => c.Kind == CardKind.Table).Labels!["患者_年代"]["en"]);
    }

    [Fact]
    public void LineBreaksInsideQuotes_AndBareCarriageReturns_KeepRowsTogether()
    {
        var csv = "受付_年月日,相談件数,備考\r"
            + "2020/3/1,10,\"電話回線\r\n増設\"\r"
            + "2020/3/2,11,\"夜間\r窓口\"\r";

        var result = ReadCsv(csv);

        var table = Table(result, "covid");
        Assert.Equal([10L, 11L], Column(table, "相談件数"));
        Assert.Equal(["電話回線\n増設", "夜間\n窓口"], Column(table, "備考"));
    }

    [Fact]
    public void RowWithAnUnreadableDate_IsSkippedAndNamed()
    {
        var result = ReadCsv("実施_年月日,検査実施_人数\n2020/3/1,4\n集計中,5\n2020/3/3,6\n");

        Assert.Equal([4L, 6L], Column(Table(result, "covid"), "検査実施_人数"));
        Assert.Contains(result.Warnings, w => w.Contains("Row 3", StringComparison.Ordinal) && w.Contains("集計中", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownHeader_NamesTheExpectedItemsAndTheColumnsFound()
    {
        var error = Assert.Throws<ImportFormatException>(() => ReadCsv("name,lat,lon\nA,35.6,139.7\n"));

        Assert.Contains("実施_年月日", error.Message, StringComparison.Ordinal);
        Assert.Contains("陽性患者属性", error.Message, StringComparison.Ordinal);
        Assert.Contains("name, lat, lon", error.Message, StringComparison.Ordinal);
    }
}
