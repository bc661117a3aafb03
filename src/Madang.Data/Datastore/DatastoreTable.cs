using System.Globalization;
using System.Text;
using System.Text.Json;
using Madang.Core.Search;
using Madang.Data.Tabular;

namespace Madang.Data.Datastore;

/// <summary>How a schema field is stored: its native column type on each database and the CKAN type name it reports.</summary>
public enum ColumnKind
{
    Text,
    Integer,
    Number,
    Boolean,
    Date,
    Timestamp,
}

/// <summary>One datastore column: the field's name (shown to clients) and its safe SQL identifier (c0, c1 …).</summary>
public sealed record DatastoreColumn(string Name, string Sql, ColumnKind Kind)
{
    public string CkanType => Kind switch
    {
        ColumnKind.Integer => "int",
        ColumnKind.Number => "numeric",
        ColumnKind.Boolean => "bool",
        ColumnKind.Date => "date",
        ColumnKind.Timestamp => "timestamp",
        _ => "text",
    };

    public bool FullText => Kind == ColumnKind.Text;
}

/// <summary>
/// The layout of one loaded table. Field names can be anything (Korean, quotes, spaces), so they never reach SQL: each field
/// becomes the identifier c{index}, and this layout (kept in the table's <c>_meta</c> companion) maps names to identifiers.
/// </summary>
public sealed class DatastoreLayout
{
    public const string Prefix = "data_ds_";

    public DatastoreLayout(string table, IReadOnlyList<DatastoreColumn> columns, IReadOnlyList<string>? primaryKey)
    {
        Table = table;
        Columns = columns;
        PrimaryKey = primaryKey ?? [];
        ByName = columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    public string Table { get; }

    public IReadOnlyList<DatastoreColumn> Columns { get; }

    public IReadOnlyList<string> PrimaryKey { get; }

    public IReadOnlyDictionary<string, DatastoreColumn> ByName { get; }

    public string FtsTable => Table + "_fts";

    public string MetaTable => Table + "_meta";

    public bool HasFullText => Columns.Any(c => c.FullText);

    public static string TableName(Guid versionId) => Prefix + versionId.ToString("N");

    /// <summary>The version id in a datastore table name or one of its companions, or null for any other table.</summary>
    public static Guid? VersionOf(string tableName) =>
        tableName.StartsWith(Prefix, StringComparison.Ordinal) && tableName.Length >= Prefix.Length + 32
        && Guid.TryParseExact(tableName.AsSpan(Prefix.Length, 32), "N", out var id) ? id : null;

    public static DatastoreLayout From(string table, TableSchema schema) => new(
        table,
        schema.Fields.Select((f, i) => new DatastoreColumn(f.Name, "c" + i.ToString(CultureInfo.InvariantCulture), KindOf(f.Type))).ToList(),
        schema.PrimaryKey);

    public static ColumnKind KindOf(string type) => type.ToLowerInvariant() switch
    {
        "integer" or "year" => ColumnKind.Integer,
        "number" => ColumnKind.Number,
        "boolean" => ColumnKind.Boolean,
        "date" => ColumnKind.Date,
        "datetime" => ColumnKind.Timestamp,
        _ => ColumnKind.Text,
    };

    public string ToJson() => JsonSerializer.Serialize(new Meta(Columns.Select(c => new MetaColumn(c.Name, c.Sql, c.Kind.ToString())).ToList(), PrimaryKey.ToList()));

    public static DatastoreLayout FromJson(string table, string json)
    {
        var meta = JsonSerializer.Deserialize<Meta>(json) ?? throw new InvalidOperationException("Empty datastore layout for " + table);
        return new DatastoreLayout(table, meta.Columns.Select(c => new DatastoreColumn(c.Name, c.Sql, Enum.Parse<ColumnKind>(c.Kind))).ToList(), meta.PrimaryKey);
    }

    private sealed record Meta(List<MetaColumn> Columns, List<string> PrimaryKey);

    private sealed record MetaColumn(string Name, string Sql, string Kind);
}

/// <summary>The analyzed terms of a row's text fields, as each engine stores them (no positions: queries are an AND of terms).</summary>
public static class DatastoreTerms
{
    /// <summary>Space-separated terms (FTS5 with the ascii tokenizer splits exactly there), or null when the row has no text.</summary>
    public static string? Sqlite(IEnumerable<string?> texts) => Build(texts, quote: false);

