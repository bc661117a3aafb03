using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;

namespace Madang.Core.Search;

/// <summary>
/// How common each lexeme is, for BM25's inverse document frequency on PostgreSQL, read from the planner's own
/// statistics (<c>pg_stats.most_common_elems</c> of the search vector, kept fresh by autovacuum's ANALYZE) instead of a
/// term table that every write would have to update. A lexeme missing from them is rarer than the rarest listed.
/// </summary>
internal sealed class PostgresTermStats
{
    private static readonly ConcurrentDictionary<string, PostgresTermStats> Cache = new(StringComparer.Ordinal);
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly Dictionary<string, double> frequencies;
    private readonly Dictionary<string, double> types;
    private readonly DateTime[] dates;
    private readonly double rare;
    private readonly double documents;
    private readonly DateTimeOffset loadedAt;

    private PostgresTermStats(Dictionary<string, double> frequencies, Dictionary<string, double> types, DateTime[] dates, double rare, double documents,
        DateTimeOffset now)
    {
        this.frequencies = frequencies;
        this.types = types;
        this.dates = dates;
        this.rare = rare;
        this.documents = documents;
        loadedAt = now;
    }

    public static async Task<PostgresTermStats> GetAsync(DbConnection conn, DbTransaction? tx, TimeProvider clock, CancellationToken ct)
    {
        var key = conn.Database;
        if (Cache.TryGetValue(key, out var cached) && clock.GetUtcNow() - cached.loadedAt < Lifetime)
        {
            return cached;
        }

        var frequencies = new Dictionary<string, double>(StringComparer.Ordinal);
        var types = new Dictionary<string, double>(StringComparer.Ordinal);
        var dates = Array.Empty<DateTime>();
        double rare = 0, documents = 0;
        await using (var cmd = conn.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = """
                SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples,
                       t.most_common_vals::text::text[], t.most_common_freqs, d.histogram_bounds::text::timestamptz[]
                FROM pg_class c LEFT JOIN pg_stats s
                  ON s.tablename = 'core_search_entries' AND s.attname = 'SearchVector' AND s.schemaname = current_schema()
                LEFT JOIN pg_stats t
                  ON t.tablename = 'core_search_entries' AND t.attname = 'Type' AND t.schemaname = current_schema()
                LEFT JOIN pg_stats d
                  ON d.tablename = 'core_search_entries' AND d.attname = 'Date' AND d.schemaname = current_schema()
                WHERE c.relname = 'core_search_entries' AND c.relnamespace = current_schema()::regnamespace
                """;
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                documents = Math.Max(0, Convert.ToDouble(reader.GetValue(2), CultureInfo.InvariantCulture));
                if (!reader.IsDBNull(0) && !reader.IsDBNull(1))
                {
                    var elems = (string[])reader.GetValue(0);
                    var freqs = (float[])reader.GetValue(1);
                    for (var i = 0; i < elems.Length && i < freqs.Length; i++)
                    {
                        frequencies[elems[i]] = freqs[i];
                    }

                    // After the per-element frequencies come the minimum, the maximum and the null frequency.
                    rare = freqs.Length > elems.Length ? freqs[elems.Length] / 2 : 0;
                }

                if (!reader.IsDBNull(3) && !reader.IsDBNull(4))
                {
                    var values = (string[])reader.GetValue(3);
                    var freqs = (float[])reader.GetValue(4);
                    for (var i = 0; i < values.Length && i < freqs.Length; i++)
                    {
                        types[values[i]] = freqs[i];
                    }
                }

                if (!reader.IsDBNull(5))
                {
                    dates = (DateTime[])reader.GetValue(5);
                }
            }
        }

        var stats = new PostgresTermStats(frequencies, types, dates, rare, documents, clock.GetUtcNow());
        Cache[key] = stats;
        return stats;
    }

    /// <summary>At most this share of the rows holds the lexeme: its own frequency, or below the rarest listed; 1 while
    /// there are no statistics yet.</summary>
    public double AtMost(string lexeme) =>
        documents < 1 || frequencies.Count == 0 ? 1.0 : frequencies.TryGetValue(lexeme, out var f) ? f : rare * 2;

    /// <summary>The share of rows of these types, from the planner's most common values; a type not among them counts as
    /// none (it is rare), as does every type while there are no statistics yet.</summary>
    public double TypeShare(IEnumerable<string> listed) => listed.Sum(t => types.GetValueOrDefault(t));

    /// <summary>The share of rows dated from <paramref name="from"/> up to <paramref name="to"/>, read from the planner's
    /// histogram of dates as the planner reads it (even within a bucket); 0 while there is none.</summary>
    public double DateShare(DateTimeOffset? from, DateTimeOffset? to)
    {
        if (dates.Length < 2)
        {
            return 0;
        }

        return Math.Max(0, (to is { } t ? Below(t.UtcDateTime) : 1) - (from is { } f ? Below(f.UtcDateTime) : 0));
    }

    private double Below(DateTime t)
    {
        if (t <= dates[0])
        {
            return 0;
        }

        if (t >= dates[^1])
        {
            return 1;
        }

        var i = Array.BinarySearch(dates, t);
        var k = i >= 0 ? i : ~i - 1;
        var within = (t - dates[k]).Ticks / (double)Math.Max(1, (dates[k + 1] - dates[k]).Ticks);
        return (k + within) / (dates.Length - 1);
    }

    /// <summary>BM25's idf, ln(1 + (N − n + 0.5) / (n + 0.5)); 1 for every lexeme while there are no statistics yet.</summary>
    public double Idf(string lexeme)
    {
        if (documents < 1 || frequencies.Count == 0)
        {
            return 1.0;
        }

        var share = frequencies.TryGetValue(lexeme, out var f) ? f : rare;
        var n = Math.Max(1.0, share * documents);
        return Math.Log(1 + ((documents - n + 0.5) / (n + 0.5)));
    }
}
