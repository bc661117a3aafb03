using System.Net.Http.Json;
using System.Text.Json;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Localization;
using Madang.Data.Catalog;
using Madang.Data.Domain;
using Madang.Data.Harvest;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests.Data;

/// <summary>Harvesting from a second Madang instance over real HTTP, through its CKAN API.</summary>
public sealed class HarvestTests
{
    [Fact]
    public async Task Harvest_FromASecondInstance_CreatesUpdatesAndRemovesCopies()
    {
        await using var remote = await MadangTestApp.StartAsync(DatabaseProvider.Sqlite);
        await using var local = await MadangTestApp.StartAsync(DatabaseProvider.Postgres);
        var remoteOrg = await People.OrganisationAsync(remote);
        var localDefault = await People.OrganisationAsync(local);
        var localMapped = await People.OrganisationAsync(local);
        await CreateAsync(remote, remoteOrg.Id, "air-quality", "대기질", "Air quality");
        var doomed = await CreateAsync(remote, remoteOrg.Id, "old-buses", "노선버스", "Bus routes");
        await CreateAsync(remote, remoteOrg.Id, "parks", "공원", "Parks");

        // The remote organisation's CKAN name, as its API gives it, maps to a local department.
        using var show = await remote.Client().GetFromJsonAsync<JsonDocument>("/api/3/action/package_show?id=parks");
        var remoteOrgName = show!.RootElement.GetProperty("result").GetProperty("organization").GetProperty("name").GetString()!;

        HarvestSource source;
        await using (var scope = local.Services.CreateAsyncScope())
        {
            source = await scope.ServiceProvider.GetRequiredService<Harvester>().AddSourceAsync(remote.BaseAddress.ToString(), "Remote city",
                localDefault.Id, TimeSpan.Zero, new Dictionary<string, string> { [remoteOrgName] = localMapped.Code }, Actor.System);
        }

        var first = await RunAsync(local, source);
        Assert.True(first.Succeeded, first.Errors);
        Assert.Equal((3, 0, 0, 0), (first.Created, first.Updated, first.Deleted, first.Failed));
        var copy = await FindAsync(local, "air-quality");
        Assert.NotNull(copy);
        Assert.Equal("Air quality", copy.Title.En);
        Assert.Equal("대기질", copy.Title.Ko);
        Assert.Equal(localMapped.Id, copy.OrganisationId);
        Assert.Equal(source.Id, copy.HarvestSourceId);
        Assert.Contains(copy.Tags, t => t.Name == "환경");
        Assert.Contains(copy.Themes, t => t.Code == "ENVI");
        var link = Assert.Single(copy.Resources);
        Assert.Equal(ResourceKind.Link, link.Kind);
        Assert.Equal("https://example.org/air-quality.csv", link.LinkUrl);
        // The copies are public on the local site, and their page says where they come from.
        var page = await local.Client().GetStringAsync("/en/datasets/air-quality");
        Assert.Contains(remote.BaseAddress + "dataset/air-quality", page, StringComparison.Ordinal);
        var catalog = await local.Client().GetStringAsync("/catalog.ttl");
        Assert.Contains("Air quality", catalog, StringComparison.Ordinal);

        // At the source: one dataset changes, one goes, one arrives.
        await using (var scope = remote.Services.CreateAsyncScope())
        {
            var svc = scope.ServiceProvider.GetRequiredService<CatalogService>();
            var air = (await svc.FindAsync("air-quality"))!;
            await svc.SaveAsync(Input(remoteOrg.Id, "air-quality", "대기질 (시간별)", "Air quality, hourly"), Actor.System, air);
            await svc.DeleteAsync((await svc.FindAsync(doomed.Name))!, Actor.System);
        }

        await CreateAsync(remote, remoteOrg.Id, "libraries", "도서관", "Libraries");
        var second = await RunAsync(local, source);
        Assert.True(second.Succeeded, second.Errors);
        Assert.Equal((1, 1, 1, 0), (second.Created, second.Updated, second.Deleted, second.Failed));
        Assert.Equal("Air quality, hourly", (await FindAsync(local, "air-quality"))!.Title.En);
        Assert.Null(await FindAsync(local, "old-buses"));
        Assert.NotNull(await FindAsync(local, "libraries"));
        Assert.DoesNotContain("Bus routes", await local.Client().GetStringAsync("/catalog.ttl"), StringComparison.Ordinal);

        // Nothing changed since: nothing is rewritten.
        var third = await RunAsync(local, source);
        Assert.Equal((0, 0, 0), (third.Created, third.Updated, third.Deleted));
        await using (var scope = local.Services.CreateAsyncScope())
        {
            var runs = await scope.ServiceProvider.GetRequiredService<MadangDbContext>().Set<HarvestRun>().CountAsync(r => r.SourceId == source.Id);
            Assert.Equal(3, runs);
        }
    }

