using System.Globalization;
using Madang.Core.Data;
using Madang.Core.Web;
using Madang.Release.Api;
using Madang.Release.Domain;
using Madang.Release.Processing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Pages.Documents;

/// <summary>One published document with its masked text; a withdrawn one answers 410 with a tombstone.</summary>
public sealed class DocumentShowModel(MadangDbContext db) : MadangPage
{
    public const int RelatedCount = 5;

    public ReleaseDocument Doc { get; private set; } = default!;
    public string Title => Doc.MaskedTitle ?? "—";
    public bool Withdrawn => Doc.State == DocumentState.Withdrawn;
    public string OrgCode { get; private set; } = string.Empty;
    public string OrgName { get; private set; } = string.Empty;
    public IReadOnlyList<string> Paragraphs { get; private set; } = [];

    /// <summary>Each keyword as shown, with the key its page is found under.</summary>
    public IReadOnlyList<(string Text, string Key)> Keywords { get; private set; } = [];
    public IReadOnlyList<Attachment> Attachments { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Title, string Language, int Shared)> Related { get; private set; } = [];

    /// <summary>The address that stays the same in every language.</summary>
    public string Permalink => $"{Request.Scheme}://{Request.Host}/documents/{Doc.Id}";

    public string KeywordHref(string key) => Href("documents/keywords/" + Uri.EscapeDataString(key));

    /// <summary>A file size in the reader's number format.</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString("N0", CultureInfo.CurrentCulture) + " B",
        < 1024 * 1024 => (bytes / 1024d).ToString("N1", CultureInfo.CurrentCulture) + " KB",
        _ => (bytes / 1048576d).ToString("N1", CultureInfo.CurrentCulture) + " MB",
    };

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var ct = HttpContext.RequestAborted;
        var doc = await db.Set<ReleaseDocument>().AsNoTracking().Include(d => d.Files)
            .SingleOrDefaultAsync(d => d.Id == id && (d.State == DocumentState.Published || d.State == DocumentState.Withdrawn), ct);
        if (doc is null)
        {
            return NotFound();
        }

        Doc = doc;
        var org = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == doc.OrganisationId, ct);
        OrgCode = org.Code;
        OrgName = org.Name.Get(Culture);
        if (Withdrawn)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
            return Page();
        }

        var rows = (await Processing.Keywords.OfAsync(db, [id], ct)).GetValueOrDefault(id);
        Keywords = rows is { Count: > 0 }
            ? rows.Select(k => (k.Text, k.Key)).ToList()
            : doc.Keywords.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(k => (k, Processing.Keywords.Key(k))).ToList();
        Attachments = ReleaseFiles.List(doc);
        Related = await Processing.Keywords.RelatedAsync(db, id, RelatedCount, ct);
        Paragraphs = doc.Disclosure == DisclosureClass.NonPublic || doc.MaskedText is null
            ? []
            : doc.MaskedText.Split(["\r\n\r\n", "\n\n"], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Response.Headers.CacheControl = "public, max-age=60";
        return Page();
    }
}
