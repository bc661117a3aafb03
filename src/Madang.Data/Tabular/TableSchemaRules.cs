using System.Globalization;
using System.Text.Json;

namespace Madang.Data.Tabular;

/// <summary>What makes a Table Schema usable: named, distinct fields of known types, sensible constraints, a key of existing fields.</summary>
public static class TableSchemaRules
{
    public static readonly IReadOnlyList<string> Types = ["string", "integer", "number", "boolean", "date", "time", "datetime", "year", "geopoint", "any"];

    /// <summary>One problem: the field's index (or null for the schema as a whole) and a code the page turns into words.</summary>
    public sealed record Problem(int? Field, string Code, string? Detail = null);

    public static IReadOnlyList<Problem> Check(TableSchema schema)
    {
        var problems = new List<Problem>();
        if (schema.Fields.Count == 0)
        {
            problems.Add(new Problem(null, "nofields"));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < schema.Fields.Count; i++)
        {
            var f = schema.Fields[i];
            if (string.IsNullOrWhiteSpace(f.Name))
            {
                problems.Add(new Problem(i, "name.missing"));
            }
            else if (f.Name.StartsWith('_') || f.Name.Length > 63)
            {
                problems.Add(new Problem(i, "name.invalid"));
            }
            else if (!seen.Add(f.Name))
            {
                problems.Add(new Problem(i, "name.duplicate", f.Name));
            }

            if (!Types.Contains(f.Type))
            {
                problems.Add(new Problem(i, "type"));
            }

            if (f.Constraints is { } c)
            {
                var numeric = f.Type is "integer" or "number" or "year";
                double? min = Number(c.Minimum), max = Number(c.Maximum);
                if (numeric && ((c.Minimum is not null && min is null) || (c.Maximum is not null && max is null)))
                {
                    problems.Add(new Problem(i, "range.number"));
                }
                else if (min is not null && max is not null && min > max)
                {
                    problems.Add(new Problem(i, "range.order"));
                }
                else if (!numeric && (c.Minimum is not null || c.Maximum is not null) && f.Type is not ("date" or "datetime" or "time"))
                {
                    problems.Add(new Problem(i, "range.type"));
                }
            }
        }

        foreach (var key in schema.PrimaryKey ?? [])
        {
            if (!seen.Contains(key))
            {
                problems.Add(new Problem(null, "key.unknown", key));
            }
        }

        return problems;
    }

    private static double? Number(JsonElement? e) => e switch
    {
        { ValueKind: JsonValueKind.Number } n => n.GetDouble(),
        { ValueKind: JsonValueKind.String } s when double.TryParse(s.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}
