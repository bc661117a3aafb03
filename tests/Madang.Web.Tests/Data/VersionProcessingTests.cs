using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Jobs;
using Madang.Core.Localization;
using Madang.Core.Organisations;
using Madang.Data.Catalog;
using Madang.Data.Datastore;
using Madang.Data.Domain;
using Madang.Data.Tabular;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests.Data;

/// <summary>Uploads go through CatalogService and the real job runner: validated, accepted or rejected, loaded.</summary>
public sealed class VersionProcessingTests
{
    static VersionProcessingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The real datastore loader, watched: what it was handed per version, and how often it ran.</summary>
    private sealed class Watch
    {
        public ConcurrentDictionary<Guid, List<object?[]>> Loads { get; } = new();

        public int Calls;
    }

    private sealed class WatchedLoader(DatastoreLoader inner, Watch watch) : IDatastoreLoader
    {
        public Task<long> LoadAsync(Guid resourceId, Guid versionId, TableSchema schema, IEnumerable<object?[]> rows, IProgress<long>? progress,
            CancellationToken ct = default)
        {
            Interlocked.Increment(ref watch.Calls);
            var list = new List<object?[]>();
            watch.Loads[versionId] = list;
            return inner.LoadAsync(resourceId, versionId, schema, rows.Select(r => { list.Add(r); return r; }), progress, ct);
        }
    }

    private static async Task<(ServiceProvider Sp, Dataset Dataset, DataResource Resource)> SetUpAsync(TestDatabase test, Watch loader)
    {
        var sp = KernelHost.Create(test, s => s.AddScoped<IDatastoreLoader>(x => new WatchedLoader(x.GetRequiredService<DatastoreLoader>(), loader)));
        await using var scope = sp.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        var org = new Organisation { Id = Guid.NewGuid(), Code = "T-" + Guid.NewGuid().ToString("N")[..6], Name = LocalizedText.Of("보건과", "保健課", "Health", "卫生科", "衛生科"), Kind = OrganisationKind.Division };
        db.Organisations.Add(org);
        await db.SaveChangesAsync();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogService>();
        var dataset = await catalog.SaveAsync(new DatasetInput
        {
            Name = "cases-" + Guid.NewGuid().ToString("N")[..8],
            Title = LocalizedText.Of("확진자 현황", "陽性者数", "Confirmed cases", "确诊", "確診"),
            OrganisationId = org.Id,
        }, Actor.System);
        var resource = await catalog.AddResourceAsync(dataset, new DataResource { Kind = ResourceKind.Upload, Name = LocalizedText.Of("일별", "日別", "Daily", "每日", "每日") }, Actor.System);
        return (sp, dataset, resource);
    }

    private static async Task<Guid> UploadAsync(ServiceProvider sp, Guid datasetId, Guid resourceId, byte[] content, string fileName)
    {
        await using var scope = sp.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogService>();
        var d = (await catalog.FindAsync(datasetId.ToString()))!;
        var r = d.Resources.Single(x => x.Id == resourceId);
        var v = await catalog.AddVersionAsync(d, r, new MemoryStream(content), fileName, "daily update", Actor.System);
        return v.Id;
    }

    private static async Task RunJobsAsync(ServiceProvider sp)
    {
        var runner = sp.GetRequiredService<JobRunner>();
        for (var i = 0; i < 20 && await runner.RunOneAsync(CancellationToken.None); i++)
        {
        }
    }

