using System.Text.Json;
using System.Text.Json.Serialization;
using YamlDotNet.Serialization;

namespace Madang.Core.Configuration;

/// <summary>
/// Files operators write by hand (process files, region files, request rules): YAML or JSON, read into a record through
/// one JSON mapping, so both spellings mean the same and every error names its place in the file.
/// </summary>
public static class ConfigFile
{
    /// <summary>Lenient where people are (comments, trailing commas, numbers as text), camelCase, nulls left out.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>Whether the text is JSON (it starts with a brace) rather than YAML.</summary>
    public static bool IsJson(string text) => text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n').StartsWith('{');

    /// <summary>Reads YAML or JSON into <typeparamref name="T"/>.</summary>
    /// <exception cref="ConfigFileException">The text is not YAML or JSON, does not fit the record, or is empty.</exception>
    public static T Read<T>(string text)
        where T : class
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
                var graph = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize<object?>(trimmed);
                json = new SerializerBuilder().JsonCompatible().Build().Serialize(graph);
            }
            catch (YamlDotNet.Core.YamlException e)
            {
                throw new ConfigFileException($"YAML, line {e.Start.Line}: {e.Message}");
            }
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, Json) ?? throw new ConfigFileException("The file is empty.");
        }
        catch (JsonException e)
        {
            var at = e.Path is { Length: > 0 } p ? p.TrimStart('$', '.') + ": " : string.Empty;
            throw new ConfigFileException(at + e.Message.Split('\n')[0]);
        }
    }

    public static string ToJson<T>(T value) => JsonSerializer.Serialize(value, Json);

    /// <summary>The record as YAML, through its JSON form (so the names are the same).</summary>
    public static string ToYaml<T>(T value)
    {
        var graph = new DeserializerBuilder().Build().Deserialize<object?>(ToJson(value));
        return new SerializerBuilder().Build().Serialize(graph);
    }
}

/// <summary>A configuration file that cannot be read, with the one problem that stopped it.</summary>
public sealed class ConfigFileException(string problem) : Exception(problem)
{
    public string Problem { get; } = problem;
}
