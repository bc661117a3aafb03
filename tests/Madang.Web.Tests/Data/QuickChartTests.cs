using Madang.Data.Datastore;
using Madang.Data.Web;

namespace Madang.Web.Tests.Data;

/// <summary>The preview chart: which column it draws, and that a screen reader is told what it shows.</summary>
public sealed class QuickChartTests
{
    [Fact]
    public void Pick_TakesTheFirstNumericColumn_LabelledByTheFirstOther()
    {
        var pick = QuickChart.Pick([new DatastoreField("_id", "int"), new DatastoreField("date", "date"), new DatastoreField("tested", "int"), new DatastoreField("positive", "int")]);
        Assert.Equal((2, (int?)1), pick);
        Assert.Null(QuickChart.Pick([new DatastoreField("_id", "int"), new DatastoreField("name", "text")]));
    }

    [Fact]
    public void Svg_IsNamedAndDescribed_WithOneBarPerValue_AndNegativeValuesBelowZero()
    {
        var svg = QuickChart.Svg("c1", "tested <per day>", "3 values", [("2020-03-01", 120), ("2020-03-02", -40), ("2020-03-03", 300)]);
        Assert.Contains("role=\"img\" aria-labelledby=\"c1-t c1-d\"", svg, StringComparison.Ordinal);
        Assert.Contains("<title id=\"c1-t\">tested &lt;per day&gt;</title>", svg, StringComparison.Ordinal);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(svg, "<rect "));
        Assert.Contains("<title>2020-03-02: -40</title>", svg, StringComparison.Ordinal);
    }
}