    private static byte[] Cp949(string text) => Encoding.GetEncoding(949).GetBytes(text);

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task BrokenUpload_IsRejectedWithItsReport_PreviousVersionStaysLive(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        var loader = new Watch();
        var (sp, dataset, resource) = await SetUpAsync(test, loader);
        await using var _ = sp;

        // Version 1: Korean CP949 daily counts with thousands separators; the schema is inferred from it.
        var v1 = await UploadAsync(sp, dataset.Id, resource.Id, Cp949(
            "기준일,시군구,확진자수\r\n2020-03-17,종로구,\"1,234\"\r\n2020-03-17,중구,15\r\n2020-03-18,종로구,\"1,240\"\r\n"), "daily.csv");
        await RunJobsAsync(sp);
        await using (var db = test.NewContext())
        {
            var r = await db.Set<DataResource>().SingleAsync(x => x.Id == resource.Id);
            var v = await db.Set<ResourceVersion>().SingleAsync(x => x.Id == v1);
            Assert.Equal(VersionStatus.Accepted, v.Status);
            Assert.Equal(3, v.RowCount);
            Assert.Equal(v1, r.CurrentVersionId);
            Assert.Equal(DatastoreState.Active, r.DatastoreState);
            Assert.Equal(v1, r.DatastoreVersionId);
            Assert.Equal(3, r.DatastoreRows);
            var schema = TableSchema.FromJson(r.SchemaJson!);
            Assert.Equal(["date", "string", "integer"], schema.Fields.Select(f => f.Type));

            // The publisher declares the key the rows must not repeat.
            schema.PrimaryKey = ["기준일", "시군구"];
            r.SchemaJson = schema.ToJson();
            await db.SaveChangesAsync();
        }

        Assert.Equal([new DateOnly(2020, 3, 17), "종로구", 1234L], loader.Loads[v1][0]);

        // Version 2: a type error, a ragged row and a repeated key.
        var v2 = await UploadAsync(sp, dataset.Id, resource.Id, Cp949(
            "기준일,시군구,확진자수\r\n2020-03-19,종로구,1250\r\n2020-03-19,중구,많음\r\n2020-03-19,용산구\r\n2020-03-19,종로구,1251\r\n"), "daily.csv");
        await RunJobsAsync(sp);
        await using (var db = test.NewContext())
        {
            var r = await db.Set<DataResource>().SingleAsync(x => x.Id == resource.Id);
            var v = await db.Set<ResourceVersion>().SingleAsync(x => x.Id == v2);
            Assert.Equal(VersionStatus.Rejected, v.Status);
            var report = JsonSerializer.Deserialize<ValidationReport>(v.ReportJson!, TableSchema.Json)!;
            Assert.Equal("cp949", report.Encoding);
            var found = report.Errors.Select(e => (e.Code, e.Row, e.Field)).ToList();
            Assert.Contains(("type-error", 3L, "확진자수"), found);
            Assert.Contains(("missing-cell", 4L, null), found);
            Assert.Contains(("primary-key", 5L, "기준일, 시군구"), found);
            Assert.Equal(v1, r.CurrentVersionId);
            Assert.Equal(v1, r.DatastoreVersionId);
            Assert.Equal(DatastoreState.Active, r.DatastoreState);
        }

        Assert.False(loader.Loads.ContainsKey(v2));
        await using (var scope = sp.CreateAsyncScope())
        {
            // Citizens still query version 1's rows.
            var live = await scope.ServiceProvider.GetRequiredService<IDatastore>().SearchAsync(new DatastoreQuery
            {
                ResourceId = resource.Id,
                Filters = new Dictionary<string, IReadOnlyList<string>> { ["시군구"] = ["종로구"] },
            });
            Assert.Equal(2, live.Total);
        }

        // Version 3 fixes it and goes live; running its job again (a retry after a crash) loads nothing twice.
        var v3 = await UploadAsync(sp, dataset.Id, resource.Id, Cp949(
            "기준일,시군구,확진자수\r\n2020-03-19,종로구,1250\r\n2020-03-19,중구,16\r\n2020-03-19,용산구,3\r\n"), "daily.csv");
        await RunJobsAsync(sp);
        var calls = loader.Calls;
        await using (var scope = sp.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<JobQueue>().Enqueue(CatalogService.ProcessVersionJob, new VersionPayload(v3));
            await scope.ServiceProvider.GetRequiredService<MadangDbContext>().SaveChangesAsync();
        }

        await RunJobsAsync(sp);
        Assert.Equal(calls, loader.Calls);
        await using (var db = test.NewContext())
        {
            var r = await db.Set<DataResource>().SingleAsync(x => x.Id == resource.Id);
            Assert.Equal(v3, r.CurrentVersionId);
            Assert.Equal(v3, r.DatastoreVersionId);
            Assert.Equal(3, r.DatastoreRows);
            Assert.Equal(VersionStatus.Accepted, (await db.Set<ResourceVersion>().SingleAsync(x => x.Id == v3)).Status);
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TokyoCp932_FirstUpload_LoadsTypedValues_PdfIsAcceptedAsIs(string provider)
    {
        await using var test = await (await TestDatabase.CreateAsync(provider)).MigrateAsync();
        var loader = new Watch();
        var (sp, dataset, resource) = await SetUpAsync(test, loader);
        await using var _ = sp;

        var v1 = await UploadAsync(sp, dataset.Id, resource.Id, Encoding.GetEncoding(932).GetBytes(TabularReaderTests.TokyoPatients), "130001_tokyo_covid19_patients.csv");
        await RunJobsAsync(sp);
        await using (var db = test.NewContext())
        {
            var r = await db.Set<DataResource>().SingleAsync(x => x.Id == resource.Id);
            var v = await db.Set<ResourceVersion>().SingleAsync(x => x.Id == v1);
            Assert.Equal(VersionStatus.Accepted, v.Status);
            Assert.Equal("shift_jis", JsonSerializer.Deserialize<ValidationReport>(v.ReportJson!, TableSchema.Json)!.Encoding);
            var fields = TableSchema.FromJson(r.SchemaJson!).Fields;
            Assert.Equal(("公表_年月日", "date", CellParser.AnyFormat), (fields[3].Name, fields[3].Type, fields[3].Format));
            Assert.Equal(("患者_年代", "string"), (fields[7].Name, fields[7].Type));
        }

        var row = loader.Loads[v1][4];
        Assert.Equal([130001L, "東京都", null, new DateOnly(2020, 3, 17), "火"], row[..5]);
        Assert.Equal("50代", row[7]);
        await using (var scope = sp.CreateAsyncScope())
        {
            var fifties = await scope.ServiceProvider.GetRequiredService<IDatastore>().SearchAsync(new DatastoreQuery
            {
                ResourceId = resource.Id,
                Filters = new Dictionary<string, IReadOnlyList<string>> { ["患者_年代"] = ["50代"] },
            });
            Assert.Equal(1, fifties.Total);
        }

        var pdf = await UploadAsync(sp, dataset.Id, resource.Id, "%PDF-1.4\n%%EOF\n"u8.ToArray(), "notes.pdf");
        await RunJobsAsync(sp);
        await using (var db = test.NewContext())
        {
            Assert.Equal(VersionStatus.Accepted, (await db.Set<ResourceVersion>().SingleAsync(x => x.Id == pdf)).Status);
            Assert.Equal(pdf, (await db.Set<DataResource>().SingleAsync(x => x.Id == resource.Id)).CurrentVersionId);
        }
    }
}
