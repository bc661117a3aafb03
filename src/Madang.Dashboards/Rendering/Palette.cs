using System.Globalization;

namespace Madang.Dashboards.Rendering;

/// <summary>
/// Series colours: a colour-blind-safe set (after Okabe and Ito) darkened until each has 3:1 contrast with white, as
/// WCAG asks of the parts of a chart; each series also has its own marker shape in legends and maps.
/// </summary>
public static class Palette
{
    private static readonly string[] Colours = ["#0072B2", "#C44E00", "#007A5A", "#9E4A86", "#5A5A5A", "#8A6500", "#2B5C8A", "#A23B3B"];
    private static readonly string[] Shapes = ["circle", "square", "triangle", "diamond", "circle", "square", "triangle", "diamond"];

    /// <summary>The colours for <paramref name="count"/> series, led by the region's own colour when it is dark enough.</summary>
    public static IReadOnlyList<string> For(int count, string? regionColour)
    {
        var list = new List<string>();
        if (regionColour is not null && Contrast(regionColour, "#FFFFFF") >= 3)
        {
            list.Add(regionColour.ToUpperInvariant());
        }

        list.AddRange(Colours.Where(c => !list.Contains(c, StringComparer.OrdinalIgnoreCase)));
        return Enumerable.Range(0, count).Select(i => list[i % list.Count]).ToList();
    }

    public static string Shape(int index) => Shapes[index % Shapes.Length];

    /// <summary>The WCAG contrast ratio of two #rrggbb colours (1 to 21).</summary>
    public static double Contrast(string a, string b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static double Luminance(string hex)
    {
        double Channel(int i)
        {
            var c = int.Parse(hex.AsSpan(1 + (2 * i), 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Channel(0)) + (0.7152 * Channel(1)) + (0.0722 * Channel(2));
    }
}
