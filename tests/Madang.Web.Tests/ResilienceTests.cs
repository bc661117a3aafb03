using System.Net;
using System.Text.Json;
using Madang.Core.Data;
using Madang.Core.Jobs;
using Madang.Core.Localization;
using Madang.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests;

public sealed class ResilienceTests
{
    [Fact]
    public async Task Healthz_JobsWaitingWithNoWorker_ReportsTheQueueStuck()
    {
        await using var app = await MadangTestApp.StartAsync(DatabaseProvider.Sqlite, extraArgs: ["--Madang:RunWorkers=false"]);
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/healthz")).StatusCode);
        await using (var db = app.Database.NewContext())
        {
            db.Jobs.Add(new Job { Type = KernelJobs.Probe, CreatedAt = DateTimeOffset.UtcNow.AddHours(-1), RunAfter = DateTimeOffset.UtcNow.AddHours(-1) });
            await db.SaveChangesAsync();
        }

        var res = await app.Client().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, res.StatusCode);
        using var doc = JsonDocument.Parse(await res.Content.ReadAsStringAsync());
        Assert.Equal("Unhealthy", doc.RootElement.GetProperty("checks").GetProperty("jobs").GetProperty("status").GetString());
        Assert.Equal("Healthy", doc.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ServerError_LocalizedPageWithAReference_AndNoDetails()
    {
        await using var app = await MadangTestApp.StartAsync(DatabaseProvider.Sqlite);
        var catalog = app.Services.GetRequiredService<TextCatalog>();
        var res = await app.Client(acceptLanguage: "zh-TW").GetAsync("/error/500");
        var html = await res.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, res.StatusCode);
        Assert.Contains(catalog.Get("zh-Hant", "error.500.title"), html, StringComparison.Ordinal);
        Assert.Contains(catalog.Get("zh-Hant", "error.reference"), html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Database_Unreachable_HealthSaysSoAndPagesFailPolitely()
    {
        // PostgreSQL, because dropping it closes every open session at once; corrupting a SQLite file under a pooled
        // connection in WAL mode raced with the job worker's open connection, which kept reading the old pages.
        await using var app = await MadangTestApp.StartAsync(DatabaseProvider.Postgres);
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/healthz")).StatusCode);
        await app.Database.DropAsync();

        var health = await app.Client().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var page = await app.Client().GetAsync("/ko/organisations");
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(app.Services.GetRequiredService<TextCatalog>().Get("ko", "error.500.title"), html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
    }
}
