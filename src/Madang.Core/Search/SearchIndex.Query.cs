using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Madang.Core.Organisations;
using Madang.Core.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Core.Search;

/// <summary>Reading the index: matching, filters, facets, ranking, the exact-identifier shortcut and suggestions.</summary>
public sealed partial class SearchIndex
{
    /// <summary>A query's filters once field filters are resolved; <see cref="Impossible"/> when one names nothing (dept:nowhere).</summary>
    private sealed record Filters(
        IReadOnlyList<string> Types,
        IReadOnlyList<Guid> Organisations,
        IReadOnlyList<string> Kinds,
        IReadOnlyList<int> Years,
        IReadOnlyList<string> Languages,
        DateTimeOffset? From,
        DateTimeOffset? To,
        bool Impossible)
    {
        /// <summary>The type filter is tested on each row the full-text index finds, never looked up in the type's own index
        /// (see <see cref="PlaceFiltersAsync"/>).</summary>
        public bool TypesOnRows { get; init; }

        /// <summary>The date range is tested on each row the full-text index finds, never looked up in the date index.</summary>
        public bool DatesOnRows { get; init; }
    }

    public async Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken ct = default)
    {
        var parsed = SearchQueryParser.ParseQuery(request.Query);
        var filters = await ResolveAsync(request, parsed, ct);
        var browsing = !parsed.HasTerms;
        if (filters.Impossible || (browsing && !HasAnyFilter(filters, parsed)))
        {
            return SearchResults.Empty with { Query = parsed };
        }

        // A word typed twice asks nothing more; as two groups it would be matched and weighed twice.
        var matched = parsed with { Groups = parsed.Groups.DistinctBy(GroupKey).ToList() };
        var match = browsing ? null : Dialect.BuildMatch(matched);
        if (!browsing && match is null)
        {
            return SearchResults.Empty with { Query = parsed };
        }

        return await WithConnectionAsync(async conn =>
        {
            var limit = Math.Clamp(request.Limit, 1, 100);
            var offset = Math.Max(0, request.Offset);
            var exact = offset == 0 && !browsing ? await ExactAsync(conn, parsed, filters, ct) : [];
            var row = browsing ? null : await RowMatchAsync(conn, matched, ct);
            filters = await PlaceFiltersAsync(conn, filters, row, request.Sort, ct);
            var plan = new Plan(conn, matched, match, filters, request.Sort, browsing, limit + exact.Count, offset, row);
            var filtered = Where(filters, []).Length > 0;

            // A query matching many rows of a large index is ranked, and counted, within a window of the newest row ids
            // (see WindowAsync): reading every match of a common word costs more than a search may take.
            var window = match is null ? null : await WindowAsync(conn, match, row, plan.Offset + plan.Take, ct);
            int total;
            List<(long Id, double Score)>? ranked = null;
            Dictionary<string, IReadOnlyList<FacetCount>>? collected = null;
            var sampledFacets = false;
            var estimate = window is { Whole: false };
            Collected? widened = null;
            int? wholeCount = null;
            var rowSet = false;
            var estimated = window is { Whole: false } ? window.Matches * window.Scale : 0;
            // Few enough matches for exact facets: the facet pass counts them, so nothing else needs to.
            var facetsCount = request.WithFacets && estimated <= FacetExactLimit / 2;
            if (window is { Whole: false } w0 && request.Sort == SearchSort.Relevance)
            {
                // The window may widen to the whole index; read in one pass there, its total and facets are exact.
                (ranked, window, widened, wholeCount, rowSet) = await RankWindowAsync(plan, w0, count: !facetsCount, ct);
                estimate = window is { Whole: false };
            }

            if (widened is not null)
            {
                (ranked, total, collected) = (widened.Ranked, widened.Total, widened.Facets);
            }
            else if (window is { Whole: false } w)
            {
                ranked ??= await WalkDatesAsync(plan, w, ct);
                // Without filters the window's own count serves; with facets the even sample gives it (below).
                total = !filtered ? (int)Math.Round(w.Matches * w.Scale)
                    : request.WithFacets ? -1
                    : (int)Math.Round(await CountAsync(conn, match, filters, w, ct, row) * w.Scale);
            }
            else if (ranked is not null)
            {
                // Widened to the whole index, with more matches than one pass holds (filtered: checked row by row). With
                // few enough matches for exact facets, their counts give the total too (below); a ranking that held every
                // match, short of the page, counted them itself.
                total = wholeCount ?? (facetsCount ? -1 : await CountAsync(conn, match, filters, window, ct, row, rowSet));
            }
            else if (window is not null && await CollectAsync(plan, window, ct) is { } all)
            {
                (ranked, total, collected) = (all.Ranked, all.Total, all.Facets);
            }
            else if (window is null && await BrowseSampleAsync(conn, filters, ct) is { } sampled)
            {
                if (sampled.Total > FacetExactLimit)
                {
                    // Filters alone over many rows: counted on an even sample, as broad queries' facets are.
                    (total, collected, estimate, sampledFacets) = (sampled.Total, sampled.Facets, true, true);
                }
                else
                {
                    // Few rows pass every filter: counted exactly. Each facet ignores its own filter, so the facets may
                    // still span many rows; the sample already counted them then.
                    total = await CountAsync(conn, match, filters, null, ct, row);
                    (collected, sampledFacets) = sampled.Unfaceted > FacetExactLimit ? (sampled.Facets, true) : (null, false);
                }

                ranked = await SelectAsync(plan, match, string.Empty, total, ct);
            }
            else
            {
                total = await CountAsync(conn, match, filters, null, ct, row);
                ranked = await SelectAsync(plan, match, string.Empty, total, ct);
            }

            var page = exact.Select(id => (Id: id, Score: double.MaxValue)).Concat(ranked.Where(r => !exact.Contains(r.Id))).Take(limit).ToList();
            var hits = await LoadAsync(conn, page, exact, parsed.Clauses, ct);
            if (request.Sort == SearchSort.Relevance && !browsing)
            {
                // Equal scores: the more recent document first (the engine broke ties by row only).
                hits = hits.OrderByDescending(h => h.Score).ThenByDescending(h => h.Date).ToList();
            }

            var facets = new Dictionary<string, IReadOnlyList<FacetCount>>();
            var approximate = false;
            if (request.WithFacets && collected is not null)
            {
                (facets, approximate) = (collected, sampledFacets);
            }
            else if (request.WithFacets)
            {
                // Past some thousands of matches the facets are counted on an even sample of row ids and scaled (the
                // ranking window holds the newest rows only, and would show only recent years). Each facet ignores its
                // own filter, so the rows counted are those matching without the facet filters.
                var unfaceted = filters with { Types = [], Organisations = [], Kinds = [], Years = [], Languages = [] };
                var faceted = filters.Types.Count + filters.Organisations.Count + filters.Kinds.Count + filters.Years.Count + filters.Languages.Count > 0;
                // The first window's estimate of the matches without filters serves where it is past counting exactly:
                // a department's 1,958 matches of 탄소중립 점검 have facets spanning its 120,699 in every department,
                // and counting those exactly took 1.8 s.
                // A total the ranking counted is of the filtered matches: the facets' step is chosen on the estimate then, as
                // when nothing counted them (counting the rest exactly took 72 ms of a type's first page).
                var counted = estimate ? window!.Matches * window.Scale
                    : total < 0 ? estimated
                    : !faceted ? total
                    : estimated > FacetExactLimit || wholeCount is not null ? estimated : await CountAsync(conn, match, unfaceted, null, ct, row);
                // Estimated totals come from a window: matches are many, or rare among common words. Either way the
                // sample reads at most 1/FacetMinEvery of the index.
                var every = counted <= FacetExactLimit && !estimate ? 1 : (int)Math.Max(estimate ? FacetMinEvery : 1, Math.Ceiling(counted / FacetSample));

                // A phrase is checked on each match's full vector, which PostgreSQL reads from TOAST (about 10 µs a match:
                // 70 ms for a CJK compound's 6,670). Past FacetCheckedLimit candidates the facets are counted on a sample,
                // and so is the total when nothing counted it yet: every k-th row id of those the full-text index finds,
                // up to FacetDrivenLimit of them; past it, where visiting every candidate's row costs more (its bitmap
                // outgrows work_mem, and each row of a lossy page is checked again), on runs of row ids checked row by row.
                // The rows checked are the driving words' candidates, which a few matches in the newest rows estimate badly.
                var checkedRows = Math.Max(counted, row is null || window is null ? 0 : row.DriverJoint * window.Span);
                var sampled = !estimate && row is { Exact: true } && checkedRows > FacetCheckedLimit;
                var driven = sampled && checkedRows <= FacetDrivenLimit;
                every = sampled ? Math.Max(every, (int)Math.Ceiling(checkedRows / FacetSample)) : every;
                var budget = estimate ? FacetSampleRows : FacetCheckedRows;
                if (!driven && every > 1 && Dialect.ChecksEveryRow && window!.Span / every > budget)
                {
                    // Each row of a run is checked: the sample is budgeted in rows, not matches. A deep page's exact total
                    // left it unbudgeted, and a type's facets checked 111,000 rows (240 ms).
                    every = (int)Math.Ceiling(window.Span / (double)budget);
                }
                (facets, approximate, var sampledTotal, _) = await FacetsAsync(conn, match, filters, every, ct, row, driven);
                if (total < 0 || (estimate && approximate))
                {
                    // An even sample estimates the total better than the newest rows do.
                    total = sampledTotal;
                    estimate |= approximate;
                }
            }

            // An estimate never says fewer than the rows already found.
            total = Math.Max(total, estimate ? offset + hits.Count : exact.Count);
            var typeCounts = facets.TryGetValue(SearchFacets.Type, out var tc)
                ? tc.ToDictionary(f => f.Value, f => f.Count, StringComparer.Ordinal)
                : new Dictionary<string, int>(StringComparer.Ordinal);
            return new SearchResults(hits, total, typeCounts) { Facets = facets, Query = parsed, FacetsApproximate = approximate, TotalApproximate = estimate };
        }, ct);
    }

    /// <summary>PostgreSQL's row-by-row test of the match, its driving group chosen by the column statistics.</summary>
    private async Task<RowMatch?> RowMatchAsync(DbConnection conn, ParsedQuery query, CancellationToken ct)
    {
        if (!Dialect.ChecksEveryRow)
        {
            return null;
        }

        var stats = await PostgresTermStats.GetAsync(conn, db.Database.CurrentTransaction?.GetDbTransaction(), clock, ct);
        return Dialect.BuildRowMatch(query, stats.AtMost);
    }

    /// <summary>
    /// PostgreSQL's planner ANDs a filter's own index into the full-text lookup's bitmap even where the filter keeps a
    /// large share of the rows. At a million rows a tenth of them (type:data.dataset) took 44 of a query's 60 ms to put in
    /// the bitmap, where testing the type on the 6,670 rows found cost 2; a third (from:2024) made a bitmap too large to
    /// stay exact, and every row on its pages was checked again (170 ms). A type or date range whose share is well above
    /// the driving words' (a bitmap entry costs about a quarter of fetching a row) is tested on the rows found then. A
    /// narrow one keeps its index: "budget type:proposal" or a single week reads few rows through it. Newest and oldest
    /// first keep their date condition indexable: it bounds the walk in the date index.
    /// </summary>
    private async Task<Filters> PlaceFiltersAsync(DbConnection conn, Filters filters, RowMatch? row, SearchSort sort, CancellationToken ct)
    {
        var dated = sort == SearchSort.Relevance && (filters.From is not null || filters.To is not null);
        if (row is null || (filters.Types.Count == 0 && !dated))
        {
            return filters;
        }

        var stats = await PostgresTermStats.GetAsync(conn, db.Database.CurrentTransaction?.GetDbTransaction(), clock, ct);
        var found = FilterLookupRatio * row.DriverShare;
        return filters with
        {
            TypesOnRows = filters.Types.Count > 0 && stats.TypeShare(filters.Types) > found,
            DatesOnRows = dated && stats.DateShare(filters.From, filters.To) > found,
        };
    }

    /// <summary>How much larger than the driving words' share a filter's share is before it is tested row by row.</summary>
    internal static double FilterLookupRatio { get; set; } = 4;

    /// <summary>How rows are tested: every row of a per-row window, or those the index finds for the driving group.</summary>
    private static RowCheck Check(RowMatch? row, bool perRow) => row is null ? RowCheck.None : perRow ? RowCheck.PerRow : RowCheck.Driven;

    private void AddRowMatch(DbCommand cmd, RowMatch? row, RowCheck check)
    {
        if (check == RowCheck.None || row is null)
        {
            return;
        }

        AddParam(cmd, "lq", row.Loose);
        AddParam(cmd, "exact", row.Exact);
        if (check == RowCheck.Driven)
        {
            AddParam(cmd, "drv", row.Driver);
        }
    }

    private static string GroupKey(IReadOnlyList<QueryClause> group) =>
        string.Join('\u0001', group.Select(c => (c.Prefix ? "*" : string.Empty) + string.Join(' ', c.Tokens)).Order(StringComparer.Ordinal));

    /// <summary>About how many matches a ranking window holds before filters (more when a deep page needs them).</summary>
    internal static int RankWindow { get; set; } = 400;

    /// <summary>Row ids idf values are estimated in.</summary>
    internal static long IdfIds { get; set; } = 4_096;

    /// <summary>Row ids the first window probe counts in.</summary>
    internal static int ProbeIds { get; set; } = 4096;

    /// <summary>An index spanning no more row ids is always searched whole: every match ranked, totals exact.</summary>
    internal static int ExactIds { get; set; } = 20_000;

    /// <summary>Up to this many matches facets are counted exactly.</summary>
    internal static int FacetExactLimit { get; set; } = 10_000;

    /// <summary>Up to this many candidates checked on their full vector (phrases, on PostgreSQL) facets are counted exactly.</summary>
    internal static int FacetCheckedLimit { get; set; } = 2_500;

    /// <summary>Up to this many candidates a phrase's sampled facets are counted on those the full-text index finds.</summary>
    internal static int FacetDrivenLimit { get; set; } = 20_000;

    /// <summary>About how many rows a sampled facet count reads.</summary>
    internal static int FacetSample { get; set; } = 2_000;

    /// <summary>Rows a sampled facet count may check where each row costs a check (<see cref="ISearchDialect.ChecksEveryRow"/>).</summary>
    internal static int FacetSampleRows { get; set; } = 4_000;

    /// <summary>Like <see cref="FacetSampleRows"/> for a query whose total is exact: its facets are counted more closely
    /// (about 35 ms of checks on PostgreSQL), though still on a sample.</summary>
    internal static int FacetCheckedRows { get; set; } = 16_000;

    /// <summary>The smallest sampling step for a windowed query's facets (one row id in this many).</summary>
    internal static int FacetMinEvery { get; set; } = 32;

    /// <param name="RowSet">Over the whole index, the filters are read first as a set of row ids that the full-text scan
    /// tests (<see cref="ISearchDialect.FiltersAsRowSet"/>).</param>
    private sealed record Plan(DbConnection Conn, ParsedQuery Parsed, string? Match, Filters Filters, SearchSort Sort, bool Browsing, int Take, int Offset,
        RowMatch? RowMatch = null, bool RowSet = false);

    /// <summary>The newest <see cref="Ids"/> row ids (from <see cref="From"/> to <see cref="Max"/>) of the <see cref="Span"/>
    /// the index covers, holding <see cref="Matches"/> matches before filters; <see cref="Whole"/> when that is every row.</summary>
    /// <param name="PerRow">Whether the window's rows are each checked rather than found through the full-text index
    /// (PostgreSQL, while the window is at most <paramref name="PerRowLimit"/>).</param>
    /// <param name="PerRowLimit">The widest this query's window may be and still be checked row by row (see
    /// <see cref="PerRowLimit(RowMatch?, long)"/>).</param>
    private sealed record Window(long From, long Max, long Ids, long Span, int Matches, bool PerRow = false, long PerRowLimit = 0)
    {
        public bool Whole => Ids >= Span;

        public double Scale => Span / (double)Math.Max(1, Ids);

        public Window Widen(long times) => Ids >= Span / times
            ? this with { From = Max - Span + 1, Ids = Span, PerRow = false }
            : this with { From = Max - (Ids * times) + 1, Ids = Ids * times, PerRow = PerRow && Ids * times <= PerRowLimit };
    }

    /// <summary>
    /// Up to about this many matches (estimated from a window) a query is ranked whole in one pass rather than in a
    /// window, where rows are checked one by one: PostgreSQL ranks from each match's full vector, read from TOAST at
    /// ~0.15 ms a row, so only a few hundred.
    /// </summary>
    internal static int CheckedCollectMatches { get; set; } = 250;

    private int CollectMatches => Dialect.ChecksEveryRow ? CheckedCollectMatches : CollectLimit / 2;

    /// <summary>Up to about this many matches before filters, a filtered query that needs more than its first window is
    /// ranked over the whole index through the full-text index rather than row by row (see <see cref="RankWindowAsync"/>).</summary>
    internal static int FilteredDrivenMatches { get; set; } = 5_000;

    /// <summary>The most row ids a window checks row by row, unless the full-text index's lookup would cost more (see
    /// <see cref="PerRowLimit"/>); a wider one is found through the full-text index.</summary>
    internal static long PerRowIds { get; set; } = 10_000;

    /// <summary>
    /// How wide a window may still be checked row by row: a row's check reads its inline stripped vector (about 1 µs),
    /// while the index's lookup decodes the driving words' posting lists over the whole index, at least the rarest's
    /// (two common words, 118,000 and 305,000 rows: 75 ms, where the newest 20,000 rows were checked in 19).
    /// </summary>
    private static long PerRowLimit(RowMatch? row, long span) =>
        Math.Max(PerRowIds, (long)((row?.DriverShare ?? 0) * span / 4));

    /// <summary>
    /// Sizes the ranking window: counts the matches among the newest <see cref="ProbeIds"/> row ids (or 1/512 of them),
    /// then sizes a window expected to hold <see cref="RankWindow"/> matches, counting again until it does. Counting
    /// within a row-id range reads only that part of the doclists. A query too rare to fill any window, or an index of
    /// at most <see cref="ExactIds"/>, gets the whole index (exact totals, every match ranked).
    /// </summary>
    private async Task<Window> WindowAsync(DbConnection conn, string match, RowMatch? row, int need, CancellationToken ct)
    {
        var (min, max) = await RowIdRangeAsync(conn, ct);
        var span = Math.Max(0, max - min + 1);
        // Where every row in a window is checked, the window holds fewer matches, the probe is smaller and its count is
        // trusted rather than confirmed by counting the sized window again.
        var perRow = Dialect.ChecksEveryRow;
        var limit = PerRowLimit(row, span);
        var target = Math.Max(perRow ? RankWindow / 2 : RankWindow, need);
        long ids = perRow ? Math.Max(ProbeIds / 4, span / 2048) : Math.Max(ProbeIds, span / 512);
        while (true)
        {
            if (ids >= span || span <= ExactIds)
            {
                return new Window(min, max, span, span, -1);
            }

            var window = new Window(max - ids + 1, max, ids, span, 0, perRow && ids <= limit, limit);
            var found = await CountAsync(conn, match, NoFilters, window, ct, row);
            if (found >= target * 4 / 5)
            {
                return window with { Matches = found };
            }

            if (perRow && found * (span / (double)ids) <= CollectMatches)
            {
                // Few enough matches to rank them all in one pass: exact total, every match ranked. (SQLite's counts
                // read only doclists, so it sizes its window on: each count there costs little.)
                return new Window(min, max, span, span, -1);
            }

            if (perRow && found > 0)
            {
                // At most PerRowIds rows: a query whose matches are thinner is ranked among fewer of them.
                var sized = Math.Min(PerRowIds, (long)Math.Ceiling(ids * 1.25 * target / found));
                return sized >= span
                    ? new Window(min, max, span, span, -1)
                    : new Window(max - sized + 1, max, sized, span, (int)(found * (sized / (double)ids)), true, limit);
            }

            // Sized on what this window held, with a margin; a window holding nothing grows sixteenfold.
            ids = found == 0 ? ids * 16 : (long)Math.Min(ids * 64.0, Math.Ceiling(ids * 1.25 * target / found));
        }
    }

    private string WindowWhere(Window w) =>
        w.Whole ? string.Empty : " AND " + Dialect.RowId(match: true) + " >= " + w.From.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Ranks within the window (BM25 weighs title, keywords and identifier ten to one over the body, so title matches
    /// lead). A window whose filtered matches cannot fill the page is widened, up to the whole index. There the ranking
    /// reads the rows up to the page's end, not only the page: holding fewer, it holds every match, and counts them
    /// (<c>Counted</c>) for a deep page that the matches cannot reach, which would otherwise read them all again to count.
    /// Holding more, it counts them in the same pass when <paramref name="count"/> asks.
    /// </summary>
    private async Task<(List<(long Id, double Score)> Ranked, Window Window, Collected? Whole, int? Counted, bool RowSet)> RankWindowAsync(
        Plan plan, Window window, bool count, CancellationToken ct)
    {
        var need = plan.Offset + plan.Take;
        var results = new List<(long Id, double Score)>();
        // Filters are tested before the match when rows are checked one by one, so a row a filter drops costs little:
        // a filtered query checks wider windows row by row (the filter's own index leading).
        var filteredRows = Dialect.ChecksEveryRow && plan.RowMatch is not null && Where(plan.Filters, []).Length > 0;
        // Reaching the whole index, a query with few enough matches is read in one pass, with exact total and facets.
        var matches = window.Matches * window.Scale;
        var collect = matches <= CollectMatches;
        // But a filtered query whose matches are a few thousand is found faster through the full-text index, filtered
        // there, than by checking every row the filter keeps (a department holds tens of thousands): after the first
        // window it goes to the whole index that way.
        var driven = filteredRows && matches <= FilteredDrivenMatches;
        // Nor is the whole index checked row by row when no filter has an index to lead (a date range tested on the rows,
        // a kind): that reads every row (540 ms at a million for building permit budget from:2023), where the full-text
        // index finds the rows holding the driving words, unless those are a good share of the index.
        var drivenWhole = driven || (filteredRows && !IndexLeads(plan.Filters) && plan.RowMatch!.DriverJoint < DrivenWholeShare);
        for (long widen = 1; ; )
        {
            var w = window.Widen(widen);
            w = filteredRows && !(w.Whole && drivenWhole) ? w with { PerRow = true } : w;
            if (w.Whole)
            {
                if (collect && await CollectAsync(plan, w, ct) is { } all)
                {
                    return (all.Ranked, w, all, null, false);
                }

                // Ranking every match sorts them all, so the same pass counts them where it can (a second pass read them all
                // again: 330 ms for a type's 2,619 matches, checked row by row on PostgreSQL); SQLite's counts read less.
                var rowSet = await RowSetServesAsync(plan, matches, ct);
                var counted = rowSet || !count || !Dialect.CountsWhileRanking ? null : new StrongBox<int>(-1);
                var upTo = await SelectAsync(plan with { Offset = 0, Take = need, RowSet = rowSet }, plan.Match, string.Empty, int.MaxValue, ct, filteredRows ? w : null,
                    counted: counted);
                int? total = upTo.Count < need ? upTo.Count : counted is { Value: >= 0 } ? counted.Value : null;
                return (upTo.Skip(plan.Offset).Take(plan.Take).ToList(), w, null, total, rowSet);
            }

            var idf = await IdfAsync(plan, w, ct);
            results = await SelectAsync(plan with { Offset = 0, Take = need }, plan.Match, WindowWhere(w), need, ct, w, idf);
            if (results.Count >= need)
            {
                break;
            }

            // Widened as far as the window's own yield says the page needs, with a margin: 2 to 64 times.
            // A yield that says the page needs more than half the index goes to the whole of it at once: a deep page's window
            // of 640,000 row ids, checked row by row, cost as much as the whole index and then fell short of it.
            var wanted = results.Count < JumpMinResults ? 0 : w.Ids * need * 1.5 / results.Count;
            widen = driven || wanted >= w.Span / 2.0 ? long.MaxValue
                : widen * (results.Count == 0 ? 64 : Math.Clamp((long)Math.Ceiling(need * 1.5 / results.Count), 2, 64));
        }

        return (results.Skip(plan.Offset).Take(plan.Take).ToList(), window, null, null, false);
    }

    /// <summary>The share of rows holding every driving word below which the whole index is read through the full-text
    /// index rather than row by row, when no filter's index leads (a row it finds costs several times a row scanned).</summary>
    private const double DrivenWholeShare = 0.2;

    /// <summary>Whether one of the filters is looked up in an index of its own (an organisation; a type or dates the
    /// filters keep indexable), so a row-by-row pass reads only the rows it keeps.</summary>
    private static bool IndexLeads(Filters f) =>
        f.Organisations.Count > 0 || (f.Types.Count > 0 && !f.TypesOnRows) || ((f.From is not null || f.To is not null) && !f.DatesOnRows);

    /// <summary>Matches a window must hold before its yield alone sends a page to the whole index (fewer say too little).</summary>
    private const int JumpMinResults = 8;

    /// <summary>
    /// Rows passing the filters, per match estimated before them, up to which the filters are read first as a set of row
    /// ids (<see cref="ISearchDialect.FiltersAsRowSet"/>). On SQLite at a million rows a row read into the set from an index
    /// cost about 0.15 µs, and looking up a match's row to test it about 4 µs: a type's 99,695 rows against 25,809 matches
    /// counted in 52 ms against 119 ms. Eight, not twenty-five, because rows passing several filters may each be looked up.
    /// </summary>
    internal static double RowSetRatio { get; set; } = 8;

    /// <summary>Whether a filtered match over the whole index reads its filters first as a set of row ids: where the engine
    /// can, and fewer rows pass them than <see cref="RowSetRatio"/> times the matches (counting stops there).</summary>
    private async Task<bool> RowSetServesAsync(Plan plan, double matches, CancellationToken ct)
    {
        var ps = new List<(string, object)>();
        var where = Where(plan.Filters, ps);
        if (!Dialect.FiltersAsRowSet || plan.Match is null || where.Length == 0)
        {
            return false;
        }

        var cap = (long)Math.Ceiling(matches * RowSetRatio);
        await using var cmd = plan.Conn.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM (SELECT 1 FROM core_search_entries e WHERE 1 = 1 {where} LIMIT {cap.ToString(CultureInfo.InvariantCulture)}) AS passing";
        ps.ForEach(p => AddParam(cmd, p.Item1, p.Item2));
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture) < cap;
    }

    /// <summary>
    /// Browsing by filters alone: total and facets estimated from an even sample of about <see cref="FacetSampleRows"/>
    /// rows, with how many rows the facets span (<c>Unfaceted</c>: every filter but the facet ones); null when the index is
    /// small enough to count exactly.
    /// </summary>
    private async Task<(int Total, int Unfaceted, Dictionary<string, IReadOnlyList<FacetCount>> Facets)?> BrowseSampleAsync(
        DbConnection conn, Filters filters, CancellationToken ct)
    {
        var (min, max) = await RowIdRangeAsync(conn, ct);
        var every = (int)Math.Min(int.MaxValue, (max - min + 1) / FacetSampleRows);
        if (every < 2)
        {
            return null;
        }

        var (facets, approximate, total, unfaceted) = await FacetsAsync(conn, null, filters, every, ct);
        return approximate ? (total, unfaceted, facets) : null;
    }

    /// <summary>
    /// SQLite: each phrase's idf estimated from its count within the window (the window's rows stand for the index), for
    /// <see cref="SqliteWindowBm25"/>; null where the engine weighs terms itself or the function is missing.
    /// </summary>
    private async Task<double[]?> IdfAsync(Plan plan, Window w, CancellationToken ct)
    {
        var phrases = Dialect.RankPhrases(plan.Parsed);
        if (phrases.Count == 0 || plan.Conn is not Microsoft.Data.Sqlite.SqliteConnection sqlite || !SqliteWindowBm25.Register(sqlite))
        {
            return null;
        }

        var positive = plan.Parsed.Groups.Sum(g => g.Count(c => c.Tokens.Count > 0));
        // Counted among at most IdfIds of the newest rows: a common word's idf needs no more, and a wide window (a rare
        // combination of common words) would read most of the word's doclist.
        w = w.Ids > IdfIds ? w with { From = w.Max - IdfIds + 1, Ids = IdfIds } : w;
        var idf = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < phrases.Count; i++)
        {
            if (!idf.ContainsKey(phrases[i]))
            {
                // Excluded phrases never occur in a match; FTS5's own formula otherwise, floored as bm25() floors it.
                var n = i >= positive ? -1 : await CountAsync(plan.Conn, phrases[i], NoFilters, w, ct);
                idf[phrases[i]] = n < 0 ? 0 : Math.Max(1e-6, Math.Log((w.Ids - n + 0.5) / (n + 0.5)));
            }
        }

        return phrases.Select(p => idf[p]).ToArray();
    }

    /// <summary>
    /// Newest (or oldest) first over many matches: the date index is walked and each row probed in the doclists, which
    /// reads a few rows per hit while matches are common; rarer matches are collected first and sorted. Where rows are
    /// checked one by one (PostgreSQL), a walked row costs its inline stripped vector (about 1.7 µs at a million), a
    /// collected candidate a bitmap heap fetch and its checks (6–10 µs): 都市更新, 8,700 matches among 25,000 candidates,
    /// took 260 ms collected. The window counts matches before filters, and a walk also passes every row the filters drop
    /// (a department's query walked 386,000 rows, 830 ms), so their share is counted too.
    /// </summary>
    private async Task<List<(long Id, double Score)>> WalkDatesAsync(Plan plan, Window w, CancellationToken ct)
    {
        var density = w.Matches / (double)Math.Max(1, w.Ids);
        var probes = (plan.Offset + plan.Take) / Math.Max(density * await WalkedShareAsync(plan, w, ct), 1e-9);
        // Collected, the candidates are the rows holding every driving word, and at least the matches.
        var walked = plan.RowMatch is { } row
            ? Math.Max(PerRowIds, CollectedRowCost * Math.Max(row.DriverJoint, density) * w.Span)
            : 4 * RankWindow;
        return await SelectAsync(plan, plan.Match, string.Empty, int.MaxValue, ct, probe: probes <= walked);
    }

    /// <summary>A candidate collected through the full-text index against a row walked in date order, in time (PostgreSQL).</summary>
    private const double CollectedRowCost = 3;

    /// <summary>
    /// The share of rows a date walk keeps past the filters, among the newest <see cref="IdfIds"/> row ids. Dates bound the
    /// walk itself (the date index is sought to them), and the planner can walk one organisation's rows in the
    /// (organisation, date) index (assumed, not yet seen in a traced plan), so neither is counted; a year is not sought,
    /// and the rows of every later year come first.
    /// </summary>
    private async Task<double> WalkedShareAsync(Plan plan, Window w, CancellationToken ct)
    {
        var f = plan.Filters with { From = null, To = null };
        if (!Dialect.ChecksEveryRow)
        {
            // SQLite walks the date index either way, probing each row or testing it against the collected match set: the
            // filters' share changes how many rows it passes under both.
            return 1;
        }

        if (f.Years.Count > 0)
        {
            return 0;
        }

        f = f.Organisations.Count == 1 ? f with { Organisations = [] } : f;
        if (f.Types.Count + f.Organisations.Count + f.Kinds.Count + f.Languages.Count == 0)
        {
            return 1;
        }

        var newest = w with { From = w.Max - Math.Min(IdfIds, w.Span) + 1, Ids = Math.Min(IdfIds, w.Span) };
        return await CountAsync(plan.Conn, null, f, newest, ct) / (double)Math.Max(1, newest.Ids);
    }

    private static readonly Filters NoFilters = new([], [], [], [], [], null, null, false);

    /// <summary>
    /// A sample of about one row id in <paramref name="every"/>: 32 evenly spaced runs of row ids, each of which the
    /// engine seeks to, so rows outside them are never read (a modulo test would still visit every match).
    /// </summary>
    private async Task<(IReadOnlyList<(long From, long To)> Runs, double Scale)> SampleAsync(DbConnection conn, int every, CancellationToken ct)
    {
        var (min, max) = await RowIdRangeAsync(conn, ct);
        const int Runs = 32;
        var span = max - min + 1;
        var stride = span / Runs;
        var run = Math.Max(1, span / every / Runs);
        if (max < min || stride <= run)
        {
            return ([], 1);
        }

        var runs = Enumerable.Range(0, Runs).Select(i => (min + (i * stride), min + (i * stride) + run - 1)).ToList();
        return (runs, span / (double)(Runs * run));
    }

    private async Task<(long Min, long Max)> RowIdRangeAsync(DbConnection conn, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        // Two subqueries: SQLite answers a lone MIN or MAX from the b-tree's end, but both in one SELECT scan the table.
        cmd.CommandText = "SELECT (SELECT MIN(\"Id\") FROM core_search_entries), (SELECT MAX(\"Id\") FROM core_search_entries)";
        cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return reader.IsDBNull(0)
            ? (1, 0)
            : (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
    }

    /// <summary>Organisations whose rows a date walk reads one by one in the (organisation, date) index.</summary>
    private const int MaxOrganisationsWalked = 16;

    /// <param name="counted">Set to how many rows the conditions keep in all, where the ranking pass counts them too; left
    /// negative where the query reads otherwise (in date order, or through a row set).</param>
    private async Task<List<(long Id, double Score)>> SelectAsync(Plan plan, string? match, string extraWhere, int matches, CancellationToken ct,
        Window? window = null, double[]? idf = null, bool probe = false, StrongBox<int>? counted = null)
    {
        var hits = new List<(long Id, double Score)>();
        await using var cmd = plan.Conn.CreateCommand();
        var ps = new List<(string, object)>();
        var filterWhere = Where(plan.Filters, ps);
        var where = filterWhere + extraWhere;
        var byDate = plan.Sort != SearchSort.Relevance || plan.Browsing;
        var sort = plan.Sort switch
        {
            SearchSort.Oldest => "e.\"Date\" ASC, e.\"Id\" ASC",
            _ when byDate => "e.\"Date\" DESC, e.\"Id\" DESC",
            _ => "score DESC, e.\"Date\" DESC, e.\"Id\" DESC",
        };
        var phrase = byDate || match is null ? null : Dialect.BuildPhrase(plan.Parsed);
        // Newest first over many matches: walking the date index and probing the match set finds a page after reading a
        // few rows per hit, where sorting every match would read them all.
        var groups = byDate || match is null ? [] : Dialect.RankGroups(plan.Parsed);
        var walk = byDate && matches > RankWindow;
        var check = match is null ? RowCheck.None : Check(plan.RowMatch, window is { PerRow: true } || (walk && probe));
        string? sql = null;
        var organisations = plan.Filters.Organisations;
        if (walk && organisations.Count is > 0 and <= MaxOrganisationsWalked && extraWhere.Length == 0)
        {
            // Each organisation's conditions: the other filters once (their parameters are shared), its own id.
            var own = new List<(string, object)>();
            var others = Where(plan.Filters with { Organisations = [] }, own);
            var wheres = organisations.Select((o, i) =>
            {
                own.Add(("worg" + i.ToString(CultureInfo.InvariantCulture), o));
                return others + " AND e.\"OrganisationId\" = " + Dialect.Param("worg" + i.ToString(CultureInfo.InvariantCulture));
            }).ToList();
            if (Dialect.OrganisationsDateWalkSql(wheres, sort, match is not null, probe) is { } walks)
            {
                (sql, ps) = (walks, own);
            }
        }

        var rowSet = plan.RowSet && match is not null && !byDate && window is null && extraWhere.Length == 0 && filterWhere.Length > 0;
        var counting = counted is not null && !rowSet && sql is null && !walk;
        cmd.CommandText = rowSet ? Dialect.RowSetSelectSql(filterWhere, phrase is not null) : sql ?? (walk
            ? Dialect.DateWalkSql(where, sort, match is not null, probe, check)
            : Dialect.SelectSql(where, sort, match is not null, phrase is not null, groups.Count, entries: filterWhere.Length > 0 || byDate,
                window: window is not null, idf: idf?.Length ?? 0, rows: check, counted: counting));
        AddRowMatch(cmd, plan.RowMatch, check);

        if (window is not null)
        {
            AddParam(cmd, "wfrom", window.From);
        }

        for (var i = 0; i < (idf?.Length ?? 0); i++)
        {
            AddParam(cmd, "idf" + i, idf![i]);
        }

        await AddRankParametersAsync(cmd, plan, groups, ct);
        if (match is not null)
        {
            AddParam(cmd, "q", match);
        }

        if (phrase is not null)
        {
            AddParam(cmd, "phrase", phrase);
        }

        AddParam(cmd, "limit", plan.Take);
        AddParam(cmd, "offset", plan.Offset);
        ps.ForEach(p => AddParam(cmd, p.Item1, p.Item2));
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                hits.Add((Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToDouble(reader.GetValue(1), CultureInfo.InvariantCulture)));
                if (counting && hits.Count == 1)
                {
                    counted!.Value = Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture);
                }
            }
        }

        if (counting && hits.Count == 0 && plan.Offset == 0)
        {
            counted!.Value = 0;
        }

        return hits;
    }

    private static bool HasAnyFilter(Filters f, ParsedQuery parsed) =>
        f.Types.Count > 0 || f.Organisations.Count > 0 || f.Kinds.Count > 0 || f.Years.Count > 0 || f.Languages.Count > 0
        || f.From is not null || f.To is not null || parsed.Departments.Count > 0;

    /// <summary>Entries whose identifier is the typed text exactly, e.g. a document number or a dataset name.</summary>
    private async Task<List<long>> ExactAsync(DbConnection conn, ParsedQuery parsed, Filters filters, CancellationToken ct)
    {
        var text = NormalizeIdentifier(parsed.Text.Trim('"'));
        if (text.Length == 0 || text.Length > 200 || parsed.Excluded.Count > 0)
        {
            return [];
        }

        // Looked up by the identifier's own index and filtered here: with filters in the SQL a planner may prefer their index.
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"""
            SELECT e."Id", e."Type", e."OrganisationId", e."Kind", e."Year", e."Language", e."Date" FROM core_search_entries e
            WHERE e."Identifier" = {Dialect.Param("ident")}
            ORDER BY e."Date" DESC LIMIT 50
            """;
        AddParam(cmd, "ident", text);
        var ids = new List<long>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct) && ids.Count < 5)
        {
            var date = ReadDate(reader.GetValue(6));
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            if ((filters.Types.Count == 0 || filters.Types.Contains(reader.GetString(1)))
                && (filters.Organisations.Count == 0 || (!reader.IsDBNull(2) && filters.Organisations.Contains(reader.GetGuid(2))))
                && (filters.Kinds.Count == 0 || (Text(3) is { } k && filters.Kinds.Contains(k)))
                && (filters.Years.Count == 0 || filters.Years.Contains(Convert.ToInt32(reader.GetValue(4), CultureInfo.InvariantCulture)))
                && (filters.Languages.Count == 0 || (Text(5) is { } l && filters.Languages.Contains(l)))
                && (filters.From is not { } f || date >= f)
                && (filters.To is not { } t || date < t))
            {
                ids.Add(Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture));
            }
        }

        return ids;
    }

    /// <summary>The shown columns of one page of row ids, in their order, with snippets cut from the stored public text.</summary>
    private async Task<List<SearchHit>> LoadAsync(DbConnection conn, List<(long Id, double Score)> page, List<long> exact,
        IReadOnlyList<QueryClause> clauses, CancellationToken ct)
    {
        if (page.Count == 0)
        {
            return [];
        }

        var rows = new Dictionary<long, SearchHit>();
        await using (var cmd = conn.CreateCommand())
        {
            var inv = CultureInfo.InvariantCulture;
            cmd.CommandText = $"SELECT {Columns}, 0.0 FROM core_search_entries e WHERE e.\"Id\" IN ({string.Join(", ", page.Select(p => p.Id.ToString(inv)))})";
            cmd.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows[Convert.ToInt64(reader.GetValue(0), inv)] = ReadHit(reader, clauses);
            }
        }

        return page.Where(p => rows.ContainsKey(p.Id))
            .Select(p => rows[p.Id] with { Score = p.Score, ExactIdentifier = exact.Contains(p.Id) })
            .ToList();
    }

    internal const string Columns = "e.\"Id\", e.\"Type\", e.\"Key\", e.\"OrganisationId\", e.\"Title\", e.\"Body\", e.\"Url\", e.\"Language\", e.\"Date\", e.\"Kind\"";

    private static SearchHit ReadHit(DbDataReader reader, IReadOnlyList<QueryClause> clauses) =>
        new(
            reader.GetString(1),
            reader.GetString(2),
            reader.GetString(4),
            Snippets.Make(reader.GetString(5), clauses),
            reader.GetString(6),
            ReadDate(reader.GetValue(8)),
            reader.IsDBNull(3) ? null : reader.GetGuid(3),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            Convert.ToDouble(reader.GetValue(10), CultureInfo.InvariantCulture))
        {
            Kind = reader.IsDBNull(9) ? null : reader.GetString(9),
        };

    /// <summary>
    /// One pass over the matches grouped by every facet at once; each facet's counts then apply every filter but its own,
    /// so that choosing one year still shows how many matches the other years hold.
    /// </summary>
    private async Task<(Dictionary<string, IReadOnlyList<FacetCount>> Facets, bool Approximate, int Total, int Unfaceted)> FacetsAsync(
        DbConnection conn, string? match, Filters filters, int every, CancellationToken ct, RowMatch? row = null, bool driven = false)
    {
        var rows = new List<FacetRow>();
        // A driven sample keeps the full-text lookup and takes every k-th row id of what it finds; the other reads runs of
        // row ids, each row checked, where a lookup would find too many.
        driven &= every > 1;
        var sample = driven ? (Runs: [], Scale: every) : every > 1 ? await SampleAsync(conn, every, ct) : (Runs: [], Scale: 1.0);
        await using (var cmd = conn.CreateCommand())
        {
            var ps = new List<(string, object)>();
            var where = Where(filters with { Types = [], Organisations = [], Kinds = [], Years = [], Languages = [] }, ps)
                + (driven ? " AND e.\"Id\" % " + every.ToString(CultureInfo.InvariantCulture) + " = 0" : string.Empty);
            var check = match is null ? RowCheck.None : Check(row, sample.Runs.Count > 0);
            cmd.CommandText = Dialect.FacetSql(where, match is not null, sample.Runs, check);
            AddRowMatch(cmd, row, check);

            if (match is not null)
            {
                AddParam(cmd, "q", match);
            }

            ps.ForEach(p => AddParam(cmd, p.Item1, p.Item2));
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new FacetRow(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                    Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture), reader.IsDBNull(4) ? null : reader.GetString(4),
                    (int)Math.Round(Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture) * sample.Scale)));
            }
        }

        var (facets, total) = FacetCounts(rows, filters);
        return (facets, sample.Runs.Count > 0 || driven, total, rows.Sum(r => r.Count));
    }

    /// <summary>One combination of facet values and how many matches have it.</summary>
    private sealed record FacetRow(string Type, Guid? Org, string? Kind, int Year, string? Lang, int Count);

    private static bool PassesFacetFilters(string facet, FacetRow r, Filters filters) =>
        (facet == SearchFacets.Type || filters.Types.Count == 0 || filters.Types.Contains(r.Type))
        && (facet == SearchFacets.Organisation || filters.Organisations.Count == 0 || (r.Org is { } o && filters.Organisations.Contains(o)))
        && (facet == SearchFacets.Kind || filters.Kinds.Count == 0 || (r.Kind is { } k && filters.Kinds.Contains(k)))
        && (facet == SearchFacets.Year || filters.Years.Count == 0 || filters.Years.Contains(r.Year))
        && (facet == SearchFacets.Language || filters.Languages.Count == 0 || (r.Lang is { } l && filters.Languages.Contains(l)));

    /// <summary>Each facet's counts under every filter but its own, and the total under all of them.</summary>
    private static (Dictionary<string, IReadOnlyList<FacetCount>> Facets, int Total) FacetCounts(IReadOnlyList<FacetRow> rows, Filters filters)
    {
        IReadOnlyList<FacetCount> Count(string facet, Func<FacetRow, string?> value) =>
            rows.Where(r => PassesFacetFilters(facet, r, filters)).GroupBy(value).Where(g => g.Key is not null)
                .Select(g => new FacetCount(g.Key!, g.Sum(r => r.Count)))
                .OrderByDescending(f => f.Count).ThenBy(f => f.Value, StringComparer.Ordinal).ToList();

        var facets = new Dictionary<string, IReadOnlyList<FacetCount>>(StringComparer.Ordinal)
        {
            [SearchFacets.Type] = Count(SearchFacets.Type, r => r.Type),
            [SearchFacets.Organisation] = Count(SearchFacets.Organisation, r => r.Org?.ToString()),
            [SearchFacets.Kind] = Count(SearchFacets.Kind, r => r.Kind),
            [SearchFacets.Year] = Count(SearchFacets.Year, r => r.Year.ToString(CultureInfo.InvariantCulture)),
            [SearchFacets.Language] = Count(SearchFacets.Language, r => r.Lang),
        };
        return (facets, rows.Where(r => PassesFacetFilters(string.Empty, r, filters)).Sum(r => r.Count));
    }

    private async Task<int> CountAsync(DbConnection conn, string? match, Filters filters, Window? window, CancellationToken ct,
        RowMatch? row = null, bool rowSet = false)
    {
        await using var cmd = conn.CreateCommand();
        var ps = new List<(string, object)>();
        var check = match is null ? RowCheck.None : Check(row, window is { PerRow: true });
        cmd.CommandText = rowSet && match is not null && window is null or { Whole: true }
            ? Dialect.RowSetCountSql(Where(filters, ps))
            : Dialect.CountSql(Where(filters, ps) + (window is null ? string.Empty : WindowWhere(window)), match is not null, check);
        AddRowMatch(cmd, row, check);

        if (match is not null)
        {
            AddParam(cmd, "q", match);
        }

        ps.ForEach(p => AddParam(cmd, p.Item1, p.Item2));
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    /// <summary>The filter conditions as SQL appended after the match (each starting with AND).</summary>
    private string Where(Filters f, List<(string, object)> ps)
    {
        var sql = new StringBuilder();
        void In<T>(string column, IReadOnlyList<T> values, string name)
            where T : notnull
        {
            if (values.Count == 0)
            {
                return;
            }

            var names = values.Select((v, i) => { ps.Add((name + i, v)); return Dialect.Param(name + i); });
            sql.Append(" AND ").Append(column).Append(" IN (").AppendJoin(", ", names).Append(')');
        }

        In(f.TypesOnRows ? Dialect.Unindexed("e.\"Type\"", text: true) : "e.\"Type\"", f.Types, "type");
        In("e.\"OrganisationId\"", f.Organisations, "org");
        In("e.\"Kind\"", f.Kinds, "kind");
        In("e.\"Year\"", f.Years, "year");
        In("e.\"Language\"", f.Languages, "lang");
        var date = f.DatesOnRows ? Dialect.Unindexed("e.\"Date\"", text: false) : "e.\"Date\"";
        if (f.From is { } from)
        {
            sql.Append(" AND ").Append(date).Append(" >= ").Append(Dialect.Param("from"));
            ps.Add(("from", Dialect.DateValue(from)));
        }

        if (f.To is { } to)
        {
            sql.Append(" AND ").Append(date).Append(" < ").Append(Dialect.Param("to"));
            ps.Add(("to", Dialect.DateValue(to)));
        }

        return sql.ToString();
    }

    /// <summary>Merges the request's filters with the query's own dept:/type:/from:/to:, resolving names to ids.</summary>
    private async Task<Filters> ResolveAsync(SearchRequest request, ParsedQuery parsed, CancellationToken ct)
    {
        var impossible = false;
        var types = request.Types.ToList();
        if (parsed.Types.Count > 0)
        {
            var sources = services?.GetServices<ISearchSource>().ToList() ?? [];
            var typed = new List<string>();
            foreach (var t in parsed.Types)
            {
                var hits = sources.Where(s => string.Equals(s.Type, t, StringComparison.OrdinalIgnoreCase)
                    || s.Aliases.Any(a => string.Equals(a, t, StringComparison.OrdinalIgnoreCase))).Select(s => s.Type).ToList();
                typed.AddRange(hits.Count > 0 ? hits : [t]);
            }

            // Distinct: a type named by its alias too would count twice in a planner's estimate of the IN list.
            types = types.Count == 0 ? typed.Distinct(StringComparer.Ordinal).ToList() : types.Intersect(typed, StringComparer.Ordinal).ToList();
            impossible |= types.Count == 0;
        }

        var orgs = request.OrganisationIds.ToList();
        if (parsed.Departments.Count > 0)
        {
            var all = await db.Organisations.AsNoTracking().ToListAsync(ct);
            var named = new HashSet<Guid>();
            foreach (var d in parsed.Departments)
            {
                var org = all.FirstOrDefault(o => string.Equals(o.Code, d, StringComparison.OrdinalIgnoreCase))
                    ?? all.FirstOrDefault(o => o.Name.All().Any(n => string.Equals(NormalizeIdentifier(n), NormalizeIdentifier(d), StringComparison.Ordinal)));
                if (org is not null)
                {
                    named.UnionWith(await OrganisationTree.DescendantsAndSelfAsync(db, org.Id, ct));
                }
            }

            orgs = orgs.Count == 0 ? [.. named] : orgs.Where(named.Contains).ToList();
            impossible |= orgs.Count == 0;
        }

        var from = request.From;
        var to = request.To is { } t0 ? t0.AddTicks(1) : (DateTimeOffset?)null;
        var time = services?.GetService<SiteTime>();
        DateTimeOffset Day(DateOnly d) => time?.StartOfDay(d) ?? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        if (parsed.From is { } pf)
        {
            from = from is { } f0 && f0 > Day(pf) ? f0 : Day(pf);
        }

        if (parsed.To is { } pt)
        {
            var end = Day(pt.AddDays(1));
            to = to is { } t1 && t1 < end ? t1 : end;
        }

        return new Filters(types, orgs, request.Kinds, request.Years, request.Languages, from, to, impossible);
    }

    public async Task<IReadOnlyList<string>> MatchKeysAsync(string type, string query, int max, CancellationToken ct = default)
    {
        var match = Dialect.BuildMatch(SearchQueryParser.ParseQuery(query));
        if (match is null)
        {
            return [];
        }

        return await WithConnectionAsync(async conn =>
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

            return (IReadOnlyList<string>)keys;
        }, ct);
    }

    /// <summary>Titles and keywords starting with what was typed; keywords shared by many entries first.</summary>
    public async Task<IReadOnlyList<SearchSuggestion>> SuggestAsync(string prefix, int max, CancellationToken ct = default)
    {
        var p = NormalizeIdentifier(prefix);
        if (p.Length == 0 || p.Length > 100)
        {
            return [];
        }

        max = Math.Clamp(max, 1, 20);
        // A short prefix can start a hundred thousand titles: only the first few thousand in index order are weighed.
        var rows = await db.SearchSuggestions.AsNoTracking()
            .Where(s => s.Normalized.StartsWith(p))
            .OrderBy(s => s.Normalized)
            .Take(2000)
            .Select(s => new { s.Normalized, s.Text, s.IsTitle, s.EntryId })
            .ToListAsync(ct);
        var keywords = rows.Where(r => !r.IsTitle).GroupBy(r => r.Normalized)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SearchSuggestion(g.First().Text, "keyword", null, null));
        var titleIds = rows.Where(r => r.IsTitle).Select(r => r.EntryId).Distinct().Take(max).ToList();
        var titles = await db.SearchEntries.AsNoTracking().Where(e => titleIds.Contains(e.Id))
            .OrderByDescending(e => e.Date).Select(e => new SearchSuggestion(e.Title, "title", e.Type, e.Url)).ToListAsync(ct);
        return keywords.Take((max + 1) / 2).Concat(titles).Take(max).ToList();
    }

    private async Task<T> WithConnectionAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken ct)
    {
        var conn = db.Database.GetDbConnection();
        var opened = conn.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        try
        {
            return await work(conn);
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }
}
