using System.Net;
using System.Text;

namespace Madang.Core.Search;

/// <summary>Cuts a short, HTML-encoded excerpt around the first match and marks every match.</summary>
public static class Snippets
{
    public const int Window = 180;

    public static string Make(string body, IReadOnlyList<QueryClause> clauses)
    {
        if (string.IsNullOrEmpty(body))
        {
            return string.Empty;
        }

        var needles = clauses.Where(c => !c.Negated && c.Raw.Length > 0)
            .Select(c => c.Raw.Normalize(NormalizationForm.FormKC))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(n => n.Length)
            .ToList();
        var text = body.Normalize(NormalizationForm.FormKC);
        var first = needles.Select(n => text.IndexOf(n, StringComparison.OrdinalIgnoreCase)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var start = Math.Max(0, first - (Window / 3));
        var end = Math.Min(text.Length, start + Window);
        if (char.IsLowSurrogate(text[start]))
        {
            start++;
        }

        if (end < text.Length && char.IsLowSurrogate(text[end]))
        {
            end++;
        }

        var excerpt = text[start..end];
        var sb = new StringBuilder();
        if (start > 0)
        {
            sb.Append('…');
        }

        var pos = 0;
        while (pos < excerpt.Length)
        {
            var (at, len) = NextMatch(excerpt, pos, needles);
            if (at < 0)
            {
                sb.Append(WebUtility.HtmlEncode(excerpt[pos..]));
                break;
            }

            sb.Append(WebUtility.HtmlEncode(excerpt[pos..at]))
              .Append("<mark>").Append(WebUtility.HtmlEncode(excerpt.Substring(at, len))).Append("</mark>");
            pos = at + len;
        }

        if (end < text.Length)
        {
            sb.Append('…');
        }

        return sb.ToString();
    }

    private static (int At, int Length) NextMatch(string text, int from, List<string> needles)
    {
        var best = (-1, 0);
        foreach (var n in needles)
        {
            var i = text.IndexOf(n, from, StringComparison.OrdinalIgnoreCase);
            if (i >= 0 && (best.Item1 < 0 || i < best.Item1))
            {
                best = (i, n.Length);
            }
        }

        return best;
    }
}
