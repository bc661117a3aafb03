using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage;

namespace Madang.Core.Search;

/// <summary>Searching a query too rare for a ranking window (or a small index) in one pass over its matches.</summary>
public sealed partial class SearchIndex
{
    /// <summary>At most this many matches are collected in one pass; a query with more is counted and ranked by the engine.</summary>
    internal static int CollectLimit { get; set; } = 20_000;

    private sealed record Collected(List<(long Id, double Score)> Ranked, int Total, Dictionary<string, IReadOnlyList<FacetCount>> Facets);

    /// <summary>
    /// Reads every match once, with its score and the short columns filters and facets need, then filters, orders, pages
    /// and counts facets here. Counting, ranking and faceting in the engine would each read the doclists again, and
    /// for a rare combination of common words (a CJK word is a phrase of common bigrams) that reading is the cost.
    /// Null when the matches are more than <see cref="CollectLimit"/>.
    /// </summary>
    private async Task<Collected?> CollectAsync(Plan plan, Window window, CancellationToken ct)
    {
        var rows = new List<(long Id, double Score, FacetRow Row, DateTimeOffset Date)>();
        await using (var cmd = plan.Conn.CreateCommand())
        {
            var phrase = Dialect.BuildPhrase(plan.Parsed);
            var groups = Dialect.RankGroups(plan.Parsed);
            var idf = await IdfAsync(plan, window, ct);
            var check = Check(plan.RowMatch, perRow: false);
            cmd.CommandText = Dialect.CollectSql(phrase is not null, groups.Count, idf?.Length ?? 0, check);
            AddRowMatch(cmd, plan.RowMatch, check);
            cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            await AddRankParametersAsync(cmd, plan, groups, ct);
            for (var i = 0; i < (idf?.Length ?? 0); i++)
            {
                AddParam(cmd, "idf" + i, idf![i]);
            }

            if (phrase is not null)
            {
                AddParam(cmd, "phrase", phrase);
            }

            AddParam(cmd, "q", plan.Match!);
            AddParam(cmd, "limit", CollectLimit + 1);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (rows.Count == CollectLimit)
                {
                    return null;
                }

                rows.Add((
                    Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture),
                    Convert.ToDouble(reader.GetValue(1), CultureInfo.InvariantCulture),
                    new FacetRow(reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetGuid(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                        Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture), reader.IsDBNull(6) ? null : reader.GetString(6), 1),
                    ReadDate(reader.GetValue(7))));
            }
        }

        if (Dialect.BuildPhrase(plan.Parsed) is { } exact && Dialect.CollectPhraseSql() is { } phraseSql && rows.Count > 0)
        {
            // An exact phrase outranks scattered words (×1.5, as the ranking query weighs it).
            var holding = new HashSet<long>();
            await using var cmd = plan.Conn.CreateCommand();
            cmd.CommandText = phraseSql;
            cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            AddParam(cmd, "q", plan.Match!);
            AddParam(cmd, "phrase", exact);
            await using (var reader = await cmd.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    holding.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
                }
            }

            rows = rows.Select(r => holding.Contains(r.Id) ? r with { Score = r.Score * 1.5 } : r).ToList();
        }

        var f = plan.Filters;
        var dated = rows.Where(r => (f.From is not { } from || r.Date >= from) && (f.To is not { } to || r.Date < to)).ToList();
        var (facets, total) = FacetCounts(dated.Select(r => r.Row).ToList(), f);
        var kept = dated.Where(r => PassesFacetFilters(string.Empty, r.Row, f));
        var ordered = plan.Sort switch
        {
            SearchSort.Newest => kept.OrderByDescending(r => r.Date).ThenByDescending(r => r.Id),
            SearchSort.Oldest => kept.OrderBy(r => r.Date).ThenBy(r => r.Id),
            _ => kept.OrderByDescending(r => r.Score).ThenByDescending(r => r.Date).ThenByDescending(r => r.Id),
        };
        return new Collected(ordered.Skip(plan.Offset).Take(plan.Take).Select(r => (r.Id, r.Score)).ToList(), total, facets);
    }

    /// <summary>PostgreSQL's per-group rank parameters: the group's query and its idf from the column statistics.</summary>
    private async Task AddRankParametersAsync(DbCommand cmd, Plan plan, IReadOnlyList<(string Query, IReadOnlyList<string> Lexemes)> groups, CancellationToken ct)
    {
        if (groups.Count == 0)
        {
            return;
        }

        var stats = await PostgresTermStats.GetAsync(plan.Conn, db.Database.CurrentTransaction?.GetDbTransaction(), clock, ct);
        for (var i = 0; i < groups.Count; i++)
        {
            // A phrase or an OR group is as telling as its rarest word.
            AddParam(cmd, "rg" + i, groups[i].Query);
            AddParam(cmd, "rw" + i, groups[i].Lexemes.Max(stats.Idf));
        }
    }
}