    /// <summary>tsvector input: quoted lexemes, cast (never parsed by a text-search configuration) so CJK bigrams survive.</summary>
    public static string? Postgres(IEnumerable<string?> texts) => Build(texts, quote: true);

    private static string? Build(IEnumerable<string?> texts, bool quote)
    {
        StringBuilder? sb = null;
        foreach (var text in texts)
        {
            if (!string.IsNullOrEmpty(text))
            {
                sb ??= new StringBuilder(text.Length * 3);
                Append(sb, text, quote);
            }
        }

        return sb is null || sb.Length == 0 ? null : sb.ToString();
    }

    /// <summary>The terms of one value (empty when it has none), as <see cref="Sqlite"/> or <see cref="Postgres"/> write them.</summary>
    public static string Field(string text, bool quote)
    {
        var sb = new StringBuilder(text.Length * 3);
        Append(sb, text, quote);
        return sb.ToString();
    }

    /// <summary>
    /// The tokens of <see cref="TextAnalyzer.Analyze"/>, appended straight to <paramref name="sb"/>: the same words and CJK
    /// bigrams without a string and a token per term (analysis was the slowest part of a load).
    /// </summary>
    public static void Append(StringBuilder sb, string text, bool quote)
    {
        foreach (var (run, cjk) in TextAnalyzer.Runs(TextAnalyzer.Normalize(text)))
        {
            if (!cjk)
            {
                Term(sb, run, 0, Math.Min(run.Length, TextAnalyzer.MaxWordLength), quote);
                continue;
            }

            if (!run.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
            {
                if (run.Length <= 2)
                {
                    Term(sb, run, 0, run.Length, quote);
                    continue;
                }

                for (var i = 0; i + 1 < run.Length; i++)
                {
                    Term(sb, run, i, 2, quote);
                }

                continue;
            }

            // Supplementary ideographs take two UTF-16 units: cut bigrams at character starts.
            var starts = new List<int>(run.Length + 1);
            for (var i = 0; i < run.Length; i += char.IsSurrogatePair(run, i) ? 2 : 1)
            {
                starts.Add(i);
            }

            starts.Add(run.Length);
            if (starts.Count <= 3)
            {
                Term(sb, run, 0, run.Length, quote);
                continue;
            }

            for (var i = 0; i + 2 < starts.Count; i++)
            {
                Term(sb, run, starts[i], starts[i + 2] - starts[i], quote);
            }
        }
    }

    private static void Term(StringBuilder sb, string run, int start, int length, bool quote)
    {
        if (sb.Length > 0)
        {
            sb.Append(' ');
        }

        if (!quote)
        {
            sb.Append(run, start, length);
            return;
        }

        var term = run.AsSpan(start, length);
        sb.Append('\'');
        if (term.ContainsAny('\'', '\\'))
        {
            sb.Append(term.ToString().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal));
        }
        else
        {
            sb.Append(term);
        }

        sb.Append('\'');
    }

    /// <summary>The FTS5 match for <paramref name="q"/>: every term required; a lone CJK character is a prefix. Null when q has no terms.</summary>
    public static string? SqliteMatch(string? q)
    {
        var terms = Terms(q);
        return terms.Count == 0 ? null : string.Join(" AND ", terms.Select(t => "\"" + t.Text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" + (t.Prefix ? "*" : string.Empty)));
    }

    /// <summary>The tsquery for <paramref name="q"/>, same meaning as <see cref="SqliteMatch"/>.</summary>
    public static string? PostgresMatch(string? q)
    {
        var terms = Terms(q);
        return terms.Count == 0 ? null : string.Join(" & ", terms.Select(t =>
            "'" + t.Text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'" + (t.Prefix ? ":*" : string.Empty)));
    }

    // Phrases and exclusions are the catalogue search's business; datastore_search's q is CKAN's plain AND of words.
    private static List<(string Text, bool Prefix)> Terms(string? q) =>
        SearchQueryParser.Parse(q).Where(c => !c.Negated)
            .SelectMany(c => c.Tokens.Select(t => (t, c.Prefix)))
            .Distinct().ToList();
}
