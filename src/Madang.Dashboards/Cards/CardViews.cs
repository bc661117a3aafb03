using System.Globalization;
using Madang.Core.Localization;
using Madang.Dashboards.Definition;
using Madang.Dashboards.Rendering;

namespace Madang.Dashboards.Cards;

/// <summary>Turns a card's definition and its rows into what a page shows in one language (<see cref="CardView"/>).</summary>
public sealed class CardViews(TextCatalog text)
{
    /// <summary>Rows a table card shows at most; downloads of the dataset give the rest.</summary>
    public const int TableRows = 1_000;

    public CardView Build(CardDefinition card, RegionDefinition region, SourceTable? table, SourceProblem? problem, string culture, CardMode mode = CardMode.Daily)
    {
        var ctx = new Ctx(card, region, culture, text);
        var empty = new CardView(card, card.Title.Get(culture), card.Description?.Get(culture), card.Notes?.Get(culture), card.Unit?.Get(culture),
            null, null, TableView.Empty, [], null, table?.UpdatedAt, null, table?.DatasetName, table?.DatasetTitle.Get(culture), mode);
        if (table is null)
        {
            return empty with { Problem = text.Get(culture, problem?.Key ?? "dashboards.problem.resource", problem?.Argument ?? card.Source.Dataset) };
        }

        var missing = Needed(card).FirstOrDefault(c => table.Column(c) < 0);
        if (missing is not null)
        {
            return empty with { Problem = text.Get(culture, "dashboards.problem.column", missing, card.Source.Dataset) };
        }

        return card.Kind switch
        {
            CardKind.Number => Number(ctx, table, empty),
            CardKind.TimeSeries => TimeSeries(ctx, table, empty, mode),
            CardKind.Bars or CardKind.Stacked => Bars(ctx, table, empty),
            CardKind.Tree => Tree(ctx, table, empty),
            CardKind.Map => Map(ctx, table, empty),
            _ => Table(ctx, table, empty),
        };
    }

