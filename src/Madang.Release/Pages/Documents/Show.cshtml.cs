using Madang.Core.Data;
using Madang.Core.Web;
using Madang.Release.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Pages.Documents;

/// <summary>One published document with its masked text; a withdrawn one answers 410 with a tombstone.</summary>
public sealed class DocumentShowModel(MadangDbContext db) : MadangPage
{
    public ReleaseDocument Doc { get; private set; } = default!;
    public string Title => Doc.MaskedTitle ?? "—";
    public bool Withdrawn => Doc.State == DocumentState.Withdrawn;
    public string OrgCode { get; private set; } = string.Empty;
    public string OrgName { get; private set; } = string.Empty;
    public IReadOnlyList<string> Paragraphs { get; private set; } = [];
    public IReadOnlyList<string> Keywords { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var doc = await db.Set<ReleaseDocument>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == id && (d.State == DocumentState.Published || d.State == DocumentState.Withdrawn));
        if (doc is null)
        {
            return NotFound();
        }

        Doc = doc;
        var org = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == doc.OrganisationId);
        OrgCode = org.Code;
        OrgName = org.Name.Get(Culture);
        if (Withdrawn)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
            return Page();
        }

        Keywords = doc.Keywords.Split(',', StringSplitOptions.RemoveEmptyEntries);
        Paragraphs = doc.Disclosure == DisclosureClass.NonPublic || doc.MaskedText is null
            ? []
            : doc.MaskedText.Split(["\r\n\r\n", "\n\n"], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Response.Headers.CacheControl = "public, max-age=60";
        return Page();
    }
}
