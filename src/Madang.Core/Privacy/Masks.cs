namespace Madang.Core.Privacy;

/// <summary>Masks that keep what a reader needs: the shape of the value and the part that is not personal.</summary>
internal static class Masks
{
    /// <summary>Replaces every digit (or letter) after the first <paramref name="keep"/> with '*', keeping separators.</summary>
    public static string KeepLeading(string value, int keep)
    {
        var seen = 0;
        return new string(value.Select(c => char.IsLetterOrDigit(c) ? (seen++ < keep ? c : '*') : c).ToArray());
    }

    /// <summary>Keeps only the last <paramref name="keep"/> alphanumerics.</summary>
    public static string KeepTrailing(string value, int keep)
    {
        var total = value.Count(char.IsLetterOrDigit);
        var seen = 0;
        return new string(value.Select(c => char.IsLetterOrDigit(c) ? (seen++ >= total - keep ? c : '*') : c).ToArray());
    }

    /// <summary>010-1234-5678 → 010-****-5678: the middle group goes.</summary>
    public static string Phone(string value)
    {
        var groups = System.Text.RegularExpressions.Regex.Matches(value, @"\d+").ToList();
        if (groups.Count >= 3)
        {
            var middle = groups[^2];
            return value[..middle.Index] + new string('*', middle.Length) + value[(middle.Index + middle.Length)..];
        }

        return KeepTrailing(value, 4);
    }

    /// <summary>kim@example.kr → k***@example.kr.</summary>
    public static string Email(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? "***" : value[0] + "***" + value[at..];
    }
}
