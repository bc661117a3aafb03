using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Madang.Data.Tabular;

/// <summary>
/// Checks every row of a file against a Table Schema, and converts rows to typed values for the datastore.
/// Errors carry the row as a spreadsheet numbers it (header = 1) and the column name, in words a publisher can act on.
/// </summary>
/// <remarks>
/// Memory stays bounded whatever the file's length: rows stream, unique and primary-key checks keep a 128-bit hash of each
/// key (not the key) with the row it was first seen in, and at most <see cref="MaxErrors"/> errors are listed.
/// </remarks>
public sealed class TableValidator
{
    /// <summary>Errors listed in a report; the rest are counted (<see cref="ValidationReport.Truncated"/>).</summary>
    public const int MaxErrors = 1000;

    private readonly TableSchema schema;
    private readonly Rule[] rules;
    private readonly string[]? missingValues;

    public TableValidator(TableSchema schema, TimeZoneInfo zone)
    {
        this.schema = schema;
        missingValues = schema.MissingValues is { Count: > 0 } mv && !(mv.Count == 1 && mv[0].Length == 0) ? [.. mv] : null;
        rules = schema.Fields.Select(f => new Rule(f, zone, schema.PrimaryKey?.Contains(f.Name) == true)).ToArray();
    }

    /// <summary>Reads every row of <paramref name="reader"/> and reports what does not fit the schema.</summary>
    public ValidationReport Validate(TabularReader reader, CancellationToken ct = default)
    {
        var report = new ValidationReport { Encoding = reader.Encoding, Delimiter = reader.Delimiter };
        void Error(ValidationError e)
        {
            report.ErrorCount++;
            if (report.Errors.Count < MaxErrors)
            {
                report.Errors.Add(e);
            }
            else
            {
                report.Truncated = true;
            }
        }

        if (reader.Header.Count == 0)
        {
            Error(new ValidationError("empty-file", null, null, "The file has no rows. The first row must name the columns."));
            return report;
        }

        var columns = MapColumns(reader, report.Warnings, Error);
        foreach (var r in rules.Where(r => r.Invalid is not null))
        {
            Error(new ValidationError("schema-error", null, r.Field.Name, r.Invalid!));
        }

        var unique = rules.Select(r => r.Field.Constraints?.Unique == true || (schema.PrimaryKey is [var only] && only == r.Field.Name)
            ? new Dictionary<UInt128, long>() : null).ToArray();
        var key = schema.PrimaryKey is { Count: > 1 } pk ? pk.Select(n => Array.FindIndex(rules, r => r.Field.Name == n)).ToArray() : null;
        var keys = key is null ? null : new Dictionary<UInt128, long>();
        var width = reader.Header.Count;
        Span<char> buffer = stackalloc char[256];
        while (reader.Read())
        {
            var row = reader.RowNumber;
            if ((++report.RowCount & 0x3FFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            var cells = reader.CellCount;
            if (cells < width)
            {
                Error(new ValidationError("missing-cell", row, null,
                    $"Row {row} has {cells} cells but the header has {width}: a value or a delimiter is missing in this row."));
            }
            else if (cells > width && HasValueAfter(reader, width))
            {
                Error(new ValidationError("extra-cell", row, null,
                    $"Row {row} has {cells} cells but the header has {width}: a delimiter inside a value needs quotes (\"…\"), or the header lacks a column."));
            }

            for (var f = 0; f < rules.Length; f++)
            {
                var column = columns[f];
                if (column < 0 || column >= cells)
                {
                    continue; // reported once for the header or once for the row
                }

                var rule = rules[f];
                var cell = reader.Cell(column);
                if (IsMissing(cell))
                {
                    if (rule.Required)
                    {
                        Error(new ValidationError("required", row, rule.Field.Name, $"Row {row}, column '{rule.Field.Name}': a value is required."));
                    }

                    continue;
                }

                if (!rule.TryConvert(cell, buffer, out var value))
                {
                    Error(new ValidationError("type-error", row, rule.Field.Name,
                        $"Row {row}, column '{rule.Field.Name}': '{Show(cell)}' is not {rule.Expected}."));
                    continue;
                }

                if (rule.Check(cell, value) is { } problem)
                {
                    Error(new ValidationError(problem.Code, row, rule.Field.Name, $"Row {row}, column '{rule.Field.Name}': {problem.Message}"));
                }

                if (unique[f] is { } seen && !seen.TryAdd(Hash(cell), row))
                {
                    Error(new ValidationError(schema.PrimaryKey is [var keyName] && keyName == rule.Field.Name ? "primary-key" : "unique", row, rule.Field.Name,
                        $"Row {row}, column '{rule.Field.Name}': the value '{Show(cell)}' is already in row {seen[Hash(cell)]}; each row needs its own."));
                }
            }

            if (key is not null && keys is not null)
            {
                CheckKey(reader, key, columns, keys, row, Error);
            }
        }

        report.Warnings.AddRange(reader.Problems.Where(p => p.Code != "unterminated-quote"));
        foreach (var p in reader.Problems.Where(p => p.Code == "unterminated-quote"))
        {
            Error(p);
        }

        return report;
    }

    /// <summary>The rows as values typed per the schema (null where a cell is missing or does not convert), in field order.</summary>
    public IEnumerable<object?[]> Rows(TabularReader reader, CancellationToken ct = default)
    {
        var columns = MapColumns(reader, [], _ => { });
        var buffer = new char[256];
        var n = 0;
        while (reader.Read())
        {
            if ((++n & 0x3FFF) == 0)
            {
                ct.ThrowIfCancellationRequested();
            }

            var values = new object?[rules.Length];
            for (var f = 0; f < rules.Length; f++)
            {
                var column = columns[f];
                var cell = column < 0 ? default : reader.Cell(column);
                values[f] = IsMissing(cell) || !rules[f].TryConvert(cell, buffer, out var v) ? null : v;
            }

            yield return values;
        }
    }

    /// <summary>Schema field → file column, by name (so a reordered file still fits); header problems reported.</summary>
    private int[] MapColumns(TabularReader reader, List<ValidationError> warnings, Action<ValidationError> error)
    {
        var names = SchemaInference.FieldNames(reader.Header, warnings);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            index[names[i]] = i;
        }

        var columns = new int[rules.Length];
        for (var f = 0; f < rules.Length; f++)
        {
            var name = rules[f].Field.Name;
            columns[f] = index.GetValueOrDefault(name, -1);
            if (columns[f] < 0)
            {
                error(new ValidationError("missing-label", 1, name,
                    $"The header has no column '{name}', which the schema expects. Add the column to the file, or remove the field from the schema."));
            }
        }

        var known = rules.Select(r => r.Field.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var extra in names.Where(n => !known.Contains(n)))
        {
            error(new ValidationError("extra-label", 1, extra,
                $"The header has a column '{extra}' that the schema does not have. Remove it from the file, or add the field to the schema."));
        }

        return columns;
    }

    private void CheckKey(TabularReader reader, int[] key, int[] columns, Dictionary<UInt128, long> keys, long row, Action<ValidationError> error)
    {
        var h = Seed;
        foreach (var f in key)
        {
            var cell = f < 0 || columns[f] < 0 ? default : reader.Cell(columns[f]);
            if (IsMissing(cell))
            {
                return; // reported as required
            }

            h = Hash(cell, h);
            h = Hash("\u001F", h);
        }

        if (!keys.TryAdd(h, row))
        {
            error(new ValidationError("primary-key", row, string.Join(", ", schema.PrimaryKey!),
                $"Row {row}: the primary key ({string.Join(", ", schema.PrimaryKey!)}) repeats row {keys[h]}; each row needs its own."));
        }
    }

    private bool IsMissing(ReadOnlySpan<char> cell)
    {
        if (cell.IsEmpty)
        {
            return true;
        }

        if (missingValues is null)
        {
            return false;
        }

        foreach (var m in missingValues)
        {
            if (cell.SequenceEqual(m))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasValueAfter(TabularReader reader, int width)
    {
        for (var i = width; i < reader.CellCount; i++)
        {
            if (!reader.Cell(i).IsEmpty)
            {
                return true;
            }
        }

        return false; // a trailing delimiter on each row leaves an empty cell past the header: harmless
    }

    internal static string Show(ReadOnlySpan<char> cell) => cell.Length <= 40 ? cell.ToString() : string.Concat(cell[..40], "…");

    private static readonly UInt128 Seed = new(0xcbf29ce484222325, 0x84222325cbf29ce4);

    /// <summary>Two 64-bit FNV-1a lanes with different offsets: enough bits that a million keys do not collide by chance.</summary>
    private static UInt128 Hash(ReadOnlySpan<char> s, UInt128? seed = null)
    {
        var start = seed ?? Seed;
        var a = (ulong)(start >> 64);
        var b = (ulong)start;
        foreach (var c in s)
        {
            a = (a ^ c) * 0x100000001b3;
            b = (b ^ (c + 0x9E37u)) * 0x100000001b3 + 0x9E3779B97F4A7C15;
        }

        return new UInt128(a, b);
    }

    /// <summary>One field's type and constraints, compiled once.</summary>
    private sealed class Rule
    {
        private readonly TimeZoneInfo zone;
        private readonly HashSet<string>? allowed;
        private readonly IComparable? minimum;
        private readonly IComparable? maximum;
        private readonly Regex? pattern;

        public Rule(TableField field, TimeZoneInfo zone, bool inKey)
        {
            Field = field;
            this.zone = zone;
            var c = field.Constraints;
            Required = c?.Required == true || inKey; // Frictionless: primary-key fields are required
            allowed = c?.Enum is { Count: > 0 } e ? e.ToHashSet(StringComparer.Ordinal) : null;
            Expected = field.Type switch
            {
                "integer" => "a whole number (such as 1234 or 1,234)",
                "number" => "a number (such as 12.5 or 1,234.5)",
                "boolean" => "true or false",
                "date" => field.Format is null or "default" ? "a date written as 2020-03-17"
                    : field.Format == CellParser.DayFirstFormat ? "a date (such as 2020-03-17 or 17/03/2020)" : "a date (such as 2020-03-17, 2020/03/17 or 3/17/2020)",
                "datetime" => field.Format is null or "default" ? "a date and time written as 2020-03-17T10:00:00" : "a date and time (such as 2020/03/17 10:00)",
                "year" => "a year (four digits)",
                "time" => "a time (such as 10:00)",
                _ => "text",
            };
            try
            {
                minimum = Bound(c?.Minimum);
                maximum = Bound(c?.Maximum);
                pattern = c?.Pattern is { } p ? new Regex($"^(?:{p})$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100)) : null;
            }
            catch (ArgumentException ex)
            {
                Invalid = $"The schema's constraints for '{field.Name}' cannot be used: {ex.Message}";
            }
        }

        public TableField Field { get; }

        public bool Required { get; }

        public string Expected { get; }

        /// <summary>Whether any constraint besides required and unique applies (most inferred fields have none).</summary>
        private bool HasChecks => allowed is not null || minimum is not null || maximum is not null || pattern is not null
            || Field.Constraints?.MinLength is not null || Field.Constraints?.MaxLength is not null;

        /// <summary>Why the field's constraints cannot be applied, or null.</summary>
        public string? Invalid { get; }

        public bool TryConvert(ReadOnlySpan<char> cell, Span<char> buffer, out object? value)
        {
            value = null;
            if (Field.Type is "string" or "any" or "geopoint" or "geojson" or "object" or "array" or "duration" or "yearmonth")
            {
                value = cell.ToString();
                return true;
            }

            var s = CellParser.Fold(cell, buffer);
            switch (Field.Type)
            {
                case "integer" when CellParser.TryInteger(s, out var l):
                    value = l;
                    return true;
                case "number" when CellParser.TryNumber(s, out var n):
                    value = n;
                    return true;
                case "boolean" when CellParser.TryBoolean(s, out var b):
                    value = b;
                    return true;
                case "date" when CellParser.TryDate(s, Field.Format, out var d, out _):
                    value = d;
                    return true;
                case "datetime" when CellParser.TryDateTime(s, Field.Format, zone, out var t, out _):
                    value = t;
                    return true;
                case "year" when CellParser.TryYear(s, out var y):
                    value = y;
                    return true;
                case "time" when CellParser.TryTime(s, out var tm):
                    value = tm;
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>The first constraint <paramref name="value"/> breaks (besides required and unique), or null.</summary>
        public (string Code, string Message)? Check(ReadOnlySpan<char> cell, object? value)
        {
            var c = Field.Constraints;
            if (c is null || !HasChecks)
            {
                return null;
            }

            if (allowed is not null && !allowed.Contains(cell.ToString()))
            {
                return ("enum", $"'{Show(cell)}' is not one of the allowed values ({string.Join(", ", allowed.Take(10))}{(allowed.Count > 10 ? ", …" : "")}).");
            }

            if (minimum is not null && Comparable(value) is { } v1 && v1.GetType() == minimum.GetType() && v1.CompareTo(minimum) < 0)
            {
                return ("minimum", $"'{Show(cell)}' is less than the minimum {c.Minimum}.");
            }

            if (maximum is not null && Comparable(value) is { } v2 && v2.GetType() == maximum.GetType() && v2.CompareTo(maximum) > 0)
            {
                return ("maximum", $"'{Show(cell)}' is more than the maximum {c.Maximum}.");
            }

            if (c.MinLength is { } min && cell.Length < min)
            {
                return ("min-length", $"'{Show(cell)}' is shorter than {min} characters.");
            }

            if (c.MaxLength is { } max && cell.Length > max)
            {
                return ("max-length", $"'{Show(cell)}' is longer than {max} characters.");
            }

            try
            {
                if (pattern is not null && !pattern.IsMatch(cell))
                {
                    return ("pattern", $"'{Show(cell)}' does not match the pattern {c.Pattern}.");
                }
            }
            catch (RegexMatchTimeoutException)
            {
                return ("pattern", $"'{Show(cell)}' took too long to check against the pattern {c.Pattern}.");
            }

            return null;
        }

        private static IComparable? Comparable(object? value) => value switch
        {
            long l => (double)l,
            decimal d => (double)d,
            double x => x,
            IComparable other => other,
            _ => null,
        };

        private IComparable? Bound(JsonElement? bound)
        {
            if (bound is not { } b || b.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                return null;
            }

            var text = b.ValueKind == JsonValueKind.String ? b.GetString()! : b.GetRawText();
            Span<char> buffer = stackalloc char[64];
            return TryConvert(text, buffer, out var v) ? Comparable(v)
                : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the bound {text} is not {Expected}."));
        }
    }
}
