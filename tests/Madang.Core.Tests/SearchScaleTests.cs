using Madang.Core.Search;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Core.Tests;

/// <summary>The bounded paths a city-scale index takes, exercised at small size by lowering their thresholds.</summary>
[Collection(nameof(SearchScaleTests))]
[CollectionDefinition(nameof(SearchScaleTests), DisableParallelization = true)]
public sealed class SearchScaleTests
{
    private static readonly DateTimeOffset Date = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Guid[] Departments = [Guid.Parse("0c6bf608-b0e5-417e-a611-996e1cf73aa0"), Guid.Parse("8e6ce33c-1821-4321-835a-00c8ebf6f18c"), Guid.Parse("d341a3d3-dd9f-45b8-b271-093e8101dce1")];

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task BroadQuery_RanksWithinNewestWindow_TitleMatchesFirst_EstimatesTotals_AndSamplesFacets(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = KernelHost.Create(test);
        await using (var scope = sp.CreateAsyncScope())
        {
            var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
            for (var i = 0; i < 200; i++)
            {
                // Every fifth document has the word in its title; all have it in the body.
                var title = i % 5 == 0 ? $"예산 보고 {i}" : $"회의 자료 {i}";
                await index.UpsertAsync(new SearchDocument("test.doc", "k" + i, title, "이번 예산 집행 현황을 알립니다.", "d/" + i, Date.AddDays(i % 40), Departments[i % 3], Language: "ko") { Kind = i % 7 < 3 ? "report" : "minutes" });
            }

            await scope.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>().SaveChangesAsync();
        }

        var (window, probe, exactIds, exactLimit, sample, minEvery, sampleRows, collect, drivenLimit) = (SearchIndex.RankWindow, SearchIndex.ProbeIds, SearchIndex.ExactIds,
            SearchIndex.FacetExactLimit, SearchIndex.FacetSample, SearchIndex.FacetMinEvery, SearchIndex.FacetSampleRows, SearchIndex.CheckedCollectMatches,
            SearchIndex.FilteredDrivenMatches);
        try
        {
            SearchIndex.RankWindow = 5;
            SearchIndex.ProbeIds = 16;
            SearchIndex.ExactIds = 16;
            SearchIndex.FacetSampleRows = 50;
            SearchIndex.FacetExactLimit = 10;
            SearchIndex.FacetSample = 10;
            SearchIndex.FacetMinEvery = 2;
            SearchIndex.CheckedCollectMatches = 20;
            SearchIndex.FilteredDrivenMatches = 20;
            await using var read = sp.CreateAsyncScope();
            var search = read.ServiceProvider.GetRequiredService<ISearchIndex>();

            // 200 matches, ranked within a window of the newest: the total is estimated and says so.
            var first = await search.SearchAsync(new SearchRequest { Query = "예산", Limit = 8 });
            Assert.True(first.TotalApproximate);
            Assert.InRange(first.Total, 150, 250);
            Assert.Equal(8, first.Hits.Count);
            // Title matches come first, then body-only matches: no title match after the first body-only one.
            var titles = first.Hits.Select(h => h.Title.StartsWith("예산", StringComparison.Ordinal)).ToList();
            Assert.True(titles[0]);
            Assert.DoesNotContain(true, titles.SkipWhile(t => t));
            // The window holds the newest rows.
            Assert.All(first.Hits, h => Assert.True(int.Parse(h.Key[1..], System.Globalization.CultureInfo.InvariantCulture) >= 150, h.Key));

            // A deep page widens the window until it holds the page, and repeats nothing of the first.
            var second = await search.SearchAsync(new SearchRequest { Query = "예산", Limit = 8, Offset = 40 });
            Assert.Equal(8, second.Hits.Count);
            Assert.Empty(first.Hits.Select(h => h.Key).Intersect(second.Hits.Select(h => h.Key)));

            // Facets counted on an even sample, scaled, and said to be approximate.
            Assert.True(first.FacetsApproximate);
            var kinds = first.Facets[SearchFacets.Kind];
            Assert.Equal(2, kinds.Count);
            Assert.InRange(kinds.Sum(k => k.Count), 150, 250);

            // A filter: estimated too, and every hit passes it.
            var reports = await search.SearchAsync(new SearchRequest { Query = "예산", Kinds = ["report"], Limit = 5 });
            Assert.True(reports.TotalApproximate);
            Assert.InRange(reports.Total, 40, 140);
            Assert.All(reports.Hits, h => Assert.Equal("report", h.Kind));
            // PostgreSQL finds a filtered query with few matches through the full-text index over the whole index instead
            // (SQLite always reads only the doclists): then the total is exact.
            SearchIndex.FilteredDrivenMatches = 1_000;
            var driven = await search.SearchAsync(new SearchRequest { Query = "예산", Kinds = ["report"], Limit = 30 });
            Assert.All(driven.Hits, h => Assert.Equal("report", h.Kind));
            if (provider == "Postgres")
            {
                Assert.False(driven.TotalApproximate);
                Assert.Equal(87, driven.Total);
                // Few enough matches for exact facets: one count of them gives the facets and the total.
                SearchIndex.FacetExactLimit = 1_000;
                var counted = await search.SearchAsync(new SearchRequest { Query = "예산", Kinds = ["report"], Limit = 30 });
                SearchIndex.FacetExactLimit = 10;
                Assert.Equal(87, counted.Total);
                Assert.False(counted.FacetsApproximate);
                Assert.Equal(87, counted.Facets[SearchFacets.Kind].Single(k => k.Value == "report").Count);
                Assert.Equal(113, counted.Facets[SearchFacets.Kind].Single(k => k.Value == "minutes").Count);
            }

            SearchIndex.FilteredDrivenMatches = 20;

            // Deep in a filtered query the whole index is ranked. SQLite reads the rows passing the filter first, as a set
            // of row ids the full-text scan tests, when few enough pass (RowSetRatio); otherwise it looks up each match's row.
            // Either way: the page past most matches holds the rest, the last page the remainder, each counted exactly. (Too
            // many matches to collect in one pass: ranked by the engine, and counted in that pass where it can.)
            var (ratio, collectLimit) = (SearchIndex.RowSetRatio, SearchIndex.CollectLimit);
            try
            {
                SearchIndex.CollectLimit = 20;
                var unfiltered = await search.SearchAsync(new SearchRequest { Query = "예산", Limit = 10, Offset = 195 });
                Assert.Equal(5, unfiltered.Hits.Count);
                Assert.Equal(200, unfiltered.Total);
                foreach (var r in new[] { ratio, 0 })
                {
                    SearchIndex.RowSetRatio = r;
                    var deep = await search.SearchAsync(new SearchRequest { Query = "예산", Kinds = ["report"], Limit = 10, Offset = 70 });
                    Assert.Equal(10, deep.Hits.Count);
                    Assert.All(deep.Hits, h => Assert.Equal("report", h.Kind));
                    Assert.False(deep.TotalApproximate, $"ratio {r}");
                    Assert.Equal(87, deep.Total);
                    var last = await search.SearchAsync(new SearchRequest { Query = "예산", Kinds = ["report"], Limit = 10, Offset = 80, WithFacets = true });
                    Assert.Equal(7, last.Hits.Count);
                    Assert.All(last.Hits, h => Assert.Equal("report", h.Kind));
                    Assert.Equal(87, last.Total);
                    Assert.Empty(deep.Hits.Select(h => h.Key).Intersect(last.Hits.Select(h => h.Key)));
                }
            }
            finally
            {
                (SearchIndex.RowSetRatio, SearchIndex.CollectLimit) = (ratio, collectLimit);
            }

            // Phrases and exclusions within a window: the words of a phrase in another order are not the phrase.
            var phrase = await search.SearchAsync(new SearchRequest { Query = "\"예산 집행\" -회의", Limit = 5 });
            Assert.Equal(5, phrase.Hits.Count);
            Assert.All(phrase.Hits, h => Assert.StartsWith("예산", h.Title, StringComparison.Ordinal));
            Assert.Empty((await search.SearchAsync(new SearchRequest { Query = "\"집행 예산\"" })).Hits);

            // Filters alone over more rows than are counted exactly: total and facets from an even sample.
            var browse = await search.SearchAsync(new SearchRequest { Kinds = ["minutes"], Limit = 3 });
            Assert.True(browse.TotalApproximate);
            Assert.True(browse.FacetsApproximate);
            Assert.InRange(browse.Total, 80, 150);
            Assert.All(browse.Hits, h => Assert.Equal("minutes", h.Kind));

            // With a date too: the sample's rows are filtered by it (read by row id, then tested), and so are the hits.
            var recent = await search.SearchAsync(new SearchRequest { Kinds = ["minutes"], From = Date.AddDays(20), Limit = 5 });
            Assert.True(recent.FacetsApproximate);
            Assert.InRange(recent.Total, 30, 90);
            Assert.Equal(5, recent.Hits.Count);
            Assert.All(recent.Hits, h => Assert.True(h.Kind == "minutes" && h.Date >= Date.AddDays(20), h.Key));
            Assert.InRange(recent.Facets[SearchFacets.Kind].Single(k => k.Value == "report").Count, 20, 70);

            // Filters alone that keep few rows are counted exactly, while their facets, spanning many, come from the sample.
            (SearchIndex.FacetSampleRows, SearchIndex.FacetExactLimit) = (100, 150);
            var few = await search.SearchAsync(new SearchRequest { Kinds = ["report"], Limit = 100 });
            (SearchIndex.FacetSampleRows, SearchIndex.FacetExactLimit) = (50, 10);
            var expected = Enumerable.Range(0, 200).Count(i => i % 7 < 3);
            Assert.False(few.TotalApproximate);
            Assert.Equal(expected, few.Total);
            Assert.Equal(expected, few.Hits.Count);
            Assert.All(few.Hits, h => Assert.Equal("report", h.Kind));
            Assert.True(few.FacetsApproximate);

            // A rare word fills no window: the whole index is searched and the total is exact.
            var rare = await search.SearchAsync(new SearchRequest { Query = "회의 자료 7" });
            Assert.False(rare.TotalApproximate);

            // Newest first over a broad match walks the date index and still returns the newest.
            var newest = await search.SearchAsync(new SearchRequest { Query = "예산", Limit = 3, Sort = SearchSort.Newest });
            Assert.Equal(["k199", "k159", "k119"], newest.Hits.Select(h => h.Key));
            var oldest = await search.SearchAsync(new SearchRequest { Query = "예산", Limit = 2, Sort = SearchSort.Oldest });
            Assert.Equal(["k0", "k40"], oldest.Hits.Select(h => h.Key));
            // With a filter the walk passes the rows it drops too (their share is counted first); still the newest that pass.
            var newestReports = await search.SearchAsync(new SearchRequest { Query = "예산", Kinds = ["report"], Limit = 3, Sort = SearchSort.Newest });
            var expectedReports = Enumerable.Range(0, 200).Where(i => i % 7 < 3).OrderByDescending(i => i % 40).ThenByDescending(i => i).Take(3).Select(i => "k" + i);
            Assert.Equal(expectedReports, newestReports.Hits.Select(h => h.Key));
            // In some departments: each walked in its own (organisation, date) index where the engine does not do that
            // itself, merged, and paged without a repeat; a deep page collects the match set first instead of probing row by row.
            foreach (var (orgs, offset) in new[] { (new[] { Departments[2] }, 0), (Departments[..2], 0), (Departments[..2], 3), (Departments[..2], 30) })
            {
                var inDepartments = await search.SearchAsync(new SearchRequest { Query = "예산", OrganisationIds = orgs, Limit = 3, Offset = offset, Sort = SearchSort.Newest });
                var expectedInDepartments = Enumerable.Range(0, 200).Where(i => orgs.Contains(Departments[i % 3]))
                    .OrderByDescending(i => i % 40).ThenByDescending(i => i).Skip(offset).Take(3).Select(i => "k" + i);
                Assert.Equal(expectedInDepartments, inDepartments.Hits.Select(h => h.Key));
            }

            // Browsing departments without words, deep and with a date: each department's rows in date order, none repeated.
            foreach (var (orgs, offset) in new[] { (new[] { Departments[1] }, 0), (new[] { Departments[1] }, 40), (Departments[1..], 50) })
            {
                var browsed = await search.SearchAsync(new SearchRequest { OrganisationIds = orgs, From = Date.AddDays(10), Limit = 4, Offset = offset });
                var expectedBrowsed = Enumerable.Range(0, 200).Where(i => orgs.Contains(Departments[i % 3]) && i % 40 >= 10)
                    .OrderByDescending(i => i % 40).ThenByDescending(i => i).Skip(offset).Take(4).Select(i => "k" + i);
                Assert.Equal(expectedBrowsed, browsed.Hits.Select(h => h.Key));
            }

            var oldestInDepartments = await search.SearchAsync(new SearchRequest { Query = "예산", OrganisationIds = Departments[..2], Limit = 3, Sort = SearchSort.Oldest });
            Assert.Equal(Enumerable.Range(0, 200).Where(i => i % 3 < 2).OrderBy(i => i % 40).ThenBy(i => i).Take(3).Select(i => "k" + i), oldestInDepartments.Hits.Select(h => h.Key));

            // A phrase walked row by row is still checked as a phrase: its words in another order match nothing.
            var newestPhrase = await search.SearchAsync(new SearchRequest { Query = "\"예산 집행\"", Limit = 3, Sort = SearchSort.Newest });
            Assert.Equal(["k199", "k159", "k119"], newestPhrase.Hits.Select(h => h.Key));
            Assert.Empty((await search.SearchAsync(new SearchRequest { Query = "\"집행 예산\"", Sort = SearchSort.Newest })).Hits);
        }
        finally
        {
            (SearchIndex.RankWindow, SearchIndex.ProbeIds, SearchIndex.ExactIds, SearchIndex.FacetExactLimit, SearchIndex.FacetSample, SearchIndex.FacetMinEvery, SearchIndex.FacetSampleRows, SearchIndex.CheckedCollectMatches)
                = (window, probe, exactIds, exactLimit, sample, minEvery, sampleRows, collect);
            SearchIndex.FilteredDrivenMatches = drivenLimit;
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task RareWordAmongCommonOnes_FindsOnlyRowsHoldingEveryWord_OnceStatisticsKnowWhichIsRare(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = KernelHost.Create(test);
        await using (var scope = sp.CreateAsyncScope())
        {
            var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
            for (var i = 0; i < 300; i++)
            {
                // Every row holds the common words; three hold the rare one, and one more holds it without them.
                var body = i % 100 == 7 ? "welfare health 2024 report 88203" : "welfare health 2024 report";
                await index.UpsertAsync(new SearchDocument("test.doc", "k" + i, "Notice " + i, body, "d/" + i, Date.AddDays(i % 40), Language: "en"));
            }

            await index.UpsertAsync(new SearchDocument("test.doc", "alone", "Alone", "88203 only", "d/alone", Date, Language: "en"));
            var db = scope.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>();
            await db.SaveChangesAsync();
            if (provider == "Postgres")
            {
                // PostgreSQL's planner statistics tell the common words from the rare one: the index then looks up the
                // rare word alone and each row it finds is checked for the rest.
                await db.Database.ExecuteSqlRawAsync("ANALYZE core_search_entries");
            }
        }

        await using var read = sp.CreateAsyncScope();
        var search = read.ServiceProvider.GetRequiredService<ISearchIndex>();
        var both = await search.SearchAsync(new SearchRequest { Query = "welfare 2024 88203" });
        Assert.Equal(["k107", "k207", "k7"], both.Hits.Select(h => h.Key).Order(StringComparer.Ordinal));
        Assert.Equal(3, both.Total);
        var without = await search.SearchAsync(new SearchRequest { Query = "88203 -welfare" });
        Assert.Equal(["alone"], without.Hits.Select(h => h.Key));
        var phrase = await search.SearchAsync(new SearchRequest { Query = "\"health welfare\" 88203" });
        Assert.Empty(phrase.Hits);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task PhraseFilteredByTypeOrDate_FindsExactlyItsRows_WhetherTheFilterIsBroadOrNarrow_AndSamplesFacetsOfManyCandidates(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = KernelHost.Create(test);
        await using (var scope = sp.CreateAsyncScope())
        {
            var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
            for (var i = 0; i < 300; i++)
            {
                // A third are datasets. One row in twenty holds the phrase, one more its words the other way round.
                var body = (i % 20) switch { 19 => "예산 집행 현황", 18 => "집행 예산 현황", _ => "회의 자료 공지" };
                await index.UpsertAsync(new SearchDocument(i % 3 == 0 ? "test.data" : "test.doc", "k" + i, "공지 " + i, body, "d/" + i, Date.AddDays(i), Language: "ko"));
            }

            var db = scope.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>();
            await db.SaveChangesAsync();
            if (provider == "Postgres")
            {
                // With statistics PostgreSQL knows documents are two thirds of the rows and the phrase's words a tenth: the
                // common type is then tested on the rows found, the rare one still looked up in its index.
                await db.Database.ExecuteSqlRawAsync("ANALYZE core_search_entries");
            }
        }

        var (checkedLimit, sample, window, probe, exactIds, collect, perRow) = (SearchIndex.FacetCheckedLimit, SearchIndex.FacetSample, SearchIndex.RankWindow,
            SearchIndex.ProbeIds, SearchIndex.ExactIds, SearchIndex.CheckedCollectMatches, SearchIndex.PerRowIds);
        try
        {
            // As in a large index: the newest rows are probed first, and the ranking window widens to the whole index,
            // where the matches are too many to rank in the same pass that counts them.
            (SearchIndex.FacetCheckedLimit, SearchIndex.FacetSample, SearchIndex.RankWindow, SearchIndex.ProbeIds, SearchIndex.ExactIds, SearchIndex.CheckedCollectMatches, SearchIndex.PerRowIds)
                = (5, 5, 5, 16, 16, 5, 40);
            await using var read = sp.CreateAsyncScope();
            var search = read.ServiceProvider.GetRequiredService<ISearchIndex>();
            // The last: two thirds of the rows are dated from day 100, so on PostgreSQL that date range is tested on the rows too.
            foreach (var (type, from, rows) in new[]
            {
                ("test.doc", (DateTimeOffset?)null, Enumerable.Range(0, 300).Where(i => i % 20 == 19 && i % 3 != 0)),
                ("test.data", null, Enumerable.Range(0, 300).Where(i => i % 20 == 19 && i % 3 == 0)),
                ("test.doc", Date.AddDays(100), Enumerable.Range(0, 300).Where(i => i % 20 == 19 && i % 3 != 0 && i >= 100)),
            })
            {
                var found = await search.SearchAsync(new SearchRequest { Query = "\"예산 집행\"", Types = [type], From = from, Limit = 50, WithFacets = true });
                Assert.Equal(rows.OrderByDescending(i => i).Select(i => "k" + i), found.Hits.Select(h => h.Key));
                var types = found.Facets[SearchFacets.Type].ToDictionary(f => f.Value, f => f.Count);
                if (provider == "Postgres")
                {
                    // 30 rows hold both words, each checked on its full vector, past the lowered limit of 5: facets come
                    // from every few row ids the lookup finds, and say they are estimates. The total is exact: the
                    // ranking held every match, fewer than the page asked for, and counted them.
                    Assert.True(found.FacetsApproximate);
                    Assert.False(found.TotalApproximate);
                    Assert.Equal(rows.Count(), found.Total);
                }
                else
                {
                    Assert.False(found.FacetsApproximate);
                    Assert.Equal(rows.Count(), found.Total);
                    Assert.Equal(Enumerable.Range(0, 300).Count(i => i % 20 == 19 && i % 3 != 0 && (from is null || i >= 100)), types["test.doc"]);
                    Assert.Equal(Enumerable.Range(0, 300).Count(i => i % 20 == 19 && i % 3 == 0 && (from is null || i >= 100)), types["test.data"]);
                }
            }
            // A page past the last match: no hits, and a total the ranking counted exactly, having held every match.
            var past = await search.SearchAsync(new SearchRequest { Query = "\"예산 집행\"", Types = ["test.doc"], Offset = 40, Limit = 20, WithFacets = true });
            Assert.Empty(past.Hits);
            Assert.False(past.TotalApproximate);
            Assert.Equal(10, past.Total);
        }
        finally
        {
            (SearchIndex.FacetCheckedLimit, SearchIndex.FacetSample, SearchIndex.RankWindow, SearchIndex.ProbeIds, SearchIndex.ExactIds, SearchIndex.CheckedCollectMatches, SearchIndex.PerRowIds)
                = (checkedLimit, sample, window, probe, exactIds, collect, perRow);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Entry_KeepsNoCopyOfItsTerms_YetReplacesAndRemovesThem(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = KernelHost.Create(test);
        async Task WriteAsync(Func<ISearchIndex, Task> write)
        {
            await using var scope = sp.CreateAsyncScope();
            await write(scope.ServiceProvider.GetRequiredService<ISearchIndex>());
            await scope.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>().SaveChangesAsync();
        }

        async Task<int> CountAsync(string q)
        {
            await using var scope = sp.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<ISearchIndex>().SearchAsync(new SearchRequest { Query = q })).Total;
        }

        await WriteAsync(i => i.UpsertAsync(new SearchDocument("test.doc", "k", "사과 수확 보고", "과수원 현황", "d/k", Date)));
        Assert.Equal(1, await CountAsync("사과"));
        await using (var db = test.NewContext())
        {
            var stored = await db.SearchEntries.AsNoTracking().SingleAsync();
            Assert.True(string.IsNullOrWhiteSpace(stored.TitleTerms) && string.IsNullOrWhiteSpace(stored.BodyTerms));
        }

        await WriteAsync(i => i.UpsertAsync(new SearchDocument("test.doc", "k", "배 수확 보고", "과수원 현황", "d/k", Date)));
        Assert.Equal(0, await CountAsync("사과"));
        Assert.Equal(1, await CountAsync("배"));

        // Emptied text leaves nothing behind to match.
        await WriteAsync(i => i.UpsertAsync(new SearchDocument("test.doc", "k", string.Empty, string.Empty, "d/k", Date)));
        Assert.Equal(0, await CountAsync("배"));
        Assert.Equal(0, await CountAsync("과수원"));

        await WriteAsync(i => i.UpsertAsync(new SearchDocument("test.doc", "k", "포도", string.Empty, "d/k", Date)));
        await WriteAsync(i => i.RemoveAsync("test.doc", "k"));
        Assert.Equal(0, await CountAsync("포도"));
    }

    [Fact]
    public async Task WindowBm25_GivenFts5sOwnIdf_ScoresExactlyAsBm25Does()
    {
        await using var test = await (await TestDatabase.CreateAsync(Madang.Core.Data.DatabaseProvider.Sqlite)).MigrateAsync();
        await using var sp = KernelHost.Create(test);
        await using (var scope = sp.CreateAsyncScope())
        {
            var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
            for (var i = 0; i < 30; i++)
            {
                // 공원 in ten documents (title, body or both), a varying number of times; 민원 in every one.
                var body = string.Join(' ', Enumerable.Repeat(i % 5 == 0 ? "공원 관리 민원" : "도로 민원", 1 + (i % 4))) + " 현황 보고";
                await index.UpsertAsync(new SearchDocument("test.doc", "k" + i, i % 7 == 0 ? "공원 민원" : "도로 보수", body, "d/" + i, Date));
            }

            await scope.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>().SaveChangesAsync();
        }

        await using var conn = new Microsoft.Data.Sqlite.SqliteConnection(test.ConnectionString);
        await conn.OpenAsync();
        Assert.True(SqliteWindowBm25.Register(conn));
        double Idf(string phrase)
        {
            using var count = conn.CreateCommand();
            count.CommandText = "SELECT (SELECT COUNT(*) FROM core_search_entries), (SELECT COUNT(*) FROM core_search_fts WHERE core_search_fts MATCH $p)";
            count.Parameters.AddWithValue("$p", phrase);
            using var r = count.ExecuteReader();
            r.Read();
            var (n, hits) = (r.GetInt64(0), r.GetInt64(1));
            return Math.Max(1e-6, Math.Log((n - hits + 0.5) / (hits + 0.5)));
        }

        using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT -bm25(core_search_fts, 10.0, 1.0), {SqliteWindowBm25.Name}(core_search_fts, 10.0, 1.0, $a, $b) FROM core_search_fts WHERE core_search_fts MATCH '\"공원\" AND \"민원\"'";
        cmd.Parameters.AddWithValue("$a", Idf("\"공원\""));
        cmd.Parameters.AddWithValue("$b", Idf("\"민원\""));
        var rows = 0;
        using (var reader = cmd.ExecuteReader())
        {
            while (reader.Read())
            {
                rows++;
                Assert.Equal(reader.GetDouble(0), reader.GetDouble(1), 9);
            }
        }

        Assert.Equal(10, rows);
    }
}
