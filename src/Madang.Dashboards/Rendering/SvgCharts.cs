using System.Globalization;
using System.Net;
using System.Text;

namespace Madang.Dashboards.Rendering;

/// <summary>A series of values a bar chart draws, one per category (null: no value that day).</summary>
public sealed record Series(string Name, string Colour, IReadOnlyList<double?> Values);

/// <summary>A node of a breakdown tree, in depth-first order.</summary>
public sealed record TreeBox(string Label, double? Value, int Depth, string ValueText);

/// <summary>A point of a map card.</summary>
public sealed record MapPoint(double Lat, double Lon, string Label, string Category, int CategoryIndex, string Colour);

/// <summary>
/// Charts as SVG written on the server: named and described for screen readers (<c>role="img"</c>, title, desc),
/// each mark titled with its value, sized by viewBox so they fit a 360 px phone and an A4 page alike.
/// </summary>
public static class SvgCharts
{
    // Axis steps of 1, 2 or 5 times a power of ten: counts are never labelled 2.5.
    private static readonly double[] Steps = [1, 2, 5, 10];

    private const double Width = 640, Height = 300, Left = 64, Right = 16, Top = 16, Bottom = 44;

    /// <summary>Bars per category (grouped, or stacked), with an optional line over them (a 7-day average).</summary>
    public static string Bars(string id, string title, string desc, IReadOnlyList<string> categories, IReadOnlyList<Series> series, bool stacked,
        Series? line, CultureInfo culture)
    {
        var sb = Open(id, title, desc, Height);
        var n = categories.Count;
        double Total(int i) => stacked ? series.Sum(s => Math.Max(0, s.Values[i] ?? 0)) : series.Max(s => s.Values[i] ?? 0);
        var max = Math.Max(n == 0 ? 0 : Enumerable.Range(0, n).Max(Total), line?.Values.Max() ?? 0);
        var min = stacked ? 0 : Math.Min(0, series.SelectMany(s => s.Values).Min() ?? 0);
        var ticks = Ticks(min, max);
        var (lo, hi) = (ticks[0], ticks[^1]);
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double Y(double v) => Top + (plotH * (hi - v) / (hi - lo == 0 ? 1 : hi - lo));

        // Grid and the value axis.
        foreach (var t in ticks)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(Y(t))}\" y2=\"{F(Y(t))}\" class=\"grid\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(Y(t) + 4)}\" text-anchor=\"end\" class=\"tick\">{E(Compact(t, culture))}</text>");
        }

        var slot = n == 0 ? plotW : plotW / n;
        var groups = stacked ? 1 : Math.Max(1, series.Count);
        var barW = Math.Max(0.6, (slot * 0.8) / groups);
        for (var i = 0; i < n; i++)
        {
            var x0 = Left + (slot * i) + (slot * 0.1);
            double baseline = 0;
            for (var s = 0; s < series.Count; s++)
            {
                if (series[s].Values[i] is not { } v)
                {
                    continue;
                }

                var (from, to) = stacked ? (baseline, baseline + Math.Max(0, v)) : (Math.Min(0, v), Math.Max(0, v));
                baseline = stacked ? to : baseline;
                var x = stacked ? x0 : x0 + (barW * s);
                sb.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{F(x)}\" y=\"{F(Y(to))}\" width=\"{F(barW)}\" height=\"{F(Math.Max(0, Y(from) - Y(to)))}\" fill=\"{series[s].Colour}\"><title>{E(categories[i])} {E(series[s].Name)}: {E(Number(v, culture))}</title></rect>");
            }
        }

        if (line is not null)
        {
            var pts = new StringBuilder();
            for (var i = 0; i < n; i++)
            {
                if (line.Values[i] is { } v)
                {
                    pts.Append(pts.Length == 0 ? "M" : " L").Append(F(Left + (slot * (i + 0.5)))).Append(',').Append(F(Y(v)));
                }
            }

            if (pts.Length > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<path d=\"{pts}\" fill=\"none\" stroke=\"{line.Colour}\" stroke-width=\"2.5\" stroke-dasharray=\"6 3\"><title>{E(line.Name)}</title></path>");
            }
        }

        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{F(Y(0))}\" y2=\"{F(Y(0))}\" class=\"axis\"/>");

        // At most eight category labels, evenly spread, the last always shown.
        var every = Math.Max(1, (int)Math.Ceiling(n / 8.0));
        for (var i = 0; i < n; i++)
        {
            if (i % every == 0 || i == n - 1)
            {
                if (i != n - 1 && (n - 1 - i) * slot < 56)
                {
                    continue;
                }

                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left + (slot * (i + 0.5)))}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\" class=\"tick\">{E(Shorten(categories[i], 14))}</text>");
            }
        }

        return sb.Append("</svg>").ToString();
    }

    /// <summary>A breakdown tree as nested rows: each node indented under its parent, a bar for its share of the root.</summary>
    public static string Tree(string id, string title, string desc, IReadOnlyList<TreeBox> nodes, string colour)
    {
        const double row = 34, indent = 28, labelW = 250;
        var h = Math.Max(row, (nodes.Count * row) + 8);
        var sb = Open(id, title, desc, h);
        var root = nodes.Count > 0 ? nodes[0].Value ?? 0 : 0;
        for (var i = 0; i < nodes.Count; i++)
        {
            var nd = nodes[i];
            var y = 4 + (i * row);
            var x = 4 + (nd.Depth * indent);
            if (nd.Depth > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"<path d=\"M{F(x - (indent / 2))},{F(y - 6)} V{F(y + (row / 2) - 2)} H{F(x - 2)}\" class=\"axis\" fill=\"none\"/>");
            }

            var barX = 4 + labelW + 8;
            var barMax = Width - barX - 90;
            var share = root > 0 && nd.Value is { } v ? Math.Clamp(v / root, 0, 1) : 0;
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(Math.Max(0, labelW - x + 4))}\" height=\"{row - 6}\" rx=\"4\" fill=\"#ffffff\" stroke=\"{colour}\" stroke-width=\"{(nd.Depth == 0 ? 2.5 : 1.5).ToString(CultureInfo.InvariantCulture)}\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(x + 8)}\" y=\"{F(y + (row / 2) + 1)}\" class=\"label\">{E(Shorten(nd.Label, 22))}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(barX)}\" y=\"{F(y + 6)}\" width=\"{F(Math.Max(1, barMax * share))}\" height=\"{row - 18}\" fill=\"{colour}\"><title>{E(nd.Label)}: {E(nd.ValueText)}</title></rect>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(barX + (barMax * share) + 6)}\" y=\"{F(y + (row / 2) + 1)}\" class=\"value\">{E(nd.ValueText)}</text>");
        }

        return sb.Append("</svg>").ToString();
    }

    /// <summary>
    /// Points on web-map tiles (Web Mercator, the zoom that fits them); each point's marker shape follows its category,
    /// so categories stay apart without colour.
    /// </summary>
    public static string Map(string id, string title, string desc, IReadOnlyList<MapPoint> points, string tiles, string? attribution)
    {
        const double w = Width, h = 400, pad = 24;
        var sb = Open(id, title, desc, h);
        if (points.Count == 0)
        {
            return sb.Append("</svg>").ToString();
        }

        static (double X, double Y) World(double lat, double lon)
        {
            var s = Math.Sin(Math.Clamp(lat, -85.05, 85.05) * Math.PI / 180);
            return ((lon + 180) / 360, 0.5 - (Math.Log((1 + s) / (1 - s)) / (4 * Math.PI)));
        }

        var world = points.Select(p => World(p.Lat, p.Lon)).ToList();
        var (minX, maxX, minY, maxY) = (world.Min(p => p.X), world.Max(p => p.X), world.Min(p => p.Y), world.Max(p => p.Y));
        var zoom = 18;
        while (zoom > 1 && (((maxX - minX) * 256 * (1 << zoom)) > w - (2 * pad) || ((maxY - minY) * 256 * (1 << zoom)) > h - (2 * pad)))
        {
            zoom--;
        }

        var scale = 256.0 * (1 << zoom);
        var (cx, cy) = ((minX + maxX) / 2 * scale, (minY + maxY) / 2 * scale);
        var (ox, oy) = (cx - (w / 2), cy - (h / 2));
        sb.Append(CultureInfo.InvariantCulture, $"<clipPath id=\"{id}-clip\"><rect width=\"{w}\" height=\"{h}\"/></clipPath><g clip-path=\"url(#{id}-clip)\">");
        for (var tx = (int)Math.Floor(ox / 256); tx <= (int)Math.Floor((ox + w) / 256); tx++)
        {
            for (var ty = (int)Math.Floor(oy / 256); ty <= (int)Math.Floor((oy + h) / 256); ty++)
            {
                if (ty < 0 || ty >= (1 << zoom))
                {
                    continue;
                }

                var wrapped = ((tx % (1 << zoom)) + (1 << zoom)) % (1 << zoom);
                var url = tiles.Replace("{z}", zoom.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("{x}", wrapped.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("{y}", ty.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                sb.Append(CultureInfo.InvariantCulture, $"<image href=\"{E(url)}\" x=\"{F((tx * 256) - ox)}\" y=\"{F((ty * 256) - oy)}\" width=\"256\" height=\"256\"/>");
            }
        }

        for (var i = 0; i < points.Count; i++)
        {
            var (x, y) = ((world[i].X * scale) - ox, (world[i].Y * scale) - oy);
            sb.Append(Marker(x, y, Palette.Shape(points[i].CategoryIndex), points[i].Colour, $"{points[i].Label} ({points[i].Category})"));
        }

        sb.Append("</g>");
        if (!string.IsNullOrWhiteSpace(attribution))
        {
            sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{w - 260}\" y=\"{h - 18}\" width=\"260\" height=\"18\" fill=\"#ffffff\" opacity=\"0.9\"/><text x=\"{w - 4}\" y=\"{h - 5}\" text-anchor=\"end\" class=\"tick\">{E(attribution)}</text>");
        }

        return sb.Append("</svg>").ToString();
    }

    /// <summary>A marker as HTML legends draw it (a small standalone SVG).</summary>
    public static string Swatch(string shape, string colour) =>
        $"<svg class=\"swatch\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" aria-hidden=\"true\" focusable=\"false\">{Marker(8, 8, shape, colour, null)}</svg>";

    private static string Marker(double x, double y, string shape, string colour, string? label)
    {
        var t = label is null ? string.Empty : $"<title>{E(label)}</title>";
        var c = $"fill=\"{colour}\" stroke=\"#ffffff\" stroke-width=\"1.5\"";
        return shape switch
        {
            "square" => string.Create(CultureInfo.InvariantCulture, $"<rect x=\"{F(x - 6)}\" y=\"{F(y - 6)}\" width=\"12\" height=\"12\" {c}>{t}</rect>"),
            "triangle" => string.Create(CultureInfo.InvariantCulture, $"<path d=\"M{F(x)},{F(y - 7)} L{F(x + 7)},{F(y + 6)} L{F(x - 7)},{F(y + 6)} Z\" {c}>{t}</path>"),
            "diamond" => string.Create(CultureInfo.InvariantCulture, $"<path d=\"M{F(x)},{F(y - 7)} L{F(x + 7)},{F(y)} L{F(x)},{F(y + 7)} L{F(x - 7)},{F(y)} Z\" {c}>{t}</path>"),
            _ => string.Create(CultureInfo.InvariantCulture, $"<circle cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"6.5\" {c}>{t}</circle>"),
        };
    }

    private static StringBuilder Open(string id, string title, string desc, double height) => new StringBuilder()
        .Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {F(height)}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xmlns=\"http://www.w3.org/2000/svg\">")
        .Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-t\">{E(title)}</title><desc id=\"{id}-d\">{E(desc)}</desc>");

    /// <summary>Round steps (1, 2, 5 × 10ⁿ) from at most <paramref name="min"/> to at least <paramref name="max"/>.</summary>
    internal static IReadOnlyList<double> Ticks(double min, double max)
    {
        if (max <= min)
        {
            max = min + 1;
        }

        var raw = (max - min) / 5;
        var mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = Steps.Select(m => m * mag).First(s => s >= raw);
        var start = Math.Floor(min / step) * step;
        var list = new List<double>();
        for (var v = start; v < max + (step * 0.999); v += step)
        {
            list.Add(Math.Round(v, 10));
        }

        return list;
    }

    public static string Number(double v, CultureInfo culture) =>
        v.ToString(Math.Abs(v % 1) < 1e-9 ? "N0" : "N1", culture);

    private static string Compact(double v, CultureInfo culture) =>
        Math.Abs(v) >= 1_000_000 ? (v / 1_000_000).ToString("0.#", culture) + "M"
        : Math.Abs(v) >= 10_000 ? (v / 1_000).ToString("0.#", culture) + "k"
        : Number(v, culture);

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
