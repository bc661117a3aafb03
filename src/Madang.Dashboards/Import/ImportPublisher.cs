using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Madang.Core.Audit;
using Madang.Data.Catalog;
using Madang.Data.Datastore;
using Madang.Data.Domain;
using Madang.Dashboards.Definition;
using Madang.Dashboards.Domain;

namespace Madang.Dashboards.Import;

/// <summary>
/// Publishes what an importer read: each table as a dataset of the catalogue (a new CSV version when its rows changed,
/// loaded into the datastore by the catalogue's own job), and its cards as a dashboard of the region.
/// </summary>
public sealed class ImportPublisher(CatalogService catalog, RegionStore regions)
{
    /// <summary>What one import changed.</summary>
    public sealed record Outcome(int DatasetsCreated, int VersionsAdded, int Unchanged, bool RegionCreated);

    public async Task<Outcome> PublishAsync(ImportResult result, string regionSlug, Text regionName, string dashboardSlug, Text dashboardTitle,
        Guid organisationId, Actor actor, IProgress<string>? progress, CancellationToken ct)
    {
        var (created, added, unchanged) = (0, 0, 0);
        foreach (var table in result.Tables)
        {
            progress?.Report(table.Name);
            var csv = Csv(table);
            var d = await catalog.FindAsync(table.Name, ct: ct);
            if (d is null)
            {
                d = await catalog.SaveAsync(new DatasetInput
                {
                    Name = table.Name,
                    OrganisationId = organisationId,
                    Title = table.Title.ToLocalized(),
                    Description = table.Title.ToLocalized(),
                    LicenseId = "CC-BY-4.0",
                    Frequency = "DAILY",
                    Tags = ["dashboard", regionSlug],
                }, actor, ct: ct);
                created++;
            }

            var r = d.Resources.OrderBy(x => x.Position).FirstOrDefault()
                ?? await catalog.AddResourceAsync(d, new DataResource { Name = table.Title.ToLocalized(), Kind = ResourceKind.Upload, Format = "CSV" }, actor, ct);
            var sha = Convert.ToHexStringLower(SHA256.HashData(csv));
            if ((await catalog.LatestVersionAsync(r.Id, ct))?.Sha256 == sha)
            {
                // The same rows again: a re-import changes nothing, so a timer can run it as often as it likes.
                unchanged++;
                continue;
            }

            var when = table.UpdatedAt is { } u ? u.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture) : "import";
            await catalog.AddVersionAsync(d, r, new MemoryStream(csv), table.Name + ".csv", $"dashboards import ({when})", actor, ct);
            added++;
        }

        var existing = await regions.FindAsync(regionSlug, ct);
        var file = existing?.File ?? new RegionFile { Region = new RegionDefinition { Slug = regionSlug, Name = regionName } };
        var dashboard = new DashboardDefinition { Slug = dashboardSlug, Title = dashboardTitle, Cards = result.Cards.ToList() };
        var at = file.Dashboards.FindIndex(x => x.Slug == dashboardSlug);
        if (at >= 0)
        {
            dashboard.Description = file.Dashboards[at].Description;
            file.Dashboards[at] = dashboard;
        }
        else
        {
            file.Dashboards.Add(dashboard);
        }

        var (_, regionCreated) = await regions.SaveAsync(file, actor, ct);
        return new Outcome(created, added, unchanged, regionCreated);
    }

    /// <summary>The table as UTF-8 CSV, its values written as the datastore's own CSV writes them.</summary>
    internal static byte[] Csv(ImportedTable table)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', table.Columns.Select(c => DatastoreService.Cell(c.Name))).Append("\r\n");
        foreach (var row in table.Rows)
        {
            sb.AppendJoin(',', row.Select(v => DatastoreService.Cell(DatastoreService.Text(v)))).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
