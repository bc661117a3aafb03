using System.Text;
using Madang.Core.Audit;
using Madang.Core.Localization;
using Madang.Data.Catalog;
using Madang.Data.Datastore;
using Madang.Data.Domain;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests.Data;

/// <summary>A job worker killed with SIGKILL in the middle of loading a new version: the old rows stay live, nothing half-loaded shows.</summary>
public sealed class DatastoreKillTests
{
    [Fact]
    public async Task Load_KilledMidway_OldVersionStaysLive_AndTheRestartedWorkerFinishes()
    {
        await using var db = await (await TestDatabase.CreateAsync("Sqlite")).MigrateAsync();
        // A short lease, so that the killed worker's job is taken again within seconds rather than a minute.
        string[] cfg = [.. db.AppArgs(), "--Madang:Jobs:LeaseDuration=00:00:04"];
        Assert.Equal(0, (await MadangProcess.RunAsync(["org", "add", "--code", "HEALTH", "--name", "보건정책과", .. cfg])).ExitCode);

        await using var services = KernelHost.Create(db);
        Guid resourceId, v1, v2;
        await using (var scope = services.CreateAsyncScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogService>();
            var org = await scope.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>().Organisations.SingleAsync(o => o.Code == "HEALTH");
            var d = await catalog.SaveAsync(new DatasetInput { Name = "daily-tests", Title = new LocalizedText { Ko = "일별 검사", En = "Daily tests" }, OrganisationId = org.Id }, Actor.System);
            var r = await catalog.AddResourceAsync(d, new DataResource { Kind = ResourceKind.Upload, Name = new LocalizedText { En = "Tests" } }, Actor.System);
            resourceId = r.Id;
            using var small = new MemoryStream(Csv(100));
            v1 = (await catalog.AddVersionAsync(d, r, small, "tests.csv", "First 100 days", Actor.System)).Id;
        }

        // Version 1 goes live through a real worker.
        using (var worker = MadangProcess.Start(["jobs", "run", .. cfg]))
        {
            await WaitAsync(services, r => r.DatastoreVersionId == v1 && r.DatastoreState == DatastoreState.Active, worker);
            worker.KillHard();
        }

        const int BigRows = 400_000;
        await using (var scope = services.CreateAsyncScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogService>();
            var d = (await catalog.FindAsync("daily-tests"))!;
            using var big = new MemoryStream(Csv(BigRows));
            v2 = (await catalog.AddVersionAsync(d, d.Resources[0], big, "tests.csv", "All days", Actor.System)).Id;
        }

        using (var worker = MadangProcess.Start(["jobs", "run", .. cfg]))
        {
            // Killed once the new rows are going in.
            await WaitAsync(services, r => r.DatastoreProgress > 0 && r.DatastoreVersionId == v1, worker);
            worker.KillHard();
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var live = await scope.ServiceProvider.GetRequiredService<IDatastore>().SearchAsync(new DatastoreQuery { ResourceId = resourceId, Limit = 0 });
            Assert.Equal(100, live.Total);
        }

        using (var worker = MadangProcess.Start(["jobs", "run", .. cfg]))
        {
            await WaitAsync(services, r => r.DatastoreVersionId == v2 && r.DatastoreState == DatastoreState.Active, worker, TimeSpan.FromMinutes(4));
            worker.KillHard();
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var live = await scope.ServiceProvider.GetRequiredService<IDatastore>().SearchAsync(new DatastoreQuery { ResourceId = resourceId, Limit = 1, Sort = "day desc" });
            Assert.Equal(BigRows, live.Total);
            var ctx = scope.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>();
            var resource = await ctx.Set<DataResource>().SingleAsync(r => r.Id == resourceId);
            Assert.Equal(v2, resource.CurrentVersionId);
            Assert.Equal(BigRows, resource.DatastoreRows);
            // The killed load's partial table and version 1's table are gone: one datastore table remains.
            var conn = ctx.Database.GetDbConnection();
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'data\\_ds\\_%' ESCAPE '\\'";
            var tables = new List<string>();
            await using (var reader = await cmd.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            // A loaded table comes with its full-text and metadata tables, all named after it.
            Assert.NotEmpty(tables);
            Assert.All(tables, t => Assert.StartsWith(resource.DatastoreTable!, t, StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Providers.All), MemberType = typeof(Providers))]
    public async Task TwoVersionsUploadedTogether_TheNewerIsLive_WhicheverWorkerFinishesLast(string provider)
    {
        await using var app = await MadangTestApp.StartAsync(Enum.Parse<Madang.Core.Data.DatabaseProvider>(provider));
        var org = await People.OrganisationAsync(app);
        Guid v2;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogService>();
            var d = await catalog.SaveAsync(new DatasetInput { Name = "counts", Title = new LocalizedText { En = "Counts" }, OrganisationId = org.Id }, Actor.System);
            var r = await catalog.AddResourceAsync(d, new DataResource { Kind = ResourceKind.Upload, Name = new LocalizedText { En = "Counts" } }, Actor.System);
            // The older version is the bigger one, so its job tends to finish after the newer one's.
            using var first = new MemoryStream(Csv(20_000));
            await catalog.AddVersionAsync(d, r, first, "counts.csv", "First", Actor.System);
            using var second = new MemoryStream(Csv(30));
            v2 = (await catalog.AddVersionAsync(d, r, second, "counts.csv", "Second", Actor.System)).Id;
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        DataResource? resource = null;
        while (watch.Elapsed < TimeSpan.FromSeconds(90))
        {
            await using var scope = app.Services.CreateAsyncScope();
            var ctx = scope.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>();
            resource = await ctx.Set<DataResource>().AsNoTracking().SingleAsync();
            var pending = await ctx.Set<ResourceVersion>().CountAsync(v => v.Status == VersionStatus.Pending)
                + await ctx.Jobs.CountAsync(j => j.Type == CatalogService.ProcessVersionJob && j.CompletedAt == null);
            if (pending == 0 && resource.DatastoreState == DatastoreState.Active)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.NotNull(resource);
        Assert.Equal(v2, resource.CurrentVersionId);
        Assert.Equal(v2, resource.DatastoreVersionId);
        Assert.Equal(30, resource.DatastoreRows);
    }

    private static byte[] Csv(int rows)
    {
        var sb = new StringBuilder("day,district,tested,positive\n");
        var start = new DateOnly(2020, 1, 24);
        for (var i = 0; i < rows; i++)
        {
            sb.Append(start.AddDays(i % 3000).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(',')
              .Append(i % 2 == 0 ? "마포구" : "중구").Append(i).Append(',').Append(100 + (i % 997)).Append(',').Append(i % 13).Append('\n');
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static async Task WaitAsync(IServiceProvider services, Func<DataResource, bool> done, MadangProcess worker, TimeSpan? timeout = null)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (watch.Elapsed < (timeout ?? TimeSpan.FromMinutes(3)))
        {
            await using (var scope = services.CreateAsyncScope())
            {
                var r = await scope.ServiceProvider.GetRequiredService<Madang.Core.Data.MadangDbContext>().Set<DataResource>().AsNoTracking().SingleAsync();
                if (done(r))
                {
                    return;
                }
            }

            await Task.Delay(25);
        }

        Assert.Fail("The worker did not get there in time. Its output:\n" + worker.Output);
    }
}
