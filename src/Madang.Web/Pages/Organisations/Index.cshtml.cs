using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madang.Web.Pages.Organisations;

/// <summary>The public directory of the city's organisations, as a tree.</summary>
public sealed class OrganisationsIndexModel(MadangDbContext db) : MadangPage
{
    public IReadOnlyList<(Organisation Org, int Depth)> Tree { get; private set; } = [];

    public async Task OnGetAsync() =>
        Tree = OrganisationTree.Flatten(await db.Organisations.AsNoTracking().Where(o => o.IsActive).ToListAsync());
}
