using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Madang.Core.Files;
using Madang.Data.Tabular;

namespace Madang.Web.Tests.Data;

/// <summary>Government files as they are published: encodings, delimiters, quoting, line endings, widths and date forms.</summary>
public sealed class TabularReaderTests
{
    private static readonly TimeZoneInfo Seoul = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");

    static TabularReaderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    // Tokyo's 陽性患者属性 (open data item definition), as the metropolitan government published it.
    internal const string TokyoPatients =
        "全国地方公共団体コード,都道府県名,市区町村名,公表_年月日,曜日,発症_年月日,患者_居住地,患者_年代,患者_性別,患者_属性,患者_状態,患者_症状,患者_渡航歴の有無フラグ,備考,退院済フラグ\r\n" +
        "130001,東京都,,2020/01/24,金,,湖北省武漢市,40代,男性,,,,,,1\r\n" +
        "130001,東京都,,2020/01/25,土,,湖北省武漢市,30代,女性,,,,,,1\r\n" +
        "130001,東京都,,2020/01/30,木,,湖北省武漢市,30代,女性,,,,,,1\r\n" +
        "130001,東京都,,2020/02/13,木,,都内,70代,男性,,,,,,1\r\n" +
        "130001,東京都,,2020/03/17,火,,都内,50代,男性,,,,,,\r\n";

    private static async Task<TabularReader> OpenAsync(byte[] bytes, string format = "CSV") =>
        await TabularReader.OpenAsync(new MemoryStream(bytes), format);

