using Madang.Dashboards.Cards;
using Microsoft.AspNetCore.Mvc;

namespace Madang.Dashboards.Pages.Dashboards;

/// <summary>A region's front page: its dashboards (one dashboard opens directly).</summary>
public sealed class RegionModel(DashboardReader reader) : DashboardPage
{
    public async Task<IActionResult> OnGetAsync(string region)
    {
        if (await reader.RegionAsync(region, HttpContext.RequestAborted) is not { } r)
        {
            return NotFound();
        }

        Region = r;
        if (OtherLanguage() is { } elsewhere)
        {
            return elsewhere;
        }

        if (r.File.Dashboards.Count == 1)
        {
            return Redirect(RegionHref(r.File.Dashboards[0].Slug));
        }

        Response.Headers.CacheControl = "public, max-age=60";
        return Page();
    }
}
