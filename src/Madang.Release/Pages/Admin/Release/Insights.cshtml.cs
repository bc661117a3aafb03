using Madang.Core.Data;
using Madang.Core.Permissions;
using Madang.Core.Web;
using Madang.Release.Pages.Documents;
using Madang.Release.Processing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Pages.Admin.Release;

/// <summary>Release figures with the review backlog, for department heads and administrators.</summary>
[Authorize(Policy = Permission.PolicyPrefix + "release.insights")]
public sealed class InsightsModel(ReleaseInsights insights, MadangDbContext db) : MadangPage
{
    public InsightsTable Table { get; private set; } = new([], new Dictionary<string, string>(), ShowBacklog: true);

    public async Task OnGetAsync()
    {
        var names = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Code, o => o.Name.Get(Culture));
        Table = new InsightsTable(await insights.ByDepartmentAsync(ct: HttpContext.RequestAborted), names, ShowBacklog: true);
    }
}
