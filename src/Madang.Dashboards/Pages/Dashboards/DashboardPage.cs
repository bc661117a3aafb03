using Madang.Core.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Madang.Dashboards.Cards;
using Madang.Dashboards.Definition;
using Madang.Dashboards.Domain;
using Madang.Dashboards.Rendering;

namespace Madang.Dashboards.Pages.Dashboards;

/// <summary>What the region, dashboard and card pages share: the region, its colour, and links within it.</summary>
public abstract partial class DashboardPage : MadangPage
{
    public StoredRegion Region { get; protected set; } = default!;

    public RegionDefinition Def => Region.File.Region;

    /// <summary>
    /// A region published in some languages only sends a reader of another to the same page in its first language
    /// (null when the page's language is one of them).
    /// </summary>
    protected IActionResult? OtherLanguage()
    {
        if (Def.Languages is not { Count: > 0 } langs || langs.Contains(Culture, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        var path = Request.Path.Value ?? "/";
        return Redirect("/" + langs[0] + path[(1 + Culture.Length)..] + Request.QueryString);
    }

    /// <summary>The region's colour as a CSS custom property (headings, the first series), or nothing.</summary>
    public string? RegionStyle => Def.Colour is { } c && Palette.Contrast(c, "#FFFFFF") >= 4.5 && HexColour().IsMatch(c) ? $"--region: {c}" : null;

    /// <summary>
    /// What the page's head needs for the region: its colour in a style element carrying this response's CSP nonce (a
    /// style attribute would be refused by the CSP), and leave for its map cards to load tiles from its tile server.
    /// </summary>
    public Microsoft.AspNetCore.Html.IHtmlContent RegionHead()
    {
        PageSecurity.AllowImagesFrom(HttpContext, Def.Tiles);
        return RegionStyle is { } style
            ? new Microsoft.AspNetCore.Html.HtmlString($"<style nonce=\"{PageSecurity.StyleNonce(HttpContext)}\">.dash {{ {style}; }}</style>")
            : Microsoft.AspNetCore.Html.HtmlString.Empty;
    }

    [System.Text.RegularExpressions.GeneratedRegex("^#[0-9A-Fa-f]{3,8}$")]
    private static partial System.Text.RegularExpressions.Regex HexColour();

    public string RegionHref(string? path = null) => Href("r/" + Def.Slug + (path is null ? string.Empty : "/" + path));

    public string CardHref(DashboardDefinition d, CardDefinition c) => RegionHref(d.Slug + "/cards/" + c.Slug);

    public string DownloadHref(DashboardDefinition d, CardView c, string ext) =>
        CardHref(d, c.Card) + "/data." + ext + (c.Card.Kind == CardKind.TimeSeries && c.Mode != DashboardReader.Mode(c.Card, null) ? "?view=" + c.Mode.ToString().ToLowerInvariant() : string.Empty);

    /// <summary>
    /// An absolute URL for link previews: under the configured base URL when there is one (so a static export, fetched
    /// over loopback, still names the public site), else the request's own host.
    /// </summary>
    public string Absolute(string path)
    {
        var configured = HttpContext.RequestServices.GetService<Microsoft.Extensions.Options.IOptions<Madang.Core.Data.MadangOptions>>()?.Value.BaseUrl;
        return (string.IsNullOrWhiteSpace(configured) ? $"{Request.Scheme}://{Request.Host}" : configured.TrimEnd('/')) + path;
    }

    /// <summary>The newest "last updated" among the cards.</summary>
    public static DateTimeOffset? Updated(IEnumerable<CardView> cards) => cards.Max(c => c.UpdatedAt);
}
