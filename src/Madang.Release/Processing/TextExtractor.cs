using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using Madang.Core.Files;
using UglyToad.PdfPig;

namespace Madang.Release.Processing;

/// <summary>What extraction produced: text, or why there is none. <paramref name="Unscreened"/>: the file also holds content that
/// was not read as text (images beside a PDF's text), so its original can never be shown to be free of personal data.</summary>
/// <param name="Author">The author a PDF names in its document information (an original naming someone else is not cleared).</param>
/// <param name="Properties">Other document properties (title, subject, keywords), screened before an original is cleared.</param>
public sealed record Extraction(string? Text, string? Failure, bool Scanned = false, bool Unscreened = false, string? Author = null, string? Properties = null)
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
public static partial class TextExtractor
{
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
                ".docx" => Zip(bytes, limits, () => Docx(bytes, limits, ct)),
                ".xlsx" => Zip(bytes, limits, () => Xlsx(bytes, limits, ct)),
                ".hwpx" => Zip(bytes, limits, () => Hwpx(bytes, limits, ct)),
                ".html" or ".htm" => new Extraction(Html(TextDecoding.Decode(bytes), ct), null),
                ".txt" or ".text" or ".csv" or ".md" or "" => new Extraction(TextDecoding.Decode(bytes), null),
                _ => Extraction.Fail($"Files of type '{ext}' cannot be read."),
            };
        }
        catch (TooMuchTextException)
        {
            return Extraction.Fail($"The file holds more text than the limit of {limits.MaxTextChars:N0} characters.");
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
        var annotations = 0;
        foreach (var page in pdf.GetPages())
        {
            ct.ThrowIfCancellationRequested();
            var words = page.GetWords().Select(w => w.Text);
            sb.AppendJoin(' ', words).Append("\n\n");
            images += page.GetImages().Count();
            annotations += page.GetAnnotations().Count();
            if (sb.Length > limits.MaxTextChars)
            {
                return Extraction.Fail("The PDF holds more text than the limit.");
            }
        }

        var text = sb.ToString().Trim();
        return text.Length == 0 && (images > 0 || pdf.NumberOfPages > 0)
            ? new Extraction(string.Empty, null, Scanned: true)
            // Notes, form fields and links (mailto:) are not part of the screened text: any of them keeps the original back.
            : new Extraction(text, null, Unscreened: images > 0 || annotations > 0 || pdf.TryGetForm(out _), Author: pdf.Information.Author,
                Properties: string.Join('\n', new[] { pdf.Information.Title, pdf.Information.Subject, pdf.Information.Keywords }.Where(v => !string.IsNullOrWhiteSpace(v))));
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

    /// <summary>word/document.xml read as a stream: a DOM of a huge part would cost many times its size in memory.</summary>
    private static string Docx(byte[] bytes, ExtractionLimits limits, CancellationToken ct)
    {
        using var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        if (doc.MainDocumentPart is not { } main)
        {
            return string.Empty;
        }

        var sb = new StringBuilder();
        using var stream = main.GetStream(FileMode.Open, FileAccess.Read);
        ParagraphXml(stream, sb, limits, ct);
        return sb.ToString().TrimEnd('\n');
    }

    /// <summary>Shared strings and sheets read as streams (a DOM of a large sheet costs many times its size); a row per
    /// line, its cells tab-separated.</summary>
    private static string Xlsx(byte[] bytes, ExtractionLimits limits, CancellationToken ct)
    {
        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = limits.MaxDecompressedBytes };
        var shared = new List<string>();
        long sharedChars = 0;
        if (doc.WorkbookPart?.SharedStringTablePart is { } sst)
        {
            using var reader = XmlReader.Create(sst.GetStream(FileMode.Open, FileAccess.Read), settings);
            StringBuilder? item = null;
            var more = reader.Read();
            while (more)
            {
                // ReadElementContentAsString and Skip leave the reader on the next node already.
                var moved = false;
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "si")
                {
                    item = new StringBuilder();
                    if (reader.IsEmptyElement)
                    {
                        shared.Add(string.Empty);
                        item = null;
                    }
                }
                else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "rPh" && !reader.IsEmptyElement)
                {
                    reader.Skip(); // phonetic guides repeat the text in kana
                    moved = true;
                }
                else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "t" && item is not null && !reader.IsEmptyElement)
                {
                    item.Append(reader.ReadElementContentAsString());
                    moved = true;
                }
                else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "si" && item is not null)
                {
                    sharedChars += item.Length;
                    if (sharedChars > limits.MaxTextChars)
                    {
                        throw new TooMuchTextException();
                    }

                    shared.Add(item.ToString());
                    item = null;
                }

                more = moved ? !reader.EOF : reader.Read();
            }
        }

        var sb = new StringBuilder();
        foreach (var sheet in doc.WorkbookPart?.WorksheetParts ?? [])
        {
            using var reader = XmlReader.Create(sheet.GetStream(FileMode.Open, FileAccess.Read), settings);
            string? type = null;
            var firstCell = true;
            var more = reader.Read();
            while (more)
            {
                var moved = false;
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "c")
                {
                    type = reader.GetAttribute("t");
                    sb.Append(firstCell ? string.Empty : "\t");
                    firstCell = false;
                }
                else if (reader.NodeType == XmlNodeType.Element && reader.LocalName is "v" or "t" && !reader.IsEmptyElement)
                {
                    var v = reader.ReadElementContentAsString();
                    moved = true;
                    sb.Append(type == "s" && int.TryParse(v, out var i) && i >= 0 && i < shared.Count ? shared[i] : v);
                    if (sb.Length > limits.MaxTextChars)
                    {
                        throw new TooMuchTextException();
                    }
                }
                else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "row")
                {
                    sb.Append('\n');
                    firstCell = true;
                    ct.ThrowIfCancellationRequested();
                }

                more = moved ? !reader.EOF : reader.Read();
            }
        }

        return sb.ToString();
    }

    /// <summary>HWPX (OWPML): a zip whose Contents/section*.xml hold the paragraphs' text runs.</summary>
    private static string Hwpx(byte[] bytes, ExtractionLimits limits, CancellationToken ct)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var sections = zip.Entries.Where(e => e.FullName.StartsWith("Contents/section", StringComparison.OrdinalIgnoreCase) && e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            .OrderBy(e => e.FullName, StringComparer.Ordinal).ToList();
        if (sections.Count == 0)
        {
            throw new InvalidDataException("No OWPML section.");
        }

        var sb = new StringBuilder();
        foreach (var entry in sections)
        {
            using var stream = entry.Open();
            ParagraphXml(stream, sb, limits, ct);
        }

        return sb.ToString();
    }

    /// <summary>Paragraph text from WordprocessingML or OWPML (HWPX), which share their shape: paragraphs (p) of runs (r, run)
    /// holding text (t), tabs and line breaks, and tables of rows (tr) of cells (tc). Paragraphs end a line; a table row's
    /// cells share one line, tab-separated, so a form's "성명 | 홍길동" stays a label beside its value and values in
    /// adjacent cells, runs or lines never merge into one longer number.</summary>
    private static void ParagraphXml(Stream stream, StringBuilder sb, ExtractionLimits limits, CancellationToken ct)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = limits.MaxDecompressedBytes };
        using var reader = XmlReader.Create(stream, settings);
        var inText = 0;
        var inRun = 0;
        var cellDepth = 0;
        var nodes = 0;
        while (reader.Read())
        {
            if ((++nodes & 0xFFFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            var name = reader.LocalName;
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when reader.IsEmptyElement && inRun > 0 && name is "tab" or "ptab":
                    sb.Append('\t');
                    break;
                case XmlNodeType.Element when reader.IsEmptyElement && inRun > 0 && name is "br" or "cr" or "lineBreak":
                    sb.Append('\n');
                    break;
                case XmlNodeType.Element when reader.IsEmptyElement:
                    break;
                case XmlNodeType.Element:
                    inText += name == "t" ? 1 : 0;
                    inRun += name is "r" or "run" ? 1 : 0;
                    cellDepth += name == "tc" ? 1 : 0;
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace when inText > 0:
                    sb.Append(reader.Value);
                    if (sb.Length > limits.MaxTextChars)
                    {
                        throw new TooMuchTextException();
                    }

                    break;
                case XmlNodeType.EndElement when name == "t":
                    inText = Math.Max(0, inText - 1);
                    break;
                case XmlNodeType.EndElement when name is "r" or "run":
                    inRun = Math.Max(0, inRun - 1);
                    break;
                case XmlNodeType.EndElement when name == "tc":
                    cellDepth = Math.Max(0, cellDepth - 1);
                    TrimEnd(sb, ' ');
                    sb.Append('\t');
                    break;
                case XmlNodeType.EndElement when name == "tr":
                    TrimEnd(sb, '\t');
                    sb.Append('\n');
                    break;
                case XmlNodeType.EndElement when name == "p":
                    sb.Append(cellDepth > 0 ? ' ' : '\n');
                    break;
            }
        }
    }

    private sealed class TooMuchTextException : Exception;

    private static void TrimEnd(StringBuilder sb, char c)
    {
        while (sb.Length > 0 && sb[^1] == c)
        {
            sb.Length--;
        }
    }

    // A tag scanner rather than an HTML5 tree builder: the tree builder checks its stack of open elements at every tag,
    // so 200,000 nested <div>s take hours and cannot be interrupted. These patterns run in linear time.
    [System.Text.RegularExpressions.GeneratedRegex(@"<!--.*?-->|<script\b[^>]*>.*?</script\s*>|<style\b[^>]*>.*?</style\s*>|<noscript\b[^>]*>.*?</noscript\s*>|<template\b[^>]*>.*?</template\s*>|<head\b[^>]*>.*?</head\s*>", System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.NonBacktracking | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex HtmlHidden();

    [System.Text.RegularExpressions.GeneratedRegex(@"<(/?)([A-Za-z][A-Za-z0-9]*)\b[^>]*>|<[!?/][^>]*>", System.Text.RegularExpressions.RegexOptions.NonBacktracking | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex HtmlTag();

    private static readonly HashSet<string> HtmlBlocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "tr", "table", "tbody", "thead", "tfoot", "h1", "h2", "h3", "h4", "h5",
        "h6", "section", "article", "header", "footer", "aside", "nav", "main", "blockquote", "pre", "address", "figure", "figcaption",
        "form", "fieldset", "legend", "caption", "body", "html", "option", "select", "textarea", "details", "summary",
    };

    /// <summary>The visible text with a line break at each block and a tab after each table cell, so that "&lt;th&gt;성명&lt;/th&gt;
    /// &lt;td&gt;홍길동&lt;/td&gt;" keeps its label apart from its value and values in adjacent cells never merge; inline tags
    /// (&lt;b&gt;, &lt;span&gt;) join their text as a browser shows it.</summary>
    private static string Html(string html, CancellationToken ct)
    {
        var visible = HtmlHidden().Replace(html, " ");
        ct.ThrowIfCancellationRequested();
        var text = HtmlTag().Replace(visible, m =>
        {
            var name = m.Groups[2].Value;
            // Cells and rows are marked where they open, since their closing tags are optional in HTML; a row's lines
            // follow each other without a blank line, so a register's rows stay one table.
            var closing = m.Groups[1].Value == "/";
            return name.Length == 0 ? string.Empty
                : name.Equals("td", StringComparison.OrdinalIgnoreCase) || name.Equals("th", StringComparison.OrdinalIgnoreCase) ? (closing ? string.Empty : "\t")
                : name.Equals("tr", StringComparison.OrdinalIgnoreCase) ? (closing ? string.Empty : "\n")
                : HtmlBlocks.Contains(name) ? "\n" : string.Empty;
        });
        ct.ThrowIfCancellationRequested();
        text = System.Net.WebUtility.HtmlDecode(text).Replace('\u00A0', ' ');
        text = System.Text.RegularExpressions.Regex.Replace(text, @"[ \t]*\n[ \t]*(?:\n[ \t]*)+", "\n\n");
        return System.Text.RegularExpressions.Regex.Replace(text, @"[ \t]*\n[ \t]*", "\n").Trim();
    }
}
