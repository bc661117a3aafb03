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
