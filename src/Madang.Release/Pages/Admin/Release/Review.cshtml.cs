using Madang.Core.Data;
using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Release.Domain;
using Madang.Release.Processing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Pages.Admin.Release;

/// <summary>Layer 2: a reviewer sees the text with findings highlighted, keeps or drops each mask, adds masks, and decides.</summary>
[Authorize(Policy = Permission.PolicyPrefix + "release.review")]
public sealed class ReviewModel(MadangDbContext db, Publisher publisher) : MadangPage
{
    public ReleaseDocument Doc { get; private set; } = default!;

    /// <summary>The original text cut at findings: each piece with the finding it is, if any.</summary>
    public IReadOnlyList<(string Text, ReleaseFinding? Finding)> Segments { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var doc = await db.Set<ReleaseDocument>().AsNoTracking().Include(d => d.Findings).SingleOrDefaultAsync(d => d.Id == id && d.State == DocumentState.InReview);
        if (doc is null)
        {
            return NotFound();
        }

        Doc = doc;
        var text = doc.ExtractedText ?? string.Empty;
        var segments = new List<(string, ReleaseFinding?)>();
        var pos = 0;
        foreach (var f in doc.Findings.Where(f => f.Field == "text" && f.Start >= 0 && f.Start + f.Length <= text.Length).OrderBy(f => f.Start))
        {
            if (f.Start < pos)
            {
                continue;
            }

            segments.Add((text[pos..f.Start], null));
            segments.Add((text.Substring(f.Start, f.Length), f));
            pos = f.Start + f.Length;
        }

        segments.Add((text[pos..], null));
        Segments = segments;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string decision, List<long> masked, string? extra, string? ground)
    {
        var findings = await db.Set<ReleaseFinding>().Where(f => f.DocumentId == id).Select(f => f.Id).ToListAsync();
        var rejected = findings.Except(masked).ToList();
        var extras = (extra ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var approve = decision == "approve";
        if (!await publisher.DecideAsync(id, approve, approve ? null : ground, rejected, extras, CurrentActor, HttpContext.RequestAborted))
        {
            return NotFound();
        }

        Flash = L["action.saved"];
        return Redirect(Href("admin/release?state=InReview"));
    }
}