    private static async Task<List<string[]>> RowsAsync(TabularReader reader)
    {
        var rows = new List<string[]> { reader.Header.ToArray() };
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.CellCount).Select(i => reader.Cell(i).ToString()).ToArray());
        }

        await Task.CompletedTask;
        return rows;
    }

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("shift_jis")]
    public async Task TokyoPatients_Utf8BomAndCp932_ReadTheSameJapanese(string encoding)
    {
        var bytes = encoding == "utf-8-bom"
            ? [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(TokyoPatients)]
            : Encoding.GetEncoding(932).GetBytes(TokyoPatients);
        using var reader = await OpenAsync(bytes);
        var rows = await RowsAsync(reader);

        Assert.Equal(encoding == "utf-8-bom" ? "utf-8" : "shift_jis", reader.Encoding);
        Assert.Equal(",", reader.Delimiter);
        Assert.Equal("全国地方公共団体コード", rows[0][0]); // no BOM left on the first header
        Assert.Equal("患者_年代", rows[0][7]);
        Assert.Equal(["130001", "東京都", "", "2020/03/17", "火", "", "都内", "50代", "男性"], rows[5][..9]);
    }

    [Fact]
    public async Task KoreanCp949_WithThousandsSeparators_InfersIntegersAndReadsValues()
    {
        var csv = "시군구,확진자수,기준일\r\n종로구,\"1,234\",2020. 3. 17.\r\n중구,987,2020. 3. 18.\r\n용산구,\"12,345\",2020. 3. 19.\r\n";
        using var reader = await OpenAsync(Encoding.GetEncoding(949).GetBytes(csv));
        Assert.Equal("cp949", reader.Encoding);
        var schema = SchemaInference.Infer(reader);

        Assert.Equal(["시군구", "확진자수", "기준일"], schema.Fields.Select(f => f.Name));
        Assert.Equal(["string", "integer", "date"], schema.Fields.Select(f => f.Type));
        Assert.Equal(CellParser.AnyFormat, schema.Fields[2].Format);

        using var again = await OpenAsync(Encoding.GetEncoding(949).GetBytes(csv));
        var rows = new TableValidator(schema, Seoul).Rows(again).ToList();
        Assert.Equal(["종로구", 1234L, new DateOnly(2020, 3, 17)], rows[0]);
        Assert.Equal(12345L, rows[2][1]);
    }

    [Fact]
    public async Task Big5_TaiwanPharmacies_AreDecoded()
    {
        var csv = "醫事機構代碼,醫事機構名稱,醫事機構地址,成人口罩剩餘數,來源資料時間\n5901012345,大安藥局,臺北市大安區信義路,120,2020/03/17 10:00:00\n";
        using var reader = await OpenAsync(Encoding.GetEncoding(950).GetBytes(csv));
        var rows = await RowsAsync(reader);
        Assert.Equal("big5", reader.Encoding);
        Assert.Equal("大安藥局", rows[1][1]);
        Assert.Equal("臺北市大安區信義路", rows[1][2]);
    }

    [Fact]
    public async Task ExcelUnicodeText_Utf16WithBom_IsRead()
    {
        using var reader = await OpenAsync([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes("구분\t인구(명)\r\n종로구\t149,384\r\n")], "TSV");
        var rows = await RowsAsync(reader);
        Assert.Equal("utf-16", reader.Encoding);
        Assert.Equal(["구분", "인구(명)"], rows[0]);
        Assert.Equal(["종로구", "149,384"], rows[1]);
    }

    [Fact]
    public void Detect_OnlyFromAPrefix_CutMidCharacter_StillFindsTheEncoding()
    {
        // 64 KB of Korean cut inside a two-byte character must not count against CP949 (or UTF-8 for a UTF-8 file).
        var text = string.Concat(Enumerable.Repeat("서울특별시 종로구 확진자수 1,234명 검사 인원\n", 4000));
        var cp949 = Encoding.GetEncoding(949).GetBytes(text);
        var utf8 = Encoding.UTF8.GetBytes(text);
        var i = 0;
        while (i < 65000 || cp949[i] < 0x80)
        {
            i += cp949[i] >= 0x80 ? 2 : 1;
        }

        var j = 65000;
        while (utf8[j] < 0xE0)
        {
            j++;
        }

        Assert.Equal(949, TextDecoding.Detect(cp949.AsSpan(0, i + 1), complete: false).CodePage);
        Assert.Equal("東京都", TextDecoding.Decode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("東京都")])); // the BOM goes, for Release's text too
        Assert.Equal(65001, TextDecoding.Detect(utf8.AsSpan(0, j + 1), complete: false).CodePage);
    }

    [Theory]
    [InlineData("TSV", "name\tcount\nA\t1\n", "\t")]
    [InlineData("CSV", "name;count;share\nA;1;0,5\n", ";")]
    [InlineData("CSV", "name|count\nA|1\n", "|")]
    [InlineData("TSV", "name\tcount\r\nA\t1\r\n", "\t")]
    public async Task Delimiters_AreSniffedOrTakenFromTheFormat(string format, string text, string delimiter)
    {
        using var reader = await OpenAsync(Encoding.UTF8.GetBytes(text), format);
        var rows = await RowsAsync(reader);
        Assert.Equal(delimiter, reader.Delimiter);
        Assert.Equal(["name", "count"], rows[0][..2]);
        Assert.Equal(["A", "1"], rows[1][..2]);
    }

    [Fact]
    public async Task QuotedNewlines_BareCarriageReturns_RowNumbersAsASpreadsheetShows()
    {
        // Cofacts' reply_requests.csv had bare CRs; Hokkaido's values held line breaks inside quotes.
        var text = "id,text,count\r1,\"line one\r\nline two\",3\r2,plain,4\r3,\"said \"\"hi\"\"\",5\r";
        using var reader = await OpenAsync(Encoding.UTF8.GetBytes(text));
        var rows = new List<(long Row, string Text)>();
        while (reader.Read())
        {
            rows.Add((reader.RowNumber, reader.Cell(1).ToString()));
        }

        Assert.Equal([(2L, "line one\r\nline two"), (3L, "plain"), (4L, "said \"hi\"")], rows);
    }

    [Fact]
    public async Task FullWidthDigitsAndSigns_AreNumbers_TextIsTrimmed()
    {
        var text = "No.,件数,増減,備考\n１,１，２３４,－５,　全角スペース　\n２,３０,＋２,\n";
        using var reader = await OpenAsync(Encoding.UTF8.GetBytes(text));
        var schema = SchemaInference.Infer(reader);
        Assert.Equal(["integer", "integer", "integer", "string"], schema.Fields.Select(f => f.Type));
        using var again = await OpenAsync(Encoding.UTF8.GetBytes(text));
        var rows = new TableValidator(schema, Seoul).Rows(again).ToList();
        Assert.Equal([1L, 1234L, -5L, "全角スペース"], rows[0]);
        Assert.Null(rows[1][3]);
    }

    [Fact]
    public void DateForms_OfGovernmentFiles_AreRead()
    {
        static DateOnly D(string s, string? format = CellParser.AnyFormat) =>
            CellParser.TryDate(s, format, out var d, out _) ? d : throw new FormatException(s);
        Assert.Equal(new DateOnly(2020, 3, 17), D("2020-03-17", null));
        Assert.Equal(new DateOnly(2020, 3, 17), D("2020/03/17"));
        Assert.Equal(new DateOnly(2020, 3, 17), D("2020/3/17"));
        Assert.Equal(new DateOnly(2020, 3, 17), D("2020. 3. 17."));
        Assert.Equal(new DateOnly(2020, 3, 17), D("2020年3月17日"));
        Assert.Equal(new DateOnly(2020, 3, 17), D("2020년 3월 17일"));
        Assert.Equal(new DateOnly(2020, 3, 12), D("3/12/2020")); // month first, as Tokyo's news.json
        Assert.Equal(new DateOnly(2020, 12, 3), D("3/12/2020", CellParser.DayFirstFormat));
        Assert.False(CellParser.TryDate("2020/03/17", null, out _, out _)); // the default format is ISO only
        Assert.False(CellParser.TryDate("2020/02/30", CellParser.AnyFormat, out _, out _));

        Assert.True(CellParser.TryDateTime("2020/03/17 10:00", CellParser.AnyFormat, Seoul, out var local, out _));
        Assert.Equal(new DateTimeOffset(2020, 3, 17, 10, 0, 0, TimeSpan.FromHours(9)), local); // no zone: the site's
        Assert.True(CellParser.TryDateTime("2020/3/18 8:00", CellParser.AnyFormat, Seoul, out var shortHour, out _));
        Assert.Equal(new DateTimeOffset(2020, 3, 18, 8, 0, 0, TimeSpan.FromHours(9)), shortHour);
        Assert.True(CellParser.TryDateTime("2020-01-29T08:00:00.000Z", null, Seoul, out var utc, out _));
        Assert.Equal(new DateTimeOffset(2020, 1, 29, 8, 0, 0, TimeSpan.Zero), utc);
        Assert.True(CellParser.TryDateTime("2020-04-01T10:00:00+09:00", null, Seoul, out var kst, out _));
        Assert.Equal(TimeSpan.FromHours(9), kst.Offset);
    }

    [Fact]
    public async Task Inference_DatesAndDatetimes_DayFirstOnlyOnEvidence_CodesKeepTheirZeros()
    {
        var text = "code,reported,updated,us_date,eu_date,rate,flag\n" +
            "010006,2020/03/17,2020/03/17 10:00,3/12/2020,25/12/2020,1.5,true\n" +
            "130001,2020/03/18,2020-01-29T08:00:00.000Z,12/31/2020,3/1/2021,2,false\n" +
            "270008,2020/03/19,,1/2/2021,1/2/2021,,true\n";
        using var reader = await OpenAsync(Encoding.UTF8.GetBytes(text));
        var schema = SchemaInference.Infer(reader);
        var f = schema.Fields.ToDictionary(x => x.Name);

        Assert.Equal("string", f["code"].Type);
        Assert.Equal(("date", CellParser.AnyFormat), (f["reported"].Type, f["reported"].Format));
        Assert.Equal(("datetime", CellParser.AnyFormat), (f["updated"].Type, f["updated"].Format));
        Assert.Equal(("date", CellParser.AnyFormat), (f["us_date"].Type, f["us_date"].Format));
        Assert.Equal(("date", CellParser.DayFirstFormat), (f["eu_date"].Type, f["eu_date"].Format));
        Assert.Equal("number", f["rate"].Type);
        Assert.Equal("boolean", f["flag"].Type);
        Assert.True(f["reported"].Constraints?.Required);
        Assert.Null(f["updated"].Constraints); // a blank was seen
    }

    [Fact]
    public async Task Inference_BlankAndDuplicateHeaders_GetNamesAndWarnings()
    {
        using var reader = await OpenAsync(Encoding.UTF8.GetBytes("地域,,地域,値\nA,x,B,1\n"));
        var warnings = new List<ValidationError>();
        var schema = SchemaInference.Infer(reader, warnings: warnings);
        Assert.Equal(["地域", "field_2", "地域_2", "値"], schema.Fields.Select(x => x.Name));
        Assert.Equal(["blank-label", "duplicate-label"], warnings.Select(w => w.Code));
        Assert.Contains("Column 3", warnings[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_BrokenFile_ListsErrorsByRowAndColumn()
    {
        var schema = new TableSchema
        {
            Fields =
            [
                new TableField { Name = "id", Type = "integer" },
                new TableField { Name = "district", Constraints = new FieldConstraints { Required = true, Enum = ["Jongno", "Jung", "Yongsan"] } },
                new TableField { Name = "cases", Type = "integer", Constraints = new FieldConstraints { Minimum = System.Text.Json.JsonDocument.Parse("0").RootElement } },
                new TableField { Name = "code", Constraints = new FieldConstraints { Pattern = "[0-9]{5}", Unique = true } },
            ],
            PrimaryKey = ["id"],
        };
        var text = "id,district,cases,code\n" +
            "1,Jongno,10,11110\n" +      // row 2: fine
            "2,Jung,1O,11140\n" +        // row 3: letter O in a number
            "3,,5,11170\n" +             // row 4: required
            "1,Yongsan,7,11171\n" +      // row 5: duplicate key
            "4,Mapo,3,1144\n" +          // row 6: enum and pattern
            "5,Jung,-2,11140,extra\n" +  // row 7: extra cell, minimum, unique code
            "6,Jung\n";                  // row 8: missing cells
        using var reader = await OpenAsync(Encoding.UTF8.GetBytes(text));
        var report = new TableValidator(schema, Seoul).Validate(reader);

        Assert.False(report.Valid);
        Assert.Equal(7, report.RowCount);
        var found = report.Errors.Select(e => (e.Code, e.Row, e.Field)).ToHashSet();
        Assert.Contains(("type-error", 3L, "cases"), found);
        Assert.Contains(("required", 4L, "district"), found);
        Assert.Contains(("primary-key", 5L, "id"), found);
        Assert.Contains(("enum", 6L, "district"), found);
        Assert.Contains(("pattern", 6L, "code"), found);
        Assert.Contains(("extra-cell", 7L, null), found);
        Assert.Contains(("minimum", 7L, "cases"), found);
        Assert.Contains(("unique", 7L, "code"), found);
        Assert.Contains(("missing-cell", 8L, null), found);
        Assert.DoesNotContain(report.Errors, e => e.Row == 2);
        var typeError = report.Errors.Single(e => e.Code == "type-error");
        Assert.Equal("Row 3, column 'cases': '1O' is not a whole number (such as 1234 or 1,234).", typeError.Message);
        Assert.Contains("row 2", report.Errors.Single(e => e.Code == "primary-key").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_HeaderUnlikeTheSchema_IsReported_AndErrorsAreCapped()
    {
        var schema = new TableSchema { Fields = [new TableField { Name = "id", Type = "integer" }, new TableField { Name = "name" }] };
        var text = new StringBuilder("id,title\n");
        for (var i = 0; i < 1500; i++)
        {
            text.Append("x,").Append(i).Append('\n');
        }

        using var reader = await OpenAsync(Encoding.UTF8.GetBytes(text.ToString()));
        var report = new TableValidator(schema, Seoul).Validate(reader);
        Assert.Contains(report.Errors, e => e.Code == "missing-label" && e.Field == "name" && e.Row == 1);
        Assert.Contains(report.Errors, e => e.Code == "extra-label" && e.Field == "title");
        Assert.Equal(TableValidator.MaxErrors, report.Errors.Count);
        Assert.True(report.Truncated);
        Assert.Equal(1502, report.ErrorCount);
    }

    [Fact]
    public async Task Xlsx_FirstSheet_SharedStringsDatesAndNumbers()
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new Workbook();
            var sst = wb.AddNewPart<SharedStringTablePart>();
            sst.SharedStringTable = new SharedStringTable(
                new SharedStringItem(new Text("区分")),
                new SharedStringItem(new Text("公表日")),
                new SharedStringItem(new Text("件数")),
                new SharedStringItem(new Text("都内"), new PhoneticRun(new Text("トナイ")) { BaseTextStartIndex = 0, EndingBaseIndex = 2 }));
            var styles = wb.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font()), new Fills(new Fill()), new Borders(new Border()),
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
            var sheetPart = wb.AddNewPart<WorksheetPart>();
            var data = new SheetData(
                new Row(new Cell { CellReference = "A1", DataType = CellValues.SharedString, CellValue = new CellValue("0") },
                    new Cell { CellReference = "B1", DataType = CellValues.SharedString, CellValue = new CellValue("1") },
                    new Cell { CellReference = "C1", DataType = CellValues.SharedString, CellValue = new CellValue("2") }) { RowIndex = 1 },
                new Row(new Cell { CellReference = "A2", DataType = CellValues.SharedString, CellValue = new CellValue("3") },
                    new Cell { CellReference = "B2", StyleIndex = 1, CellValue = new CellValue("43907") },
                    new Cell { CellReference = "C2", CellValue = new CellValue("1234") }) { RowIndex = 2 },
                new Row(new Cell { CellReference = "A4", DataType = CellValues.InlineString, InlineString = new InlineString(new Text("その他")) },
                    new Cell { CellReference = "C4", CellValue = new CellValue("56") }) { RowIndex = 4 });
            sheetPart.Worksheet = new Worksheet(data);
            wb.Workbook.AppendChild(new Sheets(new Sheet { Id = wb.GetIdOfPart(sheetPart), SheetId = 1, Name = "陽性者" }));
        }

        using var reader = await OpenAsync(ms.ToArray(), "XLSX");
        var schema = SchemaInference.Infer(reader);
        Assert.Equal(["区分", "公表日", "件数"], schema.Fields.Select(f => f.Name));
        Assert.Equal(["string", "date", "integer"], schema.Fields.Select(f => f.Type));
        using var again = await OpenAsync(ms.ToArray(), "XLSX");
        var validator = new TableValidator(schema, Seoul);
        Assert.True(validator.Validate(again).Valid);
        using var third = await OpenAsync(ms.ToArray(), "XLSX");
        var values = validator.Rows(third).ToList();
        Assert.Equal(["都内", new DateOnly(2020, 3, 17), 1234L], values[0]); // furigana left out
        Assert.Equal(["その他", null, 56L], values[1]);
    }
}
