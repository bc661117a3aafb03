using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Localization;
using Madang.Core.Organisations;
using Madang.Core.Search;
using Madang.Data.Catalog;
using Madang.Data.Datastore;
using Madang.Data.Domain;
using Madang.Data.Tabular;
using Madang.Release.Domain;
using Madang.Release.Processing;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests;

/// <summary>
/// <c>search reindex</c> / <c>search check</c>, and what people searching notice of them: the index holds what the content says,
/// a withdrawal or a dataset made private leaves the results in its own commit, and data values and document numbers are found.
/// </summary>
public sealed class SearchReindexTests
{
    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Check_ReportsDeletedTamperedAndExtraEntries_ThenReindexRestoresThem_AndCheckFindsNone(string provider)
    {
        await using var db = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var services = KernelHost.Create(db);
        var org = await SearchSeed.OrganisationAsync(services, "TRN-BUS", "버스정책과");
        var deleted = await SearchSeed.PublishAsync(services, org, "버스 노선 조정 계획", "마을버스 정류장 이전을 보고합니다.");
        var tampered = await SearchSeed.PublishAsync(services, org, "교통 위원회 회의록", "심야버스 증편을 논의했습니다.");
        await SearchSeed.PublishAsync(services, org, "자전거 도로 정비", "한강 자전거 도로를 정비합니다.");
        var stops = await SearchSeed.DatasetAsync(services, org, "bus-stops", "버스 정류장 위치", ["정류장"]);
        await using (var scope = services.CreateAsyncScope())
        {
            // A resource and an upload through the catalogue, as a publisher adds them: each write keeps the entry current.
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogService>();
            var d = (await catalog.FindAsync(stops.Name))!;
            var r = await catalog.AddResourceAsync(d, new DataResource { Kind = ResourceKind.Upload, Name = new LocalizedText { Ko = "정류장 목록" } }, Actor.System);
            using var csv = new MemoryStream("정류장,노선\n시청앞,101\n"u8.ToArray());
            await catalog.AddVersionAsync(d, r, csv, "stops.csv", "첫 목록", Actor.System);
        }

        var cfg = db.AppArgs();

        var (code, output) = await MadangProcess.RunAsync(["search", "check", .. cfg]);
        Assert.True(code == 0, output);
        Assert.Contains("no drift", output, StringComparison.Ordinal);

        var extra = Guid.NewGuid().ToString();
        await using (var scope = services.CreateAsyncScope())
        {
            var ctx = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            await ctx.SearchEntries.Where(e => e.Type == Publisher.SearchType && e.Key == deleted.ToString()).ExecuteDeleteAsync();
            await ctx.SearchEntries.Where(e => e.Type == Publisher.SearchType && e.Key == tampered.ToString())
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.ContentHash, "0"));
            await scope.ServiceProvider.GetRequiredService<ISearchIndex>().UpsertAsync(new SearchDocument(Publisher.SearchType, extra, "유령 문서", "없는 문서",
                "documents/" + extra, DateTimeOffset.UtcNow));
            await ctx.SaveChangesAsync();
        }

        Assert.Empty((await SearchSeed.SearchAsync(services, "정류장 이전")).Hits);
        (code, output) = await MadangProcess.RunAsync(["search", "check", .. cfg]);
        Assert.True(code == 1, output);
        Assert.Contains("release.document: 3 in content, 3 in index, missing 1, extra 1, stale 1", output, StringComparison.Ordinal);
        Assert.Contains("missing: " + deleted, output, StringComparison.Ordinal);
        Assert.Contains("extra: " + extra, output, StringComparison.Ordinal);
        Assert.Contains("stale: " + tampered, output, StringComparison.Ordinal);
        Assert.Contains("data.dataset: 1 in content, 1 in index, missing 0, extra 0, stale 0", output, StringComparison.Ordinal);
        // Keys only: no title or text of any document reaches the operator's terminal or its logs.
        Assert.DoesNotContain("정류장", output, StringComparison.Ordinal);
        Assert.DoesNotContain("유령", output, StringComparison.Ordinal);

        (code, output) = await MadangProcess.RunAsync(["search", "reindex", .. cfg]);
        Assert.True(code == 0, output);
        Assert.Contains("release.document: generation 1, 3 items", output, StringComparison.Ordinal);

        (code, output) = await MadangProcess.RunAsync(["search", "check", .. cfg]);
        Assert.True(code == 0, output);
        Assert.Contains("no drift", output, StringComparison.Ordinal);
        Assert.Equal(deleted.ToString(), Assert.Single((await SearchSeed.SearchAsync(services, "정류장 이전")).Hits).Key);
        Assert.Empty((await SearchSeed.SearchAsync(services, "유령 문서")).Hits);

        // Merging the index keeps what is in it, and brings back nothing that was removed from it.
        (code, output) = await MadangProcess.RunAsync(["search", "optimize", .. cfg]);
        Assert.True(code == 0, output);
        Assert.Contains("search index optimised in", output, StringComparison.Ordinal);
        Assert.Equal(deleted.ToString(), Assert.Single((await SearchSeed.SearchAsync(services, "정류장 이전")).Hits).Key);
        Assert.Empty((await SearchSeed.SearchAsync(services, "유령 문서")).Hits);

        (code, output) = await MadangProcess.RunAsync(["search", "check", "--type", "nope", .. cfg]);
        Assert.True(code == 1, output);
        Assert.Contains("No module indexes the type 'nope'", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task Reindex_KilledMidway_ResumesTheSameGeneration_AndCheckFindsNoDrift(string provider)
    {
        const int Documents = 20_000;
        await using var db = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var services = KernelHost.Create(db);
        var org = await SearchSeed.OrganisationAsync(services, "PLAN-BUD", "예산담당관");
        await SearchSeed.RawDocumentsAsync(db, org, Documents);
        var gone = Guid.NewGuid().ToString();
        await using (var scope = services.CreateAsyncScope())
        {
            // An entry of a document that no longer exists: the finished run sweeps it.
            await scope.ServiceProvider.GetRequiredService<ISearchIndex>().UpsertAsync(new SearchDocument(Publisher.SearchType, gone, "삭제된 문서", string.Empty,
                "documents/" + gone, DateTimeOffset.UtcNow.AddDays(-1)));
            await scope.ServiceProvider.GetRequiredService<MadangDbContext>().SaveChangesAsync();
        }

        var cfg = db.AppArgs();
        var (code, output) = await MadangProcess.RunAsync(["search", "check", "--type", Publisher.SearchType, .. cfg]);
        Assert.True(code == 1, output);
        Assert.Contains($"missing {Documents}, extra 1, stale 0", output, StringComparison.Ordinal);

        long generation;
        using (var run = MadangProcess.Start(["search", "reindex", "--type", Publisher.SearchType, "--batch", "100", .. cfg]))
        {
            var state = await WaitForAsync(db, s => s.Processed >= 2_000, run);
            run.KillHard();
            Assert.Null(state.CompletedAt);
            generation = state.Generation;
        }

        await using (var ctx = db.NewContext())
        {
            var state = await ctx.SearchReindexStates.SingleAsync(s => s.Type == Publisher.SearchType);
            Assert.Null(state.CompletedAt);
            Assert.InRange(state.Processed, 2_000, Documents - 1);
        }

        (code, output) = await MadangProcess.RunAsync(["search", "reindex", "--type", Publisher.SearchType, "--batch", "500", .. cfg]);
        Assert.True(code == 0, output);
        Assert.Contains($"generation {generation} (resumed), {Documents} items", output, StringComparison.Ordinal);
        Assert.Contains("1 swept", output, StringComparison.Ordinal);
        await using (var ctx = db.NewContext())
        {
            var state = await ctx.SearchReindexStates.SingleAsync(s => s.Type == Publisher.SearchType);
            Assert.Equal(generation, state.Generation);
            Assert.NotNull(state.CompletedAt);
            Assert.Equal(Documents, await ctx.SearchEntries.CountAsync(e => e.Type == Publisher.SearchType && e.Generation == generation));
        }

        (code, output) = await MadangProcess.RunAsync(["search", "check", .. cfg]);
        Assert.True(code == 0, output);
        Assert.Contains("no drift", output, StringComparison.Ordinal);
        Assert.NotEmpty((await SearchSeed.SearchAsync(services, "예산담당관-19999")).Hits);

        // A completed run is not resumed: the next one opens a new generation.
        (code, output) = await MadangProcess.RunAsync(["search", "reindex", "--type", Publisher.SearchType, .. cfg]);
        Assert.True(code == 0, output);
        Assert.Contains($"generation {generation + 1}, {Documents} items", output, StringComparison.Ordinal);
    }

    private static async Task<SearchReindexState> WaitForAsync(TestDatabase db, Func<SearchReindexState, bool> condition, MadangProcess run)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(3))
        {
            await using (var ctx = db.NewContext())
            {
                if (await ctx.SearchReindexStates.AsNoTracking().SingleOrDefaultAsync(s => s.Type == Publisher.SearchType) is { } state && condition(state))
                {
                    Assert.True(state.CompletedAt is null, "The reindex finished before it could be killed: make the set bigger.\n" + run.Output);
                    return state;
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The reindex made no progress.\n" + run.Output);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task SearchesDuringAReindex_FindEveryDocument(string provider)
    {
        const int Documents = 1_500;
        await using var db = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var services = KernelHost.Create(db);
        var org = await SearchSeed.OrganisationAsync(services, "PLAN-BUD", "예산담당관");
        await SearchSeed.RawDocumentsAsync(db, org, Documents);
        var reindexer = services.GetRequiredService<SearchReindexer>();
        await reindexer.ReindexAsync(Publisher.SearchType, 500, null, CancellationToken.None);
        await using (var ctx = db.NewContext())
        {
            // Every entry looks out of date, so the next run rewrites each one rather than only stamping it.
            await ctx.SearchEntries.Where(e => e.Type == Publisher.SearchType).ExecuteUpdateAsync(s => s.SetProperty(e => e.ContentHash, string.Empty));
        }

        var run = Task.Run(() => reindexer.ReindexAsync(Publisher.SearchType, 25, null, CancellationToken.None));
        var searches = 0;
        while (!run.IsCompleted)
        {
            var results = await SearchSeed.SearchAsync(services, "예산 집행");
            Assert.Equal(Documents, results.Total);
            searches++;
        }

        var report = await run;
        Assert.Equal(Documents, Assert.Single(report.Types).Written);
        Assert.True(searches > 0);
        Assert.Equal(Documents, (await SearchSeed.SearchAsync(services, "예산 집행")).Total);
        Assert.False((await reindexer.CheckAsync(null, 500, CancellationToken.None)).HasDrift);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task WithdrawalsDuringAReindex_AreNeverBroughtBack(string provider)
    {
        const int Documents = 1_500;
        await using var db = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var services = KernelHost.Create(db);
        var org = await SearchSeed.OrganisationAsync(services, "PLAN-BUD", "예산담당관");
        await SearchSeed.RawDocumentsAsync(db, org, Documents);
        var reindexer = services.GetRequiredService<SearchReindexer>();
        await reindexer.ReindexAsync(Publisher.SearchType, 500, null, CancellationToken.None);
        List<Guid> ids;
        await using (var ctx = db.NewContext())
        {
            await ctx.SearchEntries.Where(e => e.Type == Publisher.SearchType).ExecuteUpdateAsync(s => s.SetProperty(e => e.ContentHash, string.Empty));
            ids = await ctx.Set<ReleaseDocument>().OrderBy(d => d.Id).Select(d => d.Id).ToListAsync();
        }

        // Spread over the whole key order, so that some are withdrawn before their batch, some during it and some after.
        var withdrawn = ids.Where((_, i) => i % 50 == 7).ToList();
        var run = Task.Run(() => reindexer.ReindexAsync(Publisher.SearchType, 25, null, CancellationToken.None));
        foreach (var id in withdrawn)
        {
            await using var scope = services.CreateAsyncScope();
            Assert.True(await scope.ServiceProvider.GetRequiredService<Publisher>().WithdrawAsync(id, "잘못 공개됨", Actor.System, CancellationToken.None));
            await Task.Delay(20); // spread over the run rather than all before its first batch
        }

        var report = await run;
        // Documents withdrawn before the run listed its keys are not among them.
        Assert.InRange(Assert.Single(report.Types).Keys, Documents - withdrawn.Count, Documents);
        await using (var ctx = db.NewContext())
        {
            var keys = withdrawn.Select(id => id.ToString()).ToList();
            Assert.Equal(0, await ctx.SearchEntries.CountAsync(e => e.Type == Publisher.SearchType && keys.Contains(e.Key)));
            Assert.Equal(Documents - withdrawn.Count, await ctx.SearchEntries.CountAsync(e => e.Type == Publisher.SearchType));
        }

        Assert.DoesNotContain((await SearchSeed.SearchAsync(services, "예산담당관-7")).Hits, h => withdrawn.Contains(Guid.Parse(h.Key)));
        Assert.False((await reindexer.CheckAsync(null, 500, CancellationToken.None)).HasDrift);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task WithdrawnDocument_AndDatasetMadePrivate_LeaveTheResultsInTheirOwnCommit(string provider)
    {
        await using var db = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var services = KernelHost.Create(db);
        var org = await SearchSeed.OrganisationAsync(services, "ENV-AIR", "대기정책과");
        var doc = await SearchSeed.PublishAsync(services, org, "미세먼지 저감 대책", "노후 경유차 운행 제한을 시행합니다.");
        var secret = await SearchSeed.PublishAsync(services, org, "비공개 협의 결과", "협상전략메모 내용은 공개하지 않습니다.", disclosure: DisclosureClass.NonPublic);
        var dataset = await SearchSeed.DatasetAsync(services, org, "air-quality", "대기질 측정값", ["초미세먼지"]);

        Assert.Equal(doc.ToString(), Assert.Single((await SearchSeed.SearchAsync(services, "경유차 운행")).Hits).Key);
        // A non-public document is found by its title only: its text never reaches the index.
        Assert.Equal(secret.ToString(), Assert.Single((await SearchSeed.SearchAsync(services, "비공개 협의")).Hits).Key);
        Assert.Empty((await SearchSeed.SearchAsync(services, "협상전략메모")).Hits);
        Assert.Equal(dataset.Id.ToString(), Assert.Single((await SearchSeed.SearchAsync(services, "초미세먼지")).Hits).Key);

        // Rolled back: the withdrawal and the privacy change never happened, so both stay findable.
        await using (var scope = services.CreateAsyncScope())
        {
            var ctx = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            await using var tx = await ctx.Database.BeginTransactionAsync();
            Assert.True(await scope.ServiceProvider.GetRequiredService<Publisher>().WithdrawAsync(doc, "실수로 공개", Actor.System, CancellationToken.None));
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogService>();
            await catalog.SetStateAsync((await catalog.FindAsync("air-quality"))!, DatasetState.Private, Actor.System);
            var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
            // Inside the transaction the entries are gone already…
            Assert.Empty((await index.SearchAsync(new SearchRequest { Query = "경유차 운행" })).Hits);
            Assert.Empty((await index.SearchAsync(new SearchRequest { Query = "초미세먼지" })).Hits);
            await tx.RollbackAsync();
        }

        // …and after the rollback they are back, as the content is.
        Assert.Single((await SearchSeed.SearchAsync(services, "경유차 운행")).Hits);
        Assert.Single((await SearchSeed.SearchAsync(services, "초미세먼지")).Hits);

        await using (var scope = services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<Publisher>().WithdrawAsync(doc, "실수로 공개", Actor.System, CancellationToken.None));
        }

        Assert.Empty((await SearchSeed.SearchAsync(services, "경유차 운행")).Hits);
        await using (var scope = services.CreateAsyncScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogService>();
            await catalog.SetStateAsync((await catalog.FindAsync("air-quality"))!, DatasetState.Private, Actor.System);
        }

        Assert.Empty((await SearchSeed.SearchAsync(services, "초미세먼지")).Hits);
        Assert.False((await services.GetRequiredService<SearchReindexer>().CheckAsync(null, 100, CancellationToken.None)).HasDrift);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task AValueInTheLiveData_FindsItsDataset_FromTheMomentItIsLive(string provider)
    {
        await using var db = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var services = KernelHost.Create(db);
        var org = await SearchSeed.OrganisationAsync(services, "HEALTH", "시민건강국");
        var dataset = await SearchSeed.DatasetAsync(services, org, "clinics", "선별진료소 목록", ["진료소"]);
        Guid resourceId;
        await using (var scope = services.CreateAsyncScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogService>();
            var d = (await catalog.FindAsync("clinics"))!;
            var r = await catalog.AddResourceAsync(d, new DataResource { Kind = ResourceKind.Upload, Format = "CSV", Name = new LocalizedText { Ko = "진료소" } }, Actor.System);
            resourceId = r.Id;
        }

        Assert.Empty((await SearchSeed.SearchAsync(services, "강남구보건소")).Hits);
        var v1 = await SearchSeed.VersionAsync(services, resourceId, 1);
        await using (var scope = services.CreateAsyncScope())
        {
            var schema = new TableSchema { Fields = [new TableField { Name = "시설명", Type = "string" }, new TableField { Name = "병상", Type = "integer" }] };
            await scope.ServiceProvider.GetRequiredService<IDatastoreLoader>().LoadAsync(resourceId, v1, schema,
                [["강남구보건소", 3L], ["서초구청 임시선별진료소", 5L], ["강남구보건소", 4L]], null);
        }

        var hit = Assert.Single((await SearchSeed.SearchAsync(services, "강남구보건소")).Hits);
        Assert.Equal(dataset.Id.ToString(), hit.Key);
        Assert.Equal(CatalogService.SearchType, hit.Type);
        Assert.Equal("CSV", hit.Kind);

        // Rows added through datastore_upsert are searchable in the same commit too.
        await using (var scope = services.CreateAsyncScope())
        {
            var record = new Dictionary<string, System.Text.Json.JsonElement>
            {
                ["시설명"] = System.Text.Json.JsonSerializer.SerializeToElement("마포구립도서관"),
                ["병상"] = System.Text.Json.JsonSerializer.SerializeToElement(1),
            };
            await scope.ServiceProvider.GetRequiredService<IDatastore>().UpsertAsync(resourceId, [record], "insert");
        }

        Assert.Equal(dataset.Id.ToString(), Assert.Single((await SearchSeed.SearchAsync(services, "마포구립도서관")).Hits).Key);

        // A new version replaces the old values in the index as it replaces them in the data.
        var v2 = await SearchSeed.VersionAsync(services, resourceId, 2);
        await using (var scope = services.CreateAsyncScope())
        {
            var schema = new TableSchema { Fields = [new TableField { Name = "시설명", Type = "string" }, new TableField { Name = "병상", Type = "integer" }] };
            await scope.ServiceProvider.GetRequiredService<IDatastoreLoader>().LoadAsync(resourceId, v2, schema, [["송파구보건소", 2L]], null);
        }

        Assert.Single((await SearchSeed.SearchAsync(services, "송파구보건소")).Hits);
        Assert.Empty((await SearchSeed.SearchAsync(services, "강남구보건소")).Hits);
        Assert.False((await services.GetRequiredService<SearchReindexer>().CheckAsync(null, 100, CancellationToken.None)).HasDrift);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task ADocumentNumberTypedExactly_IsTheFirstHit(string provider)
    {
        await using var db = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var services = KernelHost.Create(db);
        var org = await SearchSeed.OrganisationAsync(services, "TRN", "교통정책실");
        // Documents that mention the office and the number's digits many times, so plain ranking alone would put them first.
        for (var i = 0; i < 5; i++)
        {
            await SearchSeed.PublishAsync(services, org, $"교통정책과 1234 보고 {i}", string.Join(' ', Enumerable.Repeat("교통정책과 1234 관련 협조 요청", 20)));
        }

        var numbered = await SearchSeed.PublishAsync(services, org, "택시 요금 조정 알림", "택시 기본요금을 조정합니다.", number: "교통정책과-1234");

        var results = await SearchSeed.SearchAsync(services, "교통정책과-1234");
        Assert.Equal(numbered.ToString(), results.Hits[0].Key);
        Assert.True(results.Hits[0].ExactIdentifier);
        Assert.Equal("report", results.Hits[0].Kind);
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TypeFilter_TakesEachModulesNamesInEveryLanguage(string provider)
    {
        await using var db = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        await using var services = KernelHost.Create(db);
        var org = await SearchSeed.OrganisationAsync(services, "WEL-CHILD", "보육정책과");
        var doc = await SearchSeed.PublishAsync(services, org, "어린이집 보육료 지원", "보육료 지원 기준을 안내합니다.");
        var dataset = await SearchSeed.DatasetAsync(services, org, "daycare-fees", "어린이집 보육료 현황", ["보육료"]);

        var both = (await SearchSeed.SearchAsync(services, "보육료")).Hits.Select(h => h.Key).ToList();
        Assert.Contains(doc.ToString(), both);
        Assert.Contains(dataset.Id.ToString(), both);
        foreach (var alias in new[] { "document", "문서", "文書", "文档", "文件" })
        {
            Assert.Equal(doc.ToString(), Assert.Single((await SearchSeed.SearchAsync(services, $"type:{alias} 보육료")).Hits).Key);
        }

        foreach (var alias in new[] { "dataset", "데이터", "データ", "数据集", "資料集" })
        {
            Assert.Equal(dataset.Id.ToString(), Assert.Single((await SearchSeed.SearchAsync(services, $"type:{alias} 보육료")).Hits).Key);
        }

        foreach (var alias in new[] { "organisation", "부서", "組織", "部门" })
        {
            Assert.Equal("WEL-CHILD", Assert.Single((await SearchSeed.SearchAsync(services, $"type:{alias} 보육정책과")).Hits).Key);
        }
    }
}

/// <summary>Content for the search tests, made through the modules' own services (or, for volume, written straight to the tables).</summary>
internal static class SearchSeed
{
    public static async Task<Guid> OrganisationAsync(IServiceProvider services, string code, string name)
    {
        await using var scope = services.CreateAsyncScope();
        var r = await scope.ServiceProvider.GetRequiredService<OrganisationCommands>().CreateAsync(
            new OrganisationInput(code, new LocalizedText { Ko = name, En = code }, null, OrganisationKind.Division), Actor.System);
        Assert.True(r.Succeeded);
        return r.Value!.Id;
    }

    /// <summary>A document published through <see cref="Publisher"/>, as processing publishes one.</summary>
    public static async Task<Guid> PublishAsync(IServiceProvider services, Guid org, string title, string text, string? number = null,
        DisclosureClass disclosure = DisclosureClass.Public)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        var doc = NewDocument(org, title, text, disclosure);
        doc.DocumentNumber = number;
        db.Add(doc);
        await scope.ServiceProvider.GetRequiredService<Publisher>().ReleaseOrWaitAsync(doc, CancellationToken.None);
        await db.SaveChangesAsync();
        Assert.Equal(DocumentState.Published, doc.State);
        return doc.Id;
    }

    /// <summary>Published documents written straight to the table, without entries: what an upgrade or a lost index leaves.</summary>
    public static async Task RawDocumentsAsync(TestDatabase db, Guid org, int count)
    {
        for (var done = 0; done < count;)
        {
            await using var ctx = db.NewContext();
            ctx.ChangeTracker.AutoDetectChangesEnabled = false;
            var n = Math.Min(2_000, count - done);
            for (var i = 0; i < n; i++)
            {
                var doc = NewDocument(org, $"예산 집행 현황 보고 {done + i}",
                    $"{done + i}번째 예산 집행 현황을 보고합니다. 사업별 집행률과 이월 예정액, 다음 분기 계획을 정리했습니다.", DisclosureClass.Public);
                doc.State = DocumentState.Published;
                doc.PublishedAt = doc.ReceivedAt;
                doc.DocumentNumber = $"예산담당관-{done + i}";
                ctx.Add(doc);
            }

            await ctx.SaveChangesAsync();
            done += n;
        }
    }

    private static ReleaseDocument NewDocument(Guid org, string title, string text, DisclosureClass disclosure) => new()
    {
        Id = Guid.NewGuid(),
        SourceSystem = "test",
        SourceId = Guid.NewGuid().ToString("N"),
        Title = title,
        MaskedTitle = title,
        ExtractedText = text,
        MaskedText = text,
        OrganisationId = org,
        ApprovedAt = new DateTimeOffset(2026, 3, 5, 1, 0, 0, TimeSpan.Zero),
        Type = DocumentType.Report,
        Disclosure = disclosure,
        Language = "ko",
        State = DocumentState.Received,
        ReceivedAt = DateTimeOffset.UtcNow,
    };

    public static async Task<Dataset> DatasetAsync(IServiceProvider services, Guid org, string name, string title, string[] tags)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogService>().SaveAsync(new DatasetInput
        {
            Name = name, Title = new LocalizedText { Ko = title }, OrganisationId = org, Tags = tags, LicenseId = "CC-BY-4.0",
        }, Actor.System);
    }

    /// <summary>An accepted version record for a load (what the version job writes before it loads).</summary>
    public static async Task<Guid> VersionAsync(IServiceProvider services, Guid resourceId, int number)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        var v = new ResourceVersion
        {
            Id = Guid.NewGuid(), ResourceId = resourceId, Number = number, Sha256 = new string('0', 64), FileName = "clinics.csv",
            MediaType = "text/csv", ByteSize = 1, Status = VersionStatus.Accepted, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Add(v);
        (await db.Set<DataResource>().SingleAsync(r => r.Id == resourceId)).CurrentVersionId = v.Id;
        await db.SaveChangesAsync();
        return v.Id;
    }

    public static async Task<SearchResults> SearchAsync(IServiceProvider services, string query)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISearchIndex>().SearchAsync(new SearchRequest { Query = query, Limit = 20 });
    }
}
