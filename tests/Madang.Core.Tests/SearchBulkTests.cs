using Madang.Core.Data;
using Madang.Core.Search;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Core.Tests;

/// <summary>A reindex writes through UpsertManyAsync; what it leaves must be exactly what one upsert after another leaves,
/// or <c>search check</c> would call the rebuilt index stale and searches would differ after a rebuild.</summary>
public sealed class SearchBulkTests
{
    private static readonly DateTimeOffset Date = new(2026, 3, 1, 9, 30, 0, TimeSpan.FromHours(9));
    private static readonly Guid Org = Guid.Parse("6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b");

    private static List<SearchDocument> Documents(string type) =>
    [
        new(type, "ko", "2026년도 예산 편성 계획", "시민 참여 예산의 집행 현황을 보고합니다.", "d/ko", Date, Org, "ko")
        {
            Kind = "보고", Keywords = ["예산", "시민 참여"], Identifier = "예산과-1234",
        },
        new(type, "ja", "東京都の感染状況", "東京都内の検査陽性者数を公表します。", "d/ja", Date.AddDays(-3), null, "ja") { Keywords = ["感染症"] },
        new(type, "en", "Annual budget report", "The city's budget for transport and welfare.", "d/en", Date.AddYears(-1), Org, "en")
        {
            Kind = "report", Identifier = "budget-2025",
        },
    ];

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task UpsertMany_LeavesTheRowsThatOneUpsertAfterAnotherLeaves(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = KernelHost.Create(test);

        await OneByOneAsync(sp, Documents("one"));
        await ManyAsync(sp, Documents("many"));
        await AssertSameAsync(sp);

        // Second round: one document changed, one unchanged, one new, and a key given twice (the last wins).
        List<SearchDocument> Round(string type) =>
        [
            Documents(type)[0] with { Title = "2027년도 예산 편성 계획" },
            Documents(type)[1],
            new(type, "zh", "口罩供應地圖", "藥局口罩庫存即時查詢。", "d/zh", Date, Org, "zh-Hant") { Keywords = ["口罩"] },
            new(type, "zh", "口罩供應地圖 (更新)", "藥局口罩庫存即時查詢。", "d/zh", Date, Org, "zh-Hant") { Keywords = ["口罩", "藥局"] },
        ];
        await OneByOneAsync(sp, Round("one"));
        await ManyAsync(sp, Round("many"));
        await AssertSameAsync(sp);

        await using var scope = sp.CreateAsyncScope();
        var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
        foreach (var q in new[] { "예산", "2027", "東京", "口罩", "藥局", "budget", "예산과-1234" })
        {
            var one = (await index.SearchAsync(new SearchRequest { Query = q, Types = ["one"] })).Hits.Select(h => h.Key).ToList();
            var many = (await index.SearchAsync(new SearchRequest { Query = q, Types = ["many"] })).Hits.Select(h => h.Key).ToList();
            Assert.NotEmpty(one);
            Assert.Equal(one, many);
        }

        // The hash search check compares with: that of the last document given for each key.
        var final = Round("many").GroupBy(d => d.Key).ToDictionary(g => g.Key, g => SearchIndex.Hash(g.Last()));
        final["en"] = SearchIndex.Hash(Documents("many")[2]);
        var stored = await scope.ServiceProvider.GetRequiredService<MadangDbContext>().SearchEntries.Where(e => e.Type == "many")
            .ToDictionaryAsync(e => e.Key, e => e.ContentHash);
        Assert.Equal(final.OrderBy(p => p.Key), stored.OrderBy(p => p.Key));

        var suggested = await index.SuggestAsync("藥", 10);
        Assert.Contains(suggested, s => s.Text == "藥局");
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task UpsertMany_OfDocumentsAtTheVectorsLimits_IndexesThemAsOneUpsertAfterAnother(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = KernelHost.Create(test);
        // Past 16,383 words positions stop growing; past 255 a word's positions are dropped; a word of the title repeated
        // in the body continues the title's positions; words outside the Basic Multilingual Plane sort by their UTF-8 bytes.
        var longBody = string.Join(' ', Enumerable.Range(0, 17_000).Select(i => i % 50 == 0 ? "정류장" : "w" + (i % 700)));
        List<SearchDocument> Edge(string type) =>
        [
            new(type, "long", "정류장 정류장 안내", longBody, "d/long", Date) { Keywords = ["정류장", "w3"] },
            new(type, "repeat", "budget", string.Join(' ', Enumerable.Repeat("budget transport", 400)), "d/repeat", Date, Org),
            new(type, "no-title", string.Empty, "𠮷野家 𠮷 𩸽 﨎﨎 﨎𠮷 ｺﾞﾐ收集 O'Brien \\ back\\slash", "d/no-title", Date),
            new(type, "no-body", "口罩供應 地圖", string.Empty, "d/no-body", Date) { Identifier = "ABC-12/3" },
            new(type, "empty", string.Empty, string.Empty, "d/empty", Date),
        ];
        await OneByOneAsync(sp, Edge("one"));
        await ManyAsync(sp, Edge("many"));
        await AssertSameAsync(sp);

        await using var scope = sp.CreateAsyncScope();
        var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
        foreach (var (q, key) in new[] { ("w699", "long"), ("\"budget transport budget\"", "repeat"), ("𠮷野家", "no-title"), ("口罩", "no-body"), ("ABC-12/3", "no-body") })
        {
            Assert.Equal(key, Assert.Single((await index.SearchAsync(new SearchRequest { Query = q, Types = ["many"] })).Hits).Key);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task UpsertMany_RolledBack_LeavesNothing(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = KernelHost.Create(test);
        await using (var scope = sp.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
            await Assert.ThrowsAsync<InvalidOperationException>(() => index.UpsertManyAsync(Documents("many")));

            await using var tx = await db.Database.BeginTransactionAsync();
            await index.UpsertManyAsync(Documents("many"));
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        }

        await using var read = sp.CreateAsyncScope();
        Assert.Empty((await read.ServiceProvider.GetRequiredService<ISearchIndex>().SearchAsync(new SearchRequest { Query = "예산" })).Hits);
        Assert.Equal(0, await read.ServiceProvider.GetRequiredService<MadangDbContext>().SearchSuggestions.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Optimize_AfterManyCommitsAndRemovals_FindsExactlyWhatRemains(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = KernelHost.Create(test);
        // Twenty commits leave twenty FTS5 segments (or GIN pending entries); every third document is then withdrawn.
        for (var batch = 0; batch < 20; batch++)
        {
            await ManyAsync(sp, Enumerable.Range(0, 10).Select(i => new SearchDocument("doc", $"{batch}-{i}", $"정류장 안내 {batch}",
                $"마을버스 노선 n{batch}x{i} 변경", $"d/{batch}/{i}", Date.AddMinutes(batch * 10 + i))).ToList());
        }

        await using (var scope = sp.CreateAsyncScope())
        {
            var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
            foreach (var key in Enumerable.Range(0, 200).Where(n => n % 3 == 0).Select(n => $"{n / 10}-{n % 10}"))
            {
                await index.RemoveAsync("doc", key);
            }

            await scope.ServiceProvider.GetRequiredService<MadangDbContext>().SaveChangesAsync();
        }

        var steps = 0;
        await sp.GetRequiredService<SearchReindexer>().OptimizeAsync(default, s => steps = s);
        Assert.True(steps >= 1);

        await using var read = sp.CreateAsyncScope();
        var search = read.ServiceProvider.GetRequiredService<ISearchIndex>();
        var found = (await search.SearchAsync(new SearchRequest { Query = "정류장 노선", Limit = 100 })).Total;
        Assert.Equal(200 - 67, found);
        Assert.Empty((await search.SearchAsync(new SearchRequest { Query = "n0x0" })).Hits);
        Assert.Equal("0-1", Assert.Single((await search.SearchAsync(new SearchRequest { Query = "n0x1" })).Hits).Key);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task UpsertMany_OfHundredsOfNewDocuments_FindsEachByItsOwnWordsAndSuggestsItsOwnTitle(string provider)
    {
        // Hundreds in one call: PostgreSQL analyses them in chunks while the previous chunk is copied, with ids drawn
        // beforehand. A document whose row took another's id or suggestions would be found by the wrong words.
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var sp = KernelHost.Create(test);
        var words = new[] { "가로등", "横断歩道", "公園", "ferry", "하천", "駐輪場", "library" };
        await ManyAsync(sp, Enumerable.Range(0, 450).Select(i => new SearchDocument("doc", "k" + i, $"{words[i % words.Length]} 안내 제{i}호",
            $"notice{i} 본문", "d/" + i, Date.AddMinutes(i))).ToList());

        await using var scope = sp.CreateAsyncScope();
        var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
        foreach (var i in new[] { 0, 199, 200, 201, 399, 400, 449 })
        {
            var found = await index.SearchAsync(new SearchRequest { Query = $"notice{i}" });
            var hit = Assert.Single(found.Hits);
            Assert.Equal("k" + i, hit.Key);
            Assert.Equal($"{words[i % words.Length]} 안내 제{i}호", hit.Title);
        }

        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        Assert.Equal(450, await db.SearchEntries.CountAsync());
        var mismatched = await db.SearchSuggestions.Where(s => s.IsTitle)
            .Join(db.SearchEntries, s => s.EntryId, e => e.Id, (s, e) => new { s.Text, e.Title })
            .CountAsync(x => x.Text != x.Title);
        Assert.Equal(0, mismatched);
        Assert.Equal(450, await db.SearchSuggestions.CountAsync(s => s.IsTitle));
    }

    [Fact]
    public async Task Optimize_OnPostgres_KeepsFreshStatistics_AndRefreshesThemAfterARewrite()
    {
        await using var test = await (await TestDatabase.CreateAsync(DatabaseProvider.Postgres)).MigrateAsync();
        await using var sp = KernelHost.Create(test);
        await ManyAsync(sp, Enumerable.Range(0, 50).Select(i => new SearchDocument("doc", "k" + i, "정류장 안내 " + i, "마을버스 노선 변경",
            "d/" + i, Date.AddMinutes(i))).ToList());
        var reindexer = sp.GetRequiredService<SearchReindexer>();

        async Task<object?> StatAsync(string column)
        {
            await using var conn = new Npgsql.NpgsqlConnection(test.ConnectionString);
            await conn.OpenAsync();
            await using var cmd = new Npgsql.NpgsqlCommand($"SELECT {column} FROM pg_stat_user_tables WHERE relid = 'core_search_entries'::regclass", conn);
            return await cmd.ExecuteScalarAsync();
        }

        async Task<DateTime?> LastAnalyzeAsync() => await StatAsync("last_analyze") as DateTime?;

        // The writers' counters reach the server when their connections go idle or close: wait for them, or a late
        // arrival after the first ANALYZE would rightly make the statistics stale again.
        Npgsql.NpgsqlConnection.ClearAllPools();
        for (var waited = 0; Convert.ToInt64(await StatAsync("n_tup_ins"), System.Globalization.CultureInfo.InvariantCulture) < 50; waited++)
        {
            Assert.True(waited < 300, "the inserts never reached pg_stat_user_tables");
            await Task.Delay(100);
        }

        // Never analysed: the ranking's statistics are gathered. Fresh (nothing changed since): kept, not read again.
        await reindexer.OptimizeAsync(default);
        var first = await LastAnalyzeAsync();
        Assert.NotNull(first);
        await reindexer.OptimizeAsync(default);
        Assert.Equal(first, await LastAnalyzeAsync());

        // The caller says it just rewrote entries (the server's counters may not show them yet): gathered again.
        await reindexer.OptimizeAsync(default, rewritten: 50);
        Assert.True(await LastAnalyzeAsync() > first);
    }

    private static async Task OneByOneAsync(ServiceProvider sp, List<SearchDocument> docs)
    {
        await using var scope = sp.CreateAsyncScope();
        var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
        foreach (var d in docs)
        {
            await index.UpsertAsync(d);
        }

        await scope.ServiceProvider.GetRequiredService<MadangDbContext>().SaveChangesAsync();
    }

    private static async Task ManyAsync(ServiceProvider sp, List<SearchDocument> docs)
    {
        await using var scope = sp.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync();
        await scope.ServiceProvider.GetRequiredService<ISearchIndex>().UpsertManyAsync(docs);
        await db.SaveChangesAsync();
        await tx.CommitAsync();
    }

    /// <summary>Every stored column of each entry and its suggestions, as the database holds them (a Guid written as a blob
    /// instead of text, or a date in another unit, would differ here even where EF would read both back alike).</summary>
    private static async Task AssertSameAsync(ServiceProvider sp)
    {
        await using var scope = sp.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        var text = db.IsSqlite ? "TEXT" : "text";
        // On PostgreSQL a bulk build sends the vectors ready-made instead of the terms the trigger would cast: they must be
        // the very vectors the trigger builds.
        string[] columns = ["Key", "OrganisationId", "Kind", "Year", "Language", "Date", "Identifier", "Title", "Url", "Keywords", "Body", "TitleTerms", "BodyTerms",
            .. db.IsSqlite ? Array.Empty<string>() : ["SearchVector", "MatchVector"]];
        var select = string.Join(" || '|' || ", columns.Select(c => $"COALESCE(CAST(e.\"{c}\" AS {text}), '-')"));
        var suggestions = $"(SELECT COUNT(*) FROM core_search_suggestions s WHERE s.\"EntryId\" = e.\"Id\")";
        async Task<List<string>> Rows(string type)
        {
            await db.Database.OpenConnectionAsync();
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = $"SELECT {select} || '|' || CAST({suggestions} AS {text}) FROM core_search_entries e WHERE e.\"Type\" = '{type}' ORDER BY e.\"Key\"";
            var rows = new List<string>();
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }

            return rows;
        }

        var one = await Rows("one");
        Assert.NotEmpty(one);
        var many = await Rows("many");
        Assert.True(one.SequenceEqual(many), string.Join("\n", one.Except(many).Concat(["vs"]).Concat(many.Except(one))));
        Assert.Contains(one, r => r.Contains(Org.ToString().ToUpperInvariant(), StringComparison.Ordinal) || r.Contains(Org.ToString(), StringComparison.Ordinal));
    }
}
