using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Localization;

namespace Madang.Core.Localization;

/// <summary>Every UI string of the kernel and the modules, per culture, from embedded <c>*.strings.{culture}.json</c> files.</summary>
/// <remarks>JSON rather than .resx: one flat file per language that translators can diff, and modules add their own.</remarks>
public sealed class TextCatalog
{
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> byCulture;

    public TextCatalog(IEnumerable<Assembly> assemblies)
    {
        var maps = SiteCultures.All.ToDictionary(c => c, _ => new Dictionary<string, string>(StringComparer.Ordinal));
        foreach (var assembly in assemblies.Distinct())
        {
            foreach (var name in assembly.GetManifestResourceNames().Where(n => n.Contains(".strings.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal)))
            {
                var culture = name[(name.IndexOf(".strings.", StringComparison.Ordinal) + 9)..^5];
                if (!maps.TryGetValue(culture, out var map))
                {
                    continue;
                }

                using var stream = assembly.GetManifestResourceStream(name)!;
                var entries = JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [];
                foreach (var (k, v) in entries)
                {
                    map[k] = v;
                }
            }
        }

        byCulture = maps.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public IReadOnlyDictionary<string, string> Strings(string culture) =>
        byCulture.TryGetValue(culture, out var m) ? m : FrozenDictionary<string, string>.Empty;

    public bool TryGet(string culture, string key, out string value)
    {
        value = string.Empty;
        return byCulture.TryGetValue(culture, out var map) && map.TryGetValue(key, out value!);
    }

    /// <summary>The text for <paramref name="key"/> in <paramref name="culture"/>, falling back to English, then the key.</summary>
    public string Get(string culture, string key, params object?[] args)
    {
        var text = TryGet(culture, key, out var v) ? v : TryGet("en", key, out var en) ? en : key;
        return args.Length == 0 ? text : string.Format(CultureFor(culture), text, args);
    }

    public static CultureInfo CultureFor(string culture) => CultureInfo.GetCultureInfo(culture);
}

/// <summary>An <see cref="IStringLocalizer"/> over the catalog in the current UI culture.</summary>
public sealed class CatalogStringLocalizer(TextCatalog catalog) : IStringLocalizer
{
    public LocalizedString this[string name]
    {
        get
        {
            var culture = CurrentCulture();
            var found = catalog.TryGet(culture, name, out var v);
            return new LocalizedString(name, found ? v : catalog.Get(culture, name), resourceNotFound: !found);
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var s = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, s.Value, arguments), s.ResourceNotFound);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        catalog.Strings(CurrentCulture()).Select(kv => new LocalizedString(kv.Key, kv.Value));

    private static string CurrentCulture()
    {
        var name = CultureInfo.CurrentUICulture.Name;
        return SiteCultures.IsSupported(name) ? name : SiteCultures.Match(name) ?? "en";
    }
}

/// <summary>Serves the one catalog for every <c>IStringLocalizer&lt;T&gt;</c>: keys are namespaced, not per class.</summary>
public sealed class CatalogStringLocalizerFactory(TextCatalog catalog) : IStringLocalizerFactory
{
    public IStringLocalizer Create(Type resourceSource) => new CatalogStringLocalizer(catalog);

    public IStringLocalizer Create(string baseName, string location) => new CatalogStringLocalizer(catalog);
}
