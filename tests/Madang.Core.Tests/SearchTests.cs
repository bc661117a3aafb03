using Madang.Core.Search;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Core.Tests;

public sealed class SearchTests
{
    private static readonly DateTimeOffset Date = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Search_CjkBigramsAndWords_FindIndexedText(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = KernelHost.Create(test);
        var key = Guid.NewGuid().ToString("N");
        await using (var scope = sp.CreateAsyncScope())
        {
            var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
            await index.UpsertAsync(new SearchDocument("test.doc", key + "-ko", "2026년도 예산 편성 계획", "시민 참여 예산의 집행 현황을 보고합니다.", "d/1", Date));
            await index.UpsertAsync(new SearchDocument("test.doc", key + "-ja", "東京都の感染状況", "東京都内の検査陽性者数を公表します。", "d/2", Date));
            await index.UpsertAsync(new SearchDocument("test.doc", key + "-zh", "口罩供應地圖", "藥局口罩庫存即時查詢。", "d/3", Date));
            await index.UpsertAsync(new SearchDocument("test.doc", key + "-en", "Annual budget report", "The city's budget for transport and welfare.", "d/4", Date));
            await scope.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>().SaveChangesAsync();
        }

        await using var read = sp.CreateAsyncScope();
        var search = read.ServiceProvider.GetRequiredService<ISearchIndex>();
        async Task<IReadOnlyList<string>> Keys(string q) =>
            (await search.SearchAsync(new SearchRequest { Query = q, Types = ["test.doc"] })).Hits.Select(h => h.Key).ToList();

        Assert.Equal([key + "-ko"], await Keys("예산"));
        Assert.Equal([key + "-ja"], await Keys("東京"));
        Assert.Equal([key + "-zh"], await Keys("口罩"));
        Assert.Equal([key + "-en"], await Keys("budget"));
        Assert.Equal([key + "-en"], await Keys("BUDGET"));
        Assert.Equal([key + "-ja"], await Keys("\"東京都\""));
        Assert.Empty(await Keys("\"budget annual\""));
        Assert.Empty(await Keys("budget -welfare"));
        Assert.Equal([key + "-zh"], await Keys("口"));

        var hit = (await search.SearchAsync(new SearchRequest { Query = "예산" })).Hits.Single(h => h.Key == key + "-ko");
        Assert.Contains("<mark>예산</mark>", hit.SnippetHtml, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Search_CompoundWithACommonBigram_FindsOnlyTheCompound(string provider)
    {
        // With statistics saying 사업 is in most rows, PostgreSQL looks the compound up by its rarer bigrams alone; the rows
        // holding all three bigrams apart must still not match, and every row holding the compound must.
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = KernelHost.Create(test);
        await using (var scope = sp.CreateAsyncScope())
        {
            var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
            for (var i = 0; i < 60; i++)
            {
                var body = (i % 10) switch
                {
                    0 => "청년 지원사업 안내",
                    1 => "지원 계획과 원사 계획, 그리고 사업 계획",
                    _ => $"도로 정비 사업 {i}",
                };
                await index.UpsertAsync(new SearchDocument("test.doc", "k" + i, "공고 " + i, body, "d/" + i, Date.AddDays(i)));
            }

            var db = scope.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>();
            await db.SaveChangesAsync();
            if (provider == "Postgres")
            {
                await db.Database.ExecuteSqlRawAsync("ANALYZE core_search_entries");
            }
        }

        await using var read = sp.CreateAsyncScope();
        var search = read.ServiceProvider.GetRequiredService<ISearchIndex>();
        var found = await search.SearchAsync(new SearchRequest { Query = "지원사업", Limit = 20 });
        Assert.Equal(["k0", "k10", "k20", "k30", "k40", "k50"], found.Hits.Select(h => h.Key).Order(StringComparer.Ordinal));
        Assert.Equal(6, found.Total);
        var withAnotherWord = await search.SearchAsync(new SearchRequest { Query = "지원사업 청년", Limit = 20 });
        Assert.Equal(6, withAnotherWord.Hits.Count);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Upsert_AfterAnotherWriterRemovedAndReAddedTheEntry_SavesAndTheLastWriteIsFound(string provider)
    {
        // A long-lived unit of work (an import adding several versions) writes an entry, a worker on another connection
        // removes it and adds it again, then the first writes it once more: the save must not fail on the stale entry.
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = KernelHost.Create(test);
        await using var writer = sp.CreateAsyncScope();
        var index = writer.ServiceProvider.GetRequiredService<ISearchIndex>();
        var db = writer.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>();
        await index.UpsertAsync(new SearchDocument("test.doc", "k", "첫 번째 공고", "도로 정비", "d/k", Date));
        await db.SaveChangesAsync();

        await using (var worker = sp.CreateAsyncScope())
        {
            var other = worker.ServiceProvider.GetRequiredService<ISearchIndex>();
            var otherDb = worker.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>();
            await other.RemoveAsync("test.doc", "k");
            await otherDb.SaveChangesAsync();
            await other.UpsertAsync(new SearchDocument("test.doc", "k", "작업자 공고", "하천 정비", "d/k", Date));
            await otherDb.SaveChangesAsync();
        }

        await index.UpsertAsync(new SearchDocument("test.doc", "k", "세 번째 공고", "공원 조성", "d/k", Date));
        await db.SaveChangesAsync();
        await index.RemoveAsync("test.doc", "gone");
        await db.SaveChangesAsync();

        await using var read = sp.CreateAsyncScope();
        var search = read.ServiceProvider.GetRequiredService<ISearchIndex>();
        Assert.Equal(["k"], (await search.SearchAsync(new SearchRequest { Query = "공원" })).Hits.Select(h => h.Key));
        Assert.Empty((await search.SearchAsync(new SearchRequest { Query = "하천" })).Hits);
        Assert.Single(await read.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>().SearchEntries.Where(e => e.Key == "k").ToListAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Search_TitleMatch_OutranksBodyMatch(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = KernelHost.Create(test);
        await using var scope = sp.CreateAsyncScope();
        var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
        await index.UpsertAsync(new SearchDocument("test.doc", "body", "Meeting minutes", "Discussion of the library renovation and parking.", "d/1", Date));
        await index.UpsertAsync(new SearchDocument("test.doc", "title", "Library renovation plan", "Plans for the coming year.", "d/2", Date));
        await scope.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>().SaveChangesAsync();

        var hits = (await index.SearchAsync(new SearchRequest { Query = "library" })).Hits;
        Assert.Equal(["title", "body"], hits.Select(h => h.Key));
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Remove_InTransaction_GoneOnlyOnceCommitted(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = KernelHost.Create(test);
        await using (var scope = sp.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ISearchIndex>().UpsertAsync(new SearchDocument("test.doc", "k1", "예산 보고서", "budget", "d/1", Date));
            await scope.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>().SaveChangesAsync();
        }

        await using var writer = sp.CreateAsyncScope();
        var db = writer.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync();
        await writer.ServiceProvider.GetRequiredService<ISearchIndex>().RemoveAsync("test.doc", "k1");
        await db.SaveChangesAsync();

        // Another connection still sees it until the transaction commits (PostgreSQL) — SQLite readers see the last commit too.
        await using (var other = test.NewContext())
        {
            var before = await new SearchIndex(other, TimeProvider.System).SearchAsync(new SearchRequest { Query = "예산" });
            Assert.Single(before.Hits);
        }

        await tx.CommitAsync();
        await using (var other = test.NewContext())
        {
            var after = await new SearchIndex(other, TimeProvider.System).SearchAsync(new SearchRequest { Query = "예산" });
            Assert.Empty(after.Hits);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Upsert_RolledBack_LeavesNoIndexRow(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = KernelHost.Create(test);
        await using (var scope = sp.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>();
            await using var tx = await db.Database.BeginTransactionAsync();
            await scope.ServiceProvider.GetRequiredService<ISearchIndex>().UpsertAsync(new SearchDocument("test.doc", "k", "東京 예산 budget", string.Empty, "d", Date));
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        }

        await using var check = test.NewContext();
        Assert.Empty((await new SearchIndex(check, TimeProvider.System).SearchAsync(new SearchRequest { Query = "東京" })).Hits);
        Assert.Equal(0, await check.SearchEntries.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Search_Filters_TypeOrganisationAndDate(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = KernelHost.Create(test);
        await using var scope = sp.CreateAsyncScope();
        var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
        var org = Guid.NewGuid();
        await index.UpsertAsync(new SearchDocument("a", "1", "budget one", string.Empty, "1", Date, org));
        await index.UpsertAsync(new SearchDocument("b", "2", "budget two", string.Empty, "2", Date.AddYears(-2)));
        await scope.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>().SaveChangesAsync();

        Assert.Equal(["1"], (await index.SearchAsync(new SearchRequest { Query = "budget", Types = ["a"] })).Hits.Select(h => h.Key));
        Assert.Equal(["1"], (await index.SearchAsync(new SearchRequest { Query = "budget", OrganisationIds = [org] })).Hits.Select(h => h.Key));
        Assert.Equal(["2"], (await index.SearchAsync(new SearchRequest { Query = "budget", To = Date.AddYears(-1) })).Hits.Select(h => h.Key));
        var all = await index.SearchAsync(new SearchRequest { Query = "budget", Types = ["a"] });
        Assert.Equal(1, all.Total);
        Assert.Equal(1, all.TypeCounts["b"]);
    }
}
