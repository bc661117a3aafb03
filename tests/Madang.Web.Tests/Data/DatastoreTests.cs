using System.Text;
using System.Text.Json;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Organisations;
using Madang.Data.Catalog;
using Madang.Data.Datastore;
using Madang.Data.Domain;
using Madang.Data.Tabular;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests.Data;

/// <summary>One migrated database per provider for the datastore tests; each test makes its own dataset and resource.</summary>
public sealed class DatastoreDatabases : IAsyncLifetime
{
    private readonly Dictionary<string, (TestDatabase Db, ServiceProvider Services)> hosts = [];
    // The tests of one class run one after another, so no lock.
    public async Task<(TestDatabase Db, ServiceProvider Services)> GetAsync(string provider)
    {
        if (!hosts.TryGetValue(provider, out var host))
        {
            var db = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
            host = (db, KernelHost.Create(db));
            hosts[provider] = host;
        }

        return host;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var (db, services) in hosts.Values)
        {
            await services.DisposeAsync();
            await db.DisposeAsync();
        }

    }
}

/// <summary>The datastore on both databases: typed loads, datastore_search, the live-table switch, upserts and dumps.</summary>
public sealed class DatastoreTests(DatastoreDatabases databases) : IClassFixture<DatastoreDatabases>
{
    private static readonly string[] Districts = ["강남구", "종로구", "新宿区", "Jung-gu"];

    // Field names as governments write them: Korean, spaces, a double quote; none of them may reach SQL.
    private static TableSchema Schema(bool key = false) => new()
    {
        Fields =
        [
            new TableField { Name = "번호", Type = "integer" },
            new TableField { Name = "구 \"district\"", Type = "string" },
            new TableField { Name = "금액", Type = "number" },
            new TableField { Name = "날짜", Type = "date" },
            new TableField { Name = "시각", Type = "datetime" },
            new TableField { Name = "공개", Type = "boolean" },
            new TableField { Name = "설명", Type = "string" },
        ],
        PrimaryKey = key ? ["번호"] : null,
    };

    private static object?[] Row(int i, string? text = null) =>
    [
        (long)i,
        Districts[i % Districts.Length],
        i * 1.25m,
        new DateOnly(2020, 1, 1).AddDays(i),
        new DateTimeOffset(2020, 3, 17, 10, 0, 0, TimeSpan.FromHours(9)).AddHours(i),
        i % 2 == 0,
        text ?? $"행 {i} 예산 보고서",
    ];

    private sealed record Target(ServiceProvider Services, Guid ResourceId, Guid[] Versions);

    /// <summary>A dataset with one resource and <paramref name="versions"/> accepted versions (rows for them come from the test).</summary>
    private async Task<Target> ResourceAsync(string provider, int versions = 2)
    {
        var (_, services) = await databases.GetAsync(provider);
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var code = "DS" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var org = await sp.GetRequiredService<OrganisationCommands>().CreateAsync(
            new OrganisationInput(code, Madang.Core.Localization.LocalizedText.Of("데이터과 " + code, "データ課", "Data Division", "数据科", "數據科"), null, OrganisationKind.Division), Actor.System);
        var catalog = sp.GetRequiredService<CatalogService>();
        var dataset = await catalog.SaveAsync(new DatasetInput
        {
            Name = "ds-" + Guid.NewGuid().ToString("N")[..12],
            Title = Madang.Core.Localization.LocalizedText.Of("예산", "予算", "Budget", "预算", "預算"),
            OrganisationId = org.Value!.Id,
        }, Actor.System);
        var resource = await catalog.AddResourceAsync(dataset, new DataResource { Kind = ResourceKind.Upload, Format = "CSV", SchemaJson = Schema().ToJson() }, Actor.System);
        var db = sp.GetRequiredService<MadangDbContext>();
        var ids = new Guid[versions];
        for (var v = 0; v < versions; v++)
        {
            ids[v] = Guid.NewGuid();
            db.Add(new ResourceVersion
            {
                Id = ids[v], ResourceId = resource.Id, Number = v + 1, Sha256 = new string('a', 64), FileName = "budget.csv", MediaType = "text/csv",
                Status = VersionStatus.Accepted, CreatedAt = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
            });
        }

        await db.SaveChangesAsync();
        return new Target(services, resource.Id, ids);
    }

