namespace Madang.Dashboards.Definition;

/// <summary>
/// A region and its dashboards as one portable file (JSON or YAML): what the admin pages edit, what export writes and
/// import reads, so that a neighbouring region starts from a copy.
/// </summary>
public sealed class RegionFile
{
    /// <summary>The file format and its version; a reader refuses a format it does not know.</summary>
    public string Format { get; set; } = CurrentFormat;

    public RegionDefinition Region { get; set; } = new();

    public List<DashboardDefinition> Dashboards { get; set; } = [];

    public const string CurrentFormat = "madang.dashboards/1";
}

/// <summary>A region (Tokyo, Hokkaido …): its name, colours, logo, languages and map tiles.</summary>
public sealed class RegionDefinition
{
    /// <summary>The region's path segment: <c>/r/{slug}/</c>.</summary>
    public string Slug { get; set; } = string.Empty;

    public Text Name { get; set; } = new();

    public Text? Description { get; set; }

    /// <summary>The main colour (headings, the first series) as #rrggbb; the palette's other colours follow it.</summary>
    public string? Colour { get; set; }

    /// <summary>A logo image URL (site-relative or absolute), shown beside the region's name.</summary>
    public string? Logo { get; set; }

    /// <summary>The languages the region is published in (all five when empty); others fall back to the first.</summary>
    public List<string>? Languages { get; set; }

    /// <summary>A tile server URL template (<c>https://…/{z}/{x}/{y}.png</c>) for map cards; without one they show a list.</summary>
    public string? Tiles { get; set; }

    /// <summary>The attribution the tile server asks for, shown under each map.</summary>
    public string? TilesAttribution { get; set; }

    /// <summary>Whether this region is the whole site: its first dashboard is the dashboards home.</summary>
    public bool Site { get; set; }
}

/// <summary>An ordered set of cards under one title.</summary>
public sealed class DashboardDefinition
{
    public string Slug { get; set; } = string.Empty;

    public Text Title { get; set; } = new();

    public Text? Description { get; set; }

    public List<CardDefinition> Cards { get; set; } = [];
}

/// <summary>What a card draws (written in files as number, time-series, bars, stacked, table, tree, map).</summary>
public enum CardKind
{
    /// <summary>The latest value of <c>y</c> (by <c>x</c>, a date) and its change since the previous row.</summary>
    Number,

    /// <summary>Daily bars of <c>y</c> over the dates in <c>x</c>, with a 7-day average line and a cumulative view.</summary>
    TimeSeries,

    /// <summary>One bar per row: <c>x</c> the category, each <c>y</c> a series side by side.</summary>
    Bars,

    /// <summary>Bars with the <c>y</c> columns stacked.</summary>
    Stacked,

    /// <summary>The rows themselves, in <c>columns</c> (all when empty).</summary>
    Table,

    /// <summary>A breakdown tree: <c>x</c> the node, <c>parent</c> its parent node, <c>y</c> its value.</summary>
    Tree,

    /// <summary>Points from <c>lat</c>/<c>lon</c>, coloured by <c>category</c>, named by <c>label</c>.</summary>
    Map,
}

/// <summary>One card: its kind, texts, the datastore resource it reads and the columns it uses.</summary>
public sealed class CardDefinition
{
    /// <summary>The card's own page: <c>…/cards/{slug}</c>.</summary>
    public string Slug { get; set; } = string.Empty;

    public CardKind Kind { get; set; }

    public Text Title { get; set; } = new();

    public Text? Description { get; set; }

    /// <summary>Notes under the chart: caveats, definitions, corrections.</summary>
    public Text? Notes { get; set; }

    public SourceReference Source { get; set; } = new();

    /// <summary>The date or category column (the node column of a tree).</summary>
    public string? X { get; set; }

    /// <summary>The value columns.</summary>
    public List<string> Y { get; set; } = [];

    /// <summary>A tree's parent column.</summary>
    public string? Parent { get; set; }

    public string? Lat { get; set; }

    public string? Lon { get; set; }

    /// <summary>A map point's name column.</summary>
    public string? Label { get; set; }

    /// <summary>A map point's category column.</summary>
    public string? Category { get; set; }

    /// <summary>A table's columns, in order (all when empty).</summary>
    public List<string>? Columns { get; set; }

    /// <summary>The unit of the values (persons, cases …), in the five languages.</summary>
    public Text? Unit { get; set; }

    /// <summary>Translations of column names and category values, keyed by the name or value as the data holds it.</summary>
    public Dictionary<string, Text>? Labels { get; set; }

    /// <summary>A time series opens on its cumulative view.</summary>
    public bool Cumulative { get; set; }
}

/// <summary>The catalogue resource a card reads: a dataset by name and its resource by position (1 the first).</summary>
public sealed class SourceReference
{
    public string Dataset { get; set; } = string.Empty;

    public int Resource { get; set; } = 1;
}

/// <summary>A text by language code (ko, ja, en, zh-Hans, zh-Hant), with the fallbacks <see cref="Madang.Core.Localization.LocalizedText"/> uses.</summary>
public sealed class Text : Dictionary<string, string>
{
    public Text()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }

    public Text(IDictionary<string, string> values)
        : base(values, StringComparer.OrdinalIgnoreCase)
    {
    }

    /// <summary>The text in <paramref name="culture"/>, else the nearest written one.</summary>
    public string Get(string culture) => ToLocalized().Get(culture);

    /// <summary>The kernel's form of the text (its five languages; other keys are dropped), with its fallbacks.</summary>
    public Madang.Core.Localization.LocalizedText ToLocalized()
    {
        var l = new Madang.Core.Localization.LocalizedText();
        foreach (var culture in Madang.Core.Localization.SiteCultures.All)
        {
            if (TryGetValue(culture, out var v))
            {
                l[culture] = v;
            }
        }

        return l;
    }

    /// <summary>A text written the same in every language (a number, a proper name).</summary>
    public static Text Same(string value) => new() { ["ko"] = value, ["ja"] = value, ["en"] = value, ["zh-Hans"] = value, ["zh-Hant"] = value };

    public static Text Of(string ko, string ja, string en, string zhHans, string zhHant) =>
        new() { ["ko"] = ko, ["ja"] = ja, ["en"] = en, ["zh-Hans"] = zhHans, ["zh-Hant"] = zhHant };
}
