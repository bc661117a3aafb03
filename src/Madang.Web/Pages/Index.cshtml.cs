using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Pages;

/// <summary>The home page: what the site offers, a search box and the city's organisations.</summary>
public sealed class IndexModel(MadangDbContext db) : MadangPage
{
    public IReadOnlyList<(Organisation Org, int Depth)> Organisations { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var all = await db.Organisations.AsNoTracking().Where(o => o.IsActive).ToListAsync(HttpContext.RequestAborted);
        Organisations = OrganisationTree.Flatten(all);
    }
}