    private static async Task<long> LoadAsync(Target t, int version, IEnumerable<object?[]> rows, TableSchema? schema = null, CancellationToken ct = default)
    {
        await using var scope = t.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IDatastoreLoader>().LoadAsync(t.ResourceId, t.Versions[version], schema ?? Schema(), rows, null, ct);
    }

    private static async Task<DatastoreResult> SearchAsync(Target t, DatastoreQuery q)
    {
        await using var scope = t.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IDatastore>().SearchAsync(q);
    }

    private static async Task<DataResource> ResourceRowAsync(Target t)
    {
        await using var scope = t.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MadangDbContext>().Set<DataResource>().AsNoTracking().SingleAsync(r => r.Id == t.ResourceId);
    }

    private static async Task<List<string>> DatastoreTablesAsync(Target t, Guid version)
    {
        await using var scope = t.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        await db.Database.OpenConnectionAsync();
        await using var cmd = db.Database.GetDbConnection().CreateCommand();
        cmd.CommandText = db.IsSqlite ? "SELECT name FROM sqlite_master WHERE type = 'table'" : "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()";
        var names = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names.Where(n => n.Contains(version.ToString("N"), StringComparison.Ordinal)).ToList();
    }

    private static Dictionary<string, IReadOnlyList<string>> Filter(string field, params string[] values) => new() { [field] = values };

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Search_TypedRows_FiltersSortPagingKeysetAndTotals(string provider)
    {
        var t = await ResourceAsync(provider);
        var progress = new List<long>();
        await using (var scope = t.Services.CreateAsyncScope())
        {
            var loaded = await scope.ServiceProvider.GetRequiredService<IDatastoreLoader>().LoadAsync(
                t.ResourceId, t.Versions[0], Schema(), Enumerable.Range(1, 60).Select(i => Row(i)), new SyncProgress(progress.Add));
            Assert.Equal(60, loaded);
        }

        Assert.Equal(60, progress[^1]);
        var resource = await ResourceRowAsync(t);
        Assert.Equal(DatastoreState.Active, resource.DatastoreState);
        Assert.Equal(60, resource.DatastoreRows);
        Assert.Equal(t.Versions[0], resource.DatastoreVersionId);

        var all = await SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Limit = 5 });
        Assert.Equal(["_id", "번호", "구 \"district\"", "금액", "날짜", "시각", "공개", "설명"], all.Fields.Select(f => f.Id));
        Assert.Equal(["int", "int", "text", "numeric", "date", "timestamp", "bool", "text"], all.Fields.Select(f => f.Type));
        Assert.Equal(60, all.Total);
        var first = all.Rows[0];
        Assert.Equal(1L, first[0]);
        Assert.Equal(1L, first[1]);
        Assert.Equal("종로구", first[2]);
        Assert.Equal(1.25m, first[3]);
        Assert.Equal(new DateOnly(2020, 1, 2), first[4]);
        Assert.Equal(new DateTimeOffset(2020, 3, 17, 2, 0, 0, TimeSpan.Zero), first[5]);
        Assert.False((bool)first[6]!);
        Assert.Equal("행 1 예산 보고서", first[7]);

        // Filters: equality typed per field, several values for one field, several fields together; the total is exact.
        var gangnam = await SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Filters = Filter("구 \"district\"", "강남구") });
        Assert.Equal(15, gangnam.Total);
        Assert.All(gangnam.Rows, r => Assert.Equal("강남구", r[2]));
        var two = await SearchAsync(t, new DatastoreQuery
        {
            ResourceId = t.ResourceId,
            Filters = new Dictionary<string, IReadOnlyList<string>> { ["번호"] = ["7", "8", "9"], ["공개"] = ["true"] },
        });
        Assert.Equal([8L], two.Rows.Select(r => (long)r[1]!));
        Assert.Equal(1, two.Total);
        Assert.Equal(1, (await SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Filters = Filter("날짜", "2020-01-11") })).Total);
        Assert.Equal(1, (await SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Filters = Filter("금액", "12.5") })).Total);

        // Sort in CKAN's syntax with a quoted field name, projection in the order asked, offset paging. (One district only: how
        // Hangul and Han compare depends on the PostgreSQL cluster's collation.)
        var sorted = await SearchAsync(t, new DatastoreQuery
        {
            ResourceId = t.ResourceId, Filters = Filter("구 \"district\"", "종로구"),
            Sort = "\"구 \"\"district\"\"\" desc, 금액 desc", Fields = ["금액", "구 \"district\""], Limit = 3, Offset = 1,
        });
        Assert.Equal(["금액", "구 \"district\""], sorted.Fields.Select(f => f.Id));
        Assert.Equal([66.25m, 61.25m, 56.25m], sorted.Rows.Select(r => (decimal)r[0]!));
        Assert.All(sorted.Rows, r => Assert.Equal("종로구", r[1]));

        // Keyset: the rows after an _id, in _id order; LastId links the next page.
        var page = await SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, AfterId = 50, Limit = 4 });
        Assert.Equal([51L, 52L, 53L, 54L], page.Rows.Select(r => (long)r[0]!));
        Assert.Equal(54, page.LastId);
        Assert.Equal(60, page.Total);
        var last = await SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, AfterId = page.LastId, Limit = 100 });
        Assert.Equal(6, last.Rows.Count);

        // limit 0: the fields and the total only, as ckanapi's --datastore-fields asks.
        var none = await SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Limit = 0 });
        Assert.Empty(none.Rows);
        Assert.Equal(60, none.Total);
        Assert.Equal(8, none.Fields.Count);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Search_CjkFullText_FindsWordsInsideText(string provider)
    {
        var t = await ResourceAsync(provider);
        string[] texts = ["서울특별시 강남구 도로 보수", "東京都新宿区の感染者数", "Budget report for parks", "부산광역시 예산"];
        await LoadAsync(t, 0, texts.Select((s, i) => Row(i + 1, s)));

        async Task<string> Ids(string q, Dictionary<string, IReadOnlyList<string>>? filters = null) => string.Join(",",
            (await SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Q = q, Filters = filters ?? [] })).Rows.Select(r => (long)r[0]!));

        Assert.Equal("1", await Ids("서울"));
        // q covers every text field: row 4's district is 강남구.
        Assert.Equal("1,4", await Ids("강남구"));
        Assert.Equal("2", await Ids("東京都"));
        Assert.Equal("2", await Ids("新宿"));
        Assert.Equal("3", await Ids("BUDGET"));
        Assert.Equal("4", await Ids("예산"));
        Assert.Equal(string.Empty, await Ids("서울 東京"));
        Assert.Equal("1", await Ids("서울 도로"));
        // Full text and filters together: row 1's district is 종로구.
        Assert.Equal(string.Empty, await Ids("서울", Filter("구 \"district\"", "강남구")));
        var counted = await SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Q = "예산", Limit = 0 });
        Assert.Equal(1, counted.Total);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Search_BadRequests_SayWhatIsWrong(string provider)
    {
        var t = await ResourceAsync(provider);
        var missing = await Assert.ThrowsAsync<DatastoreQueryException>(() => SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId }));
        Assert.True(missing.NotFound);
        var unknown = await Assert.ThrowsAsync<DatastoreQueryException>(() => SearchAsync(t, new DatastoreQuery { ResourceId = Guid.NewGuid() }));
        Assert.True(unknown.NotFound);

        await LoadAsync(t, 0, Enumerable.Range(1, 5).Select(i => Row(i)));
        var sort = await Assert.ThrowsAsync<DatastoreQueryException>(() => SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Sort = "금액 desc, population; DROP TABLE x" }));
        Assert.False(sort.NotFound);
        Assert.Contains("\"population; DROP TABLE x\" in sort does not exist", sort.Message, StringComparison.Ordinal);
        Assert.Contains("금액", sort.Message, StringComparison.Ordinal);
        var filter = await Assert.ThrowsAsync<DatastoreQueryException>(() => SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Filters = Filter("번호", "seven") }));
        Assert.Contains("\"seven\" is not a valid int for field \"번호\"", filter.Message, StringComparison.Ordinal);
        var field = await Assert.ThrowsAsync<DatastoreQueryException>(() => SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Fields = ["nope"] }));
        Assert.Contains("\"nope\" in fields", field.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DatastoreQueryException>(() => SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Sort = "금액", AfterId = 2 }));
        await Assert.ThrowsAsync<DatastoreQueryException>(() => SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Limit = -1 }));
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Load_FailingNewVersion_OldTableStaysLiveAndPartialIsDropped(string provider)
    {
        var t = await ResourceAsync(provider, versions: 3);
        await LoadAsync(t, 0, Enumerable.Range(1, 10).Select(i => Row(i, "첫 번째 판")));

        // While version 2 loads, readers still get version 1; then the load fails on a bad value.
        long seenDuringLoad = -1;
        IEnumerable<object?[]> Failing()
        {
            for (var i = 1; i <= 2500; i++)
            {
                if (i == 2000)
                {
                    seenDuringLoad = SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Limit = 0 }).GetAwaiter().GetResult().Total ?? -1;
                    Assert.NotEmpty(DatastoreTablesAsync(t, t.Versions[1]).GetAwaiter().GetResult());
                }

                yield return i == 2400 ? [(long)i, "x", "not a number", null, null, null, null] : Row(i, "두 번째 판");
            }
        }

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => LoadAsync(t, 1, Failing()));
        Assert.Contains("Row 2400", error.Message, StringComparison.Ordinal);
        Assert.Equal(10, seenDuringLoad);
        Assert.Empty(await DatastoreTablesAsync(t, t.Versions[1]));
        var resource = await ResourceRowAsync(t);
        Assert.Equal(DatastoreState.Active, resource.DatastoreState);
        Assert.Equal(t.Versions[0], resource.DatastoreVersionId);
        Assert.NotNull(resource.DatastoreError);
        var still = await SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Q = "첫 번째" });
        Assert.Equal(10, still.Total);

        // A good version 3 replaces version 1, whose table is then gone.
        await LoadAsync(t, 2, Enumerable.Range(1, 3).Select(i => Row(i, "세 번째 판")));
        var now = await SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId });
        Assert.Equal(3, now.Total);
        Assert.All(now.Rows, r => Assert.Equal("세 번째 판", r[7]));
        Assert.Empty(await DatastoreTablesAsync(t, t.Versions[0]));
        Assert.Null((await ResourceRowAsync(t)).DatastoreError);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Load_Cancelled_LeavesNoPartialTableAndOldDataLive(string provider)
    {
        var t = await ResourceAsync(provider, versions: 2);
        await LoadAsync(t, 0, Enumerable.Range(1, 4).Select(i => Row(i)));
        using var cts = new CancellationTokenSource();
        IEnumerable<object?[]> Rows()
        {
            for (var i = 1; i <= 200_000; i++)
            {
                if (i == 60_000)
                {
                    cts.Cancel();
                }

                yield return Row(i);
            }
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LoadAsync(t, 1, Rows(), ct: cts.Token));
        Assert.Empty(await DatastoreTablesAsync(t, t.Versions[1]));
        Assert.Equal(4, (await SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Limit = 0 })).Total);
        var resource = await ResourceRowAsync(t);
        Assert.Equal(DatastoreState.Active, resource.DatastoreState);
        Assert.Equal(t.Versions[0], resource.DatastoreVersionId);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Load_AfterKilledLoad_DropsItsOrphanedTable(string provider)
    {
        var t = await ResourceAsync(provider, versions: 2);
        // What a process killed mid-load leaves: a table for version 2 that never went live.
        await using (var scope = t.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            var table = DatastoreLayout.TableName(t.Versions[0]);
            var sql = "CREATE TABLE " + table + " (_id bigint PRIMARY KEY, c0 text)";
            await db.Database.ExecuteSqlRawAsync(sql);
        }

        Assert.NotEmpty(await DatastoreTablesAsync(t, t.Versions[0]));
        await LoadAsync(t, 1, [Row(1)]);
        Assert.Empty(await DatastoreTablesAsync(t, t.Versions[0]));

        // And the sweep finds tables of versions nobody knows.
        await using (var scope = t.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            var stray = Guid.NewGuid();
            var sql = "CREATE TABLE " + DatastoreLayout.TableName(stray) + " (_id bigint PRIMARY KEY)";
            await db.Database.ExecuteSqlRawAsync(sql);
            Assert.True(await scope.ServiceProvider.GetRequiredService<DatastoreLoader>().SweepAsync() >= 1);
            Assert.Empty(await DatastoreTablesAsync(t, stray));
        }

        Assert.Equal(1, (await SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId })).Total);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Upsert_ByPrimaryKey_UpdatesInsertsAndKeepsFullTextInStep(string provider)
    {
        var t = await ResourceAsync(provider);
        await LoadAsync(t, 0, Enumerable.Range(1, 5).Select(i => Row(i)), Schema(key: true));

        static IReadOnlyDictionary<string, JsonElement> Rec(string json) =>
            JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

        async Task<int> UpsertAsync(string method, params string[] records)
        {
            await using var scope = t.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<IDatastore>().UpsertAsync(t.ResourceId, records.Select(Rec).ToList(), method);
        }

        Assert.Equal(2, await UpsertAsync("upsert",
            """{"번호": 3, "금액": "99.5", "설명": "제주특별자치도 관광 통계"}""",
            """{"번호": 6, "구 \"district\"": "中央区", "날짜": "2021-02-03", "공개": true, "설명": "大阪府の人口"}"""));

        var three = await SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Filters = Filter("번호", "3") });
        Assert.Equal(99.5m, three.Rows[0][3]);
        Assert.Equal("Jung-gu", three.Rows[0][2]);
        Assert.Equal([3L], (await SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Q = "제주" })).Rows.Select(r => (long)r[1]!));
        Assert.Empty((await SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Q = "행 3 보고서" })).Rows);
        var six = await SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Q = "大阪" });
        Assert.Equal(6L, six.Rows.Single()[1]);
        Assert.Equal(new DateOnly(2021, 2, 3), six.Rows[0][4]);
        Assert.Equal(6, (await SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Limit = 0 })).Total);

        // One bad record rejects the request: nothing of the good ones is written.
        var bad = await Assert.ThrowsAsync<DatastoreQueryException>(() => UpsertAsync("upsert",
            """{"번호": 1, "설명": "바뀌면 안 됨"}""",
            """{"번호": 2, "금액": "a lot"}"""));
        Assert.Contains("Record 2", bad.Message, StringComparison.Ordinal);
        Assert.Contains("금액", bad.Message, StringComparison.Ordinal);
        var update = await Assert.ThrowsAsync<DatastoreQueryException>(() => UpsertAsync("update",
            """{"번호": 1, "설명": "바뀌면 안 됨"}""",
            """{"번호": 77, "설명": "없는 행"}"""));
        Assert.Contains("no row has this key", update.Message, StringComparison.Ordinal);
        var insert = await Assert.ThrowsAsync<DatastoreQueryException>(() => UpsertAsync("insert", """{"번호": 2}"""));
        Assert.Contains("already exists", insert.Message, StringComparison.Ordinal);
        Assert.Empty((await SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Q = "바뀌면" })).Rows);
        Assert.Equal(6, (await SearchAsync(t, new DatastoreQuery { ResourceId = t.ResourceId, Limit = 0 })).Total);
    }

    [Theory, MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Dump_StreamsCsvAndJson(string provider)
    {
        var t = await ResourceAsync(provider);
        await LoadAsync(t, 0, [Row(1, "쉼표, \"따옴표\"\n줄바꿈"), Row(2)]);
        await using var scope = t.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<DatastoreService>();
        using var csv = new MemoryStream();
        await store.DumpAsync(t.ResourceId, csv, DatastoreDumpFormat.Csv);
        var text = Encoding.UTF8.GetString(csv.ToArray());
        Assert.StartsWith("_id,번호,\"구 \"\"district\"\"\",금액,날짜,시각,공개,설명\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("1,1,종로구,1.25,2020-01-02,2020-03-17T02:00:00Z,false,\"쉼표, \"\"따옴표\"\"\n줄바꿈\"", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        using var json = new MemoryStream();
        await store.DumpAsync(t.ResourceId, json, DatastoreDumpFormat.Json);
        var rows = JsonDocument.Parse(json.ToArray()).RootElement;
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal(2.5m, rows[1].GetProperty("금액").GetDecimal());
        Assert.True(rows[1].GetProperty("공개").GetBoolean());
        Assert.Equal("2020-01-03", rows[1].GetProperty("날짜").GetString());
        Assert.Equal(2L, rows[1].GetProperty("_id").GetInt64());
    }

    /// <summary>Progress that records synchronously (Progress&lt;T&gt; posts to the thread pool, so its last report could arrive late).</summary>
    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
