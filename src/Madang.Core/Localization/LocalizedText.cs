namespace Madang.Core.Localization;

/// <summary>A text in the five site languages; missing ones fall back to the others in a fixed order.</summary>
public sealed class LocalizedText
{
    public string? Ko { get; set; }
    public string? Ja { get; set; }
    public string? En { get; set; }
    public string? ZhHans { get; set; }
    public string? ZhHant { get; set; }

    public string? this[string culture]
    {
        get => culture switch
        {
            "ko" => Ko,
            "ja" => Ja,
            "en" => En,
            "zh-Hans" => ZhHans,
            "zh-Hant" => ZhHant,
            _ => null,
        };
        set
        {
            switch (culture)
            {
                case "ko": Ko = value; break;
                case "ja": Ja = value; break;
                case "en": En = value; break;
                case "zh-Hans": ZhHans = value; break;
                case "zh-Hant": ZhHant = value; break;
                default: throw new ArgumentOutOfRangeException(nameof(culture), culture, "Unsupported culture.");
            }
        }
    }

    /// <summary>The text in <paramref name="culture"/>, else the nearest written one (Chinese scripts first try each other).</summary>
    public string Get(string culture, string fallbackCulture = "en")
    {
        var v = this[culture];
        if (!string.IsNullOrWhiteSpace(v))
        {
            return v;
        }

        var order = culture switch
        {
            "zh-Hans" => new[] { "zh-Hant", fallbackCulture, "en", "ko", "ja" },
            "zh-Hant" => ["zh-Hans", fallbackCulture, "en", "ko", "ja"],
            _ => [fallbackCulture, "en", "ko", "ja", "zh-Hans", "zh-Hant"],
        };
        return order.Select(c => this[c]).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t)) ?? string.Empty;
    }

    public IEnumerable<string> All() =>
        new[] { Ko, Ja, En, ZhHans, ZhHant }.Where(s => !string.IsNullOrWhiteSpace(s))!;

    /// <summary>A text written once, in one language, read as it is in every language (a document's title).</summary>
    public static LocalizedText Single(string text) => new() { En = text };

    public static LocalizedText Of(string ko, string ja, string en, string zhHans, string zhHant) =>
        new() { Ko = ko, Ja = ja, En = en, ZhHans = zhHans, ZhHant = zhHant };
}
