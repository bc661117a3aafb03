using System.Text;
using Madang.Core.Data;
using Madang.Core.Search;
using Madang.Release.Domain;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Processing;

/// <summary>A published document's keywords: the author's (masked at processing), then up to eight extracted from the public text.</summary>
public static class Keywords
{
    public const int Extracted = 8;

    /// <summary>The form keywords are matched by and put in URLs: NFKC, lower case, single spaces, no path characters.</summary>
    public static string Key(string keyword)
    {
        var sb = new StringBuilder();
        foreach (var ch in TextAnalyzer.Normalize(keyword))
        {
            sb.Append(char.IsWhiteSpace(ch) || ch is '/' or '\\' or '?' or '#' or '%' ? ' ' : ch);
        }

        var key = string.Join(' ', sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return key.Length > 100 ? key[..100] : key;
    }

    /// <summary>Writes the document's keyword rows, at publication, in the caller's transaction; returns their texts in order.</summary>
    /// <remarks>
    /// Extracted here rather than when the document is processed: a reviewer's masks come after processing, and keywords
    /// are public, so they are taken from the text as it is finally published. Masks themselves are cut out first so that
    /// [이름] or ■■■ never become keywords. A non-public document's text is not public: only its title is used.
    /// </remarks>
    public static async Task<IReadOnlyList<string>> IndexAsync(MadangDbContext db, ReleaseDocument doc, CancellationToken ct)
    {
        await RemoveAsync(db, doc.Id, ct);
        var masks = doc.Findings.Where(f => f.Decision != FindingDecision.Rejected).Select(f => f.Mask).Append(Publisher.ManualMask)
            .Where(m => m.Length > 0).Distinct().ToList();
        string? Clean(string? s) => s is null ? null : masks.Aggregate(s, (acc, m) => acc.Replace(m, " ", StringComparison.Ordinal));

        var author = doc.Keywords.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var extracted = KeywordExtractor.Extract(Clean(doc.MaskedTitle), doc.Disclosure == DisclosureClass.NonPublic ? null : Clean(doc.MaskedText),
            Extracted, doc.Language);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var texts = new List<string>();
        foreach (var text in author.Concat(extracted))
        {
            var key = Key(text);
            if (key.Length == 0 || !seen.Add(key))
            {
                continue;
            }

            var shown = text.Length > 100 ? text[..100] : text;
            db.Add(new ReleaseDocumentKeyword { DocumentId = doc.Id, Key = key, Text = shown, Position = texts.Count });
            texts.Add(shown);
        }

        return texts;
    }

    /// <summary>Removes the document's keyword rows (withdrawal), in the caller's transaction.</summary>
    public static async Task RemoveAsync(MadangDbContext db, Guid documentId, CancellationToken ct) =>
        db.RemoveRange(await db.Set<ReleaseDocumentKeyword>().Where(k => k.DocumentId == documentId).ToListAsync(ct));

    /// <summary>The keywords of documents, in order, for pages and the API.</summary>
    public static async Task<Dictionary<Guid, List<ReleaseDocumentKeyword>>> OfAsync(MadangDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        (await db.Set<ReleaseDocumentKeyword>().AsNoTracking().Where(k => ids.Contains(k.DocumentId)).ToListAsync(ct))
            .GroupBy(k => k.DocumentId).ToDictionary(g => g.Key, g => g.OrderBy(k => k.Position).ToList());

    /// <summary>Up to <paramref name="count"/> published documents sharing keywords with this one: most shared first, then newest.</summary>
    public static async Task<List<(Guid Id, string Title, string Language, int Shared)>> RelatedAsync(MadangDbContext db, Guid id, int count, CancellationToken ct)
    {
        var keys = db.Set<ReleaseDocumentKeyword>().Where(k => k.DocumentId == id).Select(k => k.Key);
        var rows = await db.Set<ReleaseDocumentKeyword>().Where(k => k.DocumentId != id && keys.Contains(k.Key))
            .Join(db.Set<ReleaseDocument>().Where(d => d.State == DocumentState.Published), k => k.DocumentId, d => d.Id, (k, d) => new { d.Id, d.PublishedAt })
            .GroupBy(x => new { x.Id, x.PublishedAt })
            .Select(g => new { g.Key.Id, g.Key.PublishedAt, Shared = g.Count() })
            .OrderByDescending(x => x.Shared).ThenByDescending(x => x.PublishedAt).ThenBy(x => x.Id)
            .Take(count).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var titles = await db.Set<ReleaseDocument>().AsNoTracking().Where(d => ids.Contains(d.Id))
            .Select(d => new { d.Id, d.MaskedTitle, d.Language }).ToDictionaryAsync(d => d.Id, ct);
        return rows.Select(r => (r.Id, titles[r.Id].MaskedTitle ?? "—", titles[r.Id].Language, r.Shared)).ToList();
    }
}
