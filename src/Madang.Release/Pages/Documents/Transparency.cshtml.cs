using Madang.Core.Data;
using Madang.Core.Web;
using Madang.Release.Processing;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Pages.Documents;

/// <summary>The public transparency page: each department's release figures for the last twelve months.</summary>
public sealed class TransparencyModel(ReleaseInsights insights, MadangDbContext db) : MadangPage
{
    public InsightsTable Table { get; private set; } = new([], new Dictionary<string, string>(), ShowBacklog: false);

    public async Task OnGetAsync()
    {
        var names = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Code, o => o.Name.Get(Culture));
        Table = new InsightsTable(await insights.ByDepartmentAsync(ct: HttpContext.RequestAborted), names, ShowBacklog: false);
        Response.Headers.CacheControl = "public, max-age=300";
    }
}

/// <summary>What the insights table shows.</summary>
public sealed record InsightsTable(IReadOnlyList<ReleaseInsights.Row> Rows, IReadOnlyDictionary<string, string> Names, bool ShowBacklog);
