using System.Text;

namespace Madang.Core.Search;

/// <summary>What differs between SQLite FTS5 and PostgreSQL full-text: the stored term format and the query SQL.</summary>
internal interface ISearchDialect
{
    string FormatTerms(IReadOnlyList<Token> tokens, bool title);

    /// <summary>Whether looking in a row-id range costs a match check per row (PostgreSQL reads each row's vector), rather
    /// than per match (SQLite reads that part of the doclists): windows and samples are then budgeted in rows.</summary>
    bool ChecksEveryRow { get; }

    /// <summary>The engine's match expression for the query, or null when nothing positive is asked.</summary>
    string? BuildMatch(ParsedQuery query);

    /// <summary>The positive words as one exact phrase, when there are several: a document holding it ranks higher.</summary>
    string? BuildPhrase(ParsedQuery query);

    /// <summary>How rows are tested one by one (see <see cref="RowMatch"/>); null where the engine's index answers the
    /// whole match. <paramref name="atMost"/> bounds the share of rows holding a lexeme, to pick the groups the index looks
    /// up.</summary>
    RowMatch? BuildRowMatch(ParsedQuery query, Func<string, double> atMost);

    /// <summary>Row ids and scores, filtered by <paramref name="where"/>, in <paramref name="sort"/>: the shown columns (and the
    /// long body) are read afterwards for the one page shown.</summary>
    /// <param name="entries">Whether the conditions or the order need the entry row; without, SQLite ranks in FTS5 alone.</param>
    /// <param name="window">The lowest row id ranked ($wfrom/@wfrom), when ranking looks at a window of the newest.</param>
    /// <param name="idf">How many idf values ($idf0…) are given, one per phrase of the match (SQLite's windowed BM25).</param>
    /// <param name="rows">How the match is tested where the engine checks rows (<see cref="RowCheck"/>).</param>
    /// <param name="counted">A third column: how many rows the conditions keep in all, counted in the pass that ranks them
    /// (only where <see cref="CountsWhileRanking"/>).</param>
    string SelectSql(string where, string sort, bool match, bool phrase, int rankGroups = 0, bool entries = true, bool window = false, int idf = 0, RowCheck rows = RowCheck.None,
        bool counted = false);

    /// <summary>Every match ($q/@q, at most $limit/@limit) with its score and the columns filters and facets read.</summary>
    string CollectSql(bool phrase, int rankGroups, int idf, RowCheck rows = RowCheck.None);

    /// <summary>The matches holding the exact phrase ($q and $phrase), when <see cref="CollectSql"/> leaves the phrase
    /// boost to the caller (SQLite: checking the phrase within the match set, not over every row holding it).</summary>
    string? CollectPhraseSql();

    /// <summary>The phrases of the match in the order the engine numbers them, for idf values counted by the caller;
    /// empty when the engine weighs terms itself.</summary>
    IReadOnlyList<string> RankPhrases(ParsedQuery query);

    /// <summary>The query groups ranked one by one (PostgreSQL weighs each by its idf; SQLite's bm25 does this itself).</summary>
    IReadOnlyList<(string Query, IReadOnlyList<string> Lexemes)> RankGroups(ParsedQuery query);

    /// <summary>Type, organisation, kind, year, language and the number of matches with them.</summary>
    /// <param name="runs">Row-id runs to count in (a sample), or none for every match.</param>
    string FacetSql(string where, bool match, IReadOnlyList<(long From, long To)> runs, RowCheck rows = RowCheck.None);

    string CountSql(string where, bool match, RowCheck rows = RowCheck.None);

    /// <summary>Whether <see cref="SelectSql"/> can count the rows it ranks in the same pass.</summary>
    bool CountsWhileRanking { get; }

    /// <summary>Whether filters can be read first, as the set of row ids passing them, which the full-text scan then tests
    /// (<see cref="RowSetSelectSql"/>); where a row's own columns are read for each match anyway, never.</summary>
    bool FiltersAsRowSet { get; }

