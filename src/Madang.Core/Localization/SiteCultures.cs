using System.Globalization;

namespace Madang.Core.Localization;

/// <summary>The five languages of every page, as they appear in URLs.</summary>
public static class SiteCultures
{
    public static readonly IReadOnlyList<string> All = ["ko", "ja", "en", "zh-Hans", "zh-Hant"];

    public const string Default = "ko";

    /// <summary>The language's own name, for the switcher.</summary>
    public static string NativeName(string culture) => culture switch
    {
        "ko" => "한국어",
        "ja" => "日本語",
        "en" => "English",
        "zh-Hans" => "简体中文",
        "zh-Hant" => "繁體中文",
        _ => culture,
    };

    public static bool IsSupported(string? culture) => culture is not null && All.Contains(culture, StringComparer.Ordinal);

    /// <summary>Maps a browser language tag (zh-TW, ja-JP, ko, en-GB, zh-CN, zh-HK…) to one of ours, or null.</summary>
    public static string? Match(string tag)
    {
        var t = tag.Trim().ToLowerInvariant();
        if (t.Length == 0)
        {
            return null;
        }

        if (t.StartsWith("zh", StringComparison.Ordinal))
        {
            return t.Contains("hant", StringComparison.Ordinal) || t.EndsWith("-tw", StringComparison.Ordinal)
                || t.EndsWith("-hk", StringComparison.Ordinal) || t.EndsWith("-mo", StringComparison.Ordinal)
                ? "zh-Hant" : "zh-Hans";
        }

        var primary = t.Split('-')[0];
        return All.FirstOrDefault(c => c == primary);
    }

    /// <summary>Picks a culture from an Accept-Language header value, honouring q weights.</summary>
    public static string? FromAcceptLanguage(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        return header.Split(',')
            .Select((part, index) =>
            {
                var pieces = part.Split(';');
                var q = 1.0;
                foreach (var p in pieces.Skip(1))
                {
                    var kv = p.Trim();
                    if (kv.StartsWith("q=", StringComparison.Ordinal)
                        && double.TryParse(kv[2..], NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                    {
                        q = parsed;
                    }
                }

                return (tag: pieces[0], q, index);
            })
            .Where(x => x.q > 0)
            .OrderByDescending(x => x.q).ThenBy(x => x.index)
            .Select(x => Match(x.tag))
            .FirstOrDefault(c => c is not null);
    }
}
