using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using UglyToad.PdfPig;

namespace Madang.Release.Processing;

/// <summary>What extraction produced: text, or why there is none. <paramref name="Unscreened"/>: the file also holds content that
/// was not read as text (images beside a PDF's text), so its original can never be shown to be free of personal data.</summary>
public sealed record Extraction(string? Text, string? Failure, bool Scanned = false, bool Unscreened = false)
{
    public static Extraction Fail(string reason) => new(null, reason);
}

/// <summary>Limits that keep hostile files from taking the process down.</summary>
public sealed class ExtractionLimits
{
    public long MaxFileBytes { get; set; } = 50 * 1024 * 1024;
    public int MaxPages { get; set; } = 2000;
    public long MaxDecompressedBytes { get; set; } = 200 * 1024 * 1024;
    public int MaxZipEntries { get; set; } = 10_000;
    public int MaxTextChars { get; set; } = 5_000_000;
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(60);
}

/// <summary>Reads text from PDF, DOCX, XLSX, HWPX, HTML and plain text (UTF-8, CP949, Shift_JIS, Big5), within limits.</summary>
public static class TextExtractor
{
    static TextExtractor() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Extraction Extract(string fileName, byte[] bytes, ExtractionLimits limits, CancellationToken ct)
    {
        if (bytes.LongLength > limits.MaxFileBytes)
        {
            return Extraction.Fail($"The file is larger than the limit of {limits.MaxFileBytes / 1048576} MB.");
        }

        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        try
        {
            return ext switch
            {
                ".pdf" => Pdf(bytes, limits, ct),
                ".docx" => Zip(bytes, limits, () => Docx(bytes)),
                ".xlsx" => Zip(bytes, limits, () => Xlsx(bytes)),
                ".hwpx" => Zip(bytes, limits, () => Hwpx(bytes, limits)),
                ".html" or ".htm" => new Extraction(Html(DecodeText(bytes)), null),
                ".txt" or ".text" or ".csv" or ".md" or "" => new Extraction(DecodeText(bytes), null),
                _ => Extraction.Fail($"Files of type '{ext}' cannot be read."),
            };
        }
        catch (OperationCanceledException)
        {
            return Extraction.Fail($"Reading the file took longer than {limits.TimeLimit.TotalSeconds:0} seconds.");
        }
        catch (Exception ex) when (ex is InvalidDataException or XmlException or IOException or FormatException
            or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or UglyToad.PdfPig.Core.PdfDocumentFormatException
            or InvalidOperationException or ArgumentException or NotSupportedException or IndexOutOfRangeException or NullReferenceException)
        {
            // The exception's type says what was wrong with the file; its message may quote content, so it is not kept.
            return Extraction.Fail($"The file could not be read as {ext.TrimStart('.').ToUpperInvariant()} ({ex.GetType().Name}).");
        }
    }

    private static Extraction Pdf(byte[] bytes, ExtractionLimits limits, CancellationToken ct)
    {
        using var pdf = PdfDocument.Open(bytes);
        if (pdf.NumberOfPages > limits.MaxPages)
        {
            return Extraction.Fail($"The PDF has {pdf.NumberOfPages} pages; the limit is {limits.MaxPages}.");
        }

        var sb = new StringBuilder();
        var images = 0;
        foreach (var page in pdf.GetPages())
        {
            ct.ThrowIfCancellationRequested();
            var words = page.GetWords().Select(w => w.Text);
            sb.AppendJoin(' ', words).Append("\n\n");
            images += page.GetImages().Count();
            if (sb.Length > limits.MaxTextChars)
            {
                return Extraction.Fail("The PDF holds more text than the limit.");
            }
        }

        var text = sb.ToString().Trim();
        return text.Length == 0 && (images > 0 || pdf.NumberOfPages > 0)
            ? new Extraction(string.Empty, null, Scanned: true)
            : new Extraction(text, null, Unscreened: images > 0);
    }

