using Madang.Dashboards.Cards;
using Madang.Dashboards.Definition;
using Madang.Dashboards.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Madang.Dashboards.Pages.Dashboards;

/// <summary>A dashboard: every card with its chart and table, cacheable (ETag) and printable on A4.</summary>
public sealed class DashboardModel(DashboardReader reader) : DashboardPage
{
    public DashboardDefinition Dashboard { get; private set; } = default!;

    public IReadOnlyList<CardView> Cards { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string region, string dashboard)
    {
        var ct = HttpContext.RequestAborted;
        if (await reader.RegionAsync(region, ct) is not { } r || r.Dashboard(dashboard) is not { } d)
        {
            return NotFound();
        }

        (Region, Dashboard) = (r, d);
        if (OtherLanguage() is { } elsewhere)
        {
            return elsewhere;
        }

        var modes = d.Cards.ToDictionary(c => c.Slug, c => DashboardReader.Mode(c, Request.Query[c.Slug]));
        if (PageCache.NotModified(HttpContext, "dashboard", Culture, d.Slug, string.Join(',', modes.Values), await reader.StampAsync(r, d.Cards, ct)))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        Cards = await reader.CardsAsync(r, d, Culture, c => modes[c.Slug], ct);
        return Page();
    }
}