    /// <summary>Every match ($q) among the rows passing <paramref name="where"/>, ranked like <see cref="SelectSql"/> over
    /// the whole index, read as a set of row ids first (<see cref="FiltersAsRowSet"/>).</summary>
    string RowSetSelectSql(string where, bool phrase);

    /// <summary>How many matches ($q) the rows passing <paramref name="where"/> hold, read as in <see cref="RowSetSelectSql"/>.</summary>
    string RowSetCountSql(string where);

    /// <summary>Like <see cref="SelectSql"/> in date order, walking the date index and probing the match set.</summary>
    /// <param name="probe">Probe each row on its own (few rows per hit: the match is common) instead of collecting every match.</param>
    string DateWalkSql(string where, string sort, bool match, bool probe = false, RowCheck rows = RowCheck.None);

    /// <summary>Like <see cref="DateWalkSql"/> for matches in some organisations, each walked in its own (organisation,
    /// date) index (<paramref name="wheres"/>: one organisation's conditions each); without <paramref name="match"/>, browsing
    /// by filters alone. Null where the planner does this itself.</summary>
    string? OrganisationsDateWalkSql(IReadOnlyList<string> wheres, string sort, bool match, bool probe);

    /// <summary>The row id as a condition can use it: the engine seeks on it instead of visiting every match.</summary>
    string RowId(bool match);

    /// <summary>A column as a condition no index can serve, tested on each row read (a text column keeps its estimate).</summary>
    string Unindexed(string column, bool text);

    /// <summary>Keys of one type matching $q/@q, best first, at most $limit/@limit.</summary>
    string KeysSql();

    string Param(string name);

    object DateValue(DateTimeOffset value);
}

/// <summary>How a dialect that checks rows (<see cref="ISearchDialect.ChecksEveryRow"/>) tests the match.</summary>
internal enum RowCheck
{
    /// <summary>The full-text index answers the whole match.</summary>
    None,

    /// <summary>The index looks up the rarest group only ($drv/@drv); each row it yields is checked for the rest.</summary>
    Driven,

    /// <summary>Every row of a row-id range is checked, no index: the planner would otherwise read a common word's whole
    /// posting list to find the few matches among the newest rows.</summary>
    PerRow,
}

/// <summary>
/// A row-by-row test of the match: <see cref="Loose"/> ($lq/@lq, phrases loosened to their words) on the stripped
/// vector first, then the exact match only when <see cref="Exact"/> ($exact/@exact); <see cref="Driver"/> ($drv/@drv) is
/// the query's rarest groups, loosened to their rarer words, which the full-text index looks up when rows are driven;
/// <see cref="DriverShare"/> is at most the share of rows holding the rarest of them, <see cref="DriverJoint"/> about the
/// share holding them all (their shares multiplied, as if independent: words that go together make it larger).
/// </summary>
internal sealed record RowMatch(string Loose, bool Exact, string Driver, double DriverShare = 1.0, double DriverJoint = 1.0);

/// <summary>Builds the phrase shared by both dialects: all positive groups of one clause each, in order.</summary>
internal static class Phrases
{
    public static IReadOnlyList<string>? Tokens(ParsedQuery query)
    {
        if (query.Groups.Count < 2 || query.Groups.Any(g => g.Count != 1 || g[0].Prefix))
        {
            return null;
        }

        return query.Groups.SelectMany(g => g[0].Tokens).ToList();
    }
}

/// <summary>FTS5 over an external-content table kept in step by triggers (see the SQLite migration).</summary>
internal sealed class SqliteSearchDialect : ISearchDialect
{
    public static readonly SqliteSearchDialect Instance = new();

    public bool ChecksEveryRow => false;

    // Our tokens never contain ASCII punctuation or spaces, so FTS5's 'ascii' tokenizer splits exactly at our spaces.
    public string FormatTerms(IReadOnlyList<Token> tokens, bool title) => string.Join(' ', tokens.Select(t => t.Text));

