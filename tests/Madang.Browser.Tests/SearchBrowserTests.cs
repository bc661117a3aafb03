using System.Text.RegularExpressions;
using Madang.Core.Data;
using Madang.Core.Search;
using Madang.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Madang.Browser.Tests;

/// <summary>The search page in a real browser: accessible with results and facets in every language, the suggestion
/// combobox by keyboard, a phone's width, and everything working with scripts turned off.</summary>
[Collection("browser")]
public sealed class SearchBrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private string T(string culture, string key) => fixture.App.Services.GetRequiredService<Core.Localization.TextCatalog>().Get(culture, key);

    /// <summary>Three documents of the test's own under a demo department and its parent, with kinds, years and languages,
    /// so every facet shows; returns the made-up word they share and the department's code.</summary>
    private async Task<(string Token, string Department)> CorpusAsync()
    {
        await fixture.PublishedDocumentAsync();
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
        var child = await db.Organisations.Where(o => o.ParentId != null).OrderBy(o => o.Code).FirstAsync();
        var parent = await db.Organisations.SingleAsync(o => o.Id == child.ParentId);
        var token = "qz" + new string(Guid.NewGuid().ToString("N")[..8].Select(c => (char)('a' + Convert.ToInt32(c.ToString(), 16))).ToArray());
        var index = scope.ServiceProvider.GetRequiredService<ISearchIndex>();
        await index.UpsertAsync(new SearchDocument("release.document", Guid.NewGuid().ToString(), token + " 교량 안전 점검 보고", token + " 한강 교량의 정기 안전 점검 결과를 보고합니다. 균열 세 곳을 보수했습니다.",
            "organisations/" + child.Code, new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), child.Id, "ko") { Kind = "report", Keywords = [token + "교량"] });
        await index.UpsertAsync(new SearchDocument("release.document", Guid.NewGuid().ToString(), token + " bridge inspection report", token + " The yearly inspection of the river bridges found three cracks, now repaired.",
            "organisations/" + parent.Code, new DateTimeOffset(2023, 6, 1, 0, 0, 0, TimeSpan.Zero), parent.Id, "en") { Kind = "report", Identifier = "DOC-" + token.ToUpperInvariant() });
        await index.UpsertAsync(new SearchDocument("data.dataset", Guid.NewGuid().ToString(), token + " 교량 점검 이력", token + " 교량별 점검 일자와 결과 (CSV)",
            "organisations/" + child.Code, new DateTimeOffset(2024, 9, 1, 0, 0, 0, TimeSpan.Zero), child.Id, "ko") { Kind = "CSV" });
        await db.SaveChangesAsync();
        return (token, child.Code);
    }

    [Theory]
    [InlineData("ko")]
    [InlineData("ja")]
    [InlineData("en")]
    [InlineData("zh-Hans")]
    [InlineData("zh-Hant")]
    public async Task SearchPage_WithResultsFacetsAndChips_IsAccessible(string culture)
    {
        var (token, _) = await CorpusAsync();
        var page = await fixture.NewPageAsync();
        await page.GotoAsync($"/{culture}/search?q={token}");
        await Assertions.Expect(page.Locator(".result")).ToHaveCountAsync(3);
        await page.AssertAccessibleAsync($"search-{culture}-results");

        // A filter chosen from a facet, a field filter it could not read and an exact document number, all on one page.
        await page.GotoAsync($"/{culture}/search?q=DOC-{token.ToUpperInvariant()}+from:soon&kind=report");
        await Assertions.Expect(page.Locator(".tag.exact")).ToHaveTextAsync(T(culture, "search.exact"));
        await Assertions.Expect(page.Locator(".active-filters a.chip")).ToHaveCountAsync(2);
        await page.AssertAccessibleAsync($"search-{culture}-filters");

        await page.GotoAsync($"/{culture}/search?q={token}+nothingmatchesthisword");
        await page.AssertAccessibleAsync($"search-{culture}-empty");
        await page.GotoAsync($"/{culture}/search");
        await page.AssertAccessibleAsync($"search-{culture}-start");
    }

    [Fact]
    public async Task Suggestions_AreAComboboxUsableByKeyboard()
    {
        var (token, department) = await CorpusAsync();
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/en/search");
        var box = page.GetByRole(AriaRole.Combobox, new() { Name = T("en", "search.label") });
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-expanded", "false");
        await box.FocusAsync();
        await page.Keyboard.TypeAsync(token[..6], new() { Delay = 30 });
        var list = page.GetByRole(AriaRole.Listbox);
        await Assertions.Expect(list).ToBeVisibleAsync();
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-expanded", "true");
        var options = list.GetByRole(AriaRole.Option);
        Assert.True(await options.CountAsync() >= 3);

        await page.Keyboard.PressAsync("ArrowDown");
        var first = await options.Nth(0).GetAttributeAsync("id");
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-activedescendant", first!);
        await Assertions.Expect(options.Nth(0)).ToHaveAttributeAsync("aria-selected", "true");
        await page.Keyboard.PressAsync("ArrowUp"); // wraps to the last
        await Assertions.Expect(options.Last).ToHaveAttributeAsync("aria-selected", "true");
        await page.AssertAccessibleAsync("search-en-suggestions");

        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(list).ToBeHiddenAsync();
        await Assertions.Expect(box).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(box).ToBeFocusedAsync();

        // Arrow down to the Korean report's title and Enter: it opens that item, not a search.
        await page.Keyboard.PressAsync("ArrowDown");
        var texts = await options.AllInnerTextsAsync();
        var target = texts.ToList().FindIndex(t => t.Contains("교량 안전 점검 보고", StringComparison.Ordinal));
        Assert.True(target >= 0, string.Join(" | ", texts));
        for (var i = 0; i < target; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/en/organisations/" + Regex.Escape(department) + "$"));

        // A keyword suggestion becomes the search itself.
        await page.GotoAsync("/en/search");
        await page.GetByRole(AriaRole.Combobox).FocusAsync();
        await page.Keyboard.TypeAsync(token + "교", new() { Delay = 30 });
        await Assertions.Expect(page.GetByRole(AriaRole.Option).First).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/en/search\\?q="));
        Assert.Equal(token + "교량", await page.Locator("#q").InputValueAsync());
    }

    [Fact]
    public async Task SearchPage_FitsA360PixelPhone_InKoreanAndJapanese()
    {
        var (token, _) = await CorpusAsync();
        foreach (var width in new[] { 1280, 360 })
        {
            var page = await fixture.NewPageAsync(width: width);
            foreach (var (culture, q) in new[] { ("ko", "예산"), ("ja", "予算"), ("ko", token), ("ja", token) })
            {
                await page.GotoAsync($"/{culture}/search?q={Uri.EscapeDataString(q)}");
                await page.AssertNoHorizontalScrollAsync();
                await page.ScreenshotAsync(new PageScreenshotOptions
                {
                    Path = Path.Combine(TestEnvironment.ArtifactsDir, $"search-{culture}-{width}-{(q == token ? "corpus" : "demo")}.png"), FullPage = true,
                });
            }
        }
    }

    [Fact]
    public async Task SearchPage_WorksWithScriptsOff()
    {
        var (token, _) = await CorpusAsync();
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = fixture.App.BaseAddress.ToString(), JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/ko/search");
        var form = page.GetByRole(AriaRole.Search, new() { Name = T("ko", "search.title"), Exact = true });
        await form.GetByRole(AriaRole.Searchbox).FillAsync(token);
        await form.GetByRole(AriaRole.Searchbox).PressAsync("Enter");
        await Assertions.Expect(page.Locator(".result")).ToHaveCountAsync(3);

        // A facet link narrows, its chip widens again, and a sort link reorders: all plain links.
        await page.GetByRole(AriaRole.Region, new() { Name = T("ko", "search.facets.title") }).GetByRole(AriaRole.Link, new() { Name = "CSV" }).ClickAsync();
        await Assertions.Expect(page.Locator(".result")).ToHaveCountAsync(1);
        await page.Locator(".active-filters a.chip").ClickAsync();
        await Assertions.Expect(page.Locator(".result")).ToHaveCountAsync(3);
        await page.GetByRole(AriaRole.Link, new() { Name = T("ko", "search.sort.oldest") }).ClickAsync();
        await Assertions.Expect(page.Locator(".result h3").First).ToContainTextAsync("bridge inspection report");
        await context.CloseAsync();
    }
}