    [Fact]
    public async Task Harvest_FromSomethingThatIsNotAPortal_FailsWithAReason_AndRemovesNothing()
    {
        await using var remote = await MadangTestApp.StartAsync(DatabaseProvider.Sqlite);
        await using var local = await MadangTestApp.StartAsync(DatabaseProvider.Sqlite);
        var remoteOrg = await People.OrganisationAsync(remote);
        var localOrg = await People.OrganisationAsync(local);
        await CreateAsync(remote, remoteOrg.Id, "parks", "공원", "Parks");
        HarvestSource source;
        await using (var scope = local.Services.CreateAsyncScope())
        {
            source = await scope.ServiceProvider.GetRequiredService<Harvester>().AddSourceAsync(remote.BaseAddress.ToString(), "Remote", localOrg.Id,
                TimeSpan.Zero, new Dictionary<string, string>(), Actor.System);
        }

        Assert.Equal(1, (await RunAsync(local, source)).Created);

        // The same source now answers with something else (here: the wrong address): the copies stay.
        await using (var scope = local.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            await db.Set<HarvestSource>().Where(s => s.Id == source.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Url, remote.BaseAddress + "nothing-here"));
            source = await db.Set<HarvestSource>().AsNoTracking().SingleAsync(s => s.Id == source.Id);
        }

        var failed = await RunAsync(local, source);
        Assert.False(failed.Succeeded);
        Assert.Contains("404", failed.Errors, StringComparison.Ordinal);
        Assert.Equal(0, failed.Deleted);
        Assert.NotNull(await FindAsync(local, "parks"));
    }

    [Fact]
    public async Task AdminPage_AddsASource_RunsIt_AndShowsTheRunsOutcome()
    {
        await using var app = await MadangTestApp.StartAsync(DatabaseProvider.Sqlite);
        var org = await People.OrganisationAsync(app);
        var (admin, secret) = await People.CreateAsync(app, Madang.Core.Permissions.Roles.Administrator, totp: true);
        var client = await People.SignInAsync(app, admin, secret);
        const string Page = "/en/admin/data/harvest";

        var bad = await Forms.PostAsync(client, Page + "?handler=Add", new Dictionary<string, string>
        {
            ["Form.Url"] = "ftp://nowhere", ["Form.Organisation"] = org.Code, ["Form.IntervalHours"] = "0",
        }, tokenFromPath: Page);
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("Give the http(s) address of a CKAN-compatible portal.", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // This portal has nothing at this address, so the run records that it did not complete.
        var added = await Forms.PostAsync(client, Page + "?handler=Add", new Dictionary<string, string>
        {
            ["Form.Url"] = app.BaseAddress + "no-portal-here", ["Form.Title"] = "Nowhere portal", ["Form.Organisation"] = org.Code,
            ["Form.IntervalHours"] = "0", ["Form.Mapping"] = "health = " + org.Code,
        }, tokenFromPath: Page);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, added.StatusCode);
        Guid id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var source = await scope.ServiceProvider.GetRequiredService<MadangDbContext>().Set<HarvestSource>().SingleAsync();
            Assert.Equal("Nowhere portal", source.Title);
            Assert.Contains("health", source.OrganisationMapJson, StringComparison.Ordinal);
            id = source.Id;
        }

        var run = await Forms.PostAsync(client, Page + "?handler=Run", new Dictionary<string, string> { ["id"] = id.ToString() }, tokenFromPath: Page);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, run.StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string html;
        do
        {
            await Task.Delay(200);
            html = await client.GetStringAsync(Page);
        }
        while (!html.Contains("did not complete", StringComparison.Ordinal) && DateTime.UtcNow < deadline);
        Assert.Contains("did not complete", html, StringComparison.Ordinal);
        Assert.Contains("404", html, StringComparison.Ordinal);
    }

    private static DatasetInput Input(Guid org, string name, string ko, string en) => new()
    {
        Name = name,
        Title = new LocalizedText { Ko = ko, En = en },
        Description = new LocalizedText { En = en + " measured by the city." },
        OrganisationId = org,
        LicenseId = "CC-BY-4.0",
        Tags = ["환경", "open"],
        Themes = ["ENVI"],
    };

    private static async Task<Dataset> CreateAsync(MadangTestApp app, Guid org, string name, string ko, string en)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var svc = scope.ServiceProvider.GetRequiredService<CatalogService>();
        var d = await svc.SaveAsync(Input(org, name, ko, en), Actor.System);
        await svc.AddResourceAsync(d, new DataResource { Kind = ResourceKind.Link, LinkUrl = $"https://example.org/{name}.csv", Format = "CSV", Name = new LocalizedText { En = en } }, Actor.System);
        return d;
    }

    private static async Task<HarvestRun> RunAsync(MadangTestApp app, HarvestSource source)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Harvester>().RunAsync(source);
    }

    private static async Task<Dataset?> FindAsync(MadangTestApp app, string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogService>().FindAsync(name);
    }
}
