using System.Text.RegularExpressions;
using Madang.Core.Identity;
using Madang.Core.Permissions;
using Madang.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Madang.Browser.Tests;

/// <summary>The demo city's dashboards as a citizen reads them: every language, a phone, and the A4 print layout, checked by axe.</summary>
[Collection("browser")]
public sealed class DashboardBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>Opens a dashboard once the worker has loaded the demo datasets its cards read.</summary>
    private static async Task OpenLoadedAsync(IPage page, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            await page.GotoAsync(path);
            if (await page.Locator(".card-problem").CountAsync() == 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path}: {await page.Locator(".card-problem").First.InnerTextAsync()}");
            await Task.Delay(500);
        }
    }

    [Theory]
    [InlineData("ko")]
    [InlineData("ja")]
    [InlineData("en")]
    [InlineData("zh-Hans")]
    [InlineData("zh-Hant")]
    public async Task DashboardCardAndPrintPages_AreAccessible_AndEveryChartHasItsTable(string culture)
    {
        var page = await fixture.NewPageAsync();
        await OpenLoadedAsync(page, $"/{culture}/r/madang/health");
        var charts = await page.Locator("svg.chart").CountAsync();
        Assert.True(charts >= 2, $"{charts} charts");
        foreach (var card in await page.Locator("section.card").AllAsync())
        {
            if (await card.Locator("svg.chart").CountAsync() > 0)
            {
                Assert.True(await card.Locator("table tbody tr").CountAsync() > 0);
            }
        }

        await page.AssertAccessibleAsync($"dashboard-{culture}");

        // The cumulative view, reached without JavaScript by a link.
        await page.Locator("#card-positive .card-views a").Nth(1).ClickAsync();
        await Assertions.Expect(page.Locator("#card-positive .card-views a").Nth(1)).ToHaveAttributeAsync("aria-current", "true");

        await page.GotoAsync($"/{culture}/r/madang/health/cards/positive");
        await page.AssertAccessibleAsync($"dashboard-card-{culture}");
        await OpenLoadedAsync(page, $"/{culture}/r/madang/city");
        await page.AssertAccessibleAsync($"dashboard-city-{culture}");
        await page.GotoAsync($"/{culture}/dashboards?all=1");
        await page.AssertAccessibleAsync($"dashboards-{culture}");

        // Printed on A4: the whole table of each chart, no navigation.
        await page.GotoAsync($"/{culture}/r/madang/health");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.False(await page.Locator(".site-header").IsVisibleAsync());
        var table = page.Locator("#card-positive .card-table");
        var box = await table.BoundingBoxAsync();
        var scroll = await table.EvaluateAsync<int>("e => e.scrollHeight");
        Assert.True(box!.Height >= scroll - 1, $"table cut at {box.Height} of {scroll}");
        await page.AssertAccessibleAsync($"dashboard-print-{culture}");
        var pdf = await page.PdfAsync(new PagePdfOptions { Format = "A4" });
        Assert.True(pdf.Length > 10_000);
    }

    [Theory]
    [InlineData("ko")]
    [InlineData("ja")]
    [InlineData("en")]
    [InlineData("zh-Hans")]
    [InlineData("zh-Hant")]
    public async Task StaffPages_AreAccessible_AndABrokenDefinitionListsItsProblems(string culture)
    {
        const string password = "a dashboard editor's long password";
        var email = $"dash+{Guid.NewGuid():N}@city.example";
        string secret;
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<MadangUser>>();
            var user = new MadangUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "통계 담당", PreferredLanguage = culture };
            Assert.True((await users.CreateAsync(user, password)).Succeeded);
            await users.AddToRoleAsync(user, Roles.Staff);
            await users.ResetAuthenticatorKeyAsync(user);
            secret = (await users.GetAuthenticatorKeyAsync(user))!;
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        var page = await fixture.SignedInPageAsync(email, password, secret);

        await page.GotoAsync($"/{culture}/admin/dashboards");
        await page.AssertAccessibleAsync($"dashboards-admin-{culture}");
        await page.GotoAsync($"/{culture}/admin/dashboards/edit/madang");
        await page.AssertAccessibleAsync($"dashboards-admin-edit-{culture}");
        var definition = page.Locator("#Definition");
        await definition.FillAsync((await definition.InputValueAsync()).Replace("kind: map", "kind: globe", StringComparison.Ordinal));
        await page.Locator("form button[type=submit]").Last.ClickAsync();
        await Assertions.Expect(page.Locator("#definition-problems")).ToContainTextAsync("must be one of number, time-series");
        await page.AssertAccessibleAsync($"dashboards-admin-edit-errors-{culture}");
    }

    [Fact]
    public async Task OnAPhone_TheDashboardFitsTheScreen()
    {
        var page = await fixture.NewPageAsync(360);
        await OpenLoadedAsync(page, "/ja/r/madang/health");
        await page.AssertNoHorizontalScrollAsync();
        await page.AssertAccessibleAsync("dashboard-phone");
    }
}
