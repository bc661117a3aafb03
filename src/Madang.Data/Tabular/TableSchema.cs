using System.Text.Json;
using System.Text.Json.Serialization;

namespace Madang.Data.Tabular;

/// <summary>A Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/): fields, types, constraints, key.</summary>
public sealed class TableSchema
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public List<TableField> Fields { get; set; } = [];

    /// <summary>Field names whose values together identify a row (the datastore's upsert key).</summary>
    public List<string>? PrimaryKey { get; set; }

    /// <summary>Cell strings read as missing (default: the empty string).</summary>
    public List<string>? MissingValues { get; set; }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static TableSchema FromJson(string json) => JsonSerializer.Deserialize<TableSchema>(json, Json)
        ?? throw new JsonException("A table schema must be a JSON object.");
}

/// <summary>One column: name, Frictionless type (string, integer, number, boolean, date, datetime, …), format, constraints.</summary>
public sealed class TableField
{
    public required string Name { get; set; }

    /// <summary>string, integer, number, boolean, date, time, datetime, year, geopoint, any.</summary>
    public string Type { get; set; } = "string";

    public string? Format { get; set; }

    public string? Title { get; set; }

    public string? Description { get; set; }

    public FieldConstraints? Constraints { get; set; }
}

/// <summary>Frictionless field constraints.</summary>
public sealed class FieldConstraints
{
    public bool? Required { get; set; }

    public bool? Unique { get; set; }

    public JsonElement? Minimum { get; set; }

    public JsonElement? Maximum { get; set; }

    public int? MinLength { get; set; }

    public int? MaxLength { get; set; }

    public string? Pattern { get; set; }

    [JsonPropertyName("enum")]
    public List<string>? Enum { get; set; }
}

/// <summary>What validating an upload found: errors a publisher can fix, by row and column.</summary>
public sealed class ValidationReport
{
    public bool Valid => Errors.Count == 0;

    public long RowCount { get; set; }

    /// <summary>The encoding the file was read in (e.g. utf-8, cp949, shift_jis, big5).</summary>
    public string? Encoding { get; set; }

    public string? Delimiter { get; set; }

    /// <summary>The first errors (bounded, see <see cref="Truncated"/>).</summary>
    public List<ValidationError> Errors { get; set; } = [];

    /// <summary>True when more errors were found than are listed.</summary>
    public bool Truncated { get; set; }

    /// <summary>Every error found, listed or not.</summary>
    public long ErrorCount { get; set; }

    /// <summary>What the publisher should know but that does not reject the file (unnamed or repeated columns, recovered quotes).</summary>
    public List<ValidationError> Warnings { get; set; } = [];
}

/// <summary>One error: a code (type-error, required, unique, …), the 1-based row and column where known, a readable message.</summary>
public sealed record ValidationError(string Code, long? Row, string? Field, string Message)
{
    /// <summary>The module's text key naming <paramref name="code"/> in the five languages (the message itself is English).</summary>
    public static string TextKey(string code) => "data.report.code." + code;
}
