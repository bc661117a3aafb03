using Madang.Core.Data;
using Madang.Core.Web;
using Madang.Release.Api;
using Madang.Release.Domain;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Pages.Documents;

/// <summary>Published documents with one keyword, newest first; keyset paging.</summary>
public sealed class DocumentsKeywordModel(MadangDbContext db) : MadangPage
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    /// <summary>The keyword as shown on the documents.</summary>
    public string Keyword { get; private set; } = string.Empty;

    public string Key { get; private set; } = string.Empty;

    public IReadOnlyList<Item> Items { get; private set; } = [];

    public string? Next { get; private set; }

    /// <summary>One listed document.</summary>
    public sealed record Item(Guid Id, string Title, string Language, DocumentType Type, string Department, DateTimeOffset ApprovedAt, string? Number);

    public async Task<IActionResult> OnGetAsync(string keyword)
    {
        var ct = HttpContext.RequestAborted;
        Key = Processing.Keywords.Key(keyword);
        if (Key.Length == 0)
        {
            return NotFound();
        }

        Keyword = keyword;
        var q = db.Set<ReleaseDocumentKeyword>().AsNoTracking().Where(k => k.Key == Key)
            .Join(db.Set<ReleaseDocument>().Where(d => d.State == DocumentState.Published), k => k.DocumentId, d => d.Id, (k, d) => new { k.Text, Doc = d });
        if (Keyset.TryParse(After, out var at))
        {
            q = q.Where(x => x.Doc.PublishedAt < at.At);
        }

        var rows = await q.OrderByDescending(x => x.Doc.PublishedAt).ThenByDescending(x => x.Doc.Id).Take(PageSize + 1)
            .Select(x => new { x.Text, x.Doc.Id, x.Doc.MaskedTitle, x.Doc.Language, x.Doc.Type, x.Doc.OrganisationId, x.Doc.ApprovedAt, x.Doc.DocumentNumber, x.Doc.PublishedAt })
            .ToListAsync(ct);
        if (rows.Count > 0)
        {
            Keyword = rows[0].Text;
        }

        var orgIds = rows.Select(r => r.OrganisationId).Distinct().ToList();
        var orgs = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, ct);
        Items = rows.Take(PageSize).Select(r => new Item(r.Id, r.MaskedTitle ?? "—", r.Language, r.Type, orgs[r.OrganisationId].Name.Get(Culture), r.ApprovedAt, r.DocumentNumber)).ToList();
        Next = rows.Count > PageSize ? Keyset.Format(rows[PageSize - 1].PublishedAt!.Value, rows[PageSize - 1].Id) : null;
        Response.Headers.CacheControl = "public, max-age=60";
        return Page();
    }
}
