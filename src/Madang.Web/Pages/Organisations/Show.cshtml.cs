using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Pages.Organisations;

/// <summary>One organisation: its names, where it sits in the tree, and its units. Modules link their content here.</summary>
public sealed class OrganisationShowModel(MadangDbContext db) : MadangPage
{
    public Organisation Organisation { get; private set; } = default!;
    public IReadOnlyList<Organisation> Ancestors { get; private set; } = [];
    public IReadOnlyList<Organisation> Children { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code)
    {
        var all = await db.Organisations.AsNoTracking().Where(o => o.IsActive).ToListAsync();
        var org = all.FirstOrDefault(o => o.Code == code);
        if (org is null)
        {
            return NotFound();
        }

        Organisation = org;
        var byId = all.ToDictionary(o => o.Id);
        var chain = new List<Organisation>();
        for (var p = org.ParentId; p is { } id && byId.TryGetValue(id, out var parent) && chain.Count < 20; p = parent.ParentId)
        {
            chain.Insert(0, parent);
        }

        Ancestors = chain;
        Children = all.Where(o => o.ParentId == org.Id).OrderBy(o => o.SortOrder).ThenBy(o => o.Code, StringComparer.Ordinal).ToList();
        Response.Headers.CacheControl = "public, max-age=300";
        return Page();
    }
}
