using System.Text;
using System.Xml;
using Madang.Core.Localization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Core.Web;

/// <summary>A module's part of the sitemap: the URLs of its own sitemap files (each at most 50,000 entries).</summary>
public interface ISitemapSource
{
    Task<IReadOnlyList<string>> SitemapFilesAsync(CancellationToken ct);
}

/// <summary><c>/sitemap.xml</c>: an index of the kernel's pages and every module's sitemap files.</summary>
public static class Sitemaps
{
    public const int MaxEntries = 50_000;

    public static IEndpointRouteBuilder MapSitemaps(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sitemap.xml", async (HttpContext http, IEnumerable<ISitemapSource> sources, CancellationToken ct) =>
        {
            var root = Root(http);
            var files = new List<string> { "/sitemaps/core.xml" };
            foreach (var s in sources)
            {
                files.AddRange(await s.SitemapFilesAsync(ct));
            }

            return Xml(w =>
            {
                w.WriteStartElement("sitemapindex", Ns);
                foreach (var f in files)
                {
                    w.WriteStartElement("sitemap", Ns);
                    w.WriteElementString("loc", Ns, root + f);
                    w.WriteEndElement();
                }

                w.WriteEndElement();
            });
        }).ExcludeFromDescription();

        app.MapGet("/sitemaps/core.xml", (HttpContext http) =>
        {
            var root = Root(http);
            return UrlSet(new[] { string.Empty, "search", "organisations" }.Select(p => root + "/{0}/" + p));
        }).ExcludeFromDescription();
        return app;
    }

    public const string Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private const string XhtmlNs = "http://www.w3.org/1999/xhtml";

    public static string Root(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    /// <summary>A urlset; each pattern has {0} where the language goes, and lists every language as an alternate.</summary>
    public static IResult UrlSet(IEnumerable<string> patterns) => Xml(w =>
    {
        w.WriteStartElement("urlset", Ns);
        w.WriteAttributeString("xmlns", "xhtml", null, XhtmlNs);
        foreach (var p in patterns)
        {
            w.WriteStartElement("url", Ns);
            w.WriteElementString("loc", Ns, string.Format(System.Globalization.CultureInfo.InvariantCulture, p, SiteCultures.Default));
            foreach (var c in SiteCultures.All)
            {
                w.WriteStartElement("xhtml", "link", XhtmlNs);
                w.WriteAttributeString("rel", "alternate");
                w.WriteAttributeString("hreflang", c);
                w.WriteAttributeString("href", string.Format(System.Globalization.CultureInfo.InvariantCulture, p, c));
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
    });

    public static IResult Xml(Action<XmlWriter> write, string contentType = "application/xml; charset=utf-8")
    {
        var sb = new StringBuilder();
        using (var w = XmlWriter.Create(sb, new XmlWriterSettings { Encoding = Encoding.UTF8, Indent = false }))
        {
            w.WriteStartDocument();
            write(w);
        }

        return Results.Text(sb.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"", StringComparison.Ordinal), contentType, Encoding.UTF8);
    }
}
