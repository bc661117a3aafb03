using Madang.Core.Privacy;
using Madang.Release.Domain;

namespace Madang.Release.Processing;

/// <summary>What of a document's files may be public: the original only when it is cleared, else its masked text.</summary>
public static class Attachments
{
    /// <summary>Records where each file's text lies in the document's extracted text (files joined by a blank line, then trimmed).</summary>
    public static void Locate(IReadOnlyList<ReleaseFile> files, IReadOnlyList<string> texts, string extracted)
    {
        var joined = string.Join("\n\n", texts);
        var lead = joined.Length - joined.TrimStart().Length;
        var pos = 0;
        for (var i = 0; i < files.Count && i < texts.Count; i++)
        {
            var start = Math.Clamp(pos - lead, 0, extracted.Length);
            var end = Math.Clamp(pos + texts[i].Length - lead, start, extracted.Length);
            files[i].TextStart = start;
            files[i].TextLength = end - start;
            pos += texts[i].Length + 2;
        }
    }

    /// <summary>At publication: decides for each file whether its original is cleared and writes its masked rendition.</summary>
    /// <remarks>
    /// Decided once, from the findings as they stand when the document goes public (after any review), and stored, so a
    /// download never recomputes it and never reads the unmasked text. Anything that was masked anywhere in the document
    /// (title, text, keywords) keeps every original back: the original would carry it unmasked. A finding in another
    /// file's name does not.
    /// </remarks>
    public static void Prepare(ReleaseDocument doc)
    {
        var masked = doc.Findings.Where(f => f.Decision != FindingDecision.Rejected).ToList();
        var documentMasked = masked.Any(f => f.Field != "file");
        var textMasks = masked.Where(f => f.Field == "text")
            .Select(f => new PiiFinding(f.Type, f.Start, f.Length, f.Score, f.Certain, f.Reason, f.Mask)).OrderBy(f => f.Start).ToList();
        foreach (var file in doc.Files)
        {
            if (doc.Disclosure == DisclosureClass.NonPublic || file.PublicName is null)
            {
                file.OriginalCleared = false;
                file.MaskedText = null;
                continue;
            }

            file.OriginalCleared = doc.Disclosure == DisclosureClass.Public && !documentMasked && !file.Unscreened
                && ScreenedWhole(file.FileName) && string.Equals(file.PublicName, file.FileName, StringComparison.Ordinal);
            file.MaskedText = Rendition(doc, file, textMasks);
        }
    }

    /// <summary>Formats whose whole content is the text that was screened. DOCX, XLSX and HWPX carry headers, footers,
    /// comments, properties and images the extractor does not read; HTML carries comments and attributes (mailto: links).
    /// Their originals cannot be proven clean, so only their masked text is offered.</summary>
    public static bool ScreenedWhole(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() is ".pdf" or ".txt" or ".text" or ".csv" or ".md";

    private static string Rendition(ReleaseDocument doc, ReleaseFile file, List<PiiFinding> masks)
    {
        var text = doc.ExtractedText;
        var start = file.TextStart;
        var end = start + file.TextLength;
        if (text is null || end > text.Length)
        {
            return doc.MaskedText ?? string.Empty;
        }

        // A mask across the boundary between two files cannot be cut in two safely: then every file gets the whole masked text.
        if (masks.Any(m => m.Start < end && m.End > start && (m.Start < start || m.End > end)))
        {
            return doc.MaskedText ?? string.Empty;
        }

        var inside = masks.Where(m => m.Start >= start && m.End <= end).Select(m => m with { Start = m.Start - start });
        return PiiScreener.Apply(text.Substring(start, end - start), inside);
    }
}
