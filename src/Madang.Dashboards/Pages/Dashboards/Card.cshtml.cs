using Madang.Dashboards.Cards;
using Madang.Dashboards.Definition;
using Madang.Dashboards.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Madang.Dashboards.Pages.Dashboards;

/// <summary>One card on its own page, to share: its chart, table, notes and source.</summary>
public sealed class CardPageModel(DashboardReader reader) : DashboardPage
{
    public DashboardDefinition Dashboard { get; private set; } = default!;

    public CardView Card { get; private set; } = default!;

    public async Task<IActionResult> OnGetAsync(string region, string dashboard, string card)
    {
        var ct = HttpContext.RequestAborted;
        if (await reader.RegionAsync(region, ct) is not { } r || r.Dashboard(dashboard) is not { } d || d.Cards.FirstOrDefault(c => c.Slug == card) is not { } def)
        {
            return NotFound();
        }

        (Region, Dashboard) = (r, d);
        if (OtherLanguage() is { } elsewhere)
        {
            return elsewhere;
        }

        var mode = DashboardReader.Mode(def, Request.Query[def.Slug]);
        if (PageCache.NotModified(HttpContext, "card", Culture, d.Slug, def.Slug, mode.ToString(), await reader.StampAsync(r, [def], ct)))
        {
            return StatusCode(StatusCodes.Status304NotModified);
        }

        Card = await reader.CardAsync(r, def, Culture, mode, ct);
        return Page();
    }
}