    public string? BuildMatch(ParsedQuery query)
    {
        var groups = query.Groups.Select(g => g.Where(c => c.Tokens.Count > 0).Select(Clause).ToList()).Where(g => g.Count > 0).ToList();
        if (groups.Count == 0)
        {
            return null;
        }

        var sb = new StringBuilder("(").AppendJoin(" AND ", groups.Select(g => g.Count == 1 ? g[0] : "(" + string.Join(" OR ", g) + ")")).Append(')');
        foreach (var neg in query.Excluded.Where(c => c.Tokens.Count > 0))
        {
            sb.Append(" NOT ").Append(Clause(neg));
        }

        return sb.ToString();
    }

    public string? BuildPhrase(ParsedQuery query) => Phrases.Tokens(query) is { } t ? Quote(t) : null;

    public RowMatch? BuildRowMatch(ParsedQuery query, Func<string, double> atMost) => null;

    private static string Clause(QueryClause c) => Quote(c.Tokens) + (c.Prefix ? "*" : string.Empty);

    private static string Quote(IEnumerable<string> tokens) => "\"" + string.Join(' ', tokens).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private const string Matched = """
        FROM core_search_fts JOIN core_search_entries e ON e."Id" = core_search_fts.rowid
        WHERE core_search_fts MATCH $q
        """;

    private const string All = "FROM core_search_entries e WHERE 1 = 1";

    public IReadOnlyList<(string Query, IReadOnlyList<string> Lexemes)> RankGroups(ParsedQuery query) => [];

    public string SelectSql(string where, string sort, bool match, bool phrase, int rankGroups = 0, bool entries = true, bool window = false, int idf = 0, RowCheck rows = RowCheck.None,
        bool counted = false)
    {
        if (counted)
        {
            throw new NotSupportedException("FTS5's bm25() cannot be read under a window function.");
        }

        var id = match && !entries ? "core_search_fts.rowid" : "e.\"Id\"";
        var score = !match ? "0.0" : Score(id, phrase, window, idf);
        if (match && !entries)
        {
            // No filter needs the entry row: FTS5 ranks alone, and equal scores fall to the later row (the page is then
            // ordered by date among equal scores when it is read).
            return $"""
                SELECT core_search_fts.rowid, {score} AS score
                FROM core_search_fts WHERE core_search_fts MATCH $q {where}
                ORDER BY score DESC, core_search_fts.rowid DESC
                LIMIT $limit OFFSET $offset
                """;
        }

        return $"""
            SELECT e."Id", {score} AS score
            {(match ? Matched : All)} {where}
            ORDER BY {sort}
            LIMIT $limit OFFSET $offset
            """;
    }

    private static string Score(string id, bool phrase, bool window, int idf)
    {
        var bm25 = idf > 0
            ? $"{SqliteWindowBm25.Name}(core_search_fts, 10.0, 1.0, {string.Join(", ", Enumerable.Range(0, idf).Select(i => "$idf" + i))})"
            : "-bm25(core_search_fts, 10.0, 1.0)";
        // The phrase set is read within the window too: unbounded, it would collect every row holding the phrase.
        var phraseSet = "SELECT rowid FROM core_search_fts WHERE core_search_fts MATCH $phrase" + (window ? " AND rowid >= $wfrom" : string.Empty);
        return phrase ? $"{bm25} * (CASE WHEN {id} IN ({phraseSet}) THEN 1.5 ELSE 1.0 END)" : bm25;
    }

    public string CollectSql(bool phrase, int rankGroups, int idf, RowCheck rows = RowCheck.None) => $"""
        SELECT e."Id", {Score("e.\"Id\"", phrase: false, window: false, idf)}, e."Type", e."OrganisationId", e."Kind", e."Year", e."Language", e."Date"
        {Matched}
        LIMIT $limit
        """;

    public string? CollectPhraseSql() => "SELECT rowid FROM core_search_fts WHERE core_search_fts MATCH '(' || $q || ') AND ' || $phrase";

