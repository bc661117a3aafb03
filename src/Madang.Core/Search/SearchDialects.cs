using System.Text;

namespace Madang.Core.Search;

/// <summary>What differs between SQLite FTS5 and PostgreSQL full-text: the stored term format and the query SQL.</summary>
internal interface ISearchDialect
{
    string FormatTerms(IReadOnlyList<Token> tokens, bool title);

    /// <summary>The engine's match expression for the clauses, or null when nothing positive is asked.</summary>
    string? BuildMatch(IReadOnlyList<QueryClause> clauses);

    string SelectSql(string filters);

    string CountSql(string filters);

    /// <summary>Keys of one type matching $q/@q, best first, at most $limit/@limit.</summary>
    string KeysSql();

    string Param(string name);

    object DateValue(DateTimeOffset value);
}

/// <summary>FTS5 over an external-content table kept in step by triggers (see the SQLite migration).</summary>
internal sealed class SqliteSearchDialect : ISearchDialect
{
    public static readonly SqliteSearchDialect Instance = new();

    // Our tokens never contain ASCII punctuation or spaces, so FTS5's 'ascii' tokenizer splits exactly at our spaces.
    public string FormatTerms(IReadOnlyList<Token> tokens, bool title) => string.Join(' ', tokens.Select(t => t.Text));

    public string? BuildMatch(IReadOnlyList<QueryClause> clauses)
    {
        var positive = clauses.Where(c => !c.Negated && c.Tokens.Count > 0).Select(Clause).ToList();
        if (positive.Count == 0)
        {
            return null;
        }

        var sb = new StringBuilder("(").AppendJoin(" AND ", positive).Append(')');
        foreach (var neg in clauses.Where(c => c.Negated && c.Tokens.Count > 0))
        {
            sb.Append(" NOT ").Append(Clause(neg));
        }

        return sb.ToString();
    }

    private static string Clause(QueryClause c) =>
        "\"" + string.Join(' ', c.Tokens).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" + (c.Prefix ? "*" : string.Empty);

    public string SelectSql(string filters) => $"""
        SELECT e."Id", e."Type", e."Key", e."OrganisationId", e."Title", e."Body", e."Url", e."Language", e."Date",
               -bm25(core_search_fts, 10.0, 1.0) AS score
        FROM core_search_fts JOIN core_search_entries e ON e."Id" = core_search_fts.rowid
        WHERE core_search_fts MATCH $q {Select(filters)}
        ORDER BY score DESC, e."Date" DESC
        LIMIT $limit OFFSET $offset
        """;

    public string CountSql(string filters) => $"""
        SELECT e."Type", COUNT(*)
        FROM core_search_fts JOIN core_search_entries e ON e."Id" = core_search_fts.rowid
        WHERE core_search_fts MATCH $q {Facets(filters)}
        GROUP BY e."Type"
        """;

    public string KeysSql() => """
        SELECT e."Key"
        FROM core_search_fts JOIN core_search_entries e ON e."Id" = core_search_fts.rowid
        WHERE core_search_fts MATCH $q AND e."Type" = $type
        ORDER BY bm25(core_search_fts, 10.0, 1.0), e."Date" DESC
        LIMIT $limit
        """;

    public string Param(string name) => "$" + name;

    public object DateValue(DateTimeOffset value) => value.UtcTicks;

    internal static string Select(string filters) => filters[..filters.IndexOf(SearchIndex.SqlMarker, StringComparison.Ordinal)];

    internal static string Facets(string filters) => filters[(filters.IndexOf(SearchIndex.SqlMarker, StringComparison.Ordinal) + SearchIndex.SqlMarker.Length)..];
}

/// <summary>PostgreSQL: terms are stored as tsvector text and cast, never parsed, so CJK bigrams survive any locale.</summary>
internal sealed class PostgresSearchDialect : ISearchDialect
{
    public static readonly PostgresSearchDialect Instance = new();

    // tsvector limits: positions up to 16383, at most 256 positions per lexeme.
    private const int MaxPosition = 16383;
    private const int MaxPositionsPerLexeme = 255;

    public string FormatTerms(IReadOnlyList<Token> tokens, bool title)
    {
        var weight = title ? "A" : string.Empty;
        var sb = new StringBuilder();
        foreach (var group in tokens.Where(t => t.Position < MaxPosition).GroupBy(t => t.Text, StringComparer.Ordinal))
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(Quote(group.Key)).Append(':')
              .AppendJoin(',', group.Take(MaxPositionsPerLexeme).Select(t => (t.Position + 1) + weight));
        }

        return sb.ToString();
    }

    public string? BuildMatch(IReadOnlyList<QueryClause> clauses)
    {
        var positive = clauses.Where(c => !c.Negated && c.Tokens.Count > 0).Select(Clause).ToList();
        if (positive.Count == 0)
        {
            return null;
        }

        var parts = positive.Concat(clauses.Where(c => c.Negated && c.Tokens.Count > 0).Select(c => "!(" + Clause(c) + ")"));
        return string.Join(" & ", parts);
    }

    private static string Clause(QueryClause c)
    {
        var body = string.Join(" <-> ", c.Tokens.Select(Quote));
        return "(" + body + (c.Prefix ? ":*" : string.Empty) + ")";
    }

    private static string Quote(string lexeme) =>
        "'" + lexeme.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    public string SelectSql(string filters) => $$"""
        SELECT e."Id", e."Type", e."Key", e."OrganisationId", e."Title", e."Body", e."Url", e."Language", e."Date",
               ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', e."SearchVector", q.query, 1) AS score
        FROM core_search_entries e, CAST(@q AS tsquery) AS q(query)
        WHERE e."SearchVector" @@ q.query {{SqliteSearchDialect.Select(filters)}}
        ORDER BY score DESC, e."Date" DESC
        LIMIT @limit OFFSET @offset
        """;

    public string CountSql(string filters) => $"""
        SELECT e."Type", COUNT(*)
        FROM core_search_entries e
        WHERE e."SearchVector" @@ CAST(@q AS tsquery) {SqliteSearchDialect.Facets(filters)}
        GROUP BY e."Type"
        """;

    public string KeysSql() => """
        SELECT e."Key"
        FROM core_search_entries e, CAST(@q AS tsquery) AS q(query)
        WHERE e."SearchVector" @@ q.query AND e."Type" = @type
        ORDER BY ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', e."SearchVector", q.query, 1) DESC, e."Date" DESC
        LIMIT @limit
        """;

    public string Param(string name) => "@" + name;

    public object DateValue(DateTimeOffset value) => value;
}
