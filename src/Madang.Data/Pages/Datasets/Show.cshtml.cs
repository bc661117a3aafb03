using Madang.Core.Data;
using Madang.Core.Web;
using Madang.Data.Catalog;
using Madang.Data.Datastore;
using Madang.Data.Domain;
using Madang.Data.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Madang.Data.Pages.Datasets;

/// <summary>One public dataset: metadata, description, resources with every version, a preview of live rows with a chart, the API calls.</summary>
public sealed class DatasetShowModel(CatalogService catalog, MadangDbContext db, ILogger<DatasetShowModel> logger) : MadangPage
{
    public const int PreviewRows = 10;

    /// <summary>The live rows of one resource and, when a column is numeric, the chart of it.</summary>
    public sealed record Preview(DataResource Resource, DatastoreResult Rows, string? ChartSvg, string? ChartColumn);

    public Dataset Dataset { get; private set; } = default!;
    public string OrgCode { get; private set; } = string.Empty;
    public string OrgName { get; private set; } = string.Empty;
    public string DescriptionHtml { get; private set; } = string.Empty;
    public License? License { get; private set; }
    public ILookup<Guid, ResourceVersion> Versions { get; private set; } = Array.Empty<ResourceVersion>().ToLookup(v => v.ResourceId);
    public IReadOnlyList<Preview> Previews { get; private set; } = [];

    public string BaseUrl => $"{Request.Scheme}://{Request.Host}";
    public string ResourceDownload(DataResource r) => r.Kind == ResourceKind.Link ? r.LinkUrl ?? "#" : $"/datasets/{Dataset.Name}/resources/{r.Id}/download";
    public string VersionDownload(DataResource r, ResourceVersion v) => $"/datasets/{Dataset.Name}/resources/{r.Id}/versions/{v.Number}/download";

    public async Task<IActionResult> OnGetAsync(string name)
    {
        var ct = HttpContext.RequestAborted;
        var d = await catalog.FindAsync(name, ct: ct);
        if (d is null || !d.IsPublic || d.Name != name)
        {
            return NotFound();
        }

        Dataset = d;
        var org = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == d.OrganisationId, ct);
        OrgCode = org.Code;
        OrgName = org.Name.Get(Culture);
        DescriptionHtml = Markdown.ToSafeHtml(d.Description.Get(Culture));
        License = Licenses.Find(d.LicenseId);
        var ids = d.Resources.Select(r => r.Id).ToList();
        Versions = (await db.Set<ResourceVersion>().AsNoTracking().Where(v => ids.Contains(v.ResourceId)).ToListAsync(ct))
            .OrderByDescending(v => v.Number).ToLookup(v => v.ResourceId);
        Previews = await PreviewsAsync(d, ct);
        Response.Headers.CacheControl = "public, max-age=60";
        return Page();
    }

    private async Task<IReadOnlyList<Preview>> PreviewsAsync(Dataset d, CancellationToken ct)
    {
        // The datastore lives on its own branch of work; without it (or without a live table) the page shows no preview.
        var store = HttpContext.RequestServices.GetService<IDatastore>();
        if (store is null)
        {
            return [];
        }

        var result = new List<Preview>();
        foreach (var r in d.Resources.Where(r => r.DatastoreState == DatastoreState.Active))
        {
            try
            {
                var rows = await store.SearchAsync(new DatastoreQuery { ResourceId = r.Id, Limit = PreviewRows, IncludeTotal = true }, ct);
                string? svg = null;
                string? column = null;
                if (QuickChart.Pick(rows.Fields) is { } pick && rows.Rows.Count > 1)
                {
                    var bars = rows.Rows
                        .Select((row, i) => (Label: pick.Label is { } l ? QuickChart.Text(row[l]) : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), Value: QuickChart.Number(row[pick.Value])))
                        .Where(b => b.Value is not null).Select(b => (b.Label, b.Value!.Value)).ToList();
                    if (bars.Count > 1)
                    {
                        column = rows.Fields[pick.Value].Id;
                        var title = L["data.chart.title", column, r.Name.Get(Culture)];
                        var desc = L["data.chart.desc", bars.Count, bars.Min(b => b.Item2), bars.Max(b => b.Item2)];
                        svg = QuickChart.Svg("chart-" + r.Id.ToString("N")[..8], title, desc, bars);
                    }
                }

                result.Add(new Preview(r, rows, svg, column));
            }
            catch (DatastoreQueryException e)
            {
                logger.LogWarning("No preview for resource {Resource}: {Reason}", r.Id, e.Message);
            }
        }

        return result;
    }
}