    // FTS5 numbers phrases as they appear: each clause of each group, then the excluded ones.
    public IReadOnlyList<string> RankPhrases(ParsedQuery query) =>
        query.Groups.SelectMany(g => g.Where(c => c.Tokens.Count > 0)).Concat(query.Excluded.Where(c => c.Tokens.Count > 0)).Select(Clause).ToList();

    public string FacetSql(string where, bool match, IReadOnlyList<(long From, long To)> runs, RowCheck rows = RowCheck.None)
    {
        const string Group = "GROUP BY e.\"Type\", e.\"OrganisationId\", e.\"Kind\", e.\"Year\", e.\"Language\"";
        const string Select = "SELECT e.\"Type\", e.\"OrganisationId\", e.\"Kind\", e.\"Year\", e.\"Language\", COUNT(*)";
        if (runs.Count == 0)
        {
            return $"{Select} {(match ? Matched : All)} {where} {Group}";
        }

        // One subquery per run, each a row-id range the engine seeks to: only the sampled rows are read.
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var parts = runs.Select(r => match
            ? $"SELECT rowid AS id FROM core_search_fts WHERE core_search_fts MATCH $q AND rowid BETWEEN {r.From.ToString(inv)} AND {r.To.ToString(inv)}"
            : $"SELECT \"Id\" AS id FROM core_search_entries WHERE \"Id\" BETWEEN {r.From.ToString(inv)} AND {r.To.ToString(inv)}");
        // CROSS JOIN keeps the sample as the outer loop: left to itself the planner would scan every entry in key order
        // and probe the sample.
        return $"{Select} FROM ({string.Join(" UNION ALL ", parts)}) m CROSS JOIN core_search_entries e ON e.\"Id\" = m.id WHERE 1 = 1 {where} {Group}";
    }

    // Without filters the count reads the match's doclists only, never a row.
    public string CountSql(string where, bool match, RowCheck rows = RowCheck.None) => match && string.IsNullOrWhiteSpace(where)
        ? "SELECT COUNT(*) FROM core_search_fts WHERE core_search_fts MATCH $q"
        : $"SELECT COUNT(*) {(match ? Matched : All)} {where}";

    public bool FiltersAsRowSet => true;

    // FTS5's auxiliary functions cannot be read under a window function ("unable to use function bm25 in the requested
    // context"); its counts read only doclists, or the row set, so a second statement costs little.
    public bool CountsWhileRanking => false;

    // A filtered match over the whole index looked up each match's row to test the filter (a department's share of 120,699
    // matches: 540 ms, and bm25 computed for every one). The rows passing the filters are read from their own index
    // instead, and the full-text scan tests each match against that set (unary plus: as a plain test, not FTS5's rowid
    // lookup, which would run the whole match again per row id): 108 ms.
    private static string RowSet(string where) => $"""WITH f(id) AS MATERIALIZED (SELECT e."Id" FROM core_search_entries e WHERE 1 = 1 {where})""";

    public string RowSetSelectSql(string where, bool phrase) => $"""
        {RowSet(where)}
        SELECT core_search_fts.rowid, {Score("core_search_fts.rowid", phrase, window: false, idf: 0)} AS score
        FROM core_search_fts WHERE core_search_fts MATCH $q AND +core_search_fts.rowid IN f
        ORDER BY score DESC, core_search_fts.rowid DESC
        LIMIT $limit OFFSET $offset
        """;

    public string RowSetCountSql(string where) => $"""
        {RowSet(where)}
        SELECT COUNT(*) FROM core_search_fts WHERE core_search_fts MATCH $q AND +core_search_fts.rowid IN f
        """;

    public string RowId(bool match) => match ? "core_search_fts.rowid" : "e.\"Id\"";

    // SQLite's unary plus: the documented way to keep a term from an index.
    public string Unindexed(string column, bool text) => "+" + column;