    /// <summary>Checks a zip-based file's entry count and declared sizes before any library opens it (zip bombs).</summary>
    private static Extraction Zip(byte[] bytes, ExtractionLimits limits, Func<string> read)
    {
        using (var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read))
        {
            if (zip.Entries.Count > limits.MaxZipEntries)
            {
                return Extraction.Fail($"The archive has {zip.Entries.Count} entries; the limit is {limits.MaxZipEntries}.");
            }

            var total = zip.Entries.Sum(e => e.Length);
            if (total > limits.MaxDecompressedBytes || zip.Entries.Any(e => e.CompressedLength > 0 && e.Length / e.CompressedLength > 1000))
            {
                return Extraction.Fail("The archive expands far beyond its size (a zip bomb).");
            }
        }

        return new Extraction(read(), null);
    }

    private static string Docx(byte[] bytes)
    {
        using var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var body = doc.MainDocumentPart?.Document?.Body;
        return body is null ? string.Empty
            : string.Join('\n', body.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
    }

    private static string Xlsx(byte[] bytes)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var shared = doc.WorkbookPart?.SharedStringTablePart?.SharedStringTable?.Elements<DocumentFormat.OpenXml.Spreadsheet.SharedStringItem>()
            .Select(s => s.InnerText).ToList() ?? [];
        var sb = new StringBuilder();
        foreach (var sheet in doc.WorkbookPart?.WorksheetParts ?? [])
        {
            foreach (var row in sheet.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>())
            {
                var cells = row.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Select(c =>
                    c.DataType?.Value == DocumentFormat.OpenXml.Spreadsheet.CellValues.SharedString && int.TryParse(c.CellValue?.Text, out var i) && i < shared.Count
                        ? shared[i] : c.InnerText);
                sb.AppendJoin('\t', cells).Append('\n');
            }
        }

        return sb.ToString();
    }

    /// <summary>HWPX (OWPML): a zip whose Contents/section*.xml hold the paragraphs' text runs.</summary>
    private static string Hwpx(byte[] bytes, ExtractionLimits limits)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var sections = zip.Entries.Where(e => e.FullName.StartsWith("Contents/section", StringComparison.OrdinalIgnoreCase) && e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            .OrderBy(e => e.FullName, StringComparer.Ordinal).ToList();
        if (sections.Count == 0)
        {
            throw new InvalidDataException("No OWPML section.");
        }

        var sb = new StringBuilder();
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = limits.MaxDecompressedBytes };
        foreach (var entry in sections)
        {
            using var reader = XmlReader.Create(entry.Open(), settings);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "t")
                {
                    sb.Append(reader.ReadElementContentAsString());
                }
                else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "p")
                {
                    sb.Append('\n');
                }
            }
        }

        return sb.ToString();
    }

    private static string Html(string html)
    {
        var parser = new AngleSharp.Html.Parser.HtmlParser();
        using var doc = parser.ParseDocument(html);
        foreach (var e in doc.QuerySelectorAll("script, style, noscript").ToList())
        {
            e.Remove();
        }

        return System.Text.RegularExpressions.Regex.Replace(doc.Body?.TextContent ?? string.Empty, @"[ \t]*\n\s*\n\s*", "\n\n").Trim();
    }

    /// <summary>UTF-8 (with or without BOM), else whichever of CP949, Shift_JIS and Big5 decodes without error and most like its script.</summary>
    public static string DecodeText(byte[] bytes)
    {
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
        {
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
        }

        // Legacy encodings decode each other's bytes without error, as garbage: the decoding that yields the most of its
        // language's most frequent characters wins.
        (string Text, int Score)? best = null;
        foreach (var (name, common) in new (string, string)[]
        {
            ("ks_c_5601-1987", "이의다는을에하고한지가서로를기있시사대정보공개과합니다년월일"),
            ("shift_jis", "のにはをたがでてとしれさあいうかなるす年月日市課です。、"),
            ("big5", "的一是不了在人有這個們中來上大為和國地到以說時要就出會可也對生能而於著下年過發後作市政府公開"),
        })
        {
            var enc = Encoding.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            string text;
            try
            {
                text = enc.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                continue;
            }

            var score = text.Count(c => common.Contains(c, StringComparison.Ordinal));
            if (best is null || score > best.Value.Score)
            {
                best = (text, score);
            }
        }

        return best?.Text ?? Encoding.UTF8.GetString(bytes);
    }
}
