using Madang.Core.Data;
using Madang.Core.Web;
using Madang.Release.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Madang.Release.Api;

/// <summary>Atom feeds of published documents (all, per department, per type) and the documents' sitemap files.</summary>
public static class ReleaseFeeds
{
    private const string AtomNs = "http://www.w3.org/2005/Atom";

    public static IEndpointRouteBuilder MapReleaseFeeds(this IEndpointRouteBuilder app)
    {
        app.MapGet("/feeds/documents.atom", FeedAsync).WithTags("Release").WithName("DocumentsFeed").WithSummary("Atom feed of published documents (?department=CODE&type=Report&lang=ko)");
        app.MapGet("/sitemaps/release-{page:int}.xml", SitemapAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> FeedAsync(HttpContext http, MadangDbContext db, string? department, string? type, string? lang, CancellationToken ct)
    {
        var culture = Core.Localization.SiteCultures.IsSupported(lang) ? lang! : Core.Localization.SiteCultures.Default;
        var q = ReleaseApi.Public(db);
        if (!string.IsNullOrEmpty(department))
        {
            q = q.Where(x => x.Code == department);
        }

        if (Enum.TryParse<DocumentType>(type, ignoreCase: true, out var t))
        {
            q = q.Where(x => x.Doc.Type == t);
        }

        var rows = await q.OrderByDescending(x => x.Doc.PublishedAt).Take(50).ToListAsync(ct);
        var root = Sitemaps.Root(http);
        var updated = rows.Count > 0 ? rows[0].Doc.PublishedAt!.Value : DateTimeOffset.UnixEpoch;
        return Sitemaps.Xml(w =>
        {
            w.WriteStartElement("feed", AtomNs);
            w.WriteElementString("title", AtomNs, "Released documents" + (department is null ? string.Empty : " — " + department));
            w.WriteElementString("id", AtomNs, $"{root}/feeds/documents.atom?department={department}&type={type}");
            w.WriteElementString("updated", AtomNs, updated.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteStartElement("link", AtomNs);
            w.WriteAttributeString("rel", "self");
            w.WriteAttributeString("href", root + http.Request.Path + http.Request.QueryString);
            w.WriteEndElement();
            foreach (var r in rows)
            {
                var url = $"{root}/{culture}/documents/{r.Doc.Id}";
                w.WriteStartElement("entry", AtomNs);
                w.WriteElementString("title", AtomNs, r.Doc.MaskedTitle ?? "—");
                w.WriteElementString("id", AtomNs, url);
                w.WriteElementString("updated", AtomNs, r.Doc.PublishedAt!.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteStartElement("link", AtomNs);
                w.WriteAttributeString("href", url);
                w.WriteEndElement();
                w.WriteStartElement("author", AtomNs);
                w.WriteElementString("name", AtomNs, r.Code);
                w.WriteEndElement();
                if (r.Doc.Disclosure != DisclosureClass.NonPublic && r.Doc.MaskedText is { Length: > 0 } text)
                {
                    w.WriteElementString("summary", AtomNs, text.Length > 300 ? text[..300] + "…" : text);
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();
        }, "application/atom+xml; charset=utf-8");
    }

    private static async Task<IResult> SitemapAsync(HttpContext http, MadangDbContext db, int page, CancellationToken ct)
    {
        var ids = await db.Set<ReleaseDocument>().AsNoTracking().Where(d => d.State == DocumentState.Published)
            .OrderBy(d => d.PublishedAt).Skip(page * Sitemaps.MaxEntries).Take(Sitemaps.MaxEntries).Select(d => d.Id).ToListAsync(ct);
        var root = Sitemaps.Root(http);
        var urls = ids.Select(id => root + "/{0}/documents/" + id);
        return Sitemaps.UrlSet(page == 0 ? urls.Prepend(root + "/{0}/documents") : urls);
    }

    /// <summary>Lists the documents' sitemap files for the index.</summary>
    internal sealed class Source(MadangDbContext db) : ISitemapSource
    {
        public async Task<IReadOnlyList<string>> SitemapFilesAsync(CancellationToken ct)
        {
            var count = await db.Set<ReleaseDocument>().CountAsync(d => d.State == DocumentState.Published, ct);
            return Enumerable.Range(0, Math.Max(1, (count + Sitemaps.MaxEntries - 1) / Sitemaps.MaxEntries)).Select(p => $"/sitemaps/release-{p}.xml").ToList();
        }
    }
}
