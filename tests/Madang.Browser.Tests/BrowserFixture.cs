using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Madang.Testing;
using Microsoft.Playwright;

namespace Madang.Browser.Tests;

/// <summary>The real app (SQLite, mail to the test SMTP server) and Debian's Chromium driven by Playwright.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public MadangTestApp App { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        // The demo city with a few released documents, so list and document pages are checked with real content.
        App = await MadangTestApp.StartAsync(Core.Data.DatabaseProvider.Sqlite, smtp: true, seedDemo: true, "--Madang:Release:DemoDocuments=25");
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestEnvironment.Chromium,
            Headless = true,
            // Without these Chromium reaches for Google's hosts, which this machine's closed network refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A published demo document, once the worker has processed the seeded ones.</summary>
    public async Task<Guid> PublishedDocumentAsync()
    {
        for (var i = 0; i < 300; i++)
        {
            await using (var db = App.Database.NewContext())
            {
                var id = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstOrDefaultAsync(
                    db.Set<Release.Domain.ReleaseDocument>().Where(d => d.State == Release.Domain.DocumentState.Published).Select(d => d.Id));
                if (id != Guid.Empty)
                {
                    return id;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("No demo document was published.");
    }

    /// <summary>A published, wholly public demo document, so its page shows text, attachments and related documents.</summary>
    public async Task<Guid> PublicDocumentAsync()
    {
        await PublishedDocumentAsync();
        await using var db = App.Database.NewContext();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
            db.Set<Release.Domain.ReleaseDocument>().Where(d => d.State == Release.Domain.DocumentState.Published && d.Disclosure == Release.Domain.DisclosureClass.Public)
                .OrderBy(d => d.SourceId).Select(d => d.Id));
    }

    /// <summary>A keyword of a published document (its page lists that document), once the worker has indexed it.</summary>
    public async Task<string> KeywordOfAsync(Guid document)
    {
        await using var db = App.Database.NewContext();
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
            db.Set<Release.Domain.ReleaseDocumentKeyword>().Where(k => k.DocumentId == document).OrderBy(k => k.Position).Select(k => k.Key));
    }

    /// <summary>A page signed in as a staff member with two-factor sign-in, through the sign-in form as a person does it.</summary>
    public async Task<IPage> SignedInPageAsync(string email, string password, string totpSecret, int width = 1280)
    {
        var page = await NewPageAsync(width);
        await page.GotoAsync("/en/account/signin");
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/en/account/signin-2fa"));
        await page.GetByLabel("6-digit code from your authenticator app").FillAsync(Totp.Code(totpSecret, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/signin", StringComparison.Ordinal));
        return page;
    }

    public async Task<IPage> NewPageAsync(int width = 1280, string locale = "en-US")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            Locale = locale,
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright?.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>Accessibility and screenshots for every page a journey visits.</summary>
public static class PageChecks
{
    /// <summary>Runs axe-core (WCAG 2.1 A/AA and best practices) and fails with a readable list of violations.</summary>
    public static async Task AssertAccessibleAsync(this IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(TestEnvironment.ArtifactsDir, name + ".png"), FullPage = true });
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        });
        var problems = result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help}\n    " + string.Join("\n    ", v.Nodes.Take(5).Select(n => n.Html.Length > 160 ? n.Html[..160] : n.Html)));
        Assert.True(result.Violations.Length == 0, $"axe found violations on {name} ({page.Url}):\n" + string.Join("\n", problems));
    }

    /// <summary>Nothing scrolls sideways at this width.</summary>
    public static async Task AssertNoHorizontalScrollAsync(this IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{page.Url} scrolls sideways by {overflow}px");
    }
}