    /// <summary>A row the date index yields, looked up in the doclists by its row id (FTS5 seeks to it).</summary>
    private const string Probed = "EXISTS (SELECT 1 FROM core_search_fts WHERE core_search_fts MATCH $q AND core_search_fts.rowid = e.\"Id\")";

    // Collecting: the match set becomes an ephemeral table of row ids; the unary + keeps the planner from driving the join
    // by it. Probing: each row the date index yields is looked up in the doclists by its row id (FTS5 seeks to it).
    public string DateWalkSql(string where, string sort, bool match, bool probe = false, RowCheck rows = RowCheck.None) => $"""
        SELECT e."Id", 0.0 AS score
        FROM core_search_entries e INDEXED BY "IX_core_search_entries_Date"
        WHERE {(!match ? "1 = 1" : probe ? Probed : "+e.\"Id\" IN (SELECT rowid FROM core_search_fts WHERE core_search_fts MATCH $q)")} {where.Replace("core_search_fts.rowid", "e.\"Id\"", StringComparison.Ordinal)}
        ORDER BY {sort}
        LIMIT $limit OFFSET $offset
        """;

    // Walking the date index, a department's query passed every other department's rows too (one in twenty to forty
    // kept: 830 ms for a rare compound at a million). Each organisation's rows are walked in date order in its own index
    // instead, the first page of each kept, and those merged. Collecting, the match set is built once for all of them.
    // Browsing a department deep (offset 2,000) walked the date index past 80,000 other rows: 680 ms against 1 ms.
    public string? OrganisationsDateWalkSql(IReadOnlyList<string> wheres, string sort, bool match, bool probe)
    {
        var matched = !match ? "1 = 1" : probe ? Probed : "+e.\"Id\" IN m";
        var walks = wheres.Select(w => $"""
            SELECT * FROM (SELECT e."Id", 0.0 AS score, e."Date"
                FROM core_search_entries e INDEXED BY "IX_core_search_entries_OrganisationId_Date"
                WHERE {matched} {w}
                ORDER BY {sort} LIMIT $limit + $offset)
            """);
        return $"""
            {(probe || !match ? string.Empty : "WITH m(id) AS MATERIALIZED (SELECT rowid FROM core_search_fts WHERE core_search_fts MATCH $q)")}
            SELECT e."Id", e.score FROM ({string.Join("\nUNION ALL\n", walks)}) e
            ORDER BY {sort}
            LIMIT $limit OFFSET $offset
            """;
    }

    public string KeysSql() => """
        SELECT e."Key"
        FROM core_search_fts JOIN core_search_entries e ON e."Id" = core_search_fts.rowid
        WHERE core_search_fts MATCH $q AND e."Type" = $type
        ORDER BY bm25(core_search_fts, 10.0, 1.0), e."Date" DESC
        LIMIT $limit
        """;

    public string Param(string name) => "$" + name;

    public object DateValue(DateTimeOffset value) => value.UtcTicks;
}

/// <summary>PostgreSQL: terms are stored as tsvector text and cast, never parsed, so CJK bigrams survive any locale.</summary>
internal sealed class PostgresSearchDialect : ISearchDialect
{
    public static readonly PostgresSearchDialect Instance = new();

    public bool ChecksEveryRow => true;

    // tsvector limits: positions up to 16383, at most 256 positions per lexeme (the terms text writes 255).
    internal const int MaxPosition = 16383;
    internal const int MaxPositionsPerLexeme = 255;

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

    public string? BuildMatch(ParsedQuery query)
    {
        var groups = query.Groups.Select(g => g.Where(c => c.Tokens.Count > 0).Select(Clause).ToList()).Where(g => g.Count > 0).ToList();
        if (groups.Count == 0)
        {
            return null;
        }

        var parts = groups.Select(g => g.Count == 1 ? g[0] : "(" + string.Join(" | ", g) + ")")
            .Concat(query.Excluded.Where(c => c.Tokens.Count > 0).Select(c => "!" + Clause(c)));
        return string.Join(" & ", parts);
    }

