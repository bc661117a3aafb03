using System.Globalization;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.Extensions.Options;

namespace Madang.Core.Web;

/// <summary>
/// Map settings (<c>Madang:Map</c>): the tile server a city chooses (its own, or a provider it has terms with). Without
/// a tile URL no map is drawn and every place list stands alone, so nothing depends on a third party by default.
/// </summary>
public sealed class MapOptions
{
    /// <summary>A tile URL template such as <c>https://tile.example.org/{z}/{x}/{y}.png</c>; empty: no maps.</summary>
    public string? TileUrl { get; set; }

    /// <summary>The attribution the tile provider's licence asks for (e.g. "© OpenStreetMap contributors").</summary>
    public string Attribution { get; set; } = string.Empty;

    /// <summary>Where a map opens before anything is placed on it: Seoul City Hall by default.</summary>
    public double Latitude { get; set; } = 37.5663;

    public double Longitude { get; set; } = 126.9779;

    public int Zoom { get; set; } = 12;

    public bool Enabled => !string.IsNullOrWhiteSpace(TileUrl);
}

/// <summary>
/// <c>&lt;place-map points="list-id" pick="Latitude,Longitude" label="…"&gt;</c>: a map of the places in a list (each
/// <c>li</c> with <c>data-lat</c> and <c>data-long</c>), or a map to pick a point into two fields. It enhances what is
/// already on the page: the list and the fields work without it, and it renders nothing when no tile server is set.
/// </summary>
[HtmlTargetElement("place-map", TagStructure = TagStructure.WithoutEndTag)]
public sealed class PlaceMapTagHelper(IOptions<MapOptions> options) : TagHelper
{
    /// <summary>The id of the list whose items are drawn as markers.</summary>
    public string? Points { get; set; }

    /// <summary>The ids of the latitude and longitude fields a click fills in, comma-separated.</summary>
    public string? Pick { get; set; }

    /// <summary>The map's accessible name.</summary>
    public required string Label { get; set; }

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var map = options.Value;
        if (!map.Enabled)
        {
            output.SuppressOutput();
            return;
        }

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "place-map");
        output.Attributes.SetAttribute("role", "region");
        output.Attributes.SetAttribute("aria-label", Label);
        output.Attributes.SetAttribute("data-tiles", map.TileUrl);
        output.Attributes.SetAttribute("data-attribution", map.Attribution);
        output.Attributes.SetAttribute("data-center", string.Create(CultureInfo.InvariantCulture, $"{map.Latitude},{map.Longitude},{map.Zoom}"));
        if (Points is not null)
        {
            output.Attributes.SetAttribute("data-points", Points);
        }

        if (Pick is not null)
        {
            output.Attributes.SetAttribute("data-pick", Pick);
        }

        output.PostElement.AppendHtml("<link rel=\"stylesheet\" href=\"/lib/leaflet/leaflet.css\"><script src=\"/lib/leaflet/leaflet.js\" defer></script><script src=\"/js/place-map.js\" defer></script>");
    }
}
