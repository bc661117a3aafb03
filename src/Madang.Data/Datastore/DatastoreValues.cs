using System.Data.Common;
using System.Globalization;
using System.Text.Json;

namespace Madang.Data.Datastore;

/// <summary>Typed values in and out of datastore columns, the same on both databases apart from the storage form.</summary>
internal static class DatastoreValues
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>
    /// The SQLite storage form: dates as ISO text and timestamps as fixed-width UTC ISO text (both sort as text and stay
    /// readable in sqlite3), booleans as 0/1, numbers as REAL.
    /// </summary>
    public static object SqliteValue(ColumnKind kind, object? value) => value switch
    {
        null => DBNull.Value,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture),
        DateTime t => DateTime.SpecifyKind(t, t.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : t.Kind).ToUniversalTime().ToString(TimestampFormat, CultureInfo.InvariantCulture),
        bool b => b ? 1L : 0L,
        decimal m => kind == ColumnKind.Number ? (double)m : m,
        double x when double.IsNaN(x) => DBNull.Value,
        int i => (long)i,
        _ => value,
    };

    /// <summary>The PostgreSQL parameter form: numeric as decimal, timestamptz as UTC.</summary>
    public static object PostgresValue(ColumnKind kind, object? value) => value switch
    {
        null => DBNull.Value,
        DateTimeOffset t => t.ToUniversalTime(),
        DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, t.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : t.Kind).ToUniversalTime()),
        double x when kind == ColumnKind.Number => double.IsFinite(x) ? (decimal)x : DBNull.Value,
        int i => (long)i,
        _ => value,
    };

    public static object? Read(DbDataReader reader, int ordinal, ColumnKind kind, bool sqlite)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        return kind switch
        {
            ColumnKind.Integer => reader.GetInt64(ordinal),
            ColumnKind.Number => sqlite ? ToDecimal(reader.GetDouble(ordinal)) : reader.GetFieldValue<decimal>(ordinal),
            ColumnKind.Boolean => sqlite ? reader.GetInt64(ordinal) != 0 : reader.GetBoolean(ordinal),
            ColumnKind.Date => sqlite ? DateOnly.ParseExact(reader.GetString(ordinal), "yyyy-MM-dd", CultureInfo.InvariantCulture) : reader.GetFieldValue<DateOnly>(ordinal),
            ColumnKind.Timestamp => sqlite
                ? DateTimeOffset.ParseExact(reader.GetString(ordinal), TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : reader.GetFieldValue<DateTimeOffset>(ordinal),
            _ => reader.GetString(ordinal),
        };
    }

    // A double read back from REAL is shown as the decimal it was written from (12.34, not 12.339999…).
    private static object ToDecimal(double x) =>
        double.IsFinite(x) && Math.Abs(x) < 7.9e27 ? decimal.Parse(x.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture) : x;

    /// <summary>A filter value as a client sends it (always text in CKAN's filters), typed for its column.</summary>
    public static object Parse(DatastoreColumn column, string text)
    {
        var s = text.Trim();
        object? value = column.Kind switch
        {
            ColumnKind.Integer => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null,
            ColumnKind.Number => decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? m : null,
            ColumnKind.Boolean => s.ToLowerInvariant() switch
            {
                "true" or "t" or "1" or "yes" => true,
                "false" or "f" or "0" or "no" => false,
                _ => null,
            },
            ColumnKind.Date => DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null,
            ColumnKind.Timestamp => DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null,
            _ => text,
        };
        return value ?? throw new DatastoreQueryException($"\"{Clip(text)}\" is not a valid {column.CkanType} for field \"{column.Name}\".");
    }

    /// <summary>A value of an upserted record, typed for its column; throws with the field and what was wrong.</summary>
    public static object? FromJson(DatastoreColumn column, JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            case JsonValueKind.String when column.Kind != ColumnKind.Text && string.IsNullOrWhiteSpace(e.GetString()):
                return null;
            case JsonValueKind.String:
                return Parse(column, e.GetString()!);
            case JsonValueKind.Number when column.Kind == ColumnKind.Integer:
                return e.TryGetInt64(out var l) ? l : throw Bad(column, e);
            case JsonValueKind.Number when column.Kind == ColumnKind.Number:
                return e.TryGetDecimal(out var m) ? m : e.GetDouble();
            case JsonValueKind.Number when column.Kind == ColumnKind.Text:
                return e.GetRawText();
            case JsonValueKind.True or JsonValueKind.False when column.Kind == ColumnKind.Boolean:
                return e.GetBoolean();
            case JsonValueKind.True or JsonValueKind.False when column.Kind == ColumnKind.Text:
                return e.GetBoolean() ? "true" : "false";
            default:
                throw Bad(column, e);
        }
    }

    private static DatastoreQueryException Bad(DatastoreColumn column, JsonElement e) =>
        new($"{Clip(e.GetRawText())} is not a valid {column.CkanType} for field \"{column.Name}\".");

    internal static string Clip(string s) => s.Length > 60 ? s[..60] + "…" : s;
}
