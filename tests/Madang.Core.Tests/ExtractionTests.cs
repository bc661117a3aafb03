using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Madang.Release.Processing;

namespace Madang.Core.Tests;

public sealed class ExtractionTests
{
    private static readonly ExtractionLimits Limits = new();

    static ExtractionTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Theory]
    [InlineData("ks_c_5601-1987", "2024년도 예산 편성 계획을 다음과 같이 보고합니다.")]
    [InlineData("shift_jis", "令和6年度の予算編成について報告します。")]
    [InlineData("big5", "本市政府公開預算資料，請查照。")]
    [InlineData("utf-8", "UTF-8 텍스트 東京 預算")]
    public void PlainText_LegacyEncodings_AreDetected(string encoding, string text)
    {
        var bytes = Encoding.GetEncoding(encoding).GetBytes(text);
        var result = TextExtractor.Extract("memo.txt", bytes, Limits, CancellationToken.None);
        Assert.Null(result.Failure);
        Assert.Equal(text, result.Text);
    }

    [Fact]
    public void Html_ScriptsAndTagsGo_TextStays()
    {
        var html = "<html><head><script>alert('x')</script><style>p{}</style></head><body><h1>회의록</h1><p>안건: 버스 노선</p></body></html>";
        var result = TextExtractor.Extract("minutes.html", Encoding.UTF8.GetBytes(html), Limits, CancellationToken.None);
        Assert.Contains("회의록", result.Text, StringComparison.Ordinal);
        Assert.Contains("안건: 버스 노선", result.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("alert", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Docx_ParagraphsAreRead()
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new Document(new Body(
                new Paragraph(new Run(new Text("첫째 문단: 예산 보고"))),
                new Paragraph(new Run(new Text("둘째 문단: 연락처 010-2345-6789")))));
        }

        var result = TextExtractor.Extract("report.docx", ms.ToArray(), Limits, CancellationToken.None);
        Assert.Equal("첫째 문단: 예산 보고\n둘째 문단: 연락처 010-2345-6789", result.Text);
    }

    [Fact]
    public void Docx_TabsBreaksAndTableCells_KeepLabelsBesideValues_SoScreeningMasksThem()
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new Document(new Body(
                new Paragraph(new Run(new Text("성명")), new Run(new TabChar()), new Run(new Text("차은결"))),
                new Paragraph(new Run(new Text("010-3391-0846")), new Run(new Break()), new Run(new Text("2025"))),
                new Table(new TableRow(
                    new TableCell(new Paragraph(new Run(new Text("주소")))),
                    new TableCell(new Paragraph(new Run(new Text("광주광역시 서구 내방로 111"))))))));
        }

        var text = TextExtractor.Extract("form.docx", ms.ToArray(), Limits, CancellationToken.None).Text!;
        var masked = new Madang.Core.Privacy.PiiScreener().Screen(text).MaskedText;
        Assert.DoesNotContain("차은결", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("3391-0846", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("내방로", masked, StringComparison.Ordinal);
        Assert.Contains("2025", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void Hwpx_SectionTextIsRead()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var w = new StreamWriter(zip.CreateEntry("Contents/section0.xml").Open());
            w.Write("""<?xml version="1.0" encoding="UTF-8"?><hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph"><hp:p><hp:run><hp:t>결재 문서 본문</hp:t></hp:run></hp:p><hp:p><hp:run><hp:t>둘째 줄</hp:t></hp:run></hp:p></hs:sec>""");
        }

        var result = TextExtractor.Extract("approval.hwpx", ms.ToArray(), Limits, CancellationToken.None);
        Assert.Equal("결재 문서 본문\n둘째 줄", result.Text!.Trim());
    }

    [Fact]
    public void Html_TableCellsAndLineBreaks_KeepValuesApart_SoScreeningMasksThem()
    {
        var html = "<table><tr><th>성명</th><td>차은결</td></tr><tr><th>E-mail</th><td>orla.w@harbourpost.ie</td></tr></table>"
            + "<p>HP<br>01055170392<br>+81 3 6455 2178</p><div>Tel</div><div>+886 2 2598 4471</div>";
        var text = TextExtractor.Extract("form.html", Encoding.UTF8.GetBytes(html), Limits, CancellationToken.None).Text!;
        var masked = new Madang.Core.Privacy.PiiScreener().Screen(text).MaskedText;
        foreach (var value in new[] { "차은결", "orla.w@", "01055170392", "6455 2178", "2598 4471" })
        {
            Assert.DoesNotContain(value, masked, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DeeplyNestedHtml_IsReadWithinTheTimeLimit()
    {
        // An HTML5 tree builder spends hours on this and cannot be interrupted: the worker would hang for good.
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 200_000)) + "깊은 문단" + string.Concat(Enumerable.Repeat("</div>", 200_000)) + "</body></html>";
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = TextExtractor.Extract("nested.html", Encoding.UTF8.GetBytes(html), Limits, cts.Token);
        Assert.Null(result.Failure);
        Assert.Equal("깊은 문단", result.Text);
    }

    [Fact]
    public void Docx_WithMoreTextThanTheLimit_FailsWithThatReason()
    {
        using var ms = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new Document(new Body(Enumerable.Range(0, 5000).Select(i => new Paragraph(new Run(new Text($"문단 {i} 예산 집행 현황"))))));
        }

        var result = TextExtractor.Extract("long.docx", ms.ToArray(), new ExtractionLimits { MaxTextChars = 10_000 }, CancellationToken.None);
        Assert.Contains("more text than the limit", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Hwpx_TabsInsideTextAndTableCells_AreReadAndScreened()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var w = new StreamWriter(zip.CreateEntry("Contents/section0.xml").Open());
            w.Write("""<?xml version="1.0" encoding="UTF-8"?><hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph"><hp:p><hp:run><hp:t>성명<hp:tab width="4000" leader="0" type="1"/>차은결</hp:t></hp:run></hp:p><hp:p><hp:run><hp:t>연락처 010-3391-0846<hp:lineBreak/>2025년</hp:t></hp:run></hp:p><hp:tbl><hp:tr><hp:tc><hp:subList><hp:p><hp:run><hp:t>주소</hp:t></hp:run></hp:p></hp:subList></hp:tc><hp:tc><hp:subList><hp:p><hp:run><hp:t>광주광역시 서구 내방로 111</hp:t></hp:run></hp:p></hp:subList></hp:tc></hp:tr></hp:tbl></hs:sec>""");
        }

        var result = TextExtractor.Extract("form.hwpx", ms.ToArray(), Limits, CancellationToken.None);
        Assert.Null(result.Failure);
        var masked = new Madang.Core.Privacy.PiiScreener().Screen(result.Text).MaskedText;
        Assert.DoesNotContain("차은결", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("3391-0846", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("내방로", masked, StringComparison.Ordinal);
        Assert.Contains("2025년", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void Xlsx_SharedStringsInlineStringsAndFormulaValues_AreRead()
    {
        using var ms = new MemoryStream();
        using (var doc = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            wb.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook();
            var sst = wb.AddNewPart<SharedStringTablePart>();
            sst.SharedStringTable = new DocumentFormat.OpenXml.Spreadsheet.SharedStringTable(
                new DocumentFormat.OpenXml.Spreadsheet.SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text("성명")),
                new DocumentFormat.OpenXml.Spreadsheet.SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text("차은결")));
            var ws = wb.AddNewPart<WorksheetPart>();
            ws.Worksheet = new DocumentFormat.OpenXml.Spreadsheet.Worksheet(new DocumentFormat.OpenXml.Spreadsheet.SheetData(
                new DocumentFormat.OpenXml.Spreadsheet.Row(
                    new DocumentFormat.OpenXml.Spreadsheet.Cell { DataType = DocumentFormat.OpenXml.Spreadsheet.CellValues.SharedString, CellValue = new("0") },
                    new DocumentFormat.OpenXml.Spreadsheet.Cell { DataType = DocumentFormat.OpenXml.Spreadsheet.CellValues.SharedString, CellValue = new("1") }),
                new DocumentFormat.OpenXml.Spreadsheet.Row(
                    new DocumentFormat.OpenXml.Spreadsheet.Cell(new DocumentFormat.OpenXml.Spreadsheet.CellFormula("B3*2"), new DocumentFormat.OpenXml.Spreadsheet.CellValue("84")),
                    new DocumentFormat.OpenXml.Spreadsheet.Cell(new DocumentFormat.OpenXml.Spreadsheet.InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text("사업비"))) { DataType = DocumentFormat.OpenXml.Spreadsheet.CellValues.InlineString })));
        }

        var result = TextExtractor.Extract("list.xlsx", ms.ToArray(), Limits, CancellationToken.None);
        Assert.Equal("성명\t차은결\n84\t사업비", result.Text!.Trim());
    }

    [Theory]
    [InlineData("broken.pdf", "%PDF-1.7 truncated")]
    [InlineData("garbage.hwpx", "not a zip")]
    [InlineData("fake.docx", "PK not really")]
    [InlineData("binary.exe", "MZ")]
    public void HostileFiles_FailWithAReadableReason(string name, string content)
    {
        var result = TextExtractor.Extract(name, Encoding.ASCII.GetBytes(content), Limits, CancellationToken.None);
        Assert.Null(result.Text);
        Assert.False(string.IsNullOrWhiteSpace(result.Failure));
    }

    [Fact]
    public void ZipBomb_IsRefusedBeforeItIsExpanded()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var s = zip.CreateEntry("Contents/section0.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 512; i++)
            {
                s.Write(zeros);
            }
        }

        var before = GC.GetTotalAllocatedBytes();
        var result = TextExtractor.Extract("bomb.hwpx", ms.ToArray(), Limits, CancellationToken.None);
        Assert.Contains("zip bomb", result.Failure, StringComparison.Ordinal);
        Assert.True(GC.GetTotalAllocatedBytes() - before < 64L * 1024 * 1024, "the bomb must not be expanded to be refused");
    }

    [Fact]
    public void OversizedFile_IsRefused()
    {
        var result = TextExtractor.Extract("big.txt", new byte[2048], new ExtractionLimits { MaxFileBytes = 1024 }, CancellationToken.None);
        Assert.Contains("larger than the limit", result.Failure, StringComparison.Ordinal);
    }
}
