using System.Text.RegularExpressions;
using Madang.Core.Audit;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Localization;
using Madang.Core.Permissions;
using Madang.Data.Catalog;
using Madang.Data.Domain;
using Madang.Data.Tabular;
using Madang.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Madang.Browser.Tests;

/// <summary>A citizen browses the open data catalogue and a publisher manages datasets, in every language, on a desktop and a phone.</summary>
[Collection("browser")]
public sealed class DataCatalogueTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Password = "a publisher's long password";

    /// <summary>A dataset of the test's own with a resource whose second upload was rejected, so the report and schema editor show.</summary>
    private async Task<(Guid Dataset, Guid Resource)> RejectedUploadAsync()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogService>();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        var org = await db.Organisations.FirstAsync(o => o.Code == "ENV-AIR");
        var d = await catalog.SaveAsync(new DatasetInput
        {
            Name = "air-" + Guid.NewGuid().ToString("N")[..8],
            OrganisationId = org.Id,
            Title = LocalizedText.Of("대기질 측정값", "大気質の測定値", "Air quality readings", "空气质量读数", "空氣品質讀數"),
            LicenseId = "CC-BY-4.0",
            Tags = ["air"],
            Themes = ["ENVI"],
        }, Actor.System);
        var schema = new TableSchema
        {
            Fields = [new TableField { Name = "station", Constraints = new FieldConstraints { Required = true } }, new TableField { Name = "pm10", Type = "integer" }],
            PrimaryKey = ["station"],
        };
        var r = await catalog.AddResourceAsync(d, new DataResource
        {
            Name = LocalizedText.Of("측정소별 값", "測定所別", "Per station", "各站", "各站"),
            Kind = ResourceKind.Upload,
            Format = "CSV",
            SchemaJson = schema.ToJson(),
            DatastoreState = DatastoreState.Failed,
            DatastoreError = "pm10: not an integer",
        }, Actor.System);
        var v1 = new ResourceVersion { Id = Guid.NewGuid(), ResourceId = r.Id, Number = 1, Sha256 = new string('a', 64), FileName = "air.csv", MediaType = "text/csv", ByteSize = 2048, Changelog = "첫 공개", Status = VersionStatus.Accepted, RowCount = 25, CreatedAt = DateTimeOffset.UtcNow.AddDays(-2) };
        var report = new ValidationReport { RowCount = 26, Encoding = "cp949", Delimiter = "," };
        report.Errors.Add(new ValidationError("type-error", 4, "pm10", "'높음' is not an integer"));
        report.Errors.Add(new ValidationError("required", 9, "station", "A value is required"));
        var v2 = new ResourceVersion { Id = Guid.NewGuid(), ResourceId = r.Id, Number = 2, Sha256 = new string('b', 64), FileName = "air-v2.csv", MediaType = "text/csv", ByteSize = 2300, Changelog = "11월분", Status = VersionStatus.Rejected, ReportJson = System.Text.Json.JsonSerializer.Serialize(report, TableSchema.Json), CreatedAt = DateTimeOffset.UtcNow };
        db.AddRange(v1, v2);
        await db.SaveChangesAsync();
        await db.Set<DataResource>().Where(x => x.Id == r.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.CurrentVersionId, v1.Id));
        return (d.Id, r.Id);
    }

    private async Task<IPage> PublisherAsync(string culture, int width = 1280)
    {
        var email = $"publisher+{Guid.NewGuid():N}@city.example";
        string secret;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<MadangUser>>();
            var user = new MadangUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "데이터 담당", PreferredLanguage = culture };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            await users.AddToRoleAsync(user, Roles.Staff);
            await users.ResetAuthenticatorKeyAsync(user);
            secret = (await users.GetAuthenticatorKeyAsync(user))!;
            await users.SetTwoFactorEnabledAsync(user, true);
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            // The Climate and Environment bureau: its own datasets and its divisions' (the test's air quality dataset).
            db.Memberships.Add(new Madang.Core.Organisations.Membership { UserId = user.Id, OrganisationId = (await db.Organisations.FirstAsync(o => o.Code == "ENV")).Id });
            await db.SaveChangesAsync();
        }

        var page = await fixture.SignedInPageAsync(email, Password, secret, width);
        return page;
    }

    [Theory]
    [InlineData("ko")]
    [InlineData("ja")]
    [InlineData("en")]
    [InlineData("zh-Hans")]
    [InlineData("zh-Hant")]
    public async Task CitizenAndPublisherPages_AreAccessibleInEveryLanguage(string culture)
    {
        var (dataset, resource) = await RejectedUploadAsync();
        string name;
        await using (var db = fixture.App.Database.NewContext())
        {
            name = await db.Set<Dataset>().Where(d => d.Id == dataset).Select(d => d.Name).SingleAsync();
        }

        var page = await fixture.NewPageAsync();
        foreach (var path in new[] { "datasets", "datasets?tags=budget&sort=title", "datasets?q=zzzz-nothing", "datasets/daily-covid19-tests", "datasets/heatwave-shelters", "datasets/budget-by-department", "datasets/" + name })
        {
            await page.GotoAsync($"/{culture}/{path}");
            await page.AssertAccessibleAsync($"data-{culture}-{Regex.Replace(path, "[^a-z0-9-]", "-")}");
        }

        var admin = await PublisherAsync(culture);
        foreach (var (path, shot) in new[]
        {
            ("admin/data", "admin-list"), ("admin/data/dataset", "admin-new"), ($"admin/data/dataset/{dataset}", "admin-edit"),
            ($"admin/data/dataset/{dataset}/resources/new", "admin-resource-new"), ($"admin/data/resources/{resource}", "admin-resource"),
        })
        {
            await admin.GotoAsync($"/{culture}/{path}");
            await admin.AssertAccessibleAsync($"data-{culture}-{shot}");
        }

        // A form sent empty comes back with every error next to its field, and still passes axe.
        await admin.GotoAsync($"/{culture}/admin/data/dataset");
        await admin.Locator("form.dataset-form button[type=submit]").ClickAsync();
        await Assertions.Expect(admin.Locator("#Input_Name-error")).ToBeVisibleAsync();
        await admin.AssertAccessibleAsync($"data-{culture}-admin-new-errors");
    }
}
