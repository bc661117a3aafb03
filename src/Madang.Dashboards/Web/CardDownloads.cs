using System.Globalization;
using System.Text;
using System.Text.Json;
using Madang.Core.Localization;
using Madang.Dashboards.Cards;
using Madang.Data.Datastore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Madang.Dashboards.Web;

/// <summary>A card's data as CSV or JSON: exactly the rows and columns its table shows, headed in the page's language.</summary>
public static class CardDownloads
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/{culture}/r/{region}/{dashboard}/cards/{card}/og.png", async (HttpContext http, string culture, string region, string dashboard, string card, DashboardReader reader, DashboardCache cache) =>
        {
            var ct = http.RequestAborted;
            if (!SiteCultures.IsSupported(culture) || await reader.RegionAsync(region, ct) is not { } r || r.Dashboard(dashboard)?.Cards.FirstOrDefault(c => c.Slug == card) is not { } def)
            {
                return Results.NotFound();
            }

            var stamp = await reader.StampAsync(r, [def], ct);
            if (PageCache.NotModified(http, "og", culture, dashboard, card, stamp))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            var png = await cache.GetAsync($"dashboards:og:{culture}:{dashboard}:{card}:{stamp}", null, async () =>
            {
                var view = await reader.CardAsync(r, def, culture, DashboardReader.Mode(def, null), ct);
                var colour = r.File.Region.Colour is { } c && Rendering.Palette.Contrast(c, "#FFFFFF") >= 3 ? c : "#0b5394";
                var footer = string.Join(" · ", new[] { r.Dashboard(dashboard)!.Title.Get(culture), view.DatasetTitle, view.DataThrough }.Where(x => !string.IsNullOrEmpty(x)));
                return Rendering.OpenGraphImage.Png(view, r.File.Region.Name.Get(culture), colour, footer);
            });
            return Results.Bytes(png, "image/png");
        }).AllowAnonymous().WithName("DashboardCardPreview").WithTags("Dashboards")
            .WithSummary("A card as a 1200×630 PNG for link previews (Open Graph), in the language of the path");

        endpoints.MapGet("/{culture}/r/{region}/{dashboard}/cards/{card}/data.{ext:regex(^(csv|json)$)}", async (HttpContext http, string culture, string region, string dashboard, string card, string ext, DashboardReader reader) =>
        {
            var ct = http.RequestAborted;
            if (!SiteCultures.IsSupported(culture) || await reader.RegionAsync(region, ct) is not { } r || r.Dashboard(dashboard)?.Cards.FirstOrDefault(c => c.Slug == card) is not { } def)
            {
                return Results.NotFound();
            }

            var mode = DashboardReader.Mode(def, http.Request.Query["view"]);
            if (PageCache.NotModified(http, "download", ext, culture, mode.ToString(), await reader.StampAsync(r, [def], ct)))
            {
                return Results.StatusCode(StatusCodes.Status304NotModified);
            }

            var view = await reader.CardAsync(r, def, culture, mode, ct);
            if (view.Problem is not null)
            {
                return Results.Problem(view.Problem, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var name = $"{region}-{dashboard}-{card}.{ext}";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
            return ext == "csv"
                ? Results.Text(Csv(view), "text/csv; charset=utf-8", Encoding.UTF8)
                : Results.Text(JsonSerializer.Serialize(Json(view), Madang.Dashboards.Definition.RegionFiles.Json), "application/json; charset=utf-8", Encoding.UTF8);
        }).AllowAnonymous().WithName("DashboardCardData").WithTags("Dashboards")
            .WithSummary("A dashboard card's data, exactly the rows its table shows, as CSV or JSON headed in the language of the path");
    }

    /// <summary>Headers in the reader's language, values as the data holds them (dates ISO, numbers with a point).</summary>
    public static string Csv(CardView view)
    {
        // A BOM, so that spreadsheet programs read Korean, Japanese and Chinese headers as UTF-8.
        var sb = new StringBuilder("\uFEFF");
        sb.AppendJoin(',', view.Table.Headers.Select(h => DatastoreService.Cell(h))).Append("\r\n");
        foreach (var row in view.Table.Raw)
        {
            sb.AppendJoin(',', row.Select(v => DatastoreService.Cell(DatastoreService.Text(v)))).Append("\r\n");
        }

        return sb.ToString();
    }

    public static object Json(CardView view) => new
    {
        title = view.Title,
        source = view.DatasetName,
        updated = view.UpdatedAt,
        columns = view.Table.Keys.Select((k, i) => new { id = k, label = view.Table.Headers[i] }),
        rows = view.Table.Raw,
    };
}
