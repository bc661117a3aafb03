using System.Data.Common;
using Madang.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Madang.Core.Search;

/// <summary>The index on the same database as the content; the provider's full-text engine does matching and ranking.</summary>
public sealed class SearchIndex(MadangDbContext db, TimeProvider clock) : ISearchIndex
{
    private ISearchDialect Dialect => db.IsSqlite ? SqliteSearchDialect.Instance : PostgresSearchDialect.Instance;

    // (type, key) that PrepareAsync found without an entry: an upsert of one of them adds without asking the database.
    // Should another writer add one meanwhile, the unique index on (Type, Key) refuses the commit rather than doubling it.
    private readonly HashSet<(string, string)> absent = [];

    public async Task PrepareAsync(string type, IReadOnlyCollection<string> keys, CancellationToken ct = default)
    {
        var found = await db.SearchEntries.Where(e => e.Type == type && keys.Contains(e.Key)).Select(e => e.Key).ToListAsync(ct);
        if (found.Count > 0)
        {
            await db.SearchEntries.Where(e => e.Type == type && found.Contains(e.Key)).LoadAsync(ct);
        }

        absent.UnionWith(keys.Except(found).Select(k => (type, k)));
    }

    public async Task UpsertAsync(SearchDocument document, CancellationToken ct = default)
    {
        var entry = Tracked(document.Type, document.Key);
        if (entry is null && !absent.Remove((document.Type, document.Key)))
        {
            entry = await db.SearchEntries.FirstOrDefaultAsync(e => e.Type == document.Type && e.Key == document.Key, ct);
        }

        if (entry is null)
        {
            entry = new SearchEntry { Type = document.Type, Key = document.Key, Title = document.Title, Url = document.Url };
            db.SearchEntries.Add(entry);
        }

        entry.Title = document.Title;
        entry.Body = document.Body;
        entry.Url = document.Url;
        entry.Date = document.Date;
        entry.OrganisationId = document.OrganisationId;
        entry.Language = document.Language;
        entry.TitleTerms = Dialect.FormatTerms(TextAnalyzer.Analyze(document.Title), title: true);
        entry.BodyTerms = Dialect.FormatTerms(TextAnalyzer.Analyze(document.Body), title: false);
        entry.UpdatedAt = clock.GetUtcNow();
    }

    public async Task RemoveAsync(string type, string key, CancellationToken ct = default)
    {
        var entry = Tracked(type, key) ?? await db.SearchEntries.FirstOrDefaultAsync(e => e.Type == type && e.Key == key, ct);
        if (entry is not null)
        {
            db.SearchEntries.Remove(entry);
        }
    }

    /// <summary>The entry this unit of work already tracks. Without DetectChanges: an entry is tracked from its Add or its
    /// query, and its type and key never change, so a scan of every tracked entity per upsert (O(n²) in a batch) buys nothing.</summary>
    private SearchEntry? Tracked(string type, string key)
    {
        var auto = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return db.SearchEntries.Local.FirstOrDefault(e => e.Type == type && e.Key == key);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = auto;
        }
    }

    public async Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken ct = default)
    {
        var clauses = SearchQueryParser.Parse(request.Query);
        var match = Dialect.BuildMatch(clauses);
        if (match is null)
        {
            return new SearchResults([], 0, new Dictionary<string, int>());
        }

        var conn = db.Database.GetDbConnection();
        var opened = conn.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        try
        {
            var (filterSql, parameters) = BuildFilters(request);
            var hits = new List<SearchHit>();
            await using (var cmd = conn.CreateCommand())
            {
                cmd.CommandText = Dialect.SelectSql(filterSql);
                AddParam(cmd, "q", match);
                AddParam(cmd, "limit", Math.Clamp(request.Limit, 1, 100));
                AddParam(cmd, "offset", Math.Max(0, request.Offset));
                parameters.ForEach(p => AddParam(cmd, p.Name, p.Value));
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var body = reader.GetString(5);
                    hits.Add(new SearchHit(
                        reader.GetString(1),
                        reader.GetString(2),
                        reader.GetString(4),
                        Snippets.Make(body, clauses),
                        reader.GetString(6),
                        ReadDate(reader.GetValue(8)),
                        reader.IsDBNull(3) ? null : reader.GetGuid(3),
                        reader.IsDBNull(7) ? null : reader.GetString(7),
                        Convert.ToDouble(reader.GetValue(9), System.Globalization.CultureInfo.InvariantCulture)));
                }
            }

            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            await using (var cmd = conn.CreateCommand())
            {
                cmd.CommandText = Dialect.CountSql(filterSql);
                AddParam(cmd, "q", match);
                parameters.ForEach(p => AddParam(cmd, p.Name, p.Value));
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    counts[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            var total = request.Types.Count == 0
                ? counts.Values.Sum()
                : counts.Where(kv => request.Types.Contains(kv.Key)).Sum(kv => kv.Value);
            return new SearchResults(hits, total, counts);
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    public async Task<IReadOnlyList<string>> MatchKeysAsync(string type, string query, int max, CancellationToken ct = default)
    {
        var match = Dialect.BuildMatch(SearchQueryParser.Parse(query));
        if (match is null)
        {
            return [];
        }

        var conn = db.Database.GetDbConnection();
        var opened = conn.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        try
        {
            var keys = new List<string>();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = Dialect.KeysSql();
            AddParam(cmd, "q", match);
            AddParam(cmd, "type", type);
            AddParam(cmd, "limit", Math.Max(1, max));
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                keys.Add(reader.GetString(0));
            }

            return keys;
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>Filters other than type: the type facet counts are computed over all types, then narrowed.</summary>
    private (string Sql, List<(string Name, object Value)> Parameters) BuildFilters(SearchRequest request)
    {
        var sql = new System.Text.StringBuilder();
        var ps = new List<(string, object)>();
        if (request.OrganisationIds.Count > 0)
        {
            var names = request.OrganisationIds.Select((id, i) => { ps.Add(("org" + i, id)); return Dialect.Param("org" + i); });
            sql.Append(" AND e.\"OrganisationId\" IN (").AppendJoin(", ", names).Append(')');
        }

        if (request.From is { } from)
        {
            sql.Append(" AND e.\"Date\" >= ").Append(Dialect.Param("from"));
            ps.Add(("from", Dialect.DateValue(from)));
        }

        if (request.To is { } to)
        {
            sql.Append(" AND e.\"Date\" <= ").Append(Dialect.Param("to"));
            ps.Add(("to", Dialect.DateValue(to)));
        }

        var filters = sql.ToString();
        var typeSql = new System.Text.StringBuilder(filters);
        if (request.Types.Count > 0)
        {
            var names = request.Types.Select((t, i) => { ps.Add(("type" + i, t)); return Dialect.Param("type" + i); });
            typeSql.Append(" AND e.\"Type\" IN (").AppendJoin(", ", names).Append(')');
        }

        // The select uses the type filter; the facet count query strips it by marker.
        return (typeSql.ToString() + SqlMarker + filters, ps);
    }

    internal const string SqlMarker = "\n--facets:";

    private static DateTimeOffset ReadDate(object value) => value switch
    {
        long ticks => new DateTimeOffset(ticks, TimeSpan.Zero),
        DateTimeOffset d => d,
        DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
        _ => throw new InvalidOperationException("Unexpected date value in search index."),
    };

    private void AddParam(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = Dialect.Param(name);
        p.Value = value;
        cmd.Parameters.Add(p);
    }
}
