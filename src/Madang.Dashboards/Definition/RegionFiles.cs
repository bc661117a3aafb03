using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Madang.Core.Localization;
using YamlDotNet.Serialization;

namespace Madang.Dashboards.Definition;

/// <summary>Reads, checks and writes region files, in JSON or YAML.</summary>
public static partial class RegionFiles
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    /// <summary>Reads a region file (JSON when it starts with <c>{</c>, else YAML) and checks it.</summary>
    /// <exception cref="RegionFileException">The file cannot be read, or breaks a rule; every problem is listed.</exception>
    public static RegionFile Parse(string text)
    {
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        string json;
        if (trimmed.StartsWith('{'))
        {
            json = trimmed;
        }
        else
        {
            try
            {
                // YAML is read as plain maps and lists, then written as JSON: one set of rules and one reader for both.
                var graph = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize<object?>(trimmed);
                json = new SerializerBuilder().JsonCompatible().Build().Serialize(graph);
            }
            catch (YamlDotNet.Core.YamlException e)
            {
                throw new RegionFileException([$"YAML, line {e.Start.Line}: {e.Message}"]);
            }
        }

        RegionFile? file;
        try
        {
            file = JsonSerializer.Deserialize<RegionFile>(json, Json);
        }
        catch (JsonException e)
        {
            var at = e.Path is { Length: > 0 } p ? p.TrimStart('$', '.') : string.Empty;
            // The reader's own wording names a .NET type; a card's kind is what people get wrong, so say what it can be.
            var message = at.EndsWith(".kind", StringComparison.Ordinal)
                ? "must be one of " + string.Join(", ", Enum.GetValues<CardKind>().Select(Kind)) + "."
                : FirstLine(e.Message);
            throw new RegionFileException([(at.Length > 0 ? at + ": " : string.Empty) + message]);
        }

        if (file is null)
        {
            throw new RegionFileException(["The file is empty."]);
        }

        var problems = Check(file);
        return problems.Count > 0 ? throw new RegionFileException(problems) : file;
    }

    public static string ToJson(RegionFile file) => JsonSerializer.Serialize(file, Json);

    public static string ToYaml(RegionFile file)
    {
        // Through JSON, so that YAML carries exactly the names and values JSON does.
        var graph = JsonSerializer.Deserialize<object?>(ToJson(file), Json);
        return new SerializerBuilder().Build().Serialize(ToPlain(graph));
    }

    private static object? ToPlain(object? node) => node switch
    {
        JsonElement { ValueKind: JsonValueKind.Object } o => o.EnumerateObject().ToDictionary(p => p.Name, p => ToPlain(p.Value)),
        JsonElement { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().Select(e => ToPlain(e)).ToList(),
        JsonElement { ValueKind: JsonValueKind.String } s => s.GetString(),
        JsonElement { ValueKind: JsonValueKind.Number } n => n.TryGetInt64(out var l) ? l : n.GetDouble(),
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    /// <summary>Every rule the file breaks, each naming where (empty when it is fine).</summary>
    public static IReadOnlyList<string> Check(RegionFile file)
    {
        var problems = new List<string>();
        if (file.Format != RegionFile.CurrentFormat)
        {
            problems.Add($"format: expected \"{RegionFile.CurrentFormat}\", found \"{file.Format}\".");
        }

        var r = file.Region;
        if (!SlugPattern().IsMatch(r.Slug ?? string.Empty))
        {
            problems.Add($"region.slug: \"{r.Slug}\" must be 1–64 lower-case letters, digits or hyphens.");
        }

        CheckText(problems, "region.name", r.Name, required: true);
        if (r.Colour is { } colour && !ColourPattern().IsMatch(colour))
        {
            problems.Add($"region.colour: \"{colour}\" must be #rrggbb.");
        }

        foreach (var lang in r.Languages ?? [])
        {
            if (!SiteCultures.IsSupported(lang))
            {
                problems.Add($"region.languages: \"{lang}\" is not one of {string.Join(", ", SiteCultures.All)}.");
            }
        }

        if (r.Tiles is { } tiles && (!Uri.TryCreate(tiles.Replace("{", string.Empty, StringComparison.Ordinal).Replace("}", string.Empty, StringComparison.Ordinal), UriKind.Absolute, out var t)
            || (t.Scheme != Uri.UriSchemeHttps && t.Scheme != Uri.UriSchemeHttp) || !tiles.Contains("{z}", StringComparison.Ordinal)
            || !tiles.Contains("{x}", StringComparison.Ordinal) || !tiles.Contains("{y}", StringComparison.Ordinal)))
        {
            problems.Add($"region.tiles: \"{tiles}\" must be an http(s) URL with {{z}}, {{x}} and {{y}}.");
        }

        if (file.Dashboards.Count == 0)
        {
            problems.Add("dashboards: a region needs at least one dashboard.");
        }

        foreach (var dup in file.Dashboards.GroupBy(d => d.Slug, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"dashboards: the slug \"{dup.Key}\" is used {dup.Count()} times.");
        }

        for (var i = 0; i < file.Dashboards.Count; i++)
        {
            var d = file.Dashboards[i];
            var at = $"dashboards[{i}]";
            if (!SlugPattern().IsMatch(d.Slug ?? string.Empty))
            {
                problems.Add($"{at}.slug: \"{d.Slug}\" must be 1–64 lower-case letters, digits or hyphens.");
            }

            CheckText(problems, at + ".title", d.Title, required: true);
            foreach (var dup in d.Cards.GroupBy(c => c.Slug, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                problems.Add($"{at}.cards: the slug \"{dup.Key}\" is used {dup.Count()} times.");
            }

            for (var j = 0; j < d.Cards.Count; j++)
            {
                CheckCard(problems, $"{at}.cards[{j}]", d.Cards[j]);
            }
        }

        return problems;
    }

    private static void CheckCard(List<string> problems, string at, CardDefinition c)
    {
        if (!SlugPattern().IsMatch(c.Slug ?? string.Empty))
        {
            problems.Add($"{at}.slug: \"{c.Slug}\" must be 1–64 lower-case letters, digits or hyphens.");
        }

        CheckText(problems, at + ".title", c.Title, required: true);
        CheckText(problems, at + ".description", c.Description, required: false);
        CheckText(problems, at + ".notes", c.Notes, required: false);
        if (string.IsNullOrWhiteSpace(c.Source?.Dataset))
        {
            problems.Add($"{at}.source.dataset: the dataset the card reads is missing.");
        }

        if (c.Source is { Resource: < 1 })
        {
            problems.Add($"{at}.source.resource: {c.Source.Resource.ToString(CultureInfo.InvariantCulture)} must be 1 or more (1 is the dataset's first resource).");
        }

        void Need(bool ok, string what)
        {
            if (!ok)
            {
                problems.Add($"{at}: a {Kind(c.Kind)} card needs {what}.");
            }
        }

        switch (c.Kind)
        {
            case CardKind.Number or CardKind.TimeSeries:
                Need(!string.IsNullOrWhiteSpace(c.X), "x (its date column)");
                Need(c.Y.Count >= 1, "y (its value column)");
                break;
            case CardKind.Bars or CardKind.Stacked:
                Need(!string.IsNullOrWhiteSpace(c.X), "x (its category or date column)");
                Need(c.Y.Count >= 1, "y (one or more value columns)");
                break;
            case CardKind.Tree:
                Need(!string.IsNullOrWhiteSpace(c.X) && !string.IsNullOrWhiteSpace(c.Parent), "x (the node column) and parent (its parent's column)");
                Need(c.Y.Count == 1, "y (one value column)");
                break;
            case CardKind.Map:
                Need(!string.IsNullOrWhiteSpace(c.Lat) && !string.IsNullOrWhiteSpace(c.Lon), "lat and lon (its coordinate columns)");
                break;
        }
    }

    /// <summary>The kind as files write it.</summary>
    public static string Kind(CardKind kind) => JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString());

    private static void CheckText(List<string> problems, string at, Text? text, bool required)
    {
        if (text is null)
        {
            if (required)
            {
                problems.Add($"{at}: a text in at least one language is needed.");
            }

            return;
        }

        foreach (var key in text.Keys.Where(k => !SiteCultures.All.Contains(k, StringComparer.OrdinalIgnoreCase)))
        {
            problems.Add($"{at}.{key}: \"{key}\" is not one of {string.Join(", ", SiteCultures.All)}.");
        }

        if (required && text.Values.All(string.IsNullOrWhiteSpace))
        {
            problems.Add($"{at}: a text in at least one language is needed.");
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex ColourPattern();
}

/// <summary>A region file that cannot be used, with every problem found (each names its place in the file).</summary>
public sealed class RegionFileException(IReadOnlyList<string> problems) : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
