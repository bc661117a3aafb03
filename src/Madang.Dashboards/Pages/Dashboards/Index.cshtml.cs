using Madang.Core.Web;
using Madang.Dashboards.Cards;
using Madang.Dashboards.Domain;
using Microsoft.AspNetCore.Mvc;

namespace Madang.Dashboards.Pages.Dashboards;

/// <summary>Every region and its dashboards; a region that is the whole site leads straight to its first dashboard.</summary>
public sealed class DashboardsIndexModel(DashboardReader reader) : MadangPage
{
    public IReadOnlyList<StoredRegion> Regions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        Regions = await reader.RegionsAsync(HttpContext.RequestAborted);
        if (Regions.FirstOrDefault(r => r.File.Region.Site) is { } site && site.File.Dashboards.Count > 0 && Request.Query["all"].Count == 0)
        {
            return Redirect(Href($"r/{site.Row.Slug}/{site.File.Dashboards[0].Slug}"));
        }

        Response.Headers.CacheControl = "public, max-age=60";
        return Page();
    }
}
