using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Madang.Core.Data;
using Madang.Core.Identity;
using Madang.Core.Permissions;
using Madang.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Madang.Browser.Tests;

/// <summary>The real app (SQLite, mail to the test SMTP server) and Debian's Chromium driven by Playwright.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? playwright;

    public MadangTestApp App { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public const string Password = "a resident's long password";


    /// <summary>A person with a role (staff with two-factor sign-in), optionally in a department, with a confirmed phone.</summary>
    public async Task<(string Email, Guid Id, string? Secret)> PersonAsync(string role, string? org = null, bool phone = true)
    {
        var email = $"{role}+{Guid.NewGuid():N}@city.example";
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MadangUser>>();
        var user = new MadangUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = "주민 " + role, PreferredLanguage = "ko",
            PhoneNumber = phone ? "+821055556666" : null, PhoneNumberConfirmed = phone,
        };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        await users.AddToRoleAsync(user, role);
        string? secret = null;
        if (Roles.IsStaffRole(role))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            secret = await users.GetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        if (org is not null)
        {
            var db = scope.ServiceProvider.GetRequiredService<MadangDbContext>();
            db.Memberships.Add(new Madang.Core.Organisations.Membership { UserId = user.Id, OrganisationId = await db.Organisations.Where(o => o.Code == org).Select(o => o.Id).SingleAsync() });
            await db.SaveChangesAsync();
        }

        return (email, user.Id, secret);
    }

    /// <summary>A page signed in as a citizen, through the sign-in form.</summary>
    public async Task<IPage> CitizenPageAsync(string email)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/en/account/signin");
        await page.GetByLabel("E-mail address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/signin", StringComparison.Ordinal));
        return page;
    }

    /// <summary>The map tile server the site is configured with, as a city configures its own.</summary>
    public TileServer Tiles { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Tiles = await TileServer.StartAsync();
        // The demo city with a few released documents, so list and document pages are checked with real content.
        App = await MadangTestApp.StartAsync(Core.Data.DatabaseProvider.Sqlite, smtp: true, seedDemo: true, "--Madang:Release:DemoDocuments=25",
            "--Madang:Map:TileUrl=" + Tiles.Template, "--Madang:Map:Attribution=Test tiles");
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
        await Tiles.DisposeAsync();
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
