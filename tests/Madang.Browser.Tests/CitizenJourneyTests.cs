using System.Text.RegularExpressions;
using Madang.Testing;
using Microsoft.Playwright;

namespace Madang.Browser.Tests;

[Collection("browser")]
public sealed class CitizenJourneyTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private string T(string culture, string key) =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Madang.Core.Localization.TextCatalog>(fixture.App.Services).Get(culture, key);

    [Fact]
    public async Task CitizenRegistersConfirmsFromEmailSignsInAndSwitchesLanguage()
    {
        var page = await fixture.NewPageAsync(locale: "ko-KR");
        await page.GotoAsync("/");
        Assert.EndsWith("/ko/", page.Url, StringComparison.Ordinal);
        await page.AssertAccessibleAsync("home-ko");

        await page.GetByRole(AriaRole.Link, new() { Name = T("ko", "nav.register") }).First.ClickAsync();
        await page.AssertAccessibleAsync("register-ko");
        var email = $"citizen+{Guid.NewGuid():N}@test.local";
        await page.GetByLabel(T("ko", "field.displayname")).FillAsync("김민지 🌸");
        await page.GetByLabel(T("ko", "field.email")).FillAsync(email);
        await page.GetByLabel(T("ko", "field.password"), new() { Exact = true }).FillAsync("마당 광장에서 만나요 2026");
        await page.GetByLabel(T("ko", "field.confirmpassword")).FillAsync("마당 광장에서 만나요 2026");
        await page.GetByRole(AriaRole.Button, new() { Name = T("ko", "register.submit") }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/ko/account/register-confirmation$"));
        await page.AssertAccessibleAsync("register-done-ko");

        var mail = await CaughtMail.WaitForAsync(email, TimeSpan.FromSeconds(30));
        Assert.Equal(T("ko", "mail.confirm.subject"), mail.Subject); // sent in the language the citizen registered in
        var link = CaughtMail.FirstLink(mail);
        await page.GotoAsync(link);
        await page.AssertAccessibleAsync("confirmed-ko");
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = T("ko", "nav.signin") }).ClickAsync();
        await page.AssertAccessibleAsync("signin-ko");
        await page.GetByLabel(T("ko", "field.email")).FillAsync(email);
        await page.GetByLabel(T("ko", "field.password"), new() { Exact = true }).FillAsync("마당 광장에서 만나요 2026");
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = T("ko", "signin.submit") }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/ko/$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = T("ko", "nav.inbox") })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Navigation, new() { Name = T("ko", "layout.languages") }).GetByRole(AriaRole.Link, new() { Name = "日本語" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/ja/$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = T("ja", "layout.mainnav") }).GetByRole(AriaRole.Link, new() { Name = T("ja", "nav.home"), Exact = true })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync("home-ja-signed-in");

        await page.GetByRole(AriaRole.Search).First.GetByRole(AriaRole.Searchbox).FillAsync("予算");
        await page.GetByRole(AriaRole.Search).First.GetByRole(AriaRole.Button).ClickAsync();
        await page.WaitForURLAsync(new Regex("/ja/search\\?q="));
        await page.AssertAccessibleAsync("search-ja");
    }

    [Theory]
    [InlineData("ko")]
    [InlineData("ja")]
    [InlineData("zh-Hant")]
    [InlineData("zh-Hans")]
    [InlineData("en")]
    public async Task PublicPages_AreAccessibleInEveryLanguage(string culture)
    {
        var page = await fixture.NewPageAsync();
        var doc = await fixture.PublishedDocumentAsync();
        var open = await fixture.PublicDocumentAsync();
        var keyword = "documents/keywords/" + Uri.EscapeDataString(await fixture.KeywordOfAsync(open));
        foreach (var path in new[] { "", "search?q=budget", "organisations", "documents", "documents/" + doc, "documents/" + open, keyword, "documents/transparency", "account/signin", "account/register", "account/forgot-password", "no-such-page" })
        {
            await page.GotoAsync($"/{culture}/{path}");
            await page.AssertAccessibleAsync($"{culture}-{(path.Length == 0 ? "home" : Regex.Replace(path, "[^a-z-]", "-"))}");
        }
    }

    [Fact]
    public async Task Pages_FitA360PixelPhone()
    {
        var page = await fixture.NewPageAsync(width: 360);
        var document = await fixture.PublicDocumentAsync();
        foreach (var path in new[] { "/ko/", "/ja/search?q=%E6%9D%B1%E4%BA%AC", "/zh-Hant/account/register", "/en/organisations", $"/ko/documents/{document}" })
        {
            await page.GotoAsync(path);
            await page.AssertNoHorizontalScrollAsync();
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(TestEnvironment.ArtifactsDir, "phone-360-organisations.png"), FullPage = true });
    }

    [Fact]
    public async Task SkipLink_MovesKeyboardFocusToTheMainContent()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/en/");
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("() => document.activeElement.id"));
    }
}
