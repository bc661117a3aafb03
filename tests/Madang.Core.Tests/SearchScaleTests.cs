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

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task BroadQuery_RanksTitleMatchesFirst_PagesIntoBodyMatches_AndSamplesFacets(string provider)
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
                await index.UpsertAsync(new SearchDocument("test.doc", "k" + i, title, "이번 예산 집행 현황을 알립니다.", "d/" + i, Date.AddDays(i % 40), Language: "ko") { Kind = i % 7 < 3 ? "report" : "minutes" });
            }

            await scope.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>().SaveChangesAsync();
        }

        var (rankAll, exactLimit, sample) = (SearchIndex.RankAllLimit, SearchIndex.FacetExactLimit, SearchIndex.FacetSample);
        try
        {
            SearchIndex.RankAllLimit = 5;
            SearchIndex.FacetExactLimit = 10;
            SearchIndex.FacetSample = 10;
            await using var read = sp.CreateAsyncScope();
            var search = read.ServiceProvider.GetRequiredService<ISearchIndex>();
            var first = await search.SearchAsync(new SearchRequest { Query = "예산", Limit = 8 });
            Assert.Equal(200, first.Total);
            Assert.All(first.Hits.Take(8), h => Assert.StartsWith("예산", h.Title, StringComparison.Ordinal));
            var second = await search.SearchAsync(new SearchRequest { Query = "예산", Limit = 8, Offset = 40 });
            Assert.NotEmpty(second.Hits);
            Assert.All(second.Hits, h => Assert.StartsWith("회의", h.Title, StringComparison.Ordinal));
            Assert.Empty(first.Hits.Select(h => h.Key).Intersect(second.Hits.Select(h => h.Key)));

            // 200 matches over a limit of 10: facets counted on a sample, scaled, and said to be approximate.
            Assert.True(first.FacetsApproximate);
            var kinds = first.Facets[SearchFacets.Kind];
            Assert.Equal(2, kinds.Count);
            Assert.InRange(kinds.Sum(k => k.Count), 150, 250);

            // A filter over more matches than are counted exactly: the total is estimated from the sample and says so.
            var reports = await search.SearchAsync(new SearchRequest { Query = "예산", Kinds = ["report"], Limit = 5 });
            Assert.True(reports.TotalApproximate);
            Assert.InRange(reports.Total, 40, 140);
            Assert.All(reports.Hits, h => Assert.Equal("report", h.Kind));
            Assert.False(first.TotalApproximate);

            // Newest first over a broad match walks the date index and still returns the newest.
            var newest = await search.SearchAsync(new SearchRequest { Query = "예산", Limit = 3, Sort = SearchSort.Newest });
            Assert.Equal(["k199", "k159", "k119"], newest.Hits.Select(h => h.Key));
        }
        finally
        {
            (SearchIndex.RankAllLimit, SearchIndex.FacetExactLimit, SearchIndex.FacetSample) = (rankAll, exactLimit, sample);
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
}
