using Madang.Core.Data;
using Madang.Core.Web;
using Madang.Data.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Madang.Data.Dcat;

/// <summary>The public datasets' pages in the sitemap (every language as an alternate).</summary>
public static class DataSitemap
{
    public static IEndpointRouteBuilder MapDataSitemap(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sitemaps/data-{page:int}.xml", async (HttpContext http, MadangDbContext db, int page, CancellationToken ct) =>
        {
            var names = await Public(db).OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).Skip(page * Sitemaps.MaxEntries).Take(Sitemaps.MaxEntries)
                .Select(d => d.Name).ToListAsync(ct);
            var root = Sitemaps.Root(http);
            var urls = names.Select(n => root + "/{0}/datasets/" + n);
            return Sitemaps.UrlSet(page == 0 ? urls.Prepend(root + "/{0}/datasets") : urls);
        }).ExcludeFromDescription();
        return app;
    }

    private static IQueryable<Dataset> Public(MadangDbContext db) =>
        db.Set<Dataset>().AsNoTracking().Where(d => d.DeletedAt == null && d.State == DatasetState.Published);

    /// <summary>Lists the datasets' sitemap files for the index.</summary>
    internal sealed class Source(MadangDbContext db) : ISitemapSource
    {
        public async Task<IReadOnlyList<string>> SitemapFilesAsync(CancellationToken ct)
        {
            var count = await Public(db).CountAsync(ct);
            return Enumerable.Range(0, Math.Max(1, (count + Sitemaps.MaxEntries - 1) / Sitemaps.MaxEntries)).Select(p => $"/sitemaps/data-{p}.xml").ToList();
        }
    }
}
