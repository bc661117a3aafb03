using System.Globalization;
using System.Net;
using System.Text;
using Madang.Data.Datastore;

namespace Madang.Data.Web;

/// <summary>A bar chart of one numeric column of a datastore preview, drawn on the server as SVG (no script needed).</summary>
public static class QuickChart
{
    private const int Width = 640;
    private const int Height = 240;
    private const int Left = 56;
    private const int Bottom = 28;
    private const int Top = 12;

    /// <summary>The first numeric column (not <c>_id</c>) and the column to label bars with (first non-numeric), or null.</summary>
    public static (int Value, int? Label)? Pick(IReadOnlyList<DatastoreField> fields)
    {
        var value = -1;
        int? label = null;
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Id == "_id")
            {
                continue;
            }

            var numeric = fields[i].Type is "int" or "int4" or "int8" or "integer" or "numeric" or "float8" or "number";
            if (numeric && value < 0)
            {
                value = i;
            }
            else if (!numeric && label is null)
            {
                label = i;
            }
        }

        return value < 0 ? null : (value, label);
    }

    public static double? Number(object? v) => v switch
    {
        null => null,
        double d => d,
        float f => f,
        decimal m => (double)m,
        long l => l,
        int i => i,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) => p,
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Number } j => j.GetDouble(),
        _ => null,
    };

    public static string Text(object? v) => v switch
    {
        null => string.Empty,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Text.Json.JsonElement j => j.ValueKind == System.Text.Json.JsonValueKind.String ? j.GetString() ?? string.Empty : j.ToString(),
        _ => v.ToString() ?? string.Empty,
    };

    /// <summary>The SVG markup; <paramref name="title"/> and <paramref name="desc"/> name it for screen readers.</summary>
    public static string Svg(string id, string title, string desc, IReadOnlyList<(string Label, double Value)> bars)
    {
        var max = Math.Max(bars.Count == 0 ? 0 : bars.Max(b => b.Value), 0);
        var min = Math.Min(bars.Count == 0 ? 0 : bars.Min(b => b.Value), 0);
        var span = max - min == 0 ? 1 : max - min;
        var plotH = Height - Top - Bottom;
        var plotW = Width - Left - 8;
        double Y(double v) => Top + ((max - v) / span * plotH);
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"<svg class=\"quick-chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.Append(inv, $"<title id=\"{id}-t\">{WebUtility.HtmlEncode(title)}</title><desc id=\"{id}-d\">{WebUtility.HtmlEncode(desc)}</desc>");
        sb.Append(inv, $"<line x1=\"{Left}\" y1=\"{Y(0):0.#}\" x2=\"{Width - 4}\" y2=\"{Y(0):0.#}\" stroke=\"#555\" />");
        sb.Append(inv, $"<text x=\"{Left - 6}\" y=\"{Y(max) + 4:0.#}\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">{max.ToString("G6", inv)}</text>");
        if (min < 0)
        {
            sb.Append(inv, $"<text x=\"{Left - 6}\" y=\"{Y(min):0.#}\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">{min.ToString("G6", inv)}</text>");
        }

        sb.Append(inv, $"<text x=\"{Left - 6}\" y=\"{Y(0) + 4:0.#}\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">0</text>");
        if (bars.Count > 0)
        {
            var step = (double)plotW / bars.Count;
            var w = Math.Max(2, step * 0.7);
            for (var i = 0; i < bars.Count; i++)
            {
                var (label, value) = bars[i];
                var x = Left + (i * step) + ((step - w) / 2);
                var y = Math.Min(Y(value), Y(0));
                var h = Math.Max(1, Math.Abs(Y(value) - Y(0)));
                sb.Append(inv, $"<rect x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{w:0.#}\" height=\"{h:0.#}\" fill=\"#1d5fa8\"><title>{WebUtility.HtmlEncode(label)}: {value.ToString("G10", inv)}</title></rect>");
            }

            sb.Append(inv, $"<text x=\"{Left}\" y=\"{Height - 8}\" font-size=\"12\" fill=\"#333\">{WebUtility.HtmlEncode(bars[0].Label)}</text>");
            sb.Append(inv, $"<text x=\"{Width - 4}\" y=\"{Height - 8}\" text-anchor=\"end\" font-size=\"12\" fill=\"#333\">{WebUtility.HtmlEncode(bars[^1].Label)}</text>");
        }

        sb.Append("</svg>");
        return sb.ToString();
    }
}
