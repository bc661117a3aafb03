using Madang.Dashboards.Cards;
using Madang.Dashboards.Definition;
using Madang.Dashboards.Rendering;

namespace Madang.Web.Tests.Dashboards;

/// <summary>The link-preview picture: a chart's bars drawn as one path per colour keep every bar where the page has it.</summary>
public sealed class OpenGraphImageTests
{
    [Fact]
    public void MergedBars_KeepEveryBar_InOnePathPerColour_BeforeTheAverageLine()
    {
        var categories = Enumerable.Range(1, 30).Select(i => "3/" + i).ToList();
        var values = Enumerable.Range(1, 30).Select(i => (double?)(i % 7)).ToList();
        var svg = SvgCharts.Bars("c-x", "t", "d", categories, [new Series("a", "#0072B2", values), new Series("b", "#C44E00", values)], stacked: true,
            new Series("avg", "#222222", values), System.Globalization.CultureInfo.InvariantCulture);
        var rects = System.Text.RegularExpressions.Regex.Count(svg, "<rect ");
        var merged = OpenGraphImage.MergeBars(System.Text.RegularExpressions.Regex.Replace(svg, "<title>[^<]*</title>", string.Empty));
        Assert.Equal(0, System.Text.RegularExpressions.Regex.Count(merged, "<rect "));
        Assert.Equal(rects, System.Text.RegularExpressions.Regex.Count(merged, "z"));
        Assert.Contains("fill=\"#0072B2\"", merged, StringComparison.Ordinal);
        Assert.Contains("fill=\"#C44E00\"", merged, StringComparison.Ordinal);
        Assert.True(merged.IndexOf("fill=\"#0072B2\"", StringComparison.Ordinal) < merged.IndexOf("stroke-dasharray", StringComparison.Ordinal));

        var view = new CardView(new CardDefinition { Slug = "x" }, "日別陽性者数", null, null, null, svg, null, TableView.Empty, [], null, null, null, null, null, CardMode.Daily);
        var png = OpenGraphImage.Png(view, "東京都", "#0b5394", "footer");
        Assert.Equal(1200, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        if (Environment.GetEnvironmentVariable("MADANG_SAVE_PREVIEW") is { Length: > 0 } path)
        {
            File.WriteAllBytes(path, png);
        }
    }
}