    public string? BuildPhrase(ParsedQuery query) => Phrases.Tokens(query) is { } t ? "(" + string.Join(" <-> ", t.Select(Quote)) + ")" : null;

    private static string Clause(QueryClause c)
    {
        var body = string.Join(" <-> ", c.Tokens.Select(Quote));
        return "(" + body + (c.Prefix ? ":*" : string.Empty) + ")";
    }

    private static string Quote(string lexeme) =>
        "'" + lexeme.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal) + "'";

    private const string Entries = "core_search_entries";

    private static string Matched(string source = Entries) => $"""
        FROM {source} e, CAST(@q AS tsquery) AS q(query)
        WHERE e."SearchVector" @@ q.query
        """;

    // The operator's function: the same test, which no index can answer. Filters first, then the stripped vector (stored
    // inline: no TOAST read), then, only for rows passing both and only when the query has phrases, the full vector.
    // Per row, the rows come from the row-id range; driven, from the GIN index's lookup of the rarest group alone: ANDing
    // a rare word with common ones inside the index decodes the common words' posting lists (8 ms for an identifier).
    // The filters are repeated as the CASE's condition because the planner orders a row's conditions by their cost alone:
    // it costs a match test as one operator and a department's five-organisation IN list as more, so it tested the vector
    // of every row in the window before the filter that drops nineteen rows in twenty (130 ms for a rare phrase in a
    // department). A CASE is evaluated in its written order; the filters outside it still let an index lead.
    private static string Checked(string where, RowCheck rows, string source) => $"""
        FROM {source} e, CAST(@q AS tsquery) AS q(query)
        WHERE {(rows == RowCheck.Driven ? "e.\"SearchVector\" @@ CAST(@drv AS tsquery)" : "TRUE")} {where}
          AND CASE WHEN TRUE {where} THEN ts_match_vq(e."MatchVector", CAST(@lq AS tsquery)) AND (NOT @exact OR ts_match_vq(e."SearchVector", q.query)) ELSE FALSE END
        """;

    /// <param name="source">The rows read: the entries table, or a subquery of some of them (aliased e like the table).</param>
    private static string From(bool match, string where, RowCheck rows, string source = Entries) =>
        !match ? $"FROM {source} e WHERE TRUE {where}"
        : rows == RowCheck.None ? Matched(source) + " " + where
        : Checked(where, rows, source);

    public RowMatch? BuildRowMatch(ParsedQuery query, Func<string, double> atMost)
    {
        // A stripped vector has no positions, so a phrase cannot match it: its words must all occur instead. An excluded
        // phrase cannot be loosened that way (it would exclude too much) and is left to the exact check.
        var groups = query.Groups.Select(g => g.Where(c => c.Tokens.Count > 0).ToList()).Where(g => g.Count > 0).ToList();
        if (groups.Count == 0)
        {
            return null;
        }

        string Loose(QueryClause c) => "(" + string.Join(" & ", c.Tokens.Select((t, i) => Quote(t) + (c.Prefix && i == c.Tokens.Count - 1 ? ":*" : string.Empty))) + ")";
        var negated = query.Excluded.Where(c => c.Tokens.Count > 0).ToList();
        string LooseGroup(List<QueryClause> g) => g.Count == 1 ? Loose(g[0]) : "(" + string.Join(" | ", g.Select(Loose)) + ")";
        var parts = groups.Select(LooseGroup)
            .Concat(negated.Where(c => c.Tokens.Count == 1).Select(c => "!" + Loose(c)));
        var exact = groups.Any(g => g.Any(c => c.Tokens.Count > 1)) || negated.Any(c => c.Tokens.Count > 1);
        // The index looks up the rarest group and those at most ten times as common: ANDing a much commoner word in the
        // index only decodes its long posting list, while checking it on the few rows found costs little. A clause is as
        // rare as its rarest word (its words must all occur), a group as common as its clauses together; a prefix may
        // stand for any number of words.
        var share = groups.Select(g => Math.Min(1.0, g.Sum(c => c.Prefix ? 1.0 : c.Tokens.Min(atMost)))).ToList();
        var rarest = share.Min();
        // A Korean, Japanese or Chinese compound is a chain of overlapping bigrams that mostly occur together: its rarer
        // bigrams find nearly the same rows as all of them, while looking up 사업 or 점검 beside them decodes a long
        // posting list for little (a three-compound query: 36 ms with every bigram, 14 ms with each compound's rarest).
        // Each chain keeps the bigrams at most twice as common as its rarest; separate words of a phrase all stay.
        string Driving(QueryClause c)
        {
            var kept = new List<string>();
            for (var i = 0; i < c.Tokens.Count; )
            {
                var end = i + 1;
                while (end < c.Tokens.Count && Overlap(c.Tokens[end - 1], c.Tokens[end]) && !(c.Prefix && end == c.Tokens.Count - 1))
                {
                    end++;
                }

                var chain = c.Tokens.Skip(i).Take(end - i).ToList();
                var least = chain.Min(atMost);
                kept.AddRange(chain.Where(t => atMost(t) <= least * 2));
                i = end;
            }

            return "(" + string.Join(" & ", kept.Select((t, i) => Quote(t) + (c.Prefix && i == kept.Count - 1 ? ":*" : string.Empty))) + ")";
        }

        static bool Overlap(string a, string b) =>
            a.Length == 2 && b.Length == 2 && a[1] == b[0] && TextAnalyzer.IsCjk(a[1]);

        string DrivingGroup(List<QueryClause> g) => g.Count == 1 ? Driving(g[0]) : "(" + string.Join(" | ", g.Select(Driving)) + ")";
        var driving = Enumerable.Range(0, groups.Count).Where(i => share[i] <= rarest * 10).ToList();
        var driver = driving.Select(i => DrivingGroup(groups[i]));
        var joint = driving.Aggregate(1.0, (product, i) => product * share[i]);
        return new RowMatch(string.Join(" & ", parts), exact, string.Join(" & ", driver), rarest, joint);
    }

    private const string Rank = "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', e.\"SearchVector\", q.query, 1)";

    // BM25-style: each group's saturating, length-normalised term weight (ts_rank, titles 10:1 over body text) times its
    // idf ($rw0…, from PostgresTermStats), summed. Without groups (no statistics needed) the plain rank.
    private static string Bm25(int groups) => groups == 0
        ? Rank
        : "(" + string.Join(" + ", Enumerable.Range(0, groups).Select(i =>
            $"@rw{i} * ts_rank('{{0.1, 0.2, 0.4, 1.0}}', e.\"SearchVector\", CAST(@rg{i} AS tsquery), 1)")) + ")";

    public IReadOnlyList<(string Query, IReadOnlyList<string> Lexemes)> RankGroups(ParsedQuery query) =>
        query.Groups.Select(g => g.Where(c => c.Tokens.Count > 0).ToList()).Where(g => g.Count > 0)
            .Select(g => (g.Count == 1 ? Clause(g[0]) : "(" + string.Join(" | ", g.Select(Clause)) + ")", (IReadOnlyList<string>)g.SelectMany(c => c.Tokens).ToList()))
            .ToList();

    public string SelectSql(string where, string sort, bool match, bool phrase, int rankGroups = 0, bool entries = true, bool window = false, int idf = 0, RowCheck rows = RowCheck.None,
        bool counted = false)
    {
        var score = !match ? "0.0"
            : phrase ? Bm25(rankGroups) + " * (CASE WHEN e.\"SearchVector\" @@ CAST(@phrase AS tsquery) THEN 1.5 ELSE 1.0 END)"
            : Bm25(rankGroups);
        return $"""
            SELECT e."Id", {score} AS score{(counted ? ", COUNT(*) OVER () AS total" : string.Empty)}
            {From(match, where, rows)}
            ORDER BY {sort}
            LIMIT @limit OFFSET @offset
            """;
    }

    // A sample's rows are read by their row ids (a subquery the planner keeps: OFFSET 0), then filtered and checked.
    // Flattened, the planner ANDed the id ranges' bitmap with a date filter's index (a year of dates: 300,000 entries,
    // 70 ms at a million rows) to skip a few thousand heap rows that cost 3 ms, and tested the ranges after the match.
    public string FacetSql(string where, bool match, IReadOnlyList<(long From, long To)> runs, RowCheck rows = RowCheck.None)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var ranges = string.Join(" OR ", runs.Select(r => $"e.\"Id\" BETWEEN {r.From.ToString(inv)} AND {r.To.ToString(inv)}"));
        var source = runs.Count == 0 ? Entries : $"(SELECT * FROM {Entries} e WHERE {ranges} OFFSET 0)";
        return $"""
            SELECT e."Type", e."OrganisationId", e."Kind", e."Year", e."Language", COUNT(*)
            {From(match, where, rows, source)}
            GROUP BY e."Type", e."OrganisationId", e."Kind", e."Year", e."Language"
            """;
    }

    public string CountSql(string where, bool match, RowCheck rows = RowCheck.None) => $"SELECT COUNT(*) {From(match, where, rows)}";

    // Each match's row is read to check it anyway, and the filters with it.
    public bool FiltersAsRowSet => false;

    public bool CountsWhileRanking => true;

    public string RowSetSelectSql(string where, bool phrase) => throw new NotSupportedException("PostgreSQL tests filters on the rows it checks.");

    public string RowSetCountSql(string where) => throw new NotSupportedException("PostgreSQL tests filters on the rows it checks.");

    public string RowId(bool match) => "e.\"Id\"";

    // Text: another collation than the index's, so no btree serves the condition. Equality of text is the same in every
    // deterministic collation, and the planner still estimates it from the column's statistics. A timestamp: shifted by
    // nothing, an expression no index holds.
    public string Unindexed(string column, bool text) => text ? column + " COLLATE \"C\"" : "(" + column + " + interval '0')";

    // The planner chooses its own path: for one organisation it can walk the (organisation, date) index.
    public string? OrganisationsDateWalkSql(IReadOnlyList<string> wheres, string sort, bool match, bool probe) => null;

    // In date order no score is read, and computing one read every match's TOASTed vector: the sort's input is projected
    // before it is sorted. Probing, the rows come from the date index and each is checked on its stripped vector (the index
    // lookup would find every match first: 180,000 for 서울 AI 플랫폼, 3.5 s at a million); otherwise the driving words
    // find the few matches, which are then sorted.
    public string DateWalkSql(string where, string sort, bool match, bool probe = false, RowCheck rows = RowCheck.None) => !match
        ? SelectSql(where, sort, match, phrase: false, rows: rows)
        : $"""
            SELECT e."Id", 0.0 AS score
            {From(match, where, rows)}
            ORDER BY {sort}
            LIMIT @limit OFFSET @offset
            """;

    public string CollectSql(bool phrase, int rankGroups, int idf, RowCheck rows = RowCheck.None) => $"""
        SELECT e."Id", {Bm25(rankGroups)}{(phrase ? " * (CASE WHEN e.\"SearchVector\" @@ CAST(@phrase AS tsquery) THEN 1.5 ELSE 1.0 END)" : string.Empty)},
               e."Type", e."OrganisationId", e."Kind", e."Year", e."Language", e."Date"
        {From(true, string.Empty, rows)}
        LIMIT @limit
        """;

    public string? CollectPhraseSql() => null;

    // Weighs each group by its idf from the column statistics (PostgresTermStats) instead.
    public IReadOnlyList<string> RankPhrases(ParsedQuery query) => [];

    public string KeysSql() => $"""
        SELECT e."Key"
        {Matched()} AND e."Type" = @type
        ORDER BY {Rank} DESC, e."Date" DESC
        LIMIT @limit
        """;

    public string Param(string name) => "@" + name;

    public object DateValue(DateTimeOffset value) => value.ToUniversalTime();
}
