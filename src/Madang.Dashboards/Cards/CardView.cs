using Madang.Dashboards.Definition;

namespace Madang.Dashboards.Cards;

/// <summary>One card as a page shows it, in one language: texts, the chart, the figure it leads with and its table.</summary>
/// <param name="Svg">The chart as accessible SVG; null for a table card, a map without tiles, or a card with a problem.</param>
/// <param name="Problem">Why the card shows nothing (its dataset is missing, a column is gone …), already in the page's language.</param>
/// <param name="DataThrough">The last date the data covers, formatted, when the card has dates.</param>
public sealed record CardView(
    CardDefinition Card,
    string Title,
    string? Description,
    string? Notes,
    string? Unit,
    string? Svg,
    NumberView? Number,
    TableView Table,
    IReadOnlyList<LegendItem> Legend,
    string? Problem,
    DateTimeOffset? UpdatedAt,
    string? DataThrough,
    string? DatasetName,
    string? DatasetTitle,
    CardMode Mode)
{
    public string Id => "card-" + Card.Slug;
}

/// <summary>A time series' two views: per day, or added up.</summary>
public enum CardMode
{
    Daily,
    Cumulative,
}

/// <summary>A number card's figures: the latest value, the one before, and the change, formatted.</summary>
public sealed record NumberView(string Value, string? Date, string? Change, string? PreviousDate, int Direction);

/// <summary>The rows a card shows, as the reader sees them (<see cref="Cells"/>) and as downloads give them (<see cref="Raw"/>).</summary>
/// <param name="Numeric">Per column: right-aligned, a number.</param>
/// <param name="Keys">Per column: the name in the data, or a derived name (average_7d, cumulative, level …) for downloads.</param>
public sealed record TableView(IReadOnlyList<string> Headers, IReadOnlyList<string> Keys, IReadOnlyList<bool> Numeric, IReadOnlyList<string[]> Cells, IReadOnlyList<object?[]> Raw)
{
    public static readonly TableView Empty = new([], [], [], [], []);
}

/// <summary>A series or category and how the chart draws it: colour and marker shape, so it never rests on colour alone.</summary>
public sealed record LegendItem(string Label, string Colour, string Shape);