    private static IEnumerable<string> Needed(CardDefinition c) =>
        new[] { c.X, c.Parent, c.Lat, c.Lon, c.Label, c.Category }.Concat(c.Y).Concat(c.Kind == CardKind.Table ? c.Columns ?? [] : [])
            .Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!);

    /// <summary>What every builder needs: the card, its language and the culture's formats.</summary>
    private sealed record Ctx(CardDefinition Card, RegionDefinition Region, string Culture, TextCatalog Text)
    {
        public CultureInfo Format { get; } = CultureInfo.GetCultureInfo(Culture);

        public string T(string key, params object?[] args) => Text.Get(Culture, key, args);

        /// <summary>A column name or category value as the card translates it.</summary>
        public string Label(string name) => Card.Labels is { } l && l.TryGetValue(name, out var t) && t.Get(Culture) is { Length: > 0 } s ? s : name;

        public string Num(double v) => SvgCharts.Number(v, Format);

        public string Date(DateOnly d) => d.ToString("d", Format);

        public string Short(DateOnly d) => d.ToString(Culture == "en" ? "MMM d" : Format.DateTimeFormat.MonthDayPattern, Format);

        public string Cell(object? v) => v switch
        {
            null => string.Empty,
            DateOnly d => Date(d),
            DateTimeOffset t => t.ToString("g", Format),
            DateTime t => t.ToString("g", Format),
            bool b => T(b ? "dashboards.yes" : "dashboards.no"),
            string s => Label(s),
            IConvertible c when Numeric(v) is { } n => Num(n),
            _ => Label(Convert.ToString(v, CultureInfo.InvariantCulture) ?? string.Empty),
        };

        public string Id => "c-" + Card.Slug;

        /// <summary>A cell of a named column: a year is written as a year (2023), not as a quantity (2,023).</summary>
        public string CellIn(string column, object? v) =>
            IsYear(column) && Numeric(v) is { } n && n % 1 == 0 ? n.ToString("0", CultureInfo.InvariantCulture) : Cell(v);

        public static bool IsYear(string column) =>
            column.Contains("year", StringComparison.OrdinalIgnoreCase) || column.Contains('年', StringComparison.Ordinal)
            || column.Contains("연도", StringComparison.Ordinal) || column.Contains("년도", StringComparison.Ordinal);
    }

    private static double? Numeric(object? v) => v switch
    {
        null => null,
        long l => l,
        int i => i,
        decimal m => (double)m,
        double d when double.IsFinite(d) => d,
        float f => f,
        string s when double.TryParse(s.Trim().Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    private static DateOnly? AsDate(object? v) => v switch
    {
        DateOnly d => d,
        DateTimeOffset t => DateOnly.FromDateTime(t.UtcDateTime),
        DateTime t => DateOnly.FromDateTime(t),
        string s when DateOnly.TryParse(s, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    /// <summary>Rows ordered by their date in <paramref name="x"/> (rows without one dropped), for number and time series cards.</summary>
    private static List<(DateOnly Date, double? Value, object?[] Row)> ByDate(SourceTable t, string x, string y)
    {
        var (xi, yi) = (t.Column(x), t.Column(y));
        return t.Rows.Select(r => (Date: AsDate(r[xi]), Value: Numeric(r[yi]), Row: r)).Where(r => r.Date is not null)
            .Select(r => (r.Date!.Value, r.Value, r.Row)).OrderBy(r => r.Item1).ToList();
    }

    private static CardView Number(Ctx c, SourceTable t, CardView view)
    {
        var rows = ByDate(t, c.Card.X!, c.Card.Y[0]).Where(r => r.Value is not null).ToList();
        if (rows.Count == 0)
        {
            return view with { Problem = c.T("dashboards.problem.norows") };
        }

        var last = rows[^1];
        var prev = rows.Count > 1 ? rows[^2] : default;
        var change = rows.Count > 1 ? last.Value!.Value - prev.Value!.Value : (double?)null;
        var number = new NumberView(c.Num(last.Value!.Value), c.Date(last.Date),
            change is { } ch ? (ch > 0 ? "+" : ch < 0 ? "−" : "±") + c.Num(Math.Abs(ch)) : null,
            rows.Count > 1 ? c.Date(prev.Date) : null, Math.Sign(change ?? 0));
        var shown = rows.TakeLast(7).Reverse().ToList();
        var table = new TableView([c.Label(c.Card.X!), c.Label(c.Card.Y[0])], [c.Card.X!, c.Card.Y[0]], [false, true],
            shown.Select(r => new[] { c.Date(r.Date), c.Num(r.Value!.Value) }).ToList(),
            shown.Select(r => new object?[] { r.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Value }).ToList());
        return view with { Number = number, Table = table, DataThrough = c.Date(last.Date) };
    }

    private static CardView TimeSeries(Ctx c, SourceTable t, CardView view, CardMode mode)
    {
        var rows = ByDate(t, c.Card.X!, c.Card.Y[0]);
        if (rows.Count == 0)
        {
            return view with { Problem = c.T("dashboards.problem.norows") };
        }

        var daily = rows.Select(r => r.Value).ToList();
        var cumulative = new List<double?>();
        double sum = 0;
        foreach (var v in daily)
        {
            sum += v ?? 0;
            cumulative.Add(sum);
        }

        // Tokyo's average: the mean of the day and the six before it, shown from the seventh day.
        var average = daily.Select((_, i) => i < 6 ? null : (double?)daily.Skip(i - 6).Take(7).Average(v => v ?? 0)).ToList();
        var colours = Palette.For(2, c.Region.Colour);
        var name = c.Label(c.Card.Y[0]);
        var dates = rows.Select(r => c.Short(r.Date)).ToList();
        var cumulativeMode = mode == CardMode.Cumulative;
        var series = new Series(cumulativeMode ? c.T("dashboards.cumulative", name) : name, colours[0], cumulativeMode ? cumulative : daily);
        var line = cumulativeMode ? null : new Series(c.T("dashboards.average7"), "#222222", average);
        var max = daily.Select((v, i) => (v, i)).Where(p => p.v is not null).MaxBy(p => p.v!.Value);
        var desc = c.T("dashboards.desc.series", rows.Count, c.Date(rows[0].Date), c.Date(rows[^1].Date),
            c.Num(daily[^1] ?? 0), c.Num(cumulative[^1] ?? 0), c.Num(max.v ?? 0), c.Date(rows[max.i].Date));
        var svg = SvgCharts.Bars(c.Id, view.Title, desc, dates, [series], stacked: false, line, c.Format);
        var legend = new List<LegendItem> { new(series.Name, series.Colour, "square") };
        if (line is not null)
        {
            legend.Add(new LegendItem(line.Name, line.Colour, "line"));
        }

        // Newest first: the row a reader looks for is today's.
        var order = Enumerable.Range(0, rows.Count).Reverse().ToList();
        var table = new TableView(
            [c.Label(c.Card.X!), name, c.T("dashboards.average7"), c.T("dashboards.cumulative", name)],
            [c.Card.X!, c.Card.Y[0], "average_7d", "cumulative"], [false, true, true, true],
            order.Select(i => new[] { c.Date(rows[i].Date), daily[i] is { } d ? c.Num(d) : string.Empty, average[i] is { } a ? c.Num(Math.Round(a, 1)) : string.Empty, c.Num(cumulative[i]!.Value) }).ToList(),
            order.Select(i => new object?[] { rows[i].Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), daily[i], average[i] is { } a ? Math.Round(a, 2) : null, cumulative[i] }).ToList());
        return view with { Svg = svg, Table = table, Legend = legend, DataThrough = c.Date(rows[^1].Date) };
    }

    private static CardView Bars(Ctx c, SourceTable t, CardView view)
    {
        var xi = t.Column(c.Card.X);
        var yis = c.Card.Y.Select(t.Column).ToList();
        var rows = t.Rows.Take(200).ToList();
        if (rows.Count == 0)
        {
            return view with { Problem = c.T("dashboards.problem.norows") };
        }

        var dated = rows.All(r => AsDate(r[xi]) is not null);
        if (dated)
        {
            rows = rows.OrderBy(r => AsDate(r[xi])).ToList();
        }

        var categories = rows.Select(r => dated ? c.Short(AsDate(r[xi])!.Value) : c.Cell(r[xi])).ToList();
        var colours = Palette.For(yis.Count, c.Region.Colour);
        var series = yis.Select((yi, s) => new Series(c.Label(c.Card.Y[s]), colours[s], rows.Select(r => Numeric(r[yi])).ToList())).ToList();
        var stacked = c.Card.Kind == CardKind.Stacked;
        var totals = rows.Select((_, i) => series.Sum(s => s.Values[i] ?? 0)).ToList();
        var top = totals.Select((v, i) => (v, i)).MaxBy(p => p.v);
        var desc = c.T("dashboards.desc.bars", rows.Count, string.Join(", ", series.Select(s => s.Name)), categories[top.i], c.Num(top.v));
        var svg = SvgCharts.Bars(c.Id, view.Title, desc, categories, series, stacked, null, c.Format);
        var headers = new List<string> { c.Label(c.Card.X!) };
        headers.AddRange(series.Select(s => s.Name));
        var keys = new List<string> { c.Card.X! };
        keys.AddRange(c.Card.Y);
        if (stacked && series.Count > 1)
        {
            headers.Add(c.T("dashboards.total"));
            keys.Add("total");
        }

        var cells = rows.Select((r, i) =>
        {
            var row = new List<string> { dated ? c.Date(AsDate(r[xi])!.Value) : c.Cell(r[xi]) };
            row.AddRange(series.Select(s => s.Values[i] is { } v ? c.Num(v) : string.Empty));
            if (stacked && series.Count > 1)
            {
                row.Add(c.Num(totals[i]));
            }

            return row.ToArray();
        }).ToList();
        var raw = rows.Select((r, i) =>
        {
            var row = new List<object?> { dated ? AsDate(r[xi])!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : r[xi] };
            row.AddRange(series.Select(s => (object?)s.Values[i]));
            if (stacked && series.Count > 1)
            {
                row.Add(totals[i]);
            }

            return row.ToArray();
        }).ToList();
        var table = new TableView(headers, keys, headers.Select((_, i) => i > 0).ToList(), cells, raw);
        var legend = series.Select(s => new LegendItem(s.Name, s.Colour, "square")).ToList();
        return view with { Svg = svg, Table = table, Legend = legend, DataThrough = dated ? c.Date(rows.Max(r => AsDate(r[xi])!.Value)) : null };
    }

    private static CardView Tree(Ctx c, SourceTable t, CardView view)
    {
        var (ni, pi, vi) = (t.Column(c.Card.X), t.Column(c.Card.Parent), t.Column(c.Card.Y[0]));
        var nodes = t.Rows.Select(r => (Node: Convert.ToString(r[ni], CultureInfo.InvariantCulture) ?? string.Empty,
            Parent: Convert.ToString(r[pi], CultureInfo.InvariantCulture) ?? string.Empty, Value: Numeric(r[vi]))).ToList();
        var children = nodes.ToLookup(n => n.Parent, StringComparer.Ordinal);
        var names = nodes.Select(n => n.Node).ToHashSet(StringComparer.Ordinal);
        var ordered = new List<(string Node, double? Value, int Depth, double? ParentValue)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Walk(string parent, int depth, double? parentValue)
        {
            foreach (var n in children[parent])
            {
                // A node listed twice, or a cycle, is drawn once.
                if (depth > 12 || !seen.Add(n.Node))
                {
                    continue;
                }

                ordered.Add((n.Node, n.Value, depth, parentValue));
                Walk(n.Node, depth + 1, n.Value);
            }
        }

        foreach (var root in nodes.Where(n => n.Parent.Length == 0 || !names.Contains(n.Parent)).Select(n => n.Parent).Distinct(StringComparer.Ordinal))
        {
            Walk(root, 0, null);
        }

        if (ordered.Count == 0)
        {
            return view with { Problem = c.T("dashboards.problem.norows") };
        }

        var colour = Palette.For(1, c.Region.Colour)[0];
        var unit = view.Unit is { Length: > 0 } u ? " " + u : string.Empty;
        var boxes = ordered.Select(n => new TreeBox(c.Label(n.Node), n.Value, n.Depth, (n.Value is { } v ? c.Num(v) : "—") + unit)).ToList();
        var desc = string.Join("; ", boxes.Select(b => new string('›', b.Depth) + (b.Depth > 0 ? " " : string.Empty) + b.Label + ": " + b.ValueText));
        var svg = SvgCharts.Tree(c.Id, view.Title, desc, boxes, colour);
        string Share(double? v, double? p) => v is { } a && p is { } b && b > 0 ? (a / b).ToString("P1", c.Format) : string.Empty;
        var table = new TableView(
            [c.T("dashboards.item"), c.T("dashboards.within"), c.Label(c.Card.Y[0]), c.T("dashboards.share")],
            [c.Card.X!, c.Card.Parent!, c.Card.Y[0], "share_of_parent"], [false, false, true, true],
            ordered.Select(n => new[] { c.Label(n.Node), nodes.First(x => x.Node == n.Node).Parent is { Length: > 0 } p ? c.Label(p) : string.Empty, n.Value is { } v ? c.Num(v) : string.Empty, Share(n.Value, n.ParentValue) }).ToList(),
            ordered.Select(n => new object?[] { n.Node, nodes.First(x => x.Node == n.Node).Parent, n.Value, n.Value is { } a && n.ParentValue is { } b && b > 0 ? Math.Round(a / b, 4) : null }).ToList());
        return view with { Svg = svg, Table = table };
    }

    private static CardView Map(Ctx c, SourceTable t, CardView view)
    {
        var (lat, lon) = (t.Column(c.Card.Lat), t.Column(c.Card.Lon));
        var (li, ci) = (t.Column(c.Card.Label), t.Column(c.Card.Category));
        var rows = t.Rows.Select(r => (Lat: Numeric(r[lat]), Lon: Numeric(r[lon]), Label: li >= 0 ? c.Cell(r[li]) : string.Empty,
                Category: ci >= 0 ? Convert.ToString(r[ci], CultureInfo.InvariantCulture) ?? string.Empty : string.Empty, Row: r))
            .Where(r => r.Lat is >= -90 and <= 90 && r.Lon is >= -180 and <= 180).Take(TableRows).ToList();
        if (rows.Count == 0)
        {
            return view with { Problem = c.T("dashboards.problem.norows") };
        }

        var categories = rows.Select(r => r.Category).Distinct(StringComparer.Ordinal).ToList();
        var colours = Palette.For(categories.Count, c.Region.Colour);
        var legend = categories.Select((k, i) => new LegendItem(k.Length == 0 ? c.T("dashboards.uncategorised") : c.Label(k), colours[i], Palette.Shape(i))).ToList();
        string? svg = null;
        if (c.Region.Tiles is { } tiles)
        {
            var points = rows.Select(r => new MapPoint(r.Lat!.Value, r.Lon!.Value, r.Label, c.Label(r.Category), categories.IndexOf(r.Category), colours[categories.IndexOf(r.Category)])).ToList();
            var desc = c.T("dashboards.desc.map", rows.Count, string.Join(", ", legend.Select(l => l.Label + " " + rows.Count(r => (r.Category.Length == 0 ? c.T("dashboards.uncategorised") : c.Label(r.Category)) == l.Label))));
            svg = SvgCharts.Map(c.Id, view.Title, desc, points, tiles, c.Region.TilesAttribution);
        }

        var headers = new List<string>();
        var keys = new List<string>();
        if (li >= 0)
        {
            headers.Add(c.Label(c.Card.Label!));
            keys.Add(c.Card.Label!);
        }

        if (ci >= 0)
        {
            headers.Add(c.Label(c.Card.Category!));
            keys.Add(c.Card.Category!);
        }

        headers.AddRange([c.Label(c.Card.Lat!), c.Label(c.Card.Lon!)]);
        keys.AddRange([c.Card.Lat!, c.Card.Lon!]);
        var cells = rows.Select(r => (li >= 0 ? [r.Label] : Array.Empty<string>()).Concat(ci >= 0 ? [c.Label(r.Category)] : [])
            .Concat([r.Lat!.Value.ToString("0.00000", c.Format), r.Lon!.Value.ToString("0.00000", c.Format)]).ToArray()).ToList();
        var raw = rows.Select(r => (li >= 0 ? [r.Row[li]] : Array.Empty<object?>()).Concat(ci >= 0 ? [r.Category] : [])
            .Concat([r.Lat, r.Lon]).ToArray()).ToList();
        var table = new TableView(headers, keys, headers.Select((_, i) => i >= headers.Count - 2).ToList(), cells, raw);
        return view with { Svg = svg, Table = table, Legend = legend };
    }

    private static CardView Table(Ctx c, SourceTable t, CardView view)
    {
        var columns = c.Card.Columns is { Count: > 0 } cols ? cols : t.Fields.Select(f => f.Id).ToList();
        var idx = columns.Select(t.Column).ToList();
        var rows = t.Rows.Take(TableRows).ToList();
        var numeric = idx.Select(i => t.Fields[i].Type is "int" or "numeric" or "float" or "integer" or "number").ToList();
        // Years are labels, not quantities: left-aligned with the text.
        numeric = numeric.Select((n, k) => n && !Ctx.IsYear(columns[k])).ToList();
        var table = new TableView(columns.Select(c.Label).ToList(), columns, numeric,
            rows.Select(r => idx.Select((i, k) => c.CellIn(columns[k], r[i])).ToArray()).ToList(),
            rows.Select(r => idx.Select(i => r[i] switch
            {
                DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateTimeOffset x => x.ToString("O", CultureInfo.InvariantCulture),
                var v => v,
            }).ToArray()).ToList());
        return view with { Table = table };
    }
}
