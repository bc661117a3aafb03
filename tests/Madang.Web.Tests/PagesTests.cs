using System.Net;
using Madang.Core.Localization;
using Microsoft.Extensions.DependencyInjection;

namespace Madang.Web.Tests;

public sealed class PagesTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private TextCatalog Catalog => fixture.App.Services.GetRequiredService<TextCatalog>();

    [Theory]
    [InlineData("ko")]
    [InlineData("ja")]
    [InlineData("en")]
    [InlineData("zh-Hans")]
    [InlineData("zh-Hant")]
    public async Task Home_EachLanguage_ServesNavigationInThatLanguage(string culture)
    {
        var res = await fixture.App.Client().GetAsync($"/{culture}/");
        var html = await res.Content.ReadAsStringAsync();
        Assert.True(res.StatusCode == HttpStatusCode.OK, $"{(int)res.StatusCode}: {html[..Math.Min(html.Length, 3000)]}");
        Assert.Contains($"<html lang=\"{culture}\">", html, StringComparison.Ordinal);
        foreach (var key in new[] { "nav.home", "nav.search", "nav.signin", "home.heading" })
        {
            Assert.Contains(WebUtility.HtmlEncode(Catalog.Get(culture, key)), html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NavigationLabels_DifferBetweenLanguages()
    {
        var labels = SiteCultures.All.Select(c => Catalog.Get(c, "nav.search")).ToList();
        Assert.Equal(5, labels.Distinct().Count());
    }

    [Theory]
    [InlineData("ja-JP,ja;q=0.9", "/ja/")]
    [InlineData("zh-TW,zh;q=0.8", "/zh-Hant/")]
    [InlineData("zh-CN", "/zh-Hans/")]
    [InlineData("en-US,en;q=0.9", "/en/")]
    [InlineData("de-DE", "/ko/")]
    public async Task Root_SendsFirstVisitorToTheirBrowsersLanguage(string acceptLanguage, string expected)
    {
        var res = await fixture.App.Client(acceptLanguage: acceptLanguage).GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, res.StatusCode);
        Assert.Equal(expected, res.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Root_LastChosenLanguage_WinsOverTheBrowser()
    {
        var client = fixture.App.Client(acceptLanguage: "ja");
        client.DefaultRequestHeaders.Add("Cookie", "madang.lang=zh-Hant");
        var res = await client.GetAsync("/");
        Assert.Equal("/zh-Hant/", res.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task LanguageSwitcher_KeepsTheCurrentPageAndQuery()
    {
        var html = await fixture.App.Client().GetStringAsync("/en/search?q=budget");
        foreach (var c in SiteCultures.All)
        {
            Assert.Contains($"href=\"/{c}/search?q=budget\"", html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("ja")]
    [InlineData("zh-Hant")]
    public async Task UnknownPage_LocalizedNotFoundThatHelps(string culture)
    {
        var res = await fixture.App.Client().GetAsync($"/{culture}/no-such-page");
        var html = await res.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(Catalog.Get(culture, "error.404.title")), html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/{culture}/search\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_CarrySecurityHeaders()
    {
        var res = await fixture.App.Client().GetAsync("/ko/");
        var csp = res.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", res.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Search_FindsAnOrganisationByItsNameInAnyLanguage()
    {
        var org = await People.OrganisationAsync(fixture.App);
        var html = await fixture.App.Client().GetStringAsync("/ja/search?q=" + Uri.EscapeDataString(org.Code));
        Assert.Contains($"/ja/organisations/{org.Code}", html, StringComparison.Ordinal);
        var page = await fixture.App.Client().GetAsync($"/ja/organisations/{org.Code}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("試験予算課", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaticAssets_ServedLocallyWithCaching()
    {
        var res = await fixture.App.Client().GetAsync("/css/site.css");
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.Equal("text/css", res.Content.Headers.ContentType!.MediaType);
        var home = await fixture.App.Client().GetStringAsync("/ko/");
        Assert.DoesNotMatch("(src|href)=\"https?://", home);
    }
}
