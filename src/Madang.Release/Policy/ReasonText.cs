using System.Globalization;
using Microsoft.Extensions.Localization;

namespace Madang.Release.Policy;

/// <summary>Turns a document's stored state reasons into a sentence in the reader's language.</summary>
public static class ReasonText
{
    private static readonly HashSet<string> Known =
    [
        "scanned", "uncertain", "sensitive", "anyfinding", "partial", "rule", "second", "embargo", "rollout", "hold", "published",
        "metadataonly", "withheld", "withdrawn", "extraction", "toolarge",
    ];

    public static string Describe(IStringLocalizer l, string? stored) => Describe((key, args) => l[key, args].Value, stored);

    /// <summary>For machine clients: the same sentence from the catalogue in a fixed language.</summary>
    public static string Describe(Core.Localization.TextCatalog catalog, string culture, string? stored) =>
        Describe((key, args) => catalog.Get(culture, key, args), stored);

    private static string Describe(Func<string, object[], string> l, string? stored)
    {
        var reasons = StateReason.Parse(stored);
        if (reasons.Count == 0)
        {
            return string.Empty;
        }

        // Rows written before reasons were codes hold an English sentence: shown as it is rather than lost.
        if (reasons.Any(r => !Known.Contains(r.Code)))
        {
            return stored!;
        }

        return string.Join(" · ", reasons.Select(r => r.Code switch
        {
            "embargo" when DateTimeOffset.TryParse(r.Argument, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var until) =>
                l("release.reason.embargo", [until.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)]),
            "toolarge" when r.Argument?.LastIndexOf(':') is > 0 and var i => l("release.reason.toolarge", [r.Argument[..i], r.Argument[(i + 1)..]]),
            _ => l("release.reason." + r.Code, [r.Argument ?? string.Empty]),
        }));
    }
}
